//! The client: base URL, credentials, the connection pool, the retry policy
//! and the rate limiter, shared by all clones.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderName, HeaderValue};
use tracing::Instrument;

use super::auth::TokenProvider;
use super::error::{Error, Timeout, TimeoutKind};
use super::limiter::{Limiter, RateLimit, RateLimitProtocol};
use super::request::{Credentials, Request};
use super::response::Response;
use super::retry::{self, Context, Decision, Outcome, RetryPolicy};

/// Where HubSpot's APIs live.
pub const DEFAULT_BASE_URL: &str = "https://api.hubapi.com";

/// How long a call may take in all, unless the client or request says otherwise.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

/// The largest response body a client reads unless told otherwise (128 MiB).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 128 << 20;

/// The most results HubSpot's search endpoints page through.
pub const SEARCH_RESULT_LIMIT: usize = 10_000;

/// A HubSpot API client. Cheap to clone: clones share one connection pool,
/// one retry policy and one set of rate-limit buckets.
///
/// Every request carries `Authorization: Bearer <token>`. The token never
/// appears in `Debug` output, tracing spans or errors.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    api_key: Option<String>,
    retry: RetryPolicy,
    limiter: Limiter,
    /// How the server states its rate limits, for the limiter and retries.
    limits: &'static dyn RateLimitProtocol,
    search_limit: Option<usize>,
    /// Per attempt (ours, not the HTTP client's, so the error can say which).
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    queue_timeout: Option<Duration>,
    max_response_size: Option<usize>,
    /// A `reqwest::Client` passed in may carry credentials in its default headers.
    own_http: bool,
}

enum Auth {
    Token(HeaderValue),
    Provider(Arc<dyn TokenProvider>),
    None,
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

