//! [`AnnexFGuide`]: the Annex F activity data (`data/annex_f.toml`), embedded in the crate.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::catalogs::Catalogs;
use crate::error::{CatalogError, CatalogErrorKind};
use crate::parse::{Locator, RawText};
use crate::text::Text;

const FILE: &str = "data/annex_f.toml";
const TEXT: &str = include_str!("../data/annex_f.toml");

/// The F.2 letters, in order.
pub const F2_LETTERS: [char; 6] = ['a', 'b', 'c', 'd', 'e', 'f'];

/// A part of Annex F (F.2, F.3, F.4) and its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexFPart {
    /// `F.2`, `F.3`, `F.4`.
    pub id: String,
    /// Its title.
    pub title: Text,
}

/// One F.2 gap-closing activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct F2ActivityInfo {
    /// `a` … `f`.
    pub letter: char,
    /// What the activity does.
    pub title: Text,
}

/// The labels of the fields of an [`AnnexFRecord`](crate::AnnexFRecord).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexFFieldLabels {
    /// `clause4_evidence`.
    pub clause4_evidence: Text,
    /// `gap_analysis`.
    pub gap_analysis: Text,
    /// `rationale`.
    pub rationale: Text,
    /// `rationale_version`.
    pub rationale_version: Text,
    /// `transition_plan`.
    pub transition_plan: Text,
    /// `post_release_evidence`.
    pub post_release_evidence: Text,
    /// `residual_risk_acceptable`.
    pub residual_risk_acceptable: Text,
    /// `stop_use_advised`.
    pub stop_use_advised: Text,
    /// `stop_use_note`.
    pub stop_use_note: Text,
}

