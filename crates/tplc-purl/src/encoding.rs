//! Percent-encoding and decoding of purl components (ECMA-427 clause 5.4).

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::{Component, PurlErrorKind};

/// Characters that are percent-encoded inside a component: everything but the ASCII letters and
/// digits, the punctuation `.-_~`, and the colon, which ECMA-427 never encodes.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'~')
    .remove(b':');

/// Writes `text` percent-encoded as one component (or one segment of it).
pub(crate) fn write_encoded(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    for piece in utf8_percent_encode(text, ENCODED) {
        f.write_str(piece)?;
    }
    Ok(())
}

/// Percent-decodes `text`, which belongs to `component`.
///
/// Fails when a `%` is not followed by two hexadecimal digits or the decoded bytes are not UTF-8.
pub(crate) fn decode(text: &str, component: Component) -> Result<String, PurlErrorKind> {
    if !text.contains('%') {
        return Ok(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let high = bytes.get(index + 1).and_then(|&digit| hex_value(digit));
            let low = bytes.get(index + 2).and_then(|&digit| hex_value(digit));
            let (Some(high), Some(low)) = (high, low) else {
                return Err(PurlErrorKind::InvalidPercentEncoding { component });
            };
            decoded.push(high << 4 | low);
            index += 3;
        } else {
            decoded.push(byte);
            index += 1;
        }
    }
    String::from_utf8(decoded).map_err(|_| PurlErrorKind::InvalidUtf8 { component })
}

/// The value of one hexadecimal digit.
fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Encoded<'a>(&'a str);

    impl fmt::Display for Encoded<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write_encoded(f, self.0)
        }
    }

    #[test]
    fn keeps_unreserved_characters_and_colon() {
        assert_eq!(Encoded("Az09.-_~:").to_string(), "Az09.-_~:");
    }

    #[test]
    fn encodes_separators_space_and_non_ascii() {
        assert_eq!(
            Encoded("a/b@c?d=e&f#g+h i%").to_string(),
            "a%2Fb%40c%3Fd%3De%26f%23g%2Bh%20i%25"
        );
        assert_eq!(Encoded("é").to_string(), "%C3%A9");
    }

    #[test]
    fn decodes_escapes_in_either_case() {
        assert_eq!(
            decode("sha256%3a12%3A%c3%A9", Component::Version),
            Ok("sha256:12:é".to_owned())
        );
    }

    #[test]
    fn rejects_truncated_or_non_hex_escapes() {
        for text in ["%", "%4", "a%zz", "%g0"] {
            assert_eq!(
                decode(text, Component::Name),
                Err(PurlErrorKind::InvalidPercentEncoding {
                    component: Component::Name
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_invalid_utf8() {
        assert_eq!(
            decode("%FF", Component::Subpath),
            Err(PurlErrorKind::InvalidUtf8 {
                component: Component::Subpath
            })
        );
    }
}
