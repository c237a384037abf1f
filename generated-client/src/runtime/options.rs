//! Per-request settings callers pass to a request builder.

use std::time::Duration;

/// Settings for one request, overriding the client's: pass with the request
/// builder's `.options(..)`.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(crate) max_retries: Option<u32>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) queue_timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) retry_unsafe: bool,
}

impl RequestOptions {
    /// Client defaults for everything.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// How many times to retry this request (the client's policy otherwise).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = Some(n);
        self
    }

    /// How long each attempt may take (the client's timeout otherwise).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long the call may take from its first attempt on, every attempt,
    /// backoff and retry wait included (the client's deadline otherwise).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// How long the call may wait for its first turn in the client's
    /// rate-limit queue (the client's queue timeout otherwise).
    pub fn queue_timeout(mut self, timeout: Duration) -> Self {
        self.queue_timeout = Some(timeout);
        self
    }

    /// An extra header, e.g. `Prefer`. Checked when the request is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Also retry timeouts and 5xx for this request when it is not safe to
    /// repeat (a creating `POST`): only when you know a duplicate is harmless.
    pub fn retry_unsafe(mut self) -> Self {
        self.retry_unsafe = true;
        self
    }
}
