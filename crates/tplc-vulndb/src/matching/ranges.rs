//! Advisory ranges prepared for evaluation, and the evaluation of one candidate against them.

use tplc_advisory::{Advisory, Affected, EventKind, Range, RangeKind};
use tplc_version::{EventRange, Scheme, Version};

/// How a range's event versions are ordered, for an ecosystem whose own scheme is `ecosystem`.
///
/// `SEMVER` ranges use SemVer, except in Go, whose module versions are SemVer with a `v` (the
/// Go scheme reads both spellings). `GIT` ranges name commits and are never evaluated against
/// package versions; they do not stop the evaluation of the other ranges.
#[must_use]
pub fn range_scheme(kind: &RangeKind, ecosystem: Scheme) -> Option<Scheme> {
    match kind {
        RangeKind::Semver if ecosystem == Scheme::Go => Some(Scheme::Go),
        RangeKind::Semver => Some(Scheme::Semver),
        RangeKind::Ecosystem => Some(ecosystem),
        RangeKind::Git | RangeKind::Other(_) => None,
    }
}

/// A range's events as (kind, version) pairs for [`EventRange::new`].
pub fn event_pairs(range: &Range) -> impl Iterator<Item = (tplc_version::EventKind, &str)> {
    range.events.iter().map(|event| {
        let kind = match event.kind {
            EventKind::Introduced => tplc_version::EventKind::Introduced,
            EventKind::Fixed => tplc_version::EventKind::Fixed,
            EventKind::LastAffected => tplc_version::EventKind::LastAffected,
            EventKind::Limit => tplc_version::EventKind::Limit,
        };
        (kind, event.version.as_str())
    })
}

/// One range, prepared.
#[derive(Debug, Clone)]
pub(crate) struct PreparedRange {
    pub(crate) range: EventRange,
    /// The range as a user reads it: `ECOSYSTEM: introduced 0, fixed 1.2.3`.
    pub(crate) text: String,
    /// Its `fixed` versions, parsed, with their text.
    pub(crate) fixed: Vec<Version>,
}

/// One affected package, prepared.
#[derive(Debug, Clone, Default)]
pub(crate) struct PreparedAffected {
    /// The ecosystem's scheme; None for an unknown ecosystem (never matches).
    pub(crate) scheme: Option<Scheme>,
    pub(crate) ranges: Vec<PreparedRange>,
    /// The explicit `versions` list, with each entry parsed under the ecosystem's scheme.
    pub(crate) versions: Vec<(String, Option<Version>)>,
}

/// An advisory's affected packages, prepared, in the advisory's order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prepared {
    pub(crate) affected: Vec<PreparedAffected>,
}

/// Describes a range for a finding's reason.
fn describe(range: &Range) -> String {
    let kind = match &range.kind {
        RangeKind::Semver => "SEMVER",
        RangeKind::Ecosystem => "ECOSYSTEM",
        RangeKind::Git => "GIT",
        RangeKind::Other(other) => other.as_str(),
    };
    let events: Vec<String> = range
        .events
        .iter()
        .map(|event| {
            let name = match event.kind {
                EventKind::Introduced => "introduced",
                EventKind::Fixed => "fixed",
                EventKind::LastAffected => "last_affected",
                EventKind::Limit => "limit",
            };
            format!("{name} {}", event.version)
        })
        .collect();
    format!("{kind}: {}", events.join(", "))
}

fn prepare_affected(affected: &Affected) -> PreparedAffected {
    let scheme = Scheme::from_osv_ecosystem(&affected.ecosystem);
    let mut prepared = PreparedAffected {
        scheme,
        ranges: Vec::new(),
        versions: affected
            .versions
            .iter()
            .map(|listed| {
                let parsed = scheme.and_then(|scheme| scheme.parse(listed).ok());
                (listed.clone(), parsed)
            })
            .collect(),
    };
    let Some(scheme) = scheme else {
        return prepared;
    };
    for range in &affected.ranges {
        let Some(range_scheme) = range_scheme(&range.kind, scheme) else {
            continue;
        };
        // A range with an unparsable event version is skipped (the import reported it).
        let Ok(event_range) = EventRange::new(range_scheme, event_pairs(range)) else {
            continue;
        };
        let fixed = range
            .events
            .iter()
            .filter(|event| event.kind == EventKind::Fixed)
            .filter_map(|event| range_scheme.parse(&event.version).ok())
            .collect();
        prepared.ranges.push(PreparedRange {
            range: event_range,
            text: describe(range),
            fixed,
        });
    }
    prepared
}

