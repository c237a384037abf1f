//! OAuth 2.0 for HubSpot apps: the authorize URL, exchanging a code for
//! tokens, refreshing them, and a credential a [`Client`] holds instead of a
//! fixed token that refreshes itself.
//!
//! ```no_run
//! use hubspot_crm::Client;
//! use hubspot_crm::oauth::OAuthApp;
//!
//! # async fn run(code: &str) -> Result<(), hubspot_crm::Error> {
//! let app = OAuthApp::new("client-id", "client-secret", "https://example.com/oauth/callback");
//! // 1. Send the user here; HubSpot redirects back with `?code=…&state=…`.
//! let url = app.authorize_url().scopes(["crm.objects.contacts.read"]).state("csrf-token").build();
//! # let _ = url;
//! // 2. Exchange the code, keep the tokens (the refresh token above all).
//! let tokens = app.exchange_code(code).await?;
//! // 3. A client that refreshes before expiry and after a 401, one refresh at a
//! //    time for all its clones, telling you each rotated refresh token.
//! let credential = app.refreshing(tokens).on_refresh(|tokens| {
//!     // persist tokens.refresh_token() somewhere safe
//!     # let _ = tokens;
//! });
//! let client = Client::with_token_provider(credential).build()?;
//! # let _ = client; Ok(()) }
//! ```
//!
//! Secrets (the client secret, access and refresh tokens) never appear in
//! `Debug` output, errors or tracing.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::auth::TokenProvider;
use super::client::{Client, ClientBuilder, DEFAULT_BASE_URL};
use super::encode::percent;
use super::error::Error;
use super::request::Method;

/// Where users grant an app access.
pub const AUTHORIZE_URL: &str = "https://app.hubspot.com/oauth/authorize";

/// The token endpoint's path under the API's base URL.
pub const TOKEN_PATH: &str = "/oauth/v1/token";

/// How long before expiry a token is refreshed by default.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// A HubSpot app's OAuth settings, and the calls to its token endpoint.
#[derive(Clone)]
pub struct OAuthApp {
    client_id: String,
    client_secret: String,
    redirect_uri: String,
    token_path: String,
    base_url: String,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("redirect_uri", &self.redirect_uri)
            .field("token_path", &self.token_path)
            .field("base_url", &self.base_url)
            .finish()
    }
}

/// An access token, the refresh token that renews it, and when it expires.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    access_token: String,
    refresh_token: String,
    expires_at: jiff::Timestamp,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Tokens {
    /// Tokens kept from an earlier exchange or refresh.
    pub fn new(access_token: impl Into<String>, refresh_token: impl Into<String>, expires_at: jiff::Timestamp) -> Self {
        Tokens { access_token: access_token.into(), refresh_token: refresh_token.into(), expires_at }
    }

    /// The access token (a secret).
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    /// The refresh token (a secret to persist: it is what keeps the app connected).
    pub fn refresh_token(&self) -> &str {
        &self.refresh_token
    }

    /// When the access token expires.
    pub fn expires_at(&self) -> jiff::Timestamp {
        self.expires_at
    }
}

/// The token endpoint's answer.
#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    expires_in: i64,
}

/// Builds the URL a user is sent to to install the app.
#[derive(Debug, Clone)]
#[must_use]
pub struct AuthorizeUrl {
    base: String,
    client_id: String,
    redirect_uri: String,
    scopes: Vec<String>,
    optional_scopes: Vec<String>,
    state: Option<String>,
}

impl AuthorizeUrl {
    /// The scopes the app needs (space-separated in the URL).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// Scopes the app uses when the account has them.
    pub fn optional_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.optional_scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// A value HubSpot hands back with the code, to tie the callback to this
    /// user's session (guards against cross-site request forgery).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// The URL.
    pub fn build(&self) -> String {
        let mut url = format!(
            "{}?client_id={}&redirect_uri={}",
            self.base,
            percent(&self.client_id),
            percent(&self.redirect_uri)
        );
        for (name, scopes) in [("scope", &self.scopes), ("optional_scope", &self.optional_scopes)] {
            if !scopes.is_empty() {
                url.push_str(&format!("&{name}={}", percent(&scopes.join(" "))));
            }
        }
        if let Some(state) = &self.state {
            url.push_str(&format!("&state={}", percent(state)));
        }
        url
    }
}

