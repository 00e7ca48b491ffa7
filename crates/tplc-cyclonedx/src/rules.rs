//! Value rules of the CycloneDX JSON schemas that serde types cannot express: string
//! patterns, `format` keywords and closed vocabularies that grew between versions.

use tplc_model::ComponentType;

use crate::version::SpecVersion;

/// `format: date-time` (RFC 3339 §5.6 `date-time`): `2020-04-13T20:20:39+00:00`, with an
/// optional fraction of a second and `Z`, `z` or a numeric offset.
pub(crate) fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let slice = bytes.get(range)?;
        slice.iter().try_fold(0_u32, |value, byte| {
            byte.is_ascii_digit()
                .then(|| value * 10 + u32::from(byte - b'0'))
        })
    };
    let separator = |position: usize, expected: &[u8]| {
        bytes
            .get(position)
            .is_some_and(|byte| expected.contains(byte))
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    if !(separator(4, b"-") && separator(7, b"-") && separator(10, b"Tt")) {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(11..13), digits(14..16), digits(17..19))
    else {
        return false;
    };
    if !(separator(13, b":") && separator(16, b":")) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &bytes[19..];
    if let Some((b'.', fraction)) = rest.split_first() {
        let count = fraction
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|byte| byte.is_ascii_digit())
                && (*h1 - b'0') * 10 + (*h2 - b'0') <= 23
                && (*m1 - b'0') * 10 + (*m2 - b'0') <= 59
        }
        _ => false,
    }
}

/// `serialNumber` pattern `^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`
/// (the same in every schema from 1.2 to 1.7: lower-case hexadecimal only).
pub(crate) fn is_serial_number(text: &str) -> bool {
    let Some(uuid) = text.strip_prefix("urn:uuid:") else {
        return false;
    };
    let groups: Vec<&str> = uuid.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length
                && group
                    .bytes()
                    .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
        })
}

/// `hash-content` pattern: 32, 40, 64, 96 or 128 hexadecimal digits.
pub(crate) fn is_hash_content(text: &str) -> bool {
    matches!(text.len(), 32 | 40 | 64 | 96 | 128)
        && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// `mime-type` pattern `^[-+a-z0-9.]+/[-+a-z0-9.]+$`.
pub(crate) fn is_mime_type(text: &str) -> bool {
    let allowed = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|byte| matches!(byte, b'-' | b'+' | b'.' | b'a'..=b'z' | b'0'..=b'9'))
    };
    text.split_once('/')
        .is_some_and(|(kind, subtype)| allowed(kind) && allowed(subtype))
}

/// `format: idn-email`, checked loosely: a non-empty local part, `@`, a non-empty domain,
/// no white space or control characters.
pub(crate) fn is_email(text: &str) -> bool {
    text.rsplit_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.is_empty()
            && !text
                .chars()
                .any(|character| character.is_whitespace() || character.is_control())
    })
}

/// A URL made a valid `format: iri-reference` (RFC 3987) by percent-encoding the characters
/// an IRI cannot hold (`{`, `}`, spaces, `"`, `<`, `>`, `\\`, `^`, `` ` ``, `|`, controls, and a
/// `%` that starts no escape), and the colons of the first segment of a reference without a
/// scheme (RFC 3986 §4.2: `git@github.com:owner/repository.git`, the scp-like form git accepts,
/// would otherwise be read as a scheme); `None` when it already is one.
pub(crate) fn iri_reference(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let escape_at = |position: usize| {
        bytes.get(position + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(position + 2).is_some_and(u8::is_ascii_hexdigit)
    };
    let first_segment = text.find(['/', '?', '#']).unwrap_or(text.len());
    let colons_in_first_segment = !has_scheme(text);
    let needs = |position: usize, character: char| match character {
        '%' => !escape_at(position),
        ':' => colons_in_first_segment && position < first_segment,
        '{' | '}' | '"' | '<' | '>' | '\\' | '^' | '`' | '|' => true,
        other => other.is_control() || other.is_whitespace(),
    };
    if !text
        .char_indices()
        .any(|(position, character)| needs(position, character))
    {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (position, character) in text.char_indices() {
        if needs(position, character) {
            let mut buffer = [0; 4];
            for byte in character.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(character);
        }
    }
    Some(out)
}

/// Whether a URI reference starts with a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`
/// and a colon, RFC 3986 §3.1).
fn has_scheme(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|first: char| first.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.'))
    })
}

