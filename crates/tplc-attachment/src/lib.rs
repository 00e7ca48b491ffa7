//! The application attachment 「(4) JIS T 81001-5-1の実施状況」 and the evidence pack of tplc.
//!
//! [`AttachmentTable`] is plain data: the two-column table of the 記載事例 of QA2 (2024-01-31):
//! 「JIS T 81001-5-1の確認項目」 (clause number and title) and 「記載文書」 (the internal
//! documents that show each item of that clause). With Annex F (transitional health software)
//! applied, the 記載文書 column is one merged cell holding the Annex F sentence, and the documents
//! follow in a second table (別添資料1).
//!
//! - [`to_docx`] writes it as a DOCX package of hand-written WordprocessingML (opens in Word and
//!   LibreOffice; equal input gives equal bytes);
//! - [`to_html`] writes it as a standalone HTML page;
//! - [`write_pack`] writes the evidence pack zip: index, attachment (DOCX and HTML), SBOMs,
//!   findings, lifecycle plan and linked documents.
//!
//! ```
//! use tplc_attachment::{Lang, sample::sample_table, to_docx, to_html};
//!
//! let table = sample_table(Lang::Ja, false);
//! let docx = to_docx(&table)?;
//! assert!(docx.starts_with(b"PK"));
//! assert!(to_html(&table).contains("一般要求事項"));
//! # Ok::<(), tplc_attachment::AttachmentError>(())
//! ```

mod csv;
mod docx;
mod error;
mod escape;
mod html;
mod labels;
mod model;
mod pack;
mod pack_pages;
pub mod sample;
mod validate;
mod zipper;

pub use docx::to_docx;
pub use error::AttachmentError;
pub use html::to_html;
pub use model::{
    AttachmentRow, AttachmentTable, DocumentRef, DocumentStatus, Lang, ProductLine, UnknownLang,
    UnknownStatus,
};
pub use pack::{
    Disclosure, EvidencePack, FindingRow, LifecycleSummary, LinkedDocument, PACK_FILES, write_pack,
};

impl AttachmentTable {
    /// Checks that the table can be written: heading and column titles present, at least one row,
    /// every row with a clause (no clause twice) and a title, every document with a number and a
    /// title, a non-blank Annex F sentence when set, and no control character (other than tab and
    /// line breaks) in any text. The error names the field by JSON pointer, e.g.
    /// `/rows/2/cell/0/number: must not be empty`.
    pub fn validate(&self) -> Result<(), AttachmentError> {
        validate::check_table(self, "")
    }
}
