//! CVSS v3.0 and v3.1 (FIRST, "CVSS v3.0 Specification Document" §8 and "CVSS v3.1
//! Specification Document" §7 and Appendix A).
//!
//! The two versions differ in `Roundup` and in the environmental modified impact of a changed
//! scope (`7.52 × (MISS − 0.029) − 3.25 × (MISS × 0.9731 − 0.02)^13` in v3.1, where v3.0 uses
//! the base equation `… − 3.25 × (MISS − 0.02)^15`).

use crate::metrics::{Group, MetricDef, Values, metric};

const AV: usize = 0;
const AC: usize = 1;
const PR: usize = 2;
const UI: usize = 3;
const S: usize = 4;
const C: usize = 5;
const I: usize = 6;
const A: usize = 7;
const E: usize = 8;
const RL: usize = 9;
const RC: usize = 10;
const CR: usize = 11;
const IR: usize = 12;
const AR: usize = 13;
const MAV: usize = 14;
const MAC: usize = 15;
const MPR: usize = 16;
const MUI: usize = 17;
const MS: usize = 18;
const MC: usize = 19;
const MI: usize = 20;
const MA: usize = 21;

/// The value of an optional metric that is not defined.
pub(crate) const NOT_DEFINED: &str = "X";

/// The v3.x metrics in the specification's order.
pub(crate) static METRICS: [MetricDef; 22] = [
    metric("AV", Group::Base, &["N", "A", "L", "P"]),
    metric("AC", Group::Base, &["L", "H"]),
    metric("PR", Group::Base, &["N", "L", "H"]),
    metric("UI", Group::Base, &["N", "R"]),
    metric("S", Group::Base, &["U", "C"]),
    metric("C", Group::Base, &["H", "L", "N"]),
    metric("I", Group::Base, &["H", "L", "N"]),
    metric("A", Group::Base, &["H", "L", "N"]),
    metric("E", Group::Temporal, &["X", "H", "F", "P", "U"]),
    metric("RL", Group::Temporal, &["X", "U", "W", "T", "O"]),
    metric("RC", Group::Temporal, &["X", "C", "R", "U"]),
    metric("CR", Group::Environmental, &["X", "H", "M", "L"]),
    metric("IR", Group::Environmental, &["X", "H", "M", "L"]),
    metric("AR", Group::Environmental, &["X", "H", "M", "L"]),
    metric("MAV", Group::Environmental, &["X", "N", "A", "L", "P"]),
    metric("MAC", Group::Environmental, &["X", "L", "H"]),
    metric("MPR", Group::Environmental, &["X", "N", "L", "H"]),
    metric("MUI", Group::Environmental, &["X", "N", "R"]),
    metric("MS", Group::Environmental, &["X", "U", "C"]),
    metric("MC", Group::Environmental, &["X", "H", "L", "N"]),
    metric("MI", Group::Environmental, &["X", "H", "L", "N"]),
    metric("MA", Group::Environmental, &["X", "H", "L", "N"]),
];

/// Which of the two minor versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Minor {
    /// 3.0
    Zero,
    /// 3.1
    One,
}

/// `Roundup`, giving a number of tenths.
///
/// v3.1 defines it on integers (Appendix A): round to five decimals, then up to one. v3.0
/// defines it as the smallest one-decimal number not below the input; computed here on the
/// binary approximation, a value within 10⁻⁹ tenths of a tenth counts as that tenth (the
/// equations' exact results never fall that close above one).
#[expect(
    clippy::cast_possible_truncation,
    reason = "scores are between 0 and 10.8"
)]
fn roundup(minor: Minor, value: f64) -> i64 {
    let value = value.max(0.0);
    match minor {
        Minor::One => {
            let scaled = (value * 100_000.0).round() as i64;
            if scaled % 10_000 == 0 {
                scaled / 10_000
            } else {
                scaled / 10_000 + 1
            }
        }
        Minor::Zero => {
            let tenths = value * 10.0;
            let nearest = tenths.round();
            if (tenths - nearest).abs() < 1e-9 {
                nearest as i64
            } else {
                tenths.ceil() as i64
            }
        }
    }
}

fn tenths_to_score(tenths: i64) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "at most 100")]
    let tenths = tenths as f64;
    tenths / 10.0
}

/// The effective value: the modified metric's when defined, else the base metric's.
fn effective(values: &Values, base: usize, modified: Option<usize>) -> &'static str {
    modified
        .and_then(|index| values.given(index))
        .filter(|value| *value != NOT_DEFINED)
        .or_else(|| values.given(base))
        .unwrap_or(NOT_DEFINED)
}

/// The base or modified base metrics, resolved to weights.
struct Weights {
    changed: bool,
    av: f64,
    ac: f64,
    pr: f64,
    ui: f64,
    c: f64,
    i: f64,
    a: f64,
}

