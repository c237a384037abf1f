//! Client-side rate limiting: rolling windows shared by all clones of a
//! client and served first come, first served, and the trait through which
//! a server's own statement of its limits reaches them (and the retry
//! classifier) without this module knowing the server.

use std::collections::VecDeque;
use std::ops::RangeInclusive;
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

/// What an answer says about the budget, already checked by the protocol's
/// parser ([`header_number`]); every part may be missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Budget {
    /// The server's limit: requests per window.
    pub(crate) limit: Option<RateLimit>,
    /// Requests left in the server's current window.
    pub(crate) remaining: Option<u32>,
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

/// A header holding a whole number within `range`, or `None`: a missing
/// header silently, anything else (a fraction, `1e300`, `inf`, a negative
/// or out-of-range number, text) with a `tracing` warning. The one parser
/// for the numbers a rate-limit protocol reads from answers.
pub(crate) fn header_number(headers: &HeaderMap, name: &str, range: RangeInclusive<u64>) -> Option<u64> {
    let value = headers.get(name)?;
    let number = value.to_str().ok().and_then(|text| text.trim().parse::<u64>().ok());
    match number {
        Some(n) if range.contains(&n) => Some(n),
        _ => {
            tracing::warn!(
                header = name,
                value = %String::from_utf8_lossy(value.as_bytes()),
                min = range.start(),
                max = range.end(),
                "ignoring a rate-limit header that is not a whole number in range"
            );
            None
        }
    }
}

/// A rate: at most `requests` in any rolling window of length `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub(crate) requests: u32,
    pub(crate) per: Duration,
}

impl RateLimit {
    /// At most `requests` in any rolling window of length `per`. A rate of
    /// zero requests is taken as one, and a zero window as one millisecond.
    pub fn new(requests: u32, per: Duration) -> Self {
        RateLimit { requests: requests.max(1), per: if per.is_zero() { Duration::from_millis(1) } else { per } }
    }

    /// `requests` per rolling 10 seconds, the unit of HubSpot's app limits.
    pub fn per_ten_seconds(requests: u32) -> Self {
        RateLimit::new(requests, Duration::from_secs(10))
    }

    /// `requests` per rolling second.
    pub fn per_second(requests: u32) -> Self {
        RateLimit::new(requests, Duration::from_secs(1))
    }

    /// Requests per second on average.
    fn per_second_average(self) -> f64 {
        f64::from(self.requests) / self.per.as_secs_f64()
    }
}

/// The lowest rate a server's headers can set the client to: one request
/// per second. A stated limit below it is ignored (with a warning).
pub(crate) const FLOOR_PER_SECOND: f64 = 1.0;

/// Which window a request draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BucketKind {
    General,
    /// Search endpoints have a lower limit of their own (and count toward the general one too).
    Search,
}

/// Send times within one rolling window of `limit`, oldest first: a request
/// may go when fewer than `limit.requests` were sent in the window before
/// it, so no window of that length ever holds more. At most
/// `limit.requests` times are kept (older ones cannot decide anything).
#[derive(Debug)]
struct Sends {
    limit: RateLimit,
    times: VecDeque<Instant>,
}

impl Sends {
    fn new(limit: RateLimit) -> Self {
        Sends { limit, times: VecDeque::new() }
    }

    /// The window plus a guard of 1 % for the time between the client's
    /// count and the server's (a request is counted when it leaves the
    /// queue and arrives a little later).
    fn span(&self) -> Duration {
        self.limit.per + self.limit.per / 100
    }

    /// Forget sends that left the window; `None` when another may go now,
    /// else when it may.
    fn next_free(&mut self, now: Instant) -> Option<Instant> {
        let span = self.span();
        while self.times.front().is_some_and(|t| *t + span <= now) {
            self.times.pop_front();
        }
        let n = self.limit.requests as usize;
        (self.times.len() >= n).then(|| self.times[self.times.len() - n] + span)
    }

    fn push(&mut self, at: Instant) {
        self.times.push_back(at);
        while self.times.len() > self.limit.requests as usize {
            self.times.pop_front();
        }
    }
}

/// One limit: its rolling window, and a window a tenth as long holding a
/// tenth as many, so that a queue of waiting calls is paced through the
/// window instead of leaving in one burst and then waiting a whole window
/// (the throughput is the same; the wait for each call is its place in the
/// queue divided by the rate). Requests the server counted and we did not
/// are in the main window only.
#[derive(Debug)]
struct Log {
    limit: RateLimit,
    window: Sends,
    pace: Sends,
}

