//! Errors of the vulnerability database.

use std::path::PathBuf;

/// What went wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No database in the directory yet.
    #[error("no vulnerability database in {0}: run `tplc db import osv PATH…` first")]
    Missing(PathBuf),
    /// The file is not a database this build can read.
    #[error("{0}: not a usable vulnerability database: {1}")]
    Corrupt(PathBuf, String),
    /// Reading or writing failed.
    #[error("{0}: {1}")]
    Io(PathBuf, #[source] std::io::Error),
    /// Another import holds the lock.
    #[error("{0}: another import is running")]
    Locked(PathBuf),
    /// A record index out of range.
    #[error("no advisory record {0}")]
    NoSuchRecord(u32),
    /// More records than the format holds.
    #[error("the database would exceed 4 GiB records")]
    TooLarge,
    /// A record could not be encoded.
    #[error("cannot encode a record: {0}")]
    Encode(String),
    /// A source path could not be read at all.
    #[error("{0}")]
    Source(String),
}
