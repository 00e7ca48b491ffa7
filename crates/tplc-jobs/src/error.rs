//! The errors of jobs.

/// Why a job (or the demo seeding) failed. The message is what the job records.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JobsError {
    /// A store operation failed.
    #[error("{0}")]
    Store(#[from] tplc_store::Error),
    /// The vulnerability database could not be read or written.
    #[error("{0}")]
    Vulndb(#[from] tplc_vulndb::DbError),
    /// The SBOM could not be read: the reader's message.
    #[error("{0}")]
    Sbom(String),
    /// The job's payload is not what its kind takes.
    #[error("invalid payload: {0}")]
    Payload(String),
    /// The job was taken from this worker (its heartbeat was too old and it was requeued).
    #[error("job {0} was requeued while this worker ran it")]
    Lost(tplc_store::JobId),
    /// Work on a blocking thread failed.
    #[error("background task failed: {0}")]
    Task(String),
    /// A file could not be written (demo data).
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}
