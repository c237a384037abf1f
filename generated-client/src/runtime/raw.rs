//! Raw requests: any path, for endpoints the specs do not describe (yet),
//! through the same client as generated operations.

use std::fmt::{self, Display};

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::encode::percent;
use super::error::Error;
use super::options::RequestOptions;
use super::request::{Method, Request};
use super::response::ApiResponse;

/// A request to any path under the client's base URL, built by
/// [`Client::request`]: the same credentials, retries, rate limiter,
/// deadline, tracing (path shown as `(raw)`) and error types as generated
/// operations.
///
/// ```no_run
/// # async fn run(client: hubspot_crm::Client) -> Result<(), hubspot_crm::Error> {
/// use hubspot_crm::Method;
///
/// let owners: serde_json::Value = client
///     .request(Method::GET, "/crm/v3/owners")
///     .query("limit", 10)
///     .send()
///     .await?
///     .value;
/// let body = serde_json::json!({"inputs": [{"id": "512"}], "properties": ["email"]});
/// let contacts: serde_json::Value = client
///     .request(Method::POST, "/crm/v3/objects/contacts/batch/read")
///     .json(&body)
///     .read_only() // safe to retry after a timeout or 5xx
///     .send()
///     .await?
///     .value;
/// # let _ = (owners, contacts); Ok(()) }
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Client,
    request: Request,
    /// A body that did not serialize: reported by `send`.
    error: Option<Error>,
}

impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest").field("method", &self.request.method).field("path", &self.request.path).finish()
    }
}

impl Client {
    /// A request to `path` (starting with `/`, already percent-encoded where
    /// it needs to be) under the base URL. `POST` and `PATCH` requests are
    /// retried only when the server cannot have acted on them, unless
    /// marked [`RawRequest::read_only`].
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        self.request_as(method, path, "(raw)")
    }

    /// A raw request traced under `template` instead of `(raw)`.
    pub(crate) fn request_as(&self, method: Method, path: impl Into<String>, template: &'static str) -> RawRequest {
        let path = path.into();
        let error = (!path.starts_with('/'))
            .then(|| Error::Config(format!("a raw request's path must start with `/`: `{path}`")));
        RawRequest { client: self.clone(), request: Request::new(method, path, template), error }
    }
}

impl RawRequest {
    /// A query parameter (name and value percent-encoded); repeat for lists.
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        self.request.query.push(format!("{}={}", percent(name), percent(&value.to_string())));
        self
    }

    /// A header, checked when the request is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.request.options.headers.push((name.into(), value.into()));
        self
    }

    /// A JSON body.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        if let Err(e) = self.request.json(body) {
            self.error.get_or_insert(e);
        }
        self
    }

    /// An `application/x-www-form-urlencoded` body: the value's top-level
    /// fields as pairs.
    pub fn form(mut self, body: &impl Serialize) -> Self {
        if let Err(e) = self.request.form(body) {
            self.error.get_or_insert(e);
        }
        self
    }

    /// The endpoint asks for no credentials: none are required or checked.
    pub(crate) fn public(mut self) -> Self {
        self.request.public();
        self
    }

    /// A body of raw bytes with its media type.
    pub fn body(mut self, content_type: &str, data: impl AsRef<[u8]>) -> Self {
        self.request.bytes(content_type, data.as_ref());
        self
    }

    /// The request only reads (a search, a batch read): safe to repeat after
    /// a timeout or 5xx whatever its method.
    pub fn read_only(mut self) -> Self {
        self.request.read_only();
        self
    }

    /// A search: it also waits for the client's search rate limit.
    pub fn search(mut self) -> Self {
        self.request.search();
        self
    }

    /// Per-request settings (retries, timeouts, deadline, headers). Headers
    /// set with [`RawRequest::header`] before are kept.
    pub fn options(mut self, mut options: RequestOptions) -> Self {
        let mut headers = std::mem::take(&mut self.request.options.headers);
        headers.append(&mut options.headers);
        options.headers = headers;
        self.request.options(options);
        self
    }

    /// Send it and decode a 2xx body as `T` (`serde_json::Value` for any
    /// JSON); any other status is the same error a generated operation
    /// returns for it.
    pub async fn send<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        self.client.execute(self.request).await?.json_success()
    }

    /// Send it and keep a 2xx body as bytes (empty for none).
    pub async fn send_bytes(self) -> Result<ApiResponse<Bytes>, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let response = self.client.execute(self.request).await?;
        match response.status {
            200..=299 => {
                let body = response.bytes();
                Ok(response.finish(body))
            }
            _ => Err(response.into_error()),
        }
    }
}
