//! The findings list (filters, sorting, paging) and the finding page with its analysis form
//! and history.

use std::collections::HashMap;

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::{Value, context};
use serde::Serialize;
use tplc_auth::Permission;
use tplc_store::{
    AnalysisState, Component, ComponentId, CurrentAnalysis, Finding, FindingFilter, FindingId,
    Justification, NewAnalysis, NewAuditEvent, OrganizationId, Response as VexResponse,
    SbomDocumentId, Severity, Store,
};

use super::portfolio::{SEVERITIES, names, tri};
use super::table::{PER_PAGE, Pager, Sort, none_last};
use super::{Ctx, field, see_other, when};
use crate::{ApiError, AppState};

type Params = Query<Vec<(String, String)>>;

const STATES: [AnalysisState; 6] = [
    AnalysisState::InTriage,
    AnalysisState::Exploitable,
    AnalysisState::Resolved,
    AnalysisState::ResolvedWithPedigree,
    AnalysisState::FalsePositive,
    AnalysisState::NotAffected,
];

const JUSTIFICATIONS: [Justification; 9] = [
    Justification::CodeNotPresent,
    Justification::CodeNotReachable,
    Justification::RequiresConfiguration,
    Justification::RequiresDependency,
    Justification::RequiresEnvironment,
    Justification::ProtectedByCompiler,
    Justification::ProtectedAtRuntime,
    Justification::ProtectedAtPerimeter,
    Justification::ProtectedByMitigatingControl,
];

const RESPONSES: [VexResponse; 5] = [
    VexResponse::CanNotFix,
    VexResponse::WillNotFix,
    VexResponse::Update,
    VexResponse::Rollback,
    VexResponse::WorkaroundAvailable,
];

/// Longest analysis detail accepted, in characters.
const MAX_DETAIL: usize = 10_000;

fn severity_rank(s: Severity) -> usize {
    SEVERITIES
        .iter()
        .position(|x| *x == s)
        .unwrap_or(SEVERITIES.len())
}

/// Looks components up once per page (component → SBOM → version).
struct Resolver<'a> {
    store: &'a Store,
    org: OrganizationId,
    components: HashMap<ComponentId, Component>,
    sbom_versions: HashMap<SbomDocumentId, i64>,
}

impl<'a> Resolver<'a> {
    fn new(store: &'a Store, org: OrganizationId) -> Self {
        Self {
            store,
            org,
            components: HashMap::new(),
            sbom_versions: HashMap::new(),
        }
    }

    /// The component and its product version id.
    async fn component(&mut self, id: ComponentId) -> Result<(Component, i64), tplc_store::Error> {
        let component = match self.components.get(&id) {
            Some(c) => c.clone(),
            None => {
                let c = self.store.component(self.org, id).await?;
                self.components.insert(id, c.clone());
                c
            }
        };
        let version = match self.sbom_versions.get(&component.sbom_document) {
            Some(v) => *v,
            None => {
                let d = self
                    .store
                    .sbom_document(self.org, component.sbom_document)
                    .await?;
                self.sbom_versions
                    .insert(component.sbom_document, d.product_version.get());
                d.product_version.get()
            }
        };
        Ok((component, version))
    }
}

#[derive(Serialize, Default)]
struct Row {
    id: i64,
    severity: &'static str,
    vulnerability: String,
    component: String,
    component_version: Option<String>,
    product: String,
    version: String,
    cvss: Option<String>,
    epss: Option<String>,
    kev: bool,
    state: &'static str,
    inherited: bool,
    inherited_from: Option<String>,
    first_seen: String,
}

/// What the filter form asked for (as given, for re-display).
#[derive(Serialize, Default)]
struct Filters {
    severity: Option<String>,
    state: Option<String>,
    kev: Option<String>,
    product: Option<i64>,
    version: Option<i64>,
}

fn state_key(current: Option<&CurrentAnalysis>) -> &'static str {
    current.map_or("none", |c| c.analysis.state.as_str())
}