    /// A builder to set the base URL, timeouts, retries, rate limits or the HTTP client.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(Some(Credential::Token(token.into())))
    }

    /// A builder for a client whose tokens come from `provider` (OAuth apps
    /// that refresh tokens).
    pub fn with_token_provider(provider: impl TokenProvider) -> ClientBuilder {
        ClientBuilder::new(Some(Credential::Provider(Arc::new(provider))))
    }

    /// A builder for a client that authenticates only with a developer API key
    /// (`hapikey`), for the operations whose spec accepts one.
    pub fn with_developer_api_key(key: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(None).developer_api_key(key)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn search_limit(&self) -> Option<usize> {
        self.inner.search_limit
    }

    /// Send a request built by generated code, retrying as the policy says,
    /// and read the whole response.
    pub(crate) async fn execute(&self, request: Request) -> Result<Response, Error> {
        let span = tracing::debug_span!(
            "hubspot.request",
            method = %request.method,
            path = request.path_template,
            attempt = tracing::field::Empty,
            queued_ms = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        self.execute_with_retries(request, span.clone()).instrument(span).await
    }

    async fn execute_with_retries(&self, request: Request, span: tracing::Span) -> Result<Response, Error> {
        self.check_credentials(&request)?;
        let progress = Progress::default();
        // The first turn in the client's own rate-limit queue is not part of
        // the deadline: a bulk job's queue is the client's doing, not the
        // call's. Only a queue timeout, when set, bounds it.
        let queue_timeout = request.options.queue_timeout.or(self.inner.queue_timeout);
        let turn = self.inner.limiter.acquire(request.bucket);
        let waited = match queue_timeout {
            None => turn.await,
            Some(limit) => tokio::time::timeout(limit, turn).await.map_err(|_| {
                Error::Timeout(Box::new(Timeout {
                    which: TimeoutKind::Queue,
                    after: Some(limit),
                    attempts: 0,
                    queued: limit,
                    source: None,
                }))
            })?,
        };
        progress.queued(waited);
        let Some(deadline) = request.options.deadline.or(self.inner.deadline) else {
            return self.attempts(request, span, &progress, None).await;
        };
        let deadline = Deadline { total: deadline, at: tokio::time::Instant::now() + deadline };
        // The attempts respect the deadline themselves (an attempt never runs
        // past it, a retry that would wait past it returns the answer it
        // has); this outer limit catches the other waits (a retry's turn in
        // the queue, a token provider).
        match tokio::time::timeout(deadline.total, self.attempts(request, span, &progress, Some(deadline))).await {
            Ok(result) => result,
            Err(_) => Err(deadline.error(&progress)),
        }
    }

    /// Refuse an operation the client has no accepted credential for, before
    /// sending. A `reqwest::Client` passed in may send credentials we cannot
    /// see (default headers), so then it is only a warning.
    fn check_credentials(&self, request: &Request) -> Result<(), Error> {
        let has_token = !matches!(self.inner.auth, Auth::None)
            || request.options.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("authorization"));
        let has_key = self.inner.api_key.is_some();
        let (ok, accepts) = match request.credentials {
            Credentials::None => (true, ""),
            Credentials::Token => (has_token, "an access token"),
            Credentials::TokenOrKey => (has_token || has_key, "an access token or a developer API key"),
            Credentials::Key => (has_key, "a developer API key"),
        };
        match (ok, self.inner.own_http) {
            (true, _) => Ok(()),
            (false, true) => {
                tracing::warn!(
                    path = request.path_template,
                    accepts,
                    "sending without a credential the operation accepts"
                );
                Ok(())
            }
            (false, false) => Err(Error::MissingCredentials { operation: request.path_template, accepts }),
        }
    }

    /// Every attempt of one call, the first one's turn in the queue already
    /// taken; `progress` counts attempts and queueing for the deadline's error.
    async fn attempts(
        &self,
        request: Request,
        span: tracing::Span,
        progress: &Progress,
        deadline: Option<Deadline>,
    ) -> Result<Response, Error> {
        let inner = &self.inner;
        let max_retries = request.options.max_retries.unwrap_or(inner.retry.max_retries);
        let repeatable = request.retry_safe || request.options.retry_unsafe;
        let timeout = request.options.timeout.or(inner.timeout);
        let url = request.url(&inner.base_url, inner.api_key.as_deref())?;
        let extra_headers = request
            .options
            .headers
            .iter()
            .map(|(name, value)| {
                let name = HeaderName::try_from(name.as_str())
                    .map_err(|_| Error::Config(format!("invalid header name `{name}`")))?;
                let value = HeaderValue::try_from(value.as_str())
                    .map_err(|_| Error::Config(format!("invalid value for header `{name}`")))?;
                Ok((name, value))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let mut attempt: u32 = 0;
        let mut throttled: u32 = 0;
        let mut refreshed = false;
        let mut authorization = self.authorization(false).await?;
        let mut first = true;
        loop {
            if !first {
                progress.queued(inner.limiter.acquire(request.bucket).await);
            }
            first = false;
            let started = tokio::time::Instant::now();
            let mut builder = inner
                .http
                .request(request.method.clone(), url.clone())
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(auth) = &authorization {
                builder = builder.header(reqwest::header::AUTHORIZATION, auth.clone());
            }
            for (name, value) in &request.headers {
                builder = builder.header(*name, value.clone());
            }
            for (name, value) in &extra_headers {
                builder = builder.header(name.clone(), value.clone());
            }
            if let Some((content_type, body)) = &request.body {
                builder = builder.header(reqwest::header::CONTENT_TYPE, content_type.as_str()).body(body.clone());
            }
            let sent = progress.attempts.fetch_add(1, Ordering::Relaxed) + 1;
            // The attempt's limit, or what is left of the deadline when that is sooner.
            let left = deadline.map(|d| (d, d.at.saturating_duration_since(tokio::time::Instant::now())));
            let limit = match (timeout, left) {
                (Some(limit), Some((d, left))) if left < limit => Some((left, Some(d))),
                (Some(limit), _) => Some((limit, None)),
                (None, Some((d, left))) => Some((left, Some(d))),
                (None, None) => None,
            };
            let max_body = inner.max_response_size;
            let result = match limit {
                Some((limit, by_deadline)) => {
                    tokio::time::timeout(limit, send(builder, max_body)).await.unwrap_or_else(|_| {
                        Err(match by_deadline {
                            Some(d) => d.error(progress),
                            None => Error::Timeout(Box::new(Timeout {
                                which: TimeoutKind::Attempt,
                                after: Some(limit),
                                attempts: 1,
                                queued: progress.queued_so_far(),
                                source: None,
                            })),
                        })
                    })
                }
                None => send(builder, max_body).await,
            };
            span.record("attempt", attempt + throttled + 1);
            span.record("queued_ms", progress.queued_so_far().as_millis() as u64);
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            if let Ok(response) = &result {
                span.record("status", response.status);
                inner.limiter.observe(&inner.limits.budget(&response.headers));
            }

            let context = Context {
                attempt,
                throttled,
                max_retries,
                repeatable,
                can_refresh: !refreshed && matches!(inner.auth, Auth::Provider(_)),
                policy: &inner.retry,
                limits: inner.limits,
            };
            match retry::classify(&Outcome::of(&result), &context) {
                Decision::Return => return result.map_err(|e| e.with_attempts(sent)),
                Decision::RefreshAuth => {
                    refreshed = true;
                    authorization = self.authorization(true).await?;
                }
                // A wait that would outlast the deadline: the answer in hand
                // (the server's error, with its details) is the call's result.
                Decision::Retry(delay) | Decision::WaitOutLimit(delay)
                    if deadline.is_some_and(|d| tokio::time::Instant::now() + delay >= d.at) =>
                {
                    return result.map_err(|e| e.with_attempts(sent));
                }
                decision @ (Decision::Retry(delay) | Decision::WaitOutLimit(delay)) => {
                    tracing::debug!(attempt = sent, delay_ms = delay.as_millis() as u64, "retrying");
                    tokio::time::sleep(delay).await;
                    match decision {
                        Decision::WaitOutLimit(_) => throttled += 1,
                        _ => attempt += 1,
                    }
                }
            }
        }
    }

    async fn authorization(&self, refresh: bool) -> Result<Option<HeaderValue>, Error> {
        match &self.inner.auth {
            Auth::Token(value) => Ok(Some(value.clone())),
            Auth::Provider(provider) => {
                let token = provider.token(refresh).await.map_err(Error::Auth)?;
                bearer(&token).map(Some)
            }
            Auth::None => Ok(None),
        }
    }
}

async fn send(builder: reqwest::RequestBuilder, max_body: Option<usize>) -> Result<Response, Error> {
    let mut response = builder.send().await.map_err(Error::from_transport)?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let body = read_body(&mut response, status, max_body).await?;
    Ok(Response { status, headers, body })
}

/// The whole body, read chunk by chunk into one buffer: refused as soon as
/// it is announced or seen to be larger than `max` (the rest is not read).
async fn read_body(response: &mut reqwest::Response, status: u16, max: Option<usize>) -> Result<Bytes, Error> {
    let limit = max.unwrap_or(usize::MAX);
    let too_large = |seen: u64, announced: Option<u64>| Error::ResponseTooLarge { status, limit, seen, announced };
    let announced = response.content_length();
    if let Some(length) = announced.filter(|n| *n > limit as u64) {
        return Err(too_large(0, Some(length)));
    }
    let mut first: Option<Bytes> = None;
    let mut buffer = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::from_transport)? {
        let seen = first.as_ref().map_or(0, Bytes::len) + buffer.len() + chunk.len();
        if seen > limit {
            return Err(too_large(seen as u64, announced));
        }
        // One chunk is kept as it came; a second starts the one buffer,
        // sized by the announced length when there is one.
        match first.take() {
            None if buffer.is_empty() => first = Some(chunk),
            None => buffer.extend_from_slice(&chunk),
            Some(head) => {
                let size = announced.map_or(0, |n| n as usize).max(head.len() + chunk.len());
                buffer.reserve(size);
                buffer.extend_from_slice(&head);
                buffer.extend_from_slice(&chunk);
            }
        }
    }
    Ok(first.unwrap_or_else(|| buffer.freeze()))
}

fn bearer(token: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::try_from(format!("Bearer {token}"))
        .map_err(|_| Error::Config("the access token contains characters not allowed in an HTTP header".into()))?;
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match self.inner.auth {
            Auth::Token(_) => "<redacted token>",
            Auth::Provider(_) => "<token provider>",
            Auth::None => "none",
        };
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &auth)
            .field("developer_api_key", &self.inner.api_key.as_ref().map(|_| "<redacted>"))
            .field("retry", &self.inner.retry)
            .finish()
    }
}

