//! Who is calling: the [`Caller`] extractor (session cookie or API token), the CSRF guard,
//! and helpers for the UI's forms.
//!
//! # Authentication
//!
//! A request is authenticated by **either** an `Authorization: Bearer tplc_…` header **or** the
//! session cookie; when the header is present the cookie is ignored (and a bad token is 401,
//! never a fall-back to the cookie). A token acts in its own organization only, with the lower
//! of its role and its user's current membership role there
//! ([`tplc_auth::effective_role`]); a session acts with the user's membership roles.
//!
//! # CSRF
//!
//! [`csrf_guard`] runs before every handler. A state-changing request (any method but GET,
//! HEAD, OPTIONS) without an `Authorization` header must come from the server's own origin
//! (`Origin`, else `Referer`, equal to `http(s)://<Host>`); if it carries a session cookie it
//! must also carry a CSRF token of that session, in the `X-CSRF-Token` header or, for an
//! `application/x-www-form-urlencoded` form, in the field `csrf_token` ([`csrf_field`] writes
//! it). Logging in (`POST /login`, `POST /api/v1/session`) needs only the origin check.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::SystemTime;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, OptionalFromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tplc_auth::{Permission, SessionId};
use tplc_store::{ApiToken, OrganizationId, Timestamp, User};

use crate::{ApiError, AppState, ServerConfig};

/// The form field (and header `X-CSRF-Token`) that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";
/// The header that carries the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A role as the authorisation table knows it.
pub use tplc_auth::Role;

/// A store role as an authorisation role.
pub fn role_of(role: tplc_store::Role) -> Role {
    match role {
        tplc_store::Role::Admin => Role::Admin,
        tplc_store::Role::Editor => Role::Editor,
        tplc_store::Role::Viewer => Role::Viewer,
    }
}

/// An authorisation role as a store role.
pub fn store_role(role: Role) -> tplc_store::Role {
    match role {
        Role::Admin => tplc_store::Role::Admin,
        Role::Editor => tplc_store::Role::Editor,
        Role::Viewer => tplc_store::Role::Viewer,
    }
}

/// How the caller authenticated.
#[derive(Debug, Clone)]
pub enum Via {
    /// A browser session (the id is a secret: its `Debug` is redacted).
    Session {
        /// The session id from the cookie (keys the CSRF tokens).
        id: SessionId,
    },
    /// An API token.
    Token {
        /// The stored token (no secret in it).
        token: ApiToken,
    },
}

/// The authenticated caller of a request. Extracting it answers 401 (or, for a page request
/// of a browser, a redirect to `/login`) when the request carries no valid credentials.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user.
    pub user: User,
    /// Session or token.
    pub via: Via,
    /// Whether the user may create organizations (see `tplc_store::sessions`). Always false
    /// through a token.
    pub server_admin: bool,
    /// The effective role in each organization the caller may act in.
    roles: Vec<(OrganizationId, Role)>,
}

impl Caller {
    pub(crate) fn new(
        user: User,
        via: Via,
        server_admin: bool,
        roles: Vec<(OrganizationId, Role)>,
    ) -> Self {
        Self {
            user,
            via,
            server_admin,
            roles,
        }
    }

    /// The caller's effective role in `org`, `None` when it has none there.
    pub fn role_in(&self, org: OrganizationId) -> Option<Role> {
        self.roles.iter().find(|(o, _)| *o == org).map(|(_, r)| *r)
    }

    /// The organizations the caller may act in, with the effective role, in key order.
    pub fn organizations(&self) -> &[(OrganizationId, Role)] {
        &self.roles
    }

    /// The role in `org` when it grants `permission`: else 404 (no role there: the object's
    /// existence is not revealed) or 403 (the role lacks the permission).
    ///
    /// # Errors
    /// The 404 or 403 [`ApiError`].
    pub fn require(&self, org: OrganizationId, permission: Permission) -> Result<Role, ApiError> {
        let role = self.role_in(org);
        tplc_auth::authorize(role, permission)?;
        role.ok_or_else(|| ApiError::not_found("object"))
    }

    /// The actor written into audit events: `user:alice`, or `token:ci (user:alice)`.
    pub fn actor(&self) -> String {
        match &self.via {
            Via::Session { .. } => format!("user:{}", self.user.username),
            Via::Token { token } => {
                format!("token:{} (user:{})", token.name, self.user.username)
            }
        }
    }

