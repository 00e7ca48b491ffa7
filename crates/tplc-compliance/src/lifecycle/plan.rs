//! [`LifecyclePlan`] and its rules.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::dates;
use crate::text::{Lang, Text};
use crate::text_enum::text_enum;

text_enum! {
    /// A lifecycle phase (IMDRF N70): development → support → limited support → end of support.
    pub enum LifecyclePhase ("lifecycle phase") {
        /// Being developed (`development`).
        Development = "development",
        /// Marketed and supported (`support`).
        Support = "support",
        /// After EOL, before EOS (`limited_support`).
        LimitedSupport = "limited_support",
        /// After EOS (`end_of_support`).
        EndOfSupport = "end_of_support",
    }
}

impl LifecyclePhase {
    /// The label shown to users.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Development, Lang::Ja) => "開発",
            (Self::Development, Lang::En) => "Development",
            (Self::Support, Lang::Ja) => "サポート",
            (Self::Support, Lang::En) => "Support",
            (Self::LimitedSupport, Lang::Ja) => "限定的サポート",
            (Self::LimitedSupport, Lang::En) => "Limited support",
            (Self::EndOfSupport, Lang::Ja) => "サポート終了（EOS）",
            (Self::EndOfSupport, Lang::En) => "End of support (EOS)",
        }
    }
}

/// The lifecycle plan of a product version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecyclePlan {
    /// End of life: marketed life ends, limited support starts.
    #[serde(default, with = "dates::option")]
    pub eol: Option<Date>,
    /// End of support: all support ends.
    #[serde(default, with = "dates::option")]
    pub eos: Option<Date>,
    /// The current phase.
    pub phase: LifecyclePhase,
    /// The plan for the limited-support period, as shown to hospitals.
    #[serde(default)]
    pub limited_support_plan: String,
    /// Legacy: cannot be reasonably protected against current threats, whatever its age.
    #[serde(default)]
    pub legacy: bool,
    /// Why the version is legacy.
    #[serde(default)]
    pub legacy_reason: String,
}

impl Default for LifecyclePlan {
    fn default() -> Self {
        Self {
            eol: None,
            eos: None,
            phase: LifecyclePhase::Development,
            limited_support_plan: String::new(),
            legacy: false,
            legacy_reason: String::new(),
        }
    }
}

/// A lifecycle plan that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LifecycleError {
    /// EOS is on or before EOL: no limited-support period.
    #[error(
        "EOS {} is not after EOL {}: a limited-support period between EOL and EOS is required (QA2 Q10, 2024-01-31)",
        dates::format_date(*eos),
        dates::format_date(*eol)
    )]
    EosNotAfterEol {
        /// The EOL date.
        eol: Date,
        /// The EOS date.
        eos: Date,
    },
    /// Marked legacy without a reason.
    #[error("the version is marked legacy but no reason is given")]
    LegacyWithoutReason,
}

impl LifecycleError {
    /// The stable code.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::EosNotAfterEol { .. } => "eos_not_after_eol",
            Self::LegacyWithoutReason => "legacy_without_reason",
        }
    }

    /// The message in both languages.
    #[must_use]
    pub fn message(&self) -> Text {
        let ja = match self {
            Self::EosNotAfterEol { eol, eos } => format!(
                "EOS（{}）がEOL（{}）より後ではありません。EOLとEOSとの間の限定的サポート期間を考慮する必要があります（QA2 Q10、2024-01-31）",
                dates::format_date(*eos),
                dates::format_date(*eol)
            ),
            Self::LegacyWithoutReason => {
                "レガシー医療機器としていますが、その理由が記載されていません".to_owned()
            }
        };
        Text::new(ja, self.to_string())
    }
}

impl LifecyclePlan {
    /// Checks the rules a plan must always meet: EOS after EOL when both are set (QA2 Q10), a
    /// reason when legacy.
    ///
    /// # Errors
    /// The first rule broken.
    pub fn check(&self) -> Result<(), LifecycleError> {
        if let (Some(eol), Some(eos)) = (self.eol, self.eos)
            && eos <= eol
        {
            return Err(LifecycleError::EosNotAfterEol { eol, eos });
        }
        if self.legacy && self.legacy_reason.trim().is_empty() {
            return Err(LifecycleError::LegacyWithoutReason);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn eos_on_eol_is_refused_citing_qa2_q10() {
        let plan = LifecyclePlan {
            eol: Some(date!(2030 - 03 - 31)),
            eos: Some(date!(2030 - 03 - 31)),
            phase: LifecyclePhase::Support,
            ..LifecyclePlan::default()
        };
        let error = plan.check().unwrap_err();
        assert_eq!(
            error.to_string(),
            "EOS 2030-03-31 is not after EOL 2030-03-31: a limited-support period between EOL and EOS is required (QA2 Q10, 2024-01-31)"
        );
        assert_eq!(error.code(), "eos_not_after_eol");
        assert!(error.message().ja.contains("限定的サポート期間"));
        let before = LifecyclePlan {
            eos: Some(date!(2029 - 12 - 31)),
            ..plan.clone()
        };
        assert!(matches!(
            before.check(),
            Err(LifecycleError::EosNotAfterEol { .. })
        ));
        let after = LifecyclePlan {
            eos: Some(date!(2030 - 04 - 01)),
            ..plan
        };
        assert_eq!(after.check(), Ok(()));
    }

    #[test]
    fn legacy_needs_a_reason() {
        let plan = LifecyclePlan {
            legacy: true,
            ..LifecyclePlan::default()
        };
        assert_eq!(plan.check(), Err(LifecycleError::LegacyWithoutReason));
        let plan = LifecyclePlan {
            legacy_reason: "OS no longer patched".into(),
            ..plan
        };
        assert_eq!(plan.check(), Ok(()));
    }

    #[test]
    fn phase_words_are_the_store_words() {
        let words: Vec<&str> = LifecyclePhase::ALL
            .iter()
            .map(|phase| phase.as_str())
            .collect();
        assert_eq!(
            words,
            [
                "development",
                "support",
                "limited_support",
                "end_of_support"
            ]
        );
        assert_eq!(
            "limited_support".parse(),
            Ok(LifecyclePhase::LimitedSupport)
        );
    }

    #[test]
    fn plan_json_uses_iso_dates() {
        let plan = LifecyclePlan {
            eol: Some(date!(2030 - 03 - 31)),
            phase: LifecyclePhase::Support,
            ..LifecyclePlan::default()
        };
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(json["eol"], "2030-03-31");
        assert_eq!(json["eos"], serde_json::Value::Null);
        assert_eq!(json["phase"], "support");
        let back: LifecyclePlan = serde_json::from_value(json).unwrap();
        assert_eq!(back, plan);
        let bad = serde_json::json!({"phase": "support", "eol": "2030-13-01"});
        assert!(serde_json::from_value::<LifecyclePlan>(bad).is_err());
    }
}
