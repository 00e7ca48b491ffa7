//! The regulatory-evidence walkthrough over the HTTP API, on SQLite always and on PostgreSQL
//! when `TPLC_TEST_POSTGRES_URL` is set: a product with two versions; evidence linked to all
//! 16 items of `jp-mhlw-0523` on version 1 with the gap list at each step (16 → 0); version 2
//! inheriting it; a copy-on-write change on version 2 leaving version 1 unchanged; Annex F on
//! version 1 (three items not required, the Annex F sentence in the attachment's HTML and
//! DOCX); an unknown item and EOS ≤ EOL refused with nothing saved; MDS2 answers through an
//! XLSX round trip; upload size limits; the audit chain verifying at the end.

#[allow(dead_code, unreachable_pub)]
#[path = "it/support.rs"]
mod support;

use std::io::{Read, Write};

use serde_json::{Value, json};
use tplc_store::Role;

use support::{Server, TestDb};

crate::backend_tests!(compliance_walkthrough, tplc_holds_evidence_itself);

const CATALOG: &str = "jp-mhlw-0523";
/// The items Annex F waives (QA2 Q8).
const WAIVED: [&str; 3] = ["jp0523-1-2-a", "jp0523-1-2-c", "jp0523-1-2-d"];

/// An API client with a bearer token.
struct Api<'a> {
    server: &'a Server,
    token: String,
    client: reqwest::Client,
}

impl Api<'_> {
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> (u16, Vec<u8>) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .client
            .request(method, self.server.url(&format!("/api/v1{path}")))
            .bearer_auth(&self.token);
        if let Some((content_type, bytes)) = body {
            request = request.header("content-type", content_type).body(bytes);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.bytes().await.unwrap().to_vec())
    }

    async fn json(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let body = body.map(|v| ("application/json", serde_json::to_vec(&v).unwrap()));
        let (status, bytes) = self.send(method, path, body).await;
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, value) = self.json(method, path, body).await;
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {value}"
        );
        value
    }
}

