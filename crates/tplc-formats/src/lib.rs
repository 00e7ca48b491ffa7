//! The SBOM formats tplc reads and writes, in one place for the command line, the server and
//! its workers.
//!
//! - [`detect`]: the format of an SBOM from its content (CycloneDX JSON or XML, SPDX JSON or
//!   tag-value); SPDX 3 and SPDX RDF are named and refused.
//! - [`read_limited`] / [`read_file_limited`]: at most a given number of bytes from a reader or
//!   a file, refusing larger input before anything is parsed.
//! - [`utf8`]: UTF-16 text (with a byte-order mark, as some Windows tools write SBOMs) as UTF-8.
//! - [`parse`] / [`read_bytes`] / [`read_path`]: the document, or the reader's error naming the
//!   place (a JSON pointer, or a line and column). XML with a document type declaration is
//!   refused by the CycloneDX XML reader before any entity is expanded.
//! - [`write`]: a document in a [`TargetFormat`].
//!
//! ```
//! let bytes = br#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
//!     {"type":"library","name":"zlib","version":"1.3.1","purl":"pkg:generic/zlib@1.3.1"}]}"#;
//! let (format, document) = tplc_formats::read_bytes(bytes.to_vec())?;
//! assert_eq!(format, tplc_model::SourceFormat::CycloneDxJson);
//! assert_eq!(document.component_count(), 1);
//! let written = tplc_formats::write(&document, tplc_formats::TargetFormat::SpdxJson);
//! assert!(written.bytes.starts_with(b"{"));
//! # Ok::<(), tplc_formats::FormatError>(())
//! ```

mod detect;
mod error;
mod read;
mod write;

pub use detect::detect;
pub use error::FormatError;
pub use read::{
    MIB, parse, read_bytes, read_file_limited, read_limited, read_path, to_utf8 as utf8,
};
pub use write::{TargetFormat, write};
