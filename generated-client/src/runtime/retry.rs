//! When and how long to wait before trying a request again: the retry
//! policy, and [`classify`], the one place that decides what follows an attempt.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::HeaderMap;

use super::error::Error;
use super::limiter::{RateLimitProtocol, Throttle};
use super::response::Response;

/// How failed attempts are retried.
///
/// Retried: connection failures, timeouts, 408 and 5xx, up to
/// `max_retries` times, waiting an exponentially growing, jittered and capped
/// delay, or what the server asked for (`Retry-After`). A 429 the server
/// asks to be waited out (`Retry-After`, the window of the rate limit it
/// names) is flow control rather than a failure: it is waited out up to
/// `max_rate_limit_waits` times, counted apart from `max_retries`. Never
/// retried: other 4xx (409 included), and a daily rate limit. Requests that may not be safe to repeat (a `POST` that creates or
/// changes something) are retried only when the server cannot have acted on
/// them: connecting failed, or it answered 429. See the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) max_rate_limit_waits: u32,
    pub(crate) base_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) max_wait: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries, 500 ms doubling up to 30 s, server-requested waits of up
    /// to 60 s, and up to 10 rate-limit waits (the call's deadline bounds
    /// them all).
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            max_rate_limit_waits: 10,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all, 429s included.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, max_rate_limit_waits: 0, ..RetryPolicy::default() }
    }

    /// How many 429s a call waits out before it returns the error.
    pub fn max_rate_limit_waits(mut self, n: u32) -> Self {
        self.max_rate_limit_waits = n;
        self
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
        x = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
            | 1;
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
        return (secs >= 0.0).then(|| crate::runtime::limiter::seconds(secs));
    }
    let when = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let now = jiff::Timestamp::now();
    Some(now.duration_until(when).try_into().unwrap_or(Duration::ZERO))
}

/// How one attempt ended, as far as retrying cares.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome<'a> {
    /// The server answered (any status).
    Answer(&'a Response),
    /// Connecting failed: the request never reached the server.
    ConnectFailed,
    /// The connection failed after it was open: the server may have acted.
    ConnectionLost,
    /// No answer in time: the server may have acted.
    TimedOut,
    /// Anything else (bad configuration, no token): trying again cannot help.
    Fatal,
}

impl<'a> Outcome<'a> {
    /// The outcome of what `send` returned.
    pub(crate) fn of(result: &'a Result<Response, Error>) -> Self {
        match result {
            Ok(response) => Outcome::Answer(response),
            Err(Error::Connection { source, .. }) if source.is_connect() => Outcome::ConnectFailed,
            Err(Error::Connection { .. }) => Outcome::ConnectionLost,
            Err(Error::Timeout(t)) if t.which != super::error::TimeoutKind::Deadline => Outcome::TimedOut,
            Err(_) => Outcome::Fatal,
        }
    }
}

/// What [`classify`] needs to know about the request and the client.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    /// Retries already made (0 after the first attempt), 429 waits not counted.
    pub(crate) attempt: u32,
    /// 429s already waited out.
    pub(crate) throttled: u32,
    /// The most retries allowed for this request.
    pub(crate) max_retries: u32,
    /// The request may be repeated even when the server may have acted on it.
    pub(crate) repeatable: bool,
    /// A 401 may be answered by fetching a fresh token (a token provider, not
    /// yet asked for this request).
    pub(crate) can_refresh: bool,
    /// Backoff and the longest server-requested wait.
    pub(crate) policy: &'a RetryPolicy,
    /// How the server states its rate limits.
    pub(crate) limits: &'a dyn RateLimitProtocol,
}

/// What follows an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then try again (one retry more).
    Retry(Duration),
    /// A 429 to wait out this long, then try again (one rate-limit wait more).
    WaitOutLimit(Duration),
    /// Fetch a fresh token and try again at once (not counted as a retry).
    RefreshAuth,
    /// Hand the outcome to the caller as it is.
    Return,
}

