//! One OSV JSON record (OSV schema 1.x) read into an [`Advisory`].
//!
//! The record is deserialised into borrowed wire structs with derived serde (unknown fields are
//! skipped, for forward compatibility) and then moved into the model. `ecosystem_specific` and
//! `database_specific` are kept as compact JSON text. When the fast parse fails, the record is
//! parsed a second time with path tracking so the error names the JSON pointer of the bad value.

use std::borrow::Cow;

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::model::{
    Advisory, AdvisorySource, Affected, Event, EventKind, Range, RangeKind, RecordError, Reference,
    Severity, SeverityKind,
};

/// Reads one OSV JSON record into an [`Advisory`] with `source: Some(AdvisorySource::Osv)`.
///
/// `location` names where the bytes came from (`dir/GHSA-x.json`, `PyPI/all.zip:PYSEC-1.json`);
/// a [`RecordError`]'s location is `location`, followed by `#` and the JSON pointer of the bad
/// value where one is known (`PyPI/all.zip:PYSEC-1.json#/affected/0/ranges`).
///
/// What the model makes of the record:
/// - `id`, `aliases`, `related`, `summary`, `details`, `published`, `modified`, `withdrawn` as
///   written (timestamps are not reinterpreted);
/// - `severity[]` by `type` (`CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, others as
///   [`SeverityKind::Other`]); the model has no per-package severity, so `affected[].severity`
///   entries are appended to [`Advisory::severity`] (each distinct entry once);
/// - `affected[]`: the package (`ecosystem` and `name` empty when a record has no package, as
///   records with only `GIT` ranges do), ranges with their events in order, `versions`, and
///   `ecosystem_specific` / `database_specific` as compact JSON text;
/// - `references[]` (`type`, `url`);
/// - CWE ids from `database_specific.cwe_ids` (a value there of another shape is ignored:
///   `database_specific` is free-form).
///
/// `upstream`, `credits`, `schema_version` and unknown fields are ignored. A field of the wrong
/// type, a missing required field (`id`; `package.ecosystem` and `package.name`; a range's
/// `type` and `events`; a severity's `type` and `score`; a reference's `type` and `url`), an empty
/// `id`, or an event naming none of `introduced`, `fixed`, `last_affected`, `limit` is an error.
/// A `null` where an array is expected counts as an empty array. A leading UTF-8 byte order mark
/// is accepted. Never panics.
///
/// # Errors
///
/// A [`RecordError`] when the bytes are not JSON or not an OSV record.
pub fn parse_osv(bytes: &[u8], location: &str) -> Result<Advisory, RecordError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match serde_json::from_slice::<Obj<WireRecord<'_>>>(bytes) {
        Ok(Obj(record)) => convert(record, location),
        Err(error) => Err(locate(bytes, location, &error)),
    }
}

/// Parses again with path tracking, to name the JSON pointer of the value that failed.
fn locate(bytes: &[u8], location: &str, fast: &serde_json::Error) -> RecordError {
    let mut inner = serde_json::Deserializer::from_slice(bytes);
    let traced: Result<Obj<WireRecord<'_>>, _> = serde_path_to_error::deserialize(&mut inner);
    match traced {
        Err(error) => record_error(
            location,
            &pointer_of(error.path()),
            error.inner().to_string(),
        ),
        Ok(_) => match inner.end() {
            Err(error) => record_error(location, "", error.to_string()),
            Ok(()) => record_error(location, "", fast.to_string()),
        },
    }
}

/// A [`RecordError`] at `pointer` below `location`.
fn record_error(location: &str, pointer: &str, message: impl Into<String>) -> RecordError {
    RecordError {
        location: at(location, pointer),
        message: message.into(),
    }
}

/// `location#pointer`, or `location` for the root.
pub(crate) fn at(location: &str, pointer: &str) -> String {
    if pointer.is_empty() {
        location.to_owned()
    } else {
        format!("{location}#{pointer}")
    }
}

/// A `serde_path_to_error` path as a JSON pointer (RFC 6901).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            serde_path_to_error::Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            serde_path_to_error::Segment::Enum { variant } => {
                pointer.push('/');
                pointer.push_str(variant);
            }
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