/// `GET /findings`: the findings of the organization with filters (severity, analysis state,
/// KEV, product, version), sortable columns and pages.
pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Params,
) -> Response {
    let org = match ctx.require(Permission::ReadFindings) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let store = &state.store;
    let names = tri!(ctx, names(&state, org).await);
    let severity = field(&params, "severity").and_then(|s| s.parse::<Severity>().ok());
    let state_filter =
        field(&params, "state").filter(|s| *s == "none" || s.parse::<AnalysisState>().is_ok());
    let kev = match field(&params, "kev") {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    };
    let product = field(&params, "product")
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| names.products.iter().any(|(id, _)| id == p));
    let version = field(&params, "version")
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| names.versions.contains_key(v));
    let filter = FindingFilter {
        product: product.map(tplc_store::ProductId::new),
        product_version: version.map(tplc_store::ProductVersionId::new),
        severity,
        kev,
        include_excluded: false,
    };
    let mut findings: Vec<Finding> = tri!(ctx, store.findings(org, &filter).await);
    let sort = Sort::parse(
        field(&params, "sort"),
        field(&params, "dir"),
        &[
            "severity",
            "id",
            "component",
            "cvss",
            "epss",
            "kev",
            "state",
            "first_seen",
        ],
        ("severity", false),
    );
    // The analysis state and the component name are not in the finding row: look them up for
    // every finding only when the filter or the order needs them, else for the page's rows.
    let mut analyses: HashMap<FindingId, Option<CurrentAnalysis>> = HashMap::new();
    if state_filter.is_some() || sort.key == "state" {
        for f in &findings {
            analyses.insert(f.id, tri!(ctx, store.current_analysis(org, f.id).await));
        }
        if let Some(wanted) = state_filter {
            findings.retain(|f| state_key(analyses.get(&f.id).and_then(Option::as_ref)) == wanted);
        }
    }
    let mut resolver = Resolver::new(store, org);
    let mut component_names: HashMap<FindingId, String> = HashMap::new();
    if sort.key == "component" {
        for f in &findings {
            let (c, _) = tri!(ctx, resolver.component(f.component).await);
            component_names.insert(f.id, c.name.to_lowercase());
        }
    }
    sort.apply(&mut findings, |a, b| {
        match sort.key {
            "id" => a.vulnerability_key.cmp(&b.vulnerability_key),
            "component" => component_names.get(&a.id).cmp(&component_names.get(&b.id)),
            "cvss" => none_last(b.cvss_score.as_ref(), a.cvss_score.as_ref()),
            "epss" => none_last(b.epss.as_ref(), a.epss.as_ref()),
            "kev" => b.kev.cmp(&a.kev),
            "state" => state_key(analyses.get(&a.id).and_then(Option::as_ref))
                .cmp(state_key(analyses.get(&b.id).and_then(Option::as_ref))),
            "first_seen" => a.first_seen.to_text().cmp(&b.first_seen.to_text()),
            _ => severity_rank(a.severity).cmp(&severity_rank(b.severity)),
        }
        .then(a.id.get().cmp(&b.id.get()))
    });
    let pager = Pager::new(findings.len(), field(&params, "page"), PER_PAGE);
    let mut rows = Vec::new();
    for f in &findings[pager.range(PER_PAGE)] {
        let current = match analyses.remove(&f.id) {
            Some(c) => c,
            None => tri!(ctx, store.current_analysis(org, f.id).await),
        };
        let (component, version_id) = tri!(ctx, resolver.component(f.component).await);
        let (_, product_name, version_name) =
            names.versions.get(&version_id).cloned().unwrap_or_default();
        rows.push(Row {
            id: f.id.get(),
            severity: f.severity.as_str(),
            vulnerability: f.vulnerability_key.clone(),
            component: component.name,
            component_version: component.version,
            product: product_name,
            version: version_name,
            cvss: f.cvss_score.map(|s| format!("{s:.1}")),
            epss: f.epss.map(|e| format!("{e:.3}")),
            kev: f.kev,
            state: state_key(current.as_ref()),
            inherited: current.as_ref().is_some_and(|c| c.inherited),
            inherited_from: current
                .as_ref()
                .filter(|c| c.inherited)
                .map(|c| c.from_version_label.clone()),
            first_seen: when(f.first_seen),
        });
    }
    // The filter part of the links (sorting and paging keep the filters).
    let mut base = String::from("/findings?");
    for (key, value) in [
        ("severity", severity.map(|s| s.as_str().to_owned())),
        ("state", state_filter.map(str::to_owned)),
        (
            "kev",
            field(&params, "kev")
                .filter(|k| matches!(*k, "yes" | "no"))
                .map(str::to_owned),
        ),
        ("product", product.map(|p| p.to_string())),
        ("version", version.map(|v| v.to_string())),
    ] {
        if let Some(value) = value {
            base.push_str(&format!("{key}={}&", super::encode(&value)));
        }
    }
    let filters = Filters {
        severity: severity.map(|s| s.as_str().to_owned()),
        state: state_filter.map(str::to_owned),
        kev: field(&params, "kev").map(str::to_owned),
        product,
        version,
    };
    let filtered = base != "/findings?";
    let product_options: Vec<Value> = names
        .products
        .iter()
        .map(|(id, name)| context! { id => *id, name => name.clone() })
        .collect();
    let version_options: Vec<Value> = names
        .versions
        .iter()
        .filter(|(_, (p, _, _))| product.is_none_or(|wanted| wanted == *p))
        .map(|(id, (_, p, v))| context! { id => *id, label => format!("{p} {v}") })
        .collect();
    ctx.page(
        StatusCode::OK,
        "findings.html",
        "findings",
        context! {
            rows => rows,
            pager => pager,
            sort => sort.key,
            dir => sort.dir(),
            base => base,
            f => filters,
            filtered => filtered,
            products => product_options,
            versions => version_options,
            all_severities => SEVERITIES.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            all_states => STATES.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        },
    )
}

