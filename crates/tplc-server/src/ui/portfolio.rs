//! The portfolio pages: dashboard, products, product versions, SBOM upload and SBOM view.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Body;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Serialize;
use tplc_auth::Permission;
use tplc_store::{
    FindingFilter, JobKind, JobState, LifecyclePhase, NewAuditEvent, NewJob, NewProduct, NewSbom,
    ProductId, ProductVersionId, SbomDocument, SbomDocumentId, Severity,
};

use super::chart;
use super::table::{PER_PAGE, Pager, Sort, none_last};
use super::{Ctx, field, see_other, when};
use crate::{ApiError, AppState};

type Params = Query<Vec<(String, String)>>;

/// Every severity, most severe first.
pub(crate) const SEVERITIES: [Severity; 6] = [
    Severity::Critical,
    Severity::High,
    Severity::Medium,
    Severity::Low,
    Severity::None,
    Severity::Unknown,
];

const PHASES: [LifecyclePhase; 4] = [
    LifecyclePhase::Development,
    LifecyclePhase::Support,
    LifecyclePhase::LimitedSupport,
    LifecyclePhase::EndOfSupport,
];

macro_rules! tri {
    ($ctx:expr, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return $ctx.error(&$crate::ApiError::from(e)),
        }
    };
}
pub(crate) use tri;

/// `GET /`: the portfolio risk summary, and the upcoming EOL/EOS dates (`months=6|12|24`)
/// when the caller may read the lifecycle records.
pub(crate) async fn dashboard(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Params,
) -> Response {
    let Some(org) = ctx.org.as_ref().map(|o| o.key) else {
        return ctx.page(StatusCode::OK, "dashboard.html", "dashboard", context! {});
    };
    if let Err(r) = ctx.require(Permission::ReadProducts) {
        return r;
    }
    let store = &state.store;
    let products = tri!(ctx, store.products(org).await);
    let mut versions = 0usize;
    let mut sboms = 0usize;
    for p in &products {
        let vs = tri!(ctx, store.product_versions(org, p.id).await);
        versions += vs.len();
        for v in &vs {
            sboms += tri!(ctx, store.sbom_documents(org, v.id).await).len();
        }
    }
    let findings = if ctx.allows(Permission::ReadFindings) {
        tri!(ctx, store.findings(org, &FindingFilter::default()).await)
    } else {
        Vec::new()
    };
    let severities: Vec<Value> = SEVERITIES
        .iter()
        .map(|s| {
            context! {
                key => s.as_str(),
                count => findings.iter().filter(|f| f.severity == *s).count(),
            }
        })
        .collect();
    let kev = findings.iter().filter(|f| f.kev).count();
    let days: Vec<time::Date> = findings
        .iter()
        .map(|f| f.first_seen.as_offset_date_time().date())
        .collect();
    let (title, axis_date, axis_count) = (
        ctx.t("chart.title"),
        ctx.t("chart.axis_date"),
        ctx.t("chart.axis_count"),
    );
    let svg = chart::findings_over_time(
        &days,
        time::OffsetDateTime::now_utc().date(),
        &chart::Labels {
            title: &title,
            axis_date: &axis_date,
            axis_count: &axis_count,
        },
    );
    let active_jobs = if ctx.allows(Permission::ReadJobs) {
        tri!(ctx, store.jobs(org).await)
            .iter()
            .filter(|j| matches!(j.state, JobState::Queued | JobState::Running))
            .count()
    } else {
        0
    };
    let upcoming = if ctx.allows(Permission::ReadCompliance) {
        let months = super::lifecycle::period(&params);
        Some(
            tri!(
                ctx,
                super::lifecycle::upcoming(&state, &ctx, org, months).await
            )
            .0,
        )
    } else {
        None
    };
    ctx.page(
        StatusCode::OK,
        "dashboard.html",
        "dashboard",
        context! {
            upcoming => upcoming,
            products => products.len(),
            versions => versions,
            sboms => sboms,
            total => findings.len(),
            severities => severities,
            kev => kev,
            chart => svg,
            active_jobs => active_jobs,
        },
    )
}

