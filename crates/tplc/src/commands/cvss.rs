//! `tplc cvss`: the scores of a CVSS vector.

use tplc_cvss::{CvssVersion, Scores, Severity};

use crate::Outcome;
use crate::cli::CvssFormat;
use crate::output;

pub(crate) fn run(vector: &str, format: CvssFormat) -> anyhow::Result<Outcome> {
    let scores = tplc_cvss::score(vector)?;
    let text = match format {
        CvssFormat::Text => text(&scores),
        CvssFormat::Json => format!("{:#}\n", json(&scores)),
    };
    output::print(&text)?;
    Ok(Outcome::Success)
}

/// One line per score: `base score  9.8  CRITICAL`; v4.0 lines name the CVSS nomenclature.
fn text(scores: &Scores) -> String {
    let v4 = scores.version == CvssVersion::V4_0;
    let environmental = match (v4, scores.threat_score.is_some()) {
        (false, _) => "environmental score",
        (true, false) => "environmental score (CVSS-BE)",
        (true, true) => "environmental score (CVSS-BTE)",
    };
    let base = if v4 {
        "base score (CVSS-B)"
    } else {
        "base score"
    };
    let rows = [
        (base, Some((scores.base_score, scores.base_severity))),
        (
            "temporal score",
            pair(scores.temporal_score, scores.temporal_severity),
        ),
        (
            "threat score (CVSS-BT)",
            pair(scores.threat_score, scores.threat_severity),
        ),
        (
            environmental,
            pair(scores.environmental_score, scores.environmental_severity),
        ),
    ];
    let mut out = format!("{:<31} {}\n", "CVSS version", scores.version);
    for (label, value) in rows {
        if let Some((score, severity)) = value {
            out.push_str(&format!("{label:<31} {score:>4.1}  {severity}\n"));
        }
    }
    out
}

fn pair(score: Option<f64>, severity: Option<Severity>) -> Option<(f64, Severity)> {
    score.zip(severity)
}

/// `version`, `base_score`, `base_severity`, and the optional scores the vector carries.
fn json(scores: &Scores) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    object.insert("version".into(), scores.version.as_str().into());
    object.insert("base_score".into(), scores.base_score.into());
    object.insert("base_severity".into(), scores.base_severity.as_str().into());
    for (name, value) in [
        (
            "temporal",
            pair(scores.temporal_score, scores.temporal_severity),
        ),
        ("threat", pair(scores.threat_score, scores.threat_severity)),
        (
            "environmental",
            pair(scores.environmental_score, scores.environmental_severity),
        ),
    ] {
        if let Some((score, severity)) = value {
            object.insert(format!("{name}_score"), score.into());
            object.insert(format!("{name}_severity"), severity.as_str().into());
        }
    }
    serde_json::Value::Object(object)
}
