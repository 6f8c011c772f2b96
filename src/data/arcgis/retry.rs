//! How failed requests are retried: which statuses are worth another try, and the delay
//! (a server's `Retry-After` when given, otherwise exponential backoff with jitter).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

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

/// Delays before retries: the server's `Retry-After` when it gives one (capped), otherwise
/// exponential backoff with "equal jitter": half the doubled delay plus a random half, so
/// requests that failed together do not come back together. Seeded, so tests are exact.
#[derive(Debug, Clone)]
pub struct Backoff {
    /// Delay before the first retry, ms (before jitter).
    pub base_ms: u64,
    /// Largest backoff, ms.
    pub max_ms: u64,
    /// Largest `Retry-After` honoured, ms.
    pub max_retry_after_ms: u64,
    rng: ChaCha8Rng,
}

impl Backoff {
    /// A backoff from `base_ms` doubling up to `max_ms`, honouring `Retry-After` up to
    /// `max_retry_after_ms`, with jitter drawn from `seed`.
    pub fn new(base_ms: u64, max_ms: u64, max_retry_after_ms: u64, seed: u64) -> Self {
        Backoff {
            base_ms,
            max_ms,
            max_retry_after_ms,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// Delay before retry number `retry` (1-based), ms.
    pub fn delay_ms(&mut self, retry: u32, retry_after_ms: Option<u64>) -> u64 {
        if let Some(ra) = retry_after_ms {
            return ra.min(self.max_retry_after_ms);
        }
        let full = self
            .base_ms
            .saturating_mul(1u64 << retry.saturating_sub(1).min(30))
            .min(self.max_ms);
        let half = full / 2;
        half + self.rng.gen_range(0..=full - half)
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

    #[test]
    fn backoff_doubles_with_jitter_and_honours_retry_after() {
        let mut b = Backoff::new(500, 4000, 60_000, 7);
        for (retry, full) in [(1, 500u64), (2, 1000), (3, 2000), (4, 4000), (9, 4000)] {
            let d = b.delay_ms(retry, None);
            assert!((full / 2..=full).contains(&d), "retry {retry}: {d}");
        }
        assert_eq!(b.delay_ms(1, Some(5000)), 5000);
        assert_eq!(b.delay_ms(1, Some(600_000)), 60_000);
        // Same seed, same delays; jitter spreads them.
        let draw = |seed| {
            let mut b = Backoff::new(1000, 1000, 0, seed);
            (0..20).map(|_| b.delay_ms(1, None)).collect::<Vec<_>>()
        };
        assert_eq!(draw(3), draw(3));
        let d = draw(3);
        assert!(d.iter().any(|&x| x != d[0]));
    }
}