#[derive(Serialize)]
struct ProductRow {
    id: i64,
    name: String,
    generic_name: Option<String>,
    device_class: Option<String>,
    approval_number: Option<String>,
    versions: usize,
    created: String,
    #[serde(skip)]
    created_key: String,
}

/// `GET /products`: the products, sortable and paged, with the form to create one.
pub(crate) async fn products(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Params,
) -> Response {
    let org = match ctx.require(Permission::ReadProducts) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let store = &state.store;
    let mut rows = Vec::new();
    for p in tri!(ctx, store.products(org).await) {
        let versions = tri!(ctx, store.product_versions(org, p.id).await).len();
        rows.push(ProductRow {
            id: p.id.get(),
            name: p.name,
            generic_name: p.generic_name,
            device_class: p.device_class,
            approval_number: p.approval_number,
            versions,
            created: when(p.created_at),
            created_key: p.created_at.to_text(),
        });
    }
    let sort = Sort::parse(
        field(&params, "sort"),
        field(&params, "dir"),
        &[
            "name",
            "generic_name",
            "class",
            "approval",
            "versions",
            "created",
        ],
        ("name", false),
    );
    sort.apply(&mut rows, |a, b| match sort.key {
        "generic_name" => none_last(a.generic_name.as_ref(), b.generic_name.as_ref()),
        "class" => none_last(a.device_class.as_ref(), b.device_class.as_ref()),
        "approval" => none_last(a.approval_number.as_ref(), b.approval_number.as_ref()),
        "versions" => a.versions.cmp(&b.versions),
        "created" => a.created_key.cmp(&b.created_key),
        _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
    });
    let pager = Pager::new(rows.len(), field(&params, "page"), PER_PAGE);
    let page: Vec<&ProductRow> = rows[pager.range(PER_PAGE)].iter().collect();
    ctx.page(
        StatusCode::OK,
        "products.html",
        "products",
        context! {
            rows => page,
            pager => pager,
            sort => sort.key,
            dir => sort.dir(),
            flash => ctx.flash(field(&params, "flash")),
        },
    )
}

fn opt(form: &[(String, String)], name: &str) -> Option<String> {
    field(form, name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// `POST /products`: creates a product (editor), with its audit event.
pub(crate) async fn create_product(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let org = match ctx.require(Permission::WriteProducts) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(name) = opt(&form, "name") else {
        let message = super::Catalog::get().format(
            ctx.lang,
            "error.required",
            &[("field", &ctx.t("product.name"))],
        );
        return ctx.error(&ApiError::invalid(message).at("name"));
    };
    let new = NewProduct {
        name,
        generic_name: opt(&form, "generic_name"),
        device_class: opt(&form, "device_class"),
        approval_number: opt(&form, "approval_number"),
        security_contact: opt(&form, "security_contact"),
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let product = tx.create_product(org, &new).await?;
        tx.append_audit(&NewAuditEvent {
            organization: Some(org),
            actor: ctx.caller.actor(),
            action: "product.create".into(),
            object_type: "product".into(),
            object_id: product.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "name": product.name, "generic_name": product.generic_name,
                "device_class": product.device_class, "approval_number": product.approval_number,
            })),
        })
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(product)
    }
    .await;
    let product = tri!(ctx, result);
    see_other(&format!("/products/{}?flash=product_created", product.id))
}

#[derive(Serialize)]
struct VersionRow {
    id: i64,
    version: String,
    phase: &'static str,
    release_date: Option<String>,
    eol_date: Option<String>,
    eos_date: Option<String>,
    sboms: usize,
}

fn product_value(p: &tplc_store::Product) -> Value {
    context! {
        id => p.id.get(),
        name => p.name.clone(),
        generic_name => p.generic_name.clone(),
        device_class => p.device_class.clone(),
        approval_number => p.approval_number.clone(),
        security_contact => p.security_contact.clone(),
        created => when(p.created_at),
    }
}

