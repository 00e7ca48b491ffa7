//! JVN iPedia VULDEF 3.2 detail feeds (`jvndb_detail_<YYYY>.rdf`, Japanese and English) and
//! MyJVN `getVulnDetailInfo` (feed `hnd`) responses.

use std::io::Read;

use tplc_advisory::{
    Advisory, AdvisorySource, CpeConfiguration, CpeMatch, CpeNode, LocalizedText, Operator,
    RecordError, Severity,
};
use tplc_cpe::{Attribute, AttributeValue, Cpe, ValueString};

use crate::common::{
    cvss_kind, is_cve_id, is_cwe_id, push_reference, push_severity, push_unique, rfc3339,
};
use crate::xml::{Document, Element, Next};
use crate::{FeedError, ReadSummary, input};

/// The VULDEF namespace; the schema writes `http://`, some samples `https://`.
const VULDEF_NAMESPACES: &[&[u8]] = &[b"http://jvn.jp/vuldef/", b"https://jvn.jp/vuldef/"];

/// The related-item names whose ids are CVE ids.
const CVE_SOURCES: [&str; 2] = [
    "Common Vulnerabilities and Exposures (CVE)",
    "National Vulnerability Database (NVD)",
];

/// The language of a JVN iPedia feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JvnLanguage {
    /// The Japanese feed (`/ja/feed/detail/`): title and overview go to [`Advisory::ja`].
    Japanese,
    /// The English feed (`/en/feed/detail/`): title and overview go to
    /// [`Advisory::summary`] and [`Advisory::details`].
    English,
}

impl JvnLanguage {
    /// The language of an `xml:lang` / `lang` value (`ja`, `en`, `en-US`).
    #[must_use]
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("ja") {
            Some(Self::Japanese)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Self::English)
        } else {
            None
        }
    }
}

/// Reads a VULDEF 3.2 document (plain or gzip), streaming its `Vulinfo` records.
///
/// The language is `language`, or else the root's `xml:lang` (Japanese when absent). Each
/// record becomes an [`Advisory`] (source [`AdvisorySource::Jvn`]) given to `on_advisory`:
/// `VulinfoID` → id; `Title` and `Overview` → [`Advisory::ja`] (Japanese) or
/// summary/details (English); related CVE ids → aliases; related CWE ids → cwes; related
/// URLs → references; `Impact/Cvss` → severity; `Affected/AffectedItem` (CPE 2.2 URI and
/// version texts) → one CPE configuration; `DateFirstPublished` → published,
/// `DateLastUpdated` → modified.
///
/// Version texts are read when they are one version alone (`7.7`) or with a recognised
/// phrase (`1.05およびそれ以前`, `7.6.2より前のバージョン`, `1.2 and earlier`,
/// `prior to 3.0`); any other text (`for Windows 5.8 (Build 1575) 未満`) cannot be bounded
/// and matches every version of the product, so that nothing affected is missed.
///
/// A record without a `VulinfoID` is given to `on_error` (location `location:LINE:COLUMN`)
/// and skipped; an affected item whose CPE cannot be read is reported and left out of a
/// record that is still delivered.
///
/// # Errors
///
/// [`FeedError`] when the input cannot be read, is not well-formed XML, declares a DTD,
/// breaks off, is not a `VULDEF-Document`, or is a MyJVN error response (`retCd="1"`).
pub fn read_jvn_vuldef<R: Read>(
    input: R,
    location: &str,
    language: Option<JvnLanguage>,
    mut on_advisory: impl FnMut(Advisory),
    mut on_error: impl FnMut(RecordError),
) -> Result<ReadSummary, FeedError> {
    let reader = input::decompressed(input).map_err(|error| FeedError::io(location, error))?;
    let mut document = Document::new(reader, location, VULDEF_NAMESPACES);
    let mut summary = ReadSummary::default();
    let mut language = language;
    let whole = |depth: usize, name: &str, in_namespace: bool| {
        depth == 1 && ((in_namespace && name == "Vulinfo") || name == "Status")
    };
    loop {
        match document.next(&whole)? {
            Next::End => return Ok(summary),
            Next::Element { depth: 0, element } => {
                if !(element.in_namespace && element.name == "VULDEF-Document") {
                    return Err(FeedError::format(
                        format!("{location}:{}:{}", element.line, element.column),
                        format!(
                            "not a VULDEF document: the root element is <{}>",
                            element.name
                        ),
                    ));
                }
                if language.is_none() {
                    language = Some(
                        element
                            .attribute("xml:lang")
                            .and_then(JvnLanguage::from_tag)
                            .unwrap_or(JvnLanguage::Japanese),
                    );
                }
            }
            Next::Element { depth: 1, element }
                if element.name == "Status" && !element.in_namespace =>
            {
                check_status(&element, location)?;
            }
            Next::Element { depth: 1, element }
                if element.in_namespace && element.name == "Vulinfo" =>
            {
                let language = language.unwrap_or(JvnLanguage::Japanese);
                match convert(&element, language, location, &mut on_error) {
                    Ok(advisory) => {
                        summary.read += 1;
                        on_advisory(advisory);
                    }
                    Err(error) => {
                        summary.skipped += 1;
                        on_error(error);
                    }
                }
            }
            Next::Element { .. } => {}
        }
    }
}