enum Credential {
    Token(String),
    Provider(Arc<dyn TokenProvider>),
}

/// Settings for a [`Client`].
///
/// Defaults: base URL `https://api.hubapi.com`; 30 s per attempt, 10 s to
/// connect, 60 s per call from its first attempt ([`ClientBuilder::deadline`]),
/// no limit on the wait for the first turn in the rate-limit queue
/// ([`ClientBuilder::queue_timeout`]); [`RetryPolicy::default`] (3 retries,
/// 10 rate-limit waits); client-side limits of 100 requests in any rolling
/// 10 s and 5 searches in any rolling second (HubSpot's lowest app tier),
/// served first come, first served and following the limits the server's
/// rate-limit headers state; response bodies of up to 128 MiB.
pub struct ClientBuilder {
    credential: Option<Credential>,
    api_key: Option<String>,
    base_url: String,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    deadline: Option<Duration>,
    queue_timeout: Option<Duration>,
    max_response_size: Option<usize>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    search_rate_limit: Option<RateLimit>,
    search_limit: Option<usize>,
}

impl ClientBuilder {
    fn new(credential: Option<Credential>) -> Self {
        // The generated crate's protocol decides where a new client starts.
        let (rate_limit, search_rate_limit) = crate::generated::RATE_LIMITS.default_limits();
        ClientBuilder {
            credential,
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Some(Duration::from_secs(10)),
            deadline: Some(DEFAULT_DEADLINE),
            queue_timeout: None,
            max_response_size: Some(DEFAULT_MAX_RESPONSE_SIZE),
            http: None,
            retry: RetryPolicy::default(),
            rate_limit,
            search_rate_limit,
            search_limit: Some(SEARCH_RESULT_LIMIT),
        }
    }

