//! Typed properties: HubSpot records as your own structs.
//!
//! A HubSpot record carries its data as a map of text (`"12.5"`, `"true"`,
//! `"2026-01-31"`, `"a;b;c"`). Declare the properties your program uses once,
//! with [`properties!`](macro@crate::properties), and the crate asks for exactly
//! those, decodes records into the struct and writes it back in HubSpot's
//! formats:
//!
//! ```
//! hubspot_crm::property_enum! {
//!     /// The lead status options of this account.
//!     pub enum LeadStatus {
//!         New = "NEW",
//!         InProgress = "IN_PROGRESS",
//!     }
//! }
//!
//! hubspot_crm::properties! {
//!     /// A contact, as this program sees it.
//!     #[derive(Debug, Clone, Default, PartialEq)]
//!     pub struct Lead {
//!         pub email: Option<String>,
//!         pub first_name as "firstname": Option<String>,
//!         pub hs_lead_status: Option<LeadStatus>,
//!         pub numemployees: Option<u32>,
//!         pub closedate: Option<hubspot_crm::jiff::Timestamp>,
//!         pub hs_buying_role: Option<Vec<String>>,
//!     }
//! }
//!
//! use hubspot_crm::typed::Properties;
//! assert_eq!(Lead::PROPERTIES, ["email", "firstname", "hs_lead_status", "numemployees", "closedate", "hs_buying_role"]);
//!
//! let map: std::collections::BTreeMap<String, Option<String>> = [
//!     ("email", Some("ada@example.com")),
//!     ("firstname", None),
//!     ("hs_lead_status", Some("PARKED")),
//!     ("numemployees", Some("25")),
//!     ("hs_buying_role", Some("BUDGET_HOLDER;END_USER")),
//! ]
//! .map(|(k, v)| (k.to_owned(), v.map(str::to_owned)))
//! .into();
//! let lead = Lead::from_properties(&map)?;
//! assert_eq!(lead.numemployees, Some(25));
//! assert_eq!(lead.hs_lead_status.as_ref().map(LeadStatus::as_str), Some("PARKED")); // kept, not an error
//! assert_eq!(lead.hs_buying_role.unwrap(), ["BUDGET_HOLDER", "END_USER"]);
//!
//! // Writing: set fields only (a partial update), or every declared field,
//! // clearing the unset ones.
//! let update = Lead { hs_lead_status: Some(LeadStatus::InProgress), ..Lead::default() };
//! assert_eq!(update.to_properties().len(), 1); // hs_lead_status only
//! assert_eq!(update.to_properties_clearing()["email"], "");
//! # Ok::<(), hubspot_crm::typed::PropertyError>(())
//! ```
//!
//! Reading: pass `Lead::PROPERTIES` to any `properties(..)` setter, then
//! decode the body straight into typed records with `send_as` (only the
//! declared properties are read; a 207's per-item errors are kept):
//!
//! ```no_run
//! # hubspot_crm::properties! { pub struct Lead { pub email: Option<String> } }
//! # use hubspot_crm::typed::Properties;
//! use hubspot_crm::contacts::types::BatchReadInputSimplePublicObjectId;
//! use hubspot_crm::typed::{Batch, Page, Record};
//!
//! # async fn run(client: hubspot_crm::Client) -> Result<(), hubspot_crm::Error> {
//! let input = BatchReadInputSimplePublicObjectId::builder().inputs(["1", "2"]).properties(Lead::PROPERTIES).build();
//! let batch: Batch<Lead> = client.contacts().batch_read(&input).send_as().await?.value;
//! let one: Record<Lead> = client.contacts().get_by_id("1").properties(Lead::PROPERTIES).send_as().await?.value;
//! let page: Page<Lead> = client.contacts().get_page().properties(Lead::PROPERTIES).send_as().await?.value;
//! // Or from a record decoded the usual way:
//! let same = client.contacts().get_by_id("1").send().await?.decode::<Lead>()?;
//! # let _ = (batch, one, page, same); Ok(()) }
//! ```
//!
//! A field's type says how its text reads and writes ([`PropertyType`]):
//!
//! | Rust type | HubSpot text |
//! |---|---|
//! | `String` | as sent |
//! | `bool` | `true` / `false` |
//! | `i8` … `i128`, `u8` … `u128` | `25` (also `25.0`) |
//! | `f32`, `f64` | `12.5` |
//! | `rust_decimal::Decimal` (feature `decimal`) | `12.50`, exactly |
//! | [`jiff::civil::Date`] | `2026-01-31` (also midnight UTC date-times and epoch milliseconds) |
//! | [`jiff::Timestamp`] | `2019-10-30T03:30:17.883Z` (also epoch milliseconds) |
//! | an enum from [`property_enum!`](macro@crate::property_enum) | the option's value; values it does not name are kept |
//! | `Vec<T>` of any of these | multi-select: `a;b;c` |
//!
//! Wrapped in `Option`, a field is `None` when the property is absent, `null`
//! or `""`, and a `None` is not written (or written as `""`, which clears the
//! value, by [`Properties::to_properties_clearing`]). Without `Option` the
//! property must be there: its absence is a [`PropertyError`].

