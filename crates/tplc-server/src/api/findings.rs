//! Findings (filtered, paged), their analyses with history, and advisories.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tplc_auth::Permission;
use tplc_store::{
    Analysis, AnalysisState, Component, CurrentAnalysis, Finding, FindingFilter, FindingId,
    FindingListQuery, FindingRow, Justification, NewAnalysis, OrganizationId, ProductId,
    ProductVersionId, Response as AnalysisResponse, Severity, StoredAdvisory,
};
use utoipa::{IntoParams, ToSchema};

use super::products::{ProductView, VersionView, product_view, version_view};
use super::sboms::{ComponentView, component_view};
use super::{audit, pick, time};
use crate::auth::Caller;
use crate::{ApiError, AppState, JsonBody, PathParams, QueryParams};

/// A finding: an advisory matching a component of a ready SBOM.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingView {
    /// The key.
    pub id: i64,
    /// The component's key.
    pub component: i64,
    /// The component's name.
    pub component_name: String,
    /// The component's version.
    pub component_version: Option<String>,
    /// The component's purl.
    pub purl: Option<String>,
    /// The vulnerability (the preferred id: CVE when there is one).
    pub vulnerability: String,
    /// The stored advisory's key.
    pub advisory: i64,
    /// `critical`, `high`, `medium`, `low`, `none` or `unknown`.
    pub severity: String,
    /// The CVSS vector.
    pub cvss_vector: Option<String>,
    /// The CVSS base score.
    pub cvss_score: Option<f64>,
    /// In CISA's Known Exploited Vulnerabilities catalog.
    pub kev: bool,
    /// The EPSS probability.
    pub epss: Option<f64>,
    /// Versions that fix it.
    pub fixed_versions: Vec<String>,
    /// The current analysis state, absent when none applies.
    pub analysis_state: Option<String>,
    /// Whether that analysis is carried forward from an earlier version.
    pub analysis_inherited: bool,
    /// First matched.
    pub first_seen: String,
    /// Last matched.
    pub last_seen: String,
}

fn finding_view(f: &Finding, k: &Component, current: Option<&CurrentAnalysis>) -> FindingView {
    finding_view_with(
        f,
        k,
        current.map(|c| c.analysis.state),
        current.is_some_and(|c| c.inherited),
    )
}

fn row_view(row: &FindingRow) -> FindingView {
    finding_view_with(
        &row.finding,
        &row.component,
        row.analysis_state,
        row.analysis_inherited,
    )
}

fn finding_view_with(
    f: &Finding,
    k: &Component,
    analysis_state: Option<AnalysisState>,
    analysis_inherited: bool,
) -> FindingView {
    FindingView {
        id: f.id.get(),
        component: f.component.get(),
        component_name: k.name.clone(),
        component_version: k.version.clone(),
        purl: k.purl.clone(),
        vulnerability: f.vulnerability_key.clone(),
        advisory: f.advisory.get(),
        severity: f.severity.as_str().into(),
        cvss_vector: f.cvss_vector.clone(),
        cvss_score: f.cvss_score,
        kev: f.kev,
        epss: f.epss,
        fixed_versions: f.fixed_versions.clone(),
        analysis_state: analysis_state.map(|s| s.as_str().into()),
        analysis_inherited,
        first_seen: time(f.first_seen),
        last_seen: time(f.last_seen),
    }
}

/// Filters and paging of the findings list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FindingQuery {
    /// `critical`, `high`, `medium`, `low`, `none` or `unknown`.
    pub severity: Option<String>,
    /// The current analysis state (`in_triage`, `exploitable`, `resolved`,
    /// `resolved_with_pedigree`, `false_positive`, `not_affected`), or `unanalysed`.
    pub state: Option<String>,
    /// Only findings in (true) or not in (false) the KEV catalog.
    pub kev: Option<bool>,
    /// Only this product's findings.
    pub product: Option<i64>,
    /// Only this product version's findings.
    pub version: Option<i64>,
    /// Page number from 1 (default 1).
    pub page: Option<u64>,
    /// Findings per page, 1–500 (default 50).
    pub per_page: Option<u64>,
}

/// A page of findings.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingPage {
    /// The findings of this page, by severity (critical first) then key.
    pub items: Vec<FindingView>,
    /// This page's number.
    pub page: u64,
    /// Findings per page.
    pub per_page: u64,
    /// Findings matching the filters in all.
    pub total: u64,
    /// The next page's URL (also in the `Link` header), absent on the last page.
    pub next: Option<String>,
}

