//! CVSS v4.0 (FIRST, "CVSS v4.0 Specification Document" §8): the MacroVector score and the
//! interpolation by severity distance, exactly as FIRST's reference calculator
//! (`cvss40.js` of cvss-v4-calculator) computes them, in the same binary floating-point
//! operations and with its final rounding (half up, ties lifted by 10⁻⁶), so that its
//! one-decimal results are reproduced.

use crate::metrics::{Group, MetricDef, Values, metric};
use crate::v4_lookup::macro_vector_score;

const AV: usize = 0;
const AC: usize = 1;
const AT: usize = 2;
const PR: usize = 3;
const UI: usize = 4;
const VC: usize = 5;
const VI: usize = 6;
const VA: usize = 7;
const SC: usize = 8;
const SI: usize = 9;
const SA: usize = 10;
const E: usize = 11;
const CR: usize = 12;
const IR: usize = 13;
const AR: usize = 14;
/// The modified base metrics follow in the base metrics' order: `MAV` is at `AV + MODIFIED`.
const MODIFIED: usize = 15;

/// The value of an optional metric that is not defined.
pub(crate) const NOT_DEFINED: &str = "X";

const IMPACT: &[&str] = &["H", "L", "N"];
const MODIFIED_IMPACT: &[&str] = &["X", "H", "L", "N"];
const MODIFIED_SUBSEQUENT: &[&str] = &["X", "S", "H", "L", "N"];
const REQUIREMENT: &[&str] = &["X", "H", "M", "L"];

/// The v4.0 metrics in the specification's order.
pub(crate) static METRICS: [MetricDef; 32] = [
    metric("AV", Group::Base, &["N", "A", "L", "P"]),
    metric("AC", Group::Base, &["L", "H"]),
    metric("AT", Group::Base, &["N", "P"]),
    metric("PR", Group::Base, &["N", "L", "H"]),
    metric("UI", Group::Base, &["N", "P", "A"]),
    metric("VC", Group::Base, IMPACT),
    metric("VI", Group::Base, IMPACT),
    metric("VA", Group::Base, IMPACT),
    metric("SC", Group::Base, IMPACT),
    metric("SI", Group::Base, IMPACT),
    metric("SA", Group::Base, IMPACT),
    metric("E", Group::Temporal, &["X", "A", "P", "U"]),
    metric("CR", Group::Environmental, REQUIREMENT),
    metric("IR", Group::Environmental, REQUIREMENT),
    metric("AR", Group::Environmental, REQUIREMENT),
    metric("MAV", Group::Environmental, &["X", "N", "A", "L", "P"]),
    metric("MAC", Group::Environmental, &["X", "L", "H"]),
    metric("MAT", Group::Environmental, &["X", "N", "P"]),
    metric("MPR", Group::Environmental, &["X", "N", "L", "H"]),
    metric("MUI", Group::Environmental, &["X", "N", "P", "A"]),
    metric("MVC", Group::Environmental, MODIFIED_IMPACT),
    metric("MVI", Group::Environmental, MODIFIED_IMPACT),
    metric("MVA", Group::Environmental, MODIFIED_IMPACT),
    metric("MSC", Group::Environmental, MODIFIED_IMPACT),
    metric("MSI", Group::Environmental, MODIFIED_SUBSEQUENT),
    metric("MSA", Group::Environmental, MODIFIED_SUBSEQUENT),
    metric("S", Group::Supplemental, &["X", "N", "P"]),
    metric("AU", Group::Supplemental, &["X", "N", "Y"]),
    metric("R", Group::Supplemental, &["X", "A", "U", "I"]),
    metric("V", Group::Supplemental, &["X", "D", "C"]),
    metric("RE", Group::Supplemental, &["X", "L", "M", "H"]),
    metric(
        "U",
        Group::Supplemental,
        &["X", "Clear", "Green", "Amber", "Red"],
    ),
];

/// Which metric groups a score takes into account.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Groups {
    /// The threat metric (`E`).
    pub(crate) threat: bool,
    /// The environmental metrics.
    pub(crate) environmental: bool,
}

/// The metric values a score is computed from (`getEffectiveMetricValue`): undefined `E`
/// counts as `A`, undefined requirements as `H`, a defined modified metric replaces its base
/// metric; the groups not taken into account count as undefined.
struct Effective {
    av: &'static str,
    ac: &'static str,
    at: &'static str,
    pr: &'static str,
    ui: &'static str,
    vc: &'static str,
    vi: &'static str,
    va: &'static str,
    sc: &'static str,
    si: &'static str,
    sa: &'static str,
    e: &'static str,
    cr: &'static str,
    ir: &'static str,
    ar: &'static str,
}