fn version_value(v: &tplc_store::ProductVersion) -> Value {
    context! {
        id => v.id.get(),
        version => v.version.clone(),
        phase => v.lifecycle_phase.as_str(),
        release_date => v.release_date.clone(),
        eol_date => v.eol_date.clone(),
        eos_date => v.eos_date.clone(),
        limited_support_plan => v.limited_support_plan.clone(),
        legacy => v.legacy,
        legacy_reason => v.legacy_reason.clone(),
    }
}

/// A positive numeric id of a path.
pub(crate) fn parse_id(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().filter(|id| *id > 0)
}

/// `GET /products/{id}`: a product with its versions and lifecycle dates.
pub(crate) async fn product(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    product_page(&state, &ctx, &id, &params, None).await
}

async fn product_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    params: &[(String, String)],
    form_error: Option<String>,
) -> Response {
    let org = match ctx.require(Permission::ReadProducts) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(id) = parse_id(id) else {
        return ctx.error(&ApiError::not_found("product"));
    };
    let store = &state.store;
    let product = tri!(ctx, store.product(org, ProductId::new(id)).await);
    let mut rows = Vec::new();
    for v in tri!(ctx, store.product_versions(org, product.id).await) {
        let sboms = tri!(ctx, store.sbom_documents(org, v.id).await).len();
        rows.push(VersionRow {
            id: v.id.get(),
            version: v.version,
            phase: v.lifecycle_phase.as_str(),
            release_date: v.release_date,
            eol_date: v.eol_date,
            eos_date: v.eos_date,
            sboms,
        });
    }
    let sort = Sort::parse(
        field(params, "sort"),
        field(params, "dir"),
        &["version", "phase", "release", "eol", "eos"],
        ("release", false),
    );
    let phase_rank = |p: &str| PHASES.iter().position(|x| x.as_str() == p).unwrap_or(0);
    sort.apply(&mut rows, |a, b| match sort.key {
        "version" => a.version.cmp(&b.version),
        "phase" => phase_rank(a.phase).cmp(&phase_rank(b.phase)),
        "eol" => none_last(a.eol_date.as_ref(), b.eol_date.as_ref()),
        "eos" => none_last(a.eos_date.as_ref(), b.eos_date.as_ref()),
        _ => none_last(a.release_date.as_ref(), b.release_date.as_ref()).then(a.id.cmp(&b.id)),
    });
    let (flash, kind) = match form_error {
        Some(e) => (Some(e), "error"),
        None => (ctx.flash(field(params, "flash")), "ok"),
    };
    ctx.page(
        if kind == "error" {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        "product.html",
        "products",
        context! {
            product => product_value(&product),
            versions => rows,
            sort => sort.key,
            dir => sort.dir(),
            phases => PHASES.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
            flash => flash,
            flash_kind => kind,
        },
    )
}

/// `POST /products/{id}/versions`: adds a version (editor), with its audit event; a bad date
/// shows the product page again with the message.
pub(crate) async fn create_version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let org = match ctx.require(Permission::WriteProducts) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(product_id) = parse_id(&id).map(ProductId::new) else {
        return ctx.error(&ApiError::not_found("product"));
    };
    let Some(version) = opt(&form, "version") else {
        let message = super::Catalog::get().format(
            ctx.lang,
            "error.required",
            &[("field", &ctx.t("version.version"))],
        );
        return product_page(&state, &ctx, &id, &[], Some(message)).await;
    };
    let lifecycle = super::lifecycle::LifecycleForm::read(&form);
    let phase = match lifecycle.check(&ctx) {
        Ok(p) => p,
        Err((message, _)) => return product_page(&state, &ctx, &id, &[], Some(message)).await,
    };
    let new = lifecycle.to_new(&version, phase);
    let result = async {
        let mut tx = state.store.begin().await?;
        let v = tx.create_product_version(org, product_id, &new).await?;
        tx.append_audit(&NewAuditEvent {
            organization: Some(org),
            actor: ctx.caller.actor(),
            action: "product_version.create".into(),
            object_type: "product_version".into(),
            object_id: v.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "product": product_id.get(), "version": v.version,
                "lifecycle_phase": v.lifecycle_phase.as_str(), "release_date": v.release_date,
                "eol_date": v.eol_date, "eos_date": v.eos_date,
                "limited_support_plan": v.limited_support_plan, "legacy": v.legacy,
                "legacy_reason": v.legacy_reason,
            })),
        })
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(v)
    }
    .await;
    match result {
        Ok(v) => see_other(&format!("/versions/{}?flash=version_created", v.id)),
        Err(tplc_store::Error::Invalid(message)) => {
            let text = format!("{} ({message})", ctx.t("version.error_date"));
            product_page(&state, &ctx, &id, &[], Some(text)).await
        }
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

#[derive(Serialize)]
struct SbomRow {
    id: i64,
    format: String,
    spec_version: Option<String>,
    author: Option<String>,
    timestamp: Option<String>,
    uploaded_at: String,
    size: i64,
}

fn sbom_row(s: &SbomDocument) -> SbomRow {
    SbomRow {
        id: s.id.get(),
        format: s.format.clone(),
        spec_version: s.spec_version.clone(),
        author: s.author.clone(),
        timestamp: s.timestamp.clone(),
        uploaded_at: when(s.uploaded_at),
        size: s.original_size,
    }
}

/// `GET /versions/{id}`: a version with its lifecycle, its SBOMs, the upload form, the
/// lifecycle form and the disclosure records.
pub(crate) async fn version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    let flash = ctx.flash(field(&params, "flash"));
    version_page(&state, &ctx, &id, flash, super::lifecycle::Rejected::None).await
}

