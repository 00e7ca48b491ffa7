//! The severity of a finding: from CVSS vectors, else the source's own rating.

use serde::Serialize;
use tplc_advisory::{Advisory, AdvisorySource, Severity, SeverityKind};

/// A severity level, ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// No rating is known.
    Unknown,
    /// CVSS 0.0.
    None,
    /// CVSS 0.1–3.9.
    Low,
    /// CVSS 4.0–6.9.
    Medium,
    /// CVSS 7.0–8.9.
    High,
    /// CVSS 9.0–10.0.
    Critical,
}

impl Level {
    /// The level of a CVSS base score (the v3/v4 qualitative rating scale).
    #[must_use]
    pub fn from_score(score: f64) -> Self {
        if score >= 9.0 {
            Self::Critical
        } else if score >= 7.0 {
            Self::High
        } else if score >= 4.0 {
            Self::Medium
        } else if score > 0.0 {
            Self::Low
        } else {
            Self::None
        }
    }

    /// A source's own word (`CRITICAL`, `HIGH`, `MODERATE`, `medium`, Ubuntu's `negligible`…).
    #[must_use]
    pub fn from_word(word: &str) -> Option<Self> {
        match word.trim().to_ascii_lowercase().as_str() {
            "critical" => Some(Self::Critical),
            "high" | "important" => Some(Self::High),
            "moderate" | "medium" => Some(Self::Medium),
            "low" | "negligible" => Some(Self::Low),
            "none" => Some(Self::None),
            _ => None,
        }
    }

    /// The level as printed.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::None => "none",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// Reads a `--fail-on` value.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "unknown" => Some(Self::Unknown),
            other => Self::from_word(other),
        }
    }
}

/// The CVSS rating a finding shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cvss {
    /// `2.0`, `3.0`, `3.1` or `4.0`.
    pub version: String,
    /// The vector.
    pub vector: String,
    /// The base score.
    pub base_score: f64,
    /// Who gave it: the advisory id it came from.
    pub from: String,
}

fn rank(kind: &SeverityKind) -> u8 {
    match kind {
        SeverityKind::CvssV4 => 3,
        SeverityKind::CvssV3 => 2,
        SeverityKind::CvssV2 => 1,
        _ => 0,
    }
}

fn cvss_of(severity: &Severity, from: &str) -> Option<Cvss> {
    if rank(&severity.kind) == 0 {
        return None;
    }
    let scores = tplc_cvss::score(&severity.score).ok()?;
    Some(Cvss {
        version: scores.version.as_str().to_owned(),
        vector: severity.score.clone(),
        base_score: scores.base_score,
        from: from.to_owned(),
    })
}

/// The best CVSS rating among advisories: the advisories that matched first (in order), the
/// newest CVSS version first; then the others (NVD records of a CVE alias).
pub(crate) fn best_cvss<'a>(advisories: impl IntoIterator<Item = &'a Advisory>) -> Option<Cvss> {
    let mut best: Option<(u8, u8, Cvss)> = None;
    for advisory in advisories {
        let source_rank = match advisory.source {
            Some(AdvisorySource::Nvd) => 0,
            _ => 1,
        };
        let mut severities: Vec<&Severity> = advisory.severity.iter().collect();
        severities.sort_by_key(|severity| std::cmp::Reverse(rank(&severity.kind)));
        for severity in severities {
            if let Some(cvss) = cvss_of(severity, &advisory.id) {
                let candidate = (source_rank, rank(&severity.kind));
                if best.as_ref().is_none_or(|(s, r, _)| candidate > (*s, *r)) {
                    best = Some((candidate.0, candidate.1, cvss));
                }
                break;
            }
        }
    }
    best.map(|(_, _, cvss)| cvss)
}

/// A rating word from `database_specific.severity` (GHSA, Go, RustSec) or an Ubuntu priority.
pub(crate) fn word_level<'a>(advisories: impl IntoIterator<Item = &'a Advisory>) -> Option<Level> {
    advisories
        .into_iter()
        .flat_map(|advisory| {
            let from_severity = advisory
                .severity
                .iter()
                .filter(|severity| {
                    matches!(severity.kind, SeverityKind::Ubuntu | SeverityKind::Other(_))
                })
                .filter_map(|severity| Level::from_word(&severity.score));
            let from_database = advisory
                .affected
                .iter()
                .filter_map(|affected| affected.database_specific.as_deref())
                .filter_map(|json| {
                    serde_json::from_str::<serde_json::Value>(json)
                        .ok()?
                        .get("severity")?
                        .as_str()
                        .and_then(Level::from_word)
                });
            from_severity.chain(from_database).collect::<Vec<_>>()
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_rating_scale() {
        assert_eq!(Level::from_score(9.8), Level::Critical);
        assert_eq!(Level::from_score(7.0), Level::High);
        assert_eq!(Level::from_score(6.9), Level::Medium);
        assert_eq!(Level::from_score(0.1), Level::Low);
        assert_eq!(Level::from_score(0.0), Level::None);
        assert_eq!(Level::from_word("MODERATE"), Some(Level::Medium));
        assert!(Level::Critical > Level::High && Level::Low > Level::Unknown);
    }

    #[test]
    fn the_newest_cvss_version_of_the_matched_advisory_wins() {
        let advisory = Advisory {
            id: "GHSA-1".into(),
            source: Some(AdvisorySource::Osv),
            severity: vec![
                Severity {
                    kind: SeverityKind::CvssV2,
                    score: "AV:N/AC:L/Au:N/C:P/I:P/A:P".into(),
                    base_score: None,
                    rated_by: None,
                },
                Severity {
                    kind: SeverityKind::CvssV3,
                    score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H".into(),
                    base_score: None,
                    rated_by: None,
                },
            ],
            ..Advisory::default()
        };
        let nvd = Advisory {
            id: "CVE-1".into(),
            source: Some(AdvisorySource::Nvd),
            severity: vec![Severity {
                kind: SeverityKind::CvssV3,
                score: "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N".into(),
                base_score: None,
                rated_by: None,
            }],
            ..Advisory::default()
        };
        let best = best_cvss([&nvd, &advisory]).unwrap();
        assert_eq!(best.from, "GHSA-1");
        assert_eq!(best.version, "3.1");
        assert!((best.base_score - 10.0).abs() < f64::EPSILON);
    }
}
