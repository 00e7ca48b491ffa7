//! [`lifecycle_overview`]: the upcoming EOL/EOS dates and the lifecycle problems of every
//! version of an organization (the dashboard, `GET /lifecycle`, `tplc lifecycle check`).

use serde::Serialize;
use time::Date;
use tplc_compliance::{
    AuditVersion, LifecyclePhase, LifecyclePlan, LifecycleProblem, MilestoneKind, Text, audit,
    format_date, milestones, parse_date,
};
use tplc_store::{OrganizationId, Product, ProductVersion, Store};

use super::ComplianceError;

/// The lifecycle plan of a stored version, as the domain reads it.
///
/// # Errors
/// [`ComplianceError::Corrupt`] when a stored date or phase does not read back.
pub fn plan_of(version: &ProductVersion) -> Result<LifecyclePlan, ComplianceError> {
    let corrupt = |message: String| ComplianceError::Corrupt {
        what: "lifecycle plan",
        message,
    };
    let date = |text: &Option<String>| -> Result<Option<Date>, ComplianceError> {
        text.as_deref().map(parse_date).transpose().map_err(corrupt)
    };
    Ok(LifecyclePlan {
        eol: date(&version.eol_date)?,
        eos: date(&version.eos_date)?,
        phase: version
            .lifecycle_phase
            .as_str()
            .parse::<LifecyclePhase>()
            .map_err(|e| corrupt(e.to_string()))?,
        limited_support_plan: version.limited_support_plan.clone(),
        legacy: version.legacy,
        legacy_reason: version.legacy_reason.clone(),
    })
}

/// A version reaching EOL or EOS within the horizon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionMilestone {
    /// The product's key.
    pub product: i64,
    /// The product's name.
    pub product_name: String,
    /// The version's key.
    pub version: i64,
    /// The version label.
    pub version_label: String,
    /// `eol` or `eos`.
    pub kind: MilestoneKind,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// Whole calendar months from today.
    pub months_left: u32,
}

/// A lifecycle problem of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionProblem {
    /// The product's key.
    pub product: i64,
    /// The product's name.
    pub product_name: String,
    /// The version's key.
    pub version: i64,
    /// The version label.
    pub version_label: String,
    /// The stable code (`eos_not_after_eol`, `plan_not_shown`, …).
    pub code: &'static str,
    /// The message in Japanese and English (without the version's name).
    pub message: Text,
    /// The problem with its data (`label` is "product version").
    pub problem: LifecycleProblem,
}

/// The upcoming EOL/EOS dates and the problems of an organization's versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LifecycleOverview {
    /// The day it was computed for, `YYYY-MM-DD`.
    pub today: String,
    /// The horizon in months.
    pub months: u32,
    /// The EOL and EOS dates from today to today + `months`, by date.
    pub milestones: Vec<VersionMilestone>,
    /// Every problem of every version ([`tplc_compliance::audit`]), by product then version.
    pub problems: Vec<VersionProblem>,
}

/// The lifecycle overview of `org` on `today` with a horizon of `months`
/// ([`tplc_compliance::milestones`] and [`tplc_compliance::audit`] over every version, with the
/// number of customers each version's limited-support plan was shown to).
///
/// # Errors
/// A store error; [`ComplianceError::Corrupt`] for a stored plan that does not read back.
pub async fn lifecycle_overview(
    store: &Store,
    org: OrganizationId,
    today: Date,
    months: u32,
) -> Result<LifecycleOverview, ComplianceError> {
    let rows = store.lifecycle_overview(org).await?;
    let mut plans: Vec<(&Product, &ProductVersion, LifecyclePlan, String, usize)> =
        Vec::with_capacity(rows.len());
    for (product, version, shown) in &rows {
        let label = format!("{} {}", product.name, version.version);
        let shown = usize::try_from(*shown).unwrap_or(usize::MAX);
        plans.push((product, version, plan_of(version)?, label, shown));
    }
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (product, version, plan, label, shown) in &plans {
        for milestone in milestones(&[(label.as_str(), plan)], today, months) {
            found.push(VersionMilestone {
                product: product.id.get(),
                product_name: product.name.clone(),
                version: version.id.get(),
                version_label: version.version.clone(),
                kind: milestone.kind,
                date: format_date(milestone.date),
                months_left: milestone.months_left,
            });
        }
        let input = [AuditVersion {
            label,
            plan,
            shown_to: *shown,
        }];
        for problem in audit(&input, today) {
            problems.push(VersionProblem {
                product: product.id.get(),
                product_name: product.name.clone(),
                version: version.id.get(),
                version_label: version.version.clone(),
                code: problem.code(),
                message: Text::new(
                    problem.message(tplc_compliance::Lang::Ja),
                    problem.message(tplc_compliance::Lang::En),
                ),
                problem,
            });
        }
    }
    found.sort_by(|a, b| {
        (&a.date, a.kind, &a.product_name, a.version).cmp(&(
            &b.date,
            b.kind,
            &b.product_name,
            b.version,
        ))
    });
    Ok(LifecycleOverview {
        today: format_date(today),
        months,
        milestones: found,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_version_reads_as_its_plan() {
        let version = ProductVersion {
            id: tplc_store::ProductVersionId::new(1),
            product: tplc_store::ProductId::new(1),
            version: "1.0".into(),
            release_date: None,
            eol_date: Some("2030-03-31".into()),
            eos_date: Some("2031-03-31".into()),
            lifecycle_phase: tplc_store::LifecyclePhase::LimitedSupport,
            limited_support_plan: "patches only".into(),
            legacy: false,
            legacy_reason: String::new(),
            created_at: tplc_store::Timestamp::now(),
        };
        let plan = plan_of(&version).unwrap();
        assert_eq!(plan.phase, LifecyclePhase::LimitedSupport);
        assert_eq!(plan.eol.map(format_date).as_deref(), Some("2030-03-31"));
        assert_eq!(plan.check(), Ok(()));
        let broken = ProductVersion {
            eos_date: Some("31/03/2031".into()),
            ..version
        };
        assert!(matches!(
            plan_of(&broken),
            Err(ComplianceError::Corrupt { .. })
        ));
    }
}
