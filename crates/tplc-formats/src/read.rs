//! Reading: size limits, UTF-16, parsing.

use std::io::Read;
use std::path::Path;

use tplc_model::{SbomDocument, SourceFormat};

use crate::{FormatError, detect};

/// One mebibyte, the unit of the limits people give.
pub const MIB: u64 = 1024 * 1024;

/// Reads at most `limit` bytes from `reader`; `what` names it in errors.
///
/// # Errors
/// [`FormatError::TooLarge`] when there is more (only `limit + 1` bytes are ever read), and
/// [`FormatError::Read`] when reading fails.
pub fn read_limited(reader: impl Read, limit: u64, what: &str) -> Result<Vec<u8>, FormatError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| FormatError::Read {
            what: what.to_owned(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(FormatError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Reads a file of at most `limit` bytes.
///
/// # Errors
/// [`FormatError::Open`] when it cannot be opened, otherwise as [`read_limited`].
pub fn read_file_limited(path: &Path, limit: u64) -> Result<Vec<u8>, FormatError> {
    let file = std::fs::File::open(path).map_err(|source| FormatError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    read_limited(file, limit, &path.display().to_string())
}

/// UTF-16 text (recognised by its byte-order mark, as some Windows tools write SBOMs) as
/// UTF-8; other bytes unchanged.
///
/// # Errors
/// When UTF-16 text holds an unpaired surrogate or an odd number of bytes.
pub fn to_utf8(bytes: Vec<u8>) -> Result<Vec<u8>, FormatError> {
    let little_endian = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => true,
        Some([0xFE, 0xFF]) => false,
        _ => return Ok(bytes),
    };
    let body = bytes.get(2..).unwrap_or_default();
    if !body.len().is_multiple_of(2) {
        return Err(FormatError::OddUtf16);
    }
    let units = body.chunks_exact(2).map(|pair| {
        let pair = <[u8; 2]>::try_from(pair).unwrap_or_default();
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    for (index, decoded) in char::decode_utf16(units).enumerate() {
        match decoded {
            Ok(character) => text.push(character),
            Err(_) => {
                return Err(FormatError::InvalidUtf16 {
                    offset: 2 + index * 2,
                });
            }
        }
    }
    Ok(text.into_bytes())
}

/// Parses an SBOM in the given format.
///
/// # Errors
/// The reader's error, which names the location in the document.
pub fn parse(bytes: &[u8], format: SourceFormat) -> Result<SbomDocument, FormatError> {
    Ok(match format {
        SourceFormat::CycloneDxJson => tplc_cyclonedx::read_json(bytes)?,
        SourceFormat::CycloneDxXml => tplc_cyclonedx_xml::read_xml(bytes)?,
        SourceFormat::SpdxJson => tplc_spdx::read_json(bytes)?,
        SourceFormat::SpdxTagValue => tplc_spdx::read_tag_value(bytes)?,
    })
}

/// Decodes UTF-16, detects the format and parses: what an upload or a stored SBOM needs.
///
/// # Errors
/// As [`to_utf8`], [`detect`] and [`parse`]; a parse error is wrapped as
/// `FORMAT: ERROR` ([`FormatError::In`]) so the message names the format.
pub fn read_bytes(bytes: Vec<u8>) -> Result<(SourceFormat, SbomDocument), FormatError> {
    let bytes = to_utf8(bytes)?;
    let format = detect(&bytes)?;
    let document = parse(&bytes, format).map_err(|error| error.in_input(format.as_str()))?;
    Ok((format, document))
}

/// Reads (at most `limit` bytes), detects and parses an SBOM file; errors name the file:
/// `PATH: ERROR`, or `PATH (FORMAT): ERROR` for a parse error.
///
/// # Errors
/// When the file cannot be read or is too large, its format is not recognised or it is
/// invalid.
pub fn read_path(path: &Path, limit: u64) -> Result<SbomDocument, FormatError> {
    let name = path.display().to_string();
    let bytes = read_file_limited(path, limit).map_err(|error| match error {
        FormatError::TooLarge { .. } => error.in_input(name.clone()),
        other => other,
    })?;
    let bytes = to_utf8(bytes).map_err(|error| error.in_input(name.clone()))?;
    let format = detect(&bytes).map_err(|error| error.in_input(name.clone()))?;
    parse(&bytes, format).map_err(|error| error.in_input(format!("{name} ({format})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_either_byte_order_becomes_utf8() {
        let text = "{\"bomFormat\":\"CycloneDX\",\"x\":\"ポンプ\"}";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(to_utf8(le).unwrap(), text.as_bytes());
        assert_eq!(to_utf8(be).unwrap(), text.as_bytes());
        assert_eq!(to_utf8(b"plain".to_vec()).unwrap(), b"plain");
        assert!(matches!(
            to_utf8(vec![0xFF, 0xFE, 0x41]),
            Err(FormatError::OddUtf16)
        ));
        // An unpaired high surrogate.
        assert!(matches!(
            to_utf8(vec![0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x41, 0x00]),
            Err(FormatError::InvalidUtf16 { offset: 4 })
        ));
    }

    #[test]
    fn limited_reads_refuse_more_than_the_limit() {
        assert_eq!(read_limited(&b"abc"[..], 3, "x").unwrap(), b"abc");
        let error = read_limited(&b"abcd"[..], 3, "x").unwrap_err();
        assert!(error.is_too_large());
    }
}