    /// A builder for a client that sends no credentials (the OAuth token
    /// endpoint authenticates with the app's secret in the body).
    pub(crate) fn without_credentials() -> Self {
        ClientBuilder::new(None)
    }

    /// Send requests here instead of `https://api.hubapi.com` (a proxy, a mock server).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// How long one attempt may take (default 30 s); a timed-out attempt is
    /// retried like any timeout. [`ClientBuilder::no_timeout`] for none.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// No per-attempt timeout (the deadline still applies, if set).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// How long a call may take from its first attempt on: every attempt,
    /// backoff, server-requested wait and a retry's turn in the rate-limit
    /// queue (default 60 s). Past it the call ends with a
    /// [`TimeoutKind::Deadline`] timeout. The wait for the first turn is not
    /// part of it (see [`ClientBuilder::queue_timeout`]).
    /// [`ClientBuilder::no_deadline`] for none.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// How long a call may wait for its first turn in the client's own
    /// rate-limit queue before it ends with a [`TimeoutKind::Queue`]
    /// timeout, nothing sent (default: no limit). Calls are served first
    /// come, first served, so the wait is about the number of calls queued
    /// before it divided by the rate: a bulk job that starts more calls than
    /// the rate allows waits instead of failing.
    pub fn queue_timeout(mut self, timeout: Duration) -> Self {
        self.queue_timeout = Some(timeout);
        self
    }

    /// The largest response body read (default [`DEFAULT_MAX_RESPONSE_SIZE`],
    /// 128 MiB). A larger one ends the call with
    /// [`Error::ResponseTooLarge`] as soon as it is announced or seen; the
    /// rest is not read.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// No limit on response bodies.
    pub fn no_max_response_size(mut self) -> Self {
        self.max_response_size = None;
        self
    }