impl OAuthApp {
    /// An app's client id and secret, and the redirect URI registered for it.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        OAuthApp {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
            token_path: TOKEN_PATH.to_owned(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            http: None,
        }
    }

    /// Call the token endpoint under this base URL instead of `https://api.hubapi.com`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Call this token endpoint path instead of [`TOKEN_PATH`]
    /// (`/oauth/2026-09/token` for the dated API).
    pub fn token_path(mut self, path: impl Into<String>) -> Self {
        self.token_path = path.into();
        self
    }

    /// Use this HTTP client for token calls.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The URL that starts an install: add scopes and a state, then `build()`.
    pub fn authorize_url(&self) -> AuthorizeUrl {
        AuthorizeUrl {
            base: AUTHORIZE_URL.to_owned(),
            client_id: self.client_id.clone(),
            redirect_uri: self.redirect_uri.clone(),
            scopes: Vec::new(),
            optional_scopes: Vec::new(),
            state: None,
        }
    }

    /// Exchange the code HubSpot passed to the redirect URI for tokens.
    pub async fn exchange_code(&self, code: &str) -> Result<Tokens, Error> {
        let form = [
            ("grant_type", "authorization_code"),
            ("client_id", &self.client_id),
            ("client_secret", &self.client_secret),
            ("redirect_uri", &self.redirect_uri),
            ("code", code),
        ];
        self.token_call(&form, None).await
    }

    /// New tokens for a refresh token. HubSpot may rotate the refresh token:
    /// keep the one returned.
    pub async fn refresh(&self, refresh_token: &str) -> Result<Tokens, Error> {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", &self.client_id),
            ("client_secret", &self.client_secret),
            ("redirect_uri", &self.redirect_uri),
            ("refresh_token", refresh_token),
        ];
        self.token_call(&form, Some(refresh_token)).await
    }

    /// A credential for [`Client::with_token_provider`] that starts from
    /// `tokens` and refreshes them.
    pub fn refreshing(self, tokens: Tokens) -> RefreshingToken {
        RefreshingToken {
            app: self,
            state: tokio::sync::Mutex::new(State { tokens, refreshed_at: None }),
            margin: DEFAULT_REFRESH_MARGIN,
            on_refresh: None,
        }
    }

    async fn token_call(&self, form: &[(&str, &str)], old_refresh: Option<&str>) -> Result<Tokens, Error> {
        let mut builder = ClientBuilder::without_credentials().base_url(&self.base_url).no_rate_limit();
        if let Some(http) = &self.http {
            builder = builder.http_client(http.clone());
        }
        let client = builder.build()?;
        let body: std::collections::BTreeMap<&str, &str> = form.iter().copied().collect();
        let answer = client
            .request_as(Method::POST, self.token_path.clone(), "/oauth/token")
            .public()
            .form(&body)
            .send::<TokenAnswer>()
            .await?
            .value;
        let refresh_token = answer
            .refresh_token
            .or_else(|| old_refresh.map(str::to_owned))
            .ok_or_else(|| Error::Auth("the token endpoint returned no refresh token".into()))?;
        let expires_at = jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::from_secs(answer.expires_in.max(0)))
            .map_err(|_| Error::Auth("the token endpoint returned an expiry out of range".into()))?;
        Ok(Tokens { access_token: answer.access_token, refresh_token, expires_at })
    }
}

type OnRefresh = Arc<dyn Fn(&Tokens) + Send + Sync>;

struct State {
    tokens: Tokens,
    /// When this credential last refreshed (a 401 right after it is not
    /// answered with another refresh).
    refreshed_at: Option<tokio::time::Instant>,
}

