//! The MDS2 form (ANSI/NEMA HN 1-2019) of a version: the stored answers, or a document
//! prefilled from what tplc knows; XLSX export and import.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use tplc_auth::Permission;
use tplc_mds2::{Mds2Document, Mds2Error, Mds2Form, prefill_detailed, read_xlsx, write_xlsx};
use tplc_store::{OrganizationId, ProductVersionId};
use utoipa::IntoParams;

use super::audit;
use super::compliance::{download, point_store, query_lang};
use crate::auth::Caller;
use crate::compliance::{self as service};
use crate::extract::body_error;
use crate::{ApiError, AppState, JsonBody, PathParams, QueryParams};

/// The media type of an XLSX workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The MDS2 document of a version as answered.
#[derive(Debug, Serialize)]
pub struct Mds2View {
    /// The form (`hn-1-2019`).
    pub form: String,
    /// Whether the document is stored (else it is prefilled and not saved yet).
    pub stored: bool,
    /// The document: header fields and answers by question id.
    pub document: Mds2Document,
    /// The question ids answered by the prefill (empty for a stored document).
    pub prefilled: Vec<String>,
    /// Who wrote it last.
    pub updated_by: Option<String>,
    /// When.
    pub updated_at: Option<String>,
}

/// Which language the prefill writes its notes in.
#[derive(Debug, serde::Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Mds2Query {
    /// `ja` (default) or `en`.
    pub lang: Option<String>,
}

/// The stored document of a version, else the prefilled one.
async fn current(
    state: &AppState,
    org: OrganizationId,
    version: ProductVersionId,
    lang: Option<&str>,
) -> Result<Mds2View, ApiError> {
    let form = Mds2Form::hn_1_2019();
    let lang = query_lang(lang)?;
    if let Some(row) = state.store.mds2(org, version).await? {
        let document: Mds2Document = serde_json::from_value(row.document)
            .map_err(|e| ApiError::internal(&format!("stored MDS2 document: {e}")))?;
        return Ok(Mds2View {
            form: row.form_id,
            stored: true,
            document,
            prefilled: Vec::new(),
            updated_by: Some(row.updated_by),
            updated_at: Some(row.updated_at.to_text()),
        });
    }
    let facts =
        service::mds2_facts(&state.store, org, version, Some(&state.vulndb_dir), lang).await?;
    let prefilled = prefill_detailed(form, &facts);
    Ok(Mds2View {
        form: form.id().to_owned(),
        stored: false,
        document: prefilled.document,
        prefilled: prefilled.prefilled,
        updated_by: None,
        updated_at: None,
    })
}

/// The JSON pointer of a document problem.
fn pointer(error: &Mds2Error) -> String {
    let escape = |id: &str| id.replace('~', "~0").replace('/', "~1");
    match error {
        Mds2Error::UnknownQuestion { id, .. } => format!("/answers/{}", escape(id)),
        Mds2Error::InvalidAnswer { id, .. } => format!("/answers/{}/answer", escape(id)),
        Mds2Error::InvalidNote { id, .. } => format!("/answers/{}/note", escape(id)),
        Mds2Error::InvalidMeta { field, .. } => format!("/meta/{field}"),
        _ => String::new(),
    }
}

/// Stores `document` for the version and appends the audit event (`action`).
async fn save(
    state: &AppState,
    caller: &Caller,
    org: OrganizationId,
    version: ProductVersionId,
    document: &Mds2Document,
    action: &str,
) -> Result<Mds2View, ApiError> {
    let form = Mds2Form::hn_1_2019();
    let value = serde_json::to_value(document).map_err(|e| ApiError::internal(&e))?;
    let mut tx = state.store.begin().await?;
    let before = tx.mds2(org, version).await?;
    let row = tx
        .put_mds2(org, version, form.id(), &value, &caller.actor())
        .await
        .map_err(point_store)?;
    tx.append_audit(&audit(
        Some(org),
        caller,
        action,
        "mds2_document",
        version.get(),
        before.map(|b| b.document),
        Some(value),
    ))
    .await?;
    tx.commit().await?;
    Ok(Mds2View {
        form: row.form_id,
        stored: true,
        document: document.clone(),
        prefilled: Vec::new(),
        updated_by: Some(row.updated_by),
        updated_at: Some(row.updated_at.to_text()),
    })
}

