//! The templates (compiled into the binary) and their rendering: one minijinja environment per
//! language, whose `t("key")` function answers from that language's catalog.

use std::sync::OnceLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::Environment;

use super::i18n::{Catalog, Lang};

/// Every template: (name, source).
pub(crate) const TEMPLATES: [(&str, &str); 18] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("login.html", include_str!("../../templates/login.html")),
    ("error.html", include_str!("../../templates/error.html")),
    (
        "dashboard.html",
        include_str!("../../templates/dashboard.html"),
    ),
    (
        "products.html",
        include_str!("../../templates/products.html"),
    ),
    ("product.html", include_str!("../../templates/product.html")),
    ("version.html", include_str!("../../templates/version.html")),
    ("sbom.html", include_str!("../../templates/sbom.html")),
    (
        "findings.html",
        include_str!("../../templates/findings.html"),
    ),
    ("finding.html", include_str!("../../templates/finding.html")),
    ("jobs.html", include_str!("../../templates/jobs.html")),
    (
        "jobs_table.html",
        include_str!("../../templates/jobs_table.html"),
    ),
    ("audit.html", include_str!("../../templates/audit.html")),
    (
        "conformity.html",
        include_str!("../../templates/conformity.html"),
    ),
    ("scope.html", include_str!("../../templates/scope.html")),
    (
        "lifecycle.html",
        include_str!("../../templates/lifecycle.html"),
    ),
    ("mds2.html", include_str!("../../templates/mds2.html")),
];

fn environment(lang: Lang) -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        if let Err(error) = env.add_template(name, source) {
            tracing::error!(template = name, %error, "template does not compile");
        }
    }
    let catalog = Catalog::get();
    env.add_function("t", move |key: &str| catalog.text(lang, key));
    env
}

