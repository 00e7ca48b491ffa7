//! SBOM documents: upload (queued for ingestion), download (original or converted), the
//! minimum-elements check, components.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tplc_auth::Permission;
use tplc_store::{
    Component, ComponentId, NewSbom, OrganizationId, ProductVersionId, SbomDocument, SbomDocumentId,
};
use utoipa::{IntoParams, ToSchema};

use super::jobs::{JobView, job_view};
use super::{audit, time};
use crate::auth::Caller;
use crate::extract::body_error;
use crate::formats;
use crate::{ApiError, AppState, PathParams, QueryParams};
use tplc_formats::TargetFormat;

/// A stored SBOM document (without its bytes).
#[derive(Debug, Serialize, ToSchema)]
pub struct SbomView {
    /// The key.
    pub id: i64,
    /// The product version it describes.
    pub product_version: i64,
    /// `cyclonedx-json`, `cyclonedx-xml`, `spdx-json` or `spdx-tag-value`.
    pub format: String,
    /// The specification version.
    pub spec_version: Option<String>,
    /// SHA-256 of the original bytes.
    pub sha256: String,
    /// Size of the original bytes.
    pub size: i64,
    /// The document's author.
    pub author: Option<String>,
    /// The document's own timestamp.
    pub timestamp: Option<String>,
    /// Who uploaded it.
    pub uploaded_by: Option<i64>,
    /// When.
    pub uploaded_at: String,
    /// `pending` (queued for ingestion), `ready` or `failed`.
    pub state: String,
    /// Why ingestion failed.
    pub error: Option<String>,
}

pub(crate) fn sbom_view(d: &SbomDocument) -> SbomView {
    SbomView {
        id: d.id.get(),
        product_version: d.product_version.get(),
        format: d.format.clone(),
        spec_version: d.spec_version.clone(),
        sha256: d.sha256.clone(),
        size: d.original_size,
        author: d.author.clone(),
        timestamp: d.timestamp.clone(),
        uploaded_by: d.uploaded_by.map(tplc_store::UserId::get),
        uploaded_at: time(d.uploaded_at),
        state: d.state.as_str().into(),
        error: d.error.clone(),
    }
}

/// The answer to an upload: the pending document and its ingestion job.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadAccepted {
    /// The document, `pending`.
    pub sbom: SbomView,
    /// The `ingest_sbom` job.
    pub job: JobView,
}

/// A component of a ready SBOM document.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComponentView {
    /// The key.
    pub id: i64,
    /// The SBOM document.
    pub sbom_document: i64,
    /// The document-local reference.
    pub bom_ref: Option<String>,
    /// The name.
    pub name: String,
    /// The version.
    pub version: Option<String>,
    /// The Package URL.
    pub purl: Option<String>,
    /// The CPE.
    pub cpe: Option<String>,
    /// The supplier.
    pub supplier: Option<String>,
    /// The identity analyses are keyed by (purl without version, or supplier+name).
    pub identity: String,
    /// Excluded from the device (CycloneDX scope `excluded`).
    pub scope_excluded: bool,
}

pub(crate) fn component_view(k: &Component) -> ComponentView {
    ComponentView {
        id: k.id.get(),
        sbom_document: k.sbom_document.get(),
        bom_ref: k.bom_ref.clone(),
        name: k.name.clone(),
        version: k.version.clone(),
        purl: k.purl.clone(),
        cpe: k.cpe.clone(),
        supplier: k.supplier.clone(),
        identity: tplc_store::identity_key(&k.identity),
        scope_excluded: k.scope_excluded,
    }
}

/// The download's format.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ContentQuery {
    /// Convert to `cyclonedx-json`, `cyclonedx-xml` or `spdx-json`; absent: the original bytes.
    pub format: Option<String>,
}

/// The check's profile.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CheckQuery {
    /// `jp-mhlw` (default), `ntia-2021` or `fda-premarket`.
    pub profile: Option<String>,
}

