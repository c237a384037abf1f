//! Errors: everything that can go wrong with a request, keeping what the server sent.

use std::collections::BTreeMap;
use std::fmt;

use bytes::Bytes;

/// Why a request failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status the operation does not list as a success.
    Api(Box<ApiError>),
    /// A success status arrived but its body did not decode; status and body are kept.
    Decode {
        /// The HTTP status.
        status: u16,
        /// The raw body.
        body: Bytes,
        /// What the decoder said.
        source: serde_json::Error,
    },
    /// The request never got an answer: connection, TLS or timeout trouble.
    Transport(reqwest::Error),
    /// A request value could not be encoded as JSON.
    Serialize(serde_json::Error),
    /// The client or request is misconfigured (base URL, header values).
    Config(String),
}

impl Error {
    pub(crate) fn from_transport(e: reqwest::Error) -> Self {
        // reqwest's messages name the URL; tokens never travel in URLs here.
        Error::Transport(e.without_url())
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::Serialize(_) | Error::Config(_) => None,
        }
    }

    /// The raw response body, when the server answered.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(e) => Some(&e.body),
            Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// HubSpot's correlation id for support requests, when the error body had one.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.parsed.as_ref()?.correlation_id.as_deref(),
            _ => None,
        }
    }

    /// Was this a timeout?
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Decode { status, source, body } => {
                write!(f, "HTTP {status}: the response body did not decode: {source} ({} bytes)", body.len())
            }
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Serialize(e) => write!(f, "could not encode the request: {e}"),
            Error::Config(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } | Error::Serialize(source) => Some(source),
            Error::Transport(e) => Some(e),
            Error::Api(_) | Error::Config(_) => None,
        }
    }
}

/// A non-success answer: status, headers, the raw body, and HubSpot's error
/// body when it parses as one.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The response headers (rate-limit headers among them).
    pub headers: reqwest::header::HeaderMap,
    /// The raw body, always kept.
    pub body: Bytes,
    /// The body as HubSpot's error shape, when it is one.
    pub parsed: Option<ApiErrorBody>,
}

impl ApiError {
    pub(crate) fn new(status: u16, headers: reqwest::header::HeaderMap, body: Bytes) -> Self {
        let parsed = serde_json::from_slice::<ApiErrorBody>(&body).ok().filter(|b| b.message.is_some() || b.category.is_some());
        ApiError { status, headers, body, parsed }
    }

    /// Decode the body into another type, such as a spec's own error schema.
    pub fn decode_body<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match &self.parsed {
            Some(p) => {
                if let Some(c) = &p.category {
                    write!(f, " {c}")?;
                }
                if let Some(m) = &p.message {
                    write!(f, ": {m}")?;
                }
                if let Some(id) = &p.correlation_id {
                    write!(f, " (correlationId {id})")?;
                }
                Ok(())
            }
            None => write!(f, ": {}", String::from_utf8_lossy(&self.body[..self.body.len().min(512)])),
        }
    }
}

/// HubSpot's error body. Every field is optional so that both shapes HubSpot
/// uses (`{category, correlationId, message, context, errors}` and the
/// `{status: "error", errorType, policyName}` rate-limit shape) parse; fields
/// not listed are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiErrorBody {
    /// The error category, e.g. `VALIDATION_ERROR`.
    pub category: Option<String>,
    /// A more specific category.
    pub sub_category: Option<serde_json::Value>,
    /// Quote this to HubSpot support.
    pub correlation_id: Option<String>,
    /// A human-readable message.
    pub message: Option<String>,
    /// `"error"` in some error bodies.
    pub status: Option<String>,
    /// The error type, e.g. `RATE_LIMIT`.
    pub error_type: Option<String>,
    /// The rate-limit policy that was hit, e.g. `TEN_SECONDLY_ROLLING`.
    pub policy_name: Option<String>,
    /// Context about the error.
    #[serde(default)]
    pub context: BTreeMap<String, serde_json::Value>,
    /// Links to documentation.
    #[serde(default)]
    pub links: BTreeMap<String, String>,
    /// Details per failed item.
    #[serde(default)]
    pub errors: Vec<ApiErrorDetail>,
    /// Fields not listed above.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One entry of an error body's `errors`.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiErrorDetail {
    /// What went wrong.
    pub message: Option<String>,
    /// A status or error code.
    pub code: Option<String>,
    /// The field or parameter at fault.
    #[serde(rename = "in")]
    pub in_: Option<String>,
    /// A more specific category.
    pub sub_category: Option<String>,
    /// Context; HubSpot sends an object or a string here.
    pub context: Option<serde_json::Value>,
    /// Fields not listed above.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}