/// OAuth tokens that refresh themselves: before they expire (a margin of
/// 60 s by default) and once after a 401. Clones of a client share one, and
/// one refresh at a time: callers that need a token while it refreshes wait
/// for its result.
pub struct RefreshingToken {
    app: OAuthApp,
    state: tokio::sync::Mutex<State>,
    margin: Duration,
    on_refresh: Option<OnRefresh>,
}

impl fmt::Debug for RefreshingToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshingToken").field("app", &self.app).field("margin", &self.margin).finish()
    }
}

impl RefreshingToken {
    /// Refresh this long before the access token expires.
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Called with the new tokens after each refresh: persist the refresh
    /// token, which HubSpot may have rotated.
    pub fn on_refresh(mut self, callback: impl Fn(&Tokens) + Send + Sync + 'static) -> Self {
        self.on_refresh = Some(Arc::new(callback));
        self
    }

    /// The current tokens.
    pub async fn tokens(&self) -> Tokens {
        self.state.lock().await.tokens.clone()
    }

    async fn access_token(&self, after_401: bool) -> Result<String, String> {
        let mut state = self.state.lock().await;
        let now = jiff::Timestamp::now();
        let fresh_enough = now
            .checked_add(jiff::SignedDuration::try_from(self.margin).unwrap_or(jiff::SignedDuration::MAX))
            .is_ok_and(|t| t < state.tokens.expires_at);
        // Just refreshed (by this caller's neighbours while it waited): the 401
        // was for the token before.
        let just_refreshed = state.refreshed_at.is_some_and(|at| at.elapsed() < Duration::from_secs(10));
        if (fresh_enough && !after_401) || (after_401 && just_refreshed) {
            return Ok(state.tokens.access_token.clone());
        }
        let tokens = self
            .app
            .refresh(&state.tokens.refresh_token)
            .await
            .map_err(|e| format!("the OAuth token refresh failed: {e}"))?;
        if let Some(callback) = &self.on_refresh {
            callback(&tokens);
        }
        tracing::debug!(expires_at = %tokens.expires_at, "OAuth tokens refreshed");
        state.tokens = tokens;
        state.refreshed_at = Some(tokio::time::Instant::now());
        Ok(state.tokens.access_token.clone())
    }
}

impl TokenProvider for RefreshingToken {
    fn token(&self, refresh: bool) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send + '_>> {
        Box::pin(self.access_token(refresh))
    }
}

impl Client {
    /// A client for an OAuth app's tokens, refreshed as they expire (a
    /// shortcut for `Client::with_token_provider(app.refreshing(tokens))`).
    pub fn with_oauth(app: OAuthApp, tokens: Tokens) -> ClientBuilder {
        Client::with_token_provider(app.refreshing(tokens))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authorize_url() {
        let app = OAuthApp::new("id 1", "secret", "https://example.com/cb?x=1");
        let url = app
            .authorize_url()
            .scopes(["crm.objects.contacts.read", "oauth"])
            .optional_scopes(["crm.objects.deals.read"])
            .state("a&b")
            .build();
        assert_eq!(
            url,
            "https://app.hubspot.com/oauth/authorize?client_id=id%201&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1\
             &scope=crm.objects.contacts.read%20oauth&optional_scope=crm.objects.deals.read&state=a%26b"
        );
        assert_eq!(
            app.authorize_url().build(),
            "https://app.hubspot.com/oauth/authorize?client_id=id%201&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1"
        );
    }

    #[test]
    fn no_secret_in_debug() {
        let app = OAuthApp::new("id", "SECRET-1", "https://example.com/cb");
        let tokens = Tokens::new("ACCESS-2", "REFRESH-3", jiff::Timestamp::UNIX_EPOCH);
        let credential = app.clone().refreshing(tokens.clone());
        let shown = format!("{app:?} {tokens:?} {credential:?}");
        for secret in ["SECRET-1", "ACCESS-2", "REFRESH-3"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}
