//! The SARIF 2.1.0 form of `tplc scan`, for code-scanning tools (GitHub code scanning and others).
//!
//! One run; one rule per advisory shown; one result per finding, located at the SBOM file and,
//! logically, at the component's purl. Components that could not be scanned become warnings of
//! the invocation (the scan itself succeeded).

use std::collections::HashMap;

use serde_json::{Value, json as object};
use tplc_vulndb::{Finding, Level};

use super::ScannedSbom;

/// The SARIF schema the output declares.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where tplc is described.
pub(super) const INFORMATION_URI: &str = "https://github.com/tplc/tplc";

/// Where an advisory is described: NVD for CVE ids, JVN iPedia for JVNDB ids, osv.dev otherwise.
pub(super) fn advisory_url(id: &str) -> String {
    if id.starts_with("CVE-") {
        format!("https://nvd.nist.gov/vuln/detail/{id}")
    } else if let Some(year) = jvndb_year(id) {
        format!("https://jvndb.jvn.jp/ja/contents/{year}/{id}.html")
    } else {
        format!(
            "https://osv.dev/vulnerability/{}",
            percent_encode(id, b"-._~")
        )
    }
}

/// The year of a `JVNDB-YYYY-NNNNNN` id.
fn jvndb_year(id: &str) -> Option<&str> {
    let year = id.strip_prefix("JVNDB-")?.get(..4)?;
    year.bytes()
        .all(|byte| byte.is_ascii_digit())
        .then_some(year)
}

/// The source that publishes an id, as CycloneDX names it: `NVD`, `JVN` or `OSV`.
pub(super) fn source_name(id: &str) -> &'static str {
    if id.starts_with("CVE-") {
        "NVD"
    } else if jvndb_year(id).is_some() {
        "JVN"
    } else {
        "OSV"
    }
}

/// Percent-encodes every byte but ASCII letters, digits and `keep`.
pub(super) fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || keep.contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// A file path as a relative (or absolute) URI reference: `/` separators, the rest encoded.
/// Absolute paths become `file://` URIs.
fn path_uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let encoded = percent_encode(&text, b"-._~/!$&'()*+,;=:@");
    if path.is_absolute() {
        let slash = if encoded.starts_with('/') { "" } else { "/" };
        format!("file://{slash}{encoded}")
    } else {
        encoded
    }
}

/// The SARIF level of a severity: critical and high are errors, medium warnings, the rest notes.
fn level(severity: Level) -> &'static str {
    match severity {
        Level::Critical | Level::High => "error",
        Level::Medium => "warning",
        Level::Low | Level::None | Level::Unknown => "note",
    }
}

/// 64-bit FNV-1a: a hash that stays the same across Rust releases and platforms.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What names the component: its purl, else its CPE, else name@version.
fn component_identity(finding: &Finding) -> String {
    finding
        .purl
        .clone()
        .or_else(|| finding.cpe.clone())
        .unwrap_or_else(|| match &finding.version {
            Some(version) => format!("{}@{version}", finding.name),
            None => finding.name.clone(),
        })
}

/// The text of "fixed in …".
fn fixed_text(finding: &Finding) -> String {
    if finding.vulnerability.fixed_versions.is_empty() {
        "No fixed version is known.".to_owned()
    } else {
        format!(
            "Fixed in {}.",
            finding.vulnerability.fixed_versions.join(", ")
        )
    }
}

