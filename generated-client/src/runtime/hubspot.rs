//! HubSpot's way of stating rate limits: the `X-HubSpot-RateLimit-*` headers
//! and the `policyName` of a 429's body. The only place that knows them; the
//! limiter and the retry classifier ask through [`RateLimitProtocol`].

use std::ops::RangeInclusive;
use std::time::Duration;

use reqwest::header::HeaderMap;

use super::error::ApiErrorBody;
use super::limiter::{Budget, RateLimit, RateLimitProtocol, Throttle, header_number};

const MAX: &str = "x-hubspot-ratelimit-max";
const INTERVAL_MS: &str = "x-hubspot-ratelimit-interval-milliseconds";
const REMAINING: &str = "x-hubspot-ratelimit-remaining";

/// The limits HubSpot states: from 1 request (its limits are 100 to a few
/// hundred per window) up to 100,000 per window.
const MAX_RANGE: RangeInclusive<u64> = 1..=100_000;
/// Its windows: one second (`SECONDLY`) and ten (`TEN_SECONDLY_ROLLING`);
/// anything from 1 s to 1 min is taken.
const INTERVAL_RANGE: RangeInclusive<u64> = 1_000..=60_000;
const REMAINING_RANGE: RangeInclusive<u64> = 0..=100_000;

/// A daily quota: not waited out.
const DAILY: &str = "DAILY";
/// A rolling window, 10 s unless `X-HubSpot-RateLimit-Interval-Milliseconds` says otherwise.
const TEN_SECONDLY_ROLLING: &str = "TEN_SECONDLY_ROLLING";
/// A one-second window.
const SECONDLY: &str = "SECONDLY";

/// HubSpot's rate-limit headers and 429 policies.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HubSpotRateLimits;

impl HubSpotRateLimits {
    /// The rate-limit policy an error body names (`ApiError::policy_name`).
    pub(crate) fn policy_name(body: &ApiErrorBody) -> Option<&str> {
        body.policy_name.as_deref()
    }
}

impl RateLimitProtocol for HubSpotRateLimits {
    /// `X-HubSpot-RateLimit-Max` per `X-HubSpot-RateLimit-Interval-Milliseconds`,
    /// and `X-HubSpot-RateLimit-Remaining`, each a whole number within
    /// [`MAX_RANGE`], [`INTERVAL_RANGE`] and [`REMAINING_RANGE`]; anything
    /// else is ignored with a warning.
    fn budget(&self, headers: &HeaderMap) -> Budget {
        let max = header_number(headers, MAX, MAX_RANGE);
        let interval = header_number(headers, INTERVAL_MS, INTERVAL_RANGE);
        let limit = max.zip(interval).map(|(max, ms)| RateLimit::new(max as u32, Duration::from_millis(ms)));
        let remaining = header_number(headers, REMAINING, REMAINING_RANGE).map(|n| n as u32);
        Budget { limit, remaining }
    }

    /// By the body's `policyName`: the rolling window for `TEN_SECONDLY_ROLLING`
    /// (`X-HubSpot-RateLimit-Interval-Milliseconds`, else 10 s), 1 s for
    /// `SECONDLY`, no wait at all for `DAILY`, and no window for anything else.
    fn throttle(&self, headers: &HeaderMap, body: &[u8]) -> Throttle {
        let parsed = ApiErrorBody::parse(body);
        let interval = header_number(headers, INTERVAL_MS, INTERVAL_RANGE).map(Duration::from_millis);
        match parsed.as_ref().and_then(HubSpotRateLimits::policy_name) {
            Some(DAILY) => Throttle::Refuse,
            Some(TEN_SECONDLY_ROLLING) => Throttle::Wait(Some(interval.unwrap_or(Duration::from_secs(10)))),
            Some(SECONDLY) => Throttle::Wait(Some(Duration::from_secs(1))),
            _ => Throttle::Wait(None),
        }
    }

