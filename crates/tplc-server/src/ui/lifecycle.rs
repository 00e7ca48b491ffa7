//! Lifecycle in the UI: the lifecycle form of the version page (phase, release, EOL and EOS
//! dates, the limited-support plan, legacy flag and reason; EOS on or before EOL is refused
//! inline with the message citing QA2 Q10), the records of when the plan was shown to which
//! customer, and the "upcoming EOL/EOS" view (6, 12 or 24 months, with the problems
//! `tplc lifecycle check` reports) on the dashboard and at `/lifecycle`.
//!
//! The lifecycle fields are the version's (`write_products`, as the version form); disclosures
//! and the lifecycle view are regulatory records (`read_compliance`, `write_compliance`). Every
//! change appends its audit event in the same transaction.

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::{Value, context};
use serde::Serialize;
use time::Date;
use tplc_auth::Permission;
use tplc_compliance::{
    AuditVersion, LifecycleError, LifecyclePhase as Phase, LifecyclePlan, audit, format_date,
    milestones, parse_date,
};
use tplc_store::{
    LifecyclePhase, NewDisclosure, NewProductVersion, OrganizationId, ProductVersion,
    ProductVersionId,
};

use super::portfolio::{parse_id, version_page};
use super::{Catalog, Ctx, field, see_other, when};
use crate::{ApiError, AppState};

type Params = Query<Vec<(String, String)>>;
type FormData = Form<Vec<(String, String)>>;

/// The periods the upcoming view offers, in months.
pub(crate) const PERIODS: [u32; 3] = [6, 12, 24];

/// The period shown when none (or another) is asked for.
const DEFAULT_PERIOD: u32 = 12;

/// The lifecycle form's values.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct LifecycleForm {
    phase: String,
    release_date: Option<String>,
    eol_date: Option<String>,
    eos_date: Option<String>,
    limited_support_plan: String,
    legacy: bool,
    legacy_reason: String,
}

impl LifecycleForm {
    fn of(v: &ProductVersion) -> Self {
        Self {
            phase: v.lifecycle_phase.as_str().to_owned(),
            release_date: v.release_date.clone(),
            eol_date: v.eol_date.clone(),
            eos_date: v.eos_date.clone(),
            limited_support_plan: v.limited_support_plan.clone(),
            legacy: v.legacy,
            legacy_reason: v.legacy_reason.clone(),
        }
    }

    pub(crate) fn read(form: &[(String, String)]) -> Self {
        let date = |name: &str| {
            field(form, name)
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty())
        };
        Self {
            phase: field(form, "lifecycle_phase")
                .unwrap_or("development")
                .to_owned(),
            release_date: date("release_date"),
            eol_date: date("eol_date"),
            eos_date: date("eos_date"),
            limited_support_plan: field(form, "limited_support_plan")
                .unwrap_or("")
                .trim()
                .to_owned(),
            legacy: field(form, "legacy") == Some("on"),
            legacy_reason: field(form, "legacy_reason").unwrap_or("").trim().to_owned(),
        }
    }

    /// Checks the values as tplc-compliance's lifecycle rules do: dates `YYYY-MM-DD`, EOS after
    /// EOL (QA2 Q10), a reason for a legacy version. The error is (message in the page's
    /// language, the field it is about).
    pub(crate) fn check(&self, ctx: &Ctx) -> Result<LifecyclePhase, (String, &'static str)> {
        let date = |value: &Option<String>,
                    name: &'static str|
         -> Result<Option<Date>, (String, &'static str)> {
            match value {
                None => Ok(None),
                Some(text) => parse_date(text).map(Some).map_err(|e| {
                    (
                        format!("{} ({name}: {e})", ctx.t("version.error_date")),
                        name,
                    )
                }),
            }
        };
        date(&self.release_date, "release_date")?;
        let eol = date(&self.eol_date, "eol_date")?;
        let eos = date(&self.eos_date, "eos_date")?;
        let phase = self
            .phase
            .parse::<LifecyclePhase>()
            .unwrap_or(LifecyclePhase::Development);
        let plan = LifecyclePlan {
            eol,
            eos,
            phase: self.phase.parse::<Phase>().unwrap_or(Phase::Development),
            limited_support_plan: self.limited_support_plan.clone(),
            legacy: self.legacy,
            legacy_reason: self.legacy_reason.clone(),
        };
        match plan.check() {
            Ok(()) => Ok(phase),
            Err(e) => {
                let field = match e {
                    LifecycleError::EosNotAfterEol { .. } => "eos_date",
                    _ => "legacy_reason",
                };
                Err((e.message().get(ctx.lang.compliance()).to_owned(), field))
            }
        }
    }

    /// The version to store: `version`'s label with these lifecycle fields.
    pub(crate) fn to_new(&self, label: &str, phase: LifecyclePhase) -> NewProductVersion {
        let mut new = NewProductVersion::new(label);
        new.lifecycle_phase = phase;
        new.release_date.clone_from(&self.release_date);
        new.eol_date.clone_from(&self.eol_date);
        new.eos_date.clone_from(&self.eos_date);
        new.limited_support_plan
            .clone_from(&self.limited_support_plan);
        new.legacy = self.legacy;
        new.legacy_reason = if self.legacy {
            self.legacy_reason.clone()
        } else {
            String::new()
        };
        new
    }
}

