//! A package's links (writing side): `externalRefs`, `homepage` and `downloadLocation`, each
//! made valid for SPDX 2.3 and spdx-tools (see the `locator` module).

use std::collections::HashSet;

use serde_json::{Map, Value, json};
use tplc_model::{Component, ExternalReference, Omission};

use crate::locator::{check_reference, is_download_location, is_url};
use crate::package_writer::raw_json;

fn reference(category: &str, kind: &str, locator: &str, comment: Option<&str>) -> Value {
    let mut object = Map::new();
    object.insert("referenceCategory".into(), json!(category));
    object.insert("referenceType".into(), json!(kind));
    object.insert("referenceLocator".into(), json!(locator));
    if let Some(comment) = comment {
        object.insert("comment".into(), json!(comment));
    }
    Value::Object(object)
}

/// Writes the purl, CPE, SWID tag, persistent ids and external references of a component.
///
/// The first `website` reference that is a URL becomes `homepage`, the first `distribution`
/// reference that is a download location (clause 7.7) `downloadLocation`; the others, and
/// those that are not URLs, are `OTHER` references of their kind. Every reference is then
/// checked: an invalid purl or CPE is repaired (canonical purl, quoted CPE) or written as an
/// `OTHER` reference, with an omission saying so.
pub(crate) fn write_references(
    component: &Component,
    location: &str,
    package: &mut Map<String, Value>,
    omissions: &mut Vec<Omission>,
) {
    let mut refs = Vec::new();
    if let Some(purl) = component
        .purl
        .as_deref()
        .map(str::trim)
        .filter(|purl| !purl.is_empty())
    {
        refs.push(reference("PACKAGE-MANAGER", "purl", purl, None));
    }
    if let Some(cpe) = component
        .cpe
        .as_deref()
        .map(str::trim)
        .filter(|cpe| !cpe.is_empty())
    {
        let is_uri = cpe
            .get(..5)
            .is_some_and(|head| head.eq_ignore_ascii_case("cpe:/"));
        let kind = if is_uri { "cpe22Type" } else { "cpe23Type" };
        refs.push(reference("SECURITY", kind, cpe, None));
    }
    if let Some(swid) = &component.swid {
        refs.push(reference(
            "SECURITY",
            "swid",
            &format!("swid:{}", swid.tag_id),
            None,
        ));
        let details = swid.name != component.name
            || swid.version.is_some()
            || swid.tag_version.is_some()
            || swid.patch.is_some()
            || swid.text.is_some()
            || swid.url.is_some();
        if details {
            omissions.push(Omission::new(
                location,
                "SWID tag details other than the tag id",
            ));
        }
    }
    refs.extend(
        component
            .omnibor_ids
            .iter()
            .map(|id| reference("PERSISTENT-ID", "gitoid", id, None)),
    );
    refs.extend(
        component
            .swhids
            .iter()
            .map(|id| reference("PERSISTENT-ID", "swh", id, None)),
    );
    let (homepage, download) = write_links(component, location, &mut refs, omissions);
    if let Some(homepage) = homepage {
        package.insert("homepage".into(), json!(homepage));
    }
    match (download, raw_json(component, "downloadLocation")) {
        (Some(url), _) => package.insert("downloadLocation".into(), json!(url)),
        (None, Some(kept)) => package.insert("downloadLocation".into(), kept.clone()),
        (None, None) => package.insert("downloadLocation".into(), json!("NOASSERTION")),
    };
    merge_kept(component, &mut refs);
    let refs = check_all(refs, location, omissions);
    if !refs.is_empty() {
        package.insert("externalRefs".into(), Value::Array(refs));
    }
}

