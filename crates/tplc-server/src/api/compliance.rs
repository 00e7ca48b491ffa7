//! Regulatory evidence: requirement catalogs, the conformity status of a version (gap list
//! included), evidence links (inherited by later versions until changed: copy-on-write), the
//! Annex F record, the application attachment and the evidence pack. The computations are
//! those of [`crate::compliance`], shared with the web UI and the command line.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tplc_auth::Permission;
use tplc_compliance::{AnnexFError, AnnexFRecord, Catalog, Lang, check_item};
use tplc_store::{
    EvidenceKind, EvidenceLinkId, EvidenceStatus, NewEvidenceLink, OrganizationId, ProductVersionId,
};
use utoipa::{IntoParams, ToSchema};

use super::{audit, pick};
use crate::auth::Caller;
use crate::compliance::{self as service, AnnexFStatus, ComplianceStatus, EvidenceEntry};
use crate::{ApiError, AppState, JsonBody, PathParams, QueryParams};

/// A store `Invalid` error whose message starts with a field name (`customer: empty`),
/// pointed at that field.
pub(crate) fn point_store(error: tplc_store::Error) -> ApiError {
    let api: ApiError = error.into();
    if api.code != "invalid" || api.pointer.is_some() {
        return api;
    }
    let field = api
        .message
        .split_once(':')
        .map(|(field, _)| field)
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(str::to_owned);
    match field {
        Some(field) => api.at(format!("/{field}")),
        None => api,
    }
}

/// A bad query parameter: 400 `bad_query` naming it.
pub(crate) fn bad_query(message: impl Into<String>, parameter: &str) -> ApiError {
    ApiError::bad_request(message)
        .with_code("bad_query")
        .at(parameter)
}

/// The catalog of a query parameter (default `jp-mhlw-0523`), else 400 naming the loaded ones.
fn query_catalog<'a>(state: &'a AppState, id: Option<&str>) -> Result<&'a Catalog, ApiError> {
    let id = id.unwrap_or(tplc_compliance::JP_MHLW_0523);
    state.catalogs.get(id).ok_or_else(|| {
        let known: Vec<&str> = state.catalogs.iter().map(|c| c.id.as_str()).collect();
        bad_query(
            format!(
                "unknown catalog {id:?}: expected one of {}",
                known.join(", ")
            ),
            "catalog",
        )
    })
}

/// The language of a query parameter (default Japanese).
pub(crate) fn query_lang(lang: Option<&str>) -> Result<Lang, ApiError> {
    match lang {
        None => Ok(Lang::Ja),
        Some(text) => text
            .parse()
            .map_err(|e: tplc_compliance::ParseEnumError| bad_query(e.to_string(), "lang")),
    }
}

/// A download: the bytes with their media type and `Content-Disposition: attachment`.
pub(crate) fn download(bytes: Vec<u8>, media_type: &str, file_name: &str) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(media_type)
            .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream")),
    );
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let value = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::auth::encode_component(file_name)
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// A loaded catalog, as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogEntry {
    /// The catalog id (`jp-mhlw-0523`).
    pub id: String,
    /// The catalog data version.
    pub version: String,
    /// The title (`ja`, `en`).
    #[schema(value_type = Object)]
    pub title: tplc_compliance::Text,
    /// How many items it has.
    pub items: usize,
    /// The catalog whose clauses its items refer to.
    pub clauses_from: Option<String>,
    /// Whether it has an application attachment layout.
    pub attachment: bool,
    /// The file it was read from (`catalogs/<name>` for a built-in one).
    pub file: String,
}

/// The loaded requirement catalogs (built in and `--catalog-dir`).
#[utoipa::path(get, path = "/catalogs", tag = "compliance",
    responses((status = 200, body = Vec<CatalogEntry>), (status = 401, body = crate::ErrorBody)))]
pub(crate) async fn catalogs(
    State(state): State<AppState>,
    _caller: Caller,
) -> Json<Vec<CatalogEntry>> {
    Json(
        state
            .catalogs
            .iter()
            .map(|c| CatalogEntry {
                id: c.id.clone(),
                version: c.version.clone(),
                title: c.title.clone(),
                items: c.items.len(),
                clauses_from: c.clauses_from.clone(),
                attachment: c.attachment.is_some(),
                file: c.file().to_owned(),
            })
            .collect(),
    )
}