fn impact_weight(value: &str) -> f64 {
    match value {
        "H" => 0.56,
        "L" => 0.22,
        _ => 0.0,
    }
}

impl Weights {
    fn of(values: &Values, modified: bool) -> Self {
        let pick = |base: usize, modified_index: usize| {
            effective(values, base, modified.then_some(modified_index))
        };
        let changed = pick(S, MS) == "C";
        Self {
            changed,
            av: match pick(AV, MAV) {
                "N" => 0.85,
                "A" => 0.62,
                "L" => 0.55,
                _ => 0.2,
            },
            ac: match pick(AC, MAC) {
                "L" => 0.77,
                _ => 0.44,
            },
            pr: match (pick(PR, MPR), changed) {
                ("N", _) => 0.85,
                ("L", false) => 0.62,
                ("L", true) => 0.68,
                (_, false) => 0.27,
                (_, true) => 0.5,
            },
            ui: match pick(UI, MUI) {
                "N" => 0.85,
                _ => 0.62,
            },
            c: impact_weight(pick(C, MC)),
            i: impact_weight(pick(I, MI)),
            a: impact_weight(pick(A, MA)),
        }
    }

    fn exploitability(&self) -> f64 {
        8.22 * self.av * self.ac * self.pr * self.ui
    }
}

fn requirement(values: &Values, index: usize) -> f64 {
    match values.get(index, NOT_DEFINED) {
        "H" => 1.5,
        "L" => 0.5,
        _ => 1.0,
    }
}

/// `E × RL × RC`.
fn temporal_factor(values: &Values) -> f64 {
    let e = match values.get(E, NOT_DEFINED) {
        "F" => 0.97,
        "P" => 0.94,
        "U" => 0.91,
        _ => 1.0,
    };
    let rl = match values.get(RL, NOT_DEFINED) {
        "W" => 0.97,
        "T" => 0.96,
        "O" => 0.95,
        _ => 1.0,
    };
    let rc = match values.get(RC, NOT_DEFINED) {
        "R" => 0.96,
        "U" => 0.92,
        _ => 1.0,
    };
    e * rl * rc
}

/// The base score, in tenths.
pub(crate) fn base(minor: Minor, values: &Values) -> i64 {
    let weights = Weights::of(values, false);
    let iss = 1.0 - (1.0 - weights.c) * (1.0 - weights.i) * (1.0 - weights.a);
    let impact = if weights.changed {
        7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15)
    } else {
        6.42 * iss
    };
    if impact <= 0.0 {
        return 0;
    }
    let sum = impact + weights.exploitability();
    if weights.changed {
        roundup(minor, (1.08 * sum).min(10.0))
    } else {
        roundup(minor, sum.min(10.0))
    }
}

/// The temporal score (undefined temporal metrics weigh 1), in tenths.
pub(crate) fn temporal(minor: Minor, values: &Values) -> i64 {
    roundup(
        minor,
        tenths_to_score(base(minor, values)) * temporal_factor(values),
    )
}

/// The environmental score (undefined metrics take the base values), in tenths.
pub(crate) fn environmental(minor: Minor, values: &Values) -> i64 {
    let weights = Weights::of(values, true);
    let miss = (1.0
        - (1.0 - requirement(values, CR) * weights.c)
            * (1.0 - requirement(values, IR) * weights.i)
            * (1.0 - requirement(values, AR) * weights.a))
        .min(0.915);
    let impact = match (weights.changed, minor) {
        (false, _) => 6.42 * miss,
        (true, Minor::Zero) => 7.52 * (miss - 0.029) - 3.25 * (miss - 0.02).powi(15),
        (true, Minor::One) => 7.52 * (miss - 0.029) - 3.25 * (miss * 0.9731 - 0.02).powi(13),
    };
    if impact <= 0.0 {
        return 0;
    }
    let sum = impact + weights.exploitability();
    let capped = if weights.changed {
        (1.08 * sum).min(10.0)
    } else {
        sum.min(10.0)
    };
    let modified_base = tenths_to_score(roundup(minor, capped));
    roundup(minor, modified_base * temporal_factor(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundup_follows_each_version() {
        assert_eq!(roundup(Minor::One, 4.02), 41);
        assert_eq!(roundup(Minor::One, 4.0), 40);
        assert_eq!(roundup(Minor::One, 4.000_000_1), 40);
        assert_eq!(roundup(Minor::One, 4.000_01), 41);
        assert_eq!(roundup(Minor::Zero, 4.02), 41);
        assert_eq!(roundup(Minor::Zero, 4.0), 40);
        assert_eq!(roundup(Minor::Zero, 4.000_000_1), 41);
        // 0.1 + 0.2 = 0.30000000000000004 in binary: still 0.3.
        assert_eq!(roundup(Minor::Zero, 0.1 + 0.2), 3);
        assert_eq!(roundup(Minor::One, -1.0), 0);
    }
}