fn query_string(q: &FindingQuery, page: u64, per_page: u64) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &q.severity {
        parts.push(format!("severity={}", crate::auth::encode_component(s)));
    }
    if let Some(s) = &q.state {
        parts.push(format!("state={}", crate::auth::encode_component(s)));
    }
    if let Some(k) = q.kev {
        parts.push(format!("kev={k}"));
    }
    if let Some(p) = q.product {
        parts.push(format!("product={p}"));
    }
    if let Some(v) = q.version {
        parts.push(format!("version={v}"));
    }
    parts.push(format!("page={page}"));
    parts.push(format!("per_page={per_page}"));
    parts.join("&")
}

/// A bad value of a query parameter: 400 `bad_query`.
fn query_error(e: ApiError) -> ApiError {
    let pointer = e.pointer.clone().unwrap_or_default();
    ApiError::bad_request(e.message)
        .with_code("bad_query")
        .at(pointer)
}

/// The organization's findings, filtered and paged (`Link: <…>; rel="next"`).
#[utoipa::path(get, path = "/organizations/{org}/findings", tag = "findings",
    params(("org" = i64, Path), FindingQuery),
    responses((status = 200, body = FindingPage), (status = 400, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(org_key): PathParams<i64>,
    QueryParams(query): QueryParams<FindingQuery>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org_key);
    caller.require(org, Permission::ReadFindings)?;
    let bad = |m: &str, p: &str| {
        ApiError::bad_request(m.to_owned())
            .with_code("bad_query")
            .at(p)
    };
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(50);
    if page == 0 {
        return Err(bad("page: from 1", "page"));
    }
    if !(1..=500).contains(&per_page) {
        return Err(bad("per_page: 1 to 500", "per_page"));
    }
    let severity = match &query.severity {
        Some(s) => Some(pick(Severity::ALL, |v| v.as_str(), s, "severity").map_err(query_error)?),
        None => None,
    };
    let wanted_state = match query.state.as_deref() {
        None => None,
        Some("unanalysed") => Some(None),
        Some(s) => Some(Some(
            pick(AnalysisState::ALL, |v| v.as_str(), s, "state").map_err(query_error)?,
        )),
    };
    let filter = FindingFilter {
        product: query.product.map(ProductId::new),
        product_version: query.version.map(ProductVersionId::new),
        severity,
        kev: query.kev,
        include_excluded: false,
    };
    let skip = (page - 1).saturating_mul(per_page);
    // One joined query (with the current analysis state computed in SQL) and one count.
    let found = state
        .store
        .finding_page(
            org,
            &FindingListQuery {
                filter,
                state: wanted_state,
                limit: per_page,
                offset: skip,
            },
        )
        .await?;
    let total = found.total;
    let items: Vec<FindingView> = found.rows.iter().map(row_view).collect();
    let more = skip.saturating_add(items.len() as u64) < total;
    let next = more.then(|| {
        format!(
            "/api/v1/organizations/{org_key}/findings?{}",
            query_string(&query, page + 1, per_page)
        )
    });
    let mut response = Json(FindingPage {
        items,
        page,
        per_page,
        total,
        next: next.clone(),
    })
    .into_response();
    if let Some(next) = next
        && let Ok(v) = HeaderValue::from_str(&format!("<{next}>; rel=\"next\""))
    {
        response.headers_mut().insert(header::LINK, v);
    }
    Ok(response)
}

/// An analysis (one row of the history).
#[derive(Debug, Serialize, ToSchema)]
pub struct AnalysisView {
    /// The key.
    pub id: i64,
    /// The product version it was recorded on.
    pub product_version: i64,
    /// The finding it was recorded on.
    pub finding: Option<i64>,
    /// The vulnerability.
    pub vulnerability: String,
    /// The component identity it is keyed by.
    pub component_identity: String,
    /// `in_triage`, `exploitable`, `resolved`, `resolved_with_pedigree`, `false_positive`,
    /// `not_affected`.
    pub state: String,
    /// Why it is not affected (CycloneDX justification).
    pub justification: Option<String>,
    /// Responses (`can_not_fix`, `will_not_fix`, `update`, `rollback`, `workaround_available`).
    pub response: Vec<String>,
    /// Free text.
    pub detail: Option<String>,
    /// The CVSS vector with environmental metrics.
    pub cvss_environmental: Option<String>,
    /// Its environmental score, when the vector has environmental metrics.
    pub environmental_score: Option<f64>,
    /// Who recorded it.
    pub author: String,
    /// When.
    pub created_at: String,
}