/// The version page, with a refused lifecycle or disclosure form (422) or as stored.
pub(crate) async fn version_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    flash: Option<String>,
    rejected: super::lifecycle::Rejected,
) -> Response {
    let org = match ctx.require(Permission::ReadProducts) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(id) = parse_id(id) else {
        return ctx.error(&ApiError::not_found("product version"));
    };
    let store = &state.store;
    let version = tri!(
        ctx,
        store.product_version(org, ProductVersionId::new(id)).await
    );
    let product = tri!(ctx, store.product(org, version.product).await);
    let sboms: Vec<SbomRow> = tri!(ctx, store.sbom_documents(org, version.id).await)
        .iter()
        .map(sbom_row)
        .collect();
    let status = if rejected.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let lifecycle = tri!(
        ctx,
        super::lifecycle::section(state, ctx, org, &version, rejected).await
    );
    ctx.page(
        status,
        "version.html",
        "products",
        context! {
            product => product_value(&product),
            version => version_value(&version),
            sboms => sboms,
            lifecycle => lifecycle,
            phases => PHASES.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
            flash => flash,
        },
    )
}

/// The JSON answer of a refused upload, its message in the page's language.
fn upload_error(status: StatusCode, code: &'static str, message: String) -> Response {
    ApiError::new(status, code, message).into_response()
}

