//! Credentials: a fixed token, or a provider that can refresh one.

use std::future::Future;
use std::pin::Pin;

/// Supplies access tokens, for OAuth apps whose tokens expire.
///
/// `refresh` is `false` for an ordinary request and `true` after the server
/// answered 401 to the last token: fetch a new one then. The client retries
/// that request once with the new token.
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send as `Authorization: Bearer <token>`.
    fn token(&self, refresh: bool) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send + '_>>;
}
