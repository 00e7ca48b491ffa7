//! The regulatory pages of the web UI (issue 5), end to end like the other UI tests: the
//! conformity page (gap list, linking, editing and removing documents with copy-on-write
//! inheritance, Annex F with "needs review", the attachment and evidence-pack downloads), the
//! lifecycle form (EOS on or before EOL refused citing QA2 Q10), disclosures and the upcoming
//! EOL/EOS view, the scope page with diagrams, and the MDS2 page with its workbook download and
//! import — in Japanese and English, with the audit log and the organization boundary.

use reqwest::header::ACCEPT;
use reqwest::{Client, StatusCode};
use tplc_auth::{HashParams, PasswordHasher};
use tplc_store::{NewProductVersion, OrganizationId, PasswordHash, ProductId, Role, Store};

use super::{MISSING, PASSWORD, Seeded, client, csrf, get_ok, login, start};

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn post(c: &Client, url: &str, pairs: &[(&str, &str)]) -> (StatusCode, String) {
    let r = c.post(url).form(&form(pairs)).send().await.unwrap();
    let status = r.status();
    let body = r.text().await.unwrap().replace("&#x2f;", "/");
    assert!(!body.contains(MISSING), "{url}: missing catalog key");
    (status, body)
}

/// The number in `<span id="gap-count">N</span>`.
fn gap_count(page: &str) -> usize {
    let start = page.find(r#"<span id="gap-count">"#).expect("a gap count") + 21;
    let rest = &page[start..];
    rest[..rest.find('<').unwrap()].parse().unwrap()
}

/// The `data-state` of an item's row.
fn item_state<'a>(page: &'a str, item: &str) -> &'a str {
    let at = page
        .find(&format!(
            r#"<tr id="item-{item}" data-item="{item}" data-state=""#
        ))
        .unwrap_or_else(|| panic!("no row for {item}"));
    let rest = &page[at..];
    let rest = &rest[rest.find("data-state=\"").unwrap() + 12..];
    &rest[..rest.find('"').unwrap()]
}