    /// No overall deadline: a call ends when its retries run out.
    pub fn no_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }

    /// How long connecting may take (default 10 s); a connect timeout is a
    /// [`TimeoutKind::Http`] timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How failed attempts are retried (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The client-side limit for all requests: at most this many in any
    /// rolling window (default 100 per 10 s). The limits the server's
    /// rate-limit headers state replace it as they arrive.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// No client-side limit for requests (the server's 429s are still honoured).
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limit = None;
        self
    }

    /// The client-side limit for search requests, which count toward the
    /// general one too (default 5 in any rolling second).
    pub fn search_rate_limit(mut self, limit: RateLimit) -> Self {
        self.search_rate_limit = Some(limit);
        self
    }

    /// No client-side limit for search requests.
    pub fn no_search_rate_limit(mut self) -> Self {
        self.search_rate_limit = None;
        self
    }

    /// The most results a search listing pages through before it ends with
    /// [`Error::ResultLimit`] (default 10,000, HubSpot's cap).
    pub fn search_result_limit(mut self, limit: usize) -> Self {
        self.search_limit = Some(limit);
        self
    }

    /// No cap on search listings.
    pub fn no_search_result_limit(mut self) -> Self {
        self.search_limit = None;
        self
    }

    /// A developer API key, sent as `hapikey` to the operations whose spec accepts one.
    pub fn developer_api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Use this HTTP client (its own proxies, TLS, default headers) instead of
    /// building one; the connect timeout set here is then not applied (the
    /// per-attempt timeout and the deadline are). Operations called without
    /// a credential they accept are then only warned about (`tracing`), not
    /// refused, since its default headers may carry one.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Build the client.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(Credential::Token(token)) = &self.credential
            && token.trim().is_empty()
        {
            return Err(Error::Config("the access token is empty".into()));
        }
        if self.api_key.as_deref().is_some_and(|key| key.trim().is_empty()) {
            return Err(Error::Config("the developer API key is empty".into()));
        }
        let auth = match self.credential {
            Some(Credential::Token(token)) => Auth::Token(bearer(&token)?),
            Some(Credential::Provider(p)) => Auth::Provider(p),
            None => Auth::None,
        };
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        reqwest::Url::parse(&base_url).map_err(|e| Error::Config(format!("invalid base URL `{base_url}`: {e}")))?;
        let own_http = self.http.is_some();
        // Built without TLS (`default-features = false` and neither TLS feature):
        // say so now rather than on the first request.
        #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
        if !own_http && base_url.starts_with("https:") {
            return Err(Error::Config(format!(
                "`{base_url}` needs TLS, and hubspot-crm was built without it: enable its `rustls` (default) or \
                 `native-tls` feature"
            )));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                // With rustls, reqwest is built without a bundled crypto provider:
                // use ring unless the application installed one of its own.
                #[cfg(feature = "rustls")]
                let _ = rustls::crypto::ring::default_provider().install_default();
                let mut builder =
                    reqwest::Client::builder().user_agent(concat!("hubspot-crm-rust/", env!("CARGO_PKG_VERSION")));
                if let Some(t) = self.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                builder.build().map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                api_key: self.api_key,
                retry: self.retry,
                limiter: Limiter::new(self.rate_limit, self.search_rate_limit),
                limits: crate::generated::RATE_LIMITS,
                search_limit: self.search_limit,
                timeout: self.timeout,
                deadline: self.deadline,
                queue_timeout: self.queue_timeout,
                max_response_size: self.max_response_size,
                own_http,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credential", &"<redacted>")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("deadline", &self.deadline)
            .field("queue_timeout", &self.queue_timeout)
            .field("max_response_size", &self.max_response_size)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("search_rate_limit", &self.search_rate_limit)
            .finish()
    }
}

/// A call's deadline: how long it was given and when it passes.
#[derive(Debug, Clone, Copy)]
struct Deadline {
    total: Duration,
    at: tokio::time::Instant,
}

impl Deadline {
    /// The error of a call that ran out of time.
    fn error(self, progress: &Progress) -> Error {
        Error::Timeout(Box::new(Timeout {
            which: TimeoutKind::Deadline,
            after: Some(self.total),
            attempts: progress.attempts.load(Ordering::Relaxed),
            queued: progress.queued_so_far(),
            source: None,
        }))
    }
}

/// What one call has done so far: attempts sent and time spent in the
/// client's own rate-limit queue (reported apart from time on the wire).
#[derive(Debug, Default)]
struct Progress {
    attempts: AtomicU32,
    queued_us: AtomicU64,
}

impl Progress {
    fn queued(&self, waited: Duration) {
        self.queued_us.fetch_add(waited.as_micros() as u64, Ordering::Relaxed);
    }

    fn queued_so_far(&self) -> Duration {
        Duration::from_micros(self.queued_us.load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `https://` needs a TLS feature; `http://` does not. Without TLS the
    /// build says so at once instead of failing on the first request.
    #[test]
    fn https_needs_a_tls_feature_and_says_which() {
        let https = Client::builder("token").build();
        let http = Client::builder("token").base_url("http://127.0.0.1:9").build();
        assert!(http.is_ok(), "{:?}", http.err());
        if cfg!(any(feature = "rustls", feature = "native-tls")) {
            assert!(https.is_ok(), "{:?}", https.err());
        } else {
            let message = https.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(message.contains("`rustls` (default) or `native-tls` feature"), "{message}");
        }
    }
}
