//! The REST API under `/api/v1`: JSON in and out, every route authorised with
//! [`Caller::require`](crate::auth::Caller::require) against the permission of
//! [`ROUTES`], documented by [`openapi`].

pub mod compliance;
pub mod findings;
pub mod jobs;
pub mod lifecycle;
pub mod mds2;
pub mod orgs;
pub mod products;
pub mod sboms;
pub mod scope;

use axum::Json;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use tplc_store::{NewAuditEvent, OrganizationId, Timestamp};
use utoipa::OpenApi;

use crate::auth::Caller;
use crate::{ApiError, AppState, ServerConfig, session};

/// Every route of the API: method, path (relative to `/api/v1`) and the permission it needs
/// (`authenticated`: any logged-in caller; `public`: none; `server_admin`: the server
/// administrator). The authorisation-matrix test walks this table, and checks that it and the
/// OpenAPI document list the same routes.
pub const ROUTES: &[(&str, &str, &str)] = &[
    ("GET", "/openapi.json", "public"),
    ("POST", "/session", "public"),
    ("GET", "/session", "authenticated"),
    ("DELETE", "/session", "public"),
    ("GET", "/organizations", "authenticated"),
    ("POST", "/organizations", "server_admin"),
    ("GET", "/organizations/{org}", "read_organization"),
    ("GET", "/organizations/{org}/members", "manage_members"),
    ("POST", "/organizations/{org}/members", "manage_members"),
    (
        "PATCH",
        "/organizations/{org}/members/{user}",
        "manage_members",
    ),
    (
        "DELETE",
        "/organizations/{org}/members/{user}",
        "manage_members",
    ),
    ("GET", "/organizations/{org}/tokens", "manage_tokens"),
    ("POST", "/organizations/{org}/tokens", "manage_tokens"),
    (
        "DELETE",
        "/organizations/{org}/tokens/{token}",
        "manage_tokens",
    ),
    ("GET", "/organizations/{org}/products", "read_products"),
    ("POST", "/organizations/{org}/products", "write_products"),
    (
        "GET",
        "/organizations/{org}/products/{product}",
        "read_products",
    ),
    (
        "PUT",
        "/organizations/{org}/products/{product}",
        "write_products",
    ),
    (
        "GET",
        "/organizations/{org}/products/{product}/versions",
        "read_products",
    ),
    (
        "POST",
        "/organizations/{org}/products/{product}/versions",
        "write_products",
    ),
    (
        "GET",
        "/organizations/{org}/versions/{version}",
        "read_products",
    ),
    (
        "PUT",
        "/organizations/{org}/versions/{version}",
        "write_products",
    ),
    (
        "GET",
        "/organizations/{org}/versions/{version}/sboms",
        "read_products",
    ),
    (
        "POST",
        "/organizations/{org}/versions/{version}/sboms",
        "upload_sbom",
    ),
    ("GET", "/organizations/{org}/sboms/{sbom}", "read_products"),
    (
        "GET",
        "/organizations/{org}/sboms/{sbom}/content",
        "download_sbom",
    ),
    (
        "GET",
        "/organizations/{org}/sboms/{sbom}/check",
        "read_products",
    ),
    (
        "GET",
        "/organizations/{org}/sboms/{sbom}/components",
        "read_products",
    ),
    (
        "GET",
        "/organizations/{org}/components/{component}",
        "read_products",
    ),
    ("GET", "/organizations/{org}/findings", "read_findings"),
    (
        "GET",
        "/organizations/{org}/findings/{finding}",
        "read_findings",
    ),
    (
        "GET",
        "/organizations/{org}/findings/{finding}/analyses",
        "read_findings",
    ),
    (
        "POST",
        "/organizations/{org}/findings/{finding}/analyses",
        "write_analysis",
    ),
    (
        "GET",
        "/organizations/{org}/advisories/{id}",
        "read_advisories",
    ),
    ("GET", "/organizations/{org}/jobs", "read_jobs"),
    ("POST", "/organizations/{org}/jobs/rematch", "manage_jobs"),
    ("GET", "/organizations/{org}/jobs/{job}", "read_jobs"),
    ("GET", "/organizations/{org}/audit-events", "read_audit_log"),
    ("GET", "/catalogs", "authenticated"),
    ("GET", "/catalogs/{catalog}", "authenticated"),
    (
        "GET",
        "/organizations/{org}/versions/{version}/compliance/{catalog}",
        "read_compliance",
    ),
    (
        "GET",
        "/organizations/{org}/versions/{version}/evidence",
        "read_compliance",
    ),
    (
        "POST",
        "/organizations/{org}/versions/{version}/evidence",
        "write_compliance",
    ),
    (
        "PUT",
        "/organizations/{org}/versions/{version}/evidence/{link}",
        "write_compliance",
    ),
    (
        "DELETE",
        "/organizations/{org}/versions/{version}/evidence/{link}",
        "write_compliance",
    ),
    (
        "GET",
        "/organizations/{org}/versions/{version}/annex-f",
        "read_compliance",
    ),
    (
        "PUT",
        "/organizations/{org}/versions/{version}/annex-f",
        "write_compliance",
    ),
    (
        "GET",
        "/organizations/{org}/versions/{version}/attachment",
        "read_compliance",
    ),
    (
        "GET",
        "/organizations/{org}/versions/{version}/evidence-pack",
        "read_compliance",
    ),
    (
        "GET",
        "/organizations/{org}/products/{product}/scope",
        "read_compliance",
    ),
    (
        "PUT",
        "/organizations/{org}/products/{product}/scope",
        "write_compliance",
    ),
    (
        "GET",
        "/organizations/{org}/products/{product}/diagrams",
        "read_compliance",
    ),
    (
        "POST",
        "/organizations/{org}/products/{product}/diagrams",
        "write_compliance",
    ),
    (
        "GET",
        "/organizations/{org}/products/{product}/diagrams/{diagram}",
        "read_compliance",
    ),
    (
        "DELETE",
        "/organizations/{org}/products/{product}/diagrams/{diagram}",
        "write_compliance",
    ),
    (
        "GET",
        "/organizations/{org}/versions/{version}/disclosures",
        "read_compliance",
    ),
    (
        "POST",
        "/organizations/{org}/versions/{version}/disclosures",
        "write_compliance",
    ),
    ("GET", "/organizations/{org}/lifecycle", "read_compliance"),
    (
        "GET",
        "/organizations/{org}/versions/{version}/mds2",
        "read_compliance",
    ),
    (
        "PUT",
        "/organizations/{org}/versions/{version}/mds2",
        "write_compliance",
    ),
    (
        "GET",
        "/organizations/{org}/versions/{version}/mds2.xlsx",
        "read_compliance",
    ),
    (
        "POST",
        "/organizations/{org}/versions/{version}/mds2.xlsx",
        "write_compliance",
    ),
];

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(title = "tplc", description = "tplc REST API: organizations, products, versions, SBOMs, \
        findings, analyses, advisories, jobs, audit events, regulatory evidence. Authenticate with the session cookie \
        (POST /session; send X-CSRF-Token on changes) or Authorization: Bearer tplc_…"),
    servers((url = "/api/v1")),
    paths(
        openapi_json,
        session::create_session, session::get_session, session::delete_session,
        orgs::list, orgs::create, orgs::get, orgs::members, orgs::add_member, orgs::change_role,
        orgs::remove_member, orgs::tokens, orgs::create_token, orgs::revoke_token,
        products::list, products::create, products::get, products::update, products::versions,
        products::create_version, products::get_version, products::update_version,
        sboms::upload, sboms::list, sboms::get, sboms::content, sboms::check, sboms::components,
        sboms::component,
        findings::list, findings::get, findings::history, findings::record, findings::advisory,
        jobs::list, jobs::get, jobs::rematch, jobs::audit_events,
        compliance::catalogs, compliance::catalog, compliance::status, compliance::evidence,
        compliance::add_evidence, compliance::update_evidence, compliance::remove_evidence,
        compliance::annex_f, compliance::put_annex_f, compliance::attachment,
        compliance::evidence_pack,
        scope::get_scope, scope::put_scope, scope::diagrams, scope::upload_diagram,
        scope::diagram, scope::remove_diagram,
        lifecycle::disclosures, lifecycle::add_disclosure, lifecycle::overview,
        mds2::get, mds2::put, mds2::xlsx, mds2::import,
    ),
    components(schemas(crate::ErrorBody)),
    modifiers(&Security),
    security(("bearer" = []), ("session" = [])),
    tags(
        (name = "session", description = "logging in and out"),
        (name = "organizations", description = "organizations, members, API tokens"),
        (name = "products", description = "products (device models) and versions"),
        (name = "sboms", description = "SBOM documents and components"),
        (name = "findings", description = "findings, analyses, advisories"),
        (name = "jobs", description = "background jobs"),
        (name = "audit", description = "the tamper-evident audit log"),
        (name = "compliance", description = "regulatory evidence: requirement catalogs, \
            conformity status and gaps, evidence links, Annex F, scope and diagrams, lifecycle \
            disclosures and milestones, the application attachment, the evidence pack, MDS2"),
    ),
)]
pub struct ApiDoc;

