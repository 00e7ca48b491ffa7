//! NVD CVE API 2.0 responses and JSON 2.0 feed files (`nvdcve-2.0-<year>.json(.gz)`).

use std::io::Read;

use serde_json::Value;
use tplc_advisory::{
    Advisory, AdvisorySource, CpeConfiguration, CpeMatch, CpeNode, Operator, RecordError, Severity,
};

use crate::common::{cvss_kind, is_cwe_id, push_reference, push_severity, push_unique, rfc3339};
use crate::json::{ElementSink, Field, Obj, Pointer, record_error, stream_array_member};
use crate::{FeedError, ReadSummary, input};

/// The metric members of an NVD record, newest CVSS version first.
const METRICS: [&str; 4] = [
    "cvssMetricV40",
    "cvssMetricV31",
    "cvssMetricV30",
    "cvssMetricV2",
];

/// Reads an NVD CVE JSON 2.0 document (a yearly feed file or an API response page, plain or
/// gzip), streaming its `vulnerabilities` array record by record.
///
/// Each record becomes an [`Advisory`] (source [`AdvisorySource::Nvd`]) given to
/// `on_advisory`; a bad record (no `cve.id`, a member of the wrong type, an unknown operator)
/// is given to `on_error` as a [`RecordError`] whose location is `location#<JSON pointer>`,
/// and the read goes on.
///
/// # Errors
///
/// [`FeedError`] when the input cannot be read, is not JSON, is not an object with a
/// `vulnerabilities` array, or declares a `format` other than `NVD_CVE`.
pub fn read_nvd_json<R: Read>(
    input: R,
    location: &str,
    mut on_advisory: impl FnMut(Advisory),
    mut on_error: impl FnMut(RecordError),
) -> Result<ReadSummary, FeedError> {
    let reader = input::decompressed(input).map_err(|error| FeedError::io(location, error))?;
    let mut sink = Sink {
        location,
        summary: ReadSummary::default(),
        on_advisory: &mut on_advisory,
        on_error: &mut on_error,
    };
    let kept = stream_array_member(reader, location, "vulnerabilities", &["format"], &mut sink)?;
    let summary = sink.summary;
    if let Some((_, format)) = kept.iter().find(|(key, _)| key == "format")
        && format != "NVD_CVE"
    {
        return Err(FeedError::format(
            format!("{location}#/format"),
            format!("expected format \"NVD_CVE\", found {format:?}"),
        ));
    }
    Ok(summary)
}

struct Sink<'a> {
    location: &'a str,
    summary: ReadSummary,
    on_advisory: &'a mut dyn FnMut(Advisory),
    on_error: &'a mut dyn FnMut(RecordError),
}

impl ElementSink for Sink<'_> {
    fn element(&mut self, index: usize, value: Value) {
        let pointer = Pointer::root().key("vulnerabilities").index(index);
        match convert_item(&value, &pointer, self.location) {
            Ok(advisory) => {
                self.summary.read += 1;
                (self.on_advisory)(advisory);
            }
            Err(error) => {
                self.summary.skipped += 1;
                (self.on_error)(error);
            }
        }
    }
}

/// One element of `vulnerabilities`: `{"cve": {...}}`.
fn convert_item(value: &Value, pointer: &Pointer, location: &str) -> Field<Advisory> {
    let item = Obj::new(value, pointer, location)?;
    let (cve, cve_pointer) = item.opt_obj("cve")?.ok_or_else(|| item.missing("cve"))?;
    convert_cve(Obj::new(cve, &cve_pointer, location)?)
}