/// A MyJVN status element: `retCd="1"` is an error response.
fn check_status(status: &Element, location: &str) -> Result<(), FeedError> {
    if status.attribute("retCd").map(str::trim) == Some("1") {
        let code = status.attribute("errCd").unwrap_or_default();
        let message = status.attribute("errMsg").unwrap_or_default();
        return Err(FeedError::format(
            format!("{location}:{}:{}", status.line, status.column),
            format!("MyJVN error response {code}: {message}"),
        ));
    }
    Ok(())
}

fn convert(
    vulinfo: &Element,
    language: JvnLanguage,
    location: &str,
    on_error: &mut dyn FnMut(RecordError),
) -> Result<Advisory, RecordError> {
    let record_error = |message: &str| RecordError {
        location: format!("{location}:{}:{}", vulinfo.line, vulinfo.column),
        message: message.to_owned(),
    };
    let id = vulinfo
        .text_of("VulinfoID")
        .ok_or_else(|| record_error("a Vulinfo without a VulinfoID"))?;
    let data = vulinfo
        .first("VulinfoData")
        .ok_or_else(|| record_error(&format!("{id}: no VulinfoData")))?;
    let mut advisory = Advisory {
        id: id.to_owned(),
        source: Some(AdvisorySource::Jvn),
        published: data.text_of("DateFirstPublished").map(rfc3339),
        modified: data.text_of("DateLastUpdated").map(rfc3339),
        ..Advisory::default()
    };
    let title = data.text_of("Title").map(str::to_owned);
    let overview = data
        .first("VulinfoDescription")
        .and_then(|description| description.text_of("Overview"))
        .map(str::to_owned);
    match language {
        JvnLanguage::Japanese => {
            advisory.ja = Some(LocalizedText {
                title,
                description: overview,
            });
        }
        JvnLanguage::English => {
            advisory.summary = title;
            advisory.details = overview;
        }
    }
    for related in data
        .all("Related")
        .flat_map(|related| related.all("RelatedItem"))
    {
        related_item(&mut advisory, related);
    }
    for cvss in data.all("Impact").flat_map(|impact| impact.all("Cvss")) {
        let Some(vector) = cvss.text_of("Vector") else {
            continue;
        };
        let version = cvss.attribute("version").unwrap_or_default();
        push_severity(
            &mut advisory.severity,
            Severity {
                kind: cvss_kind(version, vector),
                score: vector.to_owned(),
                base_score: cvss.text_of("Base").and_then(|base| base.parse().ok()),
                rated_by: None,
            },
        );
    }
    let mut matches = Vec::new();
    for item in data
        .all("Affected")
        .flat_map(|affected| affected.all("AffectedItem"))
    {
        match affected_matches(item) {
            Ok(mut found) => matches.append(&mut found),
            Err(message) => on_error(RecordError {
                location: format!("{location}:{}:{}", item.line, item.column),
                message: format!("{id}: affected item left out: {message}"),
            }),
        }
    }
    if !matches.is_empty() {
        advisory.cpe_configurations.push(CpeConfiguration {
            operator: Operator::Or,
            negate: false,
            nodes: vec![CpeNode {
                operator: Operator::Or,
                negate: false,
                matches,
            }],
        });
    }
    Ok(advisory)
}

