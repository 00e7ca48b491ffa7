//! The scope and environment page of a product (`/products/{id}/scope`): the scope decision
//! (R1: interfaces, software, foreseeable attacks, the recorded result and its reasoning in
//! Japanese and English, beside the result the rule gives), the intended use environment and
//! minimum requirements (R2), and the system and network configuration diagrams (upload, list,
//! download, removal).
//!
//! Reading needs `read_compliance`, changing `write_compliance`; every change appends its audit
//! event in the same transaction. A diagram is sent as the raw request body by the page's upload
//! script (`assets/tplc.js`, the CSRF token in `X-CSRF-Token`), at most
//! [`ServerConfig::MAX_DIAGRAM_BYTES`](crate::ServerConfig::MAX_DIAGRAM_BYTES).

use axum::Json;
use axum::body::Body;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use tplc_auth::Permission;
use tplc_compliance::{Environment, Interface, ScopeDecision, Text, UseEnvironment};
use tplc_store::{DiagramId, NewDiagram, ProductId};

use super::compliance::download;
use super::portfolio::{parse_id, percent_decode};
use super::{Ctx, field, see_other, when};
use crate::{ApiError, AppState, ServerConfig};

type Params = Query<Vec<(String, String)>>;
type FormData = Form<Vec<(String, String)>>;

/// A decision and environment as the page shows them (stored, or submitted and refused).
struct Shown {
    decision: ScopeDecision,
    environment: Environment,
    error: Option<String>,
}

fn corrupt(what: &str, e: &serde_json::Error) -> ApiError {
    ApiError::internal(&format!("the stored {what} cannot be read: {e}"))
}

/// `GET /products/{id}/scope`: the page.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Params,
) -> Response {
    let flash = ctx.flash(field(&params, "flash"));
    scope_page(&state, &ctx, &id, flash, None).await
}