impl Effective {
    fn of(values: &Values, groups: Groups) -> Self {
        let defined = |index: usize, used: bool| {
            values
                .given(index)
                .filter(|value| used && *value != NOT_DEFINED)
        };
        let base = |index: usize| {
            defined(index + MODIFIED, groups.environmental)
                .or_else(|| values.given(index))
                .unwrap_or(NOT_DEFINED)
        };
        let requirement = |index: usize| defined(index, groups.environmental).unwrap_or("H");
        Self {
            av: base(AV),
            ac: base(AC),
            at: base(AT),
            pr: base(PR),
            ui: base(UI),
            vc: base(VC),
            vi: base(VI),
            va: base(VA),
            sc: base(SC),
            si: base(SI),
            sa: base(SA),
            e: defined(E, groups.threat).unwrap_or("A"),
            cr: requirement(CR),
            ir: requirement(IR),
            ar: requirement(AR),
        }
    }

    /// The MacroVector: the levels of EQ1 to EQ6.
    fn macro_vector(&self) -> [u8; 6] {
        let eq1 = if self.av == "N" && self.pr == "N" && self.ui == "N" {
            0
        } else if (self.av == "N" || self.pr == "N" || self.ui == "N") && self.av != "P" {
            1
        } else {
            2
        };
        let eq2 = u8::from(!(self.ac == "L" && self.at == "N"));
        let eq3 = if self.vc == "H" && self.vi == "H" {
            0
        } else if self.vc == "H" || self.vi == "H" || self.va == "H" {
            1
        } else {
            2
        };
        let eq4 = if self.si == "S" || self.sa == "S" {
            0
        } else if self.sc == "H" || self.si == "H" || self.sa == "H" {
            1
        } else {
            2
        };
        let eq5 = match self.e {
            "A" => 0,
            "P" => 1,
            _ => 2,
        };
        let eq6 = u8::from(
            !((self.cr == "H" && self.vc == "H")
                || (self.ir == "H" && self.vi == "H")
                || (self.ar == "H" && self.va == "H")),
        );
        [eq1, eq2, eq3, eq4, eq5, eq6]
    }
}

/// The severity level of a value (`METRIC_LEVELS`).
fn level(value: &str, levels: &[(&str, f64)]) -> f64 {
    levels
        .iter()
        .find(|(name, _)| *name == value)
        .map_or(0.0, |(_, level)| *level)
}

const AV_LEVELS: &[(&str, f64)] = &[("N", 0.0), ("A", 0.1), ("L", 0.2), ("P", 0.3)];
const PR_LEVELS: &[(&str, f64)] = &[("N", 0.0), ("L", 0.1), ("H", 0.2)];
const UI_LEVELS: &[(&str, f64)] = &[("N", 0.0), ("P", 0.1), ("A", 0.2)];
const AC_LEVELS: &[(&str, f64)] = &[("L", 0.0), ("H", 0.1)];
const AT_LEVELS: &[(&str, f64)] = &[("N", 0.0), ("P", 0.1)];
const VULNERABLE_LEVELS: &[(&str, f64)] = &[("H", 0.0), ("L", 0.1), ("N", 0.2)];
const SC_LEVELS: &[(&str, f64)] = &[("H", 0.1), ("L", 0.2), ("N", 0.3)];
const SUBSEQUENT_LEVELS: &[(&str, f64)] = &[("S", 0.0), ("H", 0.1), ("L", 0.2), ("N", 0.3)];
const REQUIREMENT_LEVELS: &[(&str, f64)] = &[("H", 0.0), ("M", 0.1), ("L", 0.2)];
const E_LEVELS: &[(&str, f64)] = &[("U", 0.2), ("P", 0.1), ("A", 0.0)];

/// The highest-severity vectors of each EQ level (`MAX_COMPOSED`).
const EQ1_MAXES: [&[[&str; 3]]; 3] = [
    &[["N", "N", "N"]],
    &[["A", "N", "N"], ["N", "L", "N"], ["N", "N", "P"]],
    &[["P", "N", "N"], ["A", "L", "P"]],
];
const EQ2_MAXES: [&[[&str; 2]]; 2] = [&[["L", "N"]], &[["H", "N"], ["L", "P"]]];
/// By EQ3 level, then EQ6 level: `VC, VI, VA, CR, IR, AR`.
const EQ3_EQ6_MAXES: [[&[[&str; 6]]; 2]; 3] = [
    [
        &[["H", "H", "H", "H", "H", "H"]],
        &[
            ["H", "H", "L", "M", "M", "H"],
            ["H", "H", "H", "M", "M", "M"],
        ],
    ],
    [
        &[
            ["L", "H", "H", "H", "H", "H"],
            ["H", "L", "H", "H", "H", "H"],
        ],
        &[
            ["L", "H", "L", "H", "M", "H"],
            ["L", "H", "H", "H", "M", "M"],
            ["H", "L", "H", "M", "H", "M"],
            ["H", "L", "L", "M", "H", "H"],
            ["L", "L", "H", "H", "H", "M"],
        ],
    ],
    [&[], &[["L", "L", "L", "H", "H", "H"]]],
];
const EQ4_MAXES: [[&str; 3]; 3] = [["H", "S", "S"], ["H", "H", "H"], ["L", "L", "L"]];
const EQ5_MAXES: [&str; 3] = ["A", "P", "U"];