use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// How one property value reads from HubSpot's text and writes back.
///
/// Implemented for the types in the [module docs](self); implement it for
/// your own types (a newtype over an id, a unit) to use them as fields.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a HubSpot property value",
    label = "not a property type",
    note = "property fields are String, bool, integers, f32/f64, jiff::civil::Date, jiff::Timestamp, an enum declared with `property_enum!`, a Vec of these (multi-select), or an Option of any of them",
    note = "or implement `hubspot_crm::typed::PropertyType` for it"
)]
pub trait PropertyType: Sized {
    /// What a value of this type looks like, for errors: `"a whole number"`.
    const EXPECTED: &'static str;

    /// The value from its text (never `None` for a valid value).
    fn parse(text: &str) -> Option<Self>;

    /// The value's text, appended to `out`.
    fn write(&self, out: &mut String);
}

/// A struct field that holds a property: a [`PropertyType`] (the property
/// must be present) or an `Option` of one (absent, `null` and `""` are
/// `None`). Implemented for both; there is nothing to implement yourself.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a HubSpot property value",
    label = "not a property type",
    note = "property fields are String, bool, integers, f32/f64, jiff::civil::Date, jiff::Timestamp, an enum declared with `property_enum!`, a Vec of these (multi-select), or an Option of any of them",
    note = "or implement `hubspot_crm::typed::PropertyType` for it"
)]
pub trait PropertyField: Sized {
    /// What the field expects, for errors.
    const EXPECTED: &'static str;

    /// The field from the property's text (`text` is `None` when absent or
    /// `null`); `None` when the text is not a valid value or a required one
    /// is missing.
    #[doc(hidden)]
    fn read(text: Option<&str>) -> Option<Self>;

    /// The text to send, `None` for "leave as it is".
    #[doc(hidden)]
    fn write(&self) -> Option<String>;
}

impl<T: PropertyType> PropertyField for T {
    const EXPECTED: &'static str = T::EXPECTED;

    fn read(text: Option<&str>) -> Option<Self> {
        text.and_then(T::parse)
    }

    fn write(&self) -> Option<String> {
        let mut out = String::new();
        PropertyType::write(self, &mut out);
        Some(out)
    }
}

impl<T: PropertyType> PropertyField for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;

    fn read(text: Option<&str>) -> Option<Self> {
        match text {
            None | Some("") => Some(None),
            Some(text) => T::parse(text).map(Some),
        }
    }

    fn write(&self) -> Option<String> {
        self.as_ref().and_then(PropertyField::write)
    }
}

/// Where properties are read from: a record's `properties` map, with text or
/// nullable text values.
pub trait PropertySource {
    /// The property's text; `None` when it is absent or `null`.
    fn property_text(&self, name: &str) -> Option<&str>;
}