/// `null` as the type's default (an empty array), anything else as the type itself.
fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// A value that must be a JSON object.
///
/// Derived struct deserialisers also accept an array of the fields in order; OSV objects are
/// objects, so anything but an object is a type error here.
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ObjVisitor(PhantomData))
    }
}

/// Visits only maps, handing them to `T`'s own deserialiser.
struct ObjVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjVisitor<T> {
    type Value = Obj<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Obj)
    }
}

/// The top level of an OSV record, as far as the model needs it.
#[derive(Deserialize)]
struct WireRecord<'a> {
    id: String,
    #[serde(default)]
    modified: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    withdrawn: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    aliases: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    related: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    details: Option<String>,
    #[serde(default, deserialize_with = "nullable", borrow)]
    severity: Vec<Obj<WireSeverity<'a>>>,
    #[serde(default, deserialize_with = "nullable", borrow)]
    affected: Vec<Obj<WireAffected<'a>>>,
    #[serde(default, deserialize_with = "nullable")]
    references: Vec<Obj<WireReference>>,
    #[serde(default, borrow)]
    database_specific: Option<&'a RawValue>,
}

/// A `severity[]` entry.
#[derive(Deserialize)]
struct WireSeverity<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    score: String,
}

/// An `affected[]` entry.
#[derive(Deserialize)]
struct WireAffected<'a> {
    #[serde(default)]
    package: Option<Obj<WirePackage>>,
    #[serde(default, deserialize_with = "nullable", borrow)]
    severity: Vec<Obj<WireSeverity<'a>>>,
    #[serde(default, deserialize_with = "nullable", borrow)]
    ranges: Vec<Obj<WireRange<'a>>>,
    #[serde(default, deserialize_with = "nullable")]
    versions: Vec<String>,
    #[serde(default, borrow)]
    ecosystem_specific: Option<&'a RawValue>,
    #[serde(default, borrow)]
    database_specific: Option<&'a RawValue>,
}

/// `affected[].package`.
#[derive(Deserialize)]
struct WirePackage {
    ecosystem: String,
    name: String,
    #[serde(default)]
    purl: Option<String>,
}

/// `affected[].ranges[]`.
#[derive(Deserialize)]
struct WireRange<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default)]
    repo: Option<String>,
    events: Vec<Obj<WireEvent>>,
}

/// `affected[].ranges[].events[]`: an object with one of four keys.
#[derive(Deserialize)]
struct WireEvent {
    #[serde(default)]
    introduced: Option<String>,
    #[serde(default)]
    fixed: Option<String>,
    #[serde(default)]
    last_affected: Option<String>,
    #[serde(default)]
    limit: Option<String>,
}

/// `references[]`.
#[derive(Deserialize)]
struct WireReference {
    #[serde(rename = "type")]
    kind: String,
    url: String,
}

/// The part of the top-level `database_specific` the model reads.
#[derive(Deserialize)]
struct WireDatabaseSpecific {
    #[serde(default)]
    cwe_ids: Option<Vec<String>>,
}

