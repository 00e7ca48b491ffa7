//! Evidence per item and the gap view: [`assess`], [`gaps`], [`check_item`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::catalog::{AnnexF, AutoEvidence, Catalog};
use crate::text::{Lang, Text};
use crate::text_enum::{ParseEnumError, text_enum};

text_enum! {
    /// The status of a linked document.
    pub enum EvidenceStatus ("evidence status") {
        /// Planned, not written yet (`planned`).
        Planned = "planned",
        /// Written, not approved (`drafted`).
        Drafted = "drafted",
        /// Approved: counts as evidence (`approved`).
        Approved = "approved",
    }
}

impl EvidenceStatus {
    /// The label shown to users.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Planned, Lang::Ja) => "計画中",
            (Self::Planned, Lang::En) => "Planned",
            (Self::Drafted, Lang::Ja) => "作成中",
            (Self::Drafted, Lang::En) => "Drafted",
            (Self::Approved, Lang::Ja) => "承認済み",
            (Self::Approved, Lang::En) => "Approved",
        }
    }
}

/// Why an item is a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GapReason {
    /// No document is linked and tplc holds no evidence for it.
    NoEvidence,
    /// Documents are linked but none is approved.
    NotApproved,
}

/// The state of one item for a product version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemState {
    /// Shown: an approved document is linked, or tplc holds the evidence.
    Met,
    /// Not shown yet.
    Gap(GapReason),
    /// Need not be stated: Annex F is applied and waives the item (QA2 Q8).
    NotRequired,
}

impl ItemState {
    /// Every state.
    pub const ALL: [Self; 4] = [
        Self::Met,
        Self::Gap(GapReason::NoEvidence),
        Self::Gap(GapReason::NotApproved),
        Self::NotRequired,
    ];

    /// The stable code: `met`, `no_evidence`, `not_approved`, `not_required`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::Gap(GapReason::NoEvidence) => "no_evidence",
            Self::Gap(GapReason::NotApproved) => "not_approved",
            Self::NotRequired => "not_required",
        }
    }

    /// Whether the item is a gap.
    #[must_use]
    pub const fn is_gap(self) -> bool {
        matches!(self, Self::Gap(_))
    }

    /// The label shown to users.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Met, Lang::Ja) => "確認済み",
            (Self::Met, Lang::En) => "Shown",
            (Self::Gap(GapReason::NoEvidence), Lang::Ja) => "社内文書が特定されていない",
            (Self::Gap(GapReason::NoEvidence), Lang::En) => "No internal document identified",
            (Self::Gap(GapReason::NotApproved), Lang::Ja) => "承認済みの社内文書がない",
            (Self::Gap(GapReason::NotApproved), Lang::En) => "No approved internal document",
            (Self::NotRequired, Lang::Ja) => "記載不要（附属書F適用）",
            (Self::NotRequired, Lang::En) => "Not required (Annex F applied)",
        }
    }
}

impl fmt::Display for ItemState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ItemState {
    type Err = ParseEnumError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
            .ok_or_else(|| ParseEnumError {
                kind: "item state",
                value: text.to_owned(),
                expected: &["met", "no_evidence", "not_approved", "not_required"],
            })
    }
}