fn related_item(advisory: &mut Advisory, related: &Element) {
    let kind = related.attribute("type").unwrap_or_default();
    let name = related.text_of("Name").unwrap_or_default();
    let related_id = related.text_of("VulinfoID").unwrap_or_default();
    match kind {
        "cwe" => {
            if is_cwe_id(related_id) {
                push_unique(&mut advisory.cwes, related_id.to_owned());
            }
            return;
        }
        "advisory" if CVE_SOURCES.contains(&name) && is_cve_id(related_id) => {
            push_unique(&mut advisory.aliases, related_id.to_owned());
        }
        _ => {}
    }
    if let Some(url) = related.text_of("URL") {
        let reference_kind = match kind {
            "vendor" | "advisory" => "ADVISORY",
            _ => "WEB",
        };
        push_reference(&mut advisory.references, reference_kind, url);
    }
}

/// The CPE matches of one affected item: its CPE 2.2 URI as a CPE 2.3 formatted string, one
/// match per version text.
fn affected_matches(item: &Element) -> Result<Vec<CpeMatch>, String> {
    let uri = item.text_of("Cpe").ok_or("no Cpe")?;
    let cpe = Cpe::parse_uri(uri)
        .or_else(|_| Cpe::repair(uri))
        .map_err(|error| error.to_string())?;
    let versions: Vec<&str> = item
        .all("VersionNumber")
        .map(Element::trimmed)
        .filter(|text| !text.is_empty())
        .collect();
    if versions.is_empty() {
        return Ok(vec![CpeMatch {
            vulnerable: true,
            criteria: cpe.to_string(),
            ..CpeMatch::default()
        }]);
    }
    let any = cpe
        .clone()
        .with(Attribute::Version, AttributeValue::Any)
        .map_err(|error| error.to_string())?;
    let mut matches = Vec::new();
    for text in versions {
        let mut entry = CpeMatch {
            vulnerable: true,
            criteria: any.to_string(),
            ..CpeMatch::default()
        };
        match version_text(text) {
            VersionText::Any => {}
            VersionText::Exact(version) => {
                if let Ok(exact) = ValueString::literal(&version).and_then(|value| {
                    any.clone()
                        .with(Attribute::Version, AttributeValue::Value(value))
                }) {
                    entry.criteria = exact.to_string();
                }
            }
            VersionText::EndIncluding(version) => entry.version_end_including = Some(version),
            VersionText::EndExcluding(version) => entry.version_end_excluding = Some(version),
            VersionText::StartIncluding(version) => entry.version_start_including = Some(version),
        }
        push_unique(&mut matches, entry);
    }
    Ok(matches)
}

/// What a JVN version text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VersionText {
    /// Nothing that can be bounded: every version.
    Any,
    /// Exactly this version.
    Exact(String),
    /// This version and earlier ones.
    EndIncluding(String),
    /// Versions before this one.
    EndExcluding(String),
    /// This version and later ones.
    StartIncluding(String),
}