/// The depth of each EQ level, in steps (`MAX_SEVERITY`).
const EQ1_DEPTH: [u8; 3] = [1, 4, 5];
const EQ2_DEPTH: [u8; 2] = [1, 2];
const EQ3_EQ6_DEPTH: [[u8; 2]; 3] = [[7, 6], [8, 8], [0, 10]];
const EQ4_DEPTH: [u8; 3] = [6, 5, 4];

const STEP: f64 = 0.1;

/// The severity distances of a vector from a highest-severity vector, by metric.
#[derive(Debug, Default, Clone, Copy)]
struct Distances {
    av: f64,
    pr: f64,
    ui: f64,
    ac: f64,
    at: f64,
    vc: f64,
    vi: f64,
    va: f64,
    sc: f64,
    si: f64,
    sa: f64,
    cr: f64,
    ir: f64,
    ar: f64,
    e: f64,
}

impl Distances {
    fn all_non_negative(&self) -> bool {
        [
            self.av, self.pr, self.ui, self.ac, self.at, self.vc, self.vi, self.va, self.sc,
            self.si, self.sa, self.cr, self.ir, self.ar, self.e,
        ]
        .iter()
        .all(|distance| *distance >= 0.0)
    }
}

fn macro_key(levels: [u8; 6]) -> String {
    levels
        .iter()
        .map(|level| char::from(b'0' + level))
        .collect()
}

fn score_of(levels: [u8; 6]) -> Option<f64> {
    macro_vector_score(&macro_key(levels))
}

fn get<T: Copy>(slice: &[T], index: u8) -> Option<T> {
    slice.get(usize::from(index)).copied()
}