    /// A fresh CSRF token for a form of this session; `None` through an API token (it needs
    /// none) or when the system's randomness fails.
    pub fn csrf_token(&self) -> Option<String> {
        match &self.via {
            Via::Session { id } => tplc_auth::csrf_token(id, None).ok(),
            Via::Token { .. } => None,
        }
    }
}

/// The hidden form field carrying a CSRF token, to put in every `<form method="post">` of a
/// page: `<input type="hidden" name="csrf_token" value="…">` (empty when the caller needs none).
pub fn csrf_field(caller: &Caller) -> String {
    caller.csrf_token().map_or_else(String::new, |token| {
        format!(r#"<input type="hidden" name="{CSRF_FIELD}" value="{token}">"#)
    })
}

/// Why no [`Caller`] could be extracted.
enum Missing {
    /// No credentials, or invalid ones.
    Unauthenticated,
    /// The server failed (database).
    Failed(ApiError),
}

impl From<tplc_store::Error> for Missing {
    fn from(error: tplc_store::Error) -> Self {
        if error.is_not_found() {
            Self::Unauthenticated
        } else {
            Self::Failed(error.into())
        }
    }
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The session id of the request's cookie, if it has one of the right form.
pub(crate) fn session_cookie(headers: &HeaderMap, config: &ServerConfig) -> Option<SessionId> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| SessionId::from_cookie_header(h, config.secure_cookies))
}

fn to_system(t: Timestamp) -> SystemTime {
    SystemTime::from(t.as_offset_date_time())
}

async fn authenticate(parts: &Parts, state: &AppState) -> Result<Caller, Missing> {
    let store = &state.store;
    if let Some(authorization) = header_str(&parts.headers, header::AUTHORIZATION) {
        let hash = tplc_auth::bearer_token(authorization)
            .and_then(tplc_auth::check_token)
            .ok_or(Missing::Unauthenticated)?;
        let hex = hash.to_hex();
        let (token, user, member_role) = store
            .api_token_caller_cached(&hex, state.token_cache_age)
            .await?;
        if token.revoked_at.is_some() {
            return Err(Missing::Unauthenticated);
        }
        let membership = member_role.map(role_of);
        let roles = tplc_auth::effective_role(membership, Some(role_of(token.role)))
            .map(|r| vec![(token.organization, r)])
            .unwrap_or_default();
        let stale = token.last_used_at.is_none_or(|t| {
            to_system(t)
                .elapsed()
                .is_ok_and(|d| d >= state.touch_interval)
        });
        if stale && let Ok(mut tx) = store.begin().await {
            // Best effort: a failed write of `last_used_at` does not refuse the request.
            if tx.touch_api_token(token.id).await.is_ok() && tx.commit().await.is_ok() {
                store.forget_api_token_caller(&hex);
            }
        }
        return Ok(Caller {
            user,
            via: Via::Token { token },
            server_admin: false,
            roles,
        });
    }
    let id = session_cookie(&parts.headers, &state.config).ok_or(Missing::Unauthenticated)?;
    let hash = id.hash().to_hex();
    let stored = store.session_by_hash(&hash).await?;
    let session = tplc_auth::Session::new(id.hash(), stored.user, to_system(stored.created_at));
    let mut session = session;
    session.last_seen = to_system(stored.last_seen_at);
    let now = SystemTime::now();
    if !session.is_valid(now, &state.sessions) {
        if let Ok(mut tx) = store.begin().await
            && tx.delete_session(&hash).await.is_ok()
        {
            let _ = tx.commit().await;
        }
        return Err(Missing::Unauthenticated);
    }
    if session.needs_touch(now, state.touch_interval) {
        store.touch_session(&hash, Timestamp::now()).await?;
    }
    let user = store.user(stored.user).await?;
    let roles = store
        .memberships_of(user.id)
        .await?
        .into_iter()
        .map(|m| (m.organization, role_of(m.role)))
        .collect();
    let server_admin = store.is_server_admin(user.id).await?;
    Ok(Caller {
        user,
        via: Via::Session { id },
        server_admin,
        roles,
    })
}