/// Declares the two ways to authenticate.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("tplc_…")
                    .description(Some("an API token of one organization and role"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "tplc_session",
                "the session cookie of POST /session (__Host-tplc_session over TLS); \
                 changes need the X-CSRF-Token header",
            ))),
        );
    }
}

/// The OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// This OpenAPI document.
#[utoipa::path(get, path = "/openapi.json", tag = "session",
    responses((status = 200, description = "the OpenAPI 3.1 document", body = Object)))]
pub(crate) async fn openapi_json() -> Response {
    Json(openapi()).into_response()
}

/// The answer to a request no route matches.
pub(crate) async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no_route", "no such route")
}

/// A time as the API writes it (RFC 3339 UTC with microseconds).
pub(crate) fn time(t: Timestamp) -> String {
    t.to_text()
}

/// The value of a text enum named `value` among `all`, else 422 naming the accepted values.
pub(crate) fn pick<T: Copy>(
    all: &[T],
    name: impl Fn(T) -> &'static str,
    value: &str,
    pointer: &str,
) -> Result<T, ApiError> {
    all.iter()
        .copied()
        .find(|v| name(*v) == value)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| name(*v)).collect();
            ApiError::invalid(format!(
                "unknown value {value:?}: expected one of {}",
                names.join(", ")
            ))
            .at(pointer)
        })
}

