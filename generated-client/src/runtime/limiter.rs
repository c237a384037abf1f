//! Client-side rate limiting: token buckets shared by all clones of a client,
//! and the trait through which a server's own statement of its limits reaches
//! them (and the retry classifier) without this module knowing the server.

use std::sync::Mutex;
use std::time::Duration;

use reqwest::header::HeaderMap;
use tokio::time::Instant;

/// How one API states its rate limits in its answers. The limiter and the
/// retry classifier ask only through this. Which one a crate uses is the
/// generated code's choice (`crate::generated::RATE_LIMITS`, from the
/// generator's vendor profile): `super::hubspot::HubSpotRateLimits`, or
/// [`PlainRateLimits`] for an API without a known protocol.
pub(crate) trait RateLimitProtocol: Send + Sync + 'static {
    /// What an answer's headers say about the client's budget.
    fn budget(&self, headers: &HeaderMap) -> Budget;

    /// How a 429 answer (its headers and raw body) asks to be waited out.
    fn throttle(&self, headers: &HeaderMap, body: &[u8]) -> Throttle;

    /// The client-side limits a new client starts with (general, search).
    fn default_limits(&self) -> (Option<RateLimit>, Option<RateLimit>);
}

/// An API that states no budget in its headers: a 429 is waited out as
/// `Retry-After` says (or by backoff), and the client paces nothing unless
/// its builder is given a rate limit.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PlainRateLimits;

impl RateLimitProtocol for PlainRateLimits {
    fn budget(&self, _: &HeaderMap) -> Budget {
        Budget::default()
    }

    fn throttle(&self, _: &HeaderMap, _: &[u8]) -> Throttle {
        Throttle::Wait(None)
    }

    fn default_limits(&self) -> (Option<RateLimit>, Option<RateLimit>) {
        (None, None)
    }
}

/// What an answer says about the budget; every part may be missing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Budget {
    /// Requests allowed per window.
    pub(crate) max: Option<f64>,
    /// The window, in milliseconds.
    pub(crate) interval_ms: Option<f64>,
    /// Requests left in the current window.
    pub(crate) remaining: Option<f64>,
}

