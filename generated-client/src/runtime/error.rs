//! Errors: everything that can go wrong with a request, keeping what the server sent.

use std::collections::BTreeMap;
use std::fmt;

use bytes::Bytes;

/// Why a request failed. Match on the variant for the class of failure; every
/// variant that had an answer keeps the status, headers and raw body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// 400 or 422: the request was invalid.
    BadRequest(Box<ApiError>),
    /// 401: the token is missing, wrong or expired.
    Unauthorized(Box<ApiError>),
    /// 403: the token lacks a scope or the account lacks access.
    Forbidden(Box<ApiError>),
    /// 404: no such object.
    NotFound(Box<ApiError>),
    /// 409: the request conflicts with the current state (never retried).
    Conflict(Box<ApiError>),
    /// 429: a rate limit was hit and not waited out (a `DAILY` limit, or
    /// retries ran out). [`ApiError::policy_name`] and [`ApiError::retry_after`]
    /// say which limit and for how long.
    RateLimited(Box<ApiError>),
    /// 5xx after the retries the policy allowed.
    Server(Box<ApiError>),
    /// Any other status the operation does not list as a success.
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
    /// No answer: connecting failed or the connection dropped, on the last of
    /// `attempts` tries. `Display` includes the cause (`tcp connect error: …`).
    Connection {
        /// What the HTTP client reported.
        source: reqwest::Error,
        /// How many times the request was tried.
        attempts: u32,
    },
    /// No answer in time: [`Timeout`] says which limit was hit (the attempt's,
    /// the call's deadline, or the HTTP client's own) and after how many attempts.
    Timeout(Box<Timeout>),
    /// The operation accepts none of the credentials the client has (for
    /// example a client with only a developer API key calling an operation
    /// that needs an access token); refused before sending.
    MissingCredentials {
        /// The operation's path template.
        operation: &'static str,
        /// What the operation accepts.
        accepts: &'static str,
    },
    /// A chunked batch call ([`crate::BatchOutcome::into_result`]) in which a
    /// chunk failed or the server reported per-item errors.
    Batch(Box<super::batch::BatchError>),
    /// A record's property did not decode into the declared type
    /// ([`crate::typed`]); the error names the record, property, text and type.
    Property(Box<super::typed::PropertyError>),
    /// The response body was larger than the client reads
    /// (`ClientBuilder::max_response_size`); reading stopped there.
    ResponseTooLarge {
        /// The HTTP status of the answer.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
        /// How many bytes had arrived when reading stopped (0 when the
        /// announced length was already too large).
        seen: u64,
        /// The length the server announced (`Content-Length`), if any.
        announced: Option<u64>,
    },
    /// A request value could not be encoded as JSON.
    Serialize(serde_json::Error),
    /// The client or request is misconfigured (base URL, header values).
    Config(String),
    /// The token provider could not supply a token.
    Auth(String),
    /// A paginated listing reached the most results the API serves (HubSpot's
    /// search stops at 10,000); narrow the query to see the rest.
    ResultLimit {
        /// How many results were delivered.
        limit: usize,
    },
}

impl Error {
    pub(crate) fn from_transport(e: reqwest::Error) -> Self {
        // reqwest's messages name the URL, which may carry a `hapikey`.
        let e = e.without_url();
        if e.is_timeout() {
            Error::Timeout(Box::new(Timeout {
                which: TimeoutKind::Http,
                after: None,
                attempts: 1,
                queued: std::time::Duration::ZERO,
                source: Some(e),
            }))
        } else {
            Error::Connection { source: e, attempts: 1 }
        }
    }

    /// The same error, saying the request was tried `attempts` times.
    pub(crate) fn with_attempts(mut self, n: u32) -> Self {
        match &mut self {
            Error::Connection { attempts, .. } => *attempts = n,
            Error::Timeout(t) => t.attempts = n,
            _ => {}
        }
        self
    }

    /// The error for a non-success answer, by status class.
    pub(crate) fn from_status(api: ApiError) -> Self {
        let api = Box::new(api);
        match api.status {
            400 | 422 => Error::BadRequest(api),
            401 => Error::Unauthorized(api),
            403 => Error::Forbidden(api),
            404 => Error::NotFound(api),
            409 => Error::Conflict(api),
            429 => Error::RateLimited(api),
            500..=599 => Error::Server(api),
            _ => Error::Api(api),
        }
    }

