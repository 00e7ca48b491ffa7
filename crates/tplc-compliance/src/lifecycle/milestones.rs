//! [`milestones`]: the EOL and EOS dates falling within a horizon, for the lifecycle dashboard.

use serde::{Deserialize, Serialize};
use time::Date;

use super::plan::LifecyclePlan;
use crate::dates;
use crate::text::Lang;
use crate::text_enum::text_enum;

text_enum! {
    /// Which date a milestone is.
    pub enum MilestoneKind ("milestone kind") {
        /// End of life (`eol`).
        Eol = "eol",
        /// End of support (`eos`).
        Eos = "eos",
    }
}

impl MilestoneKind {
    /// The label shown to users.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Eol, Lang::Ja) => "EOL（製品寿命）",
            (Self::Eol, Lang::En) => "EOL (end of life)",
            (Self::Eos, Lang::Ja) => "EOS（サポート終了）",
            (Self::Eos, Lang::En) => "EOS (end of support)",
        }
    }
}

/// A version reaching EOL or EOS within the horizon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// The version's label (as given to [`milestones`]).
    pub label: String,
    /// EOL or EOS.
    pub kind: MilestoneKind,
    /// The date.
    #[serde(with = "dates::required")]
    pub date: Date,
    /// Whole calendar months from today to the date.
    pub months_left: u32,
}

/// The EOL and EOS dates from `today` (included) to `today + months` calendar months
/// (included), sorted by date, then EOL before EOS, then label.
///
/// Dashboards call it with 6, 12 and 24 months.
#[must_use]
pub fn milestones<L: AsRef<str>>(
    versions: &[(L, &LifecyclePlan)],
    today: Date,
    months: u32,
) -> Vec<Milestone> {
    let horizon = dates::add_months(today, months).unwrap_or(Date::MAX);
    let mut found: Vec<Milestone> = versions
        .iter()
        .flat_map(|(label, plan)| {
            [
                (MilestoneKind::Eol, plan.eol),
                (MilestoneKind::Eos, plan.eos),
            ]
            .into_iter()
            .filter_map(move |(kind, date)| date.map(|date| (label.as_ref(), kind, date)))
        })
        .filter(|(_, _, date)| (today..=horizon).contains(date))
        .map(|(label, kind, date)| Milestone {
            label: label.to_owned(),
            kind,
            date,
            months_left: dates::months_between(today, date),
        })
        .collect();
    found.sort_by(|a, b| (a.date, a.kind, &a.label).cmp(&(b.date, b.kind, &b.label)));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::LifecyclePhase;
    use time::macros::date;

    #[test]
    fn horizon_includes_both_ends() {
        let plan = LifecyclePlan {
            eol: Some(date!(2026 - 01 - 15)),
            eos: Some(date!(2026 - 07 - 15)),
            phase: LifecyclePhase::Support,
            ..LifecyclePlan::default()
        };
        let today = date!(2026 - 01 - 15);
        let found = milestones(&[("1.0", &plan)], today, 6);
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].kind, found[0].months_left),
            (MilestoneKind::Eol, 0)
        );
        assert_eq!(
            (found[1].kind, found[1].months_left),
            (MilestoneKind::Eos, 6)
        );
        let next_day = date!(2026 - 01 - 16);
        let found = milestones(&[("1.0", &plan)], next_day, 6);
        assert_eq!(found.len(), 1, "EOL is past: {found:?}");
        assert_eq!(
            (found[0].kind, found[0].months_left),
            (MilestoneKind::Eos, 5)
        );
        assert!(milestones(&[("1.0", &plan)], next_day, 5).is_empty());
    }
}
