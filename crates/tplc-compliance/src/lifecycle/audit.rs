//! [`audit`]: the lifecycle problems of a set of versions, for `tplc lifecycle check`.

use serde::Serialize;
use time::Date;

use super::plan::{LifecyclePhase, LifecyclePlan};
use crate::dates;
use crate::text::{Lang, Text};

/// How many months before EOL the limited-support plan must have been shown to a hospital.
pub const DISCLOSURE_HORIZON_MONTHS: u32 = 12;

/// One version as the audit sees it.
#[derive(Debug, Clone, Copy)]
pub struct AuditVersion<'a> {
    /// The version's label (product and version, as the caller wants it shown).
    pub label: &'a str,
    /// Its plan.
    pub plan: &'a LifecyclePlan,
    /// To how many hospital customers the limited-support plan was shown.
    pub shown_to: usize,
}

/// What is wrong with a version's lifecycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// EOS on or before EOL (QA2 Q10).
    EosNotAfterEol {
        /// EOL.
        #[serde(with = "dates::required")]
        eol: Date,
        /// EOS.
        #[serde(with = "dates::required")]
        eos: Date,
    },
    /// EOL planned without an EOS date.
    EolWithoutEos {
        /// EOL.
        #[serde(with = "dates::required")]
        eol: Date,
    },
    /// EOS planned without an EOL date.
    EosWithoutEol {
        /// EOS.
        #[serde(with = "dates::required")]
        eos: Date,
    },
    /// The recorded phase does not match today's date and the plan's dates.
    PhaseInconsistent {
        /// The recorded phase.
        phase: LifecyclePhase,
        /// The phases the dates allow.
        expected: Vec<LifecyclePhase>,
    },
    /// In limited support but the plan for that period is empty.
    LimitedSupportPlanEmpty,
    /// EOL is within [`DISCLOSURE_HORIZON_MONTHS`] (or past) and no hospital was shown the plan.
    PlanNotShown {
        /// EOL.
        #[serde(with = "dates::required")]
        eol: Date,
    },
    /// Marked legacy without a reason.
    LegacyWithoutReason,
}

/// A lifecycle problem of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LifecycleProblem {
    /// The version's label.
    pub label: String,
    /// The problem.
    #[serde(flatten)]
    pub kind: ProblemKind,
}

fn phases(list: &[LifecyclePhase], lang: Lang) -> String {
    let separator = if lang == Lang::Ja { "、" } else { ", " };
    list.iter()
        .map(|phase| phase.label(lang))
        .collect::<Vec<_>>()
        .join(separator)
}

impl LifecycleProblem {
    /// The stable code (`eos_not_after_eol`, `eol_without_eos`, `eos_without_eol`,
    /// `phase_inconsistent`, `limited_support_plan_empty`, `plan_not_shown`,
    /// `legacy_without_reason`).
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self.kind {
            ProblemKind::EosNotAfterEol { .. } => "eos_not_after_eol",
            ProblemKind::EolWithoutEos { .. } => "eol_without_eos",
            ProblemKind::EosWithoutEol { .. } => "eos_without_eol",
            ProblemKind::PhaseInconsistent { .. } => "phase_inconsistent",
            ProblemKind::LimitedSupportPlanEmpty => "limited_support_plan_empty",
            ProblemKind::PlanNotShown { .. } => "plan_not_shown",
            ProblemKind::LegacyWithoutReason => "legacy_without_reason",
        }
    }

    /// The message (without the label) in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let text = match &self.kind {
            ProblemKind::EosNotAfterEol { eol, eos } => super::LifecycleError::EosNotAfterEol {
                eol: *eol,
                eos: *eos,
            }
            .message(),
            ProblemKind::LegacyWithoutReason => {
                super::LifecycleError::LegacyWithoutReason.message()
            }
            ProblemKind::EolWithoutEos { eol } => {
                let eol = dates::format_date(*eol);
                Text::new(
                    format!("EOL（{eol}）は設定されていますが、EOSが設定されていません（QA2 Q10）"),
                    format!("EOL {eol} is set but EOS is not (QA2 Q10)"),
                )
            }
            ProblemKind::EosWithoutEol { eos } => {
                let eos = dates::format_date(*eos);
                Text::new(
                    format!("EOS（{eos}）は設定されていますが、EOLが設定されていません"),
                    format!("EOS {eos} is set but EOL is not"),
                )
            }
            ProblemKind::PhaseInconsistent { phase, expected } => Text::new(
                format!(
                    "記録されたフェーズ「{}」がEOL・EOSの日付と合っていません（想定：{}）",
                    phase.label(Lang::Ja),
                    phases(expected, Lang::Ja)
                ),
                format!(
                    "the recorded phase \"{}\" does not match the EOL/EOS dates (expected: {})",
                    phase.label(Lang::En),
                    phases(expected, Lang::En)
                ),
            ),
            ProblemKind::LimitedSupportPlanEmpty => Text::new(
                "限定的サポート期間中ですが、限定的サポート期間における計画が記載されていません（QA2 Q10）",
                "in limited support but the plan for the limited-support period is empty (QA2 Q10)",
            ),
            ProblemKind::PlanNotShown { eol } => {
                let eol = dates::format_date(*eol);
                Text::new(
                    format!(
                        "EOL（{eol}）まで{DISCLOSURE_HORIZON_MONTHS}か月以内（又は経過済み）ですが、限定的サポート期間における計画をどの医療機関にも提示していません（QA2 Q10：あらかじめ提示する必要があります）"
                    ),
                    format!(
                        "EOL {eol} is within {DISCLOSURE_HORIZON_MONTHS} months or past, but the limited-support plan has not been shown to any hospital (QA2 Q10: show it in advance)"
                    ),
                )
            }
        };
        text.get(lang).to_owned()
    }
}

