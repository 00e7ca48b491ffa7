//! The catalog model: [`Catalog`], [`Item`], [`Citation`], the attachment layout.

use serde::Serialize;
use time::Date;

use crate::dates;
use crate::error::LineCol;
use crate::text::Text;
use crate::text_enum::text_enum;

text_enum! {
    /// Whether an item must still be shown when JIS T 81001-5-1 Annex F (transitional health
    /// software) is applied.
    pub enum AnnexF ("Annex F treatment") {
        /// Still to be shown under Annex F (`required`).
        Required = "required",
        /// Need not be stated under Annex F (`waived`; QA2 Q8 waives three clause-5 items).
        Waived = "waived",
    }
}

text_enum! {
    /// Evidence tplc holds itself, which fills an item's row without a linked document.
    pub enum AutoEvidence ("automatic evidence") {
        /// A stored SBOM of the product version (`sbom`).
        Sbom = "sbom",
        /// tplc's vulnerability-handling procedure: findings, analyses, their history
        /// (`vulnerability_procedure`).
        VulnerabilityProcedure = "vulnerability_procedure",
        /// The advisories published for the product (`advisory_history`).
        AdvisoryHistory = "advisory_history",
    }
}

/// Where an item comes from: the notice (or standard), its date, section and item, and the Q&A
/// entries that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Citation {
    /// The notice number or standard (`薬生機審発0523第1号`, `JIS T 81001-5-1:2023`).
    pub notice: String,
    /// The date of the notice.
    #[serde(with = "dates::option")]
    pub date: Option<Date>,
    /// The section of the notice (`1`, `2`), or empty.
    pub section: String,
    /// The item within the section (`(2)`), or the clause number for a standard.
    pub item: String,
    /// The Q&A entries (`QA#2`, `QA2 Q8`, …).
    pub qa: Vec<String>,
}

/// One requirement or clause of a catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The id, unique in the catalog (`jp0523-1-2-a`, `5.2.1`).
    pub id: String,
    /// The section (`1`, `2`), or empty.
    pub section: String,
    /// The number within the section (`(1)` … `(6)`), or empty.
    pub number: String,
    /// The clause of the `clauses_from` catalog this item belongs to (`4` … `9`), or empty in a
    /// catalog without `clauses_from`.
    pub clause: String,
    /// A short title, if the catalog gives one (clause catalogs do).
    pub title: Option<Text>,
    /// What must be shown; empty for a clause that only has a title.
    pub statement: Text,
    /// Where the item comes from.
    pub source: Citation,
    /// Whether Annex F waives it.
    pub annex_f: AnnexF,
    /// Evidence tplc fills in itself, if any.
    pub auto: Option<AutoEvidence>,
    /// The parent item (a sub-clause's clause), if any.
    pub parent: Option<String>,
}

impl Item {
    /// The statement, or the title when the item has no statement.
    #[must_use]
    pub fn text(&self) -> &Text {
        match &self.title {
            Some(title) if self.statement.is_blank() => title,
            _ => &self.statement,
        }
    }
}

/// One row of the application attachment table (one clause).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentRow {
    /// The clause (`4` … `9`).
    pub clause: String,
    /// Its title (`一般要求事項` / `General requirements`).
    pub title: Text,
}

/// The layout of the application attachment table 「(4) JIS T 81001-5-1の実施状況」.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentLayout {
    /// The heading (`(4) JIS T 81001-5-1の実施状況`).
    pub heading: Text,
    /// The title of the first column (`JIS T 81001-5-1の確認項目`).
    pub item_column: Text,
    /// The title of the second column (`記載文書`).
    pub document_column: Text,
    /// The rows, in table order.
    pub rows: Vec<AttachmentRow>,
}

/// A requirement catalog loaded from one TOML file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalog {
    /// The catalog id (`jp-mhlw-0523`).
    pub id: String,
    /// The version of the catalog data.
    pub version: String,
    /// The title of the notice or standard.
    pub title: Text,
    /// The items, in file order.
    pub items: Vec<Item>,
    /// The attachment table layout, if the catalog has one.
    pub attachment: Option<AttachmentLayout>,
    /// The sentence the attachment table shows when Annex F is applied.
    pub annex_f_sentence: Option<Text>,
    /// The catalog whose items the `clause` of each item refers to.
    pub clauses_from: Option<String>,
    /// The citation items without their own `source` take.
    pub source: Option<Citation>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// Where a catalog and some of its values were read from, for errors found across catalogs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Origin {
    pub(crate) file: String,
    pub(crate) id_at: Option<LineCol>,
    pub(crate) clauses_from_at: Option<LineCol>,
    /// Per item, the position of its `clause` value.
    pub(crate) item_clause_at: Vec<Option<LineCol>>,
    /// Per attachment row, the position of its `clause` value.
    pub(crate) row_clause_at: Vec<Option<LineCol>>,
}

impl Catalog {
    /// The item with this id.
    #[must_use]
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }

    /// The items of a clause, in file order.
    pub fn items_for_clause<'a>(&'a self, clause: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |item| item.clause == clause)
    }

    /// The file the catalog was read from (`catalogs/<name>` for a built-in catalog).
    #[must_use]
    pub fn file(&self) -> &str {
        &self.origin.file
    }
}
