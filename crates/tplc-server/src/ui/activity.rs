//! Jobs with their progress (the table refreshes itself every 2 s with htmx while a job is
//! queued or running) and the audit log (admin; newest first, paged).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::{Value, context};
use tplc_auth::Permission;
use tplc_store::{AuditEventId, JobState};

use super::portfolio::tri;
use super::table::{PER_PAGE, Pager};
use super::{Ctx, field, render, when};
use crate::AppState;

type Params = Query<Vec<(String, String)>>;

/// Jobs shown (the newest).
const MAX_JOBS: usize = 50;
/// Audit events per page.
const AUDIT_PAGE: usize = PER_PAGE * 2;
/// Audit events read per store call.
const AUDIT_CHUNK: i64 = 10_000;

async fn jobs_values(
    state: &AppState,
    ctx: &Ctx,
    params: &[(String, String)],
) -> Result<Value, Response> {
    let org = ctx.require(Permission::ReadJobs)?;
    let mut jobs = state
        .store
        .jobs(org)
        .await
        .map_err(|e| ctx.error(&crate::ApiError::from(e)))?;
    jobs.sort_by_key(|j| std::cmp::Reverse(j.id.get()));
    let total = jobs.len();
    let active = jobs
        .iter()
        .any(|j| matches!(j.state, JobState::Queued | JobState::Running));
    let rows: Vec<Value> = jobs
        .iter()
        .take(MAX_JOBS)
        .map(|j| {
            context! {
                id => j.id.get(),
                kind => j.kind.as_str(),
                state => j.state.as_str(),
                done => j.progress_done,
                total => j.progress_total,
                created => when(j.created_at),
                finished => j.finished_at.map(when),
                error => j.error.clone(),
                sbom => j.payload.get("sbom_document").and_then(serde_json::Value::as_i64),
            }
        })
        .collect();
    let highlight = field(params, "job").and_then(|j| j.parse::<i64>().ok());
    Ok(context! {
        rows => rows,
        total => total,
        pages => usize::from(total > MAX_JOBS) + 1,
        active => active,
        highlight => highlight,
    })
}

/// `GET /jobs[?job=N]`: the organization's jobs, newest first, job N highlighted.
pub(crate) async fn jobs(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Params,
) -> Response {
    match jobs_values(&state, &ctx, &params).await {
        Ok(v) => ctx.page(StatusCode::OK, "jobs.html", "jobs", v),
        Err(r) => r,
    }
}

/// `GET /jobs/table`: the jobs table alone (what htmx swaps in every 2 s).
pub(crate) async fn jobs_table(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Params,
) -> Response {
    match jobs_values(&state, &ctx, &params).await {
        Ok(v) => render::html(
            StatusCode::OK,
            ctx.lang,
            "jobs_table.html",
            context! { ..v, ..ctx.base("jobs") },
        ),
        Err(r) => r,
    }
}

fn summary(value: Option<&serde_json::Value>) -> Option<String> {
    value.map(|v| serde_json::to_string(v).unwrap_or_default())
}

/// `GET /audit[?page=N]`: the organization's audit events, newest first (admin).
pub(crate) async fn audit(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Params,
) -> Response {
    let org = match ctx.require(Permission::ReadAuditLog) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let mut events = Vec::new();
    let mut after: Option<AuditEventId> = None;
    loop {
        let chunk = tri!(ctx, state.store.audit_events(org, after, AUDIT_CHUNK).await);
        let full = i64::try_from(chunk.len()).unwrap_or(0) >= AUDIT_CHUNK;
        after = chunk.last().map(|e| e.id);
        events.extend(chunk);
        if !full || after.is_none() {
            break;
        }
    }
    events.reverse();
    let pager = Pager::new(events.len(), field(&params, "page"), AUDIT_PAGE);
    let rows: Vec<Value> = events[pager.range(AUDIT_PAGE)]
        .iter()
        .map(|e| {
            context! {
                id => e.id.get(),
                when => when(e.occurred_at),
                actor => e.actor.clone(),
                action => e.action.clone(),
                object_type => e.object_type.clone(),
                object_id => e.object_id.clone(),
                before => summary(e.before.as_ref()),
                after => summary(e.after.as_ref()),
                hash => e.hash.clone(),
            }
        })
        .collect();
    ctx.page(
        StatusCode::OK,
        "audit.html",
        "audit",
        context! { rows => rows, pager => pager },
    )
}
