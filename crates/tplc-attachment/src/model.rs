//! The attachment table as plain data: what the DOCX and HTML writers render.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Language an attachment is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Japanese (the language of the application).
    Ja,
    /// English (the variant for reviewers abroad).
    En,
}

impl Lang {
    /// The language code: `"ja"` or `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ja => "ja",
            Self::En => "en",
        }
    }

    /// The BCP 47 tag written into the documents: `"ja-JP"` or `"en-US"`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Ja => "ja-JP",
            Self::En => "en-US",
        }
    }

    /// The usual heading of the table in this language,
    /// 「(4) JIS T 81001-5-1の実施状況」 in Japanese.
    pub fn default_heading(self) -> &'static str {
        match self {
            Self::Ja => "(4) JIS T 81001-5-1の実施状況",
            Self::En => "(4) Implementation of JIS T 81001-5-1",
        }
    }

    /// The usual column titles in this language: 「JIS T 81001-5-1の確認項目」 and 「記載文書」 in Japanese.
    pub fn default_column_titles(self) -> (String, String) {
        match self {
            Self::Ja => (
                "JIS T 81001-5-1の確認項目".to_owned(),
                "記載文書".to_owned(),
            ),
            Self::En => (
                "JIS T 81001-5-1 item".to_owned(),
                "Documents showing it".to_owned(),
            ),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.code())
    }
}

/// A language code that is neither `ja` nor `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected \"ja\" or \"en\"")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "ja" => Ok(Self::Ja),
            "en" => Ok(Self::En),
            other => Err(UnknownLang(other.to_owned())),
        }
    }
}

/// Status of an internal document linked as evidence (same words as the store and the catalog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentStatus {
    /// The document is planned but not written yet.
    Planned,
    /// A draft exists but is not approved.
    Drafted,
    /// The document is approved (released).
    Approved,
}

impl DocumentStatus {
    /// The stored word: `"planned"`, `"drafted"` or `"approved"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Drafted => "drafted",
            Self::Approved => "approved",
        }
    }
}

impl fmt::Display for DocumentStatus {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A status word that is not `planned`, `drafted` or `approved`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown document status {0:?}: expected \"planned\", \"drafted\" or \"approved\"")]
pub struct UnknownStatus(pub String);

impl FromStr for DocumentStatus {
    type Err = UnknownStatus;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "planned" => Ok(Self::Planned),
            "drafted" => Ok(Self::Drafted),
            "approved" => Ok(Self::Approved),
            other => Err(UnknownStatus(other.to_owned())),
        }
    }
}

/// The product line and version the table is written for; empty fields are left out of the output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductLine {
    /// Brand name (販売名).
    pub name: String,
    /// Generic name (一般的名称).
    pub generic_name: String,
    /// Approval or certification number (承認番号・認証番号); empty before approval.
    pub approval_number: String,
    /// Software version the table describes.
    pub version: String,
}

/// One internal document named in the 記載文書 cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    /// Document number (文書番号), e.g. `QM-SEC-001`.
    pub number: String,
    /// Document title.
    pub title: String,
    /// Document version or revision as written by its owner (e.g. `第2版`, `Rev. 3`); may be empty.
    pub version: String,
    /// Labels of the conformity items this document shows (e.g. `jp0523-1-2-b`), rendered as given.
    pub item_ids: Vec<String>,
    /// Status; documents that are not approved are marked in the output.
    pub status: DocumentStatus,
}

/// One row of the table: a JIS T 81001-5-1 clause and the documents that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRow {
    /// Clause number, e.g. `"4"`.
    pub clause: String,
    /// Clause title, e.g. 「一般要求事項」.
    pub title: String,
    /// Documents of the 記載文書 cell, in the order given.
    pub cell: Vec<DocumentRef>,
    /// Free text shown under the documents.
    pub note: Option<String>,
}

/// The application attachment table 「(4) JIS T 81001-5-1の実施状況」.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentTable {
    /// Language of the fixed labels and of the document metadata.
    pub lang: Lang,
    /// Heading above the table (see [`Lang::default_heading`]).
    pub heading: String,
    /// Product line and version.
    pub product: ProductLine,
    /// Titles of the two columns (see [`Lang::default_column_titles`]).
    pub column_titles: (String, String),
    /// Rows, one per clause, in the order given.
    pub rows: Vec<AttachmentRow>,
    /// Annex F (transition health software) sentence: when set, the 記載文書 column is one merged
    /// cell spanning all rows that holds this sentence (as the 記載事例 of QA2), and the documents of
    /// the rows follow in a second table (別添資料1).
    pub annex_f: Option<String>,
    /// When the table was generated, as text (RFC 3339 recommended; written into the metadata when it is one).
    pub generated_at: String,
}

impl AttachmentTable {
    /// Whether the table has anything to show in the Annex F appendix (rows with documents or notes).
    pub fn has_row_documents(&self) -> bool {
        self.rows
            .iter()
            .any(|row| !row.cell.is_empty() || row.note.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_parses_its_codes_only() {
        assert_eq!("ja".parse::<Lang>(), Ok(Lang::Ja));
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert_eq!(
            "JA".parse::<Lang>().map_err(|error| error.to_string()),
            Err("unknown language \"JA\": expected \"ja\" or \"en\"".to_owned())
        );
        assert_eq!(Lang::Ja.to_string(), "ja");
    }

    #[test]
    fn status_round_trips_through_text() {
        for status in [
            DocumentStatus::Planned,
            DocumentStatus::Drafted,
            DocumentStatus::Approved,
        ] {
            assert_eq!(status.to_string().parse::<DocumentStatus>(), Ok(status));
        }
        assert!("done".parse::<DocumentStatus>().is_err());
        assert_eq!(
            serde_json::to_string(&DocumentStatus::Drafted).ok(),
            Some("\"drafted\"".to_owned())
        );
    }
}
