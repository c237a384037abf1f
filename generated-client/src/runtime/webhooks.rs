//! HubSpot webhooks: checking that a request really comes from HubSpot, and
//! the events it carries.
//!
//! Framework-agnostic: give [`Verifier::verify`] the method, the full URI the
//! request was sent to, its headers and the raw body bytes (before any JSON
//! parsing), and it answers which signature version matched or why the
//! request is rejected.
//!
//! ```
//! use hubspot_crm::webhooks::{Events, Verifier, WebhookRequest};
//!
//! # fn handle(method: &str, uri: &str, headers: &hubspot_crm::HeaderMap, body: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
//! let verifier = Verifier::new("the app's client secret");
//! verifier.verify(&WebhookRequest::new(method, uri, body).headers(headers))?;
//! for event in Events::from_slice(body)? {
//!     println!("{} on object {:?}", event.subscription_type, event.object_id);
//! }
//! # Ok(()) }
//! ```
//!
//! Signatures, as HubSpot documents them:
//! - **v3** (`X-HubSpot-Signature-v3`, `X-HubSpot-Request-Timestamp`): base64
//!   of HMAC-SHA256, keyed with the client secret, over method, URI (with
//!   `%3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B` decoded), body and
//!   timestamp. A timestamp further than the tolerance (5 minutes) from now,
//!   in either direction, is rejected.
//! - **v2** (`X-HubSpot-Signature`, `X-HubSpot-Signature-Version: v2`): hex
//!   SHA-256 of secret, method, URI and body.
//! - **v1** (`X-HubSpot-Signature`, `X-HubSpot-Signature-Version: v1`): hex
//!   SHA-256 of secret and body.
//!
//! v1 and v2 carry no timestamp, so a recorded request can be replayed;
//! [`Verifier::require_v3`] refuses them. Signatures are compared in constant time.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use hmac::{KeyInit, Mac};
use reqwest::header::HeaderMap;
use sha2::{Digest, Sha256};

const SIGNATURE_V3: &str = "x-hubspot-signature-v3";
const TIMESTAMP: &str = "x-hubspot-request-timestamp";
const SIGNATURE: &str = "x-hubspot-signature";
const VERSION: &str = "x-hubspot-signature-version";

/// How far a v3 timestamp may be from now by default.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Which signature a request carried and matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// SHA-256 of secret and body.
    V1,
    /// SHA-256 of secret, method, URI and body.
    V2,
    /// HMAC-SHA256 of method, URI, body and timestamp.
    V3,
}

/// Checks HubSpot's signatures with one app's client secret.
#[derive(Clone)]
pub struct Verifier {
    secret: String,
    tolerance: Duration,
    require_v3: bool,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .field("require_v3", &self.require_v3)
            .finish()
    }
}

/// The parts of an incoming request a signature covers.
#[derive(Debug, Clone, Copy)]
pub struct WebhookRequest<'a> {
    method: &'a str,
    uri: &'a str,
    body: &'a [u8],
    signature_v3: Option<&'a str>,
    timestamp: Option<&'a str>,
    signature: Option<&'a str>,
    version: Option<&'a str>,
}

impl<'a> WebhookRequest<'a> {
    /// The method (`POST`), the full URI HubSpot called (scheme, host, path
    /// and query: `https://example.com/webhooks?portal=1`, as configured in
    /// the app) and the raw body.
    pub fn new(method: &'a str, uri: &'a str, body: &'a [u8]) -> Self {
        WebhookRequest { method, uri, body, signature_v3: None, timestamp: None, signature: None, version: None }
    }

    /// One header (any name; only HubSpot's signature headers are kept, matched
    /// without regard to case).
    pub fn header(mut self, name: &str, value: &'a str) -> Self {
        let slot = match name.to_ascii_lowercase().as_str() {
            SIGNATURE_V3 => &mut self.signature_v3,
            TIMESTAMP => &mut self.timestamp,
            SIGNATURE => &mut self.signature,
            VERSION => &mut self.version,
            _ => return self,
        };
        *slot = Some(value);
        self
    }

    /// HubSpot's signature headers out of a header map (`http::HeaderMap`, as
    /// axum, hyper and reqwest have it). A value that is not text counts as missing.
    pub fn headers(mut self, headers: &'a HeaderMap) -> Self {
        for name in [SIGNATURE_V3, TIMESTAMP, SIGNATURE, VERSION] {
            if let Some(value) = headers.get(name).and_then(|v| v.to_str().ok()) {
                self = self.header(name, value);
            }
        }
        self
    }
}

