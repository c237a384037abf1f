//! The client: base URL, credentials and the HTTP connection pool.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;
use crate::runtime::{Request, Response};

/// Where HubSpot's APIs live.
pub const DEFAULT_BASE_URL: &str = "https://api.hubapi.com";

/// A HubSpot API client. Cheap to clone: clones share one connection pool.
///
/// Every request carries `Authorization: Bearer <token>`. The token never
/// appears in `Debug` output or in errors.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    authorization: reqwest::header::HeaderValue,
}

impl Client {
    /// A client for `https://api.hubapi.com` with a private-app or OAuth access token.
    ///
    /// # Panics
    ///
    /// If the token contains characters that cannot be sent in an HTTP header,
    /// or TLS cannot be set up. Use [`Client::builder`] to get an error instead.
    pub fn new(token: impl Into<String>) -> Client {
        match Client::builder(token).build() {
            Ok(client) => client,
            Err(e) => panic!("cannot build a HubSpot client: {e}"),
        }
    }

    /// A builder to set the base URL, timeouts or the HTTP client.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Some(Duration::from_secs(10)),
            http: None,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Send a request built by generated code and read the whole response.
    pub(crate) async fn execute(&self, request: Request) -> Result<Response, Error> {
        let url = request.url(&self.inner.base_url)?;
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .header(reqwest::header::AUTHORIZATION, self.inner.authorization.clone())
            .header(reqwest::header::ACCEPT, "application/json");
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        if let Some((content_type, body)) = request.body {
            builder = builder.header(reqwest::header::CONTENT_TYPE, content_type).body(body);
        }
        let response = builder.send().await.map_err(Error::from_transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::from_transport)?;
        Ok(Response { status, headers, body })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("base_url", &self.inner.base_url).field("token", &"<redacted>").finish()
    }
}

/// Settings for a [`Client`].
pub struct ClientBuilder {
    token: String,
    base_url: String,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// Send requests here instead of `https://api.hubapi.com` (a proxy, a mock server).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// How long one request may take in all (default 30 s); `None` waits forever.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long connecting may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Use this HTTP client (its own timeouts, proxies, TLS) instead of building one.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Build the client.
    pub fn build(self) -> Result<Client, Error> {
        let mut authorization = reqwest::header::HeaderValue::try_from(format!("Bearer {}", self.token))
            .map_err(|_| Error::Config("the access token contains characters not allowed in an HTTP header".into()))?;
        authorization.set_sensitive(true);
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        reqwest::Url::parse(&base_url).map_err(|e| Error::Config(format!("invalid base URL `{base_url}`: {e}")))?;
        let http = match self.http {
            Some(http) => http,
            None => {
                // reqwest is built without a bundled TLS crypto provider; use ring
                // unless the application installed one of its own.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let mut builder = reqwest::Client::builder().user_agent(concat!("hubspot-crm-rust/", env!("CARGO_PKG_VERSION")));
                if let Some(t) = self.timeout {
                    builder = builder.timeout(t);
                }
                if let Some(t) = self.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                builder.build().map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?
            }
        };
        Ok(Client { inner: Arc::new(Inner { http, base_url, authorization }) })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &"<redacted>")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}
