//! Bandwidth rules: how the kernel's bandwidth factor is chosen.

/// How the bandwidth factor `h` (kernel covariance = `h²` × data covariance) is chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Bandwidth {
    /// Scott's rule, `h = n_eff^(−1/6)` in two dimensions (scipy's default).
    #[default]
    Scott,
    /// Silverman's rule, `h = (n_eff · (d+2)/4)^(−1/(d+4))`; equal to Scott's rule for d = 2.
    Silverman,
    /// A given factor `h` (dimensionless, > 0).
    Factor(f64),
}