fn convert_cve(cve: Obj<'_>) -> Field<Advisory> {
    let id = cve.req_str("id")?.trim();
    if id.is_empty() {
        return Err(record_error(
            cve.location,
            &cve.pointer.key("id"),
            "empty id",
        ));
    }
    let mut advisory = Advisory {
        id: id.to_owned(),
        source: Some(AdvisorySource::Nvd),
        published: cve.opt_str("published")?.map(rfc3339),
        modified: cve.opt_str("lastModified")?.map(rfc3339),
        ..Advisory::default()
    };
    if cve.opt_str("vulnStatus")? == Some("Rejected") {
        advisory.withdrawn = advisory
            .modified
            .clone()
            .or_else(|| advisory.published.clone());
    }
    for (description, pointer) in cve.array("descriptions")? {
        let description = Obj::new(description, &pointer, cve.location)?;
        let lang = description.opt_str("lang")?.unwrap_or_default();
        let text = description.opt_str("value")?.unwrap_or_default();
        if advisory.details.is_none() && lang.eq_ignore_ascii_case("en") && !text.is_empty() {
            advisory.details = Some(text.to_owned());
        }
    }
    advisory.severity = metrics(cve)?;
    for (weakness, pointer) in cve.array("weaknesses")? {
        let weakness = Obj::new(weakness, &pointer, cve.location)?;
        for (description, pointer) in weakness.array("description")? {
            let description = Obj::new(description, &pointer, cve.location)?;
            if let Some(cwe) = description.opt_str("value")?
                && is_cwe_id(cwe)
            {
                push_unique(&mut advisory.cwes, cwe.to_owned());
            }
        }
    }
    for (configuration, pointer) in cve.array("configurations")? {
        advisory.cpe_configurations.push(configuration_of(Obj::new(
            configuration,
            &pointer,
            cve.location,
        )?)?);
    }
    for (reference, pointer) in cve.array("references")? {
        let reference = Obj::new(reference, &pointer, cve.location)?;
        let url = reference.req_str("url")?;
        let mut tags = Vec::new();
        for (tag, pointer) in reference.array("tags")? {
            match tag {
                Value::String(tag) => tags.push(tag.as_str()),
                other => {
                    return Err(record_error(
                        cve.location,
                        &pointer,
                        format!("expected a string, found {}", crate::json::type_name(other)),
                    ));
                }
            }
        }
        push_reference(&mut advisory.references, reference_kind(&tags), url);
    }
    Ok(advisory)
}

/// The CVSS metrics: Primary ratings first, then Secondary ones, each newest version first.
fn metrics(cve: Obj<'_>) -> Field<Vec<Severity>> {
    let mut primary = Vec::new();
    let mut secondary = Vec::new();
    let Some((metrics, pointer)) = cve.opt_obj("metrics")? else {
        return Ok(primary);
    };
    let metrics = Obj::new(metrics, &pointer, cve.location)?;
    for key in METRICS {
        for (metric, pointer) in metrics.array(key)? {
            let metric = Obj::new(metric, &pointer, cve.location)?;
            let Some((data, data_pointer)) = metric.opt_obj("cvssData")? else {
                return Err(metric.missing("cvssData"));
            };
            let data = Obj::new(data, &data_pointer, cve.location)?;
            let vector = data.req_str("vectorString")?;
            let version = data.opt_str("version")?.unwrap_or_default();
            let entry = Severity {
                kind: cvss_kind(version, vector),
                score: vector.to_owned(),
                base_score: data.opt_f64("baseScore")?,
                rated_by: metric.opt_str("source")?.map(str::to_owned),
            };
            if metric.opt_str("type")? == Some("Secondary") {
                push_severity(&mut secondary, entry);
            } else {
                push_severity(&mut primary, entry);
            }
        }
    }
    for entry in secondary {
        push_severity(&mut primary, entry);
    }
    Ok(primary)
}

/// An NVD operator (`OR` when absent).
pub(crate) fn operator_of(object: Obj<'_>) -> Field<Operator> {
    match object.opt_str("operator")? {
        None => Ok(Operator::Or),
        Some(text) if text.eq_ignore_ascii_case("or") => Ok(Operator::Or),
        Some(text) if text.eq_ignore_ascii_case("and") => Ok(Operator::And),
        Some(other) => Err(record_error(
            object.location,
            &object.pointer.key("operator"),
            format!("unknown operator {other:?}, expected \"AND\" or \"OR\""),
        )),
    }
}

