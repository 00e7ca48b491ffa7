//! The generic fallback ordering.
//!
//! The version is split into runs of ASCII digits and runs of other alphanumeric characters
//! (letters, compared case-insensitively); everything else separates runs and is otherwise
//! ignored. Runs are compared left to right: numbers numerically (leading zeros ignored),
//! letter runs lexically, a letter run before a number. When one version runs out first it is
//! the smaller (`1.0` < `1.0.0` < `1.0.1`, `1.0` < `1.0a`).

use super::VersionOrder;
use super::num::Num;

/// The generic scheme.
pub(crate) struct Generic;

/// One run of a generic version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Run {
    /// Letters (lowercased); they sort before numbers.
    Alpha(Box<str>),
    /// Digits.
    Num(Num),
}

impl VersionOrder for Generic {
    type Key = Vec<Run>;

    fn parse(text: &str) -> Result<Self::Key, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty version".to_owned());
        }
        let runs = split_runs(text);
        if runs.is_empty() {
            return Err("no digits or letters".to_owned());
        }
        Ok(runs)
    }
}

/// Splits `text` into digit runs and letter runs, dropping separators.
pub(crate) fn split_runs(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            runs.push(Run::Num(Num::new(&rest[..end])));
            rest = &rest[end..];
        } else if c.is_alphanumeric() {
            let end = rest
                .find(|c: char| c.is_ascii_digit() || !c.is_alphanumeric())
                .unwrap_or(rest.len());
            runs.push(Run::Alpha(rest[..end].to_lowercase().into()));
            rest = &rest[end..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::{Generic, VersionOrder};
    use std::cmp::Ordering;

    fn cmp(a: &str, b: &str) -> Ordering {
        Generic::parse(a).unwrap().cmp(&Generic::parse(b).unwrap())
    }

    #[test]
    fn orders_runs() {
        assert_eq!(cmp("1.10", "1.9"), Ordering::Greater);
        assert_eq!(cmp("1.01", "1.1"), Ordering::Equal);
        assert_eq!(cmp("1.0", "1.0.0"), Ordering::Less);
        assert_eq!(cmp("1.0a", "1.0.1"), Ordering::Less);
        assert_eq!(cmp("1.0-1", "1.0.1"), Ordering::Equal);
        assert!(Generic::parse("").is_err());
        assert!(Generic::parse(" - ").is_err());
    }
}