/// The homepage and download location among the external references; the other references
/// are added to `refs`.
fn write_links<'a>(
    component: &'a Component,
    location: &str,
    refs: &mut Vec<Value>,
    omissions: &mut Vec<Omission>,
) -> (Option<&'a str>, Option<&'a str>) {
    let mut homepage = None;
    let mut download = None;
    for external in &component.external_references {
        let url = external.url.trim();
        let plain = external.comment.is_none();
        if url.is_empty() {
            omissions.push(Omission::new(
                location,
                format!("{} reference without a URL", external.kind),
            ));
            continue;
        }
        if external.kind == "website" && homepage.is_none() && plain {
            if is_url(url) {
                homepage = Some(url);
            } else {
                omissions.push(Omission::new(
                    location,
                    format!("website {url:?} is not a URL, so not the homepage; written as an OTHER reference"),
                ));
                refs.push(other_reference(external));
            }
        } else if external.kind == "distribution" && download.is_none() && plain {
            if is_download_location(url) {
                download = Some(url);
            } else {
                omissions.push(Omission::new(
                    location,
                    format!("distribution {url:?} is not a download location (SPDX 2.3 clause 7.7); written as an OTHER reference"),
                ));
                refs.push(other_reference(external));
            }
        } else {
            refs.push(other_reference(external));
        }
        if !external.hashes.is_empty() {
            omissions.push(Omission::new(
                location,
                format!("hashes of the {} reference {url:?}", external.kind),
            ));
        }
    }
    (homepage, download)
}

/// Adds the references kept verbatim: the ones the model has no field for, and copies
/// carrying the comment of a mapped one (merged into it).
fn merge_kept(component: &Component, refs: &mut Vec<Value>) {
    let Some(Value::Array(kept)) = raw_json(component, "externalRefs") else {
        return;
    };
    for kept in kept {
        let Some(object) = kept.as_object() else {
            continue;
        };
        let field = |key: &str| {
            object
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim()
        };
        let category = field("referenceCategory").replace('_', "-");
        let (kind, locator) = (field("referenceType"), field("referenceLocator"));
        let existing = refs.iter_mut().find(|written| {
            written["referenceCategory"] == json!(category)
                && written["referenceType"] == json!(kind)
                && written["referenceLocator"] == json!(locator)
        });
        match existing {
            Some(Value::Object(written)) => {
                if let Some(comment) = object.get("comment") {
                    written.entry("comment").or_insert_with(|| comment.clone());
                }
            }
            _ => {
                let mut copy = object.clone();
                copy.insert("referenceCategory".into(), json!(category));
                refs.push(Value::Object(copy));
            }
        }
    }
}

/// Every reference made valid (see [`check_reference`]), without duplicates.
fn check_all(refs: Vec<Value>, location: &str, omissions: &mut Vec<Omission>) -> Vec<Value> {
    let mut seen = HashSet::new();
    let mut checked_refs = Vec::with_capacity(refs.len());
    for mut written in refs {
        let Some(object) = written.as_object_mut() else {
            continue;
        };
        let text = |key: &str| object.get(key).and_then(Value::as_str).unwrap_or_default();
        let checked = check_reference(
            text("referenceCategory"),
            text("referenceType"),
            text("referenceLocator"),
        );
        if let Some(note) = checked.note {
            omissions.push(Omission::new(location, note));
        }
        if !seen.insert((
            checked.category.clone(),
            checked.kind.clone(),
            checked.locator.clone(),
        )) {
            continue;
        }
        object.insert("referenceCategory".into(), json!(checked.category));
        object.insert("referenceType".into(), json!(checked.kind));
        object.insert("referenceLocator".into(), json!(checked.locator));
        checked_refs.push(written);
    }
    checked_refs
}

/// A CycloneDX external reference as an SPDX one: `advisories` with a URL as `SECURITY
/// advisory`, any other as an `OTHER` reference of its kind (which reads back as that kind).
fn other_reference(external: &ExternalReference) -> Value {
    let url = external.url.trim();
    if external.kind == "advisories" && is_url(url) {
        reference("SECURITY", "advisory", url, external.comment.as_deref())
    } else {
        reference("OTHER", &external.kind, url, external.comment.as_deref())
    }
}
