//! The web UI end to end, in process: a real server on 127.0.0.1:0 over a SQLite store, a real
//! HTTP client with cookies. Every page renders in both languages with status 200 and no
//! missing catalog key; login, the language switch, the analysis form, the SBOM upload, the
//! audit log, the organization boundary and the error pages behave. The regulatory pages are
//! tested in `ui_compliance.rs`.

use std::net::SocketAddr;

use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, HeaderMap, HeaderValue, ORIGIN};
use reqwest::{Client, StatusCode, redirect};
use tplc_auth::{HashParams, PasswordHasher};
use tplc_server::{AppState, ServerConfig};
use tplc_store::{
    NewComponent, NewFinding, NewProduct, NewProductVersion, NewSbom, OrganizationKind,
    PasswordHash, Role, Severity, Store,
};

const PASSWORD: &str = "correct horse battery staple 42";
const FIXTURE: &[u8] = include_bytes!("ui/infusion-pump-2.1.cdx.json");
const MISSING: &str = "⟦missing:";

/// The regulatory pages (issue 5).
mod ui_compliance;

/// An advisory of the store's advisory type, from JSON (the test names no advisory crate).
fn advisory<T: serde::Serialize + serde::de::DeserializeOwned + Default>(
    id: &str,
    summary: &str,
) -> T {
    let mut v = serde_json::to_value(T::default()).unwrap();
    v["id"] = id.into();
    v["summary"] = summary.into();
    serde_json::from_value(v).unwrap()
}

struct Seeded {
    org: i64,
    product: i64,
    version: i64,
    sbom: i64,
    finding: i64,
    other_product: i64,
}

