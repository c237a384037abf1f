//! When and how long to wait before trying a request again.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::HeaderMap;

/// How failed attempts are retried.
///
/// Retried: connection failures, timeouts, 408, 429 and 5xx, up to
/// `max_retries` times, waiting an exponentially growing, jittered and capped
/// delay, or what the server asked for (`Retry-After`, HubSpot's rate-limit
/// window). Never retried: other 4xx (409 included), and HubSpot's `DAILY`
/// limit. Requests that may not be safe to repeat (a `POST` that creates or
/// changes something) are retried only when the server cannot have acted on
/// them: connecting failed, or it answered 429. See the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) base_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) max_wait: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries, 500 ms doubling up to 30 s, and server-requested waits of
    /// up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// How many times a request is tried again after the first attempt.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The first backoff delay; each retry doubles it.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest backoff delay.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest server-requested wait (`Retry-After`, rate-limit windows)
    /// honoured by waiting; a longer one is returned as an error instead.
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// The backoff before retry number `attempt + 1`: `base · 2^attempt`,
    /// capped, with "equal jitter" (uniform in the upper half).
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX));
        let capped = exp.min(self.max_delay);
        capped / 2 + capped.mul_f64(jitter() / 2.0)
    }
}

/// A number in `[0, 1)`: xorshift over a seed from the clock. Not for secrets.
fn jitter() -> f64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1) | 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// `Retry-After` as seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let when = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let now = jiff::Timestamp::now();
    Some(now.duration_until(when).try_into().unwrap_or(Duration::ZERO))
}

/// How long a HubSpot 429 asks to wait, from its policy: the rolling window
/// for `TEN_SECONDLY_ROLLING` (`X-HubSpot-RateLimit-Interval-Milliseconds`, else
/// 10 s) and `SECONDLY` (1 s). `None` for `DAILY`, which is not waited out.
pub(crate) fn policy_wait(policy: Option<&str>, headers: &HeaderMap) -> Option<Option<Duration>> {
    let interval = headers
        .get("x-hubspot-ratelimit-interval-milliseconds")
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        .map(Duration::from_millis);
    match policy {
        Some("DAILY") => None,
        Some("TEN_SECONDLY_ROLLING") => Some(Some(interval.unwrap_or(Duration::from_secs(10)))),
        Some("SECONDLY") => Some(Some(Duration::from_secs(1))),
        _ => Some(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_jittered_and_capped() {
        let p = RetryPolicy::default().base_delay(Duration::from_millis(100)).max_delay(Duration::from_secs(1));
        for attempt in 0..8 {
            let full = Duration::from_millis(100 * (1 << attempt)).min(Duration::from_secs(1));
            let d = p.backoff(attempt);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?} not in [{:?}, {full:?}]", full / 2);
        }
        assert!(p.backoff(200) <= Duration::from_secs(1));
    }

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "2".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::ZERO), "a date in the past means now");
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn hubspot_policies() {
        let mut h = HeaderMap::new();
        assert_eq!(policy_wait(Some("DAILY"), &h), None);
        assert_eq!(policy_wait(Some("SECONDLY"), &h), Some(Some(Duration::from_secs(1))));
        assert_eq!(policy_wait(Some("TEN_SECONDLY_ROLLING"), &h), Some(Some(Duration::from_secs(10))));
        h.insert("x-hubspot-ratelimit-interval-milliseconds", "2500".parse().unwrap());
        assert_eq!(policy_wait(Some("TEN_SECONDLY_ROLLING"), &h), Some(Some(Duration::from_millis(2500))));
        assert_eq!(policy_wait(None, &h), Some(None));
    }
}