/// Moves a parsed record into the model.
fn convert(record: WireRecord<'_>, location: &str) -> Result<Advisory, RecordError> {
    if record.id.trim().is_empty() {
        return Err(record_error(location, "/id", "the id is empty"));
    }
    let mut severity: Vec<Severity> = record
        .severity
        .into_iter()
        .map(|Obj(entry)| severity_of(entry))
        .collect();
    let mut affected = Vec::with_capacity(record.affected.len());
    for (position, Obj(entry)) in record.affected.into_iter().enumerate() {
        for Obj(extra) in entry.severity {
            let extra = severity_of(extra);
            if !severity.contains(&extra) {
                severity.push(extra);
            }
        }
        let mut ranges = Vec::with_capacity(entry.ranges.len());
        for (range_position, Obj(range)) in entry.ranges.into_iter().enumerate() {
            let mut events = Vec::with_capacity(range.events.len());
            for (event_position, Obj(event)) in range.events.into_iter().enumerate() {
                let before = events.len();
                let kinds = [
                    (EventKind::Introduced, event.introduced),
                    (EventKind::Fixed, event.fixed),
                    (EventKind::LastAffected, event.last_affected),
                    (EventKind::Limit, event.limit),
                ];
                for (kind, version) in kinds {
                    if let Some(version) = version {
                        events.push(Event { kind, version });
                    }
                }
                if events.len() == before {
                    return Err(record_error(
                        location,
                        &format!(
                            "/affected/{position}/ranges/{range_position}/events/{event_position}"
                        ),
                        "the event names none of introduced, fixed, last_affected, limit",
                    ));
                }
            }
            ranges.push(Range {
                kind: range_kind_of(range.kind),
                repo: range.repo,
                events,
            });
        }
        let (ecosystem, name, purl) = match entry.package {
            Some(Obj(package)) => (package.ecosystem, package.name, package.purl),
            None => (String::new(), String::new(), None),
        };
        affected.push(Affected {
            ecosystem,
            name,
            purl,
            ranges,
            versions: entry.versions,
            ecosystem_specific: entry.ecosystem_specific.and_then(compact),
            database_specific: entry.database_specific.and_then(compact),
        });
    }
    Ok(Advisory {
        id: record.id,
        source: Some(AdvisorySource::Osv),
        aliases: record.aliases,
        related: record.related,
        summary: record.summary,
        details: record.details,
        ja: None,
        severity,
        affected,
        cpe_configurations: Vec::new(),
        cwes: record.database_specific.map(cwes_of).unwrap_or_default(),
        references: record
            .references
            .into_iter()
            .map(|Obj(reference)| Reference {
                kind: reference.kind,
                url: reference.url,
            })
            .collect(),
        published: record.published,
        modified: record.modified,
        withdrawn: record.withdrawn,
    })
}

/// A severity entry in the model.
fn severity_of(severity: WireSeverity<'_>) -> Severity {
    let kind = match severity.kind.as_ref() {
        "CVSS_V2" => SeverityKind::CvssV2,
        "CVSS_V3" => SeverityKind::CvssV3,
        "CVSS_V4" => SeverityKind::CvssV4,
        "Ubuntu" => SeverityKind::Ubuntu,
        _ => SeverityKind::Other(severity.kind.into_owned()),
    };
    Severity {
        kind,
        score: severity.score,
        base_score: None,
        rated_by: None,
    }
}

/// A range type in the model.
fn range_kind_of(kind: Cow<'_, str>) -> RangeKind {
    match kind.as_ref() {
        "SEMVER" => RangeKind::Semver,
        "ECOSYSTEM" => RangeKind::Ecosystem,
        "GIT" => RangeKind::Git,
        _ => RangeKind::Other(kind.into_owned()),
    }
}

/// The CWE ids of a top-level `database_specific`, if it has a `cwe_ids` array of strings.
fn cwes_of(raw: &RawValue) -> Vec<String> {
    let text = raw.get();
    if !text.contains("cwe_ids") {
        return Vec::new();
    }
    serde_json::from_str::<WireDatabaseSpecific>(text)
        .ok()
        .and_then(|specific| specific.cwe_ids)
        .unwrap_or_default()
}