/// How a 429 asks to be waited out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Throttle {
    /// The limit will not reset soon (a daily quota): do not wait, return the error.
    Refuse,
    /// Wait, for the limit's window when the answer names one. `Retry-After`
    /// comes first either way.
    Wait(Option<Duration>),
}

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
            Err(seconds((1.0 - self.tokens) / self.per_second))
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
        Limiter {
            general: general.map(|r| Mutex::new(Bucket::new(r))),
            search: search.map(|r| Mutex::new(Bucket::new(r))),
        }
    }

    /// Wait until the request may go.
    pub(crate) async fn acquire(&self, kind: BucketKind) {
        if kind == BucketKind::Search {
            take(self.search.as_ref()).await;
        }
        take(self.general.as_ref()).await;
    }

    /// Follow what the server says about the general limit: a `max` per
    /// `interval_ms` resets the rate, `remaining` caps the tokens left.
    pub(crate) fn observe(&self, budget: &Budget) {
        let Some(general) = &self.general else { return };
        let Budget { max, interval_ms, remaining } = *budget;
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

/// A wait in seconds as a `Duration`, whatever a server's numbers made of
/// it: never a panic, at most [`LONGEST_WAIT`].
pub(crate) fn seconds(secs: f64) -> Duration {
    if secs.is_nan() || secs <= 0.0 {
        return Duration::ZERO;
    }
    Duration::try_from_secs_f64(secs).map_or(LONGEST_WAIT, |d| d.min(LONGEST_WAIT))
}

/// The longest wait a server's numbers can make: a day.
pub(crate) const LONGEST_WAIT: Duration = Duration::from_secs(86_400);

#[cfg(test)]
mod tests {
    use super::*;

    /// Run `f` on a current-thread runtime whose clock is paused: sleeps
    /// advance virtual time at once, so rates are checked exactly and fast.
    fn paused<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap().block_on(f)
    }

    /// When each of `n` acquisitions went through, in virtual seconds from the start.
    async fn times(limiter: &Limiter, kind: BucketKind, n: usize) -> Vec<f64> {
        let start = Instant::now();
        let mut out = Vec::new();
        for _ in 0..n {
            limiter.acquire(kind).await;
            out.push((Instant::now() - start).as_secs_f64());
        }
        out
    }

    fn round(v: Vec<f64>) -> Vec<f64> {
        v.into_iter().map(|t| (t * 1000.0).round() / 1000.0).collect()
    }

    #[test]
    fn absurd_numbers_make_bounded_waits_not_panics() {
        assert_eq!(seconds(f64::INFINITY), LONGEST_WAIT);
        assert_eq!(seconds(1e300), LONGEST_WAIT);
        assert_eq!(seconds(f64::NAN), Duration::ZERO);
        assert_eq!(seconds(-3.0), Duration::ZERO);
        assert_eq!(seconds(1.5), Duration::from_millis(1500));
        // A budget of one request per 1e300 ms: the next wait is bounded.
        let limiter = Limiter::new(Some(RateLimit::per_ten_seconds(5)), None);
        limiter.observe(&Budget { max: Some(1.0), interval_ms: Some(1e300), remaining: Some(0.0) });
        let mut bucket = limiter.general.as_ref().unwrap().lock().unwrap();
        assert_eq!(bucket.take(Instant::now()), Err(LONGEST_WAIT));
    }

    #[test]
    fn a_bucket_allows_a_burst_then_holds_the_rate() {
        paused(async {
            let limiter = Limiter::new(Some(RateLimit::per_ten_seconds(5)), None);
            let t = round(times(&limiter, BucketKind::General, 8).await);
            assert_eq!(t, [0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 4.0, 6.0]);
        });
    }

    #[test]
    fn searches_draw_from_both_buckets() {
        paused(async {
            let limiter = Limiter::new(Some(RateLimit::per_ten_seconds(100)), Some(RateLimit::per_second(2)));
            let t = round(times(&limiter, BucketKind::Search, 4).await);
            assert_eq!(t, [0.0, 0.0, 0.5, 1.0]);
            let t = round(times(&limiter, BucketKind::General, 3).await);
            assert_eq!(t, [0.0, 0.0, 0.0], "the general bucket still has tokens");
        });
    }

    #[test]
    fn concurrent_callers_share_one_bucket_in_order() {
        paused(async {
            let limiter = std::sync::Arc::new(Limiter::new(Some(RateLimit::per_second(2)), None));
            let start = Instant::now();
            let mut tasks = Vec::new();
            for i in 0..6 {
                let limiter = limiter.clone();
                tasks.push(tokio::spawn(async move {
                    limiter.acquire(BucketKind::General).await;
                    (i, (Instant::now() - start).as_secs_f64())
                }));
            }
            let mut done = Vec::new();
            for t in tasks {
                done.push(t.await.unwrap().1);
            }
            done.sort_by(f64::total_cmp);
            // Two at once, then one every half second, whoever asks.
            assert_eq!(round(done), [0.0, 0.0, 0.5, 1.0, 1.5, 2.0]);
        });
    }

    #[test]
    fn the_server_budget_adapts_the_bucket() {
        paused(async {
            let limiter = Limiter::new(Some(RateLimit::per_ten_seconds(100)), None);
            limiter.observe(&Budget { max: Some(4.0), interval_ms: Some(2000.0), remaining: Some(1.0) });
            // One token left; then the server's rate: 4 per 2 s.
            let t = round(times(&limiter, BucketKind::General, 3).await);
            assert_eq!(t, [0.0, 0.5, 1.0]);
        });
    }

    #[test]
    fn a_partial_budget_changes_only_what_it_states() {
        paused(async {
            let limiter = Limiter::new(Some(RateLimit::per_second(2)), None);
            // A window without a maximum says nothing: both tokens are still there.
            limiter.observe(&Budget { interval_ms: Some(1.0), ..Budget::default() });
            assert_eq!(round(times(&limiter, BucketKind::General, 2).await), [0.0, 0.0]);
            // A maximum without a window caps nothing and keeps the rate.
            limiter.observe(&Budget { max: Some(50.0), ..Budget::default() });
            assert_eq!(round(times(&limiter, BucketKind::General, 2).await), [0.5, 1.0]);
            // Remaining zero empties the bucket; a negative count is taken as zero.
            let limiter = Limiter::new(Some(RateLimit::per_second(2)), None);
            limiter.observe(&Budget { remaining: Some(-3.0), ..Budget::default() });
            assert_eq!(round(times(&limiter, BucketKind::General, 1).await), [0.5]);
        });
    }

    #[test]
    fn no_limit_never_waits() {
        paused(async {
            let limiter = Limiter::new(None, None);
            assert!(times(&limiter, BucketKind::Search, 1000).await.iter().all(|t| *t == 0.0));
        });
    }
}