/// JIS T 81001-5-1 Annex F as data: parts, F.2 activities a–f, gap-analysis clauses, labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexFGuide {
    /// The standard (`JIS T 81001-5-1:2023`).
    pub standard: String,
    /// The clause catalog the gap-analysis clauses refer to.
    pub clauses_from: String,
    /// The clauses the gap analysis is made against (`5.2`, `5.7`, `7.1`–`7.3`).
    pub gap_analysis_clauses: Vec<String>,
    /// F.2, F.3, F.4.
    pub parts: Vec<AnnexFPart>,
    /// F.2 a) … f), in order.
    pub activities: Vec<F2ActivityInfo>,
    /// Labels of the record's fields.
    pub fields: AnnexFFieldLabels,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    id: String,
    title: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActivity {
    letter: Spanned<String>,
    title: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFields {
    clause4_evidence: RawText,
    gap_analysis: RawText,
    rationale: RawText,
    rationale_version: RawText,
    transition_plan: RawText,
    post_release_evidence: RawText,
    residual_risk_acceptable: RawText,
    stop_use_advised: RawText,
    stop_use_note: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuide {
    standard: String,
    clauses_from: String,
    gap_analysis_clauses: Vec<Spanned<String>>,
    parts: Vec<RawPart>,
    activities: Vec<RawActivity>,
    fields: RawFields,
}

impl AnnexFGuide {
    /// The embedded Annex F data.
    ///
    /// # Errors
    /// A [`CatalogError`] if the embedded file is invalid (the crate's tests prevent that).
    pub fn builtin() -> Result<Self, CatalogError> {
        Self::parse(FILE, TEXT)
    }

    /// Parses Annex F data in the layout of `data/annex_f.toml`.
    ///
    /// # Errors
    /// A [`CatalogError`] naming the file, line and column: TOML errors, unknown fields, empty
    /// texts, activities other than a) to f) in order.
    pub fn parse(file_name: &str, text: &str) -> Result<Self, CatalogError> {
        let loc = Locator::new(file_name, text);
        let raw: RawGuide = loc.deserialize()?;
        let mut activities = Vec::with_capacity(raw.activities.len());
        for (position, activity) in raw.activities.into_iter().enumerate() {
            let expected = F2_LETTERS.get(position).copied().unwrap_or('?');
            let mut letters = activity.letter.get_ref().chars();
            let letter = match (letters.next(), letters.next()) {
                (Some(letter), None) if letter == expected => letter,
                _ => {
                    return Err(loc.error(
                        Some(loc.at(&activity.letter)),
                        CatalogErrorKind::AnnexFActivity {
                            position: position + 1,
                            letter: activity.letter.into_inner(),
                            expected,
                        },
                    ));
                }
            };
            let title = loc.text(activity.title, &format!("activity {letter}): title"))?;
            activities.push(F2ActivityInfo { letter, title });
        }
        if activities.len() != F2_LETTERS.len() {
            let expected = F2_LETTERS.get(activities.len()).copied().unwrap_or('?');
            return Err(loc.error(
                None,
                CatalogErrorKind::AnnexFActivity {
                    position: activities.len() + 1,
                    letter: String::new(),
                    expected,
                },
            ));
        }
        let mut parts = Vec::with_capacity(raw.parts.len());
        for part in raw.parts {
            let title = loc.text(part.title, &format!("part {}: title", part.id))?;
            parts.push(AnnexFPart { id: part.id, title });
        }
        let fields = raw.fields;
        let fields = AnnexFFieldLabels {
            clause4_evidence: loc.text(fields.clause4_evidence, "fields.clause4_evidence")?,
            gap_analysis: loc.text(fields.gap_analysis, "fields.gap_analysis")?,
            rationale: loc.text(fields.rationale, "fields.rationale")?,
            rationale_version: loc.text(fields.rationale_version, "fields.rationale_version")?,
            transition_plan: loc.text(fields.transition_plan, "fields.transition_plan")?,
            post_release_evidence: loc
                .text(fields.post_release_evidence, "fields.post_release_evidence")?,
            residual_risk_acceptable: loc.text(
                fields.residual_risk_acceptable,
                "fields.residual_risk_acceptable",
            )?,
            stop_use_advised: loc.text(fields.stop_use_advised, "fields.stop_use_advised")?,
            stop_use_note: loc.text(fields.stop_use_note, "fields.stop_use_note")?,
        };
        Ok(Self {
            standard: raw.standard,
            clauses_from: raw.clauses_from,
            gap_analysis_clauses: raw
                .gap_analysis_clauses
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            parts,
            activities,
            fields,
        })
    }

    /// The F.2 activity with this letter.
    #[must_use]
    pub fn activity(&self, letter: char) -> Option<&F2ActivityInfo> {
        self.activities
            .iter()
            .find(|activity| activity.letter == letter)
    }

    /// The gap-analysis clauses exist in the clause catalog, when that catalog is loaded.
    pub(crate) fn check_clauses(&self, catalogs: &Catalogs) -> Result<(), CatalogError> {
        let Some(clauses) = catalogs.get(&self.clauses_from) else {
            return Ok(());
        };
        match self
            .gap_analysis_clauses
            .iter()
            .find(|clause| clauses.item(clause).is_none())
        {
            Some(missing) => Err(CatalogError::new(
                FILE,
                None,
                CatalogErrorKind::AnnexFClause {
                    clause: missing.clone(),
                    catalog: self.clauses_from.clone(),
                },
            )),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_a_to_f() {
        let guide = AnnexFGuide::builtin().unwrap();
        let letters: Vec<char> = guide
            .activities
            .iter()
            .map(|activity| activity.letter)
            .collect();
        assert_eq!(letters, F2_LETTERS);
        assert_eq!(
            guide.activity('c').map(|a| a.title.ja.as_str()),
            Some("セキュリティのリスクアセスメント及び評価")
        );
        assert_eq!(
            guide.gap_analysis_clauses,
            ["5.2", "5.7", "7.1", "7.2", "7.3"]
        );
        let parts: Vec<&str> = guide.parts.iter().map(|part| part.id.as_str()).collect();
        assert_eq!(parts, ["F.2", "F.3", "F.4"]);
    }

    #[test]
    fn activities_out_of_order_are_refused_with_location() {
        let text = TEXT.replacen("letter = \"b\"", "letter = \"x\"", 1);
        let error = AnnexFGuide::parse("annex_f.toml", &text).unwrap_err();
        let line = text
            .lines()
            .position(|line| line == "letter = \"x\"")
            .map(|at| at + 1);
        assert_eq!(error.at().map(|at| at.line), line);
        assert!(
            error
                .to_string()
                .ends_with("Annex F activity 2 has letter `x`, expected `b`"),
            "{error}"
        );
    }
}
