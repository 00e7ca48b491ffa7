//! The web UI: server-rendered pages in Japanese and English over the same store the API uses.
//!
//! * Templates (`templates/*.html`, minijinja) and the message catalogs (`messages/en.toml`,
//!   `messages/ja.toml`) are compiled into the binary; every user-facing string comes from the
//!   catalog through the templates' `t("key")` function ([`render`], [`i18n`]).
//! * The language is the `tplc_lang` cookie, else `Accept-Language` (Japanese when it prefers
//!   Japanese to English), switched by `GET /lang?to=ja|en&next=…`.
//! * Every page but the login page takes the [`Caller`]: a browser without a session is sent to
//!   `/login`. Each page checks the caller's role in the current organization (the `tplc_org`
//!   cookie, else the caller's first organization) with the same permission table as the API;
//!   another organization's object is a 404 page.
//! * Forms carry the session's CSRF token (`csrf_token`, checked by the server's CSRF guard)
//!   and answer with a redirect (POST-redirect-GET). The SBOM upload sends the file as the raw
//!   body with the token in `X-CSRF-Token` (`assets/tplc.js`).
//! * Static assets (htmx, the stylesheet, the upload script) are served from the binary at
//!   `/assets/*` ([`assets`]); the "findings over time" chart is inline SVG ([`chart`]).

// A page's error is the error page itself (an `axum` `Response`, 128 bytes): returned by value
// once per request, not worth boxing.
#![allow(clippy::result_large_err)]

mod activity;
mod assets;
mod chart;
mod compliance;
mod findings;
mod i18n;
mod lifecycle;
mod login;
mod mds2;
mod portfolio;
mod render;
mod scope;
mod table;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::{Value, context};
use tplc_auth::Permission;
use tplc_store::{NewAuditEvent, OrganizationId, Timestamp};

pub(crate) use i18n::Catalog;
use i18n::Lang;

use crate::auth::{Caller, Role};
use crate::{ApiError, AppState};

/// The cookie that holds the current organization's id.
const ORG_COOKIE: &str = "tplc_org";

/// The UI's routes (mounted at `/` beside the API).
pub(crate) fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", get(portfolio::dashboard))
        .route("/login", get(login::page))
        .route("/lang", get(login::set_lang))
        .route("/org", get(login::set_org))
        .route(
            "/products",
            get(portfolio::products).post(portfolio::create_product),
        )
        .route("/products/{id}", get(portfolio::product))
        .route("/products/{id}/versions", post(portfolio::create_version))
        .route("/products/{id}/scope", get(scope::page).post(scope::save))
        .route("/products/{id}/diagrams", post(scope::upload))
        .route("/products/{id}/diagrams/{diagram}", get(scope::get_diagram))
        .route(
            "/products/{id}/diagrams/{diagram}/remove",
            post(scope::remove),
        )
        .route("/versions/{id}", get(portfolio::version))
        .route("/versions/{id}/sboms", post(portfolio::upload))
        .route("/versions/{id}/lifecycle", post(lifecycle::update))
        .route("/versions/{id}/disclosures", post(lifecycle::disclose))
        .route("/versions/{id}/conformity", get(compliance::page))
        .route("/versions/{id}/conformity/evidence", post(compliance::add))
        .route(
            "/versions/{id}/conformity/evidence/{link}",
            post(compliance::update),
        )
        .route(
            "/versions/{id}/conformity/evidence/{link}/remove",
            post(compliance::remove),
        )
        .route("/versions/{id}/annex-f", post(compliance::annex_f))
        .route("/versions/{id}/attachment", get(compliance::attachment))
        .route(
            "/versions/{id}/evidence-pack",
            get(compliance::evidence_pack),
        )
        .route("/versions/{id}/mds2", get(mds2::page).post(mds2::save))
        .route(
            "/versions/{id}/mds2.xlsx",
            get(mds2::download_xlsx).post(mds2::import),
        )
        .route("/lifecycle", get(lifecycle::page))
        .route("/sboms/{id}", get(portfolio::sbom))
        .route("/findings", get(findings::list))
        .route("/findings/{id}", get(findings::detail))
        .route("/findings/{id}/analysis", post(findings::analyse))
        .route("/jobs", get(activity::jobs))
        .route("/jobs/table", get(activity::jobs_table))
        .route("/audit", get(activity::audit))
        .route("/assets/{file}", get(assets::serve))
}