impl Log {
    fn new(limit: RateLimit) -> Self {
        Log { limit, window: Sends::new(limit), pace: Sends::new(Log::pace(limit)) }
    }

    /// A tenth of the limit (at least one) in a tenth of the window.
    fn pace(limit: RateLimit) -> RateLimit {
        RateLimit::new(limit.requests.div_ceil(10), limit.per / 10)
    }

    /// `None` when a request may go now, else when it may.
    fn next_free(&mut self, now: Instant) -> Option<Instant> {
        match (self.window.next_free(now), self.pace.next_free(now)) {
            (None, None) => None,
            (a, b) => a.max(b),
        }
    }

    fn record(&mut self, now: Instant) {
        self.window.push(now);
        self.pace.push(now);
    }

    /// The server's limit replaces ours, unless it is below the floor.
    fn set_limit(&mut self, limit: RateLimit) {
        if limit == self.limit {
            return;
        }
        if limit.per_second_average() < FLOOR_PER_SECOND {
            tracing::warn!(
                requests = limit.requests,
                per_ms = limit.per.as_millis() as u64,
                "ignoring a server-stated rate limit below the floor of one request per second"
            );
            return;
        }
        self.limit = limit;
        self.window.limit = limit;
        self.pace.limit = Log::pace(limit);
        for sends in [&mut self.window, &mut self.pace] {
            while sends.times.len() > sends.limit.requests as usize {
                sends.times.pop_front();
            }
        }
    }

    /// The server has `remaining` requests left in its window: count as sent
    /// now those it counted and we did not (other clients of the same app).
    /// They leave the window one window from now, so the wait this can cause
    /// is at most one window.
    fn server_remaining(&mut self, remaining: u32, now: Instant) {
        self.window.next_free(now);
        let used = self.limit.requests.saturating_sub(remaining) as usize;
        for _ in self.window.times.len()..used {
            self.window.push(now);
        }
    }
}

/// A rolling-window limit shared by all clones of a client, served first
/// come, first served.
#[derive(Debug)]
struct Window {
    /// Whose turn it is: tokio's mutex queues waiters in arrival order, and
    /// the holder is the next request to go.
    turn: tokio::sync::Mutex<()>,
    log: Mutex<Log>,
}

impl Window {
    fn new(limit: RateLimit) -> Self {
        Window { turn: tokio::sync::Mutex::new(()), log: Mutex::new(Log::new(limit)) }
    }

    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Wait (holding the turn) until a request may go; with `record`, count
    /// it as sent.
    async fn until_free(&self, record: bool) {
        loop {
            let at = {
                let mut log = self.log();
                let now = Instant::now();
                match log.next_free(now) {
                    None => {
                        if record {
                            log.record(now);
                        }
                        return;
                    }
                    Some(at) => at,
                }
            };
            tokio::time::sleep_until(at).await;
        }
    }
}

/// The rolling-window limits of one client.
#[derive(Debug)]
pub(crate) struct Limiter {
    general: Option<Window>,
    search: Option<Window>,
}

impl Limiter {
    pub(crate) fn new(general: Option<RateLimit>, search: Option<RateLimit>) -> Self {
        Limiter { general: general.map(Window::new), search: search.map(Window::new) }
    }

    /// Wait, in arrival order, until the request may go, and count it as
    /// sent; returns how long it waited. A search waits its turn among
    /// searches first, then among all requests, and is counted in both
    /// windows at the moment it leaves.
    pub(crate) async fn acquire(&self, kind: BucketKind) -> Duration {
        let start = Instant::now();
        let search = match (kind, &self.search) {
            (BucketKind::Search, Some(window)) => {
                let turn = window.turn.lock().await;
                window.until_free(false).await;
                Some((window, turn))
            }
            _ => None,
        };
        if let Some(window) = &self.general {
            let _turn = window.turn.lock().await;
            window.until_free(true).await;
        }
        if let Some((window, _turn)) = search {
            // Only turn holders record in the search window, so it is still free.
            window.log().record(Instant::now());
        }
        start.elapsed()
    }

    /// Follow what the server says about the general limit: its limit
    /// replaces the configured one (above the floor), and its `remaining`
    /// counts requests other clients made.
    pub(crate) fn observe(&self, budget: &Budget) {
        let Some(general) = &self.general else { return };
        if budget.limit.is_none() && budget.remaining.is_none() {
            return;
        }
        let mut log = general.log();
        if let Some(limit) = budget.limit {
            log.set_limit(limit);
        }
        if let Some(remaining) = budget.remaining {
            log.server_remaining(remaining, Instant::now());
        }
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
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

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
    }