async fn scope_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    flash: Option<String>,
    shown: Option<Shown>,
) -> Response {
    let org = match ctx.require(Permission::ReadCompliance) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(product_id) = parse_id(id).map(ProductId::new) else {
        return ctx.error(&ApiError::not_found("product"));
    };
    let store = &state.store;
    let product = match store.product(org, product_id).await {
        Ok(p) => p,
        Err(e) => return ctx.error(&ApiError::from(e)),
    };
    let stored = match store.product_scope(org, product_id).await {
        Ok(s) => s,
        Err(e) => return ctx.error(&ApiError::from(e)),
    };
    let diagrams = match store.diagrams(org, product_id).await {
        Ok(d) => d,
        Err(e) => return ctx.error(&ApiError::from(e)),
    };
    let refused = shown.is_some();
    let shown = match shown {
        Some(s) => s,
        None => {
            let (decision, environment) = match &stored {
                Some(s) => {
                    let decision = match serde_json::from_value(s.decision.clone()) {
                        Ok(d) => d,
                        Err(e) => return ctx.error(&corrupt("scope decision", &e)),
                    };
                    let environment = match serde_json::from_value(s.environment.clone()) {
                        Ok(d) => d,
                        Err(e) => return ctx.error(&corrupt("environment", &e)),
                    };
                    (decision, environment)
                }
                None => (ScopeDecision::default(), Environment::default()),
            };
            Shown {
                decision,
                environment,
                error: None,
            }
        }
    };
    let interfaces: Vec<Value> = Interface::ALL
        .iter()
        .map(|i| context! { key => i.as_str(), checked => shown.decision.interfaces.contains(i) })
        .collect();
    let uses: Vec<Value> = UseEnvironment::ALL
        .iter()
        .map(|u| {
            context! {
                key => u.as_str(),
                checked => shown.environment.use_environments.contains(u),
            }
        })
        .collect();
    let rows: Vec<Value> = diagrams
        .iter()
        .map(|d| {
            context! {
                id => d.id.get(),
                file_name => d.file_name.clone(),
                media_type => d.media_type.clone(),
                size => d.size,
                uploaded_at => when(d.uploaded_at),
                uploaded_by => d.uploaded_by.clone(),
            }
        })
        .collect();
    ctx.page(
        if refused {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        "scope.html",
        "products",
        context! {
            product => context! { id => product.id.get(), name => product.name.clone() },
            recorded => stored.as_ref().map(|s| context! { updated => when(s.updated_at), by => s.updated_by.clone() }),
            decision => Value::from_serialize(&shown.decision),
            derived => shown.decision.derived_in_scope(),
            interfaces => interfaces,
            use_environments => uses,
            environment => Value::from_serialize(&shown.environment),
            diagrams => rows,
            form_error => shown.error,
            can_write => ctx.allows(Permission::WriteCompliance),
            flash => flash,
        },
    )
}

/// The decision and environment of the form, or the message of a value that is no option.
fn read_form(ctx: &Ctx, form: &[(String, String)]) -> (ScopeDecision, Environment, Option<String>) {
    let text = |name: &str| field(form, name).unwrap_or("").trim().to_owned();
    let on = |name: &str| field(form, name) == Some("on");
    let mut error = None;
    let mut interfaces = Vec::new();
    let mut uses = Vec::new();
    for (key, value) in form {
        match key.as_str() {
            "interface" => match value.parse::<Interface>() {
                Ok(i) if !interfaces.contains(&i) => interfaces.push(i),
                Ok(_) => {}
                Err(e) => error = Some(e.to_string()),
            },
            "use_environment" => match value.parse::<UseEnvironment>() {
                Ok(u) if !uses.contains(&u) => uses.push(u),
                Ok(_) => {}
                Err(e) => error = Some(e.to_string()),
            },
            _ => {}
        }
    }
    let decision = ScopeDecision {
        interfaces,
        has_software: on("has_software"),
        attack_foreseeable: on("attack_foreseeable"),
        in_scope: field(form, "in_scope") == Some("yes"),
        reasoning: Text::new(text("reasoning_ja"), text("reasoning_en")),
    };
    let environment = Environment {
        use_environments: uses,
        networks: text("networks"),
        platform: text("platform"),
        min_hardware: text("min_hardware"),
        min_network: text("min_network"),
        min_it_security: text("min_it_security"),
    };
    if error.is_none()
        && let Err(e) = decision.check()
    {
        error = Some(e.message().get(ctx.lang.compliance()).to_owned());
    }
    (decision, environment, error)
}

/// `POST /products/{id}/scope`: records the scope decision and environment (editor), with its
/// audit event; a result that contradicts the rule without reasoning shows the form again with
/// the message, nothing saved.
pub(crate) async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): FormData,
) -> Response {
    let org = match ctx.require(Permission::WriteCompliance) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(product_id) = parse_id(&id).map(ProductId::new) else {
        return ctx.error(&ApiError::not_found("product"));
    };
    let (decision, environment, error) = read_form(&ctx, &form);
    if let Some(error) = error {
        let shown = Shown {
            decision,
            environment,
            error: Some(error),
        };
        return scope_page(&state, &ctx, &id, None, Some(shown)).await;
    }
    let (Ok(decision_json), Ok(environment_json)) = (
        serde_json::to_value(&decision),
        serde_json::to_value(&environment),
    ) else {
        return ctx.error(&ApiError::internal(&"the scope cannot be written as JSON"));
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let before = tx.product_scope(org, product_id).await?;
        let actor = ctx.caller.actor();
        tx.put_product_scope(org, product_id, &decision_json, &environment_json, &actor)
            .await?;
        tx.append_audit(&ctx.audit(
            org,
            "scope.put",
            "product_scope",
            product_id.to_string(),
            before.map(
                |b| serde_json::json!({ "decision": b.decision, "environment": b.environment }),
            ),
            Some(serde_json::json!({ "decision": decision_json, "environment": environment_json })),
        ))
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(())
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("/products/{product_id}/scope?flash=scope_saved")),
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

/// The media type of an uploaded diagram: by its file name's extension, else by its first
/// bytes, else `application/octet-stream` (downloads are always attachments).
fn media_type(file_name: &str, bytes: &[u8]) -> &'static str {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" => return "image/png",
        "jpg" | "jpeg" => return "image/jpeg",
        "gif" => return "image/gif",
        "svg" => return "image/svg+xml",
        "webp" => return "image/webp",
        "pdf" => return "application/pdf",
        "vsdx" => return "application/vnd.ms-visio.drawing",
        "drawio" | "xml" => return "application/xml",
        "pptx" => {
            return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
        }
        "txt" => return "text/plain",
        _ => {}
    }
    if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        "image/jpeg"
    } else if bytes.starts_with(b"%PDF") {
        "application/pdf"
    } else {
        "application/octet-stream"
    }
}

fn json_error(status: StatusCode, code: &'static str, message: String) -> Response {
    ApiError::new(status, code, message).into_response()
}

