//! Client-side rate limiting per connector instance, from the declared `rate_limits`: a request
//! waits for its turn rather than failing. Each window (second, minute, hour) is a GCRA limiter
//! from the `governor` crate that spaces requests evenly: `N per second` lets one request through
//! every `1/N` s, so no sliding window ever holds more than `N`.

use crate::meta::RateLimitMeta;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::time::Duration;

/// The limiters of one instance.
#[derive(Debug, Default)]
pub(crate) struct RateLimits {
    limiters: Vec<DefaultDirectRateLimiter>,
}

impl RateLimits {
    /// Limiters for every declared window.
    pub(crate) fn new(limits: &RateLimitMeta) -> Self {
        let windows = [
            (limits.per_second, Duration::from_secs(1)),
            (limits.per_minute, Duration::from_secs(60)),
            (limits.per_hour, Duration::from_secs(3600)),
        ];
        let limiters = windows
            .into_iter()
            .filter_map(|(count, window)| {
                let count = count.filter(|n| *n > 0)?;
                Quota::with_period(window / count).map(RateLimiter::direct)
            })
            .collect();
        Self { limiters }
    }

    /// Waits until every window allows one more request.
    pub(crate) async fn until_ready(&self) {
        for limiter in &self.limiters {
            limiter.until_ready().await;
        }
    }
}