/// The MDS2 document of a version: the stored one, else one prefilled from what tplc knows
/// (product, SBOM, vulnerability procedure, scope), with the ids it prefilled.
#[utoipa::path(get, path = "/organizations/{org}/versions/{version}/mds2", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path), Mds2Query),
    responses((status = 200, description = "the document", body = Object),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    QueryParams(query): QueryParams<Mds2Query>,
) -> Result<Json<Mds2View>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let version = ProductVersionId::new(version);
    Ok(Json(
        current(&state, org, version, query.lang.as_deref()).await?,
    ))
}

/// Store the MDS2 document of a version (editor): `{meta, answers}`; an unknown question id or
/// an answer that does not fit its question is 422 with its pointer.
#[utoipa::path(put, path = "/organizations/{org}/versions/{version}/mds2", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path)),
    request_body(content = Object, description = "the Mds2Document: {meta, answers}"),
    responses((status = 200, description = "the stored document", body = Object),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
        (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn put(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    JsonBody(document): JsonBody<Mds2Document>,
) -> Result<Json<Mds2View>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteCompliance)?;
    let version = ProductVersionId::new(version);
    let document = document.normalized();
    document.check(Mds2Form::hn_1_2019()).map_err(|e| {
        ApiError::invalid(e.to_string())
            .with_code("invalid_mds2")
            .at(pointer(&e))
    })?;
    Ok(Json(
        save(&state, &caller, org, version, &document, "mds2.put").await?,
    ))
}

/// The MDS2 document of a version (stored, else prefilled) as an XLSX workbook laid out like
/// the published form.
#[utoipa::path(get, path = "/organizations/{org}/versions/{version}/mds2.xlsx", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path), Mds2Query),
    responses((status = 200, description = "the workbook (attachment)", body = Vec<u8>,
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn xlsx(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version_key)): PathParams<(i64, i64)>,
    QueryParams(query): QueryParams<Mds2Query>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let version = ProductVersionId::new(version_key);
    let view = current(&state, org, version, query.lang.as_deref()).await?;
    let v = state.store.product_version(org, version).await?;
    let product = state.store.product(org, v.product).await?;
    let document = view.document;
    let bytes = service::blocking(move || {
        write_xlsx(Mds2Form::hn_1_2019(), &document)
            .map_err(|e| service::ComplianceError::Task(e.to_string()))
    })
    .await?;
    Ok(download(
        bytes,
        XLSX,
        &format!("mds2-{}-{}.xlsx", product.name, v.version),
    ))
}

/// Import an MDS2 workbook as the version's document (editor): the raw bytes, at most 8 MiB.
/// A workbook of another layout, an unknown question id or an answer that is not a choice is
/// 422 naming the sheet and cell (`sheet 'Sheet1'!C14: …`); nothing is saved then.
#[utoipa::path(post, path = "/organizations/{org}/versions/{version}/mds2.xlsx", tag = "compliance",
    params(("org" = i64, Path), ("version" = i64, Path)),
    request_body(content = Vec<u8>, description = "the XLSX workbook",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, description = "the stored document", body = Object),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
        (status = 413, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn import(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, version)): PathParams<(i64, i64)>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Mds2View>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteCompliance)?;
    let version = ProductVersionId::new(version);
    state.store.product_version(org, version).await?;
    let body = body.map_err(|e| body_error(&e))?;
    let bytes = body.to_vec();
    let read = tokio::task::spawn_blocking(move || read_xlsx(Mds2Form::hn_1_2019(), &bytes))
        .await
        .map_err(|e| ApiError::internal(&e))?;
    let document = read.map_err(|e| {
        let place = match &e {
            Mds2Error::Cell { sheet, cell, .. } => format!("{sheet}!{cell}"),
            Mds2Error::NoTable { sheet, .. } => format!("{sheet}!A1"),
            _ => String::new(),
        };
        ApiError::invalid(e.to_string())
            .with_code("invalid_workbook")
            .at(place)
    })?;
    Ok(Json(
        save(&state, &caller, org, version, &document, "mds2.import").await?,
    ))
}