/// `POST /products/{id}/diagrams`: stores a configuration diagram (editor). The body is the file
/// (`X-File-Name` its percent-encoded name), sent by `assets/tplc.js`; answers `201
/// {"diagram", "location"}` (the scope page) or the JSON error the page shows.
pub(crate) async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let org = match ctx.org.as_ref().map(|o| {
        ctx.caller
            .require(o.key, Permission::WriteCompliance)
            .map(|_| o.key)
    }) {
        Some(Ok(o)) => o,
        Some(Err(e)) => return e.into_response(),
        None => return ApiError::not_found("organization").into_response(),
    };
    let Some(product_id) = parse_id(&id).map(ProductId::new) else {
        return ApiError::not_found("product").into_response();
    };
    let limit = ServerConfig::MAX_DIAGRAM_BYTES;
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            ctx.t("diagram.error_too_large"),
        );
    };
    if bytes.is_empty() {
        return json_error(
            StatusCode::BAD_REQUEST,
            "empty",
            ctx.t("diagram.error_empty"),
        );
    }
    let file_name: String = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(|v| percent_decode(v).chars().take(200).collect())
        .filter(|n: &String| !n.trim().is_empty())
        .unwrap_or_else(|| "diagram".to_owned());
    let new = NewDiagram {
        media_type: media_type(&file_name, &bytes).to_owned(),
        file_name,
        caption: String::new(),
        content: bytes.to_vec(),
        uploaded_by: ctx.caller.actor(),
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let meta = tx.add_diagram(org, product_id, &new, limit).await?;
        tx.append_audit(&ctx.audit(
            org,
            "diagram.add",
            "product_diagram",
            meta.id.to_string(),
            None,
            Some(meta.audit_summary()),
        ))
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(meta)
    };
    match result.await {
        Ok(meta) => (
            StatusCode::CREATED,
            Json(serde_json::json!({
                "diagram": meta.id.get(),
                "location": format!("/products/{product_id}/scope?flash=diagram_uploaded#diagrams"),
            })),
        )
            .into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

fn diagram_ids(ctx: &Ctx, id: &str, diagram: &str) -> Result<(ProductId, DiagramId), Response> {
    match (parse_id(id), parse_id(diagram)) {
        (Some(p), Some(d)) => Ok((ProductId::new(p), DiagramId::new(d))),
        _ => Err(ctx.error(&ApiError::not_found("diagram"))),
    }
}

/// `GET /products/{id}/diagrams/{diagram}`: the diagram as uploaded, as an attachment.
pub(crate) async fn get_diagram(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, diagram)): Path<(String, String)>,
) -> Response {
    let org = match ctx.require(Permission::ReadCompliance) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let (product_id, diagram_id) = match diagram_ids(&ctx, &id, &diagram) {
        Ok(ids) => ids,
        Err(r) => return r,
    };
    match state.store.diagram(org, product_id, diagram_id).await {
        Ok((meta, bytes)) => download(bytes, &meta.media_type, &meta.file_name),
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

/// `POST /products/{id}/diagrams/{diagram}/remove`: removes a diagram (editor), with its audit
/// event.
pub(crate) async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, diagram)): Path<(String, String)>,
) -> Response {
    let org = match ctx.require(Permission::WriteCompliance) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let (product_id, diagram_id) = match diagram_ids(&ctx, &id, &diagram) {
        Ok(ids) => ids,
        Err(r) => return r,
    };
    let result = async {
        let mut tx = state.store.begin().await?;
        let meta = tx.remove_diagram(org, product_id, diagram_id).await?;
        tx.append_audit(&ctx.audit(
            org,
            "diagram.remove",
            "product_diagram",
            meta.id.to_string(),
            Some(meta.audit_summary()),
            None,
        ))
        .await?;
        tx.commit().await?;
        Ok::<_, tplc_store::Error>(())
    }
    .await;
    match result {
        Ok(()) => see_other(&format!(
            "/products/{product_id}/scope?flash=diagram_removed#diagrams"
        )),
        Err(e) => ctx.error(&ApiError::from(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_come_from_the_name_or_the_bytes() {
        assert_eq!(media_type("net.PNG", b""), "image/png");
        assert_eq!(media_type("system.pdf", b""), "application/pdf");
        assert_eq!(media_type("scan", b"%PDF-1.7"), "application/pdf");
        assert_eq!(
            media_type("page.html", b"<html>"),
            "application/octet-stream"
        );
    }
}