fn environments() -> &'static [Environment<'static>; 2] {
    static ENVS: OnceLock<[Environment<'static>; 2]> = OnceLock::new();
    ENVS.get_or_init(|| [environment(Lang::En), environment(Lang::Ja)])
}

/// Renders `template` in `lang` to a string.
///
/// # Errors
/// The template error (a defect of a template: the tests render every page).
pub(crate) fn render_string(
    lang: Lang,
    template: &str,
    ctx: minijinja::Value,
) -> Result<String, minijinja::Error> {
    let env = match lang {
        Lang::En => &environments()[0],
        Lang::Ja => &environments()[1],
    };
    env.get_template(template)?.render(ctx)
}

/// Renders `template` as an HTML response with `status`; a template error is logged and
/// answered as a plain 500.
pub(crate) fn html(
    status: StatusCode,
    lang: Lang,
    template: &str,
    ctx: minijinja::Value,
) -> Response {
    match render_string(lang, template, ctx) {
        Ok(body) => {
            let mut response = (status, body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(
                header::VARY,
                HeaderValue::from_static("Cookie, Accept-Language"),
            );
            response
        }
        Err(error) => {
            tracing::error!(template, %error, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal server error").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every literal `t("…")` / `t('…')` key of every template is in the catalog.
    #[test]
    fn every_literal_key_of_the_templates_is_in_both_catalogs() {
        let catalog = Catalog::get();
        let mut seen = 0;
        for (name, source) in TEMPLATES {
            for quote in ['"', '\''] {
                let open = format!("t({quote}");
                let mut rest = source;
                while let Some(at) = rest.find(&open) {
                    rest = &rest[at + open.len()..];
                    let Some(end) = rest.find(quote) else { break };
                    let key = &rest[..end];
                    // `t("severity." ~ s)` builds the key: its families are checked below.
                    if !key.ends_with('.') && !key.ends_with('_') {
                        seen += 1;
                        for lang in Lang::ALL {
                            assert!(
                                catalog.messages(lang).contains_key(key),
                                "{name}: key {key} missing in {}",
                                lang.code()
                            );
                        }
                    }
                }
            }
        }
        assert!(seen > 150, "only {seen} keys found");
    }

    #[test]
    fn every_template_compiles() {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[cfg(test)]
mod family_tests {
    use super::super::i18n::{Catalog, Lang};
    use tplc_store::{
        AnalysisState, JobKind, JobState, Justification, LifecyclePhase, Response, Role, Severity,
    };

    /// The keys templates build (`t("severity." ~ s)`) exist for every value of their enum.
    #[test]
    fn every_built_key_is_in_both_catalogs() {
        let mut keys: Vec<String> = Vec::new();
        let s = [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low,
            Severity::None,
            Severity::Unknown,
        ];
        keys.extend(s.iter().map(|v| format!("severity.{}", v.as_str())));
        let a = [
            AnalysisState::InTriage,
            AnalysisState::Exploitable,
            AnalysisState::Resolved,
            AnalysisState::ResolvedWithPedigree,
            AnalysisState::FalsePositive,
            AnalysisState::NotAffected,
        ];
        keys.extend(a.iter().map(|v| format!("state.{}", v.as_str())));
        keys.push("state.none".into());
        let j = [
            Justification::CodeNotPresent,
            Justification::CodeNotReachable,
            Justification::RequiresConfiguration,
            Justification::RequiresDependency,
            Justification::RequiresEnvironment,
            Justification::ProtectedByCompiler,
            Justification::ProtectedAtRuntime,
            Justification::ProtectedAtPerimeter,
            Justification::ProtectedByMitigatingControl,
        ];
        keys.extend(j.iter().map(|v| format!("justification.{}", v.as_str())));
        let r = [
            Response::CanNotFix,
            Response::WillNotFix,
            Response::Update,
            Response::Rollback,
            Response::WorkaroundAvailable,
        ];
        keys.extend(r.iter().map(|v| format!("response.{}", v.as_str())));
        let p = [
            LifecyclePhase::Development,
            LifecyclePhase::Support,
            LifecyclePhase::LimitedSupport,
            LifecyclePhase::EndOfSupport,
        ];
        keys.extend(p.iter().map(|v| format!("phase.{}", v.as_str())));
        let k = [
            JobKind::IngestSbom,
            JobKind::Rematch,
            JobKind::ImportAdvisories,
        ];
        keys.extend(k.iter().map(|v| format!("jobkind.{}", v.as_str())));
        let st = [
            JobState::Queued,
            JobState::Running,
            JobState::Done,
            JobState::Failed,
        ];
        keys.extend(st.iter().map(|v| format!("jobstate.{}", v.as_str())));
        keys.extend(
            [Role::Admin, Role::Editor, Role::Viewer]
                .iter()
                .map(|v| format!("role.{}", v.as_str())),
        );
        keys.extend(
            ["I", "II", "III", "IV"]
                .iter()
                .map(|c| format!("product.class_{c}")),
        );
        // The regulatory pages' families (tplc-compliance's and the MDS2 page's words).
        keys.extend(
            tplc_compliance::EvidenceStatus::ALL
                .iter()
                .map(|v| format!("evidence_status.{}", v.as_str())),
        );
        keys.extend(
            tplc_compliance::ItemState::ALL
                .iter()
                .map(|v| format!("item_state.{}", v.as_str())),
        );
        keys.extend(
            tplc_compliance::AutoEvidence::ALL
                .iter()
                .map(|v| format!("conformity.auto_{}", v.as_str())),
        );
        keys.extend(
            tplc_compliance::Interface::ALL
                .iter()
                .map(|v| format!("interface.{}", v.as_str())),
        );
        keys.extend(
            tplc_compliance::UseEnvironment::ALL
                .iter()
                .map(|v| format!("use_env.{}", v.as_str())),
        );
        keys.extend(
            tplc_compliance::MilestoneKind::ALL
                .iter()
                .map(|v| format!("milestone.{}", v.as_str())),
        );
        keys.extend(
            super::super::lifecycle::PERIODS
                .iter()
                .map(|m| format!("lifecycle.months_{m}")),
        );
        keys.extend(
            super::super::mds2::CHOICES
                .iter()
                .map(|a| format!("mds2_answer.{a}")),
        );
        keys.extend(
            tplc_mds2::Mds2Meta::default()
                .fields()
                .iter()
                .map(|(f, _)| format!("mds2.{f}")),
        );
        let catalog = Catalog::get();
        for lang in Lang::ALL {
            for key in &keys {
                assert!(
                    catalog.messages(lang).contains_key(key),
                    "{key} missing in {}",
                    lang.code()
                );
            }
        }
    }
}