/// Why a request is not accepted as HubSpot's.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// No signature header at all.
    Unsigned,
    /// A header the signature needs is missing.
    MissingHeader(&'static str),
    /// `X-HubSpot-Signature-Version` names a version this crate does not know.
    UnknownVersion(String),
    /// The verifier accepts v3 only ([`Verifier::require_v3`]).
    VersionNotAccepted(SignatureVersion),
    /// `X-HubSpot-Request-Timestamp` is not milliseconds since 1970.
    BadTimestamp(String),
    /// The v3 timestamp is further from now than the tolerance: `age` is
    /// negative for a timestamp in the future.
    Stale {
        /// How old the timestamp is (negative: ahead of now).
        age: jiff::SignedDuration,
        /// The tolerance it exceeds.
        tolerance: Duration,
    },
    /// The signature does not match the request and the secret.
    Mismatch(SignatureVersion),
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Unsigned => {
                f.write_str("webhook rejected: no X-HubSpot-Signature-v3 or X-HubSpot-Signature header")
            }
            Rejection::MissingHeader(name) => write!(f, "webhook rejected: the {name} header is missing"),
            Rejection::UnknownVersion(v) => write!(f, "webhook rejected: unknown signature version {v:?}"),
            Rejection::VersionNotAccepted(v) => {
                write!(f, "webhook rejected: a {v:?} signature, and only v3 is accepted")
            }
            Rejection::BadTimestamp(t) => {
                write!(f, "webhook rejected: X-HubSpot-Request-Timestamp {t:?} is not milliseconds since 1970")
            }
            Rejection::Stale { age, tolerance } if age.is_negative() => write!(
                f,
                "webhook rejected: its timestamp is {:?} ahead of now (tolerance {tolerance:?})",
                age.unsigned_abs()
            ),
            Rejection::Stale { age, tolerance } => {
                write!(f, "webhook rejected: its timestamp is {:?} old (tolerance {tolerance:?})", age.unsigned_abs())
            }
            Rejection::Mismatch(v) => write!(f, "webhook rejected: the {v:?} signature does not match"),
        }
    }
}

impl std::error::Error for Rejection {}

impl Verifier {
    /// A verifier for the app whose client secret this is; timestamps within
    /// [`DEFAULT_TOLERANCE`] (5 minutes) of now; v1, v2 and v3 accepted.
    pub fn new(client_secret: impl Into<String>) -> Self {
        Verifier { secret: client_secret.into(), tolerance: DEFAULT_TOLERANCE, require_v3: false }
    }

    /// How far a v3 timestamp may be from now, in either direction.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Accept only v3 signatures (the only ones with a timestamp, so the only
    /// ones a replayed request cannot pass).
    pub fn require_v3(mut self) -> Self {
        self.require_v3 = true;
        self
    }

    /// Check a request's signature against now.
    pub fn verify(&self, request: &WebhookRequest<'_>) -> Result<SignatureVersion, Rejection> {
        self.verify_at(request, jiff::Timestamp::now())
    }

    /// Check a request's signature as if it were now `now`.
    pub fn verify_at(&self, request: &WebhookRequest<'_>, now: jiff::Timestamp) -> Result<SignatureVersion, Rejection> {
        if let Some(signature) = request.signature_v3 {
            let timestamp = request.timestamp.ok_or(Rejection::MissingHeader("X-HubSpot-Request-Timestamp"))?;
            let millis: i64 = timestamp.trim().parse().map_err(|_| Rejection::BadTimestamp(timestamp.to_owned()))?;
            let sent =
                jiff::Timestamp::from_millisecond(millis).map_err(|_| Rejection::BadTimestamp(timestamp.to_owned()))?;
            let age = now.duration_since(sent);
            if age.unsigned_abs() > self.tolerance {
                return Err(Rejection::Stale { age, tolerance: self.tolerance });
            }
            let expected = self.v3(request.method, request.uri, request.body, timestamp.trim());
            return if same(expected.as_bytes(), signature.trim().as_bytes()) {
                Ok(SignatureVersion::V3)
            } else {
                Err(Rejection::Mismatch(SignatureVersion::V3))
            };
        }
        let signature = request.signature.ok_or(Rejection::Unsigned)?;
        let version = match request.version.map(str::trim) {
            Some(v) if v.eq_ignore_ascii_case("v1") => SignatureVersion::V1,
            Some(v) if v.eq_ignore_ascii_case("v2") => SignatureVersion::V2,
            Some(other) => return Err(Rejection::UnknownVersion(other.to_owned())),
            None => return Err(Rejection::MissingHeader("X-HubSpot-Signature-Version")),
        };
        if self.require_v3 {
            return Err(Rejection::VersionNotAccepted(version));
        }
        let expected = match version {
            SignatureVersion::V2 => self.v2(request.method, request.uri, request.body),
            _ => self.v1(request.body),
        };
        if same(expected.as_bytes(), signature.trim().to_ascii_lowercase().as_bytes()) {
            Ok(version)
        } else {
            Err(Rejection::Mismatch(version))
        }
    }

