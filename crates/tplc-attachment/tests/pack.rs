//! The evidence pack zip: its files, the index links, the parts' content, omissions and errors.

mod common;

use tplc_attachment::sample::sample_pack;
use tplc_attachment::{AttachmentError, Lang, PACK_FILES, to_docx, to_html, write_pack};

#[test]
fn pack_holds_every_file_in_order_and_the_index_links_them() {
    let pack = sample_pack(Lang::Ja, false);
    let bytes = write_pack(&pack).expect("the sample pack writes");
    let entries = common::unzip(&bytes);
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, PACK_FILES);

    let index = common::entry(&bytes, "index.html");
    assert!(index.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(index.contains("<h1>エビデンスパック：輸液ポンプ TP-200 2.1.0</h1>"));
    for name in PACK_FILES.iter().skip(1) {
        assert!(
            index.contains(&format!("<a href=\"{name}\">{name}</a>")),
            "index links {name}"
        );
    }
    assert!(index.contains("附属書F（トランジションヘルスソフトウェア）：適用なし"));
    assert!(index.contains("記載文書 17 件、脆弱性 2 件（未分析 1 件）"));
    assert!(!index.contains("含まれていません"));

    // The parts are the attachment and the caller's bytes, unchanged.
    let docx = to_docx(&pack.attachment).expect("attachment");
    let by_name = |wanted: &str| {
        entries
            .iter()
            .find(|(name, _)| name == wanted)
            .map(|(_, content)| content.clone())
            .unwrap_or_default()
    };
    assert_eq!(by_name("attachment.docx"), docx);
    assert_eq!(
        by_name("attachment.html"),
        to_html(&pack.attachment).into_bytes()
    );
    assert_eq!(by_name("sbom.cdx.json"), pack.sbom_cyclonedx);
    assert_eq!(by_name("sbom.spdx.json"), pack.sbom_spdx);
    assert_eq!(by_name("findings.json"), pack.findings_json);

    assert_eq!(write_pack(&pack).expect("again"), bytes, "deterministic");
}

#[test]
fn findings_lifecycle_and_documents_pages_show_their_data() {
    let pack = sample_pack(Lang::Ja, false);
    let bytes = write_pack(&pack).expect("the sample pack writes");

    let findings = common::entry(&bytes, "findings.html");
    assert!(
        findings.contains("<td>CVE-2024-5535</td><td>openssl</td><td>3.0.13</td><td>注意</td>")
    );
    assert!(findings.contains("<td>影響なし</td><td>脆弱なコードに到達しない</td>"));
    assert!(findings.contains("SSL_select_next_proto は本製品から呼び出されない。"));
    assert!(findings.contains("<td class=\"numeric\">9.8</td>"));
    assert!(findings.contains("<td>未分析</td>"));
    assert!(findings.contains("<a href=\"index.html\">"));

    let lifecycle = common::entry(&bytes, "lifecycle.html");
    assert!(lifecycle.contains("<th scope=\"row\">EOS(サポート終了)</th><td>2034-03-31</td>"));
    assert!(lifecycle.contains("<td>○○大学病院</td><td>2025-04-10</td><td>文書による通知</td>"));
    let lifecycle_json: serde_json::Value =
        serde_json::from_str(&common::entry(&bytes, "lifecycle.json")).expect("JSON");
    assert_eq!(lifecycle_json["eol"], "2032-03-31");
    assert_eq!(lifecycle_json["disclosures"][0]["customer"], "○○大学病院");

    let csv = common::entry(&bytes, "documents.csv");
    let lines: Vec<&str> = csv.split("\r\n").filter(|line| !line.is_empty()).collect();
    assert_eq!(lines.len(), 1 + pack.documents.len());
    assert_eq!(
        lines[0],
        "\u{feff}item_id,number,title,version,location,owner,status"
    );
    assert!(lines.contains(
        &"jp0523-1-2-e,STR-TP200-004,セキュリティ試験報告書,第1版,https://dms.example.invalid/documents/STR-TP200-004,品質保証部,drafted"
    ));

    let documents = common::entry(&bytes, "documents.html");
    assert!(documents.contains(
        "<a href=\"https://dms.example.invalid/documents/QM-SEC-001\">https://dms.example.invalid/documents/QM-SEC-001</a>"
    ));
    assert!(documents.contains("<td>作成中</td>"));

    let manifest: serde_json::Value =
        serde_json::from_str(&common::entry(&bytes, "pack.json")).expect("JSON");
    assert_eq!(manifest["lang"], "ja");
    assert_eq!(manifest["documents"], 17);
    assert_eq!(manifest["annex_f_applied"], false);
    assert_eq!(manifest["files"].as_array().map(Vec::len), Some(11));
}

