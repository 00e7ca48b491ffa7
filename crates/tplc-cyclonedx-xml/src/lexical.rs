//! Lexical forms of the simple types the CycloneDX XML schemas use: `xs:boolean`,
//! `xs:dateTime`, the `urnUuid` serial number, media types and SPDX licence identifiers.

/// `true`/`false`/`1`/`0` (`xs:boolean`, surrounding whitespace collapsed).
pub(crate) fn parse_boolean(value: &str) -> Option<bool> {
    match value.trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// A listed SPDX licence or exception identifier (`spdx:licenseId`), deprecated ones such as
/// `GPL-2.0+` included.
pub(crate) fn is_spdx_id(id: &str) -> bool {
    spdx::identifiers::LICENSES
        .iter()
        .any(|(name, _, _)| *name == id)
        || spdx::identifiers::EXCEPTIONS
            .iter()
            .any(|(name, _)| *name == id)
}

fn is_hex_group(text: &str, length: usize) -> bool {
    text.len() == length
        && text
            .bytes()
            .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, length)| is_hex_group(group, length))
}

/// The schema's `urnUuid` pattern: `urn:uuid:` and a lowercase UUID, or a braced UUID.
pub(crate) fn is_urn_uuid(text: &str) -> bool {
    text.strip_prefix("urn:uuid:").is_some_and(is_uuid)
        || text
            .strip_prefix('{')
            .and_then(|rest| rest.strip_suffix('}'))
            .is_some_and(is_uuid)
}

/// The schema's `mimeType` pattern `[-+a-z0-9.]+/[-+a-z0-9.]+`.
pub(crate) fn is_mime_type(text: &str) -> bool {
    let part = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|byte| matches!(byte, b'-' | b'+' | b'.' | b'a'..=b'z' | b'0'..=b'9'))
    };
    text.split_once('/')
        .is_some_and(|(kind, subtype)| part(kind) && part(subtype))
}

fn digits(text: &str, count: usize) -> Option<u32> {
    (text.len() == count && text.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// `xs:dateTime`: `[-]YYYY-MM-DDThh:mm:ss[.f+][Z|±hh:mm]`, with valid ranges.
pub(crate) fn is_date_time(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let Some((date, time)) = text.split_once('T') else {
        return false;
    };
    let mut date_parts = date.rsplitn(3, '-');
    let (Some(day), Some(month), Some(year)) =
        (date_parts.next(), date_parts.next(), date_parts.next())
    else {
        return false;
    };
    let year_ok = year.len() >= 4
        && year.bytes().all(|byte| byte.is_ascii_digit())
        && (year.len() == 4 || !year.starts_with('0'))
        && year != "0000";
    let (Some(month), Some(day)) = (digits(month, 2), digits(day, 2)) else {
        return false;
    };
    let leap = year
        .parse::<u64>()
        .is_ok_and(|year| year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if !year_ok || day == 0 || day > days {
        return false;
    }
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(index) => (&time[..index], &time[index..]),
        None => (time, ""),
    };
    let zone_ok = match zone {
        "" | "Z" => true,
        _ => {
            let offset = &zone[1..];
            match offset.split_once(':') {
                Some((hours, minutes)) => match (digits(hours, 2), digits(minutes, 2)) {
                    (Some(hours), Some(minutes)) => {
                        (hours < 14 && minutes < 60) || (hours == 14 && minutes == 0)
                    }
                    _ => false,
                },
                None => false,
            }
        }
    };
    let (whole, fraction) = match clock.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (clock, None),
    };
    if fraction.is_some_and(|fraction| {
        fraction.is_empty() || !fraction.bytes().all(|byte| byte.is_ascii_digit())
    }) {
        return false;
    }
    let mut clock_parts = whole.split(':');
    let (Some(hour), Some(minute), Some(second), None) = (
        clock_parts.next(),
        clock_parts.next(),
        clock_parts.next(),
        clock_parts.next(),
    ) else {
        return false;
    };
    let (Some(hour), Some(minute), Some(second)) =
        (digits(hour, 2), digits(minute, 2), digits(second, 2))
    else {
        return false;
    };
    let end_of_day = hour == 24
        && minute == 0
        && second == 0
        && fraction.is_none_or(|fraction| fraction.bytes().all(|b| b == b'0'));
    zone_ok && ((hour < 24 && minute < 60 && second < 60) || end_of_day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_follow_xml_schema() {
        for valid in [
            "2020-04-07T07:01:00Z",
            "2020-04-07T07:01:00.123+02:00",
            "2024-02-29T00:00:00",
            "-0001-01-01T24:00:00Z",
        ] {
            assert!(is_date_time(valid), "{valid}");
        }
        for invalid in [
            "2020-04-07",
            "2023-02-29T00:00:00Z",
            "2020-13-01T00:00:00Z",
            "2020-04-07T07:60:00Z",
            "2020-04-07T07:01:00.Z",
            "2020-04-07T07:01:00+2:00",
            "20-04-07T07:01:00Z",
            "2020-04-07 07:01:00Z",
        ] {
            assert!(!is_date_time(invalid), "{invalid}");
        }
    }

    #[test]
    fn serial_numbers_are_lowercase_uuids() {
        assert!(is_urn_uuid("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"));
        assert!(is_urn_uuid("{3e671687-395b-41f5-a30f-a58921a69b79}"));
        assert!(!is_urn_uuid("urn:uuid:3e671687-395b-41f5-a30f"));
        assert!(!is_urn_uuid(
            "urn:uuid:3E671687-395B-41F5-A30F-A58921A69B79"
        ));
    }

    #[test]
    fn spdx_ids_and_exceptions_are_listed_ids() {
        assert!(is_spdx_id("Apache-2.0"));
        assert!(is_spdx_id("Classpath-exception-2.0"));
        assert!(!is_spdx_id("Apache-2"));
        assert!(!is_spdx_id("MIT+"));
        assert!(is_spdx_id("LGPL-2.1+"));
    }

    #[test]
    fn mime_types_follow_the_pattern() {
        assert!(is_mime_type("text/plain"));
        assert!(is_mime_type("application/vnd.cyclonedx+xml"));
        assert!(!is_mime_type("Text/Plain"));
        assert!(!is_mime_type("text"));
    }
}