    fn v3(&self, method: &str, uri: &str, body: &[u8], timestamp: &str) -> String {
        // HMAC takes a key of any length.
        let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(self.secret.as_bytes())
            .expect("HMAC accepts keys of any length");
        mac.update(method.as_bytes());
        mac.update(decode_reserved(uri).as_bytes());
        mac.update(body);
        mac.update(timestamp.as_bytes());
        base64(&mac.finalize().into_bytes())
    }

    fn v2(&self, method: &str, uri: &str, body: &[u8]) -> String {
        let mut hash = Sha256::new();
        for part in [self.secret.as_bytes(), method.as_bytes(), uri.as_bytes(), body] {
            hash.update(part);
        }
        hex(&hash.finalize())
    }

    fn v1(&self, body: &[u8]) -> String {
        let mut hash = Sha256::new();
        hash.update(self.secret.as_bytes());
        hash.update(body);
        hex(&hash.finalize())
    }
}

/// The URI with the escapes HubSpot decodes before signing (v3) decoded.
fn decode_reserved(uri: &str) -> String {
    const DECODED: [(&str, char); 12] = [
        ("3A", ':'),
        ("2F", '/'),
        ("3F", '?'),
        ("40", '@'),
        ("21", '!'),
        ("24", '$'),
        ("27", '\''),
        ("28", '('),
        ("29", ')'),
        ("2A", '*'),
        ("2C", ','),
        ("3B", ';'),
    ];
    let mut out = String::with_capacity(uri.len());
    let mut rest = uri;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at + 1..at + 3);
        match escape.and_then(|e| DECODED.iter().find(|(code, _)| code.eq_ignore_ascii_case(e))) {
            Some((_, c)) => {
                out.push(*c);
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Equal bytes, in time that depends only on the lengths.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)] as char, DIGITS[usize::from(b & 15)] as char]).collect()
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

crate::runtime::open_enum! {
    /// What an event is about: `contact.creation`, `deal.propertyChange`, …
    /// Types this version does not name arrive as `Unknown`, kept as sent.
    pub enum SubscriptionType {
        ContactCreation = "contact.creation",
        ContactDeletion = "contact.deletion",
        ContactPropertyChange = "contact.propertyChange",
        ContactMerge = "contact.merge",
        ContactRestore = "contact.restore",
        ContactAssociationChange = "contact.associationChange",
        ContactPrivacyDeletion = "contact.privacyDeletion",
        CompanyCreation = "company.creation",
        CompanyDeletion = "company.deletion",
        CompanyPropertyChange = "company.propertyChange",
        CompanyMerge = "company.merge",
        CompanyRestore = "company.restore",
        CompanyAssociationChange = "company.associationChange",
        DealCreation = "deal.creation",
        DealDeletion = "deal.deletion",
        DealPropertyChange = "deal.propertyChange",
        DealMerge = "deal.merge",
        DealRestore = "deal.restore",
        DealAssociationChange = "deal.associationChange",
        TicketCreation = "ticket.creation",
        TicketDeletion = "ticket.deletion",
        TicketPropertyChange = "ticket.propertyChange",
        TicketMerge = "ticket.merge",
        TicketRestore = "ticket.restore",
        TicketAssociationChange = "ticket.associationChange",
        ProductCreation = "product.creation",
        ProductDeletion = "product.deletion",
        ProductPropertyChange = "product.propertyChange",
        ProductMerge = "product.merge",
        ProductRestore = "product.restore",
        LineItemCreation = "line_item.creation",
        LineItemDeletion = "line_item.deletion",
        LineItemPropertyChange = "line_item.propertyChange",
        LineItemMerge = "line_item.merge",
        LineItemRestore = "line_item.restore",
        LineItemAssociationChange = "line_item.associationChange",
        ConversationCreation = "conversation.creation",
        ConversationDeletion = "conversation.deletion",
        ConversationPropertyChange = "conversation.propertyChange",
        ConversationNewMessage = "conversation.newMessage",
        ConversationPrivacyDeletion = "conversation.privacyDeletion",
        ObjectCreation = "object.creation",
        ObjectDeletion = "object.deletion",
        ObjectPropertyChange = "object.propertyChange",
        ObjectMerge = "object.merge",
        ObjectRestore = "object.restore",
        ObjectAssociationChange = "object.associationChange",
        ..Unknown
    }
}

