//! Regulatory requirements as data, and the rules tplc applies to a product's evidence and
//! lifecycle. No database and no I/O besides reading catalog files.
//!
//! - **Catalogs** ([`Catalogs`], [`Catalog`], [`Item`]): TOML files under `catalogs/`, embedded
//!   at build time (every `*.toml` there; adding a file needs no code change), plus directories
//!   read at run time ([`Catalogs::with_dir`]). Built in: `jp-mhlw-0523` — the 16 items of the
//!   conformity notice 薬生機審発0523第1号 (2023-05-23), with the attachment table layout
//!   「(4) JIS T 81001-5-1の実施状況」 and the Annex F sentence — and `jis-t-81001-5-1`, clauses 4–9
//!   and their sub-clauses. Invalid files give a one-line [`CatalogError`]:
//!   `<file>:<line>:<col>: <message>`.
//! - **Evidence** ([`assess`], [`gaps`], [`check_item`]): which items are shown, which are gaps,
//!   and which Annex F makes not required (QA2 Q8).
//! - **Annex F** ([`AnnexFRecord`], [`AnnexFGuide`]): the transition record per product version and
//!   whether it still holds for a new version.
//! - **Lifecycle** ([`LifecyclePlan`], [`milestones`], [`audit`]): EOL/EOS with the limited-support
//!   period of QA2 Q10, the dashboard's milestones, the problems `tplc lifecycle check` reports.
//! - **Scope and environment** ([`ScopeDecision`], [`Environment`]): R1 and R2.
//!
//! ```
//! use tplc_compliance::{AutoAvailable, Catalogs, EvidenceStatus, ItemState, assess, gaps};
//!
//! let catalogs = Catalogs::builtin()?;
//! let notice = catalogs.get("jp-mhlw-0523").ok_or("missing catalog")?;
//! let evidence = vec![("jp0523-1-1-a".to_owned(), EvidenceStatus::Approved)];
//! let auto = AutoAvailable { sbom: true, ..AutoAvailable::default() };
//! let states = assess(notice, &evidence, &auto, true);
//! assert_eq!(states[0].state, ItemState::Met);
//! assert_eq!(gaps(&states).len(), 16 - 1 - 1 - 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod annex_f;
mod annex_f_guide;
mod catalog;
mod catalogs;
mod dates;
mod error;
mod evidence;
mod lifecycle;
mod parse;
mod plan_file;
mod scope;
mod text;
mod text_enum;

pub use annex_f::{AnnexFError, AnnexFRecord, AnnexFValidity, F2Activity};
pub use annex_f_guide::{AnnexFFieldLabels, AnnexFGuide, AnnexFPart, F2_LETTERS, F2ActivityInfo};
pub use catalog::{AnnexF, AttachmentLayout, AttachmentRow, AutoEvidence, Catalog, Citation, Item};
pub use catalogs::{Catalogs, builtin_sources};
pub use dates::{add_months, format_date, months_between, parse_date};
pub use error::{CatalogError, CatalogErrorKind, LineCol};
pub use evidence::{
    AutoAvailable, EvidenceError, EvidenceStatus, GapReason, ItemAssessment, ItemState, assess,
    check_item, gaps,
};
pub use lifecycle::{
    AuditVersion, DISCLOSURE_HORIZON_MONTHS, LifecycleError, LifecyclePhase, LifecyclePlan,
    LifecycleProblem, Milestone, MilestoneKind, ProblemKind, audit, milestones,
};
pub use parse::parse_catalog;
pub use plan_file::{PlanFileError, PlanVersion, parse_plan_file};
pub use scope::{Environment, Interface, ScopeDecision, ScopeError, UseEnvironment};
pub use text::{Lang, Text};
pub use text_enum::ParseEnumError;

/// The id of the built-in catalog of Japan's conformity notice (薬生機審発0523第1号).
pub const JP_MHLW_0523: &str = "jp-mhlw-0523";
/// The id of the built-in clause catalog of JIS T 81001-5-1:2023.
pub const JIS_T_81001_5_1: &str = "jis-t-81001-5-1";