/// One catalog with its items (statements in Japanese and English, sources, Annex F treatment,
/// automatic evidence), its attachment layout and its Annex F sentence.
#[utoipa::path(get, path = "/catalogs/{catalog}", tag = "compliance",
    params(("catalog" = String, Path)),
    responses((status = 200, description = "the catalog", body = Object),
        (status = 401, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn catalog(
    State(state): State<AppState>,
    _caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Response, ApiError> {
    let catalog = state
        .catalogs
        .get(&id)
        .ok_or_else(|| ApiError::not_found(&format!("catalog `{id}`")))?;
    Ok(Json(catalog).into_response())
}

/// The conformity status of a version against a catalog.
async fn status_of(
    state: &AppState,
    org: OrganizationId,
    version: ProductVersionId,
    catalog: &str,
) -> Result<ComplianceStatus, ApiError> {
    Ok(service::status(
        &state.store,
        &state.catalogs,
        org,
        version,
        catalog,
        Some(&state.vulndb_dir),
    )
    .await?)
}

/// The conformity status of a version against a catalog: every item with its state (`met`,
/// `no_evidence`, `not_approved`, `not_required` under Annex F), the evidence that applies
/// (own or `inherited_from` an earlier version), the evidence tplc holds itself (`auto`: SBOM,
/// vulnerability monitoring, advisory history), the Annex F record and the gap list.
#[utoipa::path(get, path = "/organizations/{org}/versions/{version}/compliance/{catalog}",
    tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path), ("catalog" = String, Path)),
    responses((status = 200, description = "the status, gap list included", body = Object),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn status(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version, catalog)): PathParams<(i64, i64, String)>,
) -> Result<Json<ComplianceStatus>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let status = status_of(&state, org, ProductVersionId::new(version), &catalog).await?;
    Ok(Json(status))
}

/// Which catalog's evidence to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EvidenceQuery {
    /// The catalog (default `jp-mhlw-0523`).
    pub catalog: Option<String>,
}

/// The evidence that applies to a version for a catalog's items (own or inherited), by item.
#[utoipa::path(get, path = "/organizations/{org}/versions/{version}/evidence", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path), EvidenceQuery),
    responses((status = 200, description = "the evidence entries", body = Object),
        (status = 400, body = crate::ErrorBody),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn evidence(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    QueryParams(query): QueryParams<EvidenceQuery>,
) -> Result<Json<Vec<EvidenceEntry>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let catalog = query_catalog(&state, query.catalog.as_deref())?;
    let list = state
        .store
        .evidence(org, ProductVersionId::new(version), &catalog.id)
        .await?;
    Ok(Json(
        list.iter().map(EvidenceEntry::from_effective).collect(),
    ))
}

/// A piece of evidence for an item.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRequest {
    /// The catalog (`jp-mhlw-0523`).
    pub catalog: String,
    /// The item (`jp0523-1-2-a`); it must be in the catalog.
    pub item_id: String,
    /// `document` (default), `sbom`, `vulnerability_procedure` or `advisory_history`.
    #[serde(default)]
    pub kind: Option<String>,
    /// 文書番号 (a document needs a number or a title).
    #[serde(default)]
    pub document_number: String,
    /// The document title.
    #[serde(default)]
    pub title: String,
    /// The document's own version (版).
    #[serde(default)]
    pub document_version: String,
    /// Where it is kept (a URI or a path).
    #[serde(default)]
    pub location: String,
    /// Who owns it.
    #[serde(default)]
    pub owner: String,
    /// `planned` (default), `drafted` or `approved` (only approved evidence meets an item).
    #[serde(default)]
    pub status: Option<String>,
    /// Free text.
    #[serde(default)]
    pub note: String,
}

impl EvidenceRequest {
    /// The store's link, after checking the catalog and the item (422 at `/catalog` or
    /// `/item_id`, the message naming the catalog).
    fn into_new(self, state: &AppState, caller: &Caller) -> Result<NewEvidenceLink, ApiError> {
        let catalog = state.catalogs.get(&self.catalog).ok_or_else(|| {
            let known: Vec<&str> = state.catalogs.iter().map(|c| c.id.as_str()).collect();
            ApiError::invalid(format!(
                "unknown catalog `{}`: expected one of {}",
                self.catalog,
                known.join(", ")
            ))
            .with_code("unknown_catalog")
            .at("/catalog")
        })?;
        check_item(catalog, &self.item_id).map_err(|e| {
            ApiError::invalid(e.to_string())
                .with_code(e.code())
                .at("/item_id")
        })?;
        let kind = match &self.kind {
            Some(kind) => pick(EvidenceKind::ALL, |k| k.as_str(), kind, "/kind")?,
            None => EvidenceKind::Document,
        };
        let status = match &self.status {
            Some(status) => pick(EvidenceStatus::ALL, |s| s.as_str(), status, "/status")?,
            None => EvidenceStatus::Planned,
        };
        Ok(NewEvidenceLink {
            catalog_id: self.catalog,
            item_id: self.item_id,
            kind,
            document_number: self.document_number.trim().to_owned(),
            title: self.title.trim().to_owned(),
            document_version: self.document_version.trim().to_owned(),
            location: self.location.trim().to_owned(),
            owner: self.owner.trim().to_owned(),
            status,
            note: self.note,
            actor: caller.actor(),
        })
    }
}