#[test]
fn english_pack_with_annex_f_says_so() {
    let bytes = write_pack(&sample_pack(Lang::En, true)).expect("the sample pack writes");
    let index = common::entry(&bytes, "index.html");
    assert!(index.contains("<html lang=\"en\">"));
    assert!(index.contains("Annex F (transitional health software): applied"));
    let attachment = common::entry(&bytes, "attachment.html");
    assert!(attachment.contains("rowspan=\"6\""));
    let lifecycle = common::entry(&bytes, "lifecycle.html");
    assert!(lifecycle.contains("<td>Support</td>"));
}

#[test]
fn empty_parts_are_left_out_and_marked_in_the_index() {
    let mut pack = sample_pack(Lang::Ja, false);
    pack.sbom_spdx.clear();
    pack.findings_json.clear();
    pack.findings.clear();
    pack.documents.clear();
    let bytes = write_pack(&pack).expect("the pack writes");
    let names: Vec<String> = common::unzip(&bytes)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert!(!names.iter().any(|name| name == "sbom.spdx.json"));
    assert!(!names.iter().any(|name| name == "findings.json"));
    assert!(names.iter().any(|name| name == "findings.html"));
    let index = common::entry(&bytes, "index.html");
    assert!(!index.contains("href=\"sbom.spdx.json\""));
    assert!(index.contains(
        "<tr><td>sbom.spdx.json</td><td>SBOM (SPDX JSON) （含まれていません）</td></tr>"
    ));
    assert!(common::entry(&bytes, "findings.html").contains("脆弱性はありません。"));
    assert!(common::entry(&bytes, "documents.html").contains("リンクされた文書はありません。"));
    let manifest: serde_json::Value =
        serde_json::from_str(&common::entry(&bytes, "pack.json")).expect("JSON");
    assert_eq!(manifest["files"].as_array().map(Vec::len), Some(9));
}

#[test]
fn bad_input_is_a_clear_error() {
    let mut pack = sample_pack(Lang::Ja, false);
    pack.findings_json = b"[\n  {\"id\": }\n]".to_vec();
    let error = write_pack(&pack).err().map(|error| error.to_string());
    assert_eq!(
        error.as_deref(),
        Some("findings.json:2:10: not valid JSON: expected value")
    );

    let mut pack = sample_pack(Lang::Ja, false);
    pack.sbom_cyclonedx = b"<bom/>".to_vec();
    assert!(matches!(
        write_pack(&pack),
        Err(AttachmentError::Json {
            file: "sbom.cdx.json",
            line: 1,
            column: 1,
            ..
        })
    ));

    let mut pack = sample_pack(Lang::Ja, false);
    pack.attachment.rows[4].title.clear();
    assert_eq!(
        write_pack(&pack)
            .err()
            .map(|error| error.to_string())
            .as_deref(),
        Some("/attachment/rows/4/title: must not be empty")
    );

    let mut pack = sample_pack(Lang::Ja, false);
    pack.index_title = " ".to_owned();
    assert_eq!(
        write_pack(&pack)
            .err()
            .map(|error| error.to_string())
            .as_deref(),
        Some("/index_title: must not be empty")
    );
}

#[test]
fn html_in_pack_data_is_escaped() {
    let mut pack = sample_pack(Lang::En, false);
    pack.index_title = "Pack <script>".to_owned();
    pack.findings[0].detail = Some("<img src=x onerror=alert(1)>".to_owned());
    pack.lifecycle.limited_support_plan = "a & b\nc".to_owned();
    pack.documents[0].location = "javascript:alert(1)".to_owned();
    pack.documents[0].owner = "<b>QA</b>".to_owned();
    let bytes = write_pack(&pack).expect("the pack writes");
    let index = common::entry(&bytes, "index.html");
    assert!(index.contains("<title>Pack &lt;script&gt;</title>"));
    let findings = common::entry(&bytes, "findings.html");
    assert!(findings.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!findings.contains("<img"));
    assert!(common::entry(&bytes, "lifecycle.html").contains("<td>a &amp; b<br>c</td>"));
    let documents = common::entry(&bytes, "documents.html");
    assert!(documents.contains("<td>javascript:alert(1)</td>"));
    assert!(!documents.contains("href=\"javascript"));
    assert!(documents.contains("&lt;b&gt;QA&lt;/b&gt;"));
}