/// One rule: the advisory, its summary, where to read about it, its CVSS score.
fn rule(finding: &Finding) -> Value {
    let summary = finding
        .vulnerability
        .summary
        .clone()
        .unwrap_or_else(|| finding.vulnerability.advisory.clone());
    let mut help = format!("{}: {summary}", finding.vulnerability.advisory);
    if !finding.vulnerability.aliases.is_empty() {
        help.push_str(&format!(
            " (aliases: {})",
            finding.vulnerability.aliases.join(", ")
        ));
    }
    let mut properties = serde_json::Map::new();
    if let Some(cvss) = &finding.vulnerability.cvss {
        properties.insert(
            "security-severity".into(),
            Value::String(format!("{:.1}", cvss.base_score)),
        );
        properties.insert("cvssVector".into(), Value::String(cvss.vector.clone()));
    }
    properties.insert(
        "tags".into(),
        object!([
            "security",
            "vulnerability",
            finding.vulnerability.severity.as_str()
        ]),
    );
    object!({
        "id": finding.vulnerability.advisory,
        "name": finding.vulnerability.advisory,
        "shortDescription": { "text": summary },
        "help": { "text": help },
        "helpUri": advisory_url(&finding.vulnerability.advisory),
        "properties": properties,
    })
}

/// An `f32` as the `f64` of its shortest decimal form (`0.944`, not `0.9440000057220459`).
fn shortest(value: f32) -> Value {
    value
        .to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// One result: the finding at the SBOM file.
fn result(uri: &str, rule_index: usize, finding: &Finding) -> Value {
    let identity = component_identity(finding);
    let version = finding.version.as_deref().unwrap_or("(no version)");
    let mut advisory = finding.vulnerability.advisory.clone();
    if !finding.vulnerability.aliases.is_empty() {
        advisory.push_str(&format!(" ({})", finding.vulnerability.aliases.join(", ")));
    }
    let mut text = format!("{} {version} is affected by {advisory}", finding.name);
    if let Some(summary) = &finding.vulnerability.summary {
        text.push_str(&format!(": {}", summary.trim_end_matches('.')));
    }
    text.push_str(&format!(". {}", fixed_text(finding)));
    let mut properties = serde_json::Map::new();
    properties.insert(
        "severity".into(),
        Value::from(finding.vulnerability.severity.as_str()),
    );
    properties.insert("component".into(), Value::from(finding.name.clone()));
    if let Some(version) = &finding.version {
        properties.insert("version".into(), Value::from(version.clone()));
    }
    if let Some(bom_ref) = &finding.bom_ref {
        properties.insert("bomRef".into(), Value::from(bom_ref.clone()));
    }
    properties.insert("aliases".into(), object!(finding.vulnerability.aliases));
    properties.insert(
        "fixedVersions".into(),
        object!(finding.vulnerability.fixed_versions),
    );
    if let Some(cvss) = &finding.vulnerability.cvss {
        properties.insert(
            "cvss".into(),
            object!({ "version": cvss.version, "vector": cvss.vector, "baseScore": cvss.base_score }),
        );
    }
    if let Some(kev) = &finding.vulnerability.kev {
        properties.insert(
            "kev".into(),
            object!({ "cve": kev.cve, "dateAdded": kev.date_added, "dueDate": kev.due_date }),
        );
    }
    if let Some(epss) = finding.vulnerability.epss {
        properties.insert(
            "epss".into(),
            object!({ "score": shortest(epss.score), "percentile": shortest(epss.percentile) }),
        );
    }
    object!({
        "ruleId": finding.vulnerability.advisory,
        "ruleIndex": rule_index,
        "level": level(finding.vulnerability.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": { "artifactLocation": { "uri": uri } },
            "logicalLocations": [{
                "name": identity,
                "fullyQualifiedName": identity,
                "kind": "package",
            }],
        }],
        "partialFingerprints": {
            "tplcComponentAdvisory/v1": format!("{:016x}", fnv1a(&format!("{identity}\u{0}{}", finding.vulnerability.advisory))),
        },
        "properties": properties,
    })
}

