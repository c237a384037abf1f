//! A request as generated code builds it: method, path, flags for retries
//! and rate limits, caller options, and the URL it goes to. The setters for
//! parameters and bodies are in `encode.rs`.

use super::error::Error;
use super::limiter::BucketKind;
use super::options::RequestOptions;

pub use reqwest::Method;

/// Which credentials an operation's security accepts (an access token unless
/// generated code says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Credentials {
    None,
    Token,
    Key,
    TokenOrKey,
}

/// What a generated builder's `into_request` returns: the request as it
/// goes out, and the client that sends it.
pub type Prepared = Result<(crate::Client, Request), crate::Error>;

/// What every request builder has, invoked inside its `impl` block beside
/// `into_request`: `options`, `send_with_response` (the request sent, then
/// the answer checked and decoded by the given expression over the client's
/// response) and `send`; with `send_as(..)`, also `send_as::<T>()` (see
/// [`send_as!`]). One line per operation in generated code instead of the
/// same twenty.
#[allow(unused_macros)]
macro_rules! sending {
    // One success: decoded by a method of the runtime's response (`json_success`).
    ($ret:ty, $method:ident $(, send_as($($status:literal),*))?) => {
        crate::runtime::sending!(@methods $ret, |response| response.$method() $(, send_as($($status),*))?);
    };
    // Several: decoded by the builder's own function (`Self::decode_response`).
    ($ret:ty, $decode:path $(, send_as($($status:literal),*))?) => {
        crate::runtime::sending!(@methods $ret, |response| $decode(response) $(, send_as($($status),*))?);
    };
    (@methods $ret:ty, |$response:ident| $decode:expr $(, send_as($($status:literal),*))?) => {
        /// Per-request settings: retries, timeout, extra headers.
        pub fn options(mut self, options: crate::RequestOptions) -> Self {
            self.options = options;
            self
        }

        /// Send the request and keep the response's status and headers with the decoded value.
        pub async fn send_with_response(self) -> Result<crate::ApiResponse<$ret>, crate::Error> {
            let (client, request) = self.into_request()?;
            let $response = client.execute(request).await?;
            $decode
        }

        /// Send the request, retrying as the client's policy allows. A status
        /// the spec does not list as a success, or a body that does not
        /// decode, is an error that keeps the status and the raw body.
        pub async fn send(self) -> Result<$ret, crate::Error> {
            self.send_with_response().await.map(|response| response.value)
        }

        $(crate::runtime::send_as!($($status),*);)?
    };
}

#[allow(unused_imports)]
pub(crate) use sending;

/// `send_as!(200, 207)` (the operation's success statuses with a JSON body;
/// none for any 2xx) writes a builder's `send_as::<T>()`, invoked inside
/// its `impl` block beside `into_request`.
#[allow(unused_macros)]
macro_rules! send_as {
    ($($status:literal),*) => {
        /// Send the request and decode a success body as your own type `T`:
        /// a struct naming only the fields you read, or
        /// [`crate::typed::Record`], [`crate::typed::Batch`] or
        /// [`crate::typed::Page`] for records with typed properties (only
        /// the declared properties are read). Any other status is an error,
        /// as with `send`.
        pub async fn send_as<T: serde::de::DeserializeOwned>(self) -> Result<crate::ApiResponse<T>, crate::Error> {
            let (client, request) = self.into_request()?;
            crate::runtime::send_as!(@decode client.execute(request).await? $(, $status)*)
        }
    };
    (@decode $response:expr) => {
        $response.json_success()
    };
    (@decode $response:expr, $($status:literal),+) => {
        $response.json_as(&[$($status),+])
    };
}

#[allow(unused_imports)]
pub(crate) use send_as;

