//! What the temporal-patterns page asks for.

use serde::{Deserialize, Serialize};

use crate::analysis::ts::decompose::DecomposeKind;
use crate::data::aggregate::Resolution;

/// What the temporal page asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemporalSpec {
    /// Series resolution.
    pub resolution: Resolution,
    /// Additive or multiplicative decomposition.
    pub decompose: DecomposeKind,
}