/// Reads an uploaded body (off the async threads: big documents) into what the store keeps.
async fn validate(
    body: Vec<u8>,
    user: tplc_store::UserId,
) -> Result<(NewSbom, tplc_model::SbomDocument), ApiError> {
    tokio::task::spawn_blocking(move || tplc_jobs::new_sbom(body, Some(user)))
        .await
        .map_err(|e| ApiError::internal(&e))?
        .map_err(|e| formats::error(&e))
}

/// Validates an uploaded SBOM and, in one transaction, stores it `pending`, enqueues its
/// `ingest_sbom` job and appends the `sbom.upload` audit event. For the API and the UI; the
/// caller must have checked [`Permission::UploadSbom`].
///
/// # Errors
/// The upload's 4xx ([`formats::error`]), 404 for another organization's version, or a
/// store failure.
pub(crate) async fn accept_upload(
    state: &AppState,
    caller: &Caller,
    org: OrganizationId,
    version: ProductVersionId,
    body: Vec<u8>,
) -> Result<(SbomDocument, tplc_store::Job), ApiError> {
    let (new, doc) = validate(body, caller.user.id).await?;
    let mut tx = state.store.begin().await?;
    let sbom = tx.create_sbom(org, version, &new).await?;
    let job = tx.enqueue_job(&tplc_jobs::ingest_job(org, sbom.id)).await?;
    tx.append_audit(&audit(
        Some(org),
        caller,
        "sbom.upload",
        "sbom_document",
        sbom.id.get(),
        None,
        Some(serde_json::json!({
            "product_version": version.get(), "format": sbom.format, "sha256": sbom.sha256,
            "size": sbom.original_size, "components": doc.components.len(), "job": job.id.get(),
        })),
    ))
    .await?;
    tx.commit().await?;
    Ok((sbom, job))
}

/// Upload an SBOM (editor): the raw bytes of a CycloneDX (JSON, XML) or SPDX (JSON,
/// tag-value) document. It is validated at once, stored `pending` and queued for ingestion;
/// the components and findings appear when the job is done.
#[utoipa::path(post, path = "/organizations/{org}/versions/{version}/sboms", tag = "sboms",
    params(("org" = i64, Path), ("version" = i64, Path)),
    request_body(content = Vec<u8>, description = "the SBOM document's bytes",
        content_type = "application/octet-stream"),
    responses((status = 202, body = UploadAccepted),
        (status = 400, description = "unknown format, DTD, bad encoding", body = crate::ErrorBody),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
        (status = 413, body = crate::ErrorBody),
        (status = 422, description = "invalid document; the message names the place", body = crate::ErrorBody)))]
pub(crate) async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::UploadSbom)?;
    let version = ProductVersionId::new(version);
    // Answer 404 for another organization's version before reading a large body.
    state.store.product_version(org, version).await?;
    let body = body.map_err(|e| body_error(&e))?;
    let (sbom, job) = accept_upload(&state, &caller, org, version, body.to_vec()).await?;
    let mut response = (
        StatusCode::ACCEPTED,
        Json(UploadAccepted {
            sbom: sbom_view(&sbom),
            job: job_view(&job),
        }),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "/api/v1/organizations/{}/jobs/{}",
        org.get(),
        job.id.get()
    )) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    Ok(response)
}

/// The ready SBOM documents of a product version, oldest first.
#[utoipa::path(get, path = "/organizations/{org}/versions/{version}/sboms", tag = "sboms",
    params(("org" = i64, Path), ("version" = i64, Path)),
    responses((status = 200, body = Vec<SbomView>), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
) -> Result<Json<Vec<SbomView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadProducts)?;
    let version = ProductVersionId::new(version);
    state.store.product_version(org, version).await?;
    let list = state.store.sbom_documents(org, version).await?;
    Ok(Json(list.iter().map(sbom_view).collect()))
}

/// An SBOM document in any state (to follow its ingestion).
#[utoipa::path(get, path = "/organizations/{org}/sboms/{sbom}", tag = "sboms",
    params(("org" = i64, Path), ("sbom" = i64, Path)),
    responses((status = 200, body = SbomView), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, sbom)): PathParams<(i64, i64)>,
) -> Result<Json<SbomView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadProducts)?;
    let d = state
        .store
        .sbom_document_status(org, SbomDocumentId::new(sbom))
        .await?;
    Ok(Json(sbom_view(&d)))
}