/// The analysis form as submitted (for re-display after an error).
#[derive(Serialize, Default)]
struct FormValues {
    state: Option<String>,
    justification: Option<String>,
    response: Vec<String>,
    detail: Option<String>,
    cvss_environmental: Option<String>,
}

/// `GET /findings/{id}`: a finding, its advisory, its current analysis (inherited or not), the
/// form to record one and the history.
pub(crate) async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    let mut page = detail_page(&state, &ctx, &id, None, FormValues::default()).await;
    if let Some(flash) = ctx.flash(field(&params, "flash")) {
        page = page.map(|v| context! { flash => flash, ..v });
    }
    match page {
        Ok(v) => ctx.page(StatusCode::OK, "finding.html", "findings", v),
        Err(r) => r,
    }
}

async fn detail_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    form_error: Option<String>,
    form: FormValues,
) -> Result<Value, Response> {
    let org = ctx.require(Permission::ReadFindings)?;
    let fail = |e: tplc_store::Error| ctx.error(&ApiError::from(e));
    let Some(id) = id
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .map(FindingId::new)
    else {
        return Err(ctx.error(&ApiError::not_found("finding")));
    };
    let store = &state.store;
    let finding = store.finding(org, id).await.map_err(fail)?;
    let mut resolver = Resolver::new(store, org);
    let (component, version_id) = resolver.component(finding.component).await.map_err(fail)?;
    let version = store
        .product_version(org, tplc_store::ProductVersionId::new(version_id))
        .await
        .map_err(fail)?;
    let product = store.product(org, version.product).await.map_err(fail)?;
    let advisory = store.advisory(finding.advisory).await.map_err(fail)?;
    let a = &advisory.advisory;
    let ja = a.ja.as_ref().filter(|_| ctx.lang == super::Lang::Ja);
    let summary = ja
        .and_then(|j| j.title.clone())
        .or_else(|| advisory.summary.clone())
        .or_else(|| a.summary.clone());
    let details = ja
        .and_then(|j| j.description.clone())
        .or_else(|| a.details.clone());
    let current = store.current_analysis(org, id).await.map_err(fail)?;
    let history = store.analysis_history(org, id).await.map_err(fail)?;
    let names = names(state, org).await.map_err(fail)?;
    let history: Vec<Value> = history
        .iter()
        .map(|h| {
            context! {
                created => when(h.created_at),
                version => names.versions.get(&h.product_version.get()).map(|(_, _, v)| v.clone()).unwrap_or_default(),
                other_version => h.product_version != version.id,
                state => h.state.as_str(),
                justification => h.justification.map(Justification::as_str),
                response => h.response.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                detail => h.detail.clone(),
                author => h.author.clone(),
            }
        })
        .collect();
    // An empty form starts from the current analysis (a change is a new row of the history).
    let mut form = form;
    if form_error.is_none()
        && let Some(c) = &current
    {
        form = FormValues {
            state: Some(c.analysis.state.as_str().to_owned()),
            justification: c.analysis.justification.map(|j| j.as_str().to_owned()),
            response: c
                .analysis
                .response
                .iter()
                .map(|r| r.as_str().to_owned())
                .collect(),
            detail: c.analysis.detail.clone(),
            cvss_environmental: c.analysis.cvss_environmental.clone(),
        };
    }
    let current = current.map(|c| {
        let env_score = c
            .analysis
            .cvss_environmental
            .as_deref()
            .and_then(|v| tplc_cvss::score(v).ok())
            .map(|s| format!("{:.1}", s.environmental_score.unwrap_or(s.base_score)));
        context! {
            state => c.analysis.state.as_str(),
            justification => c.analysis.justification.map(Justification::as_str),
            response => c.analysis.response.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            detail => c.analysis.detail.clone(),
            cvss_environmental => c.analysis.cvss_environmental.clone(),
            env_score => env_score,
            author => c.analysis.author.clone(),
            created => when(c.analysis.created_at),
            inherited => c.inherited,
            from_version => c.from_version_label.clone(),
        }
    });
    Ok(context! {
        finding => context! {
            id => finding.id.get(),
            vulnerability => finding.vulnerability_key.clone(),
            severity => finding.severity.as_str(),
            kev => finding.kev,
            cvss_score => finding.cvss_score.map(|s| format!("{s:.1}")),
            cvss_vector => finding.cvss_vector.clone(),
            epss => finding.epss.map(|e| format!("{e:.3}")),
            fixed_versions => finding.fixed_versions.clone(),
            first_seen => when(finding.first_seen),
            last_seen => when(finding.last_seen),
        },
        advisory => context! {
            id => advisory.advisory_id.clone(),
            source => advisory.source.clone(),
            aliases => a.aliases.clone(),
            summary => summary,
            details => details,
            references => a.references.iter().map(|r| r.url.clone()).collect::<Vec<_>>(),
        },
        component => context! {
            name => component.name,
            version => component.version,
            purl => component.purl,
        },
        version => context! { id => version.id.get(), version => version.version },
        product => context! { id => product.id.get(), name => product.name },
        current => current,
        history => history,
        form => form,
        form_error => form_error,
        all_states => STATES.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        all_justifications => JUSTIFICATIONS.iter().map(|j| j.as_str()).collect::<Vec<_>>(),
        all_responses => RESPONSES.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
    })
}

