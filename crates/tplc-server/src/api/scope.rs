//! The scope decision and intended environment of a product (R1, R2), and its system and
//! network configuration diagrams (item 2(2); any format).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tplc_auth::Permission;
use tplc_compliance::{Environment, ScopeDecision, ScopeError};
use tplc_store::{DiagramId, DiagramMeta, NewDiagram, OrganizationId, ProductId};
use utoipa::{IntoParams, ToSchema};

use super::audit;
use super::compliance::{bad_query, download, point_store};
use crate::auth::Caller;
use crate::extract::body_error;
use crate::{ApiError, AppState, JsonBody, PathParams, QueryParams, ServerConfig};

/// The scope decision and environment of a product.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeRequest {
    /// The decision: interfaces (`network`, `wireless`, `usb_media`, `maintenance_only`,
    /// `cloud`), `has_software`, `attack_foreseeable`, `in_scope`, `reasoning` {ja, en}.
    #[serde(default)]
    pub decision: ScopeDecision,
    /// Use environments (`hospital`, `home`, `emergency`, `implant`, `other`), networks,
    /// platform and minimum requirements.
    #[serde(default)]
    pub environment: Environment,
}

/// The scope of a product as answered.
#[derive(Debug, Serialize)]
pub struct ScopeView {
    /// Whether a decision is recorded.
    pub recorded: bool,
    /// The decision (the empty one when none is recorded).
    pub decision: ScopeDecision,
    /// The environment.
    pub environment: Environment,
    /// What the rule derives: software AND (an interface OR foreseeable attacks) (Art. 12(3)).
    pub derived_in_scope: bool,
    /// Who wrote it last.
    pub updated_by: Option<String>,
    /// When.
    pub updated_at: Option<String>,
}

fn corrupt(what: &str, e: &serde_json::Error) -> ApiError {
    ApiError::internal(&format!("stored {what}: {e}"))
}

fn scope_view(scope: Option<tplc_store::ProductScope>) -> Result<ScopeView, ApiError> {
    let Some(scope) = scope else {
        return Ok(ScopeView {
            recorded: false,
            derived_in_scope: false,
            decision: ScopeDecision::default(),
            environment: Environment::default(),
            updated_by: None,
            updated_at: None,
        });
    };
    let decision: ScopeDecision =
        serde_json::from_value(scope.decision).map_err(|e| corrupt("scope decision", &e))?;
    let environment: Environment =
        serde_json::from_value(scope.environment).map_err(|e| corrupt("environment", &e))?;
    Ok(ScopeView {
        recorded: true,
        derived_in_scope: decision.derived_in_scope(),
        decision,
        environment,
        updated_by: Some(scope.updated_by),
        updated_at: Some(scope.updated_at.to_text()),
    })
}

/// The scope decision (R1) and intended environment (R2) of a product.
#[utoipa::path(get, path = "/organizations/{org}/products/{product}/scope", tag = "compliance",
    params(("org" = i64, Path), ("product" = i64, Path)),
    responses((status = 200, description = "the scope decision and environment", body = Object),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn get_scope(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, product)): PathParams<(i64, i64)>,
) -> Result<Json<ScopeView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let product = ProductId::new(product);
    state.store.product(org, product).await?;
    Ok(Json(scope_view(
        state.store.product_scope(org, product).await?,
    )?))
}

fn scope_pointer(error: &ScopeError) -> &'static str {
    match error {
        ScopeError::DuplicateInterface(_) => "/decision/interfaces",
        _ => "/decision/reasoning",
    }
}

/// Record the scope decision and environment of a product (editor). A recorded result that
/// contradicts the rule without reasoning is 422.
#[utoipa::path(put, path = "/organizations/{org}/products/{product}/scope", tag = "compliance",
    params(("org" = i64, Path), ("product" = i64, Path)),
    request_body(content = Object, description = "{decision, environment}"),
    responses((status = 200, description = "the scope decision and environment", body = Object),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
        (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn put_scope(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, product)): PathParams<(i64, i64)>,
    JsonBody(body): JsonBody<ScopeRequest>,
) -> Result<Json<ScopeView>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteCompliance)?;
    let product = ProductId::new(product);
    body.decision.check().map_err(|e| {
        ApiError::invalid(e.to_string())
            .with_code(e.code())
            .at(scope_pointer(&e))
    })?;
    let decision = serde_json::to_value(&body.decision).map_err(|e| ApiError::internal(&e))?;
    let environment =
        serde_json::to_value(&body.environment).map_err(|e| ApiError::internal(&e))?;
    let mut tx = state.store.begin().await?;
    let before = tx.product_scope(org, product).await?;
    let scope = tx
        .put_product_scope(org, product, &decision, &environment, &caller.actor())
        .await
        .map_err(point_store)?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "scope.put",
        "product_scope",
        product.get(),
        before.map(|b| serde_json::json!({"decision": b.decision, "environment": b.environment})),
        Some(serde_json::json!({"decision": decision, "environment": environment})),
    ))
    .await?;
    tx.commit().await?;
    Ok(Json(scope_view(Some(scope))?))
}

