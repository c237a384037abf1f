//! HubSpot's way of stating rate limits: the `X-HubSpot-RateLimit-*` headers
//! and the `policyName` of a 429's body. The only place that knows them; the
//! limiter and the retry classifier ask through [`RateLimitProtocol`].

use std::time::Duration;

use reqwest::header::HeaderMap;

use super::error::ApiErrorBody;
use super::limiter::{Budget, RateLimit, RateLimitProtocol, Throttle};

const MAX: &str = "x-hubspot-ratelimit-max";
const INTERVAL_MS: &str = "x-hubspot-ratelimit-interval-milliseconds";
const REMAINING: &str = "x-hubspot-ratelimit-remaining";

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
    /// and `X-HubSpot-RateLimit-Remaining`.
    fn budget(&self, headers: &HeaderMap) -> Budget {
        // Finite, non-negative numbers only (`inf` and `-1` parse as f64 too).
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok()?.trim().parse::<f64>().ok())
                .filter(|n| n.is_finite() && *n >= 0.0)
        };
        Budget { max: number(MAX), interval_ms: number(INTERVAL_MS), remaining: number(REMAINING) }
    }

    /// By the body's `policyName`: the rolling window for `TEN_SECONDLY_ROLLING`
    /// (`X-HubSpot-RateLimit-Interval-Milliseconds`, else 10 s), 1 s for
    /// `SECONDLY`, no wait at all for `DAILY`, and no window for anything else.
    fn throttle(&self, headers: &HeaderMap, body: &[u8]) -> Throttle {
        let parsed = ApiErrorBody::parse(body);
        let interval =
            headers.get(INTERVAL_MS).and_then(|v| v.to_str().ok()?.parse::<u64>().ok()).map(Duration::from_millis);
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
        assert_eq!(p.budget(&h), Budget { max: Some(100.0), interval_ms: Some(10000.0), remaining: Some(7.0) });
        h.insert("X-HubSpot-RateLimit-Max", "lots".parse().unwrap());
        assert_eq!(p.budget(&h).max, None);
    }
}