/// A raw JSON value as compact text (whitespace outside strings dropped); `null` is absent.
fn compact(raw: &RawValue) -> Option<String> {
    let text = raw.get();
    if text == "null" {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GO: &str = r#"{
      "schema_version": "1.6.0",
      "id": "GO-2020-0001",
      "modified": "2024-05-20T16:03:47Z",
      "published": "2021-04-14T20:04:52Z",
      "aliases": ["CVE-2020-36567", "GHSA-6vm3-jj99-7229"],
      "summary": "Arbitrary log line injection in github.com/gin-gonic/gin",
      "details": "The default Formatter for the Logger middleware (LoggerConfig.Formatter)...",
      "affected": [{
        "package": {"name": "github.com/gin-gonic/gin", "ecosystem": "Go"},
        "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.6.0"}]}],
        "ecosystem_specific": {
          "imports": [ {"path": "github.com/gin-gonic/gin", "symbols": ["defaultLogFormatter"]} ]
        }
      }],
      "references": [{"type": "FIX", "url": "https://github.com/gin-gonic/gin/pull/2237"}],
      "credits": [{"name": "@thinkerou <thinkerou@gmail.com>"}],
      "database_specific": {"url": "https://pkg.go.dev/vuln/GO-2020-0001", "review_status": "REVIEWED"},
      "a_future_field": {"nested": [1, 2, 3]}
    }"#;

    #[test]
    fn reads_a_go_record() {
        let advisory = parse_osv(GO.as_bytes(), "GO-2020-0001.json").unwrap();
        assert_eq!(advisory.id, "GO-2020-0001");
        assert_eq!(advisory.source, Some(AdvisorySource::Osv));
        assert_eq!(advisory.aliases, ["CVE-2020-36567", "GHSA-6vm3-jj99-7229"]);
        assert_eq!(advisory.modified.as_deref(), Some("2024-05-20T16:03:47Z"));
        assert_eq!(advisory.published.as_deref(), Some("2021-04-14T20:04:52Z"));
        assert_eq!(advisory.withdrawn, None);
        let affected = &advisory.affected[0];
        assert_eq!(
            (affected.ecosystem.as_str(), affected.name.as_str()),
            ("Go", "github.com/gin-gonic/gin")
        );
        assert_eq!(affected.ranges[0].kind, RangeKind::Semver);
        assert_eq!(
            affected.ranges[0].events,
            [
                Event {
                    kind: EventKind::Introduced,
                    version: "0".into()
                },
                Event {
                    kind: EventKind::Fixed,
                    version: "1.6.0".into()
                },
            ]
        );
        assert_eq!(
            affected.ecosystem_specific.as_deref(),
            Some(
                r#"{"imports":[{"path":"github.com/gin-gonic/gin","symbols":["defaultLogFormatter"]}]}"#
            )
        );
        assert_eq!(advisory.references[0].kind, "FIX");
        assert!(advisory.cwes.is_empty());
    }

    #[test]
    fn reads_severity_cwes_and_git_ranges() {
        let json = r#"{"id":"GHSA-xxxx-yyyy-zzzz","aliases":null,
          "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
                      {"type":"CVSS_V5","score":"x"}],
          "affected":[{"ranges":[{"type":"GIT","repo":"https://github.com/a/b",
             "events":[{"introduced":"0"},{"last_affected":"abc"},{"limit":"def"}]}],
             "severity":[{"type":"Ubuntu","score":"medium"},{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]},
            {"package":{"ecosystem":"npm","name":"x","purl":"pkg:npm/x"},"ranges":[{"type":"WEIRD","events":[]}],
             "database_specific":{ "source" : "a b\n\"c\"" }}],
          "database_specific":{"cwe_ids":["CWE-79","CWE-89"],"severity":"HIGH"}}"#;
        let advisory = parse_osv(json.as_bytes(), "x.json").unwrap();
        assert!(advisory.aliases.is_empty());
        let kinds: Vec<_> = advisory.severity.iter().map(|s| s.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                SeverityKind::CvssV3,
                SeverityKind::Other("CVSS_V5".into()),
                SeverityKind::Ubuntu
            ]
        );
        assert_eq!(advisory.cwes, ["CWE-79", "CWE-89"]);
        let git = &advisory.affected[0];
        assert_eq!((git.ecosystem.as_str(), git.name.as_str()), ("", ""));
        assert_eq!(git.ranges[0].kind, RangeKind::Git);
        assert_eq!(
            git.ranges[0].repo.as_deref(),
            Some("https://github.com/a/b")
        );
        let kinds: Vec<_> = git.ranges[0].events.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EventKind::Introduced,
                EventKind::LastAffected,
                EventKind::Limit
            ]
        );
        let npm = &advisory.affected[1];
        assert_eq!(npm.purl.as_deref(), Some("pkg:npm/x"));
        assert_eq!(npm.ranges[0].kind, RangeKind::Other("WEIRD".into()));
        assert_eq!(
            npm.database_specific.as_deref(),
            Some(r#"{"source":"a b\n\"c\""}"#)
        );
    }

    #[test]
    fn odd_cwe_ids_are_ignored() {
        let json = r#"{"id":"X-1","database_specific":{"cwe_ids":"CWE-79"}}"#;
        assert!(parse_osv(json.as_bytes(), "x").unwrap().cwes.is_empty());
    }

    #[test]
    fn wrong_types_name_the_pointer() {
        let json = r#"{"id":"X-1","affected":[{"package":{"ecosystem":"PyPI","name":"a"},
            "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":0}]}]}]}"#;
        let error = parse_osv(json.as_bytes(), "a.zip:X-1.json").unwrap_err();
        assert_eq!(
            error.location,
            "a.zip:X-1.json#/affected/0/ranges/0/events/0/introduced"
        );
        assert!(
            error
                .message
                .starts_with("invalid type: integer `0`, expected a string"),
            "{}",
            error.message
        );

        let error = parse_osv(br#"{"id":"X-1","aliases":"CVE-1"}"#, "f.json").unwrap_err();
        assert_eq!(error.location, "f.json#/aliases");

        let error = parse_osv(br#"{"id":"X-1","references":[{"url":"u"}]}"#, "f.json").unwrap_err();
        assert_eq!(error.location, "f.json#/references/0");
        assert!(
            error.message.contains("missing field `type`"),
            "{}",
            error.message
        );
        assert_eq!(
            error.to_string(),
            format!("f.json#/references/0: {}", error.message)
        );
    }

    #[test]
    fn structural_errors() {
        for (json, location, needle) in [
            (
                r#"{"modified":"2024-01-01T00:00:00Z"}"#,
                "f",
                "missing field `id`",
            ),
            (r#"{"id":"  "}"#, "f#/id", "empty"),
            (
                r#"{"id":"X","affected":[{"ranges":[{"type":"GIT","events":[{"introduced":"0"},{}]}]}]}"#,
                "f#/affected/0/ranges/0/events/1",
                "none of introduced",
            ),
            ("{\"id\":\"X\"} trailing", "f", "trailing characters"),
            ("", "f", "EOF"),
            ("[\"X\"]", "f", "expected an object"),
            (
                r#"{"id":"X","affected":[{"package":["npm","x"]}]}"#,
                "f#/affected/0/package",
                "expected an object",
            ),
            (
                r#"{"id":"X","references":[["WEB","u"]]}"#,
                "f#/references/0",
                "expected an object",
            ),
            ("{\"id\":\"X\",\"id\":\"Y\"}", "f", "duplicate field `id`"),
        ] {
            let error = parse_osv(json.as_bytes(), "f").unwrap_err();
            assert_eq!(error.location, location, "{json}");
            assert!(error.message.contains(needle), "{json}: {}", error.message);
        }
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(br#"{"id":"X-1"}"#);
        assert_eq!(parse_osv(&bytes, "f").unwrap().id, "X-1");
    }

    #[test]
    fn pointers_escape_keys() {
        let json = br#"{"id":"X","affected":[{"package":{"ecosystem":"npm","name":"x"},
            "ranges":[{"type":"SEMVER","events":[{"fixed":"1"}]}]}],"x/y~z":[1,}"#;
        let error = parse_osv(json, "f").unwrap_err();
        assert_eq!(error.location, "f#/x~1y~0z");
        assert!(error.message.contains("line 2"), "{}", error.message);
    }

    #[test]
    fn compacts_json_text() {
        let raw: &RawValue =
            serde_json::from_str("{ \"a\" : [ 1 , \"x \\\" y\" ] ,\n \"b\":{} }").unwrap();
        assert_eq!(
            compact(raw).as_deref(),
            Some(r#"{"a":[1,"x \" y"],"b":{}}"#)
        );
        let raw: &RawValue = serde_json::from_str("null").unwrap();
        assert_eq!(compact(raw), None);
    }
}
