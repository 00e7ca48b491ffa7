//! The tplc server: the REST API under `/api/v1` (documented by the OpenAPI document served at
//! `/api/v1/openapi.json`, generated from the code with `utoipa`), browser sessions and API
//! tokens, roles enforced on every route, and the web UI's router, over [`tplc_store`].
//!
//! ```no_run
//! # async fn run() -> Result<(), tplc_server::ServerError> {
//! tplc_server::serve(tplc_server::ServerConfig::default()).await
//! # }
//! ```
//!
//! * [`serve`] opens the store (migrations applied), creates the first administrator when
//!   there is no account yet (its random password printed once to stderr), seeds the demo
//!   when asked, runs the background workers and serves HTTP until Ctrl-C or SIGTERM.
//! * [`app`] is the whole router over an [`AppState`], for tests and embedding. Serve it with
//!   `into_make_service_with_connect_info::<SocketAddr>()` so the login limiter sees the
//!   client's address.
//! * [`auth::Caller`] is who calls; [`auth::Caller::require`] is the authorisation check every
//!   route makes (404 outside the caller's organizations, 403 for a role that lacks the
//!   permission).
//! * Errors are [`ApiError`]s: `{"status","code","message","pointer"}`.
//! * The routes and the permission each needs are the table [`api::ROUTES`]; the
//!   authorisation-matrix test walks it with every kind of caller.
//! * Sessions are stored in the database (`tplc_store::sessions`), so several instances on one
//!   PostgreSQL database share them; the CSRF guard ([`auth`]) protects every state-changing
//!   request made with the session cookie.
//! * [`compliance`] is the regulatory-evidence service layer (conformity status and gaps, the
//!   application attachment, the evidence pack, MDS2 prefill facts, the lifecycle overview)
//!   shared by the API, the web UI and the command line; [`AppState::catalogs`] holds the
//!   requirement catalogs (built in plus [`ServerConfig::catalog_dir`]; a bad file refuses to
//!   start).
//! * The **server administrator** (the account created at first start, or by
//!   `tplc admin create`; `tplc_store` flags it) is the only one who may create organizations;
//!   everything else is authorised by the caller's role in the object's organization.
//!
//! Security: request bodies, cookies and `Authorization` headers are never logged (the trace
//! layer records method, matched route and status only); every body is size-limited (1 MiB, an
//! SBOM upload [`ServerConfig::max_upload_bytes`], a configuration diagram
//! [`ServerConfig::MAX_DIAGRAM_BYTES`], an MDS2 workbook [`ServerConfig::MAX_XLSX_BYTES`]);
//! responses carry `X-Content-Type-Options`, `X-Frame-Options` and `Referrer-Policy`, and API
//! responses `Cache-Control: no-store`.

pub mod api;
pub mod auth;
pub mod compliance;
mod config;
mod error;
mod extract;
mod formats;
mod serve;
pub mod session;
mod state;
mod ui;

pub use config::{ServerConfig, default_data_dir};
pub use error::{ApiError, ErrorBody, ServerError};
pub use extract::{JsonBody, PathParams, QueryParams};
pub use serve::{create_first_admin, serve};
pub use state::{AppState, TOKEN_CACHE_AGE};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The whole application: the UI at `/`, the API under `/api/v1`, login and logout, with the
/// CSRF guard, body limits, security headers and request tracing.
pub fn app(state: AppState) -> Router {
    let trace =
        tower_http::trace::TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .map_or("-", MatchedPath::as_str);
            tracing::info_span!("request", method = %request.method(), route = %route)
        });
    Router::new()
        .merge(session::router())
        .nest("/api/v1", api::router(&state))
        .merge(ui::router())
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf_guard,
        ))
        .layer(DefaultBodyLimit::max(ServerConfig::MAX_JSON_BYTES))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(trace)
        .with_state(state)
}

async fn security_headers(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    response
}