/// Prepares every affected package of an advisory.
pub(crate) fn prepare(advisory: &Advisory) -> Prepared {
    Prepared {
        affected: advisory.affected.iter().map(prepare_affected).collect(),
    }
}

/// The outcome of evaluating one version against one affected package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Evaluation {
    /// Affected: by which range (or the explicit list), and the fixed versions above it.
    Affected { range: String, fixed: Vec<String> },
    /// Not affected.
    NotAffected,
    /// The version cannot be read under the scheme the advisory needs.
    Unparsable { scheme: Scheme, reason: String },
}

/// One component version parsed under the schemes its candidates need, each at most once.
#[derive(Debug)]
pub(crate) struct ParsedVersion<'a> {
    text: &'a str,
    parsed: Vec<(Scheme, Result<Version, String>)>,
}

impl<'a> ParsedVersion<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            parsed: Vec::with_capacity(2),
        }
    }

    fn under(&mut self, scheme: Scheme) -> Result<&Version, &str> {
        let position = match self.parsed.iter().position(|(known, _)| *known == scheme) {
            Some(position) => position,
            None => {
                let result = scheme
                    .parse(self.text)
                    .map_err(|error| error.reason().to_owned());
                self.parsed.push((scheme, result));
                self.parsed.len() - 1
            }
        };
        self.parsed[position].1.as_ref().map_err(String::as_str)
    }
}