fn analysis_view(a: &Analysis) -> AnalysisView {
    AnalysisView {
        id: a.id.get(),
        product_version: a.product_version.get(),
        finding: a.finding.map(FindingId::get),
        vulnerability: a.vulnerability_id.clone(),
        component_identity: tplc_store::identity_key(&a.component_identity),
        state: a.state.as_str().into(),
        justification: a.justification.map(|j| j.as_str().into()),
        response: a.response.iter().map(|r| r.as_str().into()).collect(),
        detail: a.detail.clone(),
        cvss_environmental: a.cvss_environmental.clone(),
        environmental_score: a
            .cvss_environmental
            .as_deref()
            .and_then(|v| tplc_cvss::score(v).ok())
            .and_then(|s| s.environmental_score),
        author: a.author.clone(),
        created_at: time(a.created_at),
    }
}

/// The analysis that applies now.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentAnalysisView {
    /// The analysis.
    pub analysis: AnalysisView,
    /// Carried forward from an earlier version of the product.
    pub inherited: bool,
    /// The version it was recorded on.
    pub from_version: i64,
    /// That version's label.
    pub from_version_label: String,
}

fn current_view(c: &CurrentAnalysis) -> CurrentAnalysisView {
    CurrentAnalysisView {
        analysis: analysis_view(&c.analysis),
        inherited: c.inherited,
        from_version: c.from_version.get(),
        from_version_label: c.from_version_label.clone(),
    }
}

/// An advisory as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdvisoryView {
    /// The stored key.
    pub key: i64,
    /// The advisory's id (`GHSA-…`, `CVE-…`, `JVNDB-…`).
    pub id: String,
    /// The source (`osv`, `nvd`, `jvn`).
    pub source: String,
    /// The summary.
    pub summary: Option<String>,
    /// The severity.
    pub severity: Option<String>,
    /// When the source last changed it.
    pub modified: Option<String>,
    /// The normalised advisory (tplc-advisory's model).
    #[schema(value_type = Object)]
    pub advisory: serde_json::Value,
}

fn advisory_view(a: &StoredAdvisory) -> AdvisoryView {
    AdvisoryView {
        key: a.key.get(),
        id: a.advisory_id.clone(),
        source: a.source.clone(),
        summary: a.summary.clone(),
        severity: a.severity.map(|s| s.as_str().into()),
        modified: a.modified.clone(),
        advisory: serde_json::to_value(&a.advisory).unwrap_or_default(),
    }
}

/// A finding with its component, product, version, advisory, current analysis and history.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingDetail {
    /// The finding.
    pub finding: FindingView,
    /// Why it matched (the engine's reasons).
    #[schema(value_type = Object)]
    pub reasons: serde_json::Value,
    /// The component.
    pub component: ComponentView,
    /// The product.
    pub product: ProductView,
    /// The product version.
    pub version: VersionView,
    /// The advisory.
    pub advisory: AdvisoryView,
    /// The analysis that applies now.
    pub current_analysis: Option<CurrentAnalysisView>,
    /// Every analysis of this vulnerability and component identity on the product, newest
    /// first.
    pub history: Vec<AnalysisView>,
}

/// One finding with its current analysis (and whether it is inherited) and history.
#[utoipa::path(get, path = "/organizations/{org}/findings/{finding}", tag = "findings",
    params(("org" = i64, Path), ("finding" = i64, Path)),
    responses((status = 200, body = FindingDetail), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, finding)): PathParams<(i64, i64)>,
) -> Result<Json<FindingDetail>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadFindings)?;
    let id = FindingId::new(finding);
    let store = &state.store;
    let f = store.finding(org, id).await?;
    let k = store.component(org, f.component).await?;
    let doc = store.sbom_document(org, k.sbom_document).await?;
    let v = store.product_version(org, doc.product_version).await?;
    let p = store.product(org, v.product).await?;
    let a = store.advisory(f.advisory).await?;
    let current = store.current_analysis(org, id).await?;
    let history = store.analysis_history(org, id).await?;
    Ok(Json(FindingDetail {
        finding: finding_view(&f, &k, current.as_ref()),
        reasons: f.reasons.clone(),
        component: component_view(&k),
        product: product_view(&p),
        version: version_view(&v),
        advisory: advisory_view(&a),
        current_analysis: current.as_ref().map(current_view),
        history: history.iter().map(analysis_view).collect(),
    }))
}

