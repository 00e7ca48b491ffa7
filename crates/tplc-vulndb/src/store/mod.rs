//! The on-disk vulnerability database: layout, building, loading, importing.

mod build;
mod database;
mod format;
mod import;

pub use build::ImportIssue;
pub use database::{Database, Epss, FILE_NAME, Status};
pub use format::SourceStatus;
pub use import::{ImportReport, MAX_LISTED, Progress, SourceKind, default_dir, import};
