//! The errors of the store.

use crate::AuditEventId;

/// What went wrong in a store operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The object does not exist, or belongs to another organization.
    #[error("{what} not found")]
    NotFound {
        /// What was looked for (`product`, `finding`, …).
        what: &'static str,
    },
    /// A uniqueness rule was violated (a name or key already taken), or the object is in a state
    /// that does not allow the change (a job no longer held by the worker).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The input breaks a rule of the data model (a malformed date, EOL not before EOS).
    #[error("invalid input: {0}")]
    Invalid(String),
    /// A stored value could not be read back (unknown enum text, malformed JSON, corrupt SBOM bytes).
    #[error("stored data unreadable: {0}")]
    Corrupt(String),
    /// The audit chain does not verify.
    #[error("audit chain broken at event {}: {}", .0.event_id, .0.reason)]
    BrokenChain(BrokenLink),
    /// Applying the migrations failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Any other database error (connection, I/O, protocol).
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

/// The first event at which the audit chain fails to verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The event that does not verify (for a truncated chain: the last event the chain head names).
    pub event_id: AuditEventId,
    /// Why it does not verify.
    pub reason: String,
}

/// The result type of the store.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        use sqlx::error::ErrorKind;
        match &error {
            sqlx::Error::RowNotFound => Self::NotFound { what: "row" },
            sqlx::Error::Database(db) => match db.kind() {
                ErrorKind::UniqueViolation => Self::Conflict(db.message().to_owned()),
                ErrorKind::ForeignKeyViolation => Self::NotFound {
                    what: "referenced object",
                },
                ErrorKind::CheckViolation | ErrorKind::NotNullViolation => {
                    Self::Invalid(db.message().to_owned())
                }
                _ => Self::Database(error),
            },
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
                Self::Corrupt(error.to_string())
            }
            _ => Self::Database(error),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        Self::Corrupt(format!("JSON column: {error}"))
    }
}

impl Error {
    /// Whether this is [`Error::NotFound`].
    #[must_use]
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }

    /// Whether this is [`Error::Conflict`].
    #[must_use]
    pub fn is_conflict(&self) -> bool {
        matches!(self, Self::Conflict(_))
    }
}