/// One webhook event. HubSpot sends a JSON array of these per request.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Event {
    /// The event's id (not unique across subscriptions).
    #[serde(default)]
    pub event_id: Option<i64>,
    /// The subscription that fired.
    #[serde(default)]
    pub subscription_id: Option<i64>,
    /// What happened.
    pub subscription_type: SubscriptionType,
    /// The HubSpot account (portal) it happened in.
    #[serde(default)]
    pub portal_id: Option<i64>,
    /// The app the subscription belongs to.
    #[serde(default)]
    pub app_id: Option<i64>,
    /// When it happened, in milliseconds since 1970 ([`Event::occurred`]).
    #[serde(default)]
    pub occurred_at: Option<i64>,
    /// Which delivery attempt this is, from 0.
    #[serde(default)]
    pub attempt_number: Option<i64>,
    /// The record the event is about.
    #[serde(default)]
    pub object_id: Option<i64>,
    /// The changed property (property changes).
    #[serde(default)]
    pub property_name: Option<String>,
    /// Its new value (property changes); HubSpot sends it as text.
    #[serde(default)]
    pub property_value: Option<String>,
    /// What made the change (`CRM_UI`, `API`, `IMPORT`, …).
    #[serde(default)]
    pub change_source: Option<String>,
    /// Fields not named above, kept as sent (`objectTypeId`, `fromObjectId`, …).
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

impl Event {
    /// [`Event::occurred_at`] as a timestamp.
    pub fn occurred(&self) -> Option<jiff::Timestamp> {
        jiff::Timestamp::from_millisecond(self.occurred_at?).ok()
    }
}

/// The events of one webhook request.
pub struct Events;

impl Events {
    /// Decode a request body (a JSON array of events). Verify the signature
    /// over the same bytes first.
    pub fn from_slice(body: &[u8]) -> Result<Vec<Event>, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    const URI: &str = "https://www.example.com/webhook_uri";

