//! Points in time as stored: RFC 3339 UTC text with microseconds.

use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

use crate::{Error, Result};

/// A point in time, UTC, microsecond precision.
///
/// Stored as fixed-width RFC 3339 text (`2026-12-01T07:43:33.123456Z`) in both databases, so the
/// text order of a column is its time order and `WHERE heartbeat_at < $1` works the same on
/// SQLite and PostgreSQL. Every time is taken in Rust ([`Timestamp::now`]), never by the
/// database's clock, so several servers agree on one format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

const STORED: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

impl Timestamp {
    /// The current time, truncated to microseconds.
    #[must_use]
    pub fn now() -> Self {
        Self::from_offset_date_time(OffsetDateTime::now_utc())
    }

    /// A time, converted to UTC and truncated to microseconds.
    #[must_use]
    pub fn from_offset_date_time(time: OffsetDateTime) -> Self {
        let utc = time.to_offset(UtcOffset::UTC);
        let micros = utc.microsecond();
        Self(utc.replace_nanosecond(micros * 1_000).unwrap_or(utc))
    }

    /// Parses RFC 3339 text (any offset).
    ///
    /// # Errors
    /// [`Error::Invalid`] when the text is not RFC 3339.
    pub fn parse(text: &str) -> Result<Self> {
        OffsetDateTime::parse(text, &Rfc3339)
            .map(Self::from_offset_date_time)
            .map_err(|error| Error::Invalid(format!("not an RFC 3339 time {text:?}: {error}")))
    }

    /// The time as a [`time::OffsetDateTime`] in UTC.
    #[must_use]
    pub fn as_offset_date_time(self) -> OffsetDateTime {
        self.0
    }

    /// The stored text.
    #[must_use]
    pub fn to_text(self) -> String {
        self.0
            .format(STORED)
            .unwrap_or_else(|_| self.0.unix_timestamp().to_string())
    }

    /// This time minus a duration.
    #[must_use]
    pub fn minus(self, duration: std::time::Duration) -> Self {
        let delta = time::Duration::try_from(duration).unwrap_or(time::Duration::MAX);
        Self(
            self.0
                .checked_sub(delta)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
        )
    }

    pub(crate) fn from_stored(text: &str) -> Result<Self> {
        Self::parse(text).map_err(|_| Error::Corrupt(format!("stored time {text:?}")))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// Checks that `text` is a calendar date `YYYY-MM-DD`.
pub(crate) fn check_date(field: &str, text: Option<&str>) -> Result<()> {
    if let Some(text) = text {
        time::Date::parse(text, format_description!("[year]-[month]-[day]"))
            .map_err(|_| Error::Invalid(format!("{field}: {text:?} is not a date YYYY-MM-DD")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_is_fixed_width_utc_and_round_trips() {
        let t = Timestamp::parse("2026-12-01T16:43:33.1234567+09:00").unwrap();
        assert_eq!(t.to_text(), "2026-12-01T07:43:33.123456Z");
        assert_eq!(Timestamp::parse(&t.to_text()).unwrap(), t);
        let whole = Timestamp::parse("2026-01-02T03:04:05Z").unwrap();
        assert_eq!(whole.to_text(), "2026-01-02T03:04:05.000000Z");
        assert!(whole < t);
        assert!(whole.to_text() < t.to_text());
    }

    #[test]
    fn bad_times_and_dates_are_rejected() {
        assert!(Timestamp::parse("yesterday").is_err());
        assert!(check_date("eol_date", Some("2026-02-30")).is_err());
        assert!(check_date("eol_date", Some("2026-02-28")).is_ok());
        assert!(check_date("eol_date", None).is_ok());
    }
}
