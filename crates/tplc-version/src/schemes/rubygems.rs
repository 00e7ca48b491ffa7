//! RubyGems, as `Gem::Version#<=>` orders versions.
//!
//! `-` is read as `.pre.`; the version is split into runs of digits and runs of letters
//! (other characters separate); a version with a letter is a pre-release. Trailing zero
//! segments are dropped from the numeric part and from the part after the first letter run
//! (the canonical segments), then segments compare left to right, the shorter padded with 0:
//! numbers numerically, letter runs in byte order, a letter run below a number (`1.0.a` <
//! `1.0`, `1.0.a10` > `1.0.a9`, `1.0.a2` == `1.0.a.2`).
//!
//! Gem::Version accepts only `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`;
//! this parser also accepts a letter right after a digit (`1beta`), as advisories write it.

use std::cmp::Ordering;

use super::VersionOrder;
use super::num::Num;

/// RubyGems.
pub(crate) struct RubyGems;

/// One segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Segment {
    /// Letters (a pre-release marker); below numbers.
    Str(Box<str>),
    /// Digits.
    Num(Num),
}

/// The canonical segments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct GemKey(Vec<Segment>);

impl PartialOrd for GemKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for GemKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let zero = Segment::Num(Num::default());
        let len = self.0.len().max(other.0.len());
        for index in 0..len {
            let a = self.0.get(index).unwrap_or(&zero);
            let b = other.0.get(index).unwrap_or(&zero);
            let order = a.cmp(b);
            if order.is_ne() {
                return order;
            }
        }
        Ordering::Equal
    }
}

impl VersionOrder for RubyGems {
    type Key = GemKey;

    fn parse(text: &str) -> Result<Self::Key, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty version".to_owned());
        }
        if !text.starts_with(|c: char| c.is_ascii_digit()) {
            return Err("does not start with a digit".to_owned());
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '.' || *c == '-'))
        {
            return Err(format!("invalid character {bad:?}"));
        }
        let text = text.replace('-', ".pre.");
        let mut segments = Vec::new();
        let bytes = text.as_bytes();
        let mut index = 0;
        while let Some(&b) = bytes.get(index) {
            let run = |pred: fn(&u8) -> bool| {
                bytes
                    .get(index..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| pred(b))
                    .count()
            };
            if b.is_ascii_digit() {
                let len = run(u8::is_ascii_digit);
                segments.push(Segment::Num(Num::new(
                    text.get(index..index + len).unwrap_or_default(),
                )));
                index += len;
            } else if b.is_ascii_alphabetic() {
                let len = run(u8::is_ascii_alphabetic);
                segments.push(Segment::Str(
                    text.get(index..index + len).unwrap_or_default().into(),
                ));
                index += len;
            } else {
                index += 1;
            }
        }
        let first_str = segments
            .iter()
            .position(|s| matches!(s, Segment::Str(_)))
            .unwrap_or(segments.len());
        let mut string_part = segments.split_off(first_str);
        trim_zeros(&mut segments);
        trim_zeros(&mut string_part);
        segments.append(&mut string_part);
        Ok(GemKey(segments))
    }
}

fn trim_zeros(segments: &mut Vec<Segment>) {
    while matches!(segments.last(), Some(Segment::Num(n)) if n.is_zero()) {
        segments.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::{RubyGems, VersionOrder};
    use std::cmp::Ordering;

    fn cmp(a: &str, b: &str) -> Ordering {
        RubyGems::parse(a)
            .unwrap()
            .cmp(&RubyGems::parse(b).unwrap())
    }

    #[test]
    fn gem_version_rules() {
        assert_eq!(cmp("1.0", "1"), Ordering::Equal);
        assert_eq!(cmp("1.0.a", "1.0"), Ordering::Less);
        assert_eq!(cmp("1.0.a2", "1.0.a.2"), Ordering::Equal);
        assert_eq!(cmp("1.0.0-rc1", "1.0.0"), Ordering::Less);
        assert_eq!(cmp("3.10", "3.2"), Ordering::Greater);
        assert!(RubyGems::parse("").is_err());
        assert!(RubyGems::parse("1 2").is_err());
    }
}