/// A request as generated code describes it: method, path (already encoded),
/// query pairs, headers, an optional body, and how it may be retried.
#[derive(Debug)]
pub struct Request {
    pub(crate) method: Method,
    pub(super) path: String,
    /// The path as the spec writes it, for tracing (no parameter values).
    pub(crate) path_template: &'static str,
    /// Encoded `name=value` pieces, in order (delimiters such as `,` and `|`
    /// and `deepObject` brackets literal, everything else percent-encoded).
    pub(super) query: Vec<String>,
    pub(crate) headers: Vec<(&'static str, reqwest::header::HeaderValue)>,
    pub(crate) body: Option<(String, Vec<u8>)>,
    /// May be repeated after a timeout or 5xx (idempotent methods, read-only POSTs).
    pub(crate) retry_safe: bool,
    pub(crate) bucket: BucketKind,
    /// The query parameter that carries the developer API key, when the operation takes one.
    pub(crate) api_key_query: Option<&'static str>,
    /// Which credentials the operation's security accepts.
    pub(crate) credentials: Credentials,
    pub(crate) options: RequestOptions,
}

impl Request {
    pub fn new(method: Method, path: String, path_template: &'static str) -> Self {
        let retry_safe = matches!(method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE);
        Request {
            method,
            path,
            path_template,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            retry_safe,
            bucket: BucketKind::General,
            api_key_query: None,
            credentials: Credentials::Token,
            options: RequestOptions::default(),
        }
    }

    /// A `POST` that only reads (batch read, search): safe to repeat.
    pub fn read_only(&mut self) {
        self.retry_safe = true;
    }

    /// A search operation: draws from the search rate-limit bucket too.
    pub fn search(&mut self) {
        self.bucket = BucketKind::Search;
    }

    /// The operation accepts the developer API key in this query parameter
    /// as well as an access token.
    pub fn api_key_query(&mut self, name: &'static str) {
        self.api_key_query = Some(name);
        self.credentials = Credentials::TokenOrKey;
    }

    /// The operation accepts only the developer API key, in this query parameter.
    pub fn api_key_only(&mut self, name: &'static str) {
        self.api_key_query = Some(name);
        self.credentials = Credentials::Key;
    }

    /// The operation's spec asks for no credentials.
    pub fn public(&mut self) {
        self.credentials = Credentials::None;
    }

    /// Per-request settings from the caller.
    pub fn options(&mut self, options: RequestOptions) {
        self.options = options;
    }

    /// The full URL under `base_url`, with the API key when one is given and
    /// the operation takes it.
    pub(crate) fn url(&self, base_url: &str, api_key: Option<&str>) -> Result<reqwest::Url, Error> {
        let mut url = reqwest::Url::parse(&format!("{base_url}{}", self.path))
            .map_err(|e| Error::Config(format!("invalid request URL for path `{}`: {e}", self.path_template)))?;
        let key = self.api_key_query.zip(api_key);
        let mut pieces = self.query.clone();
        if let Some((name, key)) = key {
            pieces.push(format!("{}={}", super::encode::percent(name), super::encode::percent(key)));
        }
        if !pieces.is_empty() {
            url.set_query(Some(&pieces.join("&")));
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_follow_the_method_and_the_operation() {
        for method in [Method::GET, Method::HEAD, Method::OPTIONS, Method::PUT, Method::DELETE] {
            assert!(Request::new(method.clone(), "/x".into(), "/x").retry_safe, "{method}");
        }
        for method in [Method::POST, Method::PATCH] {
            assert!(!Request::new(method.clone(), "/x".into(), "/x").retry_safe, "{method}");
        }
        let mut r = Request::new(Method::POST, "/x".into(), "/x");
        assert_eq!(r.bucket, BucketKind::General);
        r.read_only();
        r.search();
        assert!(r.retry_safe);
        assert_eq!(r.bucket, BucketKind::Search);
    }

    #[test]
    fn the_api_key_goes_only_to_operations_that_take_it() {
        let mut r = Request::new(Method::GET, "/a%20b".into(), "/{x}");
        assert_eq!(r.url("http://h", Some("key")).unwrap().as_str(), "http://h/a%20b");
        r.api_key_query("hapikey");
        assert_eq!(r.url("http://h", None).unwrap().as_str(), "http://h/a%20b");
        r.query("q", Some(&1));
        assert_eq!(r.url("http://h", Some("k&y")).unwrap().as_str(), "http://h/a%20b?q=1&hapikey=k%26y");
        assert!(matches!(r.url("not a base", None), Err(Error::Config(_))));
    }
}
