//! Reading SBOM files in any supported format and writing the target formats.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};
use tplc_model::{SbomDocument, SourceFormat, Written};

use crate::cli::TargetFormat;

/// Detects the format of an SBOM from its content.
///
/// # Errors
/// When the content is no SBOM format tplc reads (SPDX 3, SPDX RDF, unknown JSON…).
pub(crate) fn detect(bytes: &[u8]) -> anyhow::Result<SourceFormat> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(text.len());
    let text = &text[start..];
    let contains = |needle: &[u8]| text.windows(needle.len()).any(|window| window == needle);
    match text.first() {
        None => bail!("the file is empty"),
        Some(b'{') => {
            if contains(b"\"bomFormat\"") {
                Ok(SourceFormat::CycloneDxJson)
            } else if contains(b"\"spdxVersion\"") {
                Ok(SourceFormat::SpdxJson)
            } else if contains(b"spdx.org/rdf/3") {
                bail!("SPDX 3 (JSON-LD) is not supported; give SPDX 2.2/2.3 or CycloneDX")
            } else {
                bail!("JSON without \"bomFormat\" or \"spdxVersion\": neither CycloneDX nor SPDX")
            }
        }
        Some(b'<') => {
            if contains(b"spdx.org/rdf/terms") {
                bail!("SPDX RDF/XML is not supported; give SPDX JSON or tag-value")
            }
            Ok(SourceFormat::CycloneDxXml)
        }
        Some(_) if contains(b"SPDXVersion:") => Ok(SourceFormat::SpdxTagValue),
        Some(_) => bail!("not a CycloneDX (JSON, XML) or SPDX (JSON, tag-value) document"),
    }
}

/// Parses an SBOM in the given format.
///
/// # Errors
/// The reader's error, which names the location in the document.
pub(crate) fn parse(bytes: &[u8], format: SourceFormat) -> anyhow::Result<SbomDocument> {
    Ok(match format {
        SourceFormat::CycloneDxJson => tplc_cyclonedx::read_json(bytes)?,
        SourceFormat::CycloneDxXml => tplc_cyclonedx_xml::read_xml(bytes)?,
        SourceFormat::SpdxJson => tplc_spdx::read_json(bytes)?,
        SourceFormat::SpdxTagValue => tplc_spdx::read_tag_value(bytes)?,
    })
}

/// Reads a file of at most `max_mib` MiB.
///
/// # Errors
/// When the file cannot be read or is larger than the limit.
pub(crate) fn read_limited(path: &Path, max_mib: u64) -> anyhow::Result<Vec<u8>> {
    let limit = max_mib.saturating_mul(1024 * 1024);
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > limit {
        bail!(
            "{}: larger than the limit of {max_mib} MiB (raise it with --max-size)",
            path.display()
        );
    }
    Ok(bytes)
}

/// Reads, detects and parses an SBOM file; errors name the file.
///
/// # Errors
/// When the file cannot be read, its format is not recognised or it is invalid.
pub(crate) fn read_path(path: &Path, max_mib: u64) -> anyhow::Result<SbomDocument> {
    let bytes = utf8(read_limited(path, max_mib)?).with_context(|| path.display().to_string())?;
    let format = detect(&bytes).with_context(|| path.display().to_string())?;
    parse(&bytes, format).with_context(|| format!("{} ({format})", path.display()))
}

/// UTF-16 text (recognised by its byte-order mark, as some Windows tools write SBOMs) as
/// UTF-8; other bytes unchanged.
///
/// # Errors
/// When UTF-16 text holds an unpaired surrogate or an odd number of bytes.
pub(crate) fn utf8(bytes: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    let little_endian = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => true,
        Some([0xFE, 0xFF]) => false,
        _ => return Ok(bytes),
    };
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        bail!("UTF-16 text with an odd number of bytes");
    }
    let units = body.chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    for (index, decoded) in char::decode_utf16(units).enumerate() {
        match decoded {
            Ok(character) => text.push(character),
            Err(_) => bail!("invalid UTF-16 at byte {}", 2 + index * 2),
        }
    }
    Ok(text.into_bytes())
}

/// Writes a document in a target format.
pub(crate) fn write(document: &SbomDocument, target: TargetFormat) -> Written {
    match target {
        TargetFormat::CyclonedxJson => tplc_cyclonedx::write_json(document),
        TargetFormat::CyclonedxXml => tplc_cyclonedx_xml::write_xml(document),
        TargetFormat::SpdxJson => tplc_spdx::write_json(document),
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
        assert!(detect(b"").is_err());
        assert!(detect(b"{\"name\":\"x\"}").is_err());
        let spdx3 = b"{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\"}";
        assert!(detect(spdx3).unwrap_err().to_string().contains("SPDX 3"));
    }
}