    #[test]
    fn header_numbers_are_whole_and_in_range() {
        let mut h = HeaderMap::new();
        let read = |h: &HeaderMap| header_number(h, "x-n", 1..=100);
        assert_eq!(read(&h), None);
        for (text, expected) in [(" 7 ", Some(7)), ("100", Some(100)), ("1", Some(1))] {
            h.insert("x-n", text.parse().unwrap());
            assert_eq!(read(&h), expected, "{text:?}");
        }
        for text in
            ["0", "101", "1e300", "inf", "-1", "2.5", "NaN", "lots", "18446744073709551615", "99999999999999999999"]
        {
            h.insert("x-n", text.parse().unwrap());
            assert_eq!(read(&h), None, "{text:?}");
        }
    }

    #[test]
    fn a_queue_is_paced_through_the_window() {
        paused(async {
            let limiter = Limiter::new(Some(RateLimit::per_ten_seconds(20)), None);
            let t = round(times(&limiter, BucketKind::General, 24).await);
            // Two (a tenth) per second (a tenth of the window, and the 1 % guard):
            // 20 in the first window, and the 21st when the first has left it.
            let expected: Vec<f64> = (0..24).map(|i| (i / 2) as f64 * 1.01).collect();
            assert_eq!(t, round(expected));
        });
    }

    #[test]
    fn a_window_holds_its_limit_when_the_pace_would_allow_more() {
        paused(async {
            // One per second is the pace of 5 per 10 s: the window decides the sixth.
            let limiter = Limiter::new(Some(RateLimit::per_ten_seconds(5)), None);
            let t = round(times(&limiter, BucketKind::General, 8).await);
            assert_eq!(t, [0.0, 1.01, 2.02, 3.03, 4.04, 10.1, 11.11, 12.12]);
        });
    }

    #[test]
    fn searches_draw_from_both_windows() {
        paused(async {
            let limiter = Limiter::new(Some(RateLimit::per_ten_seconds(100)), Some(RateLimit::per_second(2)));
            let t = round(times(&limiter, BucketKind::Search, 4).await);
            assert_eq!(t, [0.0, 0.101, 1.01, 1.111]);
            let t = round(times(&limiter, BucketKind::General, 3).await);
            assert_eq!(t, [0.0, 0.0, 0.0], "the general window still has room");
            // Searches count toward the general window too: three per second,
            // taken by searches at 0, 0.101 and 0.202 s, leave the next
            // request for 1.01 s.
            let limiter = Limiter::new(Some(RateLimit::per_second(3)), Some(RateLimit::per_second(100)));
            assert_eq!(round(times(&limiter, BucketKind::Search, 3).await), [0.0, 0.101, 0.202]);
            assert_eq!(round(times(&limiter, BucketKind::General, 1).await), [0.808]);
        });
    }

