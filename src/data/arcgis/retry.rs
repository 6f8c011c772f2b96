//! How failed requests are retried: which statuses are worth another try, and the delay.

/// Retry policy for HTTP errors and error replies: exponential back-off with a cap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all (first try included).
    pub attempts: u32,
    /// Delay before the first retry, ms.
    pub base_ms: u32,
    /// Largest delay, ms.
    pub max_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_ms: 500,
            max_ms: 8_000,
        }
    }
}

impl RetryPolicy {
    /// Delay before retry number `retry` (1-based), honouring a server `Retry-After` (seconds).
    pub fn delay_ms(&self, retry: u32, retry_after_s: Option<u32>) -> u32 {
        let backoff = self
            .base_ms
            .saturating_mul(1u32 << retry.saturating_sub(1).min(16));
        let wanted = retry_after_s.map_or(backoff, |s| s.saturating_mul(1000).max(backoff));
        wanted.min(
            self.max_ms
                .max(retry_after_s.unwrap_or(0).saturating_mul(1000))
                .min(60_000),
        )
    }

    /// Whether an HTTP status is worth retrying (429 and 5xx).
    pub fn retryable_status(status: u16) -> bool {
        status == 429 || (500..600).contains(&status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delays_grow_and_honour_retry_after() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_ms(1, None), 500);
        assert_eq!(p.delay_ms(2, None), 1000);
        assert_eq!(p.delay_ms(10, None), 8000);
        assert_eq!(p.delay_ms(1, Some(3)), 3000);
        assert!(RetryPolicy::retryable_status(429) && RetryPolicy::retryable_status(503));
        assert!(!RetryPolicy::retryable_status(404));
    }
}
