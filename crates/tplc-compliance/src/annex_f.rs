//! The Annex F (transitional health software) record of a product version: [`AnnexFRecord`].

use serde::{Deserialize, Serialize};

use crate::annex_f_guide::F2_LETTERS;
use crate::text::Text;

/// One F.2 gap-closing activity as carried out for a product version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct F2Activity {
    /// `a` … `f`.
    pub letter: char,
    /// Whether it was carried out.
    #[serde(default)]
    pub done: bool,
    /// The evidence (document number, title, version), or empty.
    #[serde(default)]
    pub evidence: String,
}

impl F2Activity {
    /// The activity `letter`, not done.
    #[must_use]
    pub const fn new(letter: char) -> Self {
        Self {
            letter,
            done: false,
            evidence: String::new(),
        }
    }
}

/// The six activities a) … f), not done.
fn default_activities() -> [F2Activity; 6] {
    F2_LETTERS.map(F2Activity::new)
}

/// The Annex F record of a product version (QA2 Q8, QA#3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnnexFRecord {
    /// Annex F is applied to this version.
    pub applied: bool,
    /// Evidence that clause 4 was carried out.
    pub clause4_evidence: String,
    /// The gap analysis against 5.2, 5.7 and 7.1–7.3 (document reference).
    pub gap_analysis: String,
    /// F.2 a) … f).
    pub activities: [F2Activity; 6],
    /// F.3: the rationale for continued use.
    pub rationale: String,
    /// The software version the rationale was documented for.
    pub rationale_version: Option<String>,
    /// The transition plan to clauses 6–9.
    pub transition_plan: String,
    /// F.4: evidence of the post-release activities of clauses 6–9.
    pub post_release_evidence: String,
    /// Whether the overall residual risk is acceptable (F.2 f); `None` until evaluated.
    pub residual_risk_acceptable: Option<bool>,
    /// Whether customers were advised to stop using the device; `None` until decided.
    pub stop_use_advised: Option<bool>,
    /// Notes on the stop-use decision.
    pub stop_use_note: String,
}

impl Default for AnnexFRecord {
    fn default() -> Self {
        Self {
            applied: false,
            clause4_evidence: String::new(),
            gap_analysis: String::new(),
            activities: default_activities(),
            rationale: String::new(),
            rationale_version: None,
            transition_plan: String::new(),
            post_release_evidence: String::new(),
            residual_risk_acceptable: None,
            stop_use_advised: None,
            stop_use_note: String::new(),
        }
    }
}

/// Whether an Annex F record still holds for a software version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AnnexFValidity {
    /// Applied, and the rationale was documented for this version.
    Current,
    /// Applied, but the rationale was documented for another version (or none): review it.
    NeedsReview {
        /// The version the rationale was documented for.
        recorded_for: Option<String>,
    },
    /// Annex F is not applied.
    NotApplied,
}

/// An Annex F record that is not consistent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnnexFError {
    /// Applied without the continued-use rationale.
    #[error("Annex F is applied but the rationale for continued use (F.3) is empty (QA2 Q8)")]
    MissingRationale,
    /// Applied without the version the rationale is for.
    #[error(
        "Annex F is applied but the software version the rationale was documented for is not recorded (QA2 Q8)"
    )]
    MissingRationaleVersion,
    /// The residual risk is unacceptable and the stop-use decision is not recorded.
    #[error(
        "the residual risk is recorded as not acceptable but whether customers were advised to stop using the device is not recorded (QA#3)"
    )]
    StopUseDecisionMissing,
    /// The activities are not a) … f) in order.
    #[error("F.2 activity {position} has letter `{letter}`, expected `{expected}`")]
    ActivityOutOfOrder {
        /// Position, from 1.
        position: usize,
        /// The letter given.
        letter: char,
        /// The letter expected.
        expected: char,
    },
    /// An activity is marked done without naming its evidence.
    #[error("F.2 {letter}) is marked done but names no evidence")]
    ActivityWithoutEvidence {
        /// The activity letter.
        letter: char,
    },
}

impl AnnexFError {
    /// The stable code.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::MissingRationale => "annex_f_missing_rationale",
            Self::MissingRationaleVersion => "annex_f_missing_rationale_version",
            Self::StopUseDecisionMissing => "annex_f_stop_use_decision_missing",
            Self::ActivityOutOfOrder { .. } => "annex_f_activity_out_of_order",
            Self::ActivityWithoutEvidence { .. } => "annex_f_activity_without_evidence",
        }
    }

    /// The message in both languages.
    #[must_use]
    pub fn message(&self) -> Text {
        let ja = match self {
            Self::MissingRationale => {
                "附属書Fを適用していますが、トランジションヘルスソフトウェアの継続使用の根拠（F.3）が記載されていません（QA2 Q8）".to_owned()
            }
            Self::MissingRationaleVersion => {
                "附属書Fを適用していますが、継続使用の根拠とともに文書化するソフトウェアのバージョンが記録されていません（QA2 Q8）".to_owned()
            }
            Self::StopUseDecisionMissing => {
                "リスクが受容できないと記録されていますが、医療機関に対する使用中止勧告の検討結果が記録されていません（QA#3）".to_owned()
            }
            Self::ActivityOutOfOrder { position, letter, expected } => {
                format!("F.2の{position}番目のアクティビティが「{letter}」です（「{expected}」であるべきです）")
            }
            Self::ActivityWithoutEvidence { letter } => {
                format!("F.2 {letter}) は実施済みですが、記載文書が特定されていません")
            }
        };
        Text::new(ja, self.to_string())
    }
}

