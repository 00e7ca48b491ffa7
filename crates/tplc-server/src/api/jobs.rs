//! Jobs with their progress, and the audit log.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tplc_auth::Permission;
use tplc_store::{AuditEvent, AuditEventId, Job, JobId, JobKind, NewJob, OrganizationId};
use utoipa::{IntoParams, ToSchema};

use super::{audit, time};
use crate::auth::Caller;
use crate::{ApiError, AppState, PathParams, QueryParams};

/// A job and its progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    /// The key.
    pub id: i64,
    /// `ingest_sbom`, `rematch` or `import_advisories`.
    pub kind: String,
    /// The organization it works for.
    pub organization: Option<i64>,
    /// Its parameters.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    /// How many times a worker claimed it.
    pub attempts: i64,
    /// Units of work done.
    pub progress_done: i64,
    /// Units of work in all, when known.
    pub progress_total: Option<i64>,
    /// Why it failed.
    pub error: Option<String>,
    /// When it was queued.
    pub created_at: String,
    /// When it was last claimed.
    pub started_at: Option<String>,
    /// When it finished.
    pub finished_at: Option<String>,
}

pub(crate) fn job_view(j: &Job) -> JobView {
    JobView {
        id: j.id.get(),
        kind: j.kind.as_str().into(),
        organization: j.organization.map(OrganizationId::get),
        payload: j.payload.clone(),
        state: j.state.as_str().into(),
        attempts: j.attempts,
        progress_done: j.progress_done,
        progress_total: j.progress_total,
        error: j.error.clone(),
        created_at: time(j.created_at),
        started_at: j.started_at.map(time),
        finished_at: j.finished_at.map(time),
    }
}

/// The organization's jobs, newest first.
#[utoipa::path(get, path = "/organizations/{org}/jobs", tag = "jobs",
    params(("org" = i64, Path)),
    responses((status = 200, body = Vec<JobView>), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
) -> Result<Json<Vec<JobView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadJobs)?;
    let list = state.store.jobs(org).await?;
    Ok(Json(list.iter().map(job_view).collect()))
}

/// One job with its progress.
#[utoipa::path(get, path = "/organizations/{org}/jobs/{job}", tag = "jobs",
    params(("org" = i64, Path), ("job" = i64, Path)),
    responses((status = 200, body = JobView), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, job)): PathParams<(i64, i64)>,
) -> Result<Json<JobView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadJobs)?;
    let j = state.store.job(org, JobId::new(job)).await?;
    Ok(Json(job_view(&j)))
}

/// Queue a rematch of every ready SBOM of the organization (editor).
#[utoipa::path(post, path = "/organizations/{org}/jobs/rematch", tag = "jobs",
    params(("org" = i64, Path)),
    responses((status = 202, body = JobView), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn rematch(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ManageJobs)?;
    let mut tx = state.store.begin().await?;
    let job = tx
        .enqueue_job(&NewJob {
            kind: JobKind::Rematch,
            organization: Some(org),
            payload: serde_json::json!({"organization": org.get()}),
        })
        .await?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "job.rematch",
        "job",
        job.id.get(),
        None,
        Some(serde_json::json!({"kind": "rematch"})),
    ))
    .await?;
    tx.commit().await?;
    Ok((StatusCode::ACCEPTED, Json(job_view(&job))).into_response())
}

/// An audit event.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    /// The key (chain order).
    pub id: i64,
    /// Who (`user:alice`, `token:ci (user:alice)`, `system`).
    pub actor: String,
    /// When.
    pub occurred_at: String,
    /// What (`sbom.upload`, `analysis.record`, …).
    pub action: String,
    /// The object's type.
    pub object_type: String,
    /// The object's key.
    pub object_id: String,
    /// Summary before.
    #[schema(value_type = Object)]
    pub before: Option<serde_json::Value>,
    /// Summary after.
    #[schema(value_type = Object)]
    pub after: Option<serde_json::Value>,
    /// This event's hash (the chain).
    pub hash: String,
    /// The previous event's hash.
    pub prev_hash: String,
}

fn audit_view(e: &AuditEvent) -> AuditView {
    AuditView {
        id: e.id.get(),
        actor: e.actor.clone(),
        occurred_at: time(e.occurred_at),
        action: e.action.clone(),
        object_type: e.object_type.clone(),
        object_id: e.object_id.clone(),
        before: e.before.clone(),
        after: e.after.clone(),
        hash: e.hash.clone(),
        prev_hash: e.prev_hash.clone(),
    }
}

/// A page of audit events.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    /// The events, oldest first.
    pub items: Vec<AuditView>,
    /// The `after` of the next page, absent on the last page.
    pub next_after: Option<i64>,
}

/// Audit-log paging: events after the key `after`, `limit` (1–500, default 100) at a time.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Events after this key (the previous page's `next_after`).
    pub after: Option<i64>,
    /// Events per page, 1–500 (default 100).
    pub limit: Option<i64>,
}

/// The organization's audit log (admin), oldest first, paged by key.
#[utoipa::path(get, path = "/organizations/{org}/audit-events", tag = "audit",
    params(("org" = i64, Path), AuditQuery),
    responses((status = 200, body = AuditPage), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn audit_events(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org): PathParams<i64>,
    QueryParams(query): QueryParams<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadAuditLog)?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::bad_request("limit: 1 to 500")
            .with_code("bad_query")
            .at("limit"));
    }
    let mut events = state
        .store
        .audit_events(org, query.after.map(AuditEventId::new), limit + 1)
        .await?;
    let more = events.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    events.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_after = if more {
        events.last().map(|e| e.id.get())
    } else {
        None
    };
    Ok(Json(AuditPage {
        items: events.iter().map(audit_view).collect(),
        next_after,
    }))
}