/// Evaluates a version against a prepared affected package.
pub(crate) fn evaluate(prepared: &PreparedAffected, version: &mut ParsedVersion<'_>) -> Evaluation {
    let Some(scheme) = prepared.scheme else {
        return Evaluation::NotAffected;
    };
    let mut unparsable = None;
    for range in &prepared.ranges {
        let range_scheme = range.range.scheme();
        match version.under(range_scheme) {
            Ok(parsed_version) => {
                if range.range.contains(parsed_version) {
                    let mut fixed: Vec<String> = range
                        .fixed
                        .iter()
                        .filter(|fixed| *fixed > parsed_version)
                        .map(|fixed| fixed.as_str().to_owned())
                        .collect();
                    fixed.dedup();
                    return Evaluation::Affected {
                        range: range.text.clone(),
                        fixed,
                    };
                }
            }
            Err(reason) => {
                if unparsable.is_none() {
                    unparsable = Some((range_scheme, reason.to_owned()));
                }
            }
        }
    }
    if !prepared.versions.is_empty() {
        let text = version.text;
        let parsed = version.under(scheme).ok();
        let listed = prepared.versions.iter().any(|(listed, listed_parsed)| {
            listed == text
                || matches!((parsed, listed_parsed), (Some(parsed), Some(listed)) if parsed == listed)
        });
        if listed {
            return Evaluation::Affected {
                range: "versions: listed explicitly".to_owned(),
                fixed: Vec::new(),
            };
        }
    }
    match unparsable {
        Some((scheme, reason)) => Evaluation::Unparsable { scheme, reason },
        None => Evaluation::NotAffected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tplc_advisory::Event;

    fn affected(
        ecosystem: &str,
        kind: RangeKind,
        events: &[(EventKind, &str)],
        versions: &[&str],
    ) -> PreparedAffected {
        prepare_affected(&Affected {
            ecosystem: ecosystem.into(),
            name: "p".into(),
            ranges: vec![
                Range {
                    kind: RangeKind::Git,
                    repo: Some("https://example.org/repo".into()),
                    events: vec![Event {
                        kind: EventKind::Introduced,
                        version: "abc123".into(),
                    }],
                },
                Range {
                    kind,
                    repo: None,
                    events: events
                        .iter()
                        .map(|(kind, version)| Event {
                            kind: *kind,
                            version: (*version).into(),
                        })
                        .collect(),
                },
            ],
            versions: versions
                .iter()
                .map(|version| (*version).to_owned())
                .collect(),
            ..Affected::default()
        })
    }

    fn is_affected(prepared: &PreparedAffected, version: &str) -> bool {
        matches!(
            evaluate(prepared, &mut ParsedVersion::new(version)),
            Evaluation::Affected { .. }
        )
    }

    #[test]
    fn a_git_range_first_does_not_stop_evaluation() {
        let prepared = affected(
            "PyPI",
            RangeKind::Ecosystem,
            &[(EventKind::Introduced, "0"), (EventKind::Fixed, "2.0")],
            &[],
        );
        assert!(is_affected(&prepared, "1.5"));
        assert!(!is_affected(&prepared, "2.0"));
    }

    #[test]
    fn several_pairs_in_one_range() {
        let prepared = affected(
            "npm",
            RangeKind::Semver,
            &[
                (EventKind::Introduced, "1.0.0"),
                (EventKind::Fixed, "1.2.0"),
                (EventKind::Introduced, "2.0.0"),
                (EventKind::Fixed, "2.1.0"),
            ],
            &[],
        );
        assert!(is_affected(&prepared, "1.1.0"));
        assert!(!is_affected(&prepared, "1.5.0"));
        assert!(is_affected(&prepared, "2.0.5"));
        assert!(!is_affected(&prepared, "2.1.0"));
        assert_eq!(
            evaluate(&prepared, &mut ParsedVersion::new("1.1.0")),
            Evaluation::Affected {
                range: "SEMVER: introduced 1.0.0, fixed 1.2.0, introduced 2.0.0, fixed 2.1.0"
                    .into(),
                fixed: vec!["1.2.0".into(), "2.1.0".into()]
            }
        );
    }

    #[test]
    fn epochs_release_numbers_and_listed_versions() {
        let debian = affected(
            "Debian:12",
            RangeKind::Ecosystem,
            &[(EventKind::Introduced, "0"), (EventKind::Fixed, "1:9.0.0")],
            &[],
        );
        assert!(is_affected(&debian, "8.3.2"));
        assert!(!is_affected(&debian, "2:1.0"));
        let alpine = affected(
            "Alpine:v3.18",
            RangeKind::Ecosystem,
            &[
                (EventKind::Introduced, "0"),
                (EventKind::Fixed, "1.36.1-r18"),
            ],
            &[],
        );
        assert!(is_affected(&alpine, "1.36.1-r2"));
        assert!(!is_affected(&alpine, "1.36.1-r18"));
        let listed = affected("PyPI", RangeKind::Git, &[], &["1.0", "1.1"]);
        assert!(is_affected(&listed, "1.1"));
        assert!(
            is_affected(&listed, "1.1.0"),
            "PEP 440 equality: 1.1 == 1.1.0"
        );
        assert!(!is_affected(&listed, "1.2"));
    }

    #[test]
    fn unparsable_versions_are_reported() {
        let prepared = affected(
            "Maven",
            RangeKind::Ecosystem,
            &[(EventKind::Introduced, "0"), (EventKind::Fixed, "2.0")],
            &[],
        );
        assert!(matches!(
            evaluate(&prepared, &mut ParsedVersion::new("2.0")),
            Evaluation::NotAffected
        ));
        let prepared = affected(
            "npm",
            RangeKind::Semver,
            &[(EventKind::Introduced, "0"), (EventKind::Fixed, "2.0.0")],
            &[],
        );
        assert!(matches!(
            evaluate(&prepared, &mut ParsedVersion::new("not a version")),
            Evaluation::Unparsable { .. }
        ));
    }

    #[test]
    fn unknown_ecosystems_never_match() {
        let prepared = affected(
            "Nonsense",
            RangeKind::Ecosystem,
            &[(EventKind::Introduced, "0")],
            &["1.0"],
        );
        assert!(!is_affected(&prepared, "1.0"));
    }
}