async fn read_document(
    state: &AppState,
    org: OrganizationId,
    id: SbomDocumentId,
) -> Result<tplc_model::SbomDocument, ApiError> {
    state.store.sbom_document(org, id).await?;
    let bytes = state.store.sbom_original(org, id).await?;
    formats::read_stored(bytes).await
}

/// Download a ready SBOM document: the original bytes, or converted with `?format=`.
#[utoipa::path(get, path = "/organizations/{org}/sboms/{sbom}/content", tag = "sboms",
    params(("org" = i64, Path), ("sbom" = i64, Path), ContentQuery),
    responses((status = 200, description = "the document", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn content(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, sbom)): PathParams<(i64, i64)>,
    QueryParams(query): QueryParams<ContentQuery>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::DownloadSbom)?;
    let id = SbomDocumentId::new(sbom);
    let target = match query.format.as_deref() {
        None => None,
        Some(name) => Some(TargetFormat::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = TargetFormat::ALL.iter().map(|t| t.as_str()).collect();
            ApiError::bad_request(format!(
                "unknown format {name:?}: expected one of {}",
                names.join(", ")
            ))
            .with_code("bad_query")
            .at("format")
        })?),
    };
    let (media, ext, bytes, omissions) = match target {
        None => {
            let meta = state.store.sbom_document(org, id).await?;
            let bytes = state.store.sbom_original(org, id).await?;
            let (media, ext) = formats::original_media(&meta.format);
            (media, ext, bytes, 0)
        }
        Some(target) => {
            let doc = read_document(&state, org, id).await?;
            let written = tplc_formats::write(&doc, target);
            (
                target.media_type(),
                target.extension(),
                written.bytes,
                written.omissions.len(),
            )
        }
    };
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"sbom-{sbom}.{ext}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&omissions.to_string()) {
        headers.insert("x-tplc-omissions", v);
    }
    Ok(response)
}

/// The minimum-elements check of a ready SBOM document (profile `jp-mhlw` by default).
#[utoipa::path(get, path = "/organizations/{org}/sboms/{sbom}/check", tag = "sboms",
    params(("org" = i64, Path), ("sbom" = i64, Path), CheckQuery),
    responses((status = 200, description = "the check report (tplc-sbom CheckReport)", body = Object),
        (status = 400, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn check(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, sbom)): PathParams<(i64, i64)>,
    QueryParams(query): QueryParams<CheckQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadProducts)?;
    let id = query.profile.as_deref().unwrap_or("jp-mhlw");
    let profile = tplc_sbom::Profile::built_in(id).map_err(|e| {
        ApiError::bad_request(format!(
            "{e}; built-in profiles: {}",
            tplc_sbom::Profile::built_in_ids()
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_code("bad_query")
        .at("profile")
    })?;
    let doc = read_document(&state, org, SbomDocumentId::new(sbom)).await?;
    let report = tplc_sbom::check(&doc, &profile);
    serde_json::to_value(&report)
        .map(Json)
        .map_err(|e| ApiError::internal(&e))
}

/// The components of a ready SBOM document, in document order.
#[utoipa::path(get, path = "/organizations/{org}/sboms/{sbom}/components", tag = "sboms",
    params(("org" = i64, Path), ("sbom" = i64, Path)),
    responses((status = 200, body = Vec<ComponentView>), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn components(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, sbom)): PathParams<(i64, i64)>,
) -> Result<Json<Vec<ComponentView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadProducts)?;
    let list = state
        .store
        .components(org, SbomDocumentId::new(sbom))
        .await?;
    Ok(Json(list.iter().map(component_view).collect()))
}

/// One component.
#[utoipa::path(get, path = "/organizations/{org}/components/{component}", tag = "sboms",
    params(("org" = i64, Path), ("component" = i64, Path)),
    responses((status = 200, body = ComponentView), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn component(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, component)): PathParams<(i64, i64)>,
) -> Result<Json<ComponentView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadProducts)?;
    let k = state
        .store
        .component(org, ComponentId::new(component))
        .await?;
    Ok(Json(component_view(&k)))
}
