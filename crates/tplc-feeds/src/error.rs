//! The fatal errors of a feed read and the summary of a finished one.

use std::io;

/// Why a feed could not be read at all (as opposed to one bad record, which is reported as a
/// [`tplc_advisory::RecordError`] and skipped).
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The input could not be opened or read (or its gzip stream is corrupt).
    #[error("{location}: {source}")]
    Io {
        /// The file (or the name the caller gave the input).
        location: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The input is not JSON, or not JSON of the expected shape, from this point on.
    #[error("{location}: line {line}, column {column}: {message}")]
    Json {
        /// The file.
        location: String,
        /// The line, counted from 1 (0 when unknown).
        line: usize,
        /// The column, counted from 1 (0 when unknown).
        column: usize,
        /// What was wrong, in one line.
        message: String,
    },
    /// The input is not well-formed XML (or declares a DTD) from this point on.
    #[error("{location}: line {line}, column {column}: {message}")]
    Xml {
        /// The file.
        location: String,
        /// The line, counted from 1.
        line: usize,
        /// The column in characters, counted from 1.
        column: usize,
        /// What was wrong, in one line.
        message: String,
    },
    /// The input is readable but not the expected feed (a missing CSV header, a MyJVN error
    /// status, a different document format).
    #[error("{location}: {message}")]
    Format {
        /// The file, and the place where known.
        location: String,
        /// What was wrong, in one line.
        message: String,
    },
}

impl FeedError {
    pub(crate) fn io(location: &str, source: io::Error) -> Self {
        Self::Io {
            location: location.to_owned(),
            source,
        }
    }

    pub(crate) fn format(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Format {
            location: location.into(),
            message: message.into(),
        }
    }
}

/// How a read went: the records delivered and the records skipped as bad.
///
/// `skipped` counts the records that were reported through the error callback and not
/// delivered; a record delivered with a part dropped (an unresolvable product id) is counted
/// as read, its problem still reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadSummary {
    /// Records delivered to the record callback.
    pub read: usize,
    /// Bad records reported and skipped.
    pub skipped: usize,
}

impl std::fmt::Display for ReadSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} read, {} skipped", self.read, self.skipped)
    }
}