/// Reads and checks the analysis form: the analysis, or the form values and the message.
fn parse_analysis(
    ctx: &Ctx,
    form: &[(String, String)],
) -> Result<NewAnalysis, (FormValues, String)> {
    let values = FormValues {
        state: field(form, "state").map(str::to_owned),
        justification: field(form, "justification").map(str::to_owned),
        response: form
            .iter()
            .filter(|(k, _)| k == "response")
            .map(|(_, v)| v.clone())
            .collect(),
        detail: field(form, "detail").map(str::to_owned),
        cvss_environmental: field(form, "cvss_environmental")
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty()),
    };
    let Some(state) = values
        .state
        .as_deref()
        .and_then(|s| s.parse::<AnalysisState>().ok())
    else {
        return Err((values, ctx.t("analysis.error_state")));
    };
    let justification = match values.justification.as_deref() {
        None => None,
        Some(j) => match j.parse::<Justification>() {
            Ok(j) => Some(j),
            Err(_) => return Err((values, ctx.t("analysis.error_justification"))),
        },
    };
    let mut response = Vec::new();
    for r in &values.response {
        match r.parse::<VexResponse>() {
            Ok(r) if !response.contains(&r) => response.push(r),
            Ok(_) => {}
            Err(_) => return Err((values, ctx.t("analysis.error_response"))),
        }
    }
    if values
        .detail
        .as_ref()
        .is_some_and(|d| d.chars().count() > MAX_DETAIL)
    {
        return Err((values, ctx.t("analysis.error_detail")));
    }
    if let Some(vector) = &values.cvss_environmental
        && let Err(e) = tplc_cvss::score(vector)
    {
        let message = format!("{}: {e}", ctx.t("analysis.error_cvss"));
        return Err((values, message));
    }
    Ok(NewAnalysis {
        state,
        justification,
        response,
        detail: values.detail.clone(),
        cvss_environmental: values.cvss_environmental.clone(),
        author: ctx.caller.user.username.clone(),
    })
}

/// `POST /findings/{id}/analysis`: records an analysis (editor) with its audit event in one
/// transaction, then shows the finding again; invalid input shows the form with the message.
pub(crate) async fn analyse(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let org = match ctx.require(Permission::WriteAnalysis) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(finding) = id
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .map(FindingId::new)
    else {
        return ctx.error(&ApiError::not_found("finding"));
    };
    let new = match parse_analysis(&ctx, &form) {
        Ok(new) => new,
        Err((values, message)) => {
            return match detail_page(&state, &ctx, &id, Some(message), values).await {
                Ok(v) => ctx.page(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "finding.html",
                    "findings",
                    v,
                ),
                Err(r) => r,
            };
        }
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let before = tx.current_analysis(org, finding).await?;
        let analysis = tx.record_analysis(org, finding, &new).await?;
        let summary = |a: &tplc_store::Analysis| {
            serde_json::json!({
                "vulnerability": a.vulnerability_id,
                "state": a.state.as_str(),
                "justification": a.justification.map(Justification::as_str),
                "response": a.response.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                "detail": a.detail,
                "cvss_environmental": a.cvss_environmental,
            })
        };
        tx.append_audit(&NewAuditEvent {
            organization: Some(org),
            actor: ctx.caller.actor(),
            action: "analysis.record".into(),
            object_type: "finding".into(),
            object_id: finding.to_string(),
            before: before.as_ref().map(|c| summary(&c.analysis)),
            after: Some(summary(&analysis)),
        })
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(())
    }
    .await;
    tri!(ctx, result);
    see_other(&format!("/findings/{finding}?flash=analysis_saved"))
}
