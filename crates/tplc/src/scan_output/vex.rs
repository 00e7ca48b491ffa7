//! The CycloneDX 1.6 VEX form of `tplc scan`: a BOM with only `vulnerabilities`, each naming
//! the components it affects in the scanned SBOMs (by BOM-Link when the SBOM has a serial
//! number and the component a `bom-ref`, else by purl). Nothing is triaged yet: every
//! vulnerability is `in_triage`.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value, json as object};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tplc_model::SbomDocument;
use tplc_vulndb::{Finding, Level};

use super::ScannedSbom;
use super::sarif::{INFORMATION_URI, advisory_url, percent_encode, source_name};

/// The CycloneDX severity word of a level.
fn severity(level: Level) -> &'static str {
    level.as_str()
}

/// The CycloneDX rating method of a CVSS version.
fn method(version: &str) -> &'static str {
    match version {
        "2.0" => "CVSSv2",
        "3.0" => "CVSSv3",
        "3.1" => "CVSSv31",
        "4.0" => "CVSSv4",
        _ => "other",
    }
}

/// `{name, url}` of the source that publishes an id.
fn source(id: &str) -> Value {
    object!({ "name": source_name(id), "url": advisory_url(id) })
}

/// The lower-case UUID of a `urn:uuid:` serial number, when it is one.
fn serial_uuid(serial: &str) -> Option<String> {
    let uuid = serial.strip_prefix("urn:uuid:")?;
    uuid::Uuid::parse_str(uuid)
        .ok()
        .map(|parsed| parsed.hyphenated().to_string())
}

/// How the VEX names a component of a scanned SBOM: a BOM-Link
/// (`urn:cdx:<uuid>/<version>#<bom-ref>`) when it can, else the purl, else the bom-ref, else
/// name@version.
fn affected_ref(document: &SbomDocument, finding: &Finding) -> String {
    let link = document
        .serial_number
        .as_deref()
        .and_then(serial_uuid)
        .zip(finding.bom_ref.as_deref());
    if let Some((uuid, bom_ref)) = link {
        let version = document.version.filter(|version| *version > 0).unwrap_or(1);
        return format!(
            "urn:cdx:{uuid}/{version}#{}",
            percent_encode(bom_ref, b"-._~")
        );
    }
    finding
        .purl
        .clone()
        .or_else(|| finding.bom_ref.clone())
        .unwrap_or_else(|| match &finding.version {
            Some(version) => format!("{}@{version}", finding.name),
            None => finding.name.clone(),
        })
}

/// A timestamp as RFC 3339, or nothing: NVD writes `2021-12-10T10:15:09.143` (UTC, no offset),
/// some sources only a date.
fn rfc3339(text: &str) -> Option<String> {
    if OffsetDateTime::parse(text, &Rfc3339).is_ok() {
        return Some(text.to_owned());
    }
    [format!("{text}Z"), format!("{text}T00:00:00Z")]
        .into_iter()
        .find(|candidate| OffsetDateTime::parse(candidate, &Rfc3339).is_ok())
}

/// The findings of one vulnerability across every SBOM, in order.
struct Group<'a> {
    findings: Vec<(&'a SbomDocument, &'a Finding)>,
}