/// `POST /versions/{id}/sboms`: the SBOM upload of the version page (editor). The body is the
/// file itself (sent by `assets/tplc.js` with the CSRF token in `X-CSRF-Token`), at most the
/// server's upload limit. The format is recognised at once (a file that is no SBOM is refused
/// with a message), then the document is stored as pending and its ingestion job queued, with
/// the audit event, in one transaction. Answers `201 {"job", "sbom_document", "location"}`,
/// `location` being the job's page.
pub(crate) async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let org = match ctx.org.as_ref().map(|o| {
        ctx.caller
            .require(o.key, Permission::UploadSbom)
            .map(|_| o.key)
    }) {
        Some(Ok(o)) => o,
        Some(Err(e)) => return e.into_response(),
        None => return ApiError::not_found("organization").into_response(),
    };
    let Some(version_id) = parse_id(&id).map(ProductVersionId::new) else {
        return ApiError::not_found("product version").into_response();
    };
    let limit = state.config.upload_limit();
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return upload_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            ctx.t("upload.error_too_large"),
        );
    };
    if bytes.is_empty() {
        return upload_error(
            StatusCode::BAD_REQUEST,
            "empty",
            ctx.t("upload.error_empty"),
        );
    }
    let format = match tplc_formats::detect(&bytes) {
        Ok(f) => f,
        Err(e) => {
            return upload_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                format!("{}: {e}", ctx.t("upload.error_format")),
            );
        }
    };
    let file_name: Option<String> = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(|v| percent_decode(v).chars().take(200).collect());
    let new = NewSbom {
        format: format.as_str().to_owned(),
        spec_version: None,
        original: bytes.to_vec(),
        author: None,
        timestamp: None,
        uploaded_by: Some(ctx.caller.user.id),
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let sbom = tx.create_sbom(org, version_id, &new).await?;
        let job = tx
            .enqueue_job(&NewJob {
                kind: JobKind::IngestSbom,
                organization: Some(org),
                payload: serde_json::json!({
                    "organization": org.get(), "sbom_document": sbom.id.get(),
                }),
            })
            .await?;
        tx.append_audit(&NewAuditEvent {
            organization: Some(org),
            actor: ctx.caller.actor(),
            action: "sbom.upload".into(),
            object_type: "sbom_document".into(),
            object_id: sbom.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "product_version": version_id.get(), "format": sbom.format,
                "size": sbom.original_size, "file": file_name, "job": job.id.get(),
            })),
        })
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>((sbom, job))
    };
    match result.await {
        Ok((sbom, job)) => (
            StatusCode::CREATED,
            Json(serde_json::json!({
                "job": job.id.get(),
                "sbom_document": sbom.id.get(),
                "location": format!("/jobs?job={}", job.id),
            })),
        )
            .into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// Decodes `%XX` escapes (invalid ones are kept as they are).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes.get(i),
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (Some(b'%'), Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (Some(b), _, _) => {
                out.push(*b);
                i += 1;
            }
            (None, _, _) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Serialize)]
struct ComponentRow {
    name: String,
    version: Option<String>,
    supplier: Option<String>,
    purl: Option<String>,
    cpe: Option<String>,
    excluded: bool,
}

/// At most this many components with gaps are listed.
const MAX_GAPS: usize = 200;

/// The minimum-elements check of the stored original against tplc-sbom's `jp-mhlw` profile,
/// its texts from tplc-sbom's catalog in the page's language.
async fn minimum_elements(original: Vec<u8>, lang: super::Lang) -> Value {
    let messages = tplc_sbom::Messages::new(lang.sbom());
    let profile = match tplc_sbom::Profile::built_in("jp-mhlw") {
        Ok(p) => p,
        Err(e) => return context! { error => e.to_string(), profile_title => "jp-mhlw" },
    };
    let title = profile.title(lang.sbom()).to_owned();
    let checked = tokio::task::spawn_blocking(move || {
        tplc_formats::read_bytes(original)
            .map(|(_, doc)| tplc_sbom::check(&doc, &profile))
            .map_err(|e| e.to_string())
    })
    .await;
    let report = match checked {
        Ok(Ok(report)) => report,
        Ok(Err(e)) => return context! { error => e, profile_title => title },
        Err(e) => return context! { error => e.to_string(), profile_title => title },
    };
    let gaps: Vec<Value> = report
        .component_gaps
        .iter()
        .take(MAX_GAPS)
        .map(|g| {
            context! {
                name => g.name.clone(),
                version => g.version.clone(),
                top_level => g.top_level,
                missing => g.missing.iter().map(|e| messages.element_missing(*e).to_owned()).collect::<Vec<_>>(),
            }
        })
        .collect();
    let counts: Vec<Value> = report
        .missing_counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(e, n)| context! { name => messages.element_name(*e).to_owned(), count => *n })
        .collect();
    context! {
        profile_title => title,
        passed => report.passed,
        pass_text => messages.text("pass").to_owned(),
        fail_text => messages.text("fail").to_owned(),
        checked => report.components_checked,
        total => report.components_total,
        failing => report.failing_components(),
        document_gaps => report.document_gaps.iter().map(|e| messages.element_missing(*e).to_owned()).collect::<Vec<_>>(),
        document_label => messages.text("document").to_owned(),
        component_label => messages.text("component").to_owned(),
        version_label => messages.text("version").to_owned(),
        missing_label => messages.text("missing").to_owned(),
        element_label => messages.text("element").to_owned(),
        count_label => messages.text("components_missing").to_owned(),
        no_gaps => messages.text("no_gaps").to_owned(),
        counts => counts,
        gaps => gaps,
        gaps_more => report.component_gaps.len().saturating_sub(MAX_GAPS),
    }
}

