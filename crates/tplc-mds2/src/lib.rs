//! The MDS2 form — the Manufacturer Disclosure Statement for Medical Device Security,
//! ANSI/NEMA HN 1-2019 — as data, with documents of answers, prefill from what tplc knows,
//! and XLSX export and import.
//!
//! ```
//! use tplc_mds2::{Answer, KnownFacts, Mds2Form, prefill, read_xlsx, write_xlsx};
//!
//! let form = Mds2Form::hn_1_2019();
//! assert_eq!(form.questions().len(), 240);
//! let facts = KnownFacts {
//!     manufacturer: "Example Medical".into(),
//!     sbom_available: true,
//!     sbom_format: Some("CycloneDX 1.6".into()),
//!     ..KnownFacts::default()
//! };
//! let mut document = prefill(form, &facts);
//! document.set("DOC-9", Answer::No, "");
//! let bytes = write_xlsx(form, &document)?;
//! assert_eq!(read_xlsx(form, &bytes)?, document);
//! # Ok::<(), tplc_mds2::Mds2Error>(())
//! ```
//!
//! # The form
//!
//! [`Mds2Form::hn_1_2019`] loads `forms/hn-1-2019.toml`: 23 sections and 240 questions in form
//! order, each with its id (`DOC-1`, `AUDT-2.8.1`), section, parent, kind (choice or text) and
//! a short paraphrase of the question in English and Japanese written by the team (the NEMA
//! workbook stays the reference wording). Other forms load with [`Mds2Form::parse`].
//!
//! # Workbooks
//!
//! [`write_xlsx`] writes one sheet named `MDS2`: the header block (manufacturer, device,
//! model, software version, document id, date), then a table `Question ID | Question | Answer
//! | Note` with a row per section and per question, and a drop-down list of Yes / No / N/A /
//! See Note on choice answers. [`read_xlsx`] reads that layout back; reading what was written
//! gives the same document. Another layout, an unknown question id or an answer that is not a
//! choice gives an [`Mds2Error`] naming the sheet and cell: `sheet 'Sheet1': no MDS2 question
//! table (expected header 'Question ID' in column A)`.

mod answer;
mod document;
mod error;
mod excel_text;
mod form;
mod lang;
mod layout;
mod prefill;
mod question_id;
mod read;
mod write;

pub use answer::{Answer, AnswerEntry, CHOICES};
pub use document::{Mds2Document, Mds2Meta};
pub use error::{AnswerProblem, CellProblem, Mds2Error};
pub use excel_text::TextProblem;
pub use form::{FormError, Mds2Form, Question, QuestionKind, Section};
pub use lang::{Lang, Text, UnknownLang};
pub use prefill::{KnownFacts, Prefilled, prefill, prefill_detailed};
pub use read::read_xlsx;
pub use write::{write_xlsx, write_xlsx_in};