/// Link evidence to an item of a version (editor). When the version inherits the item's
/// evidence from an earlier version, the inherited set is first copied into the version. An
/// item the catalog does not have is 422 at `/item_id`; nothing is saved then.
#[utoipa::path(post, path = "/organizations/{org}/versions/{version}/evidence", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path)), request_body = EvidenceRequest,
    responses((status = 201, description = "the link", body = Object),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
        (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn add_evidence(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    JsonBody(body): JsonBody<EvidenceRequest>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteCompliance)?;
    let version = ProductVersionId::new(version);
    let new = body.into_new(&state, &caller)?;
    let mut tx = state.store.begin().await?;
    let link = tx
        .add_evidence(org, version, &new)
        .await
        .map_err(point_store)?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "evidence.add",
        "evidence_link",
        link.id.get(),
        None,
        Some(link.audit_summary()),
    ))
    .await?;
    let entry = EvidenceEntry::from_effective(&tplc_store::EffectiveEvidence {
        link,
        inherited_from: None,
    });
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(entry)).into_response())
}

/// Change a link that applies to a version (editor). On a link inherited from an earlier
/// version, the version's own copy is changed and the earlier version keeps its link; the
/// answer is the changed link (a new id then). A link does not move to another item.
#[utoipa::path(put, path = "/organizations/{org}/versions/{version}/evidence/{link}",
    tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path), ("link" = i64, Path)),
    request_body = EvidenceRequest,
    responses((status = 200, description = "the changed link", body = Object),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
        (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn update_evidence(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version, link)): PathParams<(i64, i64, i64)>,
    JsonBody(body): JsonBody<EvidenceRequest>,
) -> Result<Json<EvidenceEntry>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteCompliance)?;
    let version = ProductVersionId::new(version);
    let link = EvidenceLinkId::new(link);
    let new = body.into_new(&state, &caller)?;
    let mut tx = state.store.begin().await?;
    let before = tx.evidence_link(org, version, link).await?;
    let changed = tx
        .update_evidence(org, version, link, &new)
        .await
        .map_err(point_store)?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "evidence.update",
        "evidence_link",
        changed.id.get(),
        Some(before.audit_summary()),
        Some(changed.audit_summary()),
    ))
    .await?;
    tx.commit().await?;
    Ok(Json(EvidenceEntry::from_effective(
        &tplc_store::EffectiveEvidence {
            link: changed,
            inherited_from: None,
        },
    )))
}

/// Remove a link from what applies to a version (editor). On an inherited link, the version
/// gets its own copy of the set without it; the earlier version keeps its link.
#[utoipa::path(delete, path = "/organizations/{org}/versions/{version}/evidence/{link}",
    tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path), ("link" = i64, Path)),
    responses((status = 204, description = "removed"),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn remove_evidence(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version, link)): PathParams<(i64, i64, i64)>,
) -> Result<StatusCode, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteCompliance)?;
    let version = ProductVersionId::new(version);
    let mut tx = state.store.begin().await?;
    let removed = tx
        .remove_evidence(org, version, EvidenceLinkId::new(link))
        .await?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "evidence.remove",
        "evidence_link",
        removed.link.id.get(),
        Some(removed.audit_summary()),
        None,
    ))
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The Annex F record of a version as answered.
#[derive(Debug, Serialize)]
pub struct AnnexFView {
    /// Whether a record applies (the version's own or an inherited one).
    pub recorded: bool,
    /// The record (the empty one when none is recorded).
    pub record: AnnexFRecord,
    /// Whether it holds for this version: `current`, `needs_review` (documented for another
    /// version) or `not_applied`.
    pub validity: tplc_compliance::AnnexFValidity,
    /// The earlier version it is inherited from.
    pub inherited_from: Option<service::InheritedFrom>,
    /// Who wrote it last.
    pub updated_by: Option<String>,
    /// When.
    pub updated_at: Option<String>,
    /// The problems of the record ([`AnnexFRecord::problems`]), codes and messages.
    pub problems: Vec<AnnexFProblem>,
}