    /// The answer behind an HTTP-status error.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::BadRequest(e)
            | Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Conflict(e)
            | Error::RateLimited(e)
            | Error::Server(e)
            | Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            other => other.api().map(|e| e.status),
        }
    }

    /// The raw response body, when the server answered.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Decode { body, .. } => Some(body),
            other => other.api().map(|e| &e.body[..]),
        }
    }

    /// HubSpot's correlation id for support requests, when the error body had one.
    pub fn correlation_id(&self) -> Option<&str> {
        self.api()?.parsed.as_ref()?.correlation_id.as_deref()
    }

    /// Was this a timeout?
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// Which timeout was hit, when this is a timeout.
    pub fn timeout(&self) -> Option<&Timeout> {
        match self {
            Error::Timeout(t) => Some(t),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(api) = self.api() {
            return fmt::Display::fmt(api, f);
        }
        match self {
            Error::Decode { status, source, body } => {
                write!(f, "HTTP {status}: the response body did not decode: {source} ({} bytes)", body.len())
            }
            Error::Connection { source, attempts } => {
                write!(f, "connection failed ({}): ", tries(*attempts))?;
                write_chain(f, source)
            }
            Error::Timeout(t) => fmt::Display::fmt(t, f),
            Error::MissingCredentials { operation, accepts } => {
                write!(f, "not sent: `{operation}` accepts {accepts}, and the client has no such credential")
            }
            Error::Batch(b) => fmt::Display::fmt(b, f),
            Error::Property(e) => fmt::Display::fmt(e, f),
            Error::ResponseTooLarge { status, limit, seen, announced } => {
                write!(f, "HTTP {status}: the response body exceeds the limit of {limit} bytes (")?;
                match announced {
                    Some(length) if *seen == 0 => write!(f, "{length} bytes announced; none read)"),
                    Some(length) => write!(f, "{seen} bytes read so far of {length} announced)"),
                    None => write!(f, "{seen} bytes read so far)"),
                }
            }
            Error::Serialize(e) => write!(f, "could not encode the request: {e}"),
            Error::Config(m) => f.write_str(m),
            Error::Auth(m) => write!(f, "no access token: {m}"),
            Error::ResultLimit { limit } => {
                write!(
                    f,
                    "the listing stopped at {limit} results, the most the API serves; narrow the query to see the rest"
                )
            }
            // Answers with a status are written above.
            _ => f.write_str("HTTP error"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } | Error::Serialize(source) => Some(source),
            Error::Connection { source, .. } => Some(source),
            Error::Timeout(t) => t.source.as_ref().map(|e| e as _),
            Error::Batch(b) => b.first_chunk_error().map(|e| e as _),
            Error::Property(e) => Some(&**e),
            _ => None,
        }
    }
}

/// "1 attempt", "4 attempts".
fn tries(n: u32) -> String {
    if n == 1 { "1 attempt".to_owned() } else { format!("{n} attempts") }
}

/// An error and its causes, `: `-separated (reqwest's own message is
/// "error sending request"; the cause says what happened).
fn write_chain(f: &mut fmt::Formatter<'_>, e: &dyn std::error::Error) -> fmt::Result {
    write!(f, "{e}")?;
    let mut cause = e.source();
    while let Some(c) = cause {
        write!(f, ": {c}")?;
        cause = c.source();
    }
    Ok(())
}

/// Which limit a timeout hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// One attempt took longer than the per-attempt timeout
    /// (`ClientBuilder::timeout`, `RequestOptions::timeout`); retried like any timeout.
    Attempt,
    /// The whole call (every attempt, backoff and rate-limit wait) took longer
    /// than its deadline (`ClientBuilder::deadline`, `RequestOptions::deadline`); never retried.
    Deadline,
    /// The HTTP client's own timeout: connecting (`ClientBuilder::connect_timeout`)
    /// or a timeout set on a `reqwest::Client` passed in.
    Http,
    /// The call waited longer than its queue timeout for its first turn in
    /// the client's own rate-limit queue (`ClientBuilder::queue_timeout`,
    /// `RequestOptions::queue_timeout`); nothing was sent.
    Queue,
}

/// A timeout: which limit, how long it was and how many attempts were made.
#[derive(Debug)]
#[non_exhaustive]
pub struct Timeout {
    /// Which limit was hit.
    pub which: TimeoutKind,
    /// The limit, when the client set it (not for [`TimeoutKind::Http`]).
    pub after: Option<std::time::Duration>,
    /// How many attempts were made (the last one included).
    pub attempts: u32,
    /// How long the call waited in the client's own rate-limit queue, all
    /// turns together (time not spent on the wire).
    pub queued: std::time::Duration,
    /// The HTTP client's error, for [`TimeoutKind::Http`].
    pub source: Option<reqwest::Error>,
}

impl fmt::Display for Timeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let after = self.after.map(|d| format!(" of {d:?}")).unwrap_or_default();
        match self.which {
            TimeoutKind::Attempt => {
                write!(f, "timed out: no answer within the per-attempt timeout{after} ({})", tries(self.attempts))
            }
            TimeoutKind::Deadline => {
                write!(f, "timed out: the call's deadline{after} passed ({}", tries(self.attempts))?;
                if !self.queued.is_zero() {
                    write!(f, ", {:?} of it waiting in the client's rate-limit queue", self.queued)?;
                }
                f.write_str(")")
            }
            TimeoutKind::Queue => {
                write!(f, "timed out: no turn in the client's rate-limit queue within{after}; nothing was sent")
            }
            TimeoutKind::Http => {
                write!(f, "timed out in the HTTP client ({}): ", tries(self.attempts))?;
                match &self.source {
                    Some(e) => write_chain(f, e),
                    None => f.write_str("no cause given"),
                }
            }
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
        let parsed = ApiErrorBody::parse(&body);
        ApiError { status, headers, body, parsed }
    }

    /// The rate-limit policy a 429 names (`TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`, …).
    pub fn policy_name(&self) -> Option<&str> {
        super::hubspot::HubSpotRateLimits::policy_name(self.parsed.as_ref()?)
    }

    /// How long the server asked to wait (`Retry-After`, in seconds or as a date).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        super::retry::retry_after(&self.headers)
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

impl ApiErrorBody {
    /// The body as HubSpot's error shape, when it is one: JSON with at least
    /// a `message` or a `category`.
    pub(crate) fn parse(body: &[u8]) -> Option<ApiErrorBody> {
        serde_json::from_slice::<ApiErrorBody>(body).ok().filter(|b| b.message.is_some() || b.category.is_some())
    }
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