/// Reads a version text of a VULDEF `VersionNumber` (see [`read_jvn_vuldef`]).
pub(crate) fn version_text(text: &str) -> VersionText {
    let mut rest = strip_cve_notes(text).to_lowercase();
    for filler in [
        "のバージョン",
        "ファームウェア",
        "バージョン",
        "versions",
        "version",
        "firmware",
    ] {
        rest = rest.replace(filler, " ");
    }
    let rest = rest.trim();
    type Make = fn(String) -> VersionText;
    const SUFFIXES: [(&str, Make); 11] = [
        ("およびそれ以前", VersionText::EndIncluding),
        ("及びそれ以前", VersionText::EndIncluding),
        ("以前", VersionText::EndIncluding),
        ("以下", VersionText::EndIncluding),
        ("より前", VersionText::EndExcluding),
        ("未満", VersionText::EndExcluding),
        ("以降", VersionText::StartIncluding),
        ("以上", VersionText::StartIncluding),
        (" and earlier", VersionText::EndIncluding),
        (" and prior", VersionText::EndIncluding),
        (" and later", VersionText::StartIncluding),
    ];
    const PREFIXES: [(&str, Make); 3] = [
        ("prior to ", VersionText::EndExcluding),
        ("before ", VersionText::EndExcluding),
        ("earlier than ", VersionText::EndExcluding),
    ];
    let (token, make): (&str, Make) = SUFFIXES
        .iter()
        .find_map(|(suffix, make)| rest.strip_suffix(suffix).map(|token| (token, *make)))
        .or_else(|| {
            PREFIXES
                .iter()
                .find_map(|(prefix, make)| rest.strip_prefix(prefix).map(|token| (token, *make)))
        })
        .unwrap_or((rest, VersionText::Exact));
    let token = token.trim();
    let token = token
        .strip_prefix("ver.")
        .or_else(|| token.strip_prefix("ver"))
        .or_else(|| token.strip_prefix('v'))
        .unwrap_or(token)
        .trim();
    let is_version = token.starts_with(|character: char| character.is_ascii_digit())
        && token.chars().all(|character| {
            character.is_ascii_alphanumeric() || matches!(character, '.' | '_' | '-')
        });
    if is_version {
        make(token.to_owned())
    } else {
        VersionText::Any
    }
}

/// The text without parenthesised notes that only name CVE ids (`（CVE-2025-0354、CVE-2025-0355）`).
fn strip_cve_notes(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '（']) {
        let (before, from) = rest.split_at(open);
        let close = from.find([')', '）']);
        let Some(close) = close else { break };
        let inner_end = close;
        let open_len = from.chars().next().map_or(1, char::len_utf8);
        let inner = from.get(open_len..inner_end).unwrap_or_default();
        let close_len = from
            .get(close..)
            .and_then(|tail| tail.chars().next())
            .map_or(1, char::len_utf8);
        let only_cves = !inner.trim().is_empty()
            && inner
                .split([',', '、', ' ', '，'])
                .filter(|part| !part.trim().is_empty())
                .all(|part| is_cve_id(part.trim()));
        result.push_str(before);
        if !only_cves {
            result.push_str(from.get(..close + close_len).unwrap_or_default());
        }
        rest = from.get(close + close_len..).unwrap_or_default();
    }
    result.push_str(rest);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_texts_real_feeds_write() {
        use VersionText::*;
        assert_eq!(
            version_text("ファームウェアバージョン 1.05およびそれ以前"),
            EndIncluding("1.05".into())
        );
        assert_eq!(
            version_text("7.6.2より前のバージョン"),
            EndExcluding("7.6.2".into())
        );
        assert_eq!(
            version_text("Ver.1.4.2より前のバージョン（CVE-2025-0354、CVE-2025-0355）"),
            EndExcluding("1.4.2".into())
        );
        assert_eq!(version_text("7.7"), Exact("7.7".into()));
        assert_eq!(version_text("for Windows 5.8 (Build 1575) 未満"), Any);
        assert_eq!(version_text("v6 R4 およびそれ以前のバージョン"), Any);
        assert_eq!(
            version_text("versions prior to 3.0.1"),
            EndExcluding("3.0.1".into())
        );
        assert_eq!(version_text("1.2 and earlier"), EndIncluding("1.2".into()));
        assert_eq!(version_text("2.0 以降"), StartIncluding("2.0".into()));
        assert_eq!(version_text("すべてのバージョン"), Any);
    }

    #[test]
    fn languages() {
        assert_eq!(JvnLanguage::from_tag("en-US"), Some(JvnLanguage::English));
        assert_eq!(JvnLanguage::from_tag("ja"), Some(JvnLanguage::Japanese));
        assert_eq!(JvnLanguage::from_tag("fr"), None);
    }
}
