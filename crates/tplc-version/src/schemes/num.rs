//! Arbitrary-length decimal numbers, compared numerically without overflow.

use std::cmp::Ordering;

/// A non-negative decimal integer of any length, kept as its digits without leading zeros.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct Num(Box<str>);

impl Num {
    /// The number written by `digits` (ASCII digits only; leading zeros are dropped).
    pub(crate) fn new(digits: &str) -> Self {
        Self(digits.trim_start_matches('0').into())
    }

    /// Whether the number is zero.
    pub(crate) fn is_zero(&self) -> bool {
        self.0.is_empty()
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Num {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.cmp(&other.0))
    }
}

#[cfg(test)]
mod tests {
    use super::Num;

    #[test]
    fn compares_numerically_without_overflow() {
        assert!(Num::new("10") > Num::new("9"));
        assert_eq!(Num::new("007"), Num::new("7"));
        assert!(Num::new("0").is_zero());
        assert_eq!(Num::new("000"), Num::default());
        assert!(Num::new("123456789012345678901234567890") > Num::new("99999999999999999999"));
    }
}
