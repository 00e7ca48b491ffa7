//! Format detection from the content.

use tplc_model::SourceFormat;

use crate::FormatError;

/// Detects the format of an SBOM from its content (a UTF-8 byte-order mark and leading
/// whitespace are skipped).
///
/// # Errors
/// When the content is no SBOM format tplc reads (SPDX 3, SPDX RDF, unknown JSON, empty…).
pub fn detect(bytes: &[u8]) -> Result<SourceFormat, FormatError> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(text.len());
    let text = text.get(start..).unwrap_or_default();
    let contains = |needle: &[u8]| text.windows(needle.len()).any(|window| window == needle);
    match text.first() {
        None => Err(FormatError::Empty),
        Some(b'{') => {
            if contains(b"\"bomFormat\"") {
                Ok(SourceFormat::CycloneDxJson)
            } else if contains(b"\"spdxVersion\"") {
                Ok(SourceFormat::SpdxJson)
            } else if contains(b"spdx.org/rdf/3") {
                Err(FormatError::Spdx3)
            } else {
                Err(FormatError::UnknownJson)
            }
        }
        Some(b'<') => {
            if contains(b"spdx.org/rdf/terms") {
                Err(FormatError::SpdxRdf)
            } else {
                Ok(SourceFormat::CycloneDxXml)
            }
        }
        Some(_) if contains(b"SPDXVersion:") => Ok(SourceFormat::SpdxTagValue),
        Some(_) => Err(FormatError::Unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_from_content() {
        assert_eq!(
            detect(b"\xEF\xBB\xBF {\"bomFormat\":\"CycloneDX\"}").unwrap(),
            SourceFormat::CycloneDxJson
        );
        assert_eq!(
            detect(b"{\"spdxVersion\":\"SPDX-2.3\"}").unwrap(),
            SourceFormat::SpdxJson
        );
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><bom/>").unwrap(),
            SourceFormat::CycloneDxXml
        );
        assert_eq!(
            detect(b"SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n").unwrap(),
            SourceFormat::SpdxTagValue
        );
        assert!(matches!(detect(b""), Err(FormatError::Empty)));
        assert!(matches!(detect(b" \n\t"), Err(FormatError::Empty)));
        assert!(matches!(
            detect(b"{\"name\":\"x\"}"),
            Err(FormatError::UnknownJson)
        ));
        let spdx3 = b"{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\"}";
        assert!(detect(spdx3).unwrap_err().to_string().contains("SPDX 3"));
        let rdf = b"<rdf:RDF xmlns:spdx=\"http://spdx.org/rdf/terms#\"/>";
        assert!(matches!(detect(rdf), Err(FormatError::SpdxRdf)));
        assert!(matches!(
            detect(&[0, 159, 146, 150]),
            Err(FormatError::Unknown)
        ));
    }
}