/// An audit event by the caller.
pub(crate) fn audit(
    org: Option<OrganizationId>,
    caller: &Caller,
    action: &str,
    object_type: &str,
    object_id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> NewAuditEvent {
    NewAuditEvent {
        organization: org,
        actor: caller.actor(),
        action: action.into(),
        object_type: object_type.into(),
        object_id: object_id.to_string(),
        before,
        after,
    }
}

pub(crate) fn router(state: &AppState) -> Router<AppState> {
    let upload_limit = state.config.upload_limit();
    let o = "/organizations/{org}";
    let v = format!("{o}/versions/{{version}}");
    let p = format!("{o}/products/{{product}}");
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route(
            "/session",
            get(session::get_session)
                .post(session::create_session)
                .delete(session::delete_session),
        )
        .route("/organizations", get(orgs::list).post(orgs::create))
        .route(o, get(orgs::get))
        .route(
            &format!("{o}/members"),
            get(orgs::members).post(orgs::add_member),
        )
        .route(
            &format!("{o}/members/{{user}}"),
            patch(orgs::change_role).delete(orgs::remove_member),
        )
        .route(
            &format!("{o}/tokens"),
            get(orgs::tokens).post(orgs::create_token),
        )
        .route(
            &format!("{o}/tokens/{{token}}"),
            axum::routing::delete(orgs::revoke_token),
        )
        .route(
            &format!("{o}/products"),
            get(products::list).post(products::create),
        )
        .route(
            &format!("{o}/products/{{product}}"),
            get(products::get).put(products::update),
        )
        .route(
            &format!("{o}/products/{{product}}/versions"),
            get(products::versions).post(products::create_version),
        )
        .route(
            &format!("{o}/versions/{{version}}"),
            get(products::get_version).put(products::update_version),
        )
        .route(
            &format!("{o}/versions/{{version}}/sboms"),
            get(sboms::list)
                .post(sboms::upload)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(&format!("{o}/sboms/{{sbom}}"), get(sboms::get))
        .route(&format!("{o}/sboms/{{sbom}}/content"), get(sboms::content))
        .route(&format!("{o}/sboms/{{sbom}}/check"), get(sboms::check))
        .route(
            &format!("{o}/sboms/{{sbom}}/components"),
            get(sboms::components),
        )
        .route(
            &format!("{o}/components/{{component}}"),
            get(sboms::component),
        )
        .route(&format!("{o}/findings"), get(findings::list))
        .route(&format!("{o}/findings/{{finding}}"), get(findings::get))
        .route(
            &format!("{o}/findings/{{finding}}/analyses"),
            get(findings::history).post(findings::record),
        )
        .route(&format!("{o}/advisories/{{id}}"), get(findings::advisory))
        .route(&format!("{o}/jobs"), get(jobs::list))
        .route(&format!("{o}/jobs/rematch"), post(jobs::rematch))
        .route(&format!("{o}/jobs/{{job}}"), get(jobs::get))
        .route(&format!("{o}/audit-events"), get(jobs::audit_events))
        .route("/catalogs", get(compliance::catalogs))
        .route("/catalogs/{catalog}", get(compliance::catalog))
        .route(
            &format!("{v}/compliance/{{catalog}}"),
            get(compliance::status),
        )
        .route(
            &format!("{v}/evidence"),
            get(compliance::evidence).post(compliance::add_evidence),
        )
        .route(
            &format!("{v}/evidence/{{link}}"),
            put(compliance::update_evidence).delete(compliance::remove_evidence),
        )
        .route(
            &format!("{v}/annex-f"),
            get(compliance::annex_f).put(compliance::put_annex_f),
        )
        .route(&format!("{v}/attachment"), get(compliance::attachment))
        .route(
            &format!("{v}/evidence-pack"),
            get(compliance::evidence_pack),
        )
        .route(
            &format!("{p}/scope"),
            get(scope::get_scope).put(scope::put_scope),
        )
        .route(
            &format!("{p}/diagrams"),
            get(scope::diagrams)
                .post(scope::upload_diagram)
                .layer(DefaultBodyLimit::max(ServerConfig::MAX_DIAGRAM_BYTES)),
        )
        .route(
            &format!("{p}/diagrams/{{diagram}}"),
            get(scope::diagram).delete(scope::remove_diagram),
        )
        .route(
            &format!("{v}/disclosures"),
            get(lifecycle::disclosures).post(lifecycle::add_disclosure),
        )
        .route(&format!("{o}/lifecycle"), get(lifecycle::overview))
        .route(&format!("{v}/mds2"), get(mds2::get).put(mds2::put))
        .route(
            &format!("{v}/mds2.xlsx"),
            get(mds2::xlsx)
                .post(mds2::import)
                .layer(DefaultBodyLimit::max(ServerConfig::MAX_XLSX_BYTES)),
        )
        .fallback(not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_route_table_and_the_openapi_document_agree() {
        let doc = openapi();
        let mut documented = Vec::new();
        for (path, item) in &doc.paths.paths {
            for (method, op) in [
                ("GET", &item.get),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
            ] {
                if op.is_some() {
                    documented.push((method.to_owned(), path.clone()));
                }
            }
        }
        documented.sort();
        let mut table: Vec<(String, String)> = ROUTES
            .iter()
            .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
            .collect();
        table.sort();
        assert_eq!(documented, table);
    }
}
