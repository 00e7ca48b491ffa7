//! A parsed CVSS vector and its scores.

use std::fmt;
use std::str::FromStr;

use crate::error::{CvssError, ErrorKind};
use crate::metrics::{self, Group, MetricDef, Values};
use crate::severity::{CvssVersion, Severity};
use crate::{v2, v3, v4};

/// A valid CVSS vector string of any supported version: the version and the metrics it gives.
///
/// Metrics may come in any order; each at most once; every base metric is mandatory. Names
/// and values are case-sensitive. White space around the text is ignored, and a v2.0 vector
/// may be wrapped in parentheses, as NVD wrote them: `(AV:N/AC:L/Au:N/C:P/I:P/A:P)`.
///
/// Two vectors are equal when they give the same metrics the same values, whatever the
/// order; [`Display`](fmt::Display) writes the metrics in the specification's order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Vector {
    version: CvssVersion,
    values: Values,
}

/// The scores of a vector and their severity ratings.
///
/// The optional scores are present when the vector defines at least one metric of the group
/// (a value other than `X`, or `ND` in v2.0):
///
/// | version | `base_score` | `temporal_score` | `threat_score` | `environmental_score` |
/// | --- | --- | --- | --- | --- |
/// | v2.0, v3.x | base | temporal | — | environmental |
/// | v4.0 | CVSS-B (base metrics only) | — | CVSS-BT | CVSS-BE, or CVSS-BTE with threat |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// The vector's version.
    pub version: CvssVersion,
    /// The base score (v4.0: CVSS-B, computed from the base metrics alone).
    pub base_score: f64,
    /// The base score's rating.
    pub base_severity: Severity,
    /// v2.0/v3.x: the temporal score, when the vector defines a temporal metric.
    pub temporal_score: Option<f64>,
    /// The temporal score's rating.
    pub temporal_severity: Option<Severity>,
    /// v4.0: CVSS-BT, when the vector defines `E`.
    pub threat_score: Option<f64>,
    /// The threat score's rating.
    pub threat_severity: Option<Severity>,
    /// The environmental score, when the vector defines an environmental metric (v4.0:
    /// CVSS-BE, or CVSS-BTE when it also defines `E`).
    pub environmental_score: Option<f64>,
    /// The environmental score's rating.
    pub environmental_severity: Option<Severity>,
}

impl Scores {
    /// The score for everything the vector says: the environmental score if present, else the
    /// temporal or threat score, else the base score. For v4.0 it is the one CVSS v4.0 score
    /// of the vector (CVSS-B, -BT, -BE or -BTE).
    #[must_use]
    pub fn overall_score(&self) -> f64 {
        self.environmental_score
            .or(self.threat_score)
            .or(self.temporal_score)
            .unwrap_or(self.base_score)
    }

    /// The rating of [`overall_score`](Self::overall_score).
    #[must_use]
    pub fn overall_severity(&self) -> Severity {
        Severity::of(self.version, self.overall_score())
    }
}

fn tenths_to_score(tenths: i64) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "scores are at most 100 tenths")]
    let tenths = tenths as f64;
    tenths / 10.0
}

fn v2_score(tenths: i128) -> f64 {
    tenths_to_score(i64::try_from(tenths).unwrap_or(0))
}

/// The metric table of a version.
fn table(version: CvssVersion) -> &'static [MetricDef] {
    match version {
        CvssVersion::V2 => &v2::METRICS,
        CvssVersion::V3_0 | CvssVersion::V3_1 => &v3::METRICS,
        CvssVersion::V4_0 => &v4::METRICS,
    }
}

/// The value of an optional metric that is not defined.
fn not_defined(version: CvssVersion) -> &'static str {
    match version {
        CvssVersion::V2 => v2::NOT_DEFINED,
        CvssVersion::V3_0 | CvssVersion::V3_1 => v3::NOT_DEFINED,
        CvssVersion::V4_0 => v4::NOT_DEFINED,
    }
}