    fn v2(method: &'static str, body: &'static [u8], signature: &'static str) -> WebhookRequest<'static> {
        WebhookRequest::new(method, URI, body)
            .header("X-HubSpot-Signature", signature)
            .header("X-HubSpot-Signature-Version", "v2")
    }

    #[test]
    fn hubspots_published_v2_examples() {
        let verifier = Verifier::new(SECRET);
        let get = "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e";
        let post = "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900";
        let body = br#"{"example_field":"example_value"}"#;
        assert_eq!(verifier.verify(&v2("GET", b"", get)), Ok(SignatureVersion::V2));
        assert_eq!(verifier.verify(&v2("POST", body, post)), Ok(SignatureVersion::V2));
        // Upper-case hex is the same signature.
        assert_eq!(
            verifier.verify(&v2("POST", body, "9569219F8BA981FFA6F6F16AA0F48637D35D728C7E4D93D0D52EFAA512AF7900")),
            Ok(SignatureVersion::V2)
        );
        // Tampered: method, body, URI, signature, secret.
        assert_eq!(verifier.verify(&v2("POST", b"", get)), Err(Rejection::Mismatch(SignatureVersion::V2)));
        assert_eq!(
            verifier.verify(&v2("POST", br#"{"example_field":"other"}"#, post)),
            Err(Rejection::Mismatch(SignatureVersion::V2))
        );
        let moved = WebhookRequest { uri: "https://www.example.com/webhook_uri2", ..v2("GET", b"", get) };
        assert_eq!(verifier.verify(&moved), Err(Rejection::Mismatch(SignatureVersion::V2)));
        assert_eq!(verifier.verify(&v2("GET", b"", post)), Err(Rejection::Mismatch(SignatureVersion::V2)));
        assert_eq!(Verifier::new("other").verify(&v2("GET", b"", get)), Err(Rejection::Mismatch(SignatureVersion::V2)));
        assert_eq!(
            verifier.clone().require_v3().verify(&v2("GET", b"", get)),
            Err(Rejection::VersionNotAccepted(SignatureVersion::V2))
        );
    }

    #[test]
    fn v1_signs_secret_and_body() {
        let body = br#"[{"objectId":1}]"#;
        let signature = {
            let mut c = Sha256::new();
            c.update(SECRET.as_bytes());
            c.update(body);
            hex(&c.finalize())
        };
        let request = |version: &'static str| {
            WebhookRequest::new("POST", URI, body)
                .header("x-hubspot-signature", &signature)
                .header("x-hubspot-signature-version", version)
        };
        assert_eq!(Verifier::new(SECRET).verify(&request("v1")), Ok(SignatureVersion::V1));
        assert_eq!(Verifier::new(SECRET).verify(&request("v2")), Err(Rejection::Mismatch(SignatureVersion::V2)));
        assert_eq!(Verifier::new(SECRET).verify(&request("v9")), Err(Rejection::UnknownVersion("v9".into())));
        let unversioned = WebhookRequest::new("POST", URI, body).header("X-HubSpot-Signature", &signature);
        assert_eq!(
            Verifier::new(SECRET).verify(&unversioned),
            Err(Rejection::MissingHeader("X-HubSpot-Signature-Version"))
        );
        assert_eq!(Verifier::new(SECRET).verify(&WebhookRequest::new("POST", URI, body)), Err(Rejection::Unsigned));
    }

    const V3_URI: &str = "https://www.example.com/webhook_uri?portal=1";
    const V3_BODY: &[u8] = br#"[{"eventId":1,"subscriptionType":"contact.creation","objectId":123}]"#;
    const V3_SIGNATURE: &str = "15MIxmQpqTk1pWhVj32R2zsWJ6cnNE12HY/HysCjCIE=";
    const V3_TIMESTAMP: i64 = 1_764_720_000_000;

    fn v3(uri: &'static str, body: &'static [u8], signature: &'static str) -> WebhookRequest<'static> {
        WebhookRequest::new("POST", uri, body)
            .header("X-HubSpot-Signature-v3", signature)
            .header("X-HubSpot-Request-Timestamp", "1764720000000")
    }

    fn at(offset_secs: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_millisecond(V3_TIMESTAMP + offset_secs * 1000).unwrap()
    }

    #[test]
    fn the_v3_vector_and_tampering() {
        let verifier = Verifier::new(SECRET);
        assert_eq!(verifier.verify_at(&v3(V3_URI, V3_BODY, V3_SIGNATURE), at(30)), Ok(SignatureVersion::V3));
        let mismatch = Err(Rejection::Mismatch(SignatureVersion::V3));
        assert_eq!(verifier.verify_at(&v3(V3_URI, b"[]", V3_SIGNATURE), at(0)), mismatch);
        assert_eq!(
            verifier.verify_at(&v3("https://www.example.com/webhook_uri?portal=2", V3_BODY, V3_SIGNATURE), at(0)),
            mismatch
        );
        let get = WebhookRequest { method: "GET", ..v3(V3_URI, V3_BODY, V3_SIGNATURE) };
        assert_eq!(verifier.verify_at(&get, at(0)), mismatch);
        assert_eq!(
            verifier.verify_at(&v3(V3_URI, V3_BODY, "25MIxmQpqTk1pWhVj32R2zsWJ6cnNE12HY/HysCjCIE="), at(0)),
            mismatch
        );
        // The timestamp is signed too.
        let later = v3(V3_URI, V3_BODY, V3_SIGNATURE).header("X-HubSpot-Request-Timestamp", "1764720000001");
        assert_eq!(verifier.verify_at(&later, at(0)), mismatch);
        // Encoded reserved characters in the URI are signed decoded.
        let encoded = "https%3A%2F%2Fwww.example.com%2Fwebhook_uri%3fportal=1";
        assert_eq!(verifier.verify_at(&v3(encoded, V3_BODY, V3_SIGNATURE), at(0)), Ok(SignatureVersion::V3));
        // A v3 signature is checked even when a v1 header is there too.
        let both = v3(V3_URI, V3_BODY, V3_SIGNATURE)
            .header("X-HubSpot-Signature", "x")
            .header("X-HubSpot-Signature-Version", "v1");
        assert_eq!(verifier.clone().require_v3().verify_at(&both, at(0)), Ok(SignatureVersion::V3));
    }

    #[test]
    fn v3_timestamps_outside_the_tolerance_are_rejected_both_ways() {
        let verifier = Verifier::new(SECRET);
        let request = v3(V3_URI, V3_BODY, V3_SIGNATURE);
        for offset in [-300, 300, 299, -299] {
            assert_eq!(verifier.verify_at(&request, at(offset)), Ok(SignatureVersion::V3), "{offset}");
        }
        for (offset, ahead) in [(360, false), (-360, true)] {
            let Err(Rejection::Stale { age, tolerance }) = verifier.verify_at(&request, at(offset)) else {
                panic!("{offset}: not rejected as stale")
            };
            assert_eq!((age.is_negative(), tolerance), (ahead, DEFAULT_TOLERANCE), "{offset}");
        }
        assert!(verifier.clone().tolerance(Duration::from_secs(600)).verify_at(&request, at(360)).is_ok());
        let no_time = WebhookRequest::new("POST", V3_URI, V3_BODY).header("X-HubSpot-Signature-v3", V3_SIGNATURE);
        assert_eq!(verifier.verify_at(&no_time, at(0)), Err(Rejection::MissingHeader("X-HubSpot-Request-Timestamp")));
        let bad = request.header("X-HubSpot-Request-Timestamp", "yesterday");
        assert_eq!(verifier.verify_at(&bad, at(0)), Err(Rejection::BadTimestamp("yesterday".into())));
    }

    #[test]
    fn headers_from_a_header_map() {
        let mut headers = HeaderMap::new();
        headers.insert("X-HubSpot-Signature-V3", V3_SIGNATURE.parse().unwrap());
        headers.insert("X-HubSpot-Request-Timestamp", "1764720000000".parse().unwrap());
        headers.insert("Content-Type", "application/json".parse().unwrap());
        let request = WebhookRequest::new("POST", V3_URI, V3_BODY).headers(&headers);
        assert_eq!(Verifier::new(SECRET).verify_at(&request, at(1)), Ok(SignatureVersion::V3));
    }

    #[test]
    fn encodings() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(hex(&[0, 15, 16, 255]), "000f10ff");
        assert_eq!(decode_reserved("a%3a%2F%20%zz%"), "a:/%20%zz%");
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"abc", b"ab"));
    }