/// The score, in tenths, from the metric groups `groups`.
pub(crate) fn score(values: &Values, groups: Groups) -> i64 {
    let effective = Effective::of(values, groups);
    let impacts = [
        effective.vc,
        effective.vi,
        effective.va,
        effective.sc,
        effective.si,
        effective.sa,
    ];
    if impacts.iter().all(|value| *value == "N") {
        return 0;
    }
    let levels = effective.macro_vector();
    let [eq1, eq2, eq3, eq4, eq5, eq6] = levels;
    let Some(value) = score_of(levels) else {
        return 0;
    };

    // The next lower MacroVector of each EQ, when there is one.
    let lower = |changes: [u8; 6]| {
        let mut next = levels;
        for (level, change) in next.iter_mut().zip(changes) {
            *level += change;
        }
        score_of(next)
    };
    let lower_eq1 = lower([1, 0, 0, 0, 0, 0]);
    let lower_eq2 = lower([0, 1, 0, 0, 0, 0]);
    let lower_eq3_eq6 = match (eq3, eq6) {
        (0 | 1, 1) => lower([0, 0, 1, 0, 0, 0]),
        (1, 0) => lower([0, 0, 0, 0, 0, 1]),
        (0, 0) => match (lower([0, 0, 0, 0, 0, 1]), lower([0, 0, 1, 0, 0, 0])) {
            (Some(left), Some(right)) => Some(left.max(right)),
            _ => None,
        },
        _ => lower([0, 0, 1, 0, 0, 1]),
    };
    let lower_eq4 = lower([0, 0, 0, 1, 0, 0]);
    let lower_eq5 = lower([0, 0, 0, 0, 1, 0]);

    // The first highest-severity vector of the MacroVector that the vector does not exceed.
    let eq1_maxes = get(&EQ1_MAXES, eq1).unwrap_or_default();
    let eq2_maxes = get(&EQ2_MAXES, eq2).unwrap_or_default();
    let eq3_eq6_maxes = get(&EQ3_EQ6_MAXES, eq3)
        .and_then(|by_eq6| get(&by_eq6, eq6))
        .unwrap_or_default();
    let eq4_max = get(&EQ4_MAXES, eq4).unwrap_or(["L", "L", "L"]);
    let eq5_max = get(&EQ5_MAXES, eq5).unwrap_or("U");
    let mut distances = Distances::default();
    'search: for eq1_max in eq1_maxes {
        for eq2_max in eq2_maxes {
            for eq3_eq6_max in eq3_eq6_maxes {
                let [av, pr, ui] = *eq1_max;
                let [ac, at] = *eq2_max;
                let [vc, vi, va, cr, ir, ar] = *eq3_eq6_max;
                let [sc, si, sa] = eq4_max;
                let distance =
                    |own: &str, max: &str, levels| level(own, levels) - level(max, levels);
                distances = Distances {
                    av: distance(effective.av, av, AV_LEVELS),
                    pr: distance(effective.pr, pr, PR_LEVELS),
                    ui: distance(effective.ui, ui, UI_LEVELS),
                    ac: distance(effective.ac, ac, AC_LEVELS),
                    at: distance(effective.at, at, AT_LEVELS),
                    vc: distance(effective.vc, vc, VULNERABLE_LEVELS),
                    vi: distance(effective.vi, vi, VULNERABLE_LEVELS),
                    va: distance(effective.va, va, VULNERABLE_LEVELS),
                    sc: distance(effective.sc, sc, SC_LEVELS),
                    si: distance(effective.si, si, SUBSEQUENT_LEVELS),
                    sa: distance(effective.sa, sa, SUBSEQUENT_LEVELS),
                    cr: distance(effective.cr, cr, REQUIREMENT_LEVELS),
                    ir: distance(effective.ir, ir, REQUIREMENT_LEVELS),
                    ar: distance(effective.ar, ar, REQUIREMENT_LEVELS),
                    e: distance(effective.e, eq5_max, E_LEVELS),
                };
                if distances.all_non_negative() {
                    break 'search;
                }
            }
        }
    }
    let d = distances;
    let current_eq1 = d.av + d.pr + d.ui;
    let current_eq2 = d.ac + d.at;
    let current_eq3_eq6 = d.vc + d.vi + d.va + d.cr + d.ir + d.ar;
    let current_eq4 = d.sc + d.si + d.sa;

    let depth = |steps: Option<u8>| f64::from(steps.unwrap_or(1)) * STEP;
    let max_eq1 = depth(get(&EQ1_DEPTH, eq1));
    let max_eq2 = depth(get(&EQ2_DEPTH, eq2));
    let max_eq3_eq6 = depth(get(&EQ3_EQ6_DEPTH, eq3).and_then(|by_eq6| get(&by_eq6, eq6)));
    let max_eq4 = depth(get(&EQ4_DEPTH, eq4));

    // The proportional distance of each EQ that has a lower MacroVector; EQ5's is always 0.
    let mut existing = 0_u8;
    let mut proportional = |lower: Option<f64>, current: f64, max: f64| match lower {
        Some(lower) => {
            existing += 1;
            (value - lower) * (current / max)
        }
        None => 0.0,
    };
    let normalized_eq1 = proportional(lower_eq1, current_eq1, max_eq1);
    let normalized_eq2 = proportional(lower_eq2, current_eq2, max_eq2);
    let normalized_eq3_eq6 = proportional(lower_eq3_eq6, current_eq3_eq6, max_eq3_eq6);
    let normalized_eq4 = proportional(lower_eq4, current_eq4, max_eq4);
    let normalized_eq5 = proportional(lower_eq5, 0.0, 1.0);
    let mean = if existing == 0 {
        0.0
    } else {
        (normalized_eq1 + normalized_eq2 + normalized_eq3_eq6 + normalized_eq4 + normalized_eq5)
            / f64::from(existing)
    };
    round_tenths((value - mean).clamp(0.0, 10.0))
}

/// What the reference calculator adds before rounding (since cvss-v4-calculator#67,
/// 2024-11-01), so that a tie the binary arithmetic leaves a few ULPs below `x.x5` rounds up
/// as it does in exact arithmetic. (The exact values are rationals whose distance to a tie is
/// 0 or far more than this.)
const EPSILON: f64 = 1e-6;

/// `Math.round((value + EPSILON) × 10)`: the nearest number of tenths, halves rounded up.
#[expect(clippy::cast_possible_truncation, reason = "between 0 and 100")]
fn round_tenths(value: f64) -> i64 {
    let scaled = (value + EPSILON) * 10.0;
    let floor = scaled.floor();
    if scaled - floor >= 0.5 {
        floor as i64 + 1
    } else {
        floor as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_round_up() {
        // 5.65 computed in binary as 5.6499999999999995: 5.7, as in exact arithmetic.
        assert_eq!(round_tenths(5.649_999_999_999_999_5), 57);
        assert_eq!(round_tenths(5.65), 57);
        assert_eq!(round_tenths(5.649_9), 56);
        assert_eq!(round_tenths(0.0), 0);
        assert_eq!(round_tenths(10.0), 100);
    }
}