/// The analysis history of a finding, newest first.
#[utoipa::path(get, path = "/organizations/{org}/findings/{finding}/analyses", tag = "findings",
    params(("org" = i64, Path), ("finding" = i64, Path)),
    responses((status = 200, body = Vec<AnalysisView>), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn history(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, finding)): PathParams<(i64, i64)>,
) -> Result<Json<Vec<AnalysisView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadFindings)?;
    let list = state
        .store
        .analysis_history(org, FindingId::new(finding))
        .await?;
    Ok(Json(list.iter().map(analysis_view).collect()))
}

/// An analysis to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalysisRequest {
    /// `in_triage`, `exploitable`, `resolved`, `resolved_with_pedigree`, `false_positive` or
    /// `not_affected`.
    pub state: String,
    /// For `not_affected`: `code_not_present`, `code_not_reachable`, `requires_configuration`,
    /// `requires_dependency`, `requires_environment`, `protected_by_compiler`,
    /// `protected_at_runtime`, `protected_at_perimeter`, `protected_by_mitigating_control`.
    #[serde(default)]
    pub justification: Option<String>,
    /// `can_not_fix`, `will_not_fix`, `update`, `rollback`, `workaround_available`.
    #[serde(default)]
    pub response: Vec<String>,
    /// Free text (at most 10,000 characters).
    #[serde(default)]
    pub detail: Option<String>,
    /// A CVSS v3.x/v4.0 vector with environmental metrics (validated).
    #[serde(default)]
    pub cvss_environmental: Option<String>,
}

/// Record an analysis of a finding (editor). Analyses are append-only: the history keeps
/// every one.
#[utoipa::path(post, path = "/organizations/{org}/findings/{finding}/analyses", tag = "findings",
    params(("org" = i64, Path), ("finding" = i64, Path)), request_body = AnalysisRequest,
    responses((status = 201, body = AnalysisView), (status = 403, body = crate::ErrorBody),
        (status = 404, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn record(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, finding)): PathParams<(i64, i64)>,
    JsonBody(body): JsonBody<AnalysisRequest>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteAnalysis)?;
    let id = FindingId::new(finding);
    let analysis_state = pick(AnalysisState::ALL, |v| v.as_str(), &body.state, "/state")?;
    let justification = match &body.justification {
        Some(j) => Some(pick(
            Justification::ALL,
            |v| v.as_str(),
            j,
            "/justification",
        )?),
        None => None,
    };
    let mut response = Vec::new();
    for (i, r) in body.response.iter().enumerate() {
        let r = pick(
            AnalysisResponse::ALL,
            |v| v.as_str(),
            r,
            &format!("/response/{i}"),
        )?;
        if !response.contains(&r) {
            response.push(r);
        }
    }
    if body
        .detail
        .as_ref()
        .is_some_and(|d| d.chars().count() > 10_000)
    {
        return Err(ApiError::invalid("detail: at most 10,000 characters").at("/detail"));
    }
    let cvss = match body.cvss_environmental.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => {
            tplc_cvss::score(v)
                .map_err(|e| ApiError::invalid(e.to_string()).at("/cvss_environmental"))?;
            Some(v.to_owned())
        }
    };
    let new = NewAnalysis {
        state: analysis_state,
        justification,
        response,
        detail: body.detail.filter(|d| !d.trim().is_empty()),
        cvss_environmental: cvss,
        author: caller.actor(),
    };
    let mut tx = state.store.begin().await?;
    let before = tx.current_analysis(org, id).await?;
    let a = tx.record_analysis(org, id, &new).await?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "analysis.record",
        "analysis",
        a.id.get(),
        before.map(|c| {
            serde_json::json!({"state": c.analysis.state.as_str(), "inherited": c.inherited,
                "analysis": c.analysis.id.get()})
        }),
        Some(serde_json::json!({
            "finding": id.get(), "vulnerability": a.vulnerability_id, "state": a.state.as_str(),
            "justification": a.justification.map(Justification::as_str),
            "response": a.response.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        })),
    ))
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(analysis_view(&a))).into_response())
}

/// The stored advisories with this id (one per source).
#[utoipa::path(get, path = "/organizations/{org}/advisories/{id}", tag = "findings",
    params(("org" = i64, Path), ("id" = String, Path, description = "advisory id, e.g. GHSA-jfh8-c2jp-5v3q")),
    responses((status = 200, body = Vec<AdvisoryView>), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn advisory(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, id)): PathParams<(i64, String)>,
) -> Result<Json<Vec<AdvisoryView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadAdvisories)?;
    let list = state.store.advisories_by_id(&id).await?;
    if list.is_empty() {
        return Err(ApiError::not_found("advisory"));
    }
    Ok(Json(list.iter().map(advisory_view).collect()))
}