/// An organization the caller may act in.
#[derive(Debug, Clone, serde::Serialize)]
struct Org {
    id: i64,
    name: String,
    #[serde(skip)]
    key: OrganizationId,
    #[serde(skip)]
    role: Role,
}

/// Everything a page needs about its request: language, caller, organization.
struct Ctx {
    lang: Lang,
    caller: Caller,
    org: Option<Org>,
    orgs: Vec<Org>,
    /// The request's path and query (to come back to after switching the language).
    here: String,
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k.trim() == name).then_some(v.trim())
        })
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = Lang::of_request(&parts.headers);
        let caller =
            <Caller as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        let mut orgs = Vec::new();
        for (id, role) in caller.organizations() {
            match state.store.organization(*id).await {
                Ok(o) => orgs.push(Org {
                    id: o.id.get(),
                    name: o.name,
                    key: o.id,
                    role: *role,
                }),
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(error_page(lang, &ApiError::from(e))),
            }
        }
        let chosen = cookie(&parts.headers, ORG_COOKIE).and_then(|v| v.parse::<i64>().ok());
        let org = chosen
            .and_then(|id| orgs.iter().find(|o| o.id == id))
            .or_else(|| orgs.first())
            .cloned();
        let here = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
        Ok(Self {
            lang,
            caller,
            org,
            orgs,
            here,
        })
    }
}

impl Ctx {
    fn t(&self, key: &str) -> String {
        Catalog::get().text(self.lang, key)
    }

    fn allows(&self, permission: Permission) -> bool {
        self.org.as_ref().is_some_and(|o| o.role.allows(permission))
    }

    /// The values every page's layout reads.
    fn base(&self, nav: &str) -> Value {
        context! {
            lang => self.lang.code(),
            nav => nav,
            user => self.caller.user.username.clone(),
            role => self.org.as_ref().map(|o| o.role.as_str()),
            org => self.org.clone(),
            orgs => self.orgs.clone(),
            csrf => self.caller.csrf_token().unwrap_or_default(),
            here => self.here.clone(),
            can_audit => self.allows(Permission::ReadAuditLog),
            can_edit => self.allows(Permission::WriteProducts),
            can_upload => self.allows(Permission::UploadSbom),
            can_analyse => self.allows(Permission::WriteAnalysis),
            can_compliance => self.allows(Permission::ReadCompliance),
            can_write_compliance => self.allows(Permission::WriteCompliance),
        }
    }

    /// A page: `extra` (its own values) over the layout's.
    fn page(&self, status: StatusCode, template: &str, nav: &str, extra: Value) -> Response {
        let ctx = context! { ..extra, ..self.base(nav) };
        render::html(status, self.lang, template, ctx)
    }

    /// The current organization when the caller's role there grants `permission`; else the
    /// 404 or 403 page.
    fn require(&self, permission: Permission) -> Result<OrganizationId, Response> {
        let Some(org) = &self.org else {
            return Err(self.error(&ApiError::not_found("organization")));
        };
        self.caller
            .require(org.key, permission)
            .map(|_| org.key)
            .map_err(|e| self.error(&e))
    }