/// The whole scan as one SARIF 2.1.0 log.
pub(crate) fn sarif(scanned: &[ScannedSbom]) -> Value {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_index: HashMap<&str, usize> = HashMap::new();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for sbom in scanned {
        let uri = path_uri(&sbom.path);
        for finding in &sbom.report.findings {
            let index = *rule_index
                .entry(finding.vulnerability.advisory.as_str())
                .or_insert_with(|| {
                    rules.push(rule(finding));
                    rules.len() - 1
                });
            results.push(result(&uri, index, finding));
        }
        for entry in &sbom.report.unscannable {
            let named = match &entry.purl {
                Some(purl) => format!("{} ({purl})", entry.name),
                None => entry.name.clone(),
            };
            notifications.push(object!({
                "level": "warning",
                "descriptor": { "id": "tplc/unscannable" },
                "message": { "text": format!("{}: {named} was not scanned: {}", sbom.path.display(), entry.reason) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
            }));
        }
    }
    object!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "tplc",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}

/// Findings built by hand for the unit tests of the output forms.
#[cfg(test)]
pub(super) mod fixtures {
    use std::sync::Arc;
    use tplc_vulndb::matching::{Cvss, Kev};

    use tplc_vulndb::{Finding, Level, MatchReason, Vulnerability};

    /// A finding of `id` in `purl`, without CVSS.
    pub(in crate::scan_output) fn finding(id: &str, purl: &str, severity: Level) -> Finding {
        let (name, version) = purl
            .rsplit_once('@')
            .map_or((purl, None), |(head, version)| {
                (
                    head.rsplit('/').next().unwrap_or(head),
                    Some(version.to_owned()),
                )
            });
        Finding {
            component: 0,
            bom_ref: Some(purl.to_owned()),
            name: name.to_owned(),
            purl: Some(purl.to_owned()),
            cpe: None,
            version,
            vulnerability: Arc::new(Vulnerability {
                advisory: id.to_owned(),
                aliases: Vec::new(),
                matched: vec![id.to_owned()],
                summary: None,
                severity,
                cvss: None,
                fixed_versions: Vec::new(),
                reasons: Vec::new(),
                kev: None,
                epss: None,
                published: None,
            }),
        }
    }

    /// Log4Shell in log4j-core 2.14.1, as the engine reports it.
    pub(in crate::scan_output) fn log4j() -> Finding {
        let mut log4j = finding(
            "GHSA-jfh8-c2jp-5v3q",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            Level::Critical,
        );
        let vulnerability = Arc::make_mut(&mut log4j.vulnerability);
        vulnerability.aliases = vec!["CVE-2021-44228".into()];
        vulnerability.summary = Some("Remote code injection in Log4j".into());
        vulnerability.cvss = Some(Cvss {
            version: "3.1".into(),
            vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H".into(),
            base_score: 10.0,
            from: "GHSA-jfh8-c2jp-5v3q".into(),
        });
        vulnerability.fixed_versions = vec!["2.15.0".into()];
        vulnerability.reasons = vec![MatchReason {
            advisory: "GHSA-jfh8-c2jp-5v3q".into(),
            via: "purl".into(),
            package: "Maven/org.apache.logging.log4j:log4j-core".into(),
            version: "2.14.1".into(),
            range: "[2.0-beta9, 2.15.0)".into(),
            fixed: vec!["2.15.0".into()],
        }];
        vulnerability.kev = Some(Kev {
            cve: "CVE-2021-44228".into(),
            date_added: "2021-12-10".into(),
            due_date: "2021-12-24".into(),
            ransomware: "Known".into(),
        });
        vulnerability.published = Some("2021-12-10T00:40:56Z".into());
        log4j
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use tplc_model::{SbomDocument, SourceFormat};
    use tplc_vulndb::{ScanReport, Unscannable};

    use super::fixtures::{finding, log4j};
    use super::*;

    fn scanned(path: &str, findings: Vec<Finding>, unscannable: Vec<Unscannable>) -> ScannedSbom {
        ScannedSbom {
            path: PathBuf::from(path),
            document: SbomDocument::new(SourceFormat::CycloneDxJson, "1.6"),
            report: ScanReport {
                components: findings.len() + unscannable.len(),
                excluded: 0,
                findings,
                unscannable,
            },
        }
    }

    #[test]
    fn levels_follow_the_severity() {
        assert_eq!(level(Level::Critical), "error");
        assert_eq!(level(Level::High), "error");
        assert_eq!(level(Level::Medium), "warning");
        assert_eq!(level(Level::Low), "note");
        assert_eq!(level(Level::None), "note");
        assert_eq!(level(Level::Unknown), "note");
    }

    #[test]
    fn one_rule_per_advisory_and_one_result_per_finding() {
        let mut other = log4j();
        other.component = 1;
        other.purl = Some("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.0".into());
        other.version = Some("2.14.0".into());
        let medium = finding("PYSEC-2023-74", "pkg:pypi/requests@2.30.0", Level::Medium);
        let log = sarif(&[
            scanned("sboms/a b.json", vec![log4j(), medium], vec![]),
            scanned("other.json", vec![other], vec![]),
        ]);
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0]["id"], "GHSA-jfh8-c2jp-5v3q");
        assert_eq!(
            rules[0]["helpUri"],
            "https://osv.dev/vulnerability/GHSA-jfh8-c2jp-5v3q"
        );
        assert_eq!(rules[0]["properties"]["security-severity"], "10.0");
        assert!(rules[1]["properties"].get("security-severity").is_none());
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        assert_eq!(results[0]["level"], "error");
        assert_eq!(results[1]["level"], "warning");
        assert_eq!(results[2]["ruleIndex"], 0);
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "sboms/a%20b.json"
        );
        assert_eq!(
            results[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
        );
        let text = results[0]["message"]["text"].as_str().unwrap();
        for part in [
            "log4j-core",
            "2.14.1",
            "GHSA-jfh8-c2jp-5v3q",
            "CVE-2021-44228",
            "Fixed in 2.15.0.",
        ] {
            assert!(text.contains(part), "{part:?} not in {text:?}");
        }
        let fingerprint =
            |result: &Value| result["partialFingerprints"]["tplcComponentAdvisory/v1"].clone();
        assert_ne!(fingerprint(&results[0]), fingerprint(&results[2]));
        let again = sarif(&[scanned("elsewhere.json", vec![log4j()], vec![])]);
        assert_eq!(
            fingerprint(&results[0]),
            fingerprint(&again["runs"][0]["results"][0])
        );
    }

    #[test]
    fn unscannable_components_are_warnings_of_a_successful_invocation() {
        let log = sarif(&[scanned(
            "a.json",
            vec![],
            vec![Unscannable {
                component: 0,
                name: "firmware".into(),
                purl: None,
                reason: "no purl or CPE".into(),
            }],
        )]);
        let invocation = &log["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], true);
        let notification = &invocation["toolExecutionNotifications"][0];
        assert_eq!(notification["level"], "warning");
        assert_eq!(
            notification["message"]["text"],
            "a.json: firmware was not scanned: no purl or CPE"
        );
        assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
    }

    #[test]
    fn advisories_link_to_their_source() {
        assert_eq!(
            advisory_url("CVE-2021-44228"),
            "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"
        );
        assert_eq!(
            advisory_url("JVNDB-2021-005598"),
            "https://jvndb.jvn.jp/ja/contents/2021/JVNDB-2021-005598.html"
        );
        assert_eq!(
            advisory_url("PYSEC-2023-74"),
            "https://osv.dev/vulnerability/PYSEC-2023-74"
        );
        assert_eq!(
            advisory_url("JVNDB-x"),
            "https://osv.dev/vulnerability/JVNDB-x"
        );
        assert_eq!(source_name("CVE-1"), "NVD");
        assert_eq!(source_name("JVNDB-2021-005598"), "JVN");
        assert_eq!(source_name("RUSTSEC-2021-0001"), "OSV");
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            path_uri(std::path::Path::new("dir/a b#.json")),
            "dir/a%20b%23.json"
        );
        assert_eq!(
            path_uri(std::path::Path::new("/tmp/x.json")),
            "file:///tmp/x.json"
        );
    }

    #[test]
    fn epss_figures_keep_their_decimal_form() {
        assert_eq!(shortest(0.944), object!(0.944));
        assert_eq!(shortest(f32::NAN), Value::Null);
    }

    #[test]
    fn the_fingerprint_hash_is_fixed() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
