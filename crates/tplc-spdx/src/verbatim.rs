//! Files and snippets, kept verbatim from an SPDX source, made valid SPDX 2.3 on writing.

use std::collections::HashSet;

use serde_json::{Map, Value, json};
use tplc_model::{Omission, SbomDocument};

use crate::ids::{self, Ids};
use crate::package_writer::normalise_date_field;
use crate::relationship_writer::Relationships;
use crate::writer::raw_array;

const FILE_FIELDS: &[&str] = &[
    "SPDXID",
    "annotations",
    "artifactOfs",
    "attributionTexts",
    "checksums",
    "comment",
    "copyrightText",
    "fileContributors",
    "fileDependencies",
    "fileName",
    "fileTypes",
    "licenseComments",
    "licenseConcluded",
    "licenseInfoInFiles",
    "noticeText",
];
const SNIPPET_FIELDS: &[&str] = &[
    "SPDXID",
    "annotations",
    "attributionTexts",
    "comment",
    "copyrightText",
    "licenseComments",
    "licenseConcluded",
    "licenseInfoInSnippets",
    "name",
    "ranges",
    "snippetFromFile",
];

/// Files kept verbatim, made valid for SPDX 2.3: files without the SHA1 checksum SPDX 2.3
/// requires are left out, absolute names become relative to the root (`/bin/sh` → `./bin/sh`).
pub(crate) fn verbatim_files(
    document: &SbomDocument,
    ids: &mut Ids,
    omissions: &mut Vec<Omission>,
) -> Vec<Value> {
    let mut files = Vec::new();
    let (mut dropped, mut absolute) = (0_usize, 0_usize);
    for file in raw_array(document, "spdx:files") {
        let Some(object) = file.as_object() else {
            continue;
        };
        let Some(id) = object
            .get("SPDXID")
            .and_then(Value::as_str)
            .filter(|id| ids::is_valid(id))
        else {
            dropped += 1;
            continue;
        };
        let has_sha1 = object
            .get("checksums")
            .and_then(Value::as_array)
            .is_some_and(|checksums| {
                checksums.iter().any(|checksum| {
                    checksum.get("algorithm").and_then(Value::as_str) == Some("SHA1")
                })
            });
        if !has_sha1 {
            dropped += 1;
            continue;
        }
        let location = format!("file {id}");
        let mut copy = keep_fields(object, FILE_FIELDS, &location, omissions);
        if let Some(name) = copy.get("fileName").and_then(Value::as_str)
            && let Some(relative) = name.strip_prefix('/')
        {
            absolute += 1;
            copy.insert("fileName".into(), json!(format!("./{relative}")));
        }
        normalise_annotations(&mut copy, &location, omissions);
        ids.reserve(id);
        files.push(Value::Object(copy));
    }
    if dropped > 0 {
        omissions.push(Omission::new(
            "files",
            format!("{dropped} files without a valid SPDXID or the SHA1 checksum SPDX 2.3 requires were left out"),
        ));
    }
    if absolute > 0 {
        omissions.push(Omission::new(
            "files",
            format!("{absolute} absolute file names written relative to the root (\"./…\")"),
        ));
    }
    files
}

pub(crate) fn verbatim_snippets(
    document: &SbomDocument,
    ids: &mut Ids,
    omissions: &mut Vec<Omission>,
) -> Vec<Value> {
    let mut snippets = Vec::new();
    for snippet in raw_array(document, "spdx:snippets") {
        let Some(object) = snippet.as_object() else {
            continue;
        };
        let id = object
            .get("SPDXID")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let from_file = object
            .get("snippetFromFile")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !ids::is_valid(id) || ids.resolve(from_file).is_none() {
            omissions.push(Omission::new(
                format!("snippet {id}"),
                "left out: its file is not written",
            ));
            continue;
        }
        let location = format!("snippet {id}");
        let mut copy = keep_fields(object, SNIPPET_FIELDS, &location, omissions);
        normalise_annotations(&mut copy, &location, omissions);
        ids.reserve(id);
        snippets.push(Value::Object(copy));
    }
    snippets
}

fn keep_fields(
    object: &Map<String, Value>,
    fields: &[&str],
    location: &str,
    omissions: &mut Vec<Omission>,
) -> Map<String, Value> {
    let mut copy = Map::new();
    for (key, value) in object {
        if fields.contains(&key.as_str()) {
            copy.insert(key.clone(), value.clone());
        } else {
            omissions.push(Omission::new(
                location,
                format!("field {key} is not an SPDX 2.3 field"),
            ));
        }
    }
    copy
}

fn normalise_annotations(
    object: &mut Map<String, Value>,
    location: &str,
    omissions: &mut Vec<Omission>,
) {
    if let Some(Value::Array(annotations)) = object.get_mut("annotations") {
        for annotation in annotations.iter_mut().filter_map(Value::as_object_mut) {
            normalise_date_field(annotation, "annotationDate", location, omissions);
        }
    }
}

/// A package that contains files, or lists licence information from files or a verification
/// code, has had its files analysed: SPDX 2.3 forbids all three with `filesAnalyzed: false`.
pub(crate) fn mark_files_analysed(
    packages: &mut [Value],
    files: &[Value],
    relationships: &Relationships,
    omissions: &mut Vec<Omission>,
) {
    let file_ids: HashSet<&str> = files
        .iter()
        .filter_map(|file| file.get("SPDXID").and_then(Value::as_str))
        .collect();
    let mut containers: HashSet<&str> = HashSet::new();
    for written in &relationships.written {
        let from = written["spdxElementId"].as_str().unwrap_or_default();
        let to = written["relatedSpdxElement"].as_str().unwrap_or_default();
        if written["relationshipType"] == "CONTAINS" && file_ids.contains(to) {
            containers.insert(from);
        }
    }
    let mut changed = 0_usize;
    for package in packages.iter_mut().filter_map(Value::as_object_mut) {
        let id = package
            .get("SPDXID")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let needs = containers.contains(id)
            || package.contains_key("licenseInfoFromFiles")
            || package.contains_key("packageVerificationCode");
        if needs && package.get("filesAnalyzed") == Some(&Value::Bool(false)) {
            package.insert("filesAnalyzed".into(), Value::Bool(true));
            changed += 1;
        }
    }
    if changed > 0 {
        omissions.push(Omission::new(
            "packages",
            format!("filesAnalyzed written as true for {changed} packages that list files or licence information from files"),
        ));
    }
}