    /// HubSpot's documented burst limit for private apps (100 requests per
    /// 10 s) and the search endpoints' own (5 per second).
    fn default_limits(&self) -> (Option<RateLimit>, Option<RateLimit>) {
        (Some(RateLimit::per_ten_seconds(100)), Some(RateLimit::per_second(5)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(policy: &str) -> Vec<u8> {
        serde_json::json!({"status": "error", "message": "You have reached your limit.", "errorType": "RATE_LIMIT",
                           "policyName": policy})
        .to_string()
        .into_bytes()
    }

    #[test]
    fn policies() {
        let mut h = HeaderMap::new();
        let p = HubSpotRateLimits;
        assert_eq!(p.throttle(&h, &body("DAILY")), Throttle::Refuse);
        assert_eq!(p.throttle(&h, &body("SECONDLY")), Throttle::Wait(Some(Duration::from_secs(1))));
        assert_eq!(p.throttle(&h, &body("TEN_SECONDLY_ROLLING")), Throttle::Wait(Some(Duration::from_secs(10))));
        h.insert("x-hubspot-ratelimit-interval-milliseconds", "2500".parse().unwrap());
        assert_eq!(p.throttle(&h, &body("TEN_SECONDLY_ROLLING")), Throttle::Wait(Some(Duration::from_millis(2500))));
        assert_eq!(p.throttle(&h, &body("SOMETHING_NEW")), Throttle::Wait(None));
        assert_eq!(p.throttle(&h, b"not json"), Throttle::Wait(None));
        // A body that is not HubSpot's error shape (no message, no category) names no policy.
        assert_eq!(p.throttle(&h, br#"{"policyName":"DAILY"}"#), Throttle::Wait(None));
    }

    #[test]
    fn budget_headers() {
        let p = HubSpotRateLimits;
        assert_eq!(p.budget(&HeaderMap::new()), Budget::default());
        let mut h = HeaderMap::new();
        h.insert("X-HubSpot-RateLimit-Remaining", " 7 ".parse().unwrap());
        h.insert("X-HubSpot-RateLimit-Max", "100".parse().unwrap());
        h.insert("X-HubSpot-RateLimit-Interval-Milliseconds", "10000".parse().unwrap());
        assert_eq!(p.budget(&h), Budget { limit: Some(RateLimit::per_ten_seconds(100)), remaining: Some(7) });
        h.insert("X-HubSpot-RateLimit-Max", "lots".parse().unwrap());
        assert_eq!(p.budget(&h), Budget { limit: None, remaining: Some(7) });
    }

    #[test]
    fn absurd_headers_are_ignored_on_every_path() {
        let p = HubSpotRateLimits;
        for absurd in ["1e300", "inf", "-1", "0", "18446744073709551615", "NaN", "ten", "2.5", ""] {
            let mut h = HeaderMap::new();
            h.insert("X-HubSpot-RateLimit-Max", absurd.parse().unwrap());
            h.insert("X-HubSpot-RateLimit-Interval-Milliseconds", absurd.parse().unwrap());
            let budget = p.budget(&h);
            assert_eq!(budget.limit, None, "{absurd:?}");
            // On a 429, the window falls back to the policy's own.
            assert_eq!(
                p.throttle(&h, &body("TEN_SECONDLY_ROLLING")),
                Throttle::Wait(Some(Duration::from_secs(10))),
                "{absurd:?}"
            );
            h.insert("X-HubSpot-RateLimit-Remaining", absurd.parse().unwrap());
            let expected = (absurd == "0").then_some(0);
            assert_eq!(p.budget(&h).remaining, expected, "{absurd:?}");
        }
        // A window of a day is not one HubSpot states.
        let mut h = HeaderMap::new();
        h.insert("X-HubSpot-RateLimit-Max", "1".parse().unwrap());
        h.insert("X-HubSpot-RateLimit-Interval-Milliseconds", "86400000".parse().unwrap());
        assert_eq!(p.budget(&h).limit, None);
    }
}
