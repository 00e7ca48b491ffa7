//! Errors of the attachment and evidence pack writers.

/// What went wrong while checking or writing an attachment or an evidence pack.
#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    /// A field of the input cannot be written; `pointer` is its JSON pointer (e.g. `/rows/2/title`).
    #[error("{pointer}: {message}")]
    Invalid {
        /// JSON pointer of the field in the input.
        pointer: String,
        /// What is wrong with it.
        message: String,
    },
    /// A JSON part of the evidence pack (an SBOM or the findings) is not valid JSON.
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Json {
        /// Name of the part in the pack, e.g. `sbom.cdx.json`.
        file: &'static str,
        /// Line of the error (1-based).
        line: usize,
        /// Column of the error (1-based).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The zip package could not be written.
    #[error("writing {part}: {source}")]
    Zip {
        /// The package entry being written.
        part: String,
        /// The zip writer's error.
        #[source]
        source: zip::result::ZipError,
    },
    /// A part could not be serialized.
    #[error("serializing {part}: {source}")]
    Serialize {
        /// The package entry being written.
        part: &'static str,
        /// The serializer's error.
        #[source]
        source: serde_json::Error,
    },
}

impl AttachmentError {
    /// An [`AttachmentError::Invalid`] for the field at `pointer`.
    pub(crate) fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}
