use tplc_advisory::{Advisory, AdvisorySource, CpeMatch, SeverityKind};
use tplc_feeds::{FeedError, ReadSummary, read_myjvn_json};

use crate::{fixture_bytes, gzip, messages};

fn read(
    bytes: &[u8],
    location: &str,
) -> (Result<ReadSummary, FeedError>, Vec<Advisory>, Vec<String>) {
    let (mut advisories, mut errors) = (Vec::new(), Vec::new());
    let result = read_myjvn_json(
        bytes,
        location,
        None,
        |advisory| advisories.push(advisory),
        |error| errors.push(error),
    );
    (result, advisories, messages(&errors))
}

#[test]
fn affected_versions_become_exact_cpes_on_the_product_tree_cpe() {
    let (result, advisories, errors) = read(
        &fixture_bytes("myjvn-oka-JVNDB-2018-009328.json"),
        "oka.json",
    );
    assert_eq!(
        result.ok(),
        Some(ReadSummary {
            read: 1,
            skipped: 0
        })
    );
    assert!(errors.is_empty(), "{errors:?}");
    let veritas = &advisories[0];
    assert_eq!(veritas.id, "JVNDB-2018-009328");
    assert_eq!(veritas.source, Some(AdvisorySource::Jvn));
    assert_eq!(
        veritas.ja.as_ref().and_then(|text| text.title.as_deref()),
        Some("JP1/VERITAS 製品における複数の脆弱性")
    );
    assert!(veritas.aliases.is_empty() && veritas.cwes.is_empty());
    assert_eq!(
        veritas.published.as_deref(),
        Some("2018-11-15T16:17:27+09:00")
    );
    assert_eq!(
        veritas.modified.as_deref(),
        Some("2018-11-20T12:12:04+09:00")
    );
    let kinds: Vec<(&SeverityKind, Option<f64>, Option<&str>)> = veritas
        .severity
        .iter()
        .map(|entry| (&entry.kind, entry.base_score, entry.rated_by.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            (&SeverityKind::CvssV3, Some(9.8), Some("vendor")),
            (&SeverityKind::CvssV2, Some(10.0), Some("vendor"))
        ]
    );
    let criteria: Vec<&str> = veritas.cpe_configurations[0].nodes[0]
        .matches
        .iter()
        .map(|entry| entry.criteria.as_str())
        .collect();
    assert_eq!(
        criteria,
        [
            "cpe:2.3:a:veritas:netbackup:7.7:*:*:*:*:*:*:*",
            "cpe:2.3:a:veritas:netbackup:8.0:*:*:*:*:*:*:*",
            "cpe:2.3:a:veritas:netbackup:8.1:*:*:*:*:*:*:*",
            // Only a description: every version of the product.
            "cpe:2.3:a:hitachi:jp1_veritas_netbackup:*:*:*:*:*:*:*:*",
        ]
    );
    assert_eq!(veritas.references.len(), 2);
}

#[test]
fn cpe_applicability_resolves_jvn_product_ids() {
    let (result, advisories, errors) = read(
        &fixture_bytes("myjvn-oka-JVNDB-2025-000003.json"),
        "oka.json",
    );
    assert_eq!(
        result.ok(),
        Some(ReadSummary {
            read: 1,
            skipped: 0
        })
    );
    assert_eq!(
        errors,
        [
            "oka.json#/jvn_extension/cpeApplicability/1/nodes/0/cpeMatch/1/criteria: criterion left out: product \"jvnpid:1.0::fortinet:fortiweb_manager\" is not in the product tree"
        ]
    );
    let fortiweb = &advisories[0];
    assert_eq!(fortiweb.aliases, ["CVE-2024-55593"]);
    assert_eq!(fortiweb.cwes, ["CWE-89"]);
    assert_eq!(
        fortiweb.cpe_configurations[0].nodes[0].matches,
        [CpeMatch {
            vulnerable: true,
            criteria: "cpe:2.3:a:fortinet:fortiweb:*:*:*:*:*:*:*:*".to_owned(),
            version_end_excluding: Some("7.6.2".to_owned()),
            ..CpeMatch::default()
        }]
    );
}

#[test]
fn affected_ranges_without_cpe_applicability() {
    let text = String::from_utf8(fixture_bytes("myjvn-oka-JVNDB-2025-000003.json")).expect("UTF-8");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    if let Some(extension) = value
        .get_mut("jvn_extension")
        .and_then(serde_json::Value::as_object_mut)
    {
        extension.remove("cpeApplicability");
    }
    let (_, advisories, errors) = read(value.to_string().as_bytes(), "oka.json");
    assert!(errors.is_empty());
    assert_eq!(
        advisories[0].cpe_configurations[0].nodes[0].matches,
        [CpeMatch {
            vulnerable: true,
            criteria: "cpe:2.3:a:fortinet:fortiweb:*:*:*:*:*:*:*:*".to_owned(),
            version_start_including: Some("0".to_owned()),
            version_end_excluding: Some("7.6.2".to_owned()),
            ..CpeMatch::default()
        }]
    );
}

#[test]
fn stix_bundles_gzip_and_errors() {
    let document: serde_json::Value =
        serde_json::from_slice(&fixture_bytes("myjvn-oka-JVNDB-2018-009328.json")).expect("JSON");
    let bundle = serde_json::json!({
        "type": "bundle",
        "id": "bundle--b8244da2-4bd8-4a8c-b9f4-940740281c22",
        "objects": [
            {"type": "identity", "id": "identity--298980da-697f-431b-ae10-505b3542c427", "name": "MyJVN API"},
            {"type": "jvn-jp-sdo", "id": "jvn-jp-sdo--b8244da2-4bd8-4a8c-b9f4-940740281c22",
             "VULDEF-Document": [document, {"document": {"title": "no id"}}]}
        ]
    });
    let (result, advisories, errors) = read(&gzip(bundle.to_string().as_bytes()), "detail.json.gz");
    assert_eq!(
        result.ok(),
        Some(ReadSummary {
            read: 1,
            skipped: 1
        })
    );
    assert_eq!(advisories[0].id, "JVNDB-2018-009328");
    assert_eq!(
        errors,
        [
            "detail.json.gz#/objects/1/VULDEF-Document/1/document/tracking/id: missing the document id (tracking.id)"
        ]
    );
    let failed = br#"{"status":{"retCd":1,"errCd":"1001","errMsg":"vulnId is invalid"}}"#;
    assert_eq!(
        read(failed, "api.json")
            .0
            .err()
            .map(|error| error.to_string())
            .as_deref(),
        Some("api.json#/status: MyJVN error response 1001: vulnId is invalid")
    );
    assert!(matches!(
        read(b"[1,2]", "api.json").0,
        Err(FeedError::Format { .. })
    ));
    assert!(matches!(
        read(b"{\"document\":", "api.json").0,
        Err(FeedError::Json { .. })
    ));
}
