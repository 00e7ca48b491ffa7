//! SBOM reading for uploads and downloads over [`tplc_formats`], with its errors as
//! [`ApiError`]s.

use tplc_formats::FormatError;
use tplc_model::SbomDocument;

use crate::ApiError;

/// The [`ApiError`] of a document that cannot be read:
///
/// * no format tplc reads (empty, SPDX 3, SPDX RDF, other JSON or text): 400 `unsupported_format`;
/// * UTF-16 that does not decode: 400 `bad_encoding`;
/// * XML with a document type declaration: 400 `dtd_refused`;
/// * a document the reader rejects: 422 `invalid_sbom`, the message naming the place (a JSON
///   pointer, or a line and column); the pointer is set for CycloneDX JSON.
pub(crate) fn error(e: &FormatError) -> ApiError {
    let message = e.one_line();
    match e.root() {
        FormatError::Empty
        | FormatError::Spdx3
        | FormatError::SpdxRdf
        | FormatError::UnknownJson
        | FormatError::Unknown => ApiError::bad_request(message).with_code("unsupported_format"),
        FormatError::OddUtf16 | FormatError::InvalidUtf16 { .. } => {
            ApiError::bad_request(message).with_code("bad_encoding")
        }
        FormatError::TooLarge { .. } => ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            message,
        ),
        FormatError::CycloneDxXml(x) if x.to_string().contains("document type declaration") => {
            ApiError::bad_request(message).with_code("dtd_refused")
        }
        FormatError::CycloneDxJson(j) if !j.pointer().is_empty() => ApiError::invalid(message)
            .with_code("invalid_sbom")
            .at(j.pointer()),
        _ => ApiError::invalid(message).with_code("invalid_sbom"),
    }
}

/// Reads stored original bytes back into a document (off the async threads).
///
/// # Errors
/// 500: the stored bytes were accepted at upload, so failing now is the server's fault.
pub(crate) async fn read_stored(bytes: Vec<u8>) -> Result<SbomDocument, ApiError> {
    tokio::task::spawn_blocking(move || tplc_formats::read_bytes(bytes))
        .await
        .map_err(|e| ApiError::internal(&e))?
        .map(|(_, doc)| doc)
        .map_err(|e| ApiError::internal(&e.one_line()))
}

/// The media type and file extension of a stored format.
pub(crate) fn original_media(format: &str) -> (&'static str, &'static str) {
    match format {
        "cyclonedx-json" => ("application/vnd.cyclonedx+json", "cdx.json"),
        "cyclonedx-xml" => ("application/vnd.cyclonedx+xml", "cdx.xml"),
        "spdx-json" => ("application/spdx+json", "spdx.json"),
        "spdx-tag-value" => ("text/spdx; charset=utf-8", "spdx"),
        _ => ("application/octet-stream", "bin"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> ApiError {
        error(&tplc_formats::read_bytes(bytes.to_vec()).unwrap_err())
    }

    #[test]
    fn errors_map_to_statuses() {
        assert_eq!(read(b"").code, "unsupported_format");
        assert_eq!(read(b"{}").status.as_u16(), 400);
        assert_eq!(read(&[0xFF, 0xFE, 0x00]).code, "bad_encoding");
        let dtd = read(b"<?xml version=\"1.0\"?><!DOCTYPE bom [<!ENTITY x \"y\">]><bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"/>");
        assert_eq!(
            (dtd.status.as_u16(), dtd.code),
            (400, "dtd_refused"),
            "{}",
            dtd.message
        );
        let bad = read(br#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":"x"}"#);
        assert_eq!((bad.status.as_u16(), bad.code), (422, "invalid_sbom"));
        assert_eq!(bad.pointer.as_deref(), Some("/version"), "{}", bad.message);
    }
}