/// One inconsistency of an Annex F record.
#[derive(Debug, Serialize)]
pub struct AnnexFProblem {
    /// The stable code.
    pub code: &'static str,
    /// The message in Japanese and English.
    pub message: tplc_compliance::Text,
}

fn annex_f_view(status: Option<AnnexFStatus>) -> AnnexFView {
    let (recorded, record, validity, inherited_from, updated_by, updated_at) = match status {
        Some(s) => (
            true,
            s.record,
            s.validity,
            s.inherited_from,
            Some(s.updated_by),
            Some(s.updated_at),
        ),
        None => (
            false,
            AnnexFRecord::default(),
            tplc_compliance::AnnexFValidity::NotApplied,
            None,
            None,
            None,
        ),
    };
    let problems = record
        .problems()
        .iter()
        .map(|p| AnnexFProblem {
            code: p.code(),
            message: p.message(),
        })
        .collect();
    AnnexFView {
        recorded,
        record,
        validity,
        inherited_from,
        updated_by,
        updated_at,
        problems,
    }
}

/// The Annex F (transition health software) record that applies to a version (its own, else
/// the nearest earlier version's) with its validity for this version.
#[utoipa::path(get, path = "/organizations/{org}/versions/{version}/annex-f", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path)),
    responses((status = 200, description = "the record and its validity", body = Object),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn annex_f(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
) -> Result<Json<AnnexFView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let id = ProductVersionId::new(version);
    let v = state.store.product_version(org, id).await?;
    let status = match state.store.annex_f(org, id).await? {
        Some(row) => Some(AnnexFStatus::from_row(&row, &v.version)?),
        None => None,
    };
    Ok(Json(annex_f_view(status)))
}

/// The JSON pointer of an Annex F problem.
fn annex_f_pointer(error: &AnnexFError) -> String {
    match error {
        AnnexFError::MissingRationale => "/rationale".into(),
        AnnexFError::MissingRationaleVersion => "/rationale_version".into(),
        AnnexFError::StopUseDecisionMissing => "/stop_use_advised".into(),
        AnnexFError::ActivityOutOfOrder { position, .. } => {
            format!("/activities/{}/letter", position.saturating_sub(1))
        }
        AnnexFError::ActivityWithoutEvidence { letter } => {
            let index = tplc_compliance::F2_LETTERS
                .iter()
                .position(|l| l == letter)
                .unwrap_or(0);
            format!("/activities/{index}/evidence")
        }
        _ => String::new(),
    }
}

/// Record the Annex F record of a version (editor; from now on the version's own, and what
/// later versions without their own inherit). An inconsistent record (applied without the F.3
/// rationale or the version it was documented for, an activity marked done without evidence,
/// an unacceptable residual risk without the stop-use decision) is 422 with its pointer.
#[utoipa::path(put, path = "/organizations/{org}/versions/{version}/annex-f", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path)),
    request_body(content = Object, description = "the AnnexFRecord (applied, clause4_evidence, \
        gap_analysis, activities a–f, rationale, rationale_version, transition_plan, \
        post_release_evidence, residual_risk_acceptable, stop_use_advised, stop_use_note)"),
    responses((status = 200, description = "the record and its validity", body = Object),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
        (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn put_annex_f(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    JsonBody(record): JsonBody<AnnexFRecord>,
) -> Result<Json<AnnexFView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteCompliance)?;
    let id = ProductVersionId::new(version);
    record.check().map_err(|e| {
        ApiError::invalid(e.to_string())
            .with_code(e.code())
            .at(annex_f_pointer(&e))
    })?;
    let value = serde_json::to_value(&record).map_err(|e| ApiError::internal(&e))?;
    let mut tx = state.store.begin().await?;
    let v = tx.product_version(org, id).await?;
    let before = tx.annex_f(org, id).await?;
    let row = tx
        .put_annex_f(org, id, &value, &caller.actor())
        .await
        .map_err(point_store)?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "annex_f.put",
        "annex_f_record",
        id.get(),
        before.map(|b| b.record),
        Some(value),
    ))
    .await?;
    tx.commit().await?;
    Ok(Json(annex_f_view(Some(AnnexFStatus::from_row(
        &row, &v.version,
    )?))))
}