impl Serialize for ItemState {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ItemState {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Which evidence tplc holds itself for the product version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoAvailable {
    /// A stored SBOM.
    pub sbom: bool,
    /// The vulnerability-handling procedure (findings and analyses).
    pub vulnerability_procedure: bool,
    /// The advisory history.
    pub advisory_history: bool,
}

impl AutoAvailable {
    /// Whether this kind of evidence is held.
    #[must_use]
    pub const fn has(self, kind: AutoEvidence) -> bool {
        match kind {
            AutoEvidence::Sbom => self.sbom,
            AutoEvidence::VulnerabilityProcedure => self.vulnerability_procedure,
            AutoEvidence::AdvisoryHistory => self.advisory_history,
        }
    }
}

/// The state of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAssessment {
    /// The item id.
    pub item_id: String,
    /// Its state.
    pub state: ItemState,
}

/// The state of every item of `catalog`, in catalog order.
///
/// `evidence` holds (item id, status) per linked document; ids that are not items of the catalog
/// are ignored (check them with [`check_item`] when they are linked). An item is
/// [`ItemState::NotRequired`] when `annex_f_applied` and the item is waived under Annex F,
/// whatever is linked; else [`ItemState::Met`] with an approved document or with the evidence
/// tplc holds for its `auto` kind; else a gap: [`GapReason::NotApproved`] when documents are
/// linked, [`GapReason::NoEvidence`] when none is.
#[must_use]
pub fn assess(
    catalog: &Catalog,
    evidence: &[(String, EvidenceStatus)],
    auto: &AutoAvailable,
    annex_f_applied: bool,
) -> Vec<ItemAssessment> {
    catalog
        .items
        .iter()
        .map(|item| {
            let linked = evidence.iter().filter(|(id, _)| *id == item.id);
            let state = if annex_f_applied && item.annex_f == AnnexF::Waived {
                ItemState::NotRequired
            } else if item.auto.is_some_and(|kind| auto.has(kind)) {
                ItemState::Met
            } else {
                let mut any = false;
                let mut approved = false;
                for (_, status) in linked {
                    any = true;
                    approved |= *status == EvidenceStatus::Approved;
                }
                match (any, approved) {
                    (_, true) => ItemState::Met,
                    (true, false) => ItemState::Gap(GapReason::NotApproved),
                    (false, false) => ItemState::Gap(GapReason::NoEvidence),
                }
            };
            ItemAssessment {
                item_id: item.id.clone(),
                state,
            }
        })
        .collect()
}

/// The assessments that are gaps, in order.
#[must_use]
pub fn gaps(assessments: &[ItemAssessment]) -> Vec<&ItemAssessment> {
    assessments
        .iter()
        .filter(|assessment| assessment.state.is_gap())
        .collect()
}

/// Evidence that cannot be linked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvidenceError {
    /// The item is not in the catalog.
    #[error("unknown item `{item}` in catalog `{catalog}`")]
    UnknownItem {
        /// The catalog id.
        catalog: String,
        /// The item id given.
        item: String,
    },
}

impl EvidenceError {
    /// The stable code (`unknown_item`).
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::UnknownItem { .. } => "unknown_item",
        }
    }

    /// The message in both languages.
    #[must_use]
    pub fn message(&self) -> Text {
        match self {
            Self::UnknownItem { catalog, item } => Text::new(
                format!("カタログ「{catalog}」に項目「{item}」はありません"),
                self.to_string(),
            ),
        }
    }
}

/// Whether evidence can be linked to `item_id` of `catalog`.
///
/// # Errors
/// [`EvidenceError::UnknownItem`] when the catalog has no such item.
pub fn check_item(catalog: &Catalog, item_id: &str) -> Result<(), EvidenceError> {
    if catalog.item(item_id).is_some() {
        Ok(())
    } else {
        Err(EvidenceError::UnknownItem {
            catalog: catalog.id.clone(),
            item: item_id.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_state_codes_round_trip() {
        for state in ItemState::ALL {
            assert_eq!(state.as_str().parse::<ItemState>(), Ok(state));
        }
        assert!("gap".parse::<ItemState>().is_err());
        assert_eq!(
            ItemState::NotRequired.label(Lang::Ja),
            "記載不要（附属書F適用）"
        );
    }

    #[test]
    fn evidence_status_parses_the_store_words() {
        for status in EvidenceStatus::ALL {
            assert_eq!(status.as_str().parse::<EvidenceStatus>(), Ok(*status));
            assert_eq!(status.to_string(), status.as_str());
        }
        let error = "done".parse::<EvidenceStatus>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown evidence status `done`, expected one of: planned, drafted, approved"
        );
    }

    #[test]
    fn auto_available_answers_per_kind() {
        let auto = AutoAvailable {
            sbom: true,
            ..AutoAvailable::default()
        };
        assert!(auto.has(AutoEvidence::Sbom));
        assert!(!auto.has(AutoEvidence::AdvisoryHistory));
        assert!(!auto.has(AutoEvidence::VulnerabilityProcedure));
    }
}
