//! Reading HubSpot's property maps (`properties: {"email": "a@b.c", "phone": null}`)
//! without `Option<&Option<String>>`: the methods `crate::runtime::record!()`
//! adds to each generated record type, and the conversions record ids get.

/// A property map's value: text, or text that may be `null`.
pub trait PropertyValue {
    /// `None` for `null`.
    fn text(&self) -> Option<&str>;
}

impl PropertyValue for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl PropertyValue for Option<String> {
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// Methods for a type with a `properties` map of text values (HubSpot's
/// records), invoked inside its `impl` block.
#[allow(unused_macros)]
macro_rules! record {
    // A stored record: an id, timestamps and an archived flag beside its properties.
    (stored) => {
        crate::runtime::record!();

        /// The record with its properties decoded into `P`, a struct declared
        /// with [`properties!`](macro@crate::properties): id, timestamps and
        /// archived flag kept. The error names this record, the property, its
        /// text and the type expected.
        pub fn decode<P: crate::typed::Properties>(
            &self,
        ) -> ::core::result::Result<crate::typed::Record<P>, crate::typed::PropertyError> {
            ::core::result::Result::Ok(crate::typed::Record {
                id: self.id.clone(),
                properties: P::from_properties(&self.properties).map_err(|e| e.in_record(self.id.as_str()))?,
                created_at: self.created_at,
                updated_at: self.updated_at,
                archived: crate::typed::__private::Flag::flag(&self.archived),
                archived_at: self.archived_at,
            })
        }
    };
    () => {
        /// The properties decoded into `P`, a struct declared with
        /// [`properties!`](macro@crate::properties).
        pub fn properties_of<P: crate::typed::Properties>(
            &self,
        ) -> ::core::result::Result<P, crate::typed::PropertyError> {
            P::from_properties(&self.properties)
        }

        /// The property's text; `None` when it is absent or `null`
        /// ([`Self::property_value`] tells the two apart).
        pub fn property(&self, name: &str) -> ::core::option::Option<&str> {
            crate::runtime::PropertyValue::text(self.properties.get(name)?)
        }

        /// The property as sent: `None` when absent, `Some(None)` when `null`,
        /// `Some(Some(text))` otherwise.
        pub fn property_value(&self, name: &str) -> ::core::option::Option<::core::option::Option<&str>> {
            self.properties.get(name).map(crate::runtime::PropertyValue::text)
        }

        /// The property parsed as `T` (`i64`, `f64`, `bool`, `jiff::Timestamp`
        /// for date-times, `jiff::civil::Date` for dates): `None` when absent,
        /// `null` or empty, `Some(Err(_))` when the text does not parse.
        pub fn property_as<T: std::str::FromStr>(
            &self,
            name: &str,
        ) -> ::core::option::Option<::core::result::Result<T, T::Err>> {
            self.property(name).filter(|text| !text.is_empty()).map(str::parse)
        }
    };
}

pub(crate) use record;

/// `From` conversions for a type whose one required field is a text id
/// (`SimplePublicObjectId::from("123")`, `::from(123)`), invoked at module level.
#[allow(unused_macros)]
macro_rules! id_from {
    ($name:ident, $field:ident) => {
        impl ::core::convert::From<&str> for $name {
            fn from(id: &str) -> Self {
                Self::new(id)
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(id: ::std::string::String) -> Self {
                Self::new(id)
            }
        }

        impl ::core::convert::From<u64> for $name {
            fn from(id: u64) -> Self {
                Self::new(id.to_string())
            }
        }
    };
}

pub(crate) use id_from;
