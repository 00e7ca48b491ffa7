//! Logging in and out: `POST /login` and `POST /logout` (forms, for the UI),
//! `POST|GET|DELETE /api/v1/session` (JSON).
//!
//! A login checks the rate limiter first (429 with `Retry-After`, without touching argon2),
//! verifies the password with argon2id (`verify_or_dummy` for an unknown user name, so the time
//! taken does not tell which names exist), and on success stores a fresh session (never one
//! the browser offered: no fixation) and sets the cookie. A failure is counted by the limiter
//! and appended to the audit log.

use std::time::SystemTime;

use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tplc_auth::LoginKey;
use tplc_store::{NewAuditEvent, Timestamp};
use utoipa::ToSchema;

use crate::auth::{Caller, Via, client_ip, session_cookie};
use crate::{ApiError, AppState, JsonBody};

/// Longest user name or password accepted at login, in bytes (argon2 work is bounded).
const MAX_CREDENTIAL_BYTES: usize = 1024;

/// The login form and JSON body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The login name.
    pub username: String,
    /// The password (never logged).
    #[schema(format = Password)]
    pub password: String,
}

/// The login form of the UI: credentials and where to go next.
#[derive(Deserialize)]
pub(crate) struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
    /// A CSRF field the page may carry from an earlier session: ignored at login.
    #[serde(default, rename = "csrf_token")]
    _csrf: Option<String>,
}

impl std::fmt::Debug for LoginForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginForm")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// The logged-in user and the organizations they may act in.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionInfo {
    /// The user's key.
    pub user_id: i64,
    /// The login name.
    pub username: String,
    /// The name shown.
    pub display_name: String,
    /// Whether the user may create organizations.
    pub server_admin: bool,
    /// `session` or `token`.
    pub authenticated_by: String,
    /// Each organization with the effective role there.
    pub organizations: Vec<OrgRole>,
    /// A CSRF token for state-changing requests of this session (`X-CSRF-Token` header);
    /// absent for token authentication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

/// An organization and a role in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgRole {
    /// The organization's key.
    pub organization: i64,
    /// `admin`, `editor` or `viewer`.
    pub role: String,
}

impl SessionInfo {
    pub(crate) fn of(caller: &Caller) -> Self {
        Self {
            user_id: caller.user.id.get(),
            username: caller.user.username.clone(),
            display_name: caller.user.display_name.clone(),
            server_admin: caller.server_admin,
            authenticated_by: match caller.via {
                Via::Session { .. } => "session".into(),
                Via::Token { .. } => "token".into(),
            },
            organizations: caller
                .organizations()
                .iter()
                .map(|(o, r)| OrgRole {
                    organization: o.get(),
                    role: r.as_str().into(),
                })
                .collect(),
            csrf_token: caller.csrf_token(),
        }
    }
}

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/login", post(login_form))
        .route("/logout", post(logout_form))
}

/// A successful login: the `Set-Cookie` value and the user.
struct LoggedIn {
    cookie: tplc_auth::Secret<String>,
    caller: Caller,
}

enum LoginError {
    Invalid,
    Limited(u64),
    Failed(ApiError),
}

impl From<tplc_store::Error> for LoginError {
    fn from(e: tplc_store::Error) -> Self {
        Self::Failed(e.into())
    }
}

fn lock(state: &AppState) -> std::sync::MutexGuard<'_, tplc_auth::LoginLimiter> {
    state
        .limiter
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn login(
    state: &AppState,
    ip: std::net::IpAddr,
    username: &str,
    password: &str,
) -> Result<LoggedIn, LoginError> {
    let key = LoginKey::new(username, ip);
    let now = SystemTime::now();
    lock(state)
        .check(&key, now)
        .map_err(|wait| LoginError::Limited(wait.seconds()))?;
    let oversized = username.len() > MAX_CREDENTIAL_BYTES || password.len() > MAX_CREDENTIAL_BYTES;
    let credentials = if oversized {
        None
    } else {
        match state.store.credentials(username.trim()).await {
            Ok(pair) => Some(pair),
            Err(e) if e.is_not_found() => None,
            Err(e) => return Err(e.into()),
        }
    };
    let hasher = state.hasher;
    let phc = credentials.as_ref().map(|(_, h)| h.as_str().to_owned());
    let password = if oversized {
        String::new()
    } else {
        password.to_owned()
    };
    let ok = tokio::task::spawn_blocking(move || hasher.verify_or_dummy(&password, phc.as_deref()))
        .await
        .unwrap_or(false);
    let Some((user, _)) = credentials.filter(|_| ok) else {
        lock(state).record_failure(&key, SystemTime::now());
        let shown: String = username.trim().chars().take(128).collect();
        state
            .store
            .append_audit(&NewAuditEvent {
                organization: None,
                actor: "anonymous".into(),
                action: "login.failure".into(),
                object_type: "user".into(),
                object_id: shown,
                before: None,
                after: Some(serde_json::json!({"client": ip.to_string()})),
            })
            .await?;
        return Err(LoginError::Invalid);
    };
    lock(state).record_success(&key);
    let id = tplc_auth::new_session_id().map_err(|e| LoginError::Failed(ApiError::internal(&e)))?;
    let mut tx = state.store.begin().await?;
    tx.create_session(&id.hash().to_hex(), user.id, Timestamp::now())
        .await?;
    tx.commit().await?;
    let cookie =
        tplc_auth::session_cookie(&id, state.sessions.absolute, state.config.secure_cookies);
    let roles = state
        .store
        .memberships_of(user.id)
        .await?
        .into_iter()
        .map(|m| (m.organization, crate::auth::role_of(m.role)))
        .collect();
    let server_admin = state.store.is_server_admin(user.id).await?;
    Ok(LoggedIn {
        cookie,
        caller: Caller::new(user, Via::Session { id }, server_admin, roles),
    })
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Where to go after a form login: a local path only (no `//host`, no scheme).
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/",
    }
}

