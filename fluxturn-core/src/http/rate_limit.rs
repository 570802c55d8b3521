//! Client-side rate limiting per connector instance, from the declared `rate_limits`: a request
//! waits for its turn rather than failing. Each window (second, minute, hour) is a GCRA limiter
//! from the `governor` crate replenishing one request every `window/N`: `N per second` spaces
//! requests evenly (no second ever holds more than `N`), while the minute and hour windows allow
//! a burst of one minute's share (`N/60`), so a paginated read under `5000 per hour` is not
//! slowed to one page every 0.72 s.

use crate::meta::RateLimitMeta;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
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
            (limits.per_second, Duration::from_secs(1), 1),
            (limits.per_minute, Duration::from_secs(60), 60),
            (limits.per_hour, Duration::from_secs(3600), 60),
        ];
        let limiters = windows
            .into_iter()
            .filter_map(|(count, window, burst_divisor)| {
                let count = count.filter(|n| *n > 0)?;
                let burst = NonZeroU32::new((count / burst_divisor).max(1))?;
                let burst = if burst_divisor == 1 { NonZeroU32::MIN } else { burst };
                Quota::with_period(window / count).map(|quota| RateLimiter::direct(quota.allow_burst(burst)))
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