/// `GET /sboms/{id}`: an SBOM's metadata, its minimum-elements result and its components.
pub(crate) async fn sbom(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    let org = match ctx.require(Permission::ReadProducts) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(id) = parse_id(&id).map(SbomDocumentId::new) else {
        return ctx.error(&ApiError::not_found("SBOM document"));
    };
    let store = &state.store;
    let doc = tri!(ctx, store.sbom_document(org, id).await);
    let version = tri!(ctx, store.product_version(org, doc.product_version).await);
    let product = tri!(ctx, store.product(org, version.product).await);
    let mut rows: Vec<ComponentRow> = tri!(ctx, store.components(org, id).await)
        .into_iter()
        .map(|c| ComponentRow {
            name: c.name,
            version: c.version,
            supplier: c.supplier,
            purl: c.purl,
            cpe: c.cpe,
            excluded: c.scope_excluded,
        })
        .collect();
    let sort = Sort::parse(
        field(&params, "sort"),
        field(&params, "dir"),
        &["name", "version", "supplier", "purl"],
        ("name", false),
    );
    sort.apply(&mut rows, |a, b| match sort.key {
        "version" => none_last(a.version.as_ref(), b.version.as_ref()),
        "supplier" => none_last(a.supplier.as_ref(), b.supplier.as_ref()),
        "purl" => none_last(a.purl.as_ref(), b.purl.as_ref()),
        _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
    });
    let per_page = PER_PAGE * 2;
    let pager = Pager::new(rows.len(), field(&params, "page"), per_page);
    let page: Vec<&ComponentRow> = rows[pager.range(per_page)].iter().collect();
    let original = tri!(ctx, store.sbom_original(org, id).await);
    let check = minimum_elements(original, ctx.lang).await;
    ctx.page(
        StatusCode::OK,
        "sbom.html",
        "products",
        context! {
            sbom => sbom_row(&doc),
            version => version_value(&version),
            product => product_value(&product),
            rows => page,
            pager => pager,
            sort => sort.key,
            dir => sort.dir(),
            check => check,
        },
    )
}

/// Product and version names by version id, for the findings pages' filters and rows.
pub(crate) struct Names {
    /// (product id, product name) in name order.
    pub(crate) products: Vec<(i64, String)>,
    /// version id → (product id, product name, version).
    pub(crate) versions: BTreeMap<i64, (i64, String, String)>,
}

/// The organization's products and versions.
pub(crate) async fn names(
    state: &AppState,
    org: tplc_store::OrganizationId,
) -> Result<Names, tplc_store::Error> {
    let mut products = Vec::new();
    let mut versions = BTreeMap::new();
    for p in state.store.products(org).await? {
        for v in state.store.product_versions(org, p.id).await? {
            versions.insert(v.id.get(), (p.id.get(), p.name.clone(), v.version));
        }
        products.push((p.id.get(), p.name));
    }
    products.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Names { products, versions })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_percent_decoded() {
        assert_eq!(percent_decode("bom%20a.json"), "bom a.json");
        assert_eq!(percent_decode("%E8%A3%BD.json"), "製.json");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn ids_must_be_positive_numbers() {
        assert_eq!(parse_id("12"), Some(12));
        for bad in ["0", "-1", "x", "", "99999999999999999999"] {
            assert_eq!(parse_id(bad), None);
        }
    }
}