/// The phases today's date allows for the plan's dates; `None` when the plan has no dates.
fn allowed_phases(plan: &LifecyclePlan, today: Date) -> Option<Vec<LifecyclePhase>> {
    use LifecyclePhase::{Development, EndOfSupport, LimitedSupport, Support};
    match (plan.eol, plan.eos) {
        (_, Some(eos)) if today >= eos => Some(vec![EndOfSupport]),
        (Some(eol), Some(_)) if today >= eol => Some(vec![LimitedSupport]),
        (Some(eol), None) if today >= eol => Some(vec![LimitedSupport, EndOfSupport]),
        (Some(_), _) => Some(vec![Development, Support]),
        (None, Some(_)) => Some(vec![Development, Support, LimitedSupport]),
        (None, None) => None,
    }
}

/// The lifecycle problems of `versions` on `today`, in input order (per version: dates,
/// phase, limited-support plan, disclosure, legacy).
#[must_use]
pub fn audit(versions: &[AuditVersion<'_>], today: Date) -> Vec<LifecycleProblem> {
    let mut problems = Vec::new();
    for version in versions {
        let plan = version.plan;
        let mut push = |kind| {
            problems.push(LifecycleProblem {
                label: version.label.to_owned(),
                kind,
            })
        };
        let dates_valid = match (plan.eol, plan.eos) {
            (Some(eol), Some(eos)) if eos <= eol => {
                push(ProblemKind::EosNotAfterEol { eol, eos });
                false
            }
            (Some(eol), None) => {
                push(ProblemKind::EolWithoutEos { eol });
                true
            }
            (None, Some(eos)) => {
                push(ProblemKind::EosWithoutEol { eos });
                true
            }
            _ => true,
        };
        if dates_valid
            && let Some(expected) = allowed_phases(plan, today)
            && !expected.contains(&plan.phase)
        {
            push(ProblemKind::PhaseInconsistent {
                phase: plan.phase,
                expected,
            });
        }
        if plan.phase == LifecyclePhase::LimitedSupport
            && plan.limited_support_plan.trim().is_empty()
        {
            push(ProblemKind::LimitedSupportPlanEmpty);
        }
        if let Some(eol) = plan.eol {
            let before_eos = plan.eos.is_none_or(|eos| today < eos);
            let near = dates::add_months(today, DISCLOSURE_HORIZON_MONTHS)
                .is_none_or(|horizon| eol <= horizon);
            if version.shown_to == 0 && before_eos && near {
                push(ProblemKind::PlanNotShown { eol });
            }
        }
        if plan.legacy && plan.legacy_reason.trim().is_empty() {
            push(ProblemKind::LegacyWithoutReason);
        }
    }
    problems
}