/// Which attachment to write.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AttachmentQuery {
    /// `docx` (default) or `html`.
    pub format: Option<String>,
    /// `ja` (default) or `en`.
    pub lang: Option<String>,
    /// The catalog (default `jp-mhlw-0523`).
    pub catalog: Option<String>,
}

/// The application attachment 「(4) JIS T 81001-5-1の実施状況」 of a version as DOCX or HTML, in
/// Japanese or English: a row per clause 4–9 with the documents that show its items; with
/// Annex F applied, one merged 記載文書 cell holding the Annex F sentence.
#[utoipa::path(get, path = "/organizations/{org}/versions/{version}/attachment", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path), AttachmentQuery),
    responses((status = 200, description = "the DOCX or HTML file (attachment)", body = Vec<u8>,
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (status = 400, body = crate::ErrorBody),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn attachment(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    QueryParams(query): QueryParams<AttachmentQuery>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let lang = query_lang(query.lang.as_deref())?;
    let docx = match query.format.as_deref() {
        None | Some("docx") => true,
        Some("html") => false,
        Some(other) => {
            return Err(bad_query(
                format!("unknown format {other:?}: expected docx or html"),
                "format",
            ));
        }
    };
    let catalog = query_catalog(&state, query.catalog.as_deref())?.id.clone();
    let status = status_of(&state, org, ProductVersionId::new(version), &catalog).await?;
    let table = service::attachment_table(&status, lang)?;
    let stem = format!(
        "attachment-{}-{}-{}",
        status.product.name, status.version.label, lang
    );
    if docx {
        let bytes = service::blocking(move || Ok(tplc_attachment::to_docx(&table)?)).await?;
        Ok(download(
            bytes,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &format!("{stem}.docx"),
        ))
    } else {
        Ok(download(
            tplc_attachment::to_html(&table).into_bytes(),
            "text/html; charset=utf-8",
            &format!("{stem}.html"),
        ))
    }
}

/// Which evidence pack to write.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PackQuery {
    /// `ja` (default) or `en`.
    pub lang: Option<String>,
    /// The catalog (default `jp-mhlw-0523`).
    pub catalog: Option<String>,
}

/// The evidence pack of a version (zip): index, attachment (DOCX, HTML), the SBOM as
/// CycloneDX 1.6 and SPDX 2.3, findings with their analyses, lifecycle plan, linked documents.
#[utoipa::path(get, path = "/organizations/{org}/versions/{version}/evidence-pack",
    tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path), PackQuery),
    responses((status = 200, description = "the zip (attachment)", body = Vec<u8>,
            content_type = "application/zip"),
        (status = 400, body = crate::ErrorBody),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn evidence_pack(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    QueryParams(query): QueryParams<PackQuery>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let lang = query_lang(query.lang.as_deref())?;
    let catalog = query_catalog(&state, query.catalog.as_deref())?.id.clone();
    let status = status_of(&state, org, ProductVersionId::new(version), &catalog).await?;
    let bytes = service::evidence_pack(&state.store, &status, lang).await?;
    Ok(download(
        bytes,
        "application/zip",
        &format!(
            "evidence-pack-{}-{}-{}.zip",
            status.product.name, status.version.label, lang
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_messages_point_at_their_field() {
        let e = point_store(tplc_store::Error::Invalid("customer: empty".into()));
        assert_eq!(e.pointer.as_deref(), Some("/customer"));
        let e = point_store(tplc_store::Error::Invalid("no field here".into()));
        assert_eq!(e.pointer, None);
        let e = point_store(tplc_store::Error::NotFound { what: "version" });
        assert_eq!(e.status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn annex_f_problems_point_into_the_record() {
        assert_eq!(
            annex_f_pointer(&AnnexFError::ActivityWithoutEvidence { letter: 'c' }),
            "/activities/2/evidence"
        );
        assert_eq!(
            annex_f_pointer(&AnnexFError::MissingRationale),
            "/rationale"
        );
    }

    #[test]
    fn download_names_are_ascii_with_the_utf8_name_too() {
        let r = download(b"x".to_vec(), "text/html; charset=utf-8", "添付 1.html");
        let cd = r.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(cd.starts_with("attachment; filename=\"___1.html\""), "{cd}");
        assert!(cd.contains("filename*=UTF-8''"), "{cd}");
    }
}