    #[test]
    fn no_secret_in_debug_or_rejections() {
        let verifier = Verifier::new(SECRET);
        assert!(!format!("{verifier:?}").contains("yyyy"));
        let rejection = verifier.verify(&v2("GET", b"", "00")).unwrap_err();
        assert!(!format!("{rejection} {rejection:?}").contains("yyyy"));
    }

    #[test]
    fn events_keep_unknown_types_and_fields() {
        let body = br#"[
            {"eventId":1,"subscriptionId":2,"portalId":3,"appId":4,"occurredAt":1764720000000,
             "subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":123,
             "propertyName":"email","propertyValue":"a@example.com","changeSource":"CRM_UI"},
            {"eventId":5,"subscriptionType":"invoice.somethingNew","objectId":9,"objectTypeId":"0-53","isSensitive":false}
        ]"#;
        let events = Events::from_slice(body).unwrap();
        assert_eq!(events[0].subscription_type, SubscriptionType::ContactPropertyChange);
        assert_eq!(events[0].property_value.as_deref(), Some("a@example.com"));
        assert_eq!(events[0].occurred(), Some(jiff::Timestamp::from_millisecond(1_764_720_000_000).unwrap()));
        assert!(
            matches!(&events[1].subscription_type, SubscriptionType::Unknown(v) if v.as_str() == "invoice.somethingNew")
        );
        assert_eq!(events[1].other["objectTypeId"], "0-53");
        assert_eq!(events[1].other["isSensitive"], false);
        // And back: nothing lost.
        let again: Vec<Event> = serde_json::from_value(serde_json::to_value(&events).unwrap()).unwrap();
        assert_eq!(again, events);
    }
}
