//! Client-side rate limiting: token buckets shared by all clones of a client.

use std::sync::Mutex;
use std::time::Duration;

use reqwest::header::HeaderMap;
use tokio::time::Instant;

/// A rate: `requests` per `per`, with bursts of up to `requests`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub(crate) requests: u32,
    pub(crate) per: Duration,
}

impl RateLimit {
    /// `requests` per `per`. A rate of zero requests is taken as one.
    pub fn new(requests: u32, per: Duration) -> Self {
        RateLimit { requests: requests.max(1), per: if per.is_zero() { Duration::from_millis(1) } else { per } }
    }

    /// `requests` per rolling 10 seconds, the unit of HubSpot's app limits.
    pub fn per_ten_seconds(requests: u32) -> Self {
        RateLimit::new(requests, Duration::from_secs(10))
    }

    /// `requests` per second.
    pub fn per_second(requests: u32) -> Self {
        RateLimit::new(requests, Duration::from_secs(1))
    }
}

/// Which bucket a request draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BucketKind {
    General,
    /// Search endpoints have a lower limit of their own (and count toward the general one too).
    Search,
}

#[derive(Debug)]
struct Bucket {
    capacity: f64,
    tokens: f64,
    per_second: f64,
    last: Instant,
}

impl Bucket {
    fn new(rate: RateLimit) -> Self {
        let capacity = f64::from(rate.requests);
        Bucket { capacity, tokens: capacity, per_second: capacity / rate.per.as_secs_f64(), last: Instant::now() }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.capacity);
        self.last = now;
    }

    /// Take a token, or say how long until one is there.
    fn take(&mut self, now: Instant) -> Result<(), Duration> {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - self.tokens) / self.per_second))
        }
    }
}

/// The buckets of one client.
#[derive(Debug)]
pub(crate) struct Limiter {
    general: Option<Mutex<Bucket>>,
    search: Option<Mutex<Bucket>>,
}

impl Limiter {
    pub(crate) fn new(general: Option<RateLimit>, search: Option<RateLimit>) -> Self {
        Limiter { general: general.map(|r| Mutex::new(Bucket::new(r))), search: search.map(|r| Mutex::new(Bucket::new(r))) }
    }

    /// Wait until the request may go.
    pub(crate) async fn acquire(&self, kind: BucketKind) {
        if kind == BucketKind::Search {
            take(self.search.as_ref()).await;
        }
        take(self.general.as_ref()).await;
    }

    /// Follow what the server says about the general limit:
    /// `X-HubSpot-RateLimit-Max` per `X-HubSpot-RateLimit-Interval-Milliseconds`
    /// resets the rate, `X-HubSpot-RateLimit-Remaining` caps the tokens left.
    pub(crate) fn observe(&self, headers: &HeaderMap) {
        let Some(general) = &self.general else { return };
        let number = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()?.trim().parse::<f64>().ok());
        let max = number("x-hubspot-ratelimit-max");
        let interval_ms = number("x-hubspot-ratelimit-interval-milliseconds");
        let remaining = number("x-hubspot-ratelimit-remaining");
        if max.is_none() && remaining.is_none() {
            return;
        }
        let mut bucket = general.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        bucket.refill(Instant::now());
        if let (Some(max), Some(ms)) = (max, interval_ms)
            && max >= 1.0
            && ms > 0.0
        {
            bucket.capacity = max;
            bucket.per_second = max / (ms / 1000.0);
        }
        if let Some(remaining) = remaining {
            bucket.tokens = bucket.tokens.min(remaining.max(0.0));
        }
    }
}

async fn take(bucket: Option<&Mutex<Bucket>>) {
    let Some(bucket) = bucket else { return };
    loop {
        let wait = {
            let mut b = bucket.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            match b.take(Instant::now()) {
                Ok(()) => return,
                Err(wait) => wait,
            }
        };
        tokio::time::sleep(wait).await;
    }
}
