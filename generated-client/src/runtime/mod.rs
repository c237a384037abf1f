//! The hand-written runtime every generated API module calls: the client,
//! errors, retries, rate limiting, pagination, batching and the request and
//! response plumbing. Generated code reaches it as `crate::runtime::…` and,
//! for the public items, `crate::…`.
//!
//! Layers: `client` sends and loops; `retry::classify` decides what follows
//! each attempt; `limiter` paces requests; `hubspot` is the one place that
//! knows how HubSpot states its rate limits (behind `limiter::RateLimitProtocol`;
//! the generated root's `RATE_LIMITS` picks the protocol its profile names).
//! Requests are built in `request` (the request, its flags, its URL), `encode`
//! (parameters and bodies) and `options` (caller settings); answers are read
//! in `response`.
//!
//! Generated code for one set of specs uses only part of it.
#![allow(dead_code)]

mod auth;
mod batch;
mod builder;
mod client;
mod encode;
mod enums;
mod error;
mod hubspot;
mod limiter;
// OAuth's and webhooks' helpers are public through the generated `oauth`
// and `webhooks` API modules (each re-exports its helpers), so with those
// features off they are unreachable.
#[cfg_attr(not(feature = "oauth"), allow(dead_code, unused_imports))]
pub mod oauth;
mod options;
mod paging;
mod raw;
mod record;
mod request;
mod response;
mod retry;
pub mod typed;
mod unknown;
#[cfg_attr(not(feature = "webhooks"), allow(dead_code, unused_imports))]
pub mod webhooks;

// Used by generated code for specs with batch or paginated operations.
#[allow(unused_imports)]
pub(crate) use batch::run_body as run_batch;
#[allow(unused_imports)]
pub(crate) use builder::{Unset, builder};
// The generated root names the rate-limit protocol of its vendor profile.
#[allow(unused_imports)]
pub(crate) use encode::*;
#[allow(unused_imports)]
pub(crate) use enums::{open_enum, open_int_enum};
#[allow(unused_imports)]
pub(crate) use hubspot::HubSpotRateLimits;
#[allow(unused_imports)]
pub(crate) use limiter::{PlainRateLimits, RateLimitProtocol};
#[allow(unused_imports)]
pub(crate) use options::*;
#[allow(unused_imports)]
pub(crate) use paging::Page;
#[allow(unused_imports)]
pub(crate) use record::{PropertyValue, id_from, record};
#[allow(unused_imports)]
pub(crate) use request::*;
#[allow(unused_imports)]
pub(crate) use response::*;

/// What a crate built from generated code exports from the runtime.
pub mod public {
    pub use super::auth::TokenProvider;
    pub use super::batch::{BATCH_CONCURRENCY, BatchError, BatchOutcome, ChunkOutcome};
    pub use super::builder::Unset;
    pub use super::client::{
        Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_SIZE, SEARCH_RESULT_LIMIT,
    };
    pub use super::encode::Upload;
    pub use super::error::{ApiError, ApiErrorBody, ApiErrorDetail, Error, Timeout, TimeoutKind};
    pub use super::limiter::RateLimit;
    pub use super::options::RequestOptions;
    pub use super::paging::{Map, Page, PageStream, Pages, StreamExt, Take};
    pub use super::raw::RawRequest;
    pub use super::response::ApiResponse;
    pub use super::retry::RetryPolicy;
    pub use super::typed;
    pub use super::unknown::UnknownValue;
    pub use futures_core::Stream;

    // The crates whose types appear in the public API, so a user never adds
    // a dependency just to name one: `jiff::Timestamp` (date-time fields),
    // `serde_json::Value` (free-form fields), `bytes::Bytes` (raw bodies),
    // `reqwest` (`reqwest::Client`, `reqwest::Error`, and `http`'s types as
    // `reqwest::header::HeaderMap`, `reqwest::StatusCode`).
    pub use bytes::Bytes;
    pub use reqwest::Method;
    pub use reqwest::header::HeaderMap;
    /// The decimal type of typed properties (`decimal` feature).
    #[cfg(feature = "decimal")]
    #[cfg_attr(docsrs, doc(cfg(feature = "decimal")))]
    pub use rust_decimal;
    pub use {bytes, futures_core, jiff, reqwest, serde_json};
}
