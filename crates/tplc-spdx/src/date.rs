//! SPDX dates: `YYYY-MM-DDThh:mm:ssZ`, UTC, whole seconds (SPDX 2.3 clause 6.9).

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time in SPDX form.
pub(crate) fn now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    format_seconds(i64::try_from(seconds).unwrap_or(0))
}

/// An RFC 3339 date-time (any offset, optional fraction) or a bare date, in SPDX form;
/// `None` when the text is neither.
pub(crate) fn normalise(text: &str) -> Option<String> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let year = digits(bytes, 0, 4)?;
    let month = digits(bytes, 5, 2)?;
    let day = digits(bytes, 8, 2)?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') || !(1..=12).contains(&month) {
        return None;
    }
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    if bytes.len() == 10 {
        return Some(format_seconds(days * 86_400));
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(bytes, 11, 2)?;
    let minute = digits(bytes, 14, 2)?;
    let second = digits(bytes, 17, 2)?;
    if bytes.get(13) != Some(&b':')
        || bytes.get(16) != Some(&b':')
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|character: char| !character.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return None;
        }
        rest = &fraction[end..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let offset = rest.as_bytes();
            if offset.len() != 6 || offset[3] != b':' {
                return None;
            }
            let hours = digits(offset, 1, 2)?;
            let minutes = digits(offset, 4, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset;
    Some(format_seconds(seconds))
}

/// The `YYYY-MM-DD` date at the start of a date or date-time, if it has one.
pub(crate) fn date_part(text: &str) -> Option<&str> {
    let date = text.trim().get(..10)?;
    normalise(date).map(|_| date)
}

fn digits(bytes: &[u8], start: usize, count: usize) -> Option<i64> {
    let slice = bytes.get(start..start + count)?;
    slice.iter().try_fold(0_i64, |value, byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + i64::from(byte - b'0'))
    })
}

const fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

const fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (H. Hinnant's algorithm).
const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn format_seconds(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_offsets_fractions_and_bare_dates() {
        assert_eq!(
            normalise("2010-01-29T18:30:22Z").as_deref(),
            Some("2010-01-29T18:30:22Z")
        );
        assert_eq!(
            normalise("2022-09-21T14:54:15.500229Z").as_deref(),
            Some("2022-09-21T14:54:15Z")
        );
        assert_eq!(
            normalise("2024-03-01T08:00:00+09:00").as_deref(),
            Some("2024-02-29T23:00:00Z")
        );
        assert_eq!(
            normalise("1999-12-31T23:30:00-01:00").as_deref(),
            Some("2000-01-01T00:30:00Z")
        );
        assert_eq!(
            normalise("2030-12-31").as_deref(),
            Some("2030-12-31T00:00:00Z")
        );
        assert_eq!(normalise("2023-02-29"), None);
        assert_eq!(normalise("2023-13-01T00:00:00Z"), None);
        assert_eq!(normalise("yesterday"), None);
        assert_eq!(normalise("2023-01-01T00:00:00"), None);
        assert_eq!(normalise("2023-01-01T00:00:00.Z"), None);
    }

    #[test]
    fn date_part_needs_a_real_date() {
        assert_eq!(date_part("2014-01-29T18:30:22Z"), Some("2014-01-29"));
        assert_eq!(date_part("2014-02-30"), None);
        assert_eq!(date_part("short"), None);
    }

    #[test]
    fn now_is_in_spdx_form() {
        let now = now();
        assert_eq!(normalise(&now), Some(now));
    }
}