/// Whether a request is a browser asking for a page (not an API call): then a missing login
/// redirects to `/login`.
fn wants_html(parts: &Parts) -> bool {
    !parts.uri.path().starts_with("/api/")
        && header_str(&parts.headers, header::ACCEPT).is_some_and(|a| a.contains("text/html"))
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match authenticate(parts, state).await {
            Ok(caller) => Ok(caller),
            Err(Missing::Failed(e)) => Err(e.into_response()),
            Err(Missing::Unauthenticated) if wants_html(parts) => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map_or("/", axum::http::uri::PathAndQuery::as_str);
                let target = format!("/login?next={}", encode_component(next));
                Err(Redirect::to(&target).into_response())
            }
            Err(Missing::Unauthenticated) => Err(ApiError::unauthenticated().into_response()),
        }
    }
}

impl OptionalFromRequestParts<AppState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Response> {
        match authenticate(parts, state).await {
            Ok(caller) => Ok(Some(caller)),
            Err(Missing::Unauthenticated) => Ok(None),
            Err(Missing::Failed(e)) => Err(e.into_response()),
        }
    }
}

/// Percent-encodes a URL component (everything but unreserved characters and `/`).
pub(crate) fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The client's address (from the connection; `0.0.0.0` when the server was started without
/// connect info).
pub(crate) fn client_ip(parts_extensions: &axum::http::Extensions) -> IpAddr {
    parts_extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
}

/// The server's own origin as the browser sees it: `http(s)://<Host>`.
fn expected_origin(headers: &HeaderMap, config: &ServerConfig) -> Option<tplc_auth::Origin> {
    let host = header_str(headers, header::HOST)?;
    let scheme = if config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}").parse().ok()
}

fn csrf_refused(message: &str) -> Response {
    ApiError::new(StatusCode::FORBIDDEN, "csrf", message).into_response()
}

/// The `csrf_token` field of an urlencoded form body (tokens are base64url: no decoding).
fn form_token(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == CSRF_FIELD).then(|| v.to_owned())
    })
}

fn is_login(method: &Method, path: &str) -> bool {
    *method == Method::POST && (path == "/login" || path == "/api/v1/session")
}

/// The CSRF guard (see the [module docs](self)): a middleware for the whole router.
pub async fn csrf_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || request.headers().contains_key(header::AUTHORIZATION)
    {
        return next.run(request).await;
    }
    let headers = request.headers();
    let Some(expected) = expected_origin(headers, &state.config) else {
        return csrf_refused("the request has no valid Host header");
    };
    if !tplc_auth::request_origin_ok(
        header_str(headers, header::ORIGIN),
        header_str(headers, header::REFERER),
        &expected,
    ) {
        return csrf_refused(
            "cross-origin request refused (Origin or Referer must be this server)",
        );
    }
    let Some(session) = session_cookie(headers, &state.config) else {
        return next.run(request).await;
    };
    if is_login(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    if let Some(token) = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if tplc_auth::verify_csrf(&session, None, token) {
            next.run(request).await
        } else {
            csrf_refused("invalid CSRF token")
        };
    }
    let is_form = header_str(headers, header::CONTENT_TYPE)
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return csrf_refused("missing CSRF token (X-CSRF-Token header)");
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ServerConfig::MAX_JSON_BYTES).await else {
        return ApiError::too_large(ServerConfig::MAX_JSON_BYTES).into_response();
    };
    match form_token(&bytes) {
        Some(token) if tplc_auth::verify_csrf(&session, None, &token) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Some(_) => csrf_refused("invalid CSRF token"),
        None => csrf_refused("missing CSRF token (form field csrf_token)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_tokens_are_found() {
        assert_eq!(
            form_token(b"a=1&csrf_token=abc-_&b=2").as_deref(),
            Some("abc-_")
        );
        assert_eq!(form_token(b"a=1&xcsrf_token=abc"), None);
        assert_eq!(form_token(&[0xff, 0xfe]), None);
    }

    #[test]
    fn components_are_encoded() {
        assert_eq!(encode_component("/a b?x=1&y"), "/a%20b%3Fx%3D1%26y");
    }

    #[test]
    fn roles_map_both_ways() {
        for r in Role::ALL {
            assert_eq!(role_of(store_role(r)), r);
        }
    }
}