/// One `vulnerabilities[]` entry.
fn vulnerability(id: &str, group: &Group<'_>) -> Value {
    let first = group.findings.first().map(|(_, finding)| *finding);
    // The most severe finding rates the vulnerability (the first of them when several are).
    let worst = group
        .findings
        .iter()
        .map(|(_, finding)| *finding)
        .reduce(|best, finding| {
            if finding.vulnerability.severity > best.vulnerability.severity {
                finding
            } else {
                best
            }
        });
    let mut entry = Map::new();
    entry.insert("id".into(), Value::from(id));
    entry.insert("source".into(), source(id));
    let aliases: BTreeSet<&str> = group
        .findings
        .iter()
        .flat_map(|(_, finding)| finding.vulnerability.aliases.iter().map(String::as_str))
        .filter(|alias| *alias != id)
        .collect();
    if !aliases.is_empty() {
        let references: Vec<Value> = aliases
            .iter()
            .map(|alias| object!({ "id": alias, "source": source(alias) }))
            .collect();
        entry.insert("references".into(), Value::Array(references));
    }
    if let Some(worst) = worst {
        let rating = match &worst.vulnerability.cvss {
            Some(cvss) => object!({
                "source": source(&cvss.from),
                "score": cvss.base_score,
                "severity": severity(worst.vulnerability.severity),
                "method": method(&cvss.version),
                "vector": cvss.vector,
            }),
            None => object!({ "severity": severity(worst.vulnerability.severity) }),
        };
        entry.insert("ratings".into(), object!([rating]));
    }
    if let Some(summary) = first.and_then(|finding| finding.vulnerability.summary.as_deref()) {
        entry.insert("description".into(), Value::from(summary));
    }
    if let Some(published) = first
        .and_then(|finding| finding.vulnerability.published.as_deref())
        .and_then(rfc3339)
    {
        entry.insert("published".into(), Value::from(published));
    }
    let mut affects: Vec<Value> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    let mut recommendations: Vec<String> = Vec::new();
    for (document, finding) in &group.findings {
        let reference = affected_ref(document, finding);
        let position = *positions.entry(reference.clone()).or_insert_with(|| {
            affects.push(object!({ "ref": reference, "versions": [] }));
            affects.len() - 1
        });
        if let Some(version) = &finding.version
            && let Some(versions) = affects
                .get_mut(position)
                .and_then(|affect| affect.get_mut("versions"))
                .and_then(Value::as_array_mut)
        {
            let range = object!({ "version": version, "status": "affected" });
            if !versions.contains(&range) {
                versions.push(range);
            }
        }
        if !finding.vulnerability.fixed_versions.is_empty() {
            let version = finding.version.as_deref().unwrap_or("(no version)");
            let advice = format!(
                "Upgrade {} {version} to {}",
                finding.name,
                finding.vulnerability.fixed_versions.join(" or ")
            );
            if !recommendations.contains(&advice) {
                recommendations.push(advice);
            }
        }
    }
    for affect in &mut affects {
        if let Some(object) = affect.as_object_mut()
            && object
                .get("versions")
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
        {
            object.remove("versions");
        }
    }
    entry.insert("affects".into(), Value::Array(affects));
    entry.insert("analysis".into(), object!({ "state": "in_triage" }));
    if !recommendations.is_empty() {
        entry.insert(
            "recommendation".into(),
            Value::from(format!("{}.", recommendations.join("; "))),
        );
    }
    let mut properties = Vec::new();
    if let Some(kev) = group
        .findings
        .iter()
        .find_map(|(_, finding)| finding.vulnerability.kev.as_ref())
    {
        properties.push(object!({ "name": "tplc:kev:dateAdded", "value": kev.date_added }));
    }
    if let Some(epss) = group
        .findings
        .iter()
        .filter_map(|(_, finding)| finding.vulnerability.epss)
        .max_by(|a, b| a.score.total_cmp(&b.score))
    {
        properties.push(object!({ "name": "tplc:epss:score", "value": epss.score.to_string() }));
        properties.push(
            object!({ "name": "tplc:epss:percentile", "value": epss.percentile.to_string() }),
        );
    }
    if !properties.is_empty() {
        entry.insert("properties".into(), Value::Array(properties));
    }
    Value::Object(entry)
}

/// The subject of the VEX: the scanned SBOM's `metadata.component`, when one SBOM was scanned.
fn subject(scanned: &[ScannedSbom]) -> Option<Value> {
    let [only] = scanned else { return None };
    let component = only.document.metadata.component.as_deref()?;
    let mut subject = Map::new();
    subject.insert(
        "type".into(),
        Value::from(component.component_type.as_str()),
    );
    if let Some(bom_ref) = &component.bom_ref {
        subject.insert("bom-ref".into(), Value::from(bom_ref.clone()));
    }
    if let Some(group) = &component.group {
        subject.insert("group".into(), Value::from(group.clone()));
    }
    subject.insert("name".into(), Value::from(component.name.clone()));
    if let Some(version) = &component.version {
        subject.insert("version".into(), Value::from(version.clone()));
    }
    if let Some(purl) = &component.purl {
        subject.insert("purl".into(), Value::from(purl.clone()));
    }
    Some(Value::Object(subject))
}

