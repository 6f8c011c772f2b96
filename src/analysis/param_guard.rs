//! One way to check parameters: every parameter type says what it turns into once checked and
//! which small error enum names the rule it breaks.
//!
//! `check_ref` validates without consuming (the page calls it to flag a form field, the URL
//! layer to fall back to a default); `check` validates and hands over the checked value (the
//! worker and the numerics call it before running anything). Each implementation holds the
//! rules of its type once; both methods apply the same rules.

/// A parameter type whose values must pass its rules before use.
pub trait ParamGuard {
    /// The value once checked (the same type for plain option structs, a `…Valid…` type for
    /// builders).
    type Checked;
    /// One variant per rule, carrying the value that broke it.
    type Error;

    /// Check without consuming.
    ///
    /// # Errors
    /// The first rule broken.
    fn check_ref(&self) -> Result<&Self::Checked, Self::Error>;

    /// Check and hand over the checked value.
    ///
    /// # Errors
    /// The first rule broken.
    fn check(self) -> Result<Self::Checked, Self::Error>;
}