/// The first base metric of a version (what an empty body misses).
fn first_metric(version: CvssVersion) -> &'static str {
    table(version).first().map_or("AV", |def| def.name)
}

impl Vector {
    /// Parses a vector string; the version is taken from the prefix (`CVSS:3.0/`,
    /// `CVSS:3.1/`, `CVSS:4.0/`), a vector without prefix is CVSS v2.0.
    ///
    /// # Errors
    ///
    /// A [`CvssError`] naming what is wrong and where: an empty text, an unsupported prefix,
    /// an empty or malformed metric, an unknown metric or value, a duplicate metric or a
    /// missing base metric.
    pub fn parse(input: &str) -> Result<Self, CvssError> {
        Self::parse_kind(input).map_err(|kind| CvssError::new(input, kind))
    }

    fn parse_kind(input: &str) -> Result<Self, ErrorKind> {
        let text = input.trim();
        if text.is_empty() {
            return Err(ErrorKind::Empty);
        }
        let leading = input.len() - input.trim_start().len();
        let column = input[..leading].chars().count() + 1;
        let has_prefix = text
            .get(..5)
            .is_some_and(|start| start.eq_ignore_ascii_case("CVSS:"));
        if has_prefix {
            let rest = text.get(5..).unwrap_or_default();
            let (number, body) = rest.split_once('/').unwrap_or((rest, ""));
            let version = match (text.get(..5), number) {
                (Some("CVSS:"), "3.0") => CvssVersion::V3_0,
                (Some("CVSS:"), "3.1") => CvssVersion::V3_1,
                (Some("CVSS:"), "4.0") => CvssVersion::V4_0,
                _ => {
                    let found = text.split('/').next().unwrap_or(text);
                    return Err(ErrorKind::Prefix {
                        found: found.to_owned(),
                    });
                }
            };
            if body.is_empty() {
                return Err(ErrorKind::MissingMetric {
                    metric: first_metric(version),
                });
            }
            let body_column = column + 5 + number.chars().count() + 1;
            let values = metrics::parse(body, body_column, table(version), version.as_str())?;
            return Ok(Self { version, values });
        }
        let (body, body_column) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            Some(inner) => (inner, column + 1),
            None => (text, column),
        };
        match metrics::parse(body, body_column, &v2::METRICS, "2.0") {
            Ok(values) => Ok(Self {
                version: CvssVersion::V2,
                values,
            }),
            Err(ErrorKind::UnknownMetric { column, metric, .. })
                if v3::METRICS
                    .iter()
                    .chain(&v4::METRICS)
                    .any(|def| def.name == metric) =>
            {
                Err(ErrorKind::MissingPrefix { column, metric })
            }
            Err(kind) => Err(kind),
        }
    }

    /// The vector's version.
    #[must_use]
    pub fn version(&self) -> CvssVersion {
        self.version
    }

    /// The value the vector gives a metric (`"N"` for `AV:N`), if it gives one.
    #[must_use]
    pub fn metric(&self, name: &str) -> Option<&'static str> {
        self.values.by_name(name)
    }

    /// `(metric, value)` for every metric given, in the specification's order.
    pub fn metrics(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.values.iter()
    }

    /// Whether the vector defines a temporal metric (v2.0/v3.x; a value other than `ND`/`X`).
    #[must_use]
    pub fn has_temporal(&self) -> bool {
        self.version != CvssVersion::V4_0 && self.defines(Group::Temporal)
    }

    /// Whether the vector defines the threat metric `E` (v4.0, a value other than `X`).
    #[must_use]
    pub fn has_threat(&self) -> bool {
        self.version == CvssVersion::V4_0 && self.defines(Group::Temporal)
    }

    /// Whether the vector defines an environmental metric (a value other than `ND`/`X`).
    #[must_use]
    pub fn has_environmental(&self) -> bool {
        self.defines(Group::Environmental)
    }

    fn defines(&self, group: Group) -> bool {
        self.values.defines(group, not_defined(self.version))
    }

    /// The base score (v4.0: CVSS-B, from the base metrics alone).
    #[must_use]
    pub fn base_score(&self) -> f64 {
        match self.version {
            CvssVersion::V2 => v2_score(v2::base(&self.values)),
            CvssVersion::V3_0 => tenths_to_score(v3::base(v3::Minor::Zero, &self.values)),
            CvssVersion::V3_1 => tenths_to_score(v3::base(v3::Minor::One, &self.values)),
            CvssVersion::V4_0 => tenths_to_score(v4::score(
                &self.values,
                v4::Groups {
                    threat: false,
                    environmental: false,
                },
            )),
        }
    }

    /// v2.0/v3.x: the temporal score, computed even when the vector defines no temporal
    /// metric (it is then the base score); `None` for v4.0.
    #[must_use]
    pub fn temporal_score(&self) -> Option<f64> {
        match self.version {
            CvssVersion::V2 => Some(v2_score(v2::temporal(&self.values))),
            CvssVersion::V3_0 => Some(tenths_to_score(v3::temporal(v3::Minor::Zero, &self.values))),
            CvssVersion::V3_1 => Some(tenths_to_score(v3::temporal(v3::Minor::One, &self.values))),
            CvssVersion::V4_0 => None,
        }
    }

    /// v4.0: CVSS-BT, from the base and threat metrics (`E:X` counts as `E:A`), computed even
    /// when the vector does not define `E`; `None` for the other versions.
    #[must_use]
    pub fn threat_score(&self) -> Option<f64> {
        (self.version == CvssVersion::V4_0).then(|| {
            tenths_to_score(v4::score(
                &self.values,
                v4::Groups {
                    threat: true,
                    environmental: false,
                },
            ))
        })
    }

    /// The environmental score, computed even when the vector defines no environmental metric
    /// (what FIRST's calculators show: in v3.1 it can differ from the base score). For v4.0 it
    /// is the score from every metric group: CVSS-BTE.
    #[must_use]
    pub fn environmental_score(&self) -> f64 {
        match self.version {
            CvssVersion::V2 => v2_score(v2::environmental(&self.values)),
            CvssVersion::V3_0 => tenths_to_score(v3::environmental(v3::Minor::Zero, &self.values)),
            CvssVersion::V3_1 => tenths_to_score(v3::environmental(v3::Minor::One, &self.values)),
            CvssVersion::V4_0 => tenths_to_score(v4::score(
                &self.values,
                v4::Groups {
                    threat: true,
                    environmental: true,
                },
            )),
        }
    }

    /// The scores, with the optional ones present when the vector defines their metrics.
    #[must_use]
    pub fn scores(&self) -> Scores {
        let version = self.version;
        let rated = |score: Option<f64>| score.map(|score| Severity::of(version, score));
        let base_score = self.base_score();
        let temporal_score = self.temporal_score().filter(|_| self.has_temporal());
        let threat_score = self.threat_score().filter(|_| self.has_threat());
        let environmental_score = self.has_environmental().then(|| self.environmental_score());
        Scores {
            version,
            base_score,
            base_severity: Severity::of(version, base_score),
            temporal_score,
            temporal_severity: rated(temporal_score),
            threat_score,
            threat_severity: rated(threat_score),
            environmental_score,
            environmental_severity: rated(environmental_score),
        }
    }
}

impl FromStr for Vector {
    type Err = CvssError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl fmt::Display for Vector {
    /// The prefix, then every metric given, in the specification's order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.version.prefix())?;
        for (position, (name, value)) in self.metrics().enumerate() {
            if position > 0 {
                f.write_str("/")?;
            }
            write!(f, "{name}:{value}")?;
        }
        Ok(())
    }
}
