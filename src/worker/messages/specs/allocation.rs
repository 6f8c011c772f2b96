//! What the resource-allocation page asks for.

use serde::{Deserialize, Serialize};

use super::forecast::SEED_ORDER;

/// Candidate models fitted per precinct by the automatic search: the five starting models
/// (the seed's among them) and up to three neighbours of the best. Half the single-series
/// search's 16, so that 11 searches take seconds rather than tens of seconds in a browser; on
/// the demo data the chosen models' backtest errors stay within 1 % of the full search's.
pub const PRECINCT_CANDIDATES: usize = 8;

/// What the allocation page asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationSpec {
    /// A fixed order `[p, d, q, P, D, Q]` for every precinct, or None to choose one per
    /// precinct by AIC.
    pub order: Option<[u8; 6]>,
    /// Months ahead.
    pub horizon: usize,
    /// Backtest origins per precinct (one every 3 months; fewer when the history is short).
    pub origins: usize,
    /// Months forecast at each backtest origin.
    pub backtest_horizon: usize,
    /// Most candidate models fitted per precinct by the automatic search.
    pub max_candidates: usize,
}

impl Default for AllocationSpec {
    fn default() -> Self {
        AllocationSpec {
            order: Some(SEED_ORDER),
            horizon: 12,
            origins: 2,
            backtest_horizon: 12,
            max_candidates: PRECINCT_CANDIDATES,
        }
    }
}