/// A stored configuration diagram (without its bytes).
#[derive(Debug, Serialize, ToSchema)]
pub struct DiagramView {
    /// The key.
    pub id: i64,
    /// The product.
    pub product: i64,
    /// The file name as uploaded.
    pub file_name: String,
    /// The media type.
    pub media_type: String,
    /// What it shows.
    pub caption: String,
    /// Its size in bytes.
    pub size: i64,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When.
    pub uploaded_at: String,
}

fn diagram_view(d: &DiagramMeta) -> DiagramView {
    DiagramView {
        id: d.id.get(),
        product: d.product.get(),
        file_name: d.file_name.clone(),
        media_type: d.media_type.clone(),
        caption: d.caption.clone(),
        size: d.size,
        sha256: d.sha256.clone(),
        uploaded_by: d.uploaded_by.clone(),
        uploaded_at: d.uploaded_at.to_text(),
    }
}

/// The configuration diagrams of a product, oldest first.
#[utoipa::path(get, path = "/organizations/{org}/products/{product}/diagrams", tag = "compliance",
    params(("org" = i64, Path), ("product" = i64, Path)),
    responses((status = 200, body = Vec<DiagramView>),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn diagrams(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, product)): PathParams<(i64, i64)>,
) -> Result<Json<Vec<DiagramView>>, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let list = state.store.diagrams(org, ProductId::new(product)).await?;
    Ok(Json(list.iter().map(diagram_view).collect()))
}

/// The name and caption of an uploaded diagram.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DiagramQuery {
    /// The file name (required; no directories).
    pub file_name: Option<String>,
    /// What it shows (システム構成図, network configuration).
    pub caption: Option<String>,
}

/// Upload a configuration diagram (editor): the raw bytes, the media type in `Content-Type`,
/// the file name in `?file_name=`; at most 16 MiB (413 above).
#[utoipa::path(post, path = "/organizations/{org}/products/{product}/diagrams", tag = "compliance",
    params(("org" = i64, Path), ("product" = i64, Path), DiagramQuery),
    request_body(content = Vec<u8>, description = "the diagram's bytes (any format)",
        content_type = "application/octet-stream"),
    responses((status = 201, body = DiagramView), (status = 400, body = crate::ErrorBody),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
        (status = 413, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub(crate) async fn upload_diagram(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, product)): PathParams<(i64, i64)>,
    QueryParams(query): QueryParams<DiagramQuery>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteCompliance)?;
    let product = ProductId::new(product);
    state.store.product(org, product).await?;
    let file_name = query
        .file_name
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| bad_query("file_name: required", "file_name"))?;
    let body = body.map_err(|e| body_error(&e))?;
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map_or("application/octet-stream", |v| v.trim())
        .to_owned();
    let new = NewDiagram {
        file_name,
        media_type,
        caption: query.caption.unwrap_or_default(),
        content: body.to_vec(),
        uploaded_by: caller.actor(),
    };
    let mut tx = state.store.begin().await?;
    let meta = tx
        .add_diagram(org, product, &new, ServerConfig::MAX_DIAGRAM_BYTES)
        .await
        .map_err(point_store)?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "diagram.add",
        "product_diagram",
        meta.id.get(),
        None,
        Some(meta.audit_summary()),
    ))
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(diagram_view(&meta))).into_response())
}

/// Download a configuration diagram with its media type.
#[utoipa::path(get, path = "/organizations/{org}/products/{product}/diagrams/{diagram}",
    tag = "compliance",
    params(("org" = i64, Path), ("product" = i64, Path), ("diagram" = i64, Path)),
    responses((status = 200, description = "the diagram's bytes (attachment)", body = Vec<u8>,
            content_type = "application/octet-stream"),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn diagram(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, product, diagram)): PathParams<(i64, i64, i64)>,
) -> Result<Response, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::ReadCompliance)?;
    let (meta, bytes) = state
        .store
        .diagram(org, ProductId::new(product), DiagramId::new(diagram))
        .await?;
    Ok(download(bytes, &meta.media_type, &meta.file_name))
}

/// Remove a configuration diagram (editor).
#[utoipa::path(delete, path = "/organizations/{org}/products/{product}/diagrams/{diagram}",
    tag = "compliance",
    params(("org" = i64, Path), ("product" = i64, Path), ("diagram" = i64, Path)),
    responses((status = 204, description = "removed"),
        (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub(crate) async fn remove_diagram(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((org, product, diagram)): PathParams<(i64, i64, i64)>,
) -> Result<StatusCode, ApiError> {
    let org = OrganizationId::new(org);
    caller.require(org, Permission::WriteCompliance)?;
    let mut tx = state.store.begin().await?;
    let meta = tx
        .remove_diagram(org, ProductId::new(product), DiagramId::new(diagram))
        .await?;
    tx.append_audit(&audit(
        Some(org),
        &caller,
        "diagram.remove",
        "product_diagram",
        meta.id.get(),
        Some(meta.audit_summary()),
        None,
    ))
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
