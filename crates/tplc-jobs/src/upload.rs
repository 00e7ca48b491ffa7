//! What an upload stores before ingestion.

use tplc_model::SbomDocument;
use tplc_store::{NewSbom, UserId};

/// The [`NewSbom`] of an uploaded SBOM (format, specification version, author and timestamp
/// as the document gives them), with the parsed document; the upload API calls it to refuse
/// an unreadable document at once (4xx) before storing it as pending.
///
/// # Errors
/// The reader's error ([`tplc_formats::FormatError::one_line`] is the message to show).
pub fn new_sbom(
    original: Vec<u8>,
    uploaded_by: Option<UserId>,
) -> Result<(NewSbom, SbomDocument), tplc_formats::FormatError> {
    let (format, document) = tplc_formats::read_bytes(original.clone())?;
    let metadata = &document.metadata;
    let author = metadata
        .authors
        .iter()
        .find_map(|author| author.display_name())
        .or_else(|| {
            metadata
                .author_organizations
                .iter()
                .find_map(|organization| organization.display_name())
        })
        .or_else(|| {
            metadata
                .manufacturer
                .as_ref()
                .and_then(|m| m.display_name())
        })
        .map(str::to_owned);
    let new = NewSbom {
        format: format.as_str().to_owned(),
        spec_version: Some(document.spec_version.clone()),
        original,
        author,
        timestamp: metadata.timestamp.clone(),
        uploaded_by,
    };
    Ok((new, document))
}
