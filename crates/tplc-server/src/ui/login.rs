//! The login page, and the language and organization switches.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::context;

use super::i18n::{Catalog, LANG_COOKIE, Lang};
use super::{ORG_COOKIE, field, render, safe_local, see_other};
use crate::AppState;
use crate::auth::Caller;

type Params = Query<Vec<(String, String)>>;

/// `GET /login[?next=…&error=invalid_credentials|rate_limited&retry_after=N]`: the login form
/// (it posts to `POST /login`, which redirects back here with the error on failure). A caller
/// already logged in goes on to `next`.
pub(crate) async fn page(
    State(_state): State<AppState>,
    caller: Option<Caller>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let next = safe_local(field(&params, "next"));
    if caller.is_some() {
        return see_other(next);
    }
    let lang = Lang::of_request(&headers);
    let c = Catalog::get();
    let (status, error) = match field(&params, "error") {
        Some("invalid_credentials") => (StatusCode::OK, Some(c.text(lang, "login.failed"))),
        Some("rate_limited") => {
            let seconds = field(&params, "retry_after")
                .and_then(|s| s.parse::<u64>().ok())
                .unwrap_or(60)
                .to_string();
            (
                StatusCode::OK,
                Some(c.format(lang, "login.rate_limited", &[("seconds", &seconds)])),
            )
        }
        Some("csrf") => (StatusCode::OK, Some(c.text(lang, "login.csrf_failed"))),
        _ => (StatusCode::OK, None),
    };
    let here = format!("/login?next={}", super::encode(next));
    render::html(
        status,
        lang,
        "login.html",
        context! {
            lang => lang.code(),
            next => next,
            error => error,
            here => here,
            username => field(&params, "username"),
        },
    )
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn preference_cookie(state: &AppState, name: &str, value: &str) -> String {
    format!(
        "{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    )
}

/// `GET /lang?to=ja|en&next=/path`: remembers the language in the `tplc_lang` cookie and goes
/// back to `next` (a local path). A preference, not a change of the record: no CSRF token.
pub(crate) async fn set_lang(State(state): State<AppState>, Query(params): Params) -> Response {
    let next = safe_local(field(&params, "next"));
    let Some(lang) = field(&params, "to").and_then(Lang::from_code) else {
        return (StatusCode::BAD_REQUEST, "to: en or ja").into_response();
    };
    with_cookie(
        see_other(next),
        &preference_cookie(&state, LANG_COOKIE, lang.code()),
    )
}

/// `GET /org?id=N`: makes organization N the current one (the caller's membership is checked
/// by every page, so an id of another organization is simply not used).
pub(crate) async fn set_org(State(state): State<AppState>, Query(params): Params) -> Response {
    let Some(id) = field(&params, "id").and_then(|v| v.parse::<i64>().ok()) else {
        return (StatusCode::BAD_REQUEST, "id: an organization id").into_response();
    };
    with_cookie(
        see_other("/"),
        &preference_cookie(&state, ORG_COOKIE, &id.to_string()),
    )
}