/// The disclosure form's values.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct DisclosureForm {
    customer: String,
    shown_at: String,
    method: String,
    note: String,
}

impl DisclosureForm {
    fn read(form: &[(String, String)]) -> Self {
        let text = |name: &str| field(form, name).unwrap_or("").trim().to_owned();
        Self {
            customer: text("customer"),
            shown_at: text("shown_at"),
            method: text("method"),
            note: text("note"),
        }
    }
}

/// What a refused form of the version page leaves on it.
pub(crate) enum Rejected {
    /// Nothing: the page as stored.
    None,
    /// The lifecycle form: its values, the message and the field it is about.
    Lifecycle(LifecycleForm, String, &'static str),
    /// The disclosure form: its values and the message.
    Disclosure(DisclosureForm, String),
}

impl Rejected {
    /// Whether a form was refused (the page answers 422).
    pub(crate) const fn is_some(&self) -> bool {
        !matches!(self, Self::None)
    }
}

/// The lifecycle part of the version page: the forms (as stored, or as refused with the
/// message) and the disclosure records when the caller may read them.
pub(crate) async fn section(
    state: &AppState,
    ctx: &Ctx,
    org: OrganizationId,
    version: &ProductVersion,
    rejected: Rejected,
) -> Result<Value, tplc_store::Error> {
    let disclosures: Vec<Value> = if ctx.allows(Permission::ReadCompliance) {
        state
            .store
            .disclosures(org, version.id)
            .await?
            .into_iter()
            .map(|d| {
                context! {
                    customer => d.customer,
                    shown_at => d.shown_at,
                    method => d.method,
                    note => d.note,
                    recorded_by => d.recorded_by,
                    recorded_at => when(d.recorded_at),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let (form, error, error_field, disclosure_form, disclosure_error) = match rejected {
        Rejected::None => (
            LifecycleForm::of(version),
            None,
            None,
            DisclosureForm::default(),
            None,
        ),
        Rejected::Lifecycle(form, message, field) => (
            form,
            Some(message),
            Some(field),
            DisclosureForm::default(),
            None,
        ),
        Rejected::Disclosure(form, message) => {
            (LifecycleForm::of(version), None, None, form, Some(message))
        }
    };
    Ok(context! {
        form => form,
        error => error,
        error_field => error_field,
        disclosures => disclosures,
        disclosure_form => disclosure_form,
        disclosure_error => disclosure_error,
    })
}

fn version_target(
    ctx: &Ctx,
    id: &str,
    permission: Permission,
) -> Result<(OrganizationId, ProductVersionId), Response> {
    let org = ctx.require(permission)?;
    let version = parse_id(id)
        .map(ProductVersionId::new)
        .ok_or_else(|| ctx.error(&ApiError::not_found("product version")))?;
    Ok((org, version))
}

fn version_summary(v: &ProductVersion) -> serde_json::Value {
    serde_json::json!({
        "product": v.product.get(), "version": v.version,
        "lifecycle_phase": v.lifecycle_phase.as_str(), "release_date": v.release_date,
        "eol_date": v.eol_date, "eos_date": v.eos_date,
        "limited_support_plan": v.limited_support_plan, "legacy": v.legacy,
        "legacy_reason": v.legacy_reason,
    })
}

/// `POST /versions/{id}/lifecycle`: changes the version's lifecycle fields (editor), with its
/// audit event; a bad date, EOS on or before EOL (QA2 Q10) or a legacy flag without reason
/// shows the version page again with the message at the field, nothing saved.
pub(crate) async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): FormData,
) -> Response {
    let (org, version) = match version_target(&ctx, &id, Permission::WriteProducts) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let values = LifecycleForm::read(&form);
    let phase = match values.check(&ctx) {
        Ok(p) => p,
        Err((message, field)) => {
            let rejected = Rejected::Lifecycle(values, message, field);
            return version_page(&state, &ctx, &id, None, rejected).await;
        }
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let before = tx.product_version(org, version).await?;
        let new = values.to_new(&before.version, phase);
        let after = tx.update_product_version(org, version, &new).await?;
        tx.append_audit(&ctx.audit(
            org,
            "product_version.update",
            "product_version",
            version.to_string(),
            Some(version_summary(&before)),
            Some(version_summary(&after)),
        ))
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(())
    }
    .await;
    match result {
        Ok(()) => see_other(&format!(
            "/versions/{version}?flash=lifecycle_saved#lifecycle"
        )),
        Err(tplc_store::Error::Invalid(message)) => {
            let field = if message.starts_with("eos_date") {
                "eos_date"
            } else {
                "lifecycle"
            };
            let rejected = Rejected::Lifecycle(values, message, field);
            version_page(&state, &ctx, &id, None, rejected).await
        }
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

/// `POST /versions/{id}/disclosures`: records that the limited-support plan was shown to a
/// customer (editor), with its audit event; a missing customer or a bad date shows the form
/// again with the message.
pub(crate) async fn disclose(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): FormData,
) -> Response {
    let (org, version) = match version_target(&ctx, &id, Permission::WriteCompliance) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let values = DisclosureForm::read(&form);
    let required =
        |key: &str| Catalog::get().format(ctx.lang, "error.required", &[("field", &ctx.t(key))]);
    let problem = if values.customer.is_empty() {
        Some(required("disclosure.customer"))
    } else if values.shown_at.is_empty() {
        Some(required("disclosure.shown_at"))
    } else {
        parse_date(&values.shown_at)
            .err()
            .map(|e| format!("{} (shown_at: {e})", ctx.t("version.error_date")))
    };
    if let Some(message) = problem {
        return version_page(
            &state,
            &ctx,
            &id,
            None,
            Rejected::Disclosure(values, message),
        )
        .await;
    }
    let new = NewDisclosure {
        customer: values.customer.clone(),
        customer_organization: None,
        shown_at: values.shown_at.clone(),
        method: values.method.clone(),
        note: values.note.clone(),
        recorded_by: ctx.caller.actor(),
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let d = tx.add_disclosure(org, version, &new).await?;
        tx.append_audit(&ctx.audit(
            org,
            "disclosure.add",
            "lifecycle_disclosure",
            d.id.to_string(),
            None,
            Some(d.audit_summary()),
        ))
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(())
    }
    .await;
    match result {
        Ok(()) => see_other(&format!(
            "/versions/{version}?flash=disclosure_added#disclosures"
        )),
        Err(tplc_store::Error::Invalid(message)) => {
            version_page(
                &state,
                &ctx,
                &id,
                None,
                Rejected::Disclosure(values, message),
            )
            .await
        }
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

/// The period a request asks for (`months=6|12|24`), 12 months otherwise.
pub(crate) fn period(params: &[(String, String)]) -> u32 {
    field(params, "months")
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| PERIODS.contains(m))
        .unwrap_or(DEFAULT_PERIOD)
}

/// The upcoming EOL/EOS dates of the organization's versions within `months` (for the
/// dashboard and `/lifecycle`), and the lifecycle problems of every version.
pub(crate) async fn upcoming(
    state: &AppState,
    ctx: &Ctx,
    org: OrganizationId,
    months: u32,
) -> Result<(Value, Vec<Value>), tplc_store::Error> {
    let overview = state.store.lifecycle_overview(org).await?;
    let plans: Vec<LifecyclePlan> = overview
        .iter()
        .map(|(_, v, _)| LifecyclePlan {
            eol: v.eol_date.as_deref().and_then(|d| parse_date(d).ok()),
            eos: v.eos_date.as_deref().and_then(|d| parse_date(d).ok()),
            phase: v
                .lifecycle_phase
                .as_str()
                .parse()
                .unwrap_or(Phase::Development),
            limited_support_plan: v.limited_support_plan.clone(),
            legacy: v.legacy,
            legacy_reason: v.legacy_reason.clone(),
        })
        .collect();
    // Labels are the rows' positions, so a milestone or problem finds its version again.
    let labels: Vec<String> = (0..overview.len()).map(|i| i.to_string()).collect();
    let today = time::OffsetDateTime::now_utc().date();
    let pairs: Vec<(&str, &LifecyclePlan)> = labels
        .iter()
        .map(String::as_str)
        .zip(plans.iter())
        .collect();
    let row = |label: &str| label.parse::<usize>().ok().and_then(|i| overview.get(i));
    let rows: Vec<Value> = milestones(&pairs, today, months)
        .iter()
        .filter_map(|m| {
            let (p, v, shown) = row(&m.label)?;
            Some(context! {
                date => format_date(m.date),
                kind => m.kind.as_str(),
                months_left => m.months_left,
                product_id => p.id.get(),
                product => p.name.clone(),
                version_id => v.id.get(),
                version => v.version.clone(),
                phase => v.lifecycle_phase.as_str(),
                legacy => v.legacy,
                shown_to => *shown,
            })
        })
        .collect();
    let versions: Vec<AuditVersion<'_>> = pairs
        .iter()
        .zip(overview.iter())
        .map(|((label, plan), (_, _, shown))| AuditVersion {
            label,
            plan,
            shown_to: usize::try_from(*shown).unwrap_or(0),
        })
        .collect();
    let lang = ctx.lang.compliance();
    let problems: Vec<Value> = audit(&versions, today)
        .iter()
        .filter_map(|problem| {
            let (p, v, _) = row(&problem.label)?;
            Some(context! {
                label => format!("{} {}", p.name, v.version),
                version_id => v.id.get(),
                code => problem.code(),
                message => problem.message(lang),
            })
        })
        .collect();
    let view = context! {
        months => months,
        tabs => PERIODS.to_vec(),
        rows => rows,
    };
    Ok((view, problems))
}

/// `GET /lifecycle?months=6|12|24`: the upcoming EOL/EOS dates and the lifecycle problems.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Params,
) -> Response {
    let org = match ctx.require(Permission::ReadCompliance) {
        Ok(o) => o,
        Err(r) => return r,
    };
    match upcoming(&state, &ctx, org, period(&params)).await {
        Ok((view, problems)) => ctx.page(
            StatusCode::OK,
            "lifecycle.html",
            "lifecycle",
            context! { upcoming => view, problems => problems },
        ),
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_period_is_one_of_the_tabs() {
        assert_eq!(period(&pairs(&[("months", "6")])), 6);
        assert_eq!(period(&pairs(&[("months", "24")])), 24);
        assert_eq!(period(&pairs(&[("months", "7")])), 12);
        assert_eq!(period(&pairs(&[])), 12);
    }

    #[test]
    fn the_form_keeps_the_reason_only_for_a_legacy_version() {
        let form = LifecycleForm::read(&pairs(&[
            ("lifecycle_phase", "support"),
            ("eol_date", " 2030-03-31 "),
            ("eos_date", ""),
            ("legacy_reason", "left over"),
        ]));
        assert_eq!(form.eol_date.as_deref(), Some("2030-03-31"));
        assert_eq!(form.eos_date, None);
        let new = form.to_new("2.1", LifecyclePhase::Support);
        assert_eq!(new.version, "2.1");
        assert_eq!(new.legacy_reason, "");
        assert_eq!(new.lifecycle_phase, LifecyclePhase::Support);
    }
}