async fn login_form(
    State(state): State<AppState>,
    request_extensions: axum::http::Extensions,
    Form(form): Form<LoginForm>,
) -> Response {
    let ip = client_ip(&request_extensions);
    match login(&state, ip, &form.username, &form.password).await {
        Ok(done) => with_cookie(
            Redirect::to(safe_next(form.next.as_deref())).into_response(),
            done.cookie.expose(),
        ),
        Err(LoginError::Invalid) => {
            Redirect::to("/login?error=invalid_credentials").into_response()
        }
        Err(LoginError::Limited(seconds)) => {
            let mut r = Redirect::to(&format!("/login?error=rate_limited&retry_after={seconds}"))
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
        Err(LoginError::Failed(e)) => e.into_response(),
    }
}

/// Log in.
#[utoipa::path(post, path = "/session", tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = SessionInfo),
        (status = 401, description = "Wrong user name or password", body = crate::ErrorBody),
        (status = 429, description = "Too many failed logins (see Retry-After)", body = crate::ErrorBody),
    ))]
pub(crate) async fn create_session(
    State(state): State<AppState>,
    request_extensions: axum::http::Extensions,
    JsonBody(body): JsonBody<LoginRequest>,
) -> Response {
    let ip = client_ip(&request_extensions);
    match login(&state, ip, &body.username, &body.password).await {
        Ok(done) => with_cookie(
            Json(SessionInfo::of(&done.caller)).into_response(),
            done.cookie.expose(),
        ),
        Err(LoginError::Invalid) => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "wrong user name or password",
        )
        .into_response(),
        Err(LoginError::Limited(seconds)) => ApiError::rate_limited(seconds).into_response(),
        Err(LoginError::Failed(e)) => e.into_response(),
    }
}

/// The caller: user, organizations and roles, and a CSRF token for a session.
#[utoipa::path(get, path = "/session", tag = "session",
    responses(
        (status = 200, description = "The caller", body = SessionInfo),
        (status = 401, description = "Not logged in", body = crate::ErrorBody),
    ))]
pub(crate) async fn get_session(caller: Caller) -> Json<SessionInfo> {
    Json(SessionInfo::of(&caller))
}

async fn end_session(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if let Some(id) = session_cookie(headers, &state.config) {
        let mut tx = state.store.begin().await?;
        match tx.delete_session(&id.hash().to_hex()).await {
            Ok(()) => tx.commit().await?,
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Log out (ends the session; idempotent).
#[utoipa::path(delete, path = "/session", tag = "session",
    responses((status = 204, description = "Logged out; the cookie is cleared")))]
pub(crate) async fn delete_session(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match end_session(&state, &headers).await {
        Ok(()) => with_cookie(
            StatusCode::NO_CONTENT.into_response(),
            &tplc_auth::logout_cookie(state.config.secure_cookies),
        ),
        Err(e) => e.into_response(),
    }
}

async fn logout_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match end_session(&state, &headers).await {
        Ok(()) => with_cookie(
            Redirect::to("/login").into_response(),
            &tplc_auth::logout_cookie(state.config.secure_cookies),
        ),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_local_only() {
        assert_eq!(safe_next(Some("/findings?x=1")), "/findings?x=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "\\\\x",
            "/\\evil",
            "x",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }

    proptest::proptest! {
        #[test]
        fn next_never_leaves_the_site(next in ".{0,40}") {
            let target = safe_next(Some(&next));
            proptest::prop_assert!(target.starts_with('/'));
            proptest::prop_assert!(!target.starts_with("//") && !target.contains('\\'));
        }
    }
}