    /// The audit event of a change the caller makes in `org`.
    fn audit(
        &self,
        org: OrganizationId,
        action: &str,
        object_type: &str,
        object_id: String,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> NewAuditEvent {
        NewAuditEvent {
            organization: Some(org),
            actor: self.caller.actor(),
            action: action.into(),
            object_type: object_type.into(),
            object_id,
            before,
            after,
        }
    }

    fn error(&self, error: &ApiError) -> Response {
        let (heading, message) = error_texts(self.lang, error);
        self.page(
            error.status,
            "error.html",
            "",
            context! { heading => heading, message => message },
        )
    }

    /// A flash message from the `flash` query value (known keys only).
    fn flash(&self, key: Option<&str>) -> Option<String> {
        let catalog_key = match key? {
            "product_created" => "products.created",
            "version_created" => "product.version_created",
            "analysis_saved" => "analysis.saved",
            "upload_queued" => "upload.queued",
            "evidence_linked" => "conformity.linked",
            "evidence_updated" => "conformity.updated",
            "evidence_removed" => "conformity.removed",
            "annex_f_saved" => "annex_f.saved",
            "scope_saved" => "scope.saved",
            "diagram_uploaded" => "diagram.uploaded",
            "diagram_removed" => "diagram.removed",
            "lifecycle_saved" => "lifecycle.saved",
            "disclosure_added" => "disclosure.added",
            "mds2_saved" => "mds2.saved",
            "mds2_imported" => "mds2.imported",
            _ => return None,
        };
        Some(self.t(catalog_key))
    }
}

fn error_texts(lang: Lang, error: &ApiError) -> (String, String) {
    let c = Catalog::get();
    match error.status {
        StatusCode::NOT_FOUND => (
            c.text(lang, "error.not_found"),
            c.text(lang, "error.not_found_message"),
        ),
        StatusCode::FORBIDDEN if error.code == "csrf" => {
            (c.text(lang, "error.forbidden"), c.text(lang, "error.csrf"))
        }
        StatusCode::FORBIDDEN => (
            c.text(lang, "error.forbidden"),
            c.text(lang, "error.forbidden_message"),
        ),
        s if s.is_server_error() => (
            c.text(lang, "error.internal"),
            c.text(lang, "error.internal_message"),
        ),
        _ => (c.text(lang, "error.bad_request"), error.message.clone()),
    }
}

/// An error page for a request without a [`Ctx`] (no layout values but the language).
fn error_page(lang: Lang, error: &ApiError) -> Response {
    let (heading, message) = error_texts(lang, error);
    render::html(
        error.status,
        lang,
        "error.html",
        context! { lang => lang.code(), heading => heading, message => message, here => "/" },
    )
}

/// A redirect after a successful form post (303: the browser GETs the target).
fn see_other(target: &str) -> Response {
    Redirect::to(target).into_response()
}

/// The first value of `name` in a parsed query or form.
fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// A timestamp as the UI shows it: `2026-12-01 08:15 UTC`.
fn when(t: Timestamp) -> String {
    let text = t.to_text();
    let short: String = text.chars().take(16).collect();
    format!("{} UTC", short.replace('T', " "))
}

/// A local path to go back to (never another host).
fn safe_local(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/",
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    crate::auth::encode_component(value).replace('/', "%2F")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_short() {
        let t = Timestamp::parse("2026-12-01T08:15:49.123456Z").unwrap();
        assert_eq!(when(t), "2026-12-01 08:15 UTC");
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_local(Some("/findings?x=1")), "/findings?x=1");
        for bad in ["//evil", "https://evil", "/\\evil", "evil"] {
            assert_eq!(safe_local(Some(bad)), "/");
        }
    }

    #[test]
    fn cookies_are_read_by_name() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=1; tplc_org=7".parse().unwrap());
        assert_eq!(cookie(&h, ORG_COOKIE), Some("7"));
        assert_eq!(cookie(&h, "b"), None);
    }

    #[test]
    fn error_pages_say_what_happened_in_the_language() {
        let (h, _) = error_texts(Lang::Ja, &ApiError::not_found("x"));
        assert_eq!(h, "見つかりません");
        let (_, m) = error_texts(Lang::En, &ApiError::invalid("bad date"));
        assert_eq!(m, "bad date");
    }
}