/// The SPDX licence and exception identifiers the `spdx.schema.json` enumeration allows.
pub(crate) fn is_spdx_license_id(text: &str) -> bool {
    spdx::license_id(text).is_some() || spdx::exception_id(text).is_some()
}

/// `component.type` values by the version that introduced them.
pub(crate) fn component_type_since(component_type: ComponentType) -> SpecVersion {
    match component_type {
        ComponentType::Application
        | ComponentType::Framework
        | ComponentType::Library
        | ComponentType::Container
        | ComponentType::OperatingSystem
        | ComponentType::Device
        | ComponentType::Firmware
        | ComponentType::File => SpecVersion::V1_2,
        ComponentType::Platform
        | ComponentType::DeviceDriver
        | ComponentType::MachineLearningModel
        | ComponentType::Data => SpecVersion::V1_5,
        ComponentType::CryptographicAsset => SpecVersion::V1_6,
    }
}

/// `licenseAcknowledgementEnumeration` (1.6+).
pub(crate) const ACKNOWLEDGEMENTS: &[&str] = &["declared", "concluded"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_follows_rfc_3339() {
        for valid in [
            "2020-04-13T20:20:39+00:00",
            "2020-04-13T20:20:39Z",
            "2024-02-29t23:59:60.123z",
            "2020-04-13T20:20:39.5-05:30",
        ] {
            assert!(is_date_time(valid), "{valid}");
        }
        for invalid in [
            "2020-04-13",
            "2020-04-13T20:20:39",
            "2023-02-29T00:00:00Z",
            "2020-13-01T00:00:00Z",
            "2020-04-13 20:20:39Z",
            "2020-04-13T20:20:39.Z",
            "2020-04-13T24:00:00Z",
            "2020-04-13T20:20:39+0000",
            "２020-04-13T20:20:39Z",
        ] {
            assert!(!is_date_time(invalid), "{invalid}");
        }
    }

    #[test]
    fn serial_numbers_are_lower_case_uuid_urns() {
        assert!(is_serial_number(
            "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
        ));
        assert!(!is_serial_number("urn:uuid:3e671687-395b-41f5-a30f"));
        assert!(!is_serial_number(
            "urn:uuid:3E671687-395B-41F5-A30F-A58921A69B79"
        ));
        assert!(!is_serial_number("3e671687-395b-41f5-a30f-a58921a69b79"));
    }

    #[test]
    fn hash_content_has_a_digest_length() {
        assert!(is_hash_content("3942447fac867ae5cdb3229b658f4d48"));
        assert!(!is_hash_content("foo"));
        assert!(!is_hash_content(&"a".repeat(33)));
    }

    #[test]
    fn urls_are_made_iri_references() {
        assert_eq!(iri_reference("https://example.com/a%20b"), None);
        assert_eq!(
            iri_reference("https://github.com/x/${a}/issues").as_deref(),
            Some("https://github.com/x/$%7Ba%7D/issues")
        );
        assert_eq!(iri_reference("a b%zz").as_deref(), Some("a%20b%25zz"));
        assert_eq!(
            iri_reference("git@github.com:chaijs/deep-eql.git").as_deref(),
            Some("git@github.com%3Achaijs/deep-eql.git")
        );
        assert_eq!(iri_reference("git+ssh://git@github.com:22/a.git"), None);
        assert_eq!(iri_reference("mailto:a@example.com"), None);
        assert_eq!(
            iri_reference("docs/a:b"),
            None,
            "colons after the first segment"
        );
    }

    #[test]
    fn mime_types_and_licence_ids() {
        assert!(is_mime_type("text/plain"));
        assert!(!is_mime_type("Text/Plain"));
        assert!(is_spdx_license_id("Apache-2.0"));
        assert!(is_spdx_license_id("Classpath-exception-2.0"));
        assert!(!is_spdx_license_id("Apache-2"));
    }
}
