//! Lifecycle (R10, QA2 Q10): when and to whom the limited-support plan of a version was shown,
//! and the organization's upcoming EOL/EOS dates with the problems of its plans. The version's
//! own lifecycle fields are changed with `PUT /organizations/{org}/versions/{version}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tplc_auth::Permission;
use tplc_store::{Disclosure, NewDisclosure, OrganizationId, ProductVersionId};
use utoipa::{IntoParams, ToSchema};

use super::audit;
use super::compliance::{bad_query, point_store};
use crate::auth::Caller;
use crate::compliance::{self as service, LifecycleOverview};
use crate::{ApiError, AppState, JsonBody, PathParams, QueryParams};

/// A record that the limited-support plan was shown to a customer.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisclosureView {
    /// The key.
    pub id: i64,
    /// The version.
    pub product_version: i64,
    /// The customer (a hospital).
    pub customer: String,
    /// The customer's organization in tplc, if it has one.
    pub customer_organization: Option<i64>,
    /// When it was shown, `YYYY-MM-DD`.
    pub shown_at: String,
    /// How (a letter, a portal, a meeting).
    pub method: String,
    /// Free text.
    pub note: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: String,
}

fn disclosure_view(d: &Disclosure) -> DisclosureView {
    DisclosureView {
        id: d.id.get(),
        product_version: d.product_version.get(),
        customer: d.customer.clone(),
        customer_organization: d.customer_organization.map(OrganizationId::get),
        shown_at: d.shown_at.clone(),
        method: d.method.clone(),
        note: d.note.clone(),
        recorded_by: d.recorded_by.clone(),
        recorded_at: d.recorded_at.to_text(),
    }
}

/// A disclosure to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisclosureRequest {
    /// The customer (a hospital).
    pub customer: String,
    /// The customer's organization in tplc, if it has one.
    #[serde(default)]
    pub customer_organization: Option<i64>,
    /// When the plan was shown, `YYYY-MM-DD`.
    pub shown_at: String,
    /// How (a letter, a portal, a meeting).
    #[serde(default)]
    pub method: String,
    /// Free text.
    #[serde(default)]
    pub note: String,
}

/// When and to whom the limited-support plan of a version was shown, by date.
#[utoipa::path(get, path = "/organizations/{org}/versions/{version}/disclosures", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path)),
    responses((status = 200, body = Vec<DisclosureView>),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn disclosures(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
) -> Result<Json<Vec<DisclosureView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let list = state
        .store
        .disclosures(org, ProductVersionId::new(version))
        .await?;
    Ok(Json(list.iter().map(disclosure_view).collect()))
}

/// Record that the limited-support plan of a version was shown to a customer (editor).
#[utoipa::path(post, path = "/organizations/{org}/versions/{version}/disclosures", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path)), request_body = DisclosureRequest,
    responses((status = 201, body = DisclosureView),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
        (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn add_disclosure(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    JsonBody(body): JsonBody<DisclosureRequest>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteCompliance)?;
    let new = NewDisclosure {
        customer: body.customer.trim().to_owned(),
        customer_organization: body.customer_organization.map(OrganizationId::new),
        shown_at: body.shown_at.trim().to_owned(),
        method: body.method.trim().to_owned(),
        note: body.note,
        recorded_by: caller.actor(),
    };
    let mut tx = state.store.begin().await?;
    let d = tx
        .add_disclosure(org, ProductVersionId::new(version), &new)
        .await
        .map_err(point_store)?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "disclosure.add",
        "lifecycle_disclosure",
        d.id.get(),
        None,
        Some(d.audit_summary()),
    ))
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(disclosure_view(&d))).into_response())
}

/// The horizon of the lifecycle overview.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LifecycleQuery {
    /// 6, 12 (default) or 24 months.
    pub months: Option<u32>,
}

/// The organization's EOL and EOS dates within the next 6, 12 or 24 months (by date), and the
/// lifecycle problems of every version (EOS not after EOL, EOL without EOS, a phase that
/// contradicts the dates, limited support without a plan, a plan not shown to any customer
/// within 12 months of EOL, legacy without a reason), each with its code and message.
#[utoipa::path(get, path = "/organizations/{org}/lifecycle", tag = "compliance",
    params(("org" = i64, Path), LifecycleQuery),
    responses((status = 200, description = "milestones and problems", body = Object),
        (status = 400, body = crate::ErrorBody),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn overview(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
    QueryParams(query): QueryParams<LifecycleQuery>,
) -> Result<Json<LifecycleOverview>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let months = query.months.unwrap_or(12);
    if ![6, 12, 24].contains(&months) {
        return Err(bad_query("months: 6, 12 or 24", "months"));
    }
    let today = time::OffsetDateTime::now_utc().date();
    Ok(Json(
        service::lifecycle_overview(&state.store, org, today, months).await?,
    ))
}