/// The VEX document with a given serial number and timestamp.
fn document(scanned: &[ScannedSbom], serial: &str, timestamp: &str) -> Value {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Group<'_>> = HashMap::new();
    for sbom in scanned {
        for finding in &sbom.report.findings {
            groups
                .entry(finding.vulnerability.advisory.as_str())
                .or_insert_with(|| {
                    order.push(finding.vulnerability.advisory.as_str());
                    Group {
                        findings: Vec::new(),
                    }
                })
                .findings
                .push((&sbom.document, finding));
        }
    }
    let vulnerabilities: Vec<Value> = order
        .iter()
        .filter_map(|id| Some(vulnerability(id, groups.get(id)?)))
        .collect();
    let mut metadata = Map::new();
    metadata.insert("timestamp".into(), Value::from(timestamp));
    metadata.insert(
        "tools".into(),
        object!({
            "components": [{
                "type": "application",
                "name": "tplc",
                "version": env!("CARGO_PKG_VERSION"),
                "externalReferences": [{ "type": "website", "url": INFORMATION_URI }],
            }]
        }),
    );
    if let Some(subject) = subject(scanned) {
        metadata.insert("component".into(), subject);
    }
    object!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": serial,
        "version": 1,
        "metadata": metadata,
        "vulnerabilities": vulnerabilities,
    })
}