/// Every retry decision: whether, and after how long, an attempt is tried
/// again.
///
/// - A 401 with a token provider: one refresh, before anything else.
/// - 429: the server did nothing, so every request may repeat. A limit the
///   server says will not reset soon is returned; otherwise wait `Retry-After`,
///   else the limit's window, else the backoff, up to `max_rate_limit_waits`
///   times.
/// - Nothing else once `max_retries` retries were made.
/// - 408 and 5xx, for repeatable requests: `Retry-After`, else the backoff.
/// - A server-requested wait longer than `max_wait` is returned, not waited.
/// - Connecting failed: the backoff, for every request (nothing was sent).
/// - The connection was lost, or timed out: the backoff, for repeatable requests.
/// - Everything else is returned.
pub(crate) fn classify(outcome: &Outcome<'_>, ctx: &Context<'_>) -> Decision {
    let policy = ctx.policy;
    if let Outcome::Answer(response) = outcome
        && response.status == 401
        && ctx.can_refresh
    {
        return Decision::RefreshAuth;
    }
    let backoff = || policy.backoff(ctx.attempt);
    if let Outcome::Answer(response) = outcome
        && response.status == 429
    {
        if ctx.throttled >= policy.max_rate_limit_waits {
            return Decision::Return;
        }
        let wait = match ctx.limits.throttle(&response.headers, &response.body) {
            Throttle::Refuse => return Decision::Return,
            Throttle::Wait(window) => {
                retry_after(&response.headers).or(window).unwrap_or_else(|| policy.backoff(ctx.throttled))
            }
        };
        return if wait <= policy.max_wait { Decision::WaitOutLimit(wait) } else { Decision::Return };
    }
    if ctx.attempt >= ctx.max_retries {
        return Decision::Return;
    }
    let within_max_wait =
        |wait: Duration| if wait <= policy.max_wait { Decision::Retry(wait) } else { Decision::Return };
    match outcome {
        Outcome::Answer(response) => match response.status {
            408 | 500..=599 if ctx.repeatable => {
                within_max_wait(retry_after(&response.headers).unwrap_or_else(backoff))
            }
            _ => Decision::Return,
        },
        Outcome::ConnectFailed => Decision::Retry(backoff()),
        Outcome::ConnectionLost | Outcome::TimedOut if ctx.repeatable => Decision::Retry(backoff()),
        Outcome::ConnectionLost | Outcome::TimedOut | Outcome::Fatal => Decision::Return,
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
        // Numbers no wait can be: bounded, never a panic.
        h.insert("retry-after", "1e300".parse().unwrap());
        assert_eq!(retry_after(&h), Some(crate::runtime::limiter::LONGEST_WAIT));
        h.insert("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::ZERO), "a date in the past means now");
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    /// A server whose 429s always say the same thing.
    struct Fixed(Throttle);

    impl RateLimitProtocol for Fixed {
        fn budget(&self, _: &HeaderMap) -> super::super::limiter::Budget {
            Default::default()
        }
        fn throttle(&self, _: &HeaderMap, _: &[u8]) -> Throttle {
            self.0
        }
        fn default_limits(
            &self,
        ) -> (Option<super::super::limiter::RateLimit>, Option<super::super::limiter::RateLimit>) {
            (None, None)
        }
    }

    const NO_WINDOW: Fixed = Fixed(Throttle::Wait(None));

    fn answer(status: u16, retry_after: Option<&str>) -> Response {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert("retry-after", value.parse().unwrap());
        }
        Response { status, headers, body: Default::default() }
    }

    /// After the first attempt of a repeatable request, with a fixed token.
    fn ctx<'a>(policy: &'a RetryPolicy, limits: &'a dyn RateLimitProtocol) -> Context<'a> {
        Context { attempt: 0, throttled: 0, max_retries: 3, repeatable: true, can_refresh: false, policy, limits }
    }

    /// Backoffs of 100 to 200 ms (200 ms with jitter), waits of up to 60 s.
    fn policy() -> RetryPolicy {
        RetryPolicy::default().base_delay(Duration::from_millis(200)).max_delay(Duration::from_millis(200))
    }

    fn is_backoff(decision: Decision) -> bool {
        matches!(decision, Decision::Retry(d) | Decision::WaitOutLimit(d)
            if d >= Duration::from_millis(100) && d <= Duration::from_millis(200))
    }

    #[test]
    fn a_429_waits_retry_after_then_the_window_then_the_backoff() {
        let p = policy();
        let window = Fixed(Throttle::Wait(Some(Duration::from_secs(10))));
        let c = ctx(&p, &window);
        let not_repeatable = Context { repeatable: false, ..c };
        let with_retry_after = answer(429, Some("2"));
        assert_eq!(classify(&Outcome::Answer(&with_retry_after), &c), Decision::WaitOutLimit(Duration::from_secs(2)));
        assert_eq!(
            classify(&Outcome::Answer(&with_retry_after), &not_repeatable),
            Decision::WaitOutLimit(Duration::from_secs(2)),
            "a 429 means nothing was done: every request may repeat"
        );
        let bare = answer(429, None);
        assert_eq!(classify(&Outcome::Answer(&bare), &c), Decision::WaitOutLimit(Duration::from_secs(10)));
        assert_eq!(classify(&Outcome::Answer(&bare), &not_repeatable), Decision::WaitOutLimit(Duration::from_secs(10)));
        assert!(is_backoff(classify(&Outcome::Answer(&bare), &ctx(&p, &NO_WINDOW))));
    }

    #[test]
    fn a_limit_that_will_not_reset_soon_is_returned() {
        let p = policy();
        let daily = Fixed(Throttle::Refuse);
        for response in [answer(429, None), answer(429, Some("1"))] {
            assert_eq!(classify(&Outcome::Answer(&response), &ctx(&p, &daily)), Decision::Return);
        }
    }

    #[test]
    fn server_errors_are_retried_only_when_repeatable() {
        let p = policy();
        let c = ctx(&p, &NO_WINDOW);
        let not_repeatable = Context { repeatable: false, ..c };
        for status in [408, 500, 502, 503, 504, 599] {
            assert!(is_backoff(classify(&Outcome::Answer(&answer(status, None)), &c)), "{status}");
            assert_eq!(
                classify(&Outcome::Answer(&answer(status, None)), &not_repeatable),
                Decision::Return,
                "{status}"
            );
            assert_eq!(
                classify(&Outcome::Answer(&answer(status, Some("1"))), &not_repeatable),
                Decision::Return,
                "{status}"
            );
        }
        assert_eq!(classify(&Outcome::Answer(&answer(503, Some("3"))), &c), Decision::Retry(Duration::from_secs(3)));
    }

    #[test]
    fn successes_and_other_4xx_are_returned() {
        let p = policy();
        let c = ctx(&p, &NO_WINDOW);
        for status in [200, 201, 204, 207, 301, 400, 401, 403, 404, 409, 422] {
            assert_eq!(classify(&Outcome::Answer(&answer(status, Some("1"))), &c), Decision::Return, "{status}");
        }
    }

    #[test]
    fn transport_failures() {
        let p = policy();
        let c = ctx(&p, &NO_WINDOW);
        let not_repeatable = Context { repeatable: false, ..c };
        for outcome in [Outcome::ConnectFailed, Outcome::ConnectionLost, Outcome::TimedOut] {
            assert!(is_backoff(classify(&outcome, &c)), "{outcome:?}");
        }
        assert!(is_backoff(classify(&Outcome::ConnectFailed, &not_repeatable)), "nothing was sent: safe to repeat");
        assert_eq!(classify(&Outcome::ConnectionLost, &not_repeatable), Decision::Return);
        assert_eq!(classify(&Outcome::TimedOut, &not_repeatable), Decision::Return);
        assert_eq!(classify(&Outcome::Fatal, &c), Decision::Return);
    }

    #[test]
    fn nothing_is_retried_once_the_attempts_are_used_up() {
        let p = policy();
        let window = Fixed(Throttle::Wait(Some(Duration::from_millis(1))));
        let last = Context { attempt: 3, ..ctx(&p, &window) };
        assert!(matches!(classify(&Outcome::ConnectFailed, &Context { attempt: 2, ..last }), Decision::Retry(_)));
        let responses = [answer(503, None), answer(500, Some("0"))];
        let mut outcomes: Vec<Outcome<'_>> = responses.iter().map(Outcome::Answer).collect();
        outcomes.extend([Outcome::ConnectFailed, Outcome::ConnectionLost, Outcome::TimedOut]);
        for outcome in &outcomes {
            assert_eq!(classify(outcome, &last), Decision::Return, "{outcome:?}");
        }
        let none = Context { max_retries: 0, attempt: 0, ..last };
        assert_eq!(classify(&Outcome::ConnectFailed, &none), Decision::Return);
        // 429s are counted apart: retries used up, they are still waited out
        // until the rate-limit waits are used up too.
        let throttled = [answer(429, Some("0")), answer(429, None)];
        for response in &throttled {
            assert!(matches!(classify(&Outcome::Answer(response), &last), Decision::WaitOutLimit(_)));
            let spent = Context { throttled: p.max_rate_limit_waits, ..last };
            assert_eq!(classify(&Outcome::Answer(response), &spent), Decision::Return);
            let no_retries = RetryPolicy::none();
            assert_eq!(classify(&Outcome::Answer(response), &ctx(&no_retries, &window)), Decision::Return);
        }
    }

    #[test]
    fn a_wait_longer_than_max_wait_is_returned() {
        let p = policy().max_wait(Duration::from_secs(5));
        let long_window = Fixed(Throttle::Wait(Some(Duration::from_secs(6))));
        let c = ctx(&p, &NO_WINDOW);
        assert_eq!(
            classify(&Outcome::Answer(&answer(429, Some("5"))), &c),
            Decision::WaitOutLimit(Duration::from_secs(5))
        );
        assert_eq!(classify(&Outcome::Answer(&answer(429, Some("6"))), &c), Decision::Return);
        assert_eq!(classify(&Outcome::Answer(&answer(503, Some("6"))), &c), Decision::Return);
        assert_eq!(classify(&Outcome::Answer(&answer(429, None)), &ctx(&p, &long_window)), Decision::Return);
        // Retry-After first: a short one beats a long window.
        assert_eq!(
            classify(&Outcome::Answer(&answer(429, Some("1"))), &ctx(&p, &long_window)),
            Decision::WaitOutLimit(Duration::from_secs(1))
        );
        // The backoff counts against max_wait for answers too.
        let tiny = policy().max_wait(Duration::from_millis(50));
        assert_eq!(classify(&Outcome::Answer(&answer(503, None)), &ctx(&tiny, &NO_WINDOW)), Decision::Return);
        // Transport failures have no server-requested wait: the backoff is not checked.
        assert!(is_backoff(classify(&Outcome::ConnectFailed, &ctx(&tiny, &NO_WINDOW))));
    }

    #[test]
    fn a_401_refreshes_the_token_once_when_a_provider_can() {
        let p = policy();
        let c = ctx(&p, &NO_WINDOW);
        let unauthorized = answer(401, None);
        let with_provider = Context { can_refresh: true, ..c };
        assert_eq!(classify(&Outcome::Answer(&unauthorized), &with_provider), Decision::RefreshAuth);
        assert_eq!(
            classify(&Outcome::Answer(&unauthorized), &Context { attempt: 3, ..with_provider }),
            Decision::RefreshAuth,
            "a refresh is not a retry: it does not need one left"
        );
        assert_eq!(
            classify(&Outcome::Answer(&unauthorized), &c),
            Decision::Return,
            "refreshed already, or a fixed token"
        );
        assert_eq!(classify(&Outcome::Answer(&answer(403, None)), &with_provider), Decision::Return);
    }

    #[test]
    fn outcomes_of_send_results() {
        let ok: Result<Response, Error> = Ok(answer(200, None));
        assert!(matches!(Outcome::of(&ok), Outcome::Answer(r) if r.status == 200));
        let config: Result<Response, Error> = Err(Error::Config("bad".into()));
        assert!(matches!(Outcome::of(&config), Outcome::Fatal));

        // Real transport errors: a port nobody listens on, and a server that
        // accepts and hangs up without answering.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let refused = format!("http://{}/", closed.local_addr().unwrap());
        drop(closed);
        let hang_up = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let dropped = format!("http://{}/", hang_up.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (mut stream, _) = hang_up.accept().unwrap();
            let mut buf = [0u8; 1024];
            let _ = std::io::Read::read(&mut stream, &mut buf);
        });
        #[cfg(feature = "rustls")]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::new();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let send = |url: String| {
            rt.block_on(async { http.get(url).send().await.map(|_| unreachable!()).map_err(Error::from_transport) })
        };
        let refused = send(refused);
        assert!(matches!(Outcome::of(&refused), Outcome::ConnectFailed), "{refused:?}");
        let dropped = send(dropped);
        assert!(matches!(Outcome::of(&dropped), Outcome::ConnectionLost), "{dropped:?}");
        server.join().unwrap();
    }
}