    #[test]
    fn concurrent_callers_are_served_in_arrival_order() {
        paused(async {
            let limiter = Arc::new(Limiter::new(Some(RateLimit::per_second(2)), None));
            let start = Instant::now();
            let served = Arc::new(Mutex::new(Vec::new()));
            let mut tasks = Vec::new();
            for i in 0..6 {
                let (limiter, served) = (limiter.clone(), served.clone());
                tasks.push(tokio::spawn(async move {
                    limiter.acquire(BucketKind::General).await;
                    served.lock().unwrap().push((i, (Instant::now() - start).as_secs_f64()));
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
            let served = served.lock().unwrap().clone();
            assert_eq!(served.iter().map(|s| s.0).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
            assert_eq!(round(served.iter().map(|s| s.1).collect()), [0.0, 0.101, 1.01, 1.111, 2.02, 2.121]);
        });
    }

    #[test]
    fn the_server_budget_adapts_the_window() {
        paused(async {
            let limiter = Limiter::new(Some(RateLimit::per_ten_seconds(100)), None);
            let limit = Some(RateLimit::new(4, Duration::from_secs(2)));
            limiter.observe(&Budget { limit, remaining: Some(1) });
            // One left; the three the server counted leave its window 2 s (and
            // the guard) later; then one per 0.2 s, the pace of 4 per 2 s.
            let t = round(times(&limiter, BucketKind::General, 3).await);
            assert_eq!(t, [0.0, 2.02, 2.222]);
        });
    }

    #[test]
    fn a_partial_budget_changes_only_what_it_states() {
        paused(async {
            let limiter = Limiter::new(Some(RateLimit::per_second(2)), None);
            limiter.observe(&Budget::default());
            assert_eq!(round(times(&limiter, BucketKind::General, 2).await), [0.0, 0.101]);
            // Remaining zero fills the window for at most one window.
            let limiter = Limiter::new(Some(RateLimit::per_second(2)), None);
            limiter.observe(&Budget { remaining: Some(0), ..Budget::default() });
            assert_eq!(round(times(&limiter, BucketKind::General, 1).await), [1.01]);
            // More remaining than the limit: nothing to count.
            let limiter = Limiter::new(Some(RateLimit::per_second(2)), None);
            limiter.observe(&Budget { remaining: Some(50), ..Budget::default() });
            assert_eq!(round(times(&limiter, BucketKind::General, 2).await), [0.0, 0.101]);
        });
    }

    #[test]
    fn no_server_limit_lowers_the_rate_below_the_floor() {
        paused(async {
            let limiter = Limiter::new(Some(RateLimit::per_second(2)), None);
            for slow in [RateLimit::new(1, Duration::from_secs(3600)), RateLimit::new(9, Duration::from_secs(10))] {
                limiter.observe(&Budget { limit: Some(slow), remaining: None });
            }
            assert_eq!(round(times(&limiter, BucketKind::General, 4).await), [0.0, 0.101, 1.01, 1.111]);
            // At the floor is accepted.
            limiter.observe(&Budget { limit: Some(RateLimit::per_second(1)), remaining: None });
            assert_eq!(round(times(&limiter, BucketKind::General, 2).await), [1.01, 2.02]);
            // Headers back to normal: so is the rate.
            limiter.observe(&Budget { limit: Some(RateLimit::per_ten_seconds(100)), remaining: Some(99) });
            assert_eq!(round(times(&limiter, BucketKind::General, 3).await), [0.0, 0.0, 0.0]);
        });
    }

    /// A deterministic xorshift stream.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// Random arrivals (bursts and idle spells), with the server saying now
    /// and then that its window is full or nearly so (as its answers and 429s
    /// do): no rolling window ever holds more than the limit, and callers
    /// are served in the order they arrived.
    #[test]
    fn never_more_than_the_limit_in_any_window_and_first_come_first_served() {
        paused(async {
            let limit = RateLimit::per_ten_seconds(20);
            let searches = RateLimit::per_second(3);
            let limiter = Arc::new(Limiter::new(Some(limit), Some(searches)));
            let start = Instant::now();
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
            let arrived = Arc::new(AtomicUsize::new(0));
            let served = Arc::new(Mutex::new(Vec::new()));
            let mut tasks = Vec::new();
            let mut at = Duration::ZERO;
            for _ in 0..600 {
                // Mostly bursts, sometimes an idle spell of up to 30 s.
                at += match rng.below(10) {
                    0 => Duration::from_millis(rng.below(30_000)),
                    _ => Duration::from_millis(rng.below(50)),
                };
                let kind = if rng.below(4) == 0 { BucketKind::Search } else { BucketKind::General };
                let remaining = (rng.below(8) == 0).then(|| rng.below(u64::from(limit.requests) + 1) as u32);
                let (limiter, arrived, served) = (limiter.clone(), arrived.clone(), served.clone());
                tasks.push(tokio::spawn(async move {
                    tokio::time::sleep_until(start + at).await;
                    if let Some(remaining) = remaining {
                        limiter.observe(&Budget { limit: None, remaining: Some(remaining) });
                    }
                    let seq = arrived.fetch_add(1, Ordering::SeqCst);
                    limiter.acquire(kind).await;
                    served.lock().unwrap().push((seq, kind, Instant::now() - start));
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
            let served = served.lock().unwrap().clone();
            assert_eq!(served.len(), 600);
            let check = |times: Vec<Duration>, limit: RateLimit, what: &str| {
                let n = limit.requests as usize;
                for pair in times.windows(n + 1) {
                    assert!(
                        pair[n] - pair[0] >= limit.per,
                        "{what}: {} requests within {:?} (from {:?})",
                        n + 1,
                        pair[n] - pair[0],
                        pair[0]
                    );
                }
            };
            check(served.iter().map(|s| s.2).collect(), limit, "all");
            check(served.iter().map(|s| s.2).collect(), Log::pace(limit), "all, paced");
            let search_times = served.iter().filter(|s| s.1 == BucketKind::Search).map(|s| s.2).collect();
            check(search_times, searches, "searches");
            // General requests leave in arrival order; searches wait for their
            // own window first, so among themselves they do too.
            for kind in [BucketKind::General, BucketKind::Search] {
                let order: Vec<usize> = served.iter().filter(|s| s.1 == kind).map(|s| s.0).collect();
                assert!(order.is_sorted(), "{kind:?} served out of arrival order: {order:?}");
            }
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