impl PropertySource for BTreeMap<String, Option<String>> {
    fn property_text(&self, name: &str) -> Option<&str> {
        self.get(name)?.as_deref()
    }
}

impl PropertySource for BTreeMap<String, String> {
    fn property_text(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

impl<S: std::hash::BuildHasher> PropertySource for HashMap<String, Option<String>, S> {
    fn property_text(&self, name: &str) -> Option<&str> {
        self.get(name)?.as_deref()
    }
}

impl<S: std::hash::BuildHasher> PropertySource for HashMap<String, String, S> {
    fn property_text(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

/// A set of properties as a Rust struct: declared with
/// [`properties!`](macro@crate::properties), which implements this trait.
pub trait Properties: Sized {
    /// The HubSpot names of the declared properties, in declaration order:
    /// what to ask for (`.properties(Lead::PROPERTIES)` on a batch read, a
    /// get, a page or a search).
    const PROPERTIES: PropertyNames;

    /// The struct from a property map. The error names the property, the
    /// text and the type expected (and the record, when read through a
    /// record's `decode`).
    fn from_properties<S: PropertySource + ?Sized>(source: &S) -> Result<Self, PropertyError>;

    /// Append the properties to send to `out`: the set fields; with
    /// `clear_unset`, the unset (`None`) ones too, as `""`.
    fn write_properties(&self, clear_unset: bool, out: &mut BTreeMap<String, String>);

    /// The set fields as a property map, for a create, an update or an
    /// upsert (`SimplePublicObjectInput::new(lead.to_properties())`): a
    /// `None` field is left out, so the value HubSpot has stays.
    fn to_properties(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        self.write_properties(false, &mut out);
        out
    }

    /// Every declared property as a property map, a `None` field as `""`,
    /// which HubSpot takes as "clear this value".
    fn to_properties_clearing(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        self.write_properties(true, &mut out);
        out
    }
}

/// The HubSpot names of a [`Properties`] struct's fields
/// ([`Properties::PROPERTIES`]): a list of `&'static str` that every
/// `properties(..)` setter takes as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PropertyNames(&'static [&'static str]);

impl PropertyNames {
    /// The names, for macros.
    #[doc(hidden)]
    pub const fn new(names: &'static [&'static str]) -> Self {
        PropertyNames(names)
    }

    /// The names as a slice.
    pub const fn as_slice(self) -> &'static [&'static str] {
        self.0
    }

    /// The names, in declaration order.
    pub fn iter(self) -> std::iter::Copied<std::slice::Iter<'static, &'static str>> {
        self.0.iter().copied()
    }
}

impl IntoIterator for PropertyNames {
    type Item = &'static str;
    type IntoIter = std::iter::Copied<std::slice::Iter<'static, &'static str>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::ops::Deref for PropertyNames {
    type Target = [&'static str];

    fn deref(&self) -> &Self::Target {
        self.0
    }
}

impl<const N: usize> PartialEq<[&str; N]> for PropertyNames {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.0 == other
    }
}

impl PartialEq<[&str]> for PropertyNames {
    fn eq(&self, other: &[&str]) -> bool {
        self.0 == other
    }
}

/// A record decoded into a [`Properties`] struct, with its id, timestamps
/// and archived flag (from a record's `decode::<P>()`).
#[derive(Debug, Clone, PartialEq)]
pub struct Record<P> {
    /// The record's id.
    pub id: String,
    /// The declared properties.
    pub properties: P,
    /// When the record was created.
    pub created_at: jiff::Timestamp,
    /// When the record was last updated.
    pub updated_at: jiff::Timestamp,
    /// Whether the record is archived.
    pub archived: bool,
    /// When the record was archived, if it was.
    pub archived_at: Option<jiff::Timestamp>,
}

/// A property whose text is not a value of the declared type, or a required
/// property that is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyError {
    record: Option<String>,
    property: &'static str,
    value: Option<String>,
    expected: &'static str,
}

impl PropertyError {
    /// The id of the record, when the property was read from one.
    pub fn record_id(&self) -> Option<&str> {
        self.record.as_deref()
    }

    /// The property's HubSpot name.
    pub fn property(&self) -> &str {
        self.property
    }

    /// The text HubSpot sent; `None` when the property was absent or `null`.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// What the declared type expects (`"a whole number"`).
    pub fn expected(&self) -> &str {
        self.expected
    }

    /// The same error, naming the record it came from.
    pub fn in_record(mut self, id: impl Into<String>) -> Self {
        self.record = Some(id.into());
        self
    }
}

impl fmt::Display for PropertyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(id) = &self.record {
            write!(f, "record {id}: ")?;
        }
        match &self.value {
            Some(value) => write!(f, "property `{}` is {value:?}, expected {}", self.property, self.expected),
            None => write!(f, "property `{}` is missing, expected {}", self.property, self.expected),
        }
    }
}

