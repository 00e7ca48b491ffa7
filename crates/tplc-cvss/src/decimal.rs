//! Exact decimal arithmetic for the CVSS v2.0 equations.
//!
//! Every v2.0 weight has at most four decimals and the equations only add and multiply, so
//! the exact result fits an `i128` mantissa (at most 21 decimals, values below 100); rounding
//! half up to one decimal, as the specification does, is then exact, free of binary floating
//! point error.

/// `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// `mantissa × 10^-scale`.
    pub(crate) const fn new(mantissa: i128, scale: u32) -> Self {
        Self { mantissa, scale }
    }

    /// A whole number.
    pub(crate) const fn int(value: i128) -> Self {
        Self::new(value, 0)
    }

    /// A number of tenths.
    pub(crate) const fn tenths(value: i128) -> Self {
        Self::new(value, 1)
    }

    fn rescaled(self, scale: u32) -> i128 {
        self.mantissa * 10_i128.pow(scale - self.scale)
    }

    pub(crate) fn add(self, other: Self) -> Self {
        let scale = self.scale.max(other.scale);
        Self::new(self.rescaled(scale) + other.rescaled(scale), scale)
    }

    pub(crate) fn sub(self, other: Self) -> Self {
        let scale = self.scale.max(other.scale);
        Self::new(self.rescaled(scale) - other.rescaled(scale), scale)
    }

    pub(crate) fn mul(self, other: Self) -> Self {
        Self::new(self.mantissa * other.mantissa, self.scale + other.scale)
    }

    pub(crate) fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    pub(crate) fn min(self, other: Self) -> Self {
        let scale = self.scale.max(other.scale);
        if self.rescaled(scale) <= other.rescaled(scale) {
            self
        } else {
            other
        }
    }

    /// Rounded half away from zero to one decimal, as a number of tenths.
    pub(crate) fn round_tenths(self) -> i128 {
        if self.scale == 0 {
            return self.mantissa * 10;
        }
        let divisor = 10_i128.pow(self.scale - 1);
        let magnitude = self.mantissa.abs();
        let rounded = (magnitude + divisor / 2) / divisor;
        if self.mantissa < 0 { -rounded } else { rounded }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_up_exactly() {
        assert_eq!(Decimal::new(645, 2).round_tenths(), 65);
        assert_eq!(Decimal::new(644_999, 5).round_tenths(), 64);
        assert_eq!(Decimal::new(-645, 2).round_tenths(), -65);
        assert_eq!(Decimal::int(7).round_tenths(), 70);
        assert_eq!(Decimal::tenths(64).round_tenths(), 64);
        let product = Decimal::new(1041, 2).mul(Decimal::new(275, 3));
        assert_eq!(product.round_tenths(), 29);
        assert_eq!(
            Decimal::int(10).min(product).round_tenths(),
            Decimal::new(286_275, 5).round_tenths()
        );
        assert_eq!(Decimal::int(1).sub(Decimal::new(5, 1)).round_tenths(), 5);
        assert!(Decimal::int(1).sub(Decimal::int(1)).is_zero());
        assert_eq!(Decimal::tenths(5).add(Decimal::new(5, 2)).round_tenths(), 6);
    }
}