/// An NVD-style configuration (`operator`, `negate`, `nodes[]`).
pub(crate) fn configuration_of(configuration: Obj<'_>) -> Field<CpeConfiguration> {
    let mut result = CpeConfiguration {
        operator: operator_of(configuration)?,
        negate: configuration.opt_bool("negate")?.unwrap_or(false),
        nodes: Vec::new(),
    };
    for (node, pointer) in configuration.array("nodes")? {
        let node = Obj::new(node, &pointer, configuration.location)?;
        let mut converted = CpeNode {
            operator: operator_of(node)?,
            negate: node.opt_bool("negate")?.unwrap_or(false),
            matches: Vec::new(),
        };
        for (entry, pointer) in node.array("cpeMatch")? {
            converted.matches.push(cpe_match_of(Obj::new(
                entry,
                &pointer,
                configuration.location,
            )?)?);
        }
        result.nodes.push(converted);
    }
    Ok(result)
}

/// An NVD `cpeMatch` entry; the criteria as written.
pub(crate) fn cpe_match_of(entry: Obj<'_>) -> Field<CpeMatch> {
    let bound = |key: &str| -> Field<Option<String>> {
        Ok(entry
            .opt_str(key)?
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned))
    };
    Ok(CpeMatch {
        vulnerable: entry.opt_bool("vulnerable")?.unwrap_or(true),
        criteria: entry.req_str("criteria")?.to_owned(),
        version_start_including: bound("versionStartIncluding")?,
        version_start_excluding: bound("versionStartExcluding")?,
        version_end_including: bound("versionEndIncluding")?,
        version_end_excluding: bound("versionEndExcluding")?,
    })
}

/// The OSV reference kind for NVD's reference tags, the most specific first.
fn reference_kind(tags: &[&str]) -> &'static str {
    const BY_PRIORITY: [(&str, &str); 10] = [
        ("Patch", "FIX"),
        ("Vendor Advisory", "ADVISORY"),
        ("Third Party Advisory", "ADVISORY"),
        ("US Government Resource", "ADVISORY"),
        ("Exploit", "EVIDENCE"),
        ("Issue Tracking", "REPORT"),
        ("Mailing List", "DISCUSSION"),
        ("Technical Description", "ARTICLE"),
        ("Press/Media Coverage", "ARTICLE"),
        ("Release Notes", "WEB"),
    ];
    BY_PRIORITY
        .iter()
        .find(|(tag, _)| tags.contains(tag))
        .map_or("WEB", |(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_kinds_prefer_fixes_and_advisories() {
        assert_eq!(reference_kind(&["Exploit", "Patch"]), "FIX");
        assert_eq!(
            reference_kind(&["Mailing List", "Third Party Advisory"]),
            "ADVISORY"
        );
        assert_eq!(reference_kind(&[]), "WEB");
    }

    #[test]
    fn a_rejected_record_is_withdrawn_at_its_last_modification() {
        let record = serde_json::json!({"cve": {"id": "CVE-2021-0001", "vulnStatus": "Rejected",
            "published": "2021-01-01T00:00:00.000", "lastModified": "2023-02-03T04:05:06.789"}});
        let advisory = convert_item(&record, &Pointer::root(), "x.json");
        assert_eq!(
            advisory.ok().and_then(|advisory| advisory.withdrawn),
            Some("2023-02-03T04:05:06.789Z".to_owned())
        );
    }

    #[test]
    fn unknown_operators_are_record_errors() {
        let record = serde_json::json!({"cve": {"id": "CVE-2021-0001",
            "configurations": [{"nodes": [{"operator": "XOR", "cpeMatch": []}]}]}});
        let error = convert_item(&record, &Pointer::root(), "x.json").err();
        assert_eq!(
            error.map(|error| error.to_string()),
            Some(
                "x.json#/cve/configurations/0/nodes/0/operator: unknown operator \"XOR\", expected \"AND\" or \"OR\""
                    .to_owned()
            )
        );
    }
}