/// The item ids of a status's gap list.
fn gap_ids(status: &Value) -> Vec<String> {
    let list: Vec<String> = status["gap_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["item_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(status["gaps"], list.len(), "{status}");
    list
}

fn item<'a>(status: &'a Value, id: &str) -> &'a Value {
    status["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"]["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// Fetches the Japanese DOCX attachment of `version` and keeps it for review with the row
/// titles, every document number of its evidence and `extra`.
async fn export_for_review(
    api: &Api<'_>,
    o: &str,
    version: i64,
    status_url: &str,
    name: &str,
    row_titles: &[String],
    extra: Option<String>,
) {
    let status = api.ok("GET", status_url, None).await;
    let mut expected = row_titles.to_vec();
    for i in status["items"].as_array().unwrap() {
        for e in i["evidence"].as_array().unwrap() {
            expected.push(e["document_number"].as_str().unwrap().to_owned());
        }
    }
    expected.extend(extra);
    let url = format!("{o}/versions/{version}/attachment?format=docx&lang=ja");
    let (code, bytes) = api.send("GET", &url, None).await;
    assert_eq!(code, 200);
    keep_for_review(name, &bytes, &expected);
}

/// Writes `<name>.docx` and `<name>.expected.txt` (one string per line) under
/// `target/tmp/compliance-walkthrough/`, atomically, for `scripts/check_attachment.sh`.
fn keep_for_review(name: &str, docx: &[u8], expected: &[String]) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("compliance-walkthrough");
    std::fs::create_dir_all(&dir).unwrap();
    let mut lines = expected.to_vec();
    lines.sort();
    lines.dedup();
    for (file, content) in [
        (format!("{name}.docx"), docx.to_vec()),
        (
            format!("{name}.expected.txt"),
            (lines.join("\n") + "\n").into_bytes(),
        ),
    ] {
        let tmp = dir.join(format!("{file}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, content).unwrap();
        std::fs::rename(&tmp, dir.join(file)).unwrap();
    }
}

/// The text of a DOCX's `word/document.xml`, tags removed and the XML entities undone.
fn docx_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The workbook with its `Question ID` header renamed: a workbook of another layout.
fn other_layout(xlsx: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut renamed = false;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if let Ok(text) = String::from_utf8(content.clone())
            && text.contains("Question ID")
        {
            content = text.replace("Question ID", "Frage").into_bytes();
            renamed = true;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    assert!(renamed, "the workbook has the header text");
    out.finish().unwrap().into_inner()
}

async fn compliance_walkthrough(db: &TestDb) {
    let server = Server::start(db, |s| s).await;
    let store = server.store().clone();
    let owner = support::user(&store, "owner").await;
    let editor = support::user(&store, "editor").await;
    let mut tx = store.begin().await.unwrap();
    let org = tx
        .create_organization(
            tplc_store::OrganizationKind::Manufacturer,
            "Walkthrough Medical",
        )
        .await
        .unwrap();
    tx.add_membership(org.id, owner.id, Role::Admin)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    support::member(&store, org.id, editor.id, Role::Editor).await;
    let (token, _) = support::token(&store, org.id, editor.id, Role::Editor, "walk").await;
    let api = Api {
        server: &server,
        token,
        client: server.bare_client(),
    };
    let o = format!("/organizations/{}", org.id);

    // A product with two versions.
    let product = api
        .ok(
            "POST",
            &format!("{o}/products"),
            Some(
                json!({"name": "SP-200 輸液ポンプ", "generic_name": "汎用輸液ポンプ",
                "approval_number": "30500BZX00001000"}),
            ),
        )
        .await;
    let p = product["id"].as_i64().unwrap();
    let v1 = api
        .ok(
            "POST",
            &format!("{o}/products/{p}/versions"),
            Some(json!({"version": "1.0"})),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let v2 = api
        .ok(
            "POST",
            &format!("{o}/products/{p}/versions"),
            Some(json!({"version": "2.0"})),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let status_of = |v: i64| format!("{o}/versions/{v}/compliance/{CATALOG}");

    // The catalog: 16 items.
    let catalog = api.ok("GET", &format!("/catalogs/{CATALOG}"), None).await;
    let items: Vec<String> = catalog["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(items.len(), 16);
    let sentence_ja = catalog["annex_f_sentence"]["ja"]
        .as_str()
        .unwrap()
        .to_owned();
    let sentence_en = catalog["annex_f_sentence"]["en"]
        .as_str()
        .unwrap()
        .to_owned();

    // No evidence yet: 16 gaps, none filled by tplc (no SBOM, no vulnerability database).
    let status = api.ok("GET", &status_of(v1), None).await;
    assert_eq!(gap_ids(&status), items);
    assert!(
        status["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["state"] == "no_evidence")
    );
    assert_eq!(
        item(&status, "jp0523-1-5-a")["auto"],
        json!({"kind": "sbom", "available": false})
    );

    // A drafted document is linked but is not evidence yet: not_approved.
    let drafted = api
        .ok(
            "POST",
            &format!("{o}/versions/{v1}/evidence"),
            Some(json!({"catalog": CATALOG, "item_id": items[0], "kind": "document",
                "document_number": "QM-SEC-000", "title": "Security policy", "document_version": "0.9",
                "location": "https://qms.example/QM-SEC-000", "owner": "QA", "status": "drafted",
                "note": "draft"})),
        )
        .await;
    let status = api.ok("GET", &status_of(v1), None).await;
    assert_eq!(item(&status, &items[0])["state"], "not_approved");
    assert_eq!(status["gaps"], 16);
    // Approving it (PUT) makes the item met: 15 gaps.
    let approved = api
        .ok(
            "PUT",
            &format!("{o}/versions/{v1}/evidence/{}", drafted["id"]),
            Some(
                json!({"catalog": CATALOG, "item_id": items[0], "document_number": "QM-SEC-000",
                "title": "Security policy", "document_version": "1.0", "status": "approved"}),
            ),
        )
        .await;
    assert_eq!(
        approved["id"], drafted["id"],
        "an own link is changed in place"
    );
    assert_eq!(
        gap_ids(&api.ok("GET", &status_of(v1), None).await).len(),
        15
    );

    // Link an approved document to every other item: one gap fewer at each step.
    for (n, id) in items.iter().enumerate().skip(1) {
        api.ok(
            "POST",
            &format!("{o}/versions/{v1}/evidence"),
            Some(json!({"catalog": CATALOG, "item_id": id, "document_number": format!("QM-SEC-{n:03}"),
                "title": format!("Procedure {n}"), "document_version": "1.0", "status": "approved"})),
        )
        .await;
        let status = api.ok("GET", &status_of(v1), None).await;
        let gaps = gap_ids(&status);
        assert_eq!(gaps.len(), 15 - n, "after linking {id}");
        assert!(!gaps.contains(id));
        assert_eq!(item(&status, id)["state"], "met");
    }
    let status = api.ok("GET", &status_of(v1), None).await;
    assert_eq!(status["gaps"], 0);
    let mut linked = 0;
    for i in status["items"].as_array().unwrap() {
        assert_eq!(i["state"], "met");
        assert_eq!(i["evidence"].as_array().unwrap().len(), 1, "{i}");
        assert_eq!(i["evidence"][0]["inherited_from"], Value::Null);
        linked += 1;
    }
    assert_eq!(linked, 16, "evidence linked to all 16 items");

    // Version 2 inherits version 1's evidence: no gap, each link inherited from 1.0.
    let status2 = api.ok("GET", &status_of(v2), None).await;
    assert_eq!(status2["gaps"], 0);
    for i in status2["items"].as_array().unwrap() {
        let e = &i["evidence"][0];
        assert_eq!(
            e["inherited_from"],
            json!({"version": v1, "label": "1.0"}),
            "{i}"
        );
    }

    // Changing one link on version 2 copies the set (copy-on-write); version 1 keeps its link.
    let target = &items[3];
    let inherited = &item(&status2, target)["evidence"][0];
    let changed = api
        .ok(
            "PUT",
            &format!("{o}/versions/{v2}/evidence/{}", inherited["id"]),
            Some(json!({"catalog": CATALOG, "item_id": target, "document_number": "QM-SEC-003",
                "title": "Procedure 3 (rev. for 2.0)", "document_version": "2.0", "status": "approved"})),
        )
        .await;
    assert_ne!(changed["id"], inherited["id"]);
    assert_eq!(changed["copied_from"], inherited["id"]);
    let status2 = api.ok("GET", &status_of(v2), None).await;
    let own = &item(&status2, target)["evidence"][0];
    assert_eq!(own["inherited_from"], Value::Null);
    assert_eq!(own["title"], "Procedure 3 (rev. for 2.0)");
    assert_eq!(
        item(&status2, &items[4])["evidence"][0]["inherited_from"]["version"],
        v1
    );
    let status1 = api.ok("GET", &status_of(v1), None).await;
    let original = &item(&status1, target)["evidence"][0];
    assert_eq!(original["id"], inherited["id"]);
    assert_eq!(original["title"], "Procedure 3");
    assert_eq!(original["document_version"], "1.0");

    // An unknown item is 422 at /item_id naming the catalog, and nothing is saved.
    let links_before = db.count("evidence_links").await;
    let events_before = db.count("audit_events").await;
    let (code, error) = api
        .json(
            "POST",
            &format!("{o}/versions/{v1}/evidence"),
            Some(
                json!({"catalog": CATALOG, "item_id": "jp0523-9-9-z", "document_number": "X-1",
                "title": "x", "status": "approved"}),
            ),
        )
        .await;
    assert_eq!(code, 422, "{error}");
    assert_eq!(error["pointer"], "/item_id");
    assert!(
        error["message"].as_str().unwrap().contains(CATALOG),
        "{error}"
    );
    assert_eq!(db.count("evidence_links").await, links_before);
    assert_eq!(db.count("audit_events").await, events_before);

    // For scripts/check_attachment.sh: the real exports of this walkthrough, with the strings
    // their text must hold — every row title and every linked document number. Version 2 now,
    // before Annex F: its documents (inherited and changed) fill the rows.
    let row_titles: Vec<String> = catalog["attachment"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"]["ja"].as_str().unwrap().to_owned())
        .collect();
    export_for_review(
        &api,
        &o,
        v2,
        &status_of(v2),
        "walkthrough-v2",
        &row_titles,
        None,
    )
    .await;

    // Annex F on version 1: the three waived items are not required; gaps stay 0.
    let (code, error) = api
        .json(
            "PUT",
            &format!("{o}/versions/{v1}/annex-f"),
            Some(json!({"applied": true})),
        )
        .await;
    assert_eq!(
        (code, error["pointer"].as_str()),
        (422, Some("/rationale")),
        "{error}"
    );
    let annex = api
        .ok(
            "PUT",
            &format!("{o}/versions/{v1}/annex-f"),
            Some(json!({"applied": true, "clause4_evidence": "QM-SEC-000",
                "gap_analysis": "GA-001", "rationale": "継続使用の根拠 / continued-use rationale",
                "rationale_version": "1.0", "transition_plan": "TP-001",
                "residual_risk_acceptable": true})),
        )
        .await;
    assert_eq!(annex["validity"], json!({"state": "current"}));
    let status1 = api.ok("GET", &status_of(v1), None).await;
    assert_eq!(status1["gaps"], 0);
    for id in &items {
        let want = if WAIVED.contains(&id.as_str()) {
            "not_required"
        } else {
            "met"
        };
        assert_eq!(item(&status1, id)["state"], want, "{id}");
    }
    assert_eq!(status1["annex_f"]["record"]["applied"], true);
    // Version 2 inherits the record, documented for 1.0: needs review.
    let annex2 = api
        .ok("GET", &format!("{o}/versions/{v2}/annex-f"), None)
        .await;
    assert_eq!(annex2["inherited_from"]["version"], v1);
    assert_eq!(
        annex2["validity"],
        json!({"state": "needs_review", "recorded_for": "1.0"})
    );

    // The attachment carries the Annex F sentence: HTML and DOCX, Japanese and English.
    let attachment = |format: &str, lang: &str| {
        format!("{o}/versions/{v1}/attachment?format={format}&lang={lang}")
    };
    let (code, html) = api.send("GET", &attachment("html", "ja"), None).await;
    assert_eq!(code, 200);
    let html = String::from_utf8(html).unwrap();
    assert!(
        html.contains(&sentence_ja),
        "the HTML attachment has the Annex F sentence"
    );
    assert!(html.contains("一般要求事項") && html.contains("QM-SEC-001"));
    let (code, docx) = api.send("GET", &attachment("docx", "ja"), None).await;
    assert_eq!(code, 200);
    assert!(docx.starts_with(b"PK"));
    let text = docx_text(&docx);
    assert!(
        text.contains(&sentence_ja),
        "document.xml has the Annex F sentence: {text}"
    );
    assert!(text.contains("ソフトウェア構成管理プロセス") && text.contains("QM-SEC-008"));
    let (code, docx_en) = api.send("GET", &attachment("docx", "en"), None).await;
    assert_eq!(code, 200);
    assert!(docx_text(&docx_en).contains(&sentence_en));
    // Version 1 with Annex F: the sentence in the merged cell, the documents in the appendix.
    export_for_review(
        &api,
        &o,
        v1,
        &status_of(v1),
        "walkthrough-v1-annex-f",
        &row_titles,
        Some(sentence_ja.clone()),
    )
    .await;
    // An unknown format is a bad query parameter.
    let (code, bad) = api.json("GET", &attachment("pdf", "ja"), None).await;
    assert_eq!((code, bad["pointer"].as_str()), (400, Some("format")));

    // The evidence pack holds the attachment and the documents.
    let (code, pack) = api
        .send(
            "GET",
            &format!("{o}/versions/{v1}/evidence-pack?lang=en"),
            None,
        )
        .await;
    assert_eq!(code, 200);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(pack)).unwrap();
    for name in [
        "index.html",
        "attachment.docx",
        "attachment.html",
        "documents.csv",
        "lifecycle.html",
    ] {
        assert!(archive.by_name(name).is_ok(), "{name} in the pack");
    }
    let mut csv = String::new();
    archive
        .by_name("documents.csv")
        .unwrap()
        .read_to_string(&mut csv)
        .unwrap();
    assert!(csv.contains("QM-SEC-015"), "{csv}");

    // EOS on EOL is 422 citing QA2 Q10 at /eos_date, and nothing is saved.
    let version_path = format!("{o}/versions/{v1}");
    let (code, error) = api
        .json(
            "PUT",
            &version_path,
            Some(json!({"version": "1.0", "lifecycle_phase": "support",
                "eol_date": "2030-03-31", "eos_date": "2030-03-31"})),
        )
        .await;
    assert_eq!(code, 422, "{error}");
    assert_eq!(error["pointer"], "/eos_date");
    assert!(
        error["message"].as_str().unwrap().contains("QA2 Q10"),
        "{error}"
    );
    let unchanged = api.ok("GET", &version_path, None).await;
    assert_eq!(unchanged["eol_date"], Value::Null);
    assert_eq!(unchanged["lifecycle_phase"], "development");
    let updated = api
        .ok(
            "PUT",
            &version_path,
            Some(json!({"version": "1.0", "lifecycle_phase": "support",
                "eol_date": "2030-03-31", "eos_date": "2031-03-31",
                "limited_support_plan": "security patches only until EOS"})),
        )
        .await;
    assert_eq!(
        updated["limited_support_plan"],
        "security patches only until EOS"
    );
    let (code, error) = api
        .json(
            "PUT",
            &version_path,
            Some(json!({"version": "1.0", "legacy": true})),
        )
        .await;
    assert_eq!(
        (code, error["pointer"].as_str()),
        (422, Some("/legacy_reason")),
        "{error}"
    );
    api.ok(
        "POST",
        &format!("{o}/versions/{v1}/disclosures"),
        Some(json!({"customer": "中央病院", "shown_at": "2029-04-01", "method": "letter"})),
    )
    .await;
    let lifecycle = api
        .ok("GET", &format!("{o}/lifecycle?months=24"), None)
        .await;
    assert_eq!(lifecycle["months"], 24);

    // MDS2: PUT → XLSX → import gives the same answers.
    let prefilled = api
        .ok("GET", &format!("{o}/versions/{v1}/mds2"), None)
        .await;
    assert_eq!(prefilled["stored"], false);
    assert_eq!(
        prefilled["document"]["meta"]["manufacturer"],
        "Walkthrough Medical"
    );
    let mut document = prefilled["document"].clone();
    document["answers"]["DOC-9"] = json!({"answer": "no", "note": "確認済み"});
    document["answers"]["DOC-10"] = json!({"answer": "see_note", "note": "see the manual"});
    let stored = api
        .ok(
            "PUT",
            &format!("{o}/versions/{v1}/mds2"),
            Some(document.clone()),
        )
        .await;
    assert_eq!(stored["stored"], true);
    let (code, bad) = api
        .json(
            "PUT",
            &format!("{o}/versions/{v1}/mds2"),
            Some(json!({"answers": {"NOPE-1": {"answer": "yes"}}})),
        )
        .await;
    assert_eq!(
        (code, bad["pointer"].as_str()),
        (422, Some("/answers/NOPE-1")),
        "{bad}"
    );
    let (code, xlsx) = api
        .send("GET", &format!("{o}/versions/{v1}/mds2.xlsx"), None)
        .await;
    assert_eq!(code, 200);
    assert!(xlsx.starts_with(b"PK"));
    let imported = api
        .send(
            "POST",
            &format!("{o}/versions/{v1}/mds2.xlsx"),
            Some(("application/octet-stream", xlsx.clone())),
        )
        .await;
    assert_eq!(imported.0, 200, "{}", String::from_utf8_lossy(&imported.1));
    let after = api
        .ok("GET", &format!("{o}/versions/{v1}/mds2"), None)
        .await;
    assert_eq!(
        after["document"], stored["document"],
        "import gives identical answers"
    );
    assert_eq!(
        after["document"]["answers"]["DOC-9"],
        json!({"answer": "no", "note": "確認済み"})
    );
    // A workbook of another layout is 422 naming the sheet and cell; nothing changes.
    let (code, bad) = api
        .send(
            "POST",
            &format!("{o}/versions/{v1}/mds2.xlsx"),
            Some(("application/octet-stream", other_layout(&xlsx))),
        )
        .await;
    let bad: Value = serde_json::from_slice(&bad).unwrap();
    assert_eq!(code, 422, "{bad}");
    assert!(
        bad["message"].as_str().unwrap().starts_with("sheet 'MDS2'"),
        "{bad}"
    );
    assert_eq!(
        api.ok("GET", &format!("{o}/versions/{v1}/mds2"), None)
            .await["document"],
        stored["document"]
    );

    // Size limits: an MDS2 workbook over 8 MiB and a diagram over 16 MiB are 413.
    let (code, _) = api
        .send(
            "POST",
            &format!("{o}/versions/{v1}/mds2.xlsx"),
            Some(("application/octet-stream", vec![b'x'; 8 * 1024 * 1024 + 1])),
        )
        .await;
    assert_eq!(code, 413);
    let (code, _) = api
        .send(
            "POST",
            &format!("{o}/products/{p}/diagrams?file_name=net.png"),
            Some(("image/png", vec![0; 16 * 1024 * 1024 + 1])),
        )
        .await;
    assert_eq!(code, 413);
    let (code, diagram) = api
        .json(
            "POST",
            &format!("{o}/products/{p}/diagrams?file_name=%E6%A7%8B%E6%88%90%E5%9B%B3.png"),
            None,
        )
        .await;
    assert_eq!(code, 422, "an empty diagram is refused: {diagram}");
    let (code, diagram) = api
        .send(
            "POST",
            &format!("{o}/products/{p}/diagrams?file_name=%E6%A7%8B%E6%88%90%E5%9B%B3.png"),
            Some(("image/png", support::DIAGRAM.to_vec())),
        )
        .await;
    assert_eq!(code, 201);
    let diagram: Value = serde_json::from_slice(&diagram).unwrap();
    assert_eq!(diagram["file_name"], "構成図.png");
    let (code, bytes) = api
        .send(
            "GET",
            &format!("{o}/products/{p}/diagrams/{}", diagram["id"]),
            None,
        )
        .await;
    assert_eq!((code, bytes.as_slice()), (200, support::DIAGRAM));

    // Every change was audited in its transaction, and the chain verifies.
    for action in [
        "evidence.add",
        "evidence.update",
        "annex_f.put",
        "version.update",
        "disclosure.add",
        "mds2.put",
        "mds2.import",
        "diagram.add",
    ] {
        let n = db
            .count(&format!("audit_events WHERE action = '{action}'"))
            .await;
        assert!(n > 0, "{action}");
    }
    assert_eq!(
        db.count("audit_events WHERE action = 'evidence.add'").await,
        16,
        "one event per link added"
    );
    let verified = store.verify_audit_chain().await.unwrap();
    assert!(verified > 20, "{verified}");
}

/// The service layer on a version with a ready SBOM and a finding: the SBOM and advisory
/// history rows fill themselves, the vulnerability-procedure row once the vulnerability
/// database is imported; the attachment names tplc's own records; MDS2 facts come from the SBOM.
async fn tplc_holds_evidence_itself(db: &TestDb) {
    use tplc_server::compliance::{attachment_table, mds2_facts, status};
    let server = Server::start(db, |s| s).await;
    let store = server.store().clone();
    let owner = support::user(&store, "owner").await;
    let o = support::objects(&store, "Auto", owner.id, "member").await;
    let state = &server.state;
    let vulndb = state.vulndb_dir.as_path();
    let s = status(
        &store,
        &state.catalogs,
        o.org,
        o.version,
        CATALOG,
        Some(vulndb),
    )
    .await
    .unwrap();
    assert!(s.auto.sbom && s.auto.advisory_history && !s.auto.vulnerability_procedure);
    // The fixture links an approved document to 1(1) a; 1(5) a and 2(1) b fill themselves.
    assert_eq!(s.gaps, 13, "{:?}", s.gap_list);
    for id in ["jp0523-1-1-a", "jp0523-1-5-a", "jp0523-2-1-b"] {
        assert_eq!(
            s.item(id).unwrap().state,
            tplc_compliance::ItemState::Met,
            "{id}"
        );
    }
    assert!(s.gap_list.iter().any(|g| g.item_id == "jp0523-1-6-a"));
    std::fs::create_dir_all(vulndb).unwrap();
    std::fs::write(vulndb.join(tplc_vulndb::store::FILE_NAME), b"TPLCVDB\0").unwrap();
    let s = status(
        &store,
        &state.catalogs,
        o.org,
        o.version,
        CATALOG,
        Some(vulndb),
    )
    .await
    .unwrap();
    assert_eq!(s.gaps, 12);
    assert_eq!(
        s.item("jp0523-1-6-a").unwrap().auto,
        Some(tplc_server::compliance::AutoStatus {
            kind: tplc_compliance::AutoEvidence::VulnerabilityProcedure,
            available: true
        })
    );
    // Without the directory the rule does not apply.
    let s2 = status(&store, &state.catalogs, o.org, o.version, CATALOG, None)
        .await
        .unwrap();
    assert_eq!(s2.gaps, 13);
    let table = attachment_table(&s, tplc_compliance::Lang::Ja).unwrap();
    let clause = |c: &str| table.rows.iter().find(|r| r.clause == c).unwrap();
    assert!(
        clause("8").cell.iter().any(|d| d.number == "tplc:sbom"),
        "{table:?}"
    );
    assert!(clause("4").cell.iter().any(|d| d.number == "QM-SEC-001"));
    assert_eq!(table.annex_f, None);
    let unknown = status(&store, &state.catalogs, o.org, o.version, "nope", None).await;
    assert!(matches!(
        unknown,
        Err(tplc_server::compliance::ComplianceError::UnknownCatalog(_))
    ));
    let facts = mds2_facts(
        &store,
        o.org,
        o.version,
        Some(vulndb),
        tplc_compliance::Lang::En,
    )
    .await
    .unwrap();
    assert!(facts.sbom_available && facts.has_vulnerability_procedure);
    assert_eq!(facts.sbom_format.as_deref(), Some("CycloneDX 1.6"));
    assert_eq!(
        (
            facts.component_count,
            facts.components_with_supplier,
            facts.components_with_version
        ),
        (1, 1, 1)
    );
    assert_eq!(facts.manufacturer, "Auto");
    assert!(!facts.scope_recorded);
}