/// The whole scan as one CycloneDX 1.6 VEX document, with a new serial number, stamped now.
pub(crate) fn cyclonedx_vex(scanned: &[ScannedSbom]) -> Value {
    let serial = format!("urn:uuid:{}", uuid::Uuid::new_v4());
    let now = OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    let timestamp = now
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned());
    document(scanned, &serial, &timestamp)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use tplc_model::{Component, ComponentType, SourceFormat};
    use tplc_vulndb::ScanReport;
    use tplc_vulndb::matching::EpssFigures;

    use super::super::sarif::fixtures::{finding, log4j};
    use super::*;

    const SERIAL: &str = "urn:uuid:3E671687-395B-41F5-A30F-A58921A69B79";

    fn scanned(serial: Option<&str>, findings: Vec<Finding>) -> ScannedSbom {
        let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.6");
        document.serial_number = serial.map(str::to_owned);
        document.version = Some(2);
        let mut device = Component::new(ComponentType::Device, "infusion-pump");
        device.version = Some("4.2".into());
        device.bom_ref = Some("device".into());
        document.metadata.component = Some(Box::new(device));
        ScannedSbom {
            path: PathBuf::from("sbom.json"),
            document,
            report: ScanReport {
                components: findings.len(),
                excluded: 0,
                findings,
                unscannable: Vec::new(),
            },
        }
    }

    #[test]
    fn a_finding_becomes_an_in_triage_vulnerability_with_a_bom_link() {
        let mut found = log4j();
        Arc::make_mut(&mut found.vulnerability).epss = Some(EpssFigures {
            score: 0.5,
            percentile: 0.75,
        });
        let vex = document(
            &[scanned(Some(SERIAL), vec![found])],
            "urn:uuid:x",
            "2026-01-01T00:00:00Z",
        );
        assert_eq!(vex["specVersion"], "1.6");
        assert_eq!(vex["metadata"]["component"]["name"], "infusion-pump");
        assert_eq!(vex["metadata"]["component"]["type"], "device");
        let vulnerability = &vex["vulnerabilities"][0];
        assert_eq!(vulnerability["id"], "GHSA-jfh8-c2jp-5v3q");
        assert_eq!(vulnerability["source"]["name"], "OSV");
        assert_eq!(vulnerability["references"][0]["id"], "CVE-2021-44228");
        assert_eq!(vulnerability["references"][0]["source"]["name"], "NVD");
        assert_eq!(vulnerability["ratings"][0]["method"], "CVSSv31");
        assert_eq!(vulnerability["ratings"][0]["score"], 10.0);
        assert_eq!(vulnerability["ratings"][0]["severity"], "critical");
        assert_eq!(vulnerability["analysis"]["state"], "in_triage");
        assert_eq!(
            vulnerability["affects"][0]["ref"],
            "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/2#pkg%3Amaven%2Forg.apache.logging.log4j%2Flog4j-core%402.14.1"
        );
        assert_eq!(
            vulnerability["affects"][0]["versions"][0]["version"],
            "2.14.1"
        );
        assert_eq!(
            vulnerability["affects"][0]["versions"][0]["status"],
            "affected"
        );
        assert_eq!(
            vulnerability["recommendation"],
            "Upgrade log4j-core 2.14.1 to 2.15.0."
        );
        let properties = vulnerability["properties"].as_array().unwrap();
        assert_eq!(
            properties[0],
            object!({"name": "tplc:kev:dateAdded", "value": "2021-12-10"})
        );
        assert_eq!(
            properties[1],
            object!({"name": "tplc:epss:score", "value": "0.5"})
        );
        assert_eq!(
            properties[2],
            object!({"name": "tplc:epss:percentile", "value": "0.75"})
        );
    }

    #[test]
    fn the_same_advisory_in_several_sboms_is_one_vulnerability() {
        let other = finding("PYSEC-2023-74", "pkg:pypi/requests@2.30.0", Level::Unknown);
        let vex = document(
            &[
                scanned(Some(SERIAL), vec![log4j(), other]),
                scanned(None, vec![log4j()]),
            ],
            "urn:uuid:x",
            "2026-01-01T00:00:00Z",
        );
        assert!(
            vex["metadata"].get("component").is_none(),
            "two SBOMs: no single subject"
        );
        let vulnerabilities = vex["vulnerabilities"].as_array().unwrap();
        assert_eq!(vulnerabilities.len(), 2);
        let affects = vulnerabilities[0]["affects"].as_array().unwrap();
        assert_eq!(affects.len(), 2);
        assert_eq!(
            affects[1]["ref"],
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
        );
        assert_eq!(
            vulnerabilities[1]["ratings"],
            object!([{"severity": "unknown"}])
        );
        assert!(vulnerabilities[1].get("recommendation").is_none());
    }

    #[test]
    fn published_times_are_made_rfc3339_or_left_out() {
        assert_eq!(
            rfc3339("2021-12-10T00:40:56Z").as_deref(),
            Some("2021-12-10T00:40:56Z")
        );
        assert_eq!(
            rfc3339("2021-12-10T10:15:09.143").as_deref(),
            Some("2021-12-10T10:15:09.143Z")
        );
        assert_eq!(
            rfc3339("2021-12-10").as_deref(),
            Some("2021-12-10T00:00:00Z")
        );
        assert_eq!(rfc3339("December"), None);
    }

    #[test]
    fn every_cvss_version_has_its_method() {
        assert_eq!(method("2.0"), "CVSSv2");
        assert_eq!(method("3.0"), "CVSSv3");
        assert_eq!(method("3.1"), "CVSSv31");
        assert_eq!(method("4.0"), "CVSSv4");
        assert_eq!(serial_uuid("urn:uuid:not-a-uuid"), None);
    }

    #[test]
    fn each_document_has_a_new_serial_number_and_a_timestamp() {
        let first = cyclonedx_vex(&[]);
        let second = cyclonedx_vex(&[]);
        assert_ne!(first["serialNumber"], second["serialNumber"]);
        let serial = first["serialNumber"].as_str().unwrap();
        assert!(serial_uuid(serial).is_some(), "{serial}");
        let timestamp = first["metadata"]["timestamp"].as_str().unwrap();
        assert!(
            OffsetDateTime::parse(timestamp, &Rfc3339).is_ok(),
            "{timestamp}"
        );
        assert_eq!(first["vulnerabilities"], object!([]));
    }
}