impl AnnexFRecord {
    /// Whether the record holds for `software_version`.
    ///
    /// A new version invalidates the rationale until it is reviewed and recorded for that version.
    #[must_use]
    pub fn validity(&self, software_version: &str) -> AnnexFValidity {
        if !self.applied {
            return AnnexFValidity::NotApplied;
        }
        match self.rationale_version.as_deref() {
            Some(recorded) if recorded.trim() == software_version.trim() => AnnexFValidity::Current,
            _ => AnnexFValidity::NeedsReview {
                recorded_for: self.rationale_version.clone(),
            },
        }
    }

    /// Every inconsistency of the record, in field order.
    #[must_use]
    pub fn problems(&self) -> Vec<AnnexFError> {
        let mut problems = Vec::new();
        for (position, (activity, expected)) in self.activities.iter().zip(F2_LETTERS).enumerate() {
            if activity.letter != expected {
                problems.push(AnnexFError::ActivityOutOfOrder {
                    position: position + 1,
                    letter: activity.letter,
                    expected,
                });
            } else if activity.done && activity.evidence.trim().is_empty() {
                problems.push(AnnexFError::ActivityWithoutEvidence {
                    letter: activity.letter,
                });
            }
        }
        if self.applied {
            if self.rationale.trim().is_empty() {
                problems.push(AnnexFError::MissingRationale);
            }
            if self
                .rationale_version
                .as_deref()
                .is_none_or(|version| version.trim().is_empty())
            {
                problems.push(AnnexFError::MissingRationaleVersion);
            }
        }
        if self.residual_risk_acceptable == Some(false) && self.stop_use_advised.is_none() {
            problems.push(AnnexFError::StopUseDecisionMissing);
        }
        problems
    }

    /// Checks the record: activities a) … f) in order, done ones with evidence; when applied,
    /// a rationale and the version it was documented for; with an unacceptable residual risk,
    /// the stop-use decision recorded.
    ///
    /// # Errors
    /// The first of [`AnnexFRecord::problems`].
    pub fn check(&self) -> Result<(), AnnexFError> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(version: &str) -> AnnexFRecord {
        AnnexFRecord {
            applied: true,
            rationale: "GA-001 v2: continued use justified".into(),
            rationale_version: Some(version.into()),
            ..AnnexFRecord::default()
        }
    }

    #[test]
    fn default_lists_a_to_f_and_is_consistent() {
        let record = AnnexFRecord::default();
        let letters: Vec<char> = record
            .activities
            .iter()
            .map(|activity| activity.letter)
            .collect();
        assert_eq!(letters, F2_LETTERS);
        assert_eq!(record.check(), Ok(()));
        assert_eq!(record.validity("1.0"), AnnexFValidity::NotApplied);
    }

    #[test]
    fn check_needs_rationale_and_version_when_applied() {
        assert_eq!(applied("1.0").check(), Ok(()));
        let mut record = applied("1.0");
        record.rationale = "  ".into();
        assert_eq!(record.check(), Err(AnnexFError::MissingRationale));
        record.rationale_version = Some(String::new());
        assert_eq!(
            record.problems(),
            [
                AnnexFError::MissingRationale,
                AnnexFError::MissingRationaleVersion
            ]
        );
    }

    #[test]
    fn unacceptable_residual_risk_needs_the_stop_use_decision() {
        let mut record = applied("1.0");
        record.residual_risk_acceptable = Some(false);
        let error = record.check().unwrap_err();
        assert_eq!(error, AnnexFError::StopUseDecisionMissing);
        assert!(error.to_string().contains("QA#3"));
        assert!(error.message().ja.contains("使用中止勧告"));
        record.stop_use_advised = Some(false);
        assert_eq!(record.check(), Ok(()));
    }

    #[test]
    fn activities_need_order_and_evidence() {
        let mut record = AnnexFRecord::default();
        record.activities[1].done = true;
        assert_eq!(
            record.check(),
            Err(AnnexFError::ActivityWithoutEvidence { letter: 'b' })
        );
        record.activities[1].evidence = "TR-17 v1".into();
        record.activities.swap(2, 3);
        assert_eq!(
            record.check(),
            Err(AnnexFError::ActivityOutOfOrder {
                position: 3,
                letter: 'd',
                expected: 'c'
            })
        );
    }

    #[test]
    fn validity_follows_the_rationale_version() {
        let record = applied("2.1");
        assert_eq!(record.validity("2.1"), AnnexFValidity::Current);
        assert_eq!(
            record.validity("2.2"),
            AnnexFValidity::NeedsReview {
                recorded_for: Some("2.1".into())
            }
        );
        let mut unversioned = record;
        unversioned.rationale_version = None;
        assert_eq!(
            unversioned.validity("2.1"),
            AnnexFValidity::NeedsReview { recorded_for: None }
        );
    }

    #[test]
    fn json_round_trip_and_partial_input() {
        let record = applied("1.0");
        let json = serde_json::to_string(&record).unwrap();
        let back: AnnexFRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record);
        let partial: AnnexFRecord = serde_json::from_str(r#"{"applied":true}"#).unwrap();
        assert_eq!(partial.activities[5].letter, 'f');
        assert!(serde_json::from_str::<AnnexFRecord>(r#"{"aplied":true}"#).is_err());
    }
}
