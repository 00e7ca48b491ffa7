//! Calendar dates: `YYYY-MM-DD` text, serde helpers and month arithmetic.

use time::{Date, Month, format_description::BorrowedFormatItem, macros::format_description};

const ISO_DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// Parses `YYYY-MM-DD`.
///
/// # Errors
/// A message naming the text when it is not a valid calendar date.
pub fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text, ISO_DATE).map_err(|_| format!("invalid date `{text}`: expected YYYY-MM-DD"))
}

/// Formats as `YYYY-MM-DD`.
#[must_use]
pub fn format_date(date: Date) -> String {
    date.format(ISO_DATE).unwrap_or_else(|_| date.to_string())
}

/// `date` moved by `months` calendar months, the day clamped to the month's length
/// (2024-01-31 + 1 month = 2024-02-29); `None` past the supported range of years.
#[must_use]
pub fn add_months(date: Date, months: u32) -> Option<Date> {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month_number = u8::try_from(index.rem_euclid(12) + 1).ok()?;
    let month = Month::try_from(month_number).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// Whole calendar months from `from` to `to`: the largest `n` with `from + n months ≤ to`;
/// 0 when `to` is not after `from`.
#[must_use]
pub fn months_between(from: Date, to: Date) -> u32 {
    if to <= from {
        return 0;
    }
    let estimate = (i64::from(to.year()) - i64::from(from.year())) * 12
        + i64::from(u8::from(to.month()))
        - i64::from(u8::from(from.month()));
    let mut months = u32::try_from(estimate.max(0)).unwrap_or(u32::MAX);
    while months > 0 && add_months(from, months).is_none_or(|moved| moved > to) {
        months -= 1;
    }
    months
}

/// Serde for `Option<Date>` as `"YYYY-MM-DD"` or null.
pub(crate) mod option {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<Date>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(date) => serializer.serialize_str(&super::format_date(*date)),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| super::parse_date(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// Serde for `Date` as `"YYYY-MM-DD"`.
pub(crate) mod required {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub(crate) fn serialize<S: Serializer>(value: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format_date(*value))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_date(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn add_months_clamps_the_day() {
        assert_eq!(
            add_months(date!(2024 - 01 - 31), 1),
            Some(date!(2024 - 02 - 29))
        );
        assert_eq!(
            add_months(date!(2023 - 01 - 31), 1),
            Some(date!(2023 - 02 - 28))
        );
        assert_eq!(
            add_months(date!(2024 - 11 - 15), 14),
            Some(date!(2026 - 01 - 15))
        );
        assert_eq!(
            add_months(date!(2024 - 11 - 15), 0),
            Some(date!(2024 - 11 - 15))
        );
        assert_eq!(add_months(date!(9999 - 06 - 01), 12), None);
    }

    #[test]
    fn months_between_counts_whole_months() {
        let from = date!(2026 - 01 - 15);
        assert_eq!(months_between(from, date!(2026 - 07 - 14)), 5);
        assert_eq!(months_between(from, date!(2026 - 07 - 15)), 6);
        assert_eq!(months_between(from, date!(2026 - 01 - 31)), 0);
        assert_eq!(months_between(from, date!(2025 - 12 - 01)), 0);
        assert_eq!(
            months_between(date!(2024 - 01 - 31), date!(2024 - 02 - 29)),
            1
        );
    }

    #[test]
    fn dates_parse_and_format_as_iso() {
        assert_eq!(parse_date("2030-03-31"), Ok(date!(2030 - 03 - 31)));
        assert_eq!(format_date(date!(2030 - 03 - 31)), "2030-03-31");
        assert_eq!(
            parse_date("2030-02-30"),
            Err("invalid date `2030-02-30`: expected YYYY-MM-DD".to_owned())
        );
    }
}
