//! CVSS v2.0 (FIRST, "A Complete Guide to the Common Vulnerability Scoring System Version
//! 2.0", §3.2), computed exactly in decimal.

use crate::decimal::Decimal;
use crate::metrics::{Group, MetricDef, Values, metric};

const AV: usize = 0;
const AC: usize = 1;
const AU: usize = 2;
const C: usize = 3;
const I: usize = 4;
const A: usize = 5;
const E: usize = 6;
const RL: usize = 7;
const RC: usize = 8;
const CDP: usize = 9;
const TD: usize = 10;
const CR: usize = 11;
const IR: usize = 12;
const AR: usize = 13;

/// The value of an optional metric that is not defined.
pub(crate) const NOT_DEFINED: &str = "ND";

/// The v2.0 metrics in the guide's order.
pub(crate) static METRICS: [MetricDef; 14] = [
    metric("AV", Group::Base, &["L", "A", "N"]),
    metric("AC", Group::Base, &["H", "M", "L"]),
    metric("Au", Group::Base, &["M", "S", "N"]),
    metric("C", Group::Base, &["N", "P", "C"]),
    metric("I", Group::Base, &["N", "P", "C"]),
    metric("A", Group::Base, &["N", "P", "C"]),
    metric("E", Group::Temporal, &["U", "POC", "F", "H", "ND"]),
    metric("RL", Group::Temporal, &["OF", "TF", "W", "U", "ND"]),
    metric("RC", Group::Temporal, &["UC", "UR", "C", "ND"]),
    metric(
        "CDP",
        Group::Environmental,
        &["N", "L", "LM", "MH", "H", "ND"],
    ),
    metric("TD", Group::Environmental, &["N", "L", "M", "H", "ND"]),
    metric("CR", Group::Environmental, &["L", "M", "H", "ND"]),
    metric("IR", Group::Environmental, &["L", "M", "H", "ND"]),
    metric("AR", Group::Environmental, &["L", "M", "H", "ND"]),
];

const fn d(mantissa: i128, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale)
}

/// The weight of a metric's value (`ND` weighs as the guide says).
fn weight(values: &Values, index: usize) -> Decimal {
    let value = values.get(index, NOT_DEFINED);
    match (index, value) {
        (AV, "L") => d(395, 3),
        (AV, "A") => d(646, 3),
        (AC, "H") => d(35, 2),
        (AC, "M") => d(61, 2),
        (AC, "L") => d(71, 2),
        (AU, "M") => d(45, 2),
        (AU, "S") => d(56, 2),
        (AU, "N") => d(704, 3),
        (C | I | A, "N") => d(0, 0),
        (C | I | A, "P") => d(275, 3),
        (C | I | A, "C") => d(660, 3),
        (E, "U") => d(85, 2),
        (E, "POC") => d(90, 2),
        (E, "F") => d(95, 2),
        (RL, "OF") => d(87, 2),
        (RL, "TF") => d(90, 2),
        (RL, "W") => d(95, 2),
        (RC, "UC") => d(90, 2),
        (RC, "UR") => d(95, 2),
        (CDP, "N" | "ND") => d(0, 0),
        (CDP, "L") => d(1, 1),
        (CDP, "LM") => d(3, 1),
        (CDP, "MH") => d(4, 1),
        (CDP, "H") => d(5, 1),
        (TD, "N") => d(0, 0),
        (TD, "L") => d(25, 2),
        (TD, "M") => d(75, 2),
        (CR | IR | AR, "L") => d(5, 1),
        (CR | IR | AR, "H") => d(151, 2),
        // AV:N, E:H, RL:U, RC:C, TD:H, CR/IR/AR:M and every other ND.
        _ => d(1, 0),
    }
}

fn exploitability(values: &Values) -> Decimal {
    Decimal::int(20)
        .mul(weight(values, AV))
        .mul(weight(values, AC))
        .mul(weight(values, AU))
}

/// `10.41 × (1 − (1 − C×CR) × (1 − I×IR) × (1 − A×AR))`, the requirements given or not.
fn impact(values: &Values, requirements: bool) -> Decimal {
    let one = Decimal::int(1);
    let loss = |impact: usize, requirement: usize| {
        let weight_of = weight(values, impact);
        let weighted = if requirements {
            weight_of.mul(weight(values, requirement))
        } else {
            weight_of
        };
        one.sub(weighted)
    };
    let unaffected = loss(C, CR).mul(loss(I, IR)).mul(loss(A, AR));
    d(1041, 2).mul(one.sub(unaffected))
}

/// The base equation over an impact, in tenths.
fn base_equation(impact: Decimal, exploitability: Decimal) -> i128 {
    let f = if impact.is_zero() {
        Decimal::int(0)
    } else {
        d(1176, 3)
    };
    d(6, 1)
        .mul(impact)
        .add(d(4, 1).mul(exploitability))
        .sub(d(15, 1))
        .mul(f)
        .round_tenths()
}

fn temporal_equation(base_tenths: i128, values: &Values) -> i128 {
    Decimal::tenths(base_tenths)
        .mul(weight(values, E))
        .mul(weight(values, RL))
        .mul(weight(values, RC))
        .round_tenths()
}

/// The base score, in tenths.
pub(crate) fn base(values: &Values) -> i128 {
    base_equation(impact(values, false), exploitability(values))
}

/// The temporal score (undefined temporal metrics weigh 1), in tenths.
pub(crate) fn temporal(values: &Values) -> i128 {
    temporal_equation(base(values), values)
}

/// The environmental score (undefined metrics as the guide defines ND), in tenths.
///
/// A low requirement can make the adjusted base, and so the adjusted temporal score,
/// negative; that intermediate is used as it is, only the environmental score is floored at
/// 0.0 (as the Red Hat `cvss` library, upstream's reference, does).
pub(crate) fn environmental(values: &Values) -> i128 {
    let adjusted_impact = Decimal::int(10).min(impact(values, true));
    let adjusted_base = base_equation(adjusted_impact, exploitability(values));
    let adjusted_temporal = Decimal::tenths(temporal_equation(adjusted_base, values));
    let ten = Decimal::int(10);
    adjusted_temporal
        .add(ten.sub(adjusted_temporal).mul(weight(values, CDP)))
        .mul(weight(values, TD))
        .round_tenths()
        .max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::parse;

    fn environmental_of(vector: &str) -> i128 {
        environmental(&parse(vector, 1, &METRICS, "2.0").unwrap())
    }

    #[test]
    fn environmental_is_floored_but_not_its_intermediate() {
        // Adjusted base −0.169 → adjusted temporal −0.2; the score is 0.0.
        assert_eq!(
            environmental_of("AV:L/AC:H/Au:M/C:P/I:N/A:N/CDP:N/TD:H/CR:L/AR:M"),
            0
        );
        // With collateral damage: (−0.2 + 10.2 × 0.5) × 1 = 4.9.
        assert_eq!(
            environmental_of("AV:L/AC:H/Au:M/C:P/I:N/A:N/CDP:H/TD:H/CR:L/AR:M"),
            49
        );
    }
}
