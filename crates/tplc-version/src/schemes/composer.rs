//! Composer / Packagist: PHP's `version_compare` after stripping a leading `v`/`V`.
//!
//! PHP canonicalises the version (`-`, `_`, `+` and other non-alphanumerics become `.`, and a
//! `.` is inserted between digits and letters), then compares the parts: numbers numerically;
//! special forms by their first letters: any other string < `dev` < `alpha` = `a` < `beta` =
//! `b` < `RC` = `rc` < `#` < `pl` = `p` (a prefix match, case-sensitive as in PHP); a number
//! ranks like `#`, above every special form but `pl`/`p`. When one version runs out, its
//! missing parts rank like `#`: below a number, above `dev`…`rc` (`1.0` < `1.0.0`,
//! `1.0rc1` < `1.0` < `1.0pl1`).
//!
//! To be a total order, a `#` part ranks as a missing part (PHP also calls `#` equal to every
//! number, which is not transitive), and an empty part (from a leading or trailing `.`) as an
//! unknown string. Numbers have no size limit (PHP saturates at `PHP_INT_MAX`).

use std::cmp::Ordering;

use super::VersionOrder;
use super::num::Num;

/// Composer.
pub(crate) struct Composer;

/// One part of a canonical PHP version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Part {
    /// A string that is no special form.
    Other,
    /// `dev`.
    Dev,
    /// `alpha`, `a`.
    Alpha,
    /// `beta`, `b`.
    Beta,
    /// `RC`, `rc`.
    Rc,
    /// `#`, or a missing part.
    Missing,
    /// A number.
    Num(Num),
    /// `pl`, `p`.
    Patch,
}

/// The parts, without trailing missing parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ComposerKey(Vec<Part>);

impl PartialOrd for ComposerKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ComposerKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let len = self.0.len().max(other.0.len());
        for index in 0..len {
            let a = self.0.get(index).unwrap_or(&Part::Missing);
            let b = other.0.get(index).unwrap_or(&Part::Missing);
            let order = a.cmp(b);
            if order.is_ne() {
                return order;
            }
        }
        Ordering::Equal
    }
}

impl VersionOrder for Composer {
    type Key = ComposerKey;

    fn parse(text: &str) -> Result<Self::Key, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty version".to_owned());
        }
        if text.chars().any(char::is_whitespace) {
            return Err("whitespace inside the version".to_owned());
        }
        let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
        if text.is_empty() {
            return Err("nothing after the \"v\"".to_owned());
        }
        let canonical = canonicalize(text);
        let mut parts: Vec<Part> = canonical.split('.').map(classify).collect();
        while parts.last() == Some(&Part::Missing) {
            parts.pop();
        }
        Ok(ComposerKey(parts))
    }
}

/// `php_canonicalize_version` (a version starting with `#` is left as it is).
fn canonicalize(text: &str) -> String {
    if text.starts_with('#') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len() * 2);
    let Some((&first, rest)) = bytes.split_first() else {
        return String::new();
    };
    out.push(first);
    let mut last = first;
    let is_dig = |c: u8| c.is_ascii_digit();
    let is_ndig = |c: u8| !c.is_ascii_digit() && c != b'.';
    for &c in rest {
        let prev_is_dot = out.last() == Some(&b'.');
        if matches!(c, b'-' | b'_' | b'+') {
            if !prev_is_dot {
                out.push(b'.');
            }
        } else if (is_ndig(last) && is_dig(c)) || (is_dig(last) && is_ndig(c)) {
            if !prev_is_dot {
                out.push(b'.');
            }
            out.push(c);
        } else if !c.is_ascii_alphanumeric() && c != b'#' {
            if !prev_is_dot {
                out.push(b'.');
            }
        } else {
            out.push(c);
        }
        last = c;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The part for one canonical component (`compare_special_version_forms`).
fn classify(part: &str) -> Part {
    if part.starts_with(|c: char| c.is_ascii_digit()) {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        return Part::Num(Num::new(&digits));
    }
    for (prefix, form) in [
        ("dev", Part::Dev),
        ("alpha", Part::Alpha),
        ("a", Part::Alpha),
        ("beta", Part::Beta),
        ("b", Part::Beta),
        ("RC", Part::Rc),
        ("rc", Part::Rc),
        ("#", Part::Missing),
        ("pl", Part::Patch),
        ("p", Part::Patch),
    ] {
        if part.starts_with(prefix) {
            return form;
        }
    }
    Part::Other
}

#[cfg(test)]
mod tests {
    use super::{Composer, VersionOrder};
    use std::cmp::Ordering;

    fn cmp(a: &str, b: &str) -> Ordering {
        Composer::parse(a)
            .unwrap()
            .cmp(&Composer::parse(b).unwrap())
    }

    #[test]
    fn php_version_compare() {
        assert_eq!(cmp("1.0-dev", "1.0a1"), Ordering::Less);
        assert_eq!(cmp("1.0rc1", "1.0"), Ordering::Less);
        assert_eq!(cmp("1.0", "1.0pl1"), Ordering::Less);
        assert_eq!(cmp("1.0", "1.0.0"), Ordering::Less);
        assert_eq!(cmp("v1.0", "1.0"), Ordering::Equal);
        assert_eq!(cmp("1.25.0-beta2.1", "1.25.0-b.2.1"), Ordering::Equal);
        assert_eq!(cmp("dev-foo", "1.26.0"), Ordering::Less);
        assert!(Composer::parse("").is_err());
    }
}