async fn seed(store: &Store) -> Seeded {
    let hasher = PasswordHasher::new(HashParams::insecure_for_tests());
    let hash = PasswordHash::new(hasher.hash(PASSWORD).unwrap().into_string());
    let mut tx = store.begin().await.unwrap();
    let org = tx
        .create_organization(OrganizationKind::Manufacturer, "Demo Medical")
        .await
        .unwrap();
    let alice = tx.create_user("alice", "Alice", &hash).await.unwrap();
    tx.add_membership(org.id, alice.id, Role::Admin)
        .await
        .unwrap();
    let other = tx
        .create_organization(OrganizationKind::Manufacturer, "Other Maker")
        .await
        .unwrap();
    let bob = tx.create_user("bob", "Bob", &hash).await.unwrap();
    tx.add_membership(other.id, bob.id, Role::Viewer)
        .await
        .unwrap();
    let other_product = tx
        .create_product(
            other.id,
            &NewProduct {
                name: "Secret Scanner".into(),
                ..NewProduct::default()
            },
        )
        .await
        .unwrap();
    let product = tx
        .create_product(
            org.id,
            &NewProduct {
                name: "SP-200 Infusion Pump".into(),
                generic_name: Some("汎用輸液ポンプ".into()),
                device_class: Some("III".into()),
                approval_number: Some("30300BZX00000000".into()),
                security_contact: Some("psirt@example.jp".into()),
            },
        )
        .await
        .unwrap();
    let mut nv = NewProductVersion::new("2.1.0");
    nv.release_date = Some("2026-04-01".into());
    nv.eol_date = Some("2031-03-31".into());
    nv.eos_date = Some("2033-03-31".into());
    let version = tx
        .create_product_version(org.id, product.id, &nv)
        .await
        .unwrap();
    let (_, doc) = tplc_formats::read_bytes(FIXTURE.to_vec()).unwrap();
    let sbom = tx
        .create_sbom(
            org.id,
            version.id,
            &NewSbom {
                format: "cyclonedx-json".into(),
                spec_version: Some("1.5".into()),
                original: FIXTURE.to_vec(),
                author: Some("Product Security Team".into()),
                timestamp: Some("2026-11-02T09:00:00Z".into()),
                uploaded_by: Some(alice.id),
            },
        )
        .await
        .unwrap();
    let components: Vec<NewComponent> = doc
        .components
        .iter()
        .map(NewComponent::from_model)
        .collect();
    tx.complete_sbom(org.id, sbom.id, &components)
        .await
        .unwrap();
    let stored = tx.components(org.id, sbom.id).await.unwrap();
    let log4j = stored.iter().find(|c| c.name == "log4j-core").unwrap();
    let key = tx
        .upsert_advisory(
            &advisory("GHSA-jfh8-c2jp-5v3q", "Remote code injection in Log4j"),
            Some(Severity::Critical),
        )
        .await
        .unwrap();
    let finding = tx
        .upsert_finding(
            org.id,
            &NewFinding {
                component: log4j.id,
                advisory: key,
                vulnerability_key: "CVE-2021-44228".into(),
                severity: Severity::Critical,
                cvss_vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H".into()),
                cvss_score: Some(10.0),
                kev: true,
                epss: Some(0.944),
                fixed_versions: vec!["2.15.0".into()],
                reasons: serde_json::json!([]),
            },
            tplc_store::Timestamp::now(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Seeded {
        org: org.id.get(),
        product: product.id.get(),
        version: version.id.get(),
        sbom: sbom.id.get(),
        finding: finding.id.get(),
        other_product: other_product.id.get(),
    }
}

async fn start() -> (String, Seeded, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/t.sqlite3?mode=rwc", dir.path().display());
    let store = Store::connect(&url).await.unwrap();
    let seeded = seed(&store).await;
    let config = ServerConfig {
        data_dir: dir.path().to_owned(),
        ..ServerConfig::default()
    };
    let state = AppState::new(store, config)
        .with_hasher(PasswordHasher::new(HashParams::insecure_for_tests()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = tplc_server::app(state);
    tokio::spawn(async move {
        axum_serve(listener, app).await;
    });
    (format!("http://{addr}"), seeded, dir)
}

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) {
    let _ = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await;
}

fn client(base: &str, accept_language: &str) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(ORIGIN, HeaderValue::from_str(base).unwrap());
    headers.insert(
        ACCEPT,
        HeaderValue::from_static("text/html,application/xhtml+xml"),
    );
    headers.insert(
        ACCEPT_LANGUAGE,
        HeaderValue::from_str(accept_language).unwrap(),
    );
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(redirect::Policy::limited(5))
        .build()
        .unwrap()
}

async fn login(c: &Client, base: &str, user: &str, password: &str) -> reqwest::Response {
    c.post(format!("{base}/login"))
        .form(&[("username", user), ("password", password), ("next", "/")])
        .send()
        .await
        .unwrap()
}

async fn get_ok(c: &Client, url: &str) -> String {
    let r = c.get(url).send().await.unwrap();
    let status = r.status();
    let body = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{url}: {body}");
    assert!(
        !body.contains(MISSING),
        "{url}: missing catalog key in {body}"
    );
    // minijinja escapes `/` in HTML text; compare with the text a reader sees.
    body.replace("&#x2f;", "/")
}

/// The value of the first hidden `csrf_token` field of a page.
fn csrf(page: &str) -> String {
    let at = page
        .find(r#"name="csrf_token" value=""#)
        .expect("a csrf_token field");
    let rest = &page[at + r#"name="csrf_token" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn every_page_renders_in_both_languages() {
    let (base, s, _dir) = start().await;
    let c = client(&base, "ja,en;q=0.5");
    // No session: a page request goes to the login page, in Japanese (Accept-Language).
    let r = c.get(format!("{base}/findings")).send().await.unwrap();
    assert_eq!(r.url().path(), "/login");
    let body = r.text().await.unwrap();
    assert!(body.contains("ログイン"), "{body}");
    assert!(
        body.contains(r#"name="next" value="&#x2f;findings""#),
        "{body}"
    );
    assert!(!body.contains(MISSING));
    // A wrong password: the page says so.
    let r = login(&c, &base, "alice", "wrong password!").await;
    assert_eq!(r.url().path(), "/login");
    let body = r.text().await.unwrap();
    assert!(
        body.contains("ユーザー名またはパスワードが正しくありません"),
        "{body}"
    );
    // At once again: the limiter's back-off (1 s after a first failure) is explained.
    let r = login(&c, &base, "alice", PASSWORD).await;
    assert_eq!(r.url().path(), "/login");
    let body = r.text().await.unwrap();
    assert!(
        body.contains("ログインの失敗が多すぎます。1 秒後に再試行してください。"),
        "{body}"
    );
    // The right one after the wait: the dashboard.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = login(&c, &base, "alice", PASSWORD).await;
    assert_eq!(r.url().path(), "/");
    let body = r.text().await.unwrap();
    assert!(body.contains("ポートフォリオのリスク"), "{body}");
    assert!(body.contains("<svg"), "the chart is inline SVG");

    let pages = [
        "/".to_owned(),
        "/products".to_owned(),
        "/products?sort=versions&dir=desc".to_owned(),
        format!("/products/{}", s.product),
        format!("/products/{}?sort=eos&dir=desc", s.product),
        format!("/versions/{}", s.version),
        format!("/sboms/{}", s.sbom),
        format!("/sboms/{}?sort=purl&dir=desc&page=9", s.sbom),
        "/findings".to_owned(),
        "/findings?severity=critical&kev=yes&sort=cvss&dir=desc".to_owned(),
        "/findings?state=none&sort=state".to_owned(),
        "/findings?severity=low".to_owned(),
        "/findings?sort=component&page=abc&severity=bogus".to_owned(),
        format!("/findings?product={}&version={}", s.product, s.version),
        format!("/findings/{}", s.finding),
        "/jobs".to_owned(),
        "/jobs/table".to_owned(),
        "/audit".to_owned(),
    ];
    for (lang, expect) in [
        ("en", ["Products", "Findings", "Log out"]),
        ("ja", ["製品", "脆弱性", "ログアウト"]),
    ] {
        let r = c
            .get(format!("{base}/lang?to={lang}&next=/products"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.url().path(), "/products");
        for page in &pages {
            let body = get_ok(&c, &format!("{base}{page}")).await;
            if page != "/jobs/table" {
                assert!(body.contains(&format!(r#"<html lang="{lang}">"#)), "{page}");
                for word in expect {
                    assert!(body.contains(word), "{lang} {page}: no {word}");
                }
            }
        }
    }
    // Content of a few pages (Japanese is the current language now).
    let body = get_ok(&c, &format!("{base}/products/{}", s.product)).await;
    for text in [
        "一般的名称",
        "汎用輸液ポンプ",
        "承認番号/認証番号",
        "クラスIII",
        "2033-03-31",
        "EOS(サポート終了)",
    ] {
        assert!(body.contains(text), "product page lacks {text}");
    }
    let body = get_ok(&c, &format!("{base}/sboms/{}", s.sbom)).await;
    for text in [
        "最小要素",
        "log4j-core",
        "pkg:pypi/urllib3@1.26.4",
        "供給者名",
    ] {
        assert!(body.contains(text), "SBOM page lacks {text}: {body}");
    }
    let body = get_ok(&c, &format!("{base}/findings")).await;
    for text in [
        "CVE-2021-44228",
        "緊急",
        "KEV",
        "未分析",
        "SP-200 Infusion Pump",
    ] {
        assert!(body.contains(text), "findings page lacks {text}");
    }
    let body = get_ok(&c, &format!("{base}/findings?severity=low")).await;
    assert!(
        body.contains("条件に一致する脆弱性はありません"),
        "empty state of a filter"
    );
}

#[tokio::test]
async fn analysis_upload_audit_and_boundaries() {
    let (base, s, _dir) = start().await;
    let c = client(&base, "en-US,en;q=0.9");
    login(&c, &base, "alice", PASSWORD).await;
    let finding_url = format!("{base}/findings/{}", s.finding);
    let page = get_ok(&c, &finding_url).await;
    assert!(page.contains("No analysis recorded yet."));
    let token = csrf(&page);

    // A bad CVSS vector: the form again, with the message, nothing recorded.
    let r = c
        .post(format!("{finding_url}/analysis"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("state", "not_affected"),
            ("cvss_environmental", "CVSS:3.1/AV:X"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("The CVSS vector is not valid"), "{body}");
    assert!(body.contains("No analysis recorded yet."));

    // Without the CSRF token: refused by the guard.
    let r = c
        .post(format!("{finding_url}/analysis"))
        .form(&[("state", "not_affected")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A good one: POST-redirect-GET to the finding, which shows it.
    let r = c
        .post(format!("{finding_url}/analysis"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("state", "not_affected"),
            ("justification", "code_not_reachable"),
            ("response", "will_not_fix"),
            ("response", "update"),
            (
                "detail",
                "JNDI lookups are disabled in the pump's logging configuration.",
            ),
            (
                "cvss_environmental",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/MAV:A/CR:H",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.url().path(), format!("/findings/{}", s.finding));
    let body = r.text().await.unwrap();
    assert!(body.contains("Analysis saved."));
    assert!(body.contains("Code not reachable"));
    assert!(body.contains("Will not fix, Update"));
    assert!(body.contains("JNDI lookups are disabled"));
    assert!(
        body.contains(r#"<option value="not_affected" selected>"#),
        "the form starts from the current analysis"
    );
    let body = get_ok(&c, &format!("{base}/findings?state=not_affected")).await;
    assert!(body.contains("CVE-2021-44228") && body.contains("Not affected"));
    let body = get_ok(&c, &format!("{base}/findings?state=in_triage")).await;
    assert!(!body.contains("CVE-2021-44228"));

    // The audit log has it.
    let body = get_ok(&c, &format!("{base}/audit")).await;
    assert!(body.contains("analysis.record"), "{body}");
    assert!(body.contains("user:alice"));

    // Upload: the raw file with the CSRF header → 201 and the job page.
    let upload = format!("{base}/versions/{}/sboms", s.version);
    let r = c
        .post(&upload)
        .header("x-csrf-token", &token)
        .header("x-file-name", "pump%202.1.json")
        .header(ACCEPT, "application/json")
        .body(FIXTURE.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let json: serde_json::Value = r.json().await.unwrap();
    let location = json["location"].as_str().unwrap().to_owned();
    assert!(location.starts_with("/jobs?job="), "{json}");
    let body = get_ok(&c, &format!("{base}{location}")).await;
    assert!(
        body.contains("SBOM ingestion") && body.contains("Queued"),
        "{body}"
    );
    assert!(
        body.contains(r#"hx-trigger="every 2s""#),
        "polls while a job is queued"
    );
    let body = get_ok(&c, &format!("{base}/audit")).await;
    assert!(
        body.contains("sbom.upload") && body.contains("pump 2.1.json"),
        "{body}"
    );
    // Not an SBOM: 422 with a message.
    let r = c
        .post(&upload)
        .header("x-csrf-token", &token)
        .header(ACCEPT, "application/json")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = r.json().await.unwrap();
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .starts_with("The file is not an SBOM"),
        "{json}"
    );

    // A version form with a bad date: the product page with the message, 422.
    let r = c
        .post(format!("{base}/products/{}/versions", s.product))
        .form(&[
            ("csrf_token", token.as_str()),
            ("version", "3.0"),
            ("release_date", "2026-13-45"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Dates are written YYYY-MM-DD.")
    );
    // A product: created, audited, listed.
    let r = c
        .post(format!("{base}/products"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("name", "CT-9 Scanner"),
            ("generic_name", "全身用X線CT診断装置"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Product created."));
    assert!(
        get_ok(&c, &format!("{base}/products"))
            .await
            .contains("CT-9 Scanner")
    );

    // Another organization's object is a 404 page; a missing one too.
    for url in [
        format!("{base}/products/{}", s.other_product),
        format!("{base}/findings/999999"),
    ] {
        let r = c.get(&url).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{url}");
        assert!(r.text().await.unwrap().contains("Not found"));
    }

    // Bob (viewer of an empty organization): empty states, no audit log, no forms.
    let b = client(&base, "ja");
    login(&b, &base, "bob", PASSWORD).await;
    let body = get_ok(&b, &format!("{base}/")).await;
    assert!(
        body.contains("ポートフォリオのリスク") && body.contains("Other Maker"),
        "{body}"
    );
    let body = get_ok(&b, &format!("{base}/findings")).await;
    assert!(body.contains("検出された脆弱性はありません"), "{body}");
    assert!(
        get_ok(&b, &format!("{base}/jobs"))
            .await
            .contains("ジョブはまだありません")
    );
    assert!(
        !get_ok(&b, &format!("{base}/products"))
            .await
            .contains(r#"action="/products""#)
    );
    let r = b.get(format!("{base}/audit")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("権限がありません"));
    let r = b
        .get(format!("{base}/findings/{}", s.finding))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Logging out ends the session.
    let page = get_ok(&c, &format!("{base}/")).await;
    let r = c
        .post(format!("{base}/logout"))
        .form(&[("csrf_token", csrf(&page).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.url().path(), "/login");
    let r = c.get(format!("{base}/findings")).send().await.unwrap();
    assert_eq!(r.url().path(), "/login");
}

#[tokio::test]
async fn assets_are_served_with_cache_headers_and_the_empty_portfolio_explains_what_to_do() {
    let (base, _s, dir) = start().await;
    let c = client(&base, "en");
    for (path, kind) in [
        ("htmx.min.js", "text/javascript"),
        ("tplc.css", "text/css"),
        ("tplc.js", "text/javascript"),
    ] {
        let r = c.get(format!("{base}/assets/{path}")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(kind)
        );
        assert!(
            r.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("max-age=")
        );
        let etag = r.headers()["etag"].to_str().unwrap().to_owned();
        let again = c
            .get(format!("{base}/assets/{path}"))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }
    let r = c
        .get(format!("{base}/assets/../Cargo.toml"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = c
        .get(format!("{base}/assets/nope.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A user whose organization has no product sees what to do next.
    let store = Store::connect(&format!(
        "sqlite://{}/t.sqlite3?mode=rwc",
        dir.path().display()
    ))
    .await
    .unwrap();
    let hasher = PasswordHasher::new(HashParams::insecure_for_tests());
    let hash = PasswordHash::new(hasher.hash(PASSWORD).unwrap().into_string());
    let mut tx = store.begin().await.unwrap();
    let org = tx
        .create_organization(OrganizationKind::HealthcareProvider, "Hospital")
        .await
        .unwrap();
    let carol = tx.create_user("carol", "Carol", &hash).await.unwrap();
    tx.add_membership(org.id, carol.id, Role::Editor)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    login(&c, &base, "carol", PASSWORD).await;
    let body = get_ok(&c, &format!("{base}/")).await;
    assert!(body.contains("The portfolio is empty."), "{body}");
    assert!(body.contains("Upload an SBOM"));
    let body = get_ok(&c, &format!("{base}/products")).await;
    assert!(body.contains("No products yet.") && body.contains(r#"action="/products""#));
}