impl std::error::Error for PropertyError {}

impl From<PropertyError> for crate::Error {
    fn from(e: PropertyError) -> Self {
        crate::Error::Property(Box::new(e))
    }
}

// ---- value types -----------------------------------------------------------

impl PropertyType for String {
    const EXPECTED: &'static str = "text";

    fn parse(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }

    fn write(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl PropertyType for bool {
    const EXPECTED: &'static str = "`true` or `false`";

    fn parse(text: &str) -> Option<Self> {
        if text.eq_ignore_ascii_case("true") {
            Some(true)
        } else if text.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }

    fn write(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

/// `25`, or `25.0` (HubSpot writes some whole numbers with a zero fraction).
fn whole<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.parse().ok().or_else(|| {
        let (whole, fraction) = text.split_once('.')?;
        (!fraction.is_empty() && fraction.bytes().all(|b| b == b'0')).then(|| whole.parse().ok())?
    })
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl PropertyType for $t {
            const EXPECTED: &'static str = concat!("a whole number (", stringify!($t), ")");

            fn parse(text: &str) -> Option<Self> {
                whole(text)
            }

            fn write(&self, out: &mut String) {
                use std::fmt::Write as _;
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

macro_rules! floats {
    ($($t:ty),*) => {$(
        impl PropertyType for $t {
            const EXPECTED: &'static str = "a number";

            fn parse(text: &str) -> Option<Self> {
                text.parse::<$t>().ok().filter(|n| n.is_finite())
            }

            fn write(&self, out: &mut String) {
                use std::fmt::Write as _;
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

floats!(f32, f64);

/// Epoch milliseconds (`1577836800000`), as HubSpot writes some dates.
fn epoch_millis(text: &str) -> Option<jiff::Timestamp> {
    if text.is_empty() || text.len() > 16 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    jiff::Timestamp::from_millisecond(text.parse().ok()?).ok()
}

impl PropertyType for jiff::Timestamp {
    const EXPECTED: &'static str = "a date-time (2019-10-30T03:30:17.883Z)";

    fn parse(text: &str) -> Option<Self> {
        text.parse().ok().or_else(|| epoch_millis(text))
    }

    fn write(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{self}");
    }
}

impl PropertyType for jiff::civil::Date {
    const EXPECTED: &'static str = "a date (2026-01-31)";

    fn parse(text: &str) -> Option<Self> {
        if let Ok(date) = text.parse() {
            return Some(date);
        }
        // A date-time at midnight UTC names that day; any other time does not.
        let at = text.parse::<jiff::Timestamp>().ok().or_else(|| epoch_millis(text))?;
        let utc = jiff::tz::Offset::UTC.to_datetime(at);
        (utc.time() == jiff::civil::Time::midnight()).then(|| utc.date())
    }

    fn write(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{self}");
    }
}

/// A multi-select (`checkbox`) property: values separated by `;`.
impl<T: PropertyType> PropertyType for Vec<T> {
    const EXPECTED: &'static str = "values separated by `;`";

    fn parse(text: &str) -> Option<Self> {
        if text.is_empty() {
            return Some(Vec::new());
        }
        text.split(';').map(T::parse).collect()
    }

    fn write(&self, out: &mut String) {
        for (i, value) in self.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            value.write(out);
        }
    }
}

#[cfg(feature = "decimal")]
#[cfg_attr(docsrs, doc(cfg(feature = "decimal")))]
impl PropertyType for rust_decimal::Decimal {
    const EXPECTED: &'static str = "a decimal number";

    fn parse(text: &str) -> Option<Self> {
        text.parse().ok().or_else(|| rust_decimal::Decimal::from_scientific(text).ok())
    }

    fn write(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{self}");
    }
}

// ---- decoding straight from JSON ---------------------------------------------

/// A batch answer decoded straight into typed records: what
/// `send_as::<Batch<P>>()` returns for a batch read, create, update or
/// upsert. Only the declared properties are read from the body (no map is
/// built), and the per-item errors of a 207 are kept, as JSON values by
/// default or as the API's own error type (`Batch<P, StandardError>`).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(bound(deserialize = "P: Properties, E: serde::Deserialize<'de>"))]
pub struct Batch<P, E = serde_json::Value> {
    /// The records, decoded.
    pub results: Vec<Record<P>>,
    /// The inputs that failed (a 207), as the server sent them.
    #[serde(default)]
    pub errors: Vec<E>,
    /// `COMPLETE`, or another state of the batch.
    #[serde(default)]
    pub status: Option<String>,
}

/// A page of a listing or a search decoded straight into typed records:
/// what `send_as::<Page<P>>()` returns for `get_page` or `search`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(bound(deserialize = "P: Properties"))]
pub struct Page<P> {
    /// The records, decoded.
    pub results: Vec<Record<P>>,
    /// How many records match, for a search.
    #[serde(default)]
    pub total: Option<u64>,
    #[serde(default)]
    paging: Option<Paging>,
}

impl<P> Page<P> {
    /// The cursor of the next page (`.after(..)`), `None` on the last page.
    pub fn next_after(&self) -> Option<&str> {
        Some(self.paging.as_ref()?.next.as_ref()?.after.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct Paging {
    #[serde(default)]
    next: Option<NextPage>,
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct NextPage {
    after: String,
}

/// A record read straight from its JSON (`send_as::<Record<P>>()` for a get
/// or a create): only the declared properties are read, no map is built. A
/// property that does not decode fails the body's decoding with the same
/// message as [`PropertyError`] (record, property, text, type).
impl<'de, P: Properties> serde::Deserialize<'de> for Record<P> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RecordVisitor(std::marker::PhantomData))
    }
}

struct RecordVisitor<P>(std::marker::PhantomData<P>);

impl<'de, P: Properties> serde::de::Visitor<'de> for RecordVisitor<P> {
    type Value = Record<P>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HubSpot record (id, properties, createdAt, updatedAt)")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error as _;
        let (mut id, mut created, mut updated, mut archived, mut archived_at) = (None, None, None, None, None);
        let mut slots: Option<Slots<'de>> = None;
        while let Some(key) = map.next_key::<Text<'de>>()? {
            match key.as_str() {
                "id" => id = Some(map.next_value::<String>()?),
                "createdAt" => created = Some(map.next_value::<jiff::Timestamp>()?),
                "updatedAt" => updated = Some(map.next_value::<jiff::Timestamp>()?),
                "archived" => archived = map.next_value::<Option<bool>>()?,
                "archivedAt" => archived_at = map.next_value::<Option<jiff::Timestamp>>()?,
                "properties" => slots = Some(map.next_value_seed(SlotsSeed(P::PROPERTIES))?),
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        let id = id.ok_or_else(|| A::Error::missing_field("id"))?;
        let slots = slots.unwrap_or_else(|| Slots::empty(P::PROPERTIES));
        let properties = P::from_properties(&slots).map_err(|e| A::Error::custom(e.in_record(id.as_str())))?;
        Ok(Record {
            id,
            properties,
            created_at: created.ok_or_else(|| A::Error::missing_field("createdAt"))?,
            updated_at: updated.ok_or_else(|| A::Error::missing_field("updatedAt"))?,
            archived: archived.unwrap_or(false),
            archived_at,
        })
    }
}

/// Text from the body, borrowed when it has no escapes.
struct Text<'de>(std::borrow::Cow<'de, str>);

impl Text<'_> {
    fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(std::borrow::Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(std::borrow::Cow::Owned(v.to_owned())))
            }

            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// The declared properties' texts, in declaration order, as read from a
/// `properties` object; every other property is skipped unread.
struct Slots<'de> {
    names: PropertyNames,
    values: Vec<Option<Text<'de>>>,
    /// Where the next lookup is expected: `from_properties` asks in
    /// declaration order, so each lookup is one comparison.
    next: std::cell::Cell<usize>,
}

impl Slots<'_> {
    fn empty(names: PropertyNames) -> Self {
        Slots { names, values: (0..names.len()).map(|_| None).collect(), next: std::cell::Cell::new(0) }
    }

    fn index(&self, name: &str) -> Option<usize> {
        let next = self.next.get();
        let at = match self.names.get(next) {
            Some(n) if *n == name => next,
            _ => self.names.iter().position(|n| n == name)?,
        };
        self.next.set(at + 1);
        Some(at)
    }
}

impl PropertySource for Slots<'_> {
    fn property_text(&self, name: &str) -> Option<&str> {
        self.values[self.index(name)?].as_ref().map(Text::as_str)
    }
}

struct SlotsSeed(PropertyNames);

impl<'de> serde::de::DeserializeSeed<'de> for SlotsSeed {
    type Value = Slots<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for SlotsSeed {
    type Value = Slots<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of property names to text or null")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut slots = Slots::empty(self.0);
        // Past a few dozen names, a sorted index beats scanning them per key.
        let sorted: Option<Vec<(&str, usize)>> = (self.0.len() > 32).then(|| {
            let mut v: Vec<(&str, usize)> = self.0.iter().enumerate().map(|(i, n)| (n, i)).collect();
            v.sort_unstable();
            v
        });
        while let Some(key) = map.next_key::<Text<'de>>()? {
            let at = match &sorted {
                Some(sorted) => sorted.binary_search_by(|(n, _)| (*n).cmp(key.as_str())).ok().map(|i| sorted[i].1),
                None => slots.names.iter().position(|n| n == key.as_str()),
            };
            match at {
                Some(i) => slots.values[i] = map.next_value::<Option<Text<'de>>>()?,
                None => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(slots)
    }
}

/// What the macros expand to; not part of the API.
#[doc(hidden)]
pub mod __private {
    use super::*;

    pub fn read<F: PropertyField, S: PropertySource + ?Sized>(
        source: &S,
        property: &'static str,
    ) -> Result<F, PropertyError> {
        let text = source.property_text(property);
        F::read(text).ok_or_else(|| PropertyError {
            record: None,
            property,
            value: text.map(str::to_owned),
            expected: F::EXPECTED,
        })
    }

    pub fn write<F: PropertyField>(
        field: &F,
        property: &'static str,
        clear_unset: bool,
        out: &mut BTreeMap<String, String>,
    ) {
        match field.write() {
            Some(text) => {
                out.insert(property.to_owned(), text);
            }
            None if clear_unset => {
                out.insert(property.to_owned(), String::new());
            }
            None => {}
        }
    }

    pub fn unknown(value: &str) -> crate::UnknownValue {
        crate::UnknownValue::new(value.to_owned())
    }

    /// `archived` is `bool` in some record types and `Option<bool>` in others.
    pub trait Flag {
        fn flag(&self) -> bool;
    }

    impl Flag for bool {
        fn flag(&self) -> bool {
            *self
        }
    }

    impl Flag for Option<bool> {
        fn flag(&self) -> bool {
            self.unwrap_or(false)
        }
    }
}

/// Declares a struct of HubSpot properties and implements [`Properties`]
/// for it: the property names to ask for, decoding from a record and
/// writing back.
///
/// ```
/// hubspot_crm::properties! {
///     #[derive(Debug, Default)]
///     pub struct Deal {
///         pub dealname: String,                                 // required
///         pub amount: Option<f64>,                              // absent, null or "" → None
///         pub close_date as "closedate": Option<hubspot_crm::jiff::Timestamp>, // HubSpot name `closedate`
///     }
/// }
/// # use hubspot_crm::typed::Properties;
/// assert_eq!(Deal::PROPERTIES, ["dealname", "amount", "closedate"]);
/// ```
///
/// A field is `name: Type` (the HubSpot name is the field name) or
/// `name as "hubspot_name": Type`; write raw identifiers that way too
/// (`kind as "type": String`). Attributes and doc comments go on the struct
/// and its fields as usual. A field type must be a
/// [`PropertyField`](crate::typed::PropertyField); anything else is rejected
/// at compile time:
///
/// ```compile_fail,E0277
/// hubspot_crm::properties! {
///     pub struct Bad {
///         pub tags: std::collections::HashMap<String, String>, // error: cannot hold a HubSpot property value
///     }
/// }
/// ```
#[macro_export]
macro_rules! properties {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$field_attr:meta])*
                $field_vis:vis $field:ident $(as $wire:literal)? : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$attr])*
        $vis struct $name {
            $($(#[$field_attr])* $field_vis $field: $ty,)*
        }

        impl $crate::typed::Properties for $name {
            const PROPERTIES: $crate::typed::PropertyNames =
                $crate::typed::PropertyNames::new(&[$($crate::__property_name!($field $(as $wire)?)),*]);

            fn from_properties<S: $crate::typed::PropertySource + ?::core::marker::Sized>(
                source: &S,
            ) -> ::core::result::Result<Self, $crate::typed::PropertyError> {
                ::core::result::Result::Ok(Self {
                    $($field: $crate::typed::__private::read::<$ty, S>(
                        source,
                        $crate::__property_name!($field $(as $wire)?),
                    )?,)*
                })
            }

            fn write_properties(
                &self,
                clear_unset: bool,
                out: &mut ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,
            ) {
                $($crate::typed::__private::write::<$ty>(
                    &self.$field,
                    $crate::__property_name!($field $(as $wire)?),
                    clear_unset,
                    out,
                );)*
            }
        }
    };
}

/// The HubSpot name of a field of [`properties!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __property_name {
    ($field:ident) => {
        ::core::stringify!($field)
    };
    ($field:ident as $wire:literal) => {
        $wire
    };
}

/// Declares an enum for an enumeration property (`select`, `radio`,
/// `checkbox` options): each variant with the option's value, and a last
/// variant `Unknown` that keeps a value the enum does not name (an option
/// added in HubSpot later), so reading never fails on a new option.
///
/// ```
/// hubspot_crm::property_enum! {
///     /// The lifecycle stages this program knows.
///     pub enum Stage {
///         /// Lead
///         Lead = "lead",
///         Customer = "customer",
///     }
/// }
/// use hubspot_crm::typed::PropertyType;
/// assert_eq!(Stage::parse("lead"), Some(Stage::Lead));
/// assert_eq!(Stage::parse("evangelist").map(|s| s.to_string()).as_deref(), Some("evangelist"));
/// ```
#[macro_export]
macro_rules! property_enum {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident = $value:literal
            ),* $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $($(#[$variant_attr])* $variant,)*
            /// A value this enum does not name, kept as HubSpot sent it.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// The option's value, as HubSpot writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl $crate::typed::PropertyType for $name {
            const EXPECTED: &'static str = ::core::concat!("an option of ", ::core::stringify!($name));

            fn parse(text: &str) -> ::core::option::Option<Self> {
                ::core::option::Option::Some(match text {
                    $($value => Self::$variant,)*
                    other => Self::Unknown($crate::typed::__private::unknown(other)),
                })
            }

            fn write(&self, out: &mut ::std::string::String) {
                out.push_str(self.as_str());
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