/// The id of the first document link in an item's row.
fn first_link(page: &str, item: &str) -> String {
    let at = page.find(&format!(r#"<tr id="item-{item}""#)).unwrap();
    let rest = &page[at..];
    let rest = &rest[rest.find(r#"data-link=""#).expect("a link") + 11..];
    rest[..rest.find('"').unwrap()].to_owned()
}

async fn store_of(dir: &tempfile::TempDir) -> Store {
    Store::connect(&format!(
        "sqlite://{}/t.sqlite3?mode=rwc",
        dir.path().display()
    ))
    .await
    .unwrap()
}

/// A second version of the seeded product, and a viewer of the seeded organization.
async fn second_version_and_viewer(store: &Store, s: &Seeded) -> i64 {
    let hasher = PasswordHasher::new(HashParams::insecure_for_tests());
    let hash = PasswordHash::new(hasher.hash(PASSWORD).unwrap().into_string());
    let org = OrganizationId::new(s.org);
    let mut tx = store.begin().await.unwrap();
    let v2 = tx
        .create_product_version(
            org,
            ProductId::new(s.product),
            &NewProductVersion::new("2.2.0"),
        )
        .await
        .unwrap();
    let vera = tx.create_user("vera", "Vera", &hash).await.unwrap();
    tx.add_membership(org, vera.id, Role::Viewer).await.unwrap();
    tx.commit().await.unwrap();
    v2.id.get()
}

#[tokio::test]
async fn the_regulatory_pages_render_in_both_languages() {
    let (base, s, _dir) = start().await;
    let c = client(&base, "ja");
    login(&c, &base, "alice", PASSWORD).await;
    let v = s.version;
    let p = s.product;
    let pages = [
        format!("/versions/{v}"),
        format!("/versions/{v}/conformity"),
        format!("/versions/{v}/conformity?catalog=jis-t-81001-5-1"),
        format!("/versions/{v}/mds2"),
        format!("/products/{p}"),
        format!("/products/{p}/scope"),
        "/lifecycle".to_owned(),
        "/lifecycle?months=24".to_owned(),
        "/?months=6".to_owned(),
    ];
    for (lang, words) in [
        (
            "ja",
            [
                "適合性確認",
                "MDS2",
                "適用範囲",
                "EOL/EOS予定",
                "限定的サポート期間",
            ],
        ),
        (
            "en",
            [
                "Conformity",
                "MDS2",
                "Scope",
                "Upcoming EOL/EOS",
                "Limited-support plan",
            ],
        ),
    ] {
        c.get(format!("{base}/lang?to={lang}&next=/"))
            .send()
            .await
            .unwrap();
        let mut all = String::new();
        for page in &pages {
            let body = get_ok(&c, &format!("{base}{page}")).await;
            assert!(body.contains(&format!(r#"<html lang="{lang}">"#)), "{page}");
            all.push_str(&body);
        }
        for word in words {
            assert!(all.contains(word), "{lang}: no {word}");
        }
    }
    // Japanese terms of the notice on the conformity page; the statements in the page's
    // language.
    c.get(format!("{base}/lang?to=ja&next=/"))
        .send()
        .await
        .unwrap();
    let body = get_ok(&c, &format!("{base}/versions/{v}/conformity")).await;
    for text in [
        "記載文書",
        "確認項目",
        "附属書F(トランジションヘルスソフトウェア)",
        "サイバーセキュリティの確保に係る活動を、品質マネジメントシステムに基づいて行っていること。",
        "薬生機審発0523第1号",
        "添付資料(DOCX)",
        "エビデンスパック(zip)",
    ] {
        assert!(body.contains(text), "conformity page (ja) lacks {text}");
    }
    c.get(format!("{base}/lang?to=en&next=/"))
        .send()
        .await
        .unwrap();
    let body = get_ok(&c, &format!("{base}/versions/{v}/conformity")).await;
    assert!(body.contains(
        "Cybersecurity activities are carried out within the quality management system."
    ));
    assert!(body.contains("Filled by tplc when the version has a ready (ingested) SBOM."));
}

#[tokio::test]
async fn linking_documents_closes_gaps_inherits_and_exports() {
    let (base, s, dir) = start().await;
    let store = store_of(&dir).await;
    let v2 = second_version_and_viewer(&store, &s).await;
    let c = client(&base, "en");
    login(&c, &base, "alice", PASSWORD).await;
    let v = s.version;
    let page_url = format!("{base}/versions/{v}/conformity");
    let page = get_ok(&c, &page_url).await;
    // The seeded version has a ready SBOM and findings: items 1(5) a and 2(1) b fill themselves;
    // the vulnerability database is not imported.
    assert_eq!(gap_count(&page), 14, "{page}");
    assert_eq!(item_state(&page, "jp0523-1-5-a"), "met");
    assert_eq!(item_state(&page, "jp0523-1-1-a"), "no_evidence");
    let token = csrf(&page);
    let add = format!("{base}/versions/{v}/conformity/evidence");

    // An unknown item, a document without number and title: refused with the message, nothing
    // saved.
    let (status, body) = post(
        &c,
        &add,
        &[
            ("csrf_token", &token),
            ("item_id", "jp0523-9-9-z"),
            ("document_number", "QMS-1"),
            ("status", "approved"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("jp0523-9-9-z") && body.contains("jp-mhlw-0523"),
        "{body}"
    );
    assert_eq!(gap_count(&body), 14);
    let (status, body) = post(
        &c,
        &add,
        &[
            ("csrf_token", &token),
            ("item_id", "jp0523-1-1-a"),
            ("status", "approved"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Enter a document number or a title."));
    // Without the CSRF token: refused by the guard.
    let (status, _) = post(&c, &add, &[("item_id", "jp0523-1-1-a"), ("title", "QMS")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A document: listed under its item, the gap gone.
    let (status, body) = post(
        &c,
        &add,
        &[
            ("csrf_token", &token),
            ("catalog", "jp-mhlw-0523"),
            ("item_id", "jp0523-1-1-a"),
            ("document_number", "QMS-SEC-001"),
            ("title", "Cybersecurity manual"),
            ("document_version", "3"),
            ("location", "https://dms.example.jp/QMS-SEC-001"),
            ("owner", "Quality assurance"),
            ("status", "approved"),
            ("note", "Section 4"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Document linked."));
    assert!(body.contains("QMS-SEC-001") && body.contains("Cybersecurity manual"));
    assert_eq!(gap_count(&body), 13);
    assert_eq!(item_state(&body, "jp0523-1-1-a"), "met");
    let v1_link = first_link(&body, "jp0523-1-1-a");

    // Version 2 inherits it, marked; its own automatic evidence is missing (no SBOM).
    let v2_url = format!("{base}/versions/{v2}/conformity");
    let body = get_ok(&c, &v2_url).await;
    assert!(body.contains("QMS-SEC-001"));
    assert!(body.contains("inherited from 2.1.0"), "{body}");
    assert_eq!(item_state(&body, "jp0523-1-1-a"), "met");
    assert_eq!(item_state(&body, "jp0523-1-5-a"), "no_evidence");
    // Changing it on version 2 makes version 2's own copy; version 1 keeps its link.
    let (status, body) = post(
        &c,
        &format!("{base}/versions/{v2}/conformity/evidence/{v1_link}"),
        &[
            ("csrf_token", &token),
            ("document_number", "QMS-SEC-001"),
            ("title", "Cybersecurity manual"),
            ("document_version", "4"),
            ("status", "drafted"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Document link changed."));
    assert_eq!(item_state(&body, "jp0523-1-1-a"), "not_approved");
    assert!(!body.contains("inherited from 2.1.0"));
    let body = get_ok(&c, &page_url).await;
    assert_eq!(item_state(&body, "jp0523-1-1-a"), "met");
    assert_eq!(gap_count(&body), 13);

    // Annex F: an applied record needs its rationale and version; then the three waived items
    // are not required, and version 2 inherits the record as needing review.
    let annex = format!("{base}/versions/{v}/annex-f");
    let (status, body) = post(&c, &annex, &[("csrf_token", &token), ("applied", "on")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains(r#"id="annex-f-error""#) && body.contains("rationale"),
        "{body}"
    );
    assert_eq!(gap_count(&body), 13);
    let (status, body) = post(
        &c,
        &annex,
        &[
            ("csrf_token", &token),
            ("applied", "on"),
            (
                "rationale",
                "Marketed since 2015; residual risk evaluated in RA-12.",
            ),
            ("rationale_version", "2.1.0"),
            ("f2_a_done", "on"),
            ("f2_a_evidence", "SRS-4"),
            ("residual_risk_acceptable", "yes"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Annex F record saved."));
    assert!(body.contains(r#"data-validity="current""#));
    for waived in ["jp0523-1-2-a", "jp0523-1-2-c", "jp0523-1-2-d"] {
        assert_eq!(item_state(&body, waived), "not_required");
    }
    assert_eq!(gap_count(&body), 10);
    let body = get_ok(&c, &v2_url).await;
    assert!(body.contains(r#"data-validity="needs_review""#), "{body}");
    assert!(body.contains("Needs review") && body.contains("2.1.0"));

    // Downloads: the attachment as DOCX (a zip) and HTML in both languages, the evidence pack.
    let r = c
        .get(format!(
            "{base}/versions/{v}/attachment?format=docx&lang=ja"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("wordprocessingml")
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let docx = r.bytes().await.unwrap();
    assert!(
        docx.starts_with(b"PK") && docx.len() > 2000,
        "{} bytes",
        docx.len()
    );
    let html = get_ok(
        &c,
        &format!("{base}/versions/{v}/attachment?format=html&lang=ja"),
    )
    .await;
    assert!(
        html.contains("一般要求事項") && html.contains("附属書Fトランジションヘルスソフトウェア")
    );
    let html = get_ok(
        &c,
        &format!("{base}/versions/{v}/attachment?format=html&lang=en"),
    )
    .await;
    assert!(
        html.contains("General requirements") && html.contains("QMS-SEC-001"),
        "{html}"
    );
    let r = c
        .get(format!("{base}/versions/{v}/evidence-pack"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/zip");
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    let r = c
        .get(format!("{base}/versions/{v}/attachment?format=pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Removing the link on version 1 reopens the gap.
    let (status, body) = post(
        &c,
        &format!("{base}/versions/{v}/conformity/evidence/{v1_link}/remove"),
        &[("csrf_token", &token)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Document link removed."));
    assert_eq!(item_state(&body, "jp0523-1-1-a"), "no_evidence");
    assert_eq!(gap_count(&body), 11);

    // Every change is in the audit log.
    let audit = get_ok(&c, &format!("{base}/audit")).await;
    for action in [
        "evidence.add",
        "evidence.update",
        "evidence.remove",
        "annex_f.put",
    ] {
        assert!(
            audit.contains(&format!(r#"data-action="{action}""#)),
            "no {action}"
        );
    }

    // A viewer reads the page without forms and may not change anything; another
    // organization's version is a 404 page.
    let vera = client(&base, "ja");
    login(&vera, &base, "vera", PASSWORD).await;
    let body = get_ok(&vera, &page_url).await;
    assert!(body.contains("記載文書") && !body.contains(r#"id="link-form""#));
    let (status, body) = post(
        &vera,
        &add,
        &[
            ("csrf_token", &csrf(&body)),
            ("item_id", "jp0523-1-1-a"),
            ("title", "x"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("権限がありません"));
    let bob = client(&base, "en");
    login(&bob, &base, "bob", PASSWORD).await;
    for url in [
        page_url.clone(),
        format!("{base}/versions/{v}/attachment?format=docx"),
        format!("{base}/versions/{v}/mds2"),
    ] {
        let r = bob.get(&url).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{url}");
        assert!(r.text().await.unwrap().contains("Not found"));
    }
}

fn date_in(months: u32) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    tplc_compliance::format_date(tplc_compliance::add_months(today, months).unwrap())
}

#[tokio::test]
async fn lifecycle_form_disclosures_and_upcoming_dates() {
    let (base, s, _dir) = start().await;
    let c = client(&base, "en");
    login(&c, &base, "alice", PASSWORD).await;
    let v = s.version;
    let page = get_ok(&c, &format!("{base}/versions/{v}")).await;
    let token = csrf(&page);
    let url = format!("{base}/versions/{v}/lifecycle");

    // EOS on EOL: refused at the field with the message citing QA2 Q10, nothing saved.
    let (status, body) = post(
        &c,
        &url,
        &[
            ("csrf_token", &token),
            ("lifecycle_phase", "support"),
            ("eol_date", "2030-03-31"),
            ("eos_date", "2030-03-31"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains(r#"id="lc-eos-error""#), "{body}");
    assert!(body.contains(
        "EOS 2030-03-31 is not after EOL 2030-03-31: a limited-support period between EOL and EOS is required (QA2 Q10, 2024-01-31)"
    ));
    assert!(
        get_ok(&c, &format!("{base}/versions/{v}"))
            .await
            .contains("2033-03-31")
    );
    // In Japanese the same rule in Japanese.
    c.get(format!("{base}/lang?to=ja&next=/"))
        .send()
        .await
        .unwrap();
    let (status, body) = post(
        &c,
        &url,
        &[
            ("csrf_token", &token),
            ("eol_date", "2030-03-31"),
            ("eos_date", "2030-01-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("限定的サポート期間") && body.contains("QA2 Q10"),
        "{body}"
    );
    // Legacy without a reason.
    let (status, body) = post(&c, &url, &[("csrf_token", &token), ("legacy", "on")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("レガシー医療機器としていますが、その理由が記載されていません"));
    c.get(format!("{base}/lang?to=en&next=/"))
        .send()
        .await
        .unwrap();

    // A good plan: EOL in 3 months, EOS in 9; saved, shown, audited.
    let (eol, eos) = (date_in(3), date_in(9));
    let (status, body) = post(
        &c,
        &url,
        &[
            ("csrf_token", &token),
            ("lifecycle_phase", "support"),
            ("release_date", "2026-04-01"),
            ("eol_date", &eol),
            ("eos_date", &eos),
            (
                "limited_support_plan",
                "Security updates and spare parts until EOS.",
            ),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Lifecycle saved.")
            && body.contains("Security updates and spare parts until EOS.")
    );
    assert!(body.contains(&eos));

    // The upcoming view: 6 months shows the EOL only, 12 both; the plan was shown to nobody.
    let six = get_ok(&c, &format!("{base}/lifecycle?months=6")).await;
    assert!(six.contains(&eol) && !six.contains(&eos), "{six}");
    let twelve = get_ok(&c, &format!("{base}/lifecycle?months=12")).await;
    assert!(twelve.contains(&eol) && twelve.contains(&eos));
    assert!(twelve.contains(r#"data-code="plan_not_shown""#), "{twelve}");
    let dashboard = get_ok(&c, &format!("{base}/?months=24")).await;
    assert!(dashboard.contains("Upcoming EOL/EOS") && dashboard.contains(&eos));

    // Disclosures: a missing customer is refused; a record is listed and clears the problem.
    let add = format!("{base}/versions/{v}/disclosures");
    let (status, body) = post(
        &c,
        &add,
        &[("csrf_token", &token), ("shown_at", "2026-05-01")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Fill in: Customer (hospital)"), "{body}");
    let (status, body) = post(
        &c,
        &add,
        &[
            ("csrf_token", &token),
            ("customer", "Tokyo General Hospital"),
            ("shown_at", "2026-05-01"),
            ("method", "letter"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Disclosure recorded.") && body.contains("Tokyo General Hospital"));
    let twelve = get_ok(&c, &format!("{base}/lifecycle?months=12")).await;
    assert!(
        !twelve.contains(r#"data-code="plan_not_shown""#),
        "{twelve}"
    );

    // The new-version form applies the same rule.
    let (status, body) = post(
        &c,
        &format!("{base}/products/{}/versions", s.product),
        &[
            ("csrf_token", &token),
            ("version", "3.0"),
            ("eol_date", "2031-01-01"),
            ("eos_date", "2030-12-31"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("QA2 Q10"));
    let audit = get_ok(&c, &format!("{base}/audit")).await;
    assert!(audit.contains(r#"data-action="product_version.update""#));
    assert!(audit.contains(r#"data-action="disclosure.add""#));
}

#[tokio::test]
async fn scope_decision_and_diagrams() {
    let (base, s, _dir) = start().await;
    let c = client(&base, "ja");
    login(&c, &base, "alice", PASSWORD).await;
    let p = s.product;
    let url = format!("{base}/products/{p}/scope");
    let page = get_ok(&c, &url).await;
    assert!(page.contains("適用判断はまだ記録されていません。"));
    let token = csrf(&page);
    // A result against the rule without reasoning: refused with the Japanese message.
    let (status, body) = post(
        &c,
        &url,
        &[
            ("csrf_token", &token),
            ("has_software", "on"),
            ("interface", "network"),
            ("in_scope", "no"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("判断理由が記載されていません"), "{body}");
    let (status, body) = post(
        &c,
        &url,
        &[
            ("csrf_token", &token),
            ("has_software", "on"),
            ("interface", "network"),
            ("interface", "usb_media"),
            ("in_scope", "yes"),
            ("reasoning_ja", "院内LANに接続する。"),
            ("reasoning_en", "Connects to the hospital LAN."),
            ("use_environment", "hospital"),
            ("platform", "Windows 10 IoT Enterprise LTSC"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("適用範囲と使用環境を保存しました。"));
    assert!(body.contains(r#"value="usb_media" checked"#) && body.contains("院内LANに接続する。"));
    assert!(body.contains("Windows 10 IoT Enterprise LTSC"));

    // A diagram: the raw file with the CSRF header, listed, downloaded as uploaded, removed.
    let png = b"\x89PNG\r\n\x1a\nnot really an image".to_vec();
    let upload = format!("{base}/products/{p}/diagrams");
    let r = c
        .post(&upload)
        .header("x-csrf-token", &token)
        .header("x-file-name", "net%20diagram.png")
        .header(ACCEPT, "application/json")
        .body(png.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let json: serde_json::Value = r.json().await.unwrap();
    let id = json["diagram"].as_i64().unwrap();
    let body = get_ok(&c, &format!("{base}{}", json["location"].as_str().unwrap())).await;
    assert!(body.contains("構成図をアップロードしました。") && body.contains("net diagram.png"));
    let r = c
        .get(format!("{base}/products/{p}/diagrams/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), png);
    let r = c
        .post(&upload)
        .header("x-csrf-token", &token)
        .header(ACCEPT, "application/json")
        .body(Vec::new())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let json: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        json["message"],
        "アップロードするファイルを選択してください。"
    );
    let (status, body) = post(
        &c,
        &format!("{base}/products/{p}/diagrams/{id}/remove"),
        &[("csrf_token", &token)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("構成図を削除しました。") && !body.contains("net diagram.png"));
    let audit = get_ok(&c, &format!("{base}/audit")).await;
    for action in ["scope.put", "diagram.add", "diagram.remove"] {
        assert!(
            audit.contains(&format!(r#"data-action="{action}""#)),
            "no {action}"
        );
    }
    // In English; another organization's product is a 404 page.
    c.get(format!("{base}/lang?to=en&next=/"))
        .send()
        .await
        .unwrap();
    let body = get_ok(&c, &url).await;
    assert!(body.contains("Scope decision") && body.contains("Connects to the hospital LAN."));
    let r = c
        .get(format!("{base}/products/{}/scope", s.other_product))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Writing to it too: the editor's organization does not hold it, nothing is saved there.
    let other = s.other_product;
    let (status, body) = post(
        &c,
        &format!("{base}/products/{other}/scope"),
        &[
            ("csrf_token", &token),
            ("has_software", "on"),
            ("in_scope", "no"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Not found"));
    let r = c
        .post(format!("{base}/products/{other}/diagrams"))
        .header("x-csrf-token", &token)
        .header(ACCEPT, "application/json")
        .body(png)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn mds2_answers_download_and_import() {
    let (base, s, _dir) = start().await;
    let c = client(&base, "en");
    login(&c, &base, "alice", PASSWORD).await;
    let v = s.version;
    let url = format!("{base}/versions/{v}/mds2");
    let page = get_ok(&c, &url).await;
    // Not saved yet: pre-filled from what tplc holds (the SBOM), marked.
    assert!(page.contains(r#"id="mds2-not-stored""#));
    assert!(
        page.contains(r#"<tr data-question="SBOM-1" data-prefilled="true">"#),
        "{page}"
    );
    assert!(page.contains("Demo Medical"));
    let token = csrf(&page);

    // A choice that is not one: refused, nothing saved.
    let (status, body) = post(
        &c,
        &url,
        &[("csrf_token", &token), ("answer:SBOM-1", "maybe")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("SBOM-1"), "{body}");
    // Saved answers.
    let (status, body) = post(
        &c,
        &url,
        &[
            ("csrf_token", &token),
            ("meta_manufacturer", "Demo Medical"),
            ("answer:DOC-1", "Demo Medical"),
            ("answer:SBOM-1", "yes"),
            ("note:SBOM-1", "CycloneDX 1.5"),
            ("answer:AUDT-1", "no"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("MDS2 answers saved.") && body.contains(r#"id="mds2-stored""#));
    assert!(body.contains(r#"<option value="no" selected>No</option>"#));
    assert!(body.contains(r#"value="CycloneDX 1.5""#));

    // The workbook: a zip, read back by the import as the same answers.
    let r = c.get(format!("{url}.xlsx?lang=ja")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let xlsx = r.bytes().await.unwrap().to_vec();
    assert!(xlsx.starts_with(b"PK"));
    let import = |bytes: Vec<u8>| {
        c.post(format!("{url}.xlsx"))
            .header("x-csrf-token", &token)
            .header(ACCEPT, "application/json")
            .body(bytes)
            .send()
    };
    let r = import(xlsx).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let json: serde_json::Value = r.json().await.unwrap();
    let body = get_ok(&c, &format!("{base}{}", json["location"].as_str().unwrap())).await;
    assert!(body.contains("MDS2 workbook imported."));
    assert!(
        body.contains(r#"<option value="no" selected>No</option>"#)
            && body.contains(r#"value="CycloneDX 1.5""#)
    );

    // A workbook of another layout: the error names the sheet, nothing saved.
    let mut other = rust_xlsxwriter::Workbook::new();
    other
        .add_worksheet()
        .set_name("Sheet1")
        .unwrap()
        .write_string(0, 0, "Name")
        .unwrap();
    let r = import(other.save_to_buffer().unwrap()).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        json["message"],
        "The workbook could not be imported: sheet 'Sheet1': no MDS2 question table (expected header 'Question ID' in column A)"
    );
    let body = get_ok(&c, &url).await;
    assert!(body.contains(r#"<option value="no" selected>No</option>"#));
    let audit = get_ok(&c, &format!("{base}/audit")).await;
    assert!(
        audit.contains(r#"data-action="mds2.put""#)
            && audit.contains(r#"data-action="mds2.import""#)
    );
    // In Japanese, the questions and choices in Japanese.
    c.get(format!("{base}/lang?to=ja&next=/"))
        .send()
        .await
        .unwrap();
    let body = get_ok(&c, &url).await;
    assert!(
        body.contains("いいえ") && body.contains("注記参照") && body.contains("保存済みの回答")
    );
}
