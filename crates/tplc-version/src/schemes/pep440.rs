//! PEP 440 (PyPI), as Python's `packaging` orders versions.
//!
//! Parsing follows `packaging.version.VERSION_PATTERN` (case-insensitive, surrounding
//! whitespace allowed, optional `v`, every spelling PEP 440 normalises: `1.0a1` == `1.0.0a1` ==
//! `1.0.ALPHA.1`, `1.0-1` == `1.0.post1`, `1.0c1` == `1.0rc1`, `_`/`-`/`.` separators).
//! The key is `packaging`'s `_cmpkey`: epoch, release without trailing zeros, pre-release
//! (a dev-only release sorts before the pre-releases), post-release, dev-release, local version
//! (numeric segments above alphanumeric ones).
//!
//! A string that is not a PEP 440 version is a *legacy* version, ordered as `packaging`
//! before 22.0 did (`LegacyVersion`): before every PEP 440 version, and among themselves by the
//! legacy key (numeric runs zero-padded to eight digits, `pre`/`preview`/`rc` → `c`, `dev` →
//! `@`, `-` → `final-`, a trailing `*final`). The OSV PyPI data still holds such versions.
//!
//! Written here rather than taken from `pep440_rs`: that crate has no `LegacyVersion` (the
//! osv-scalibr PyPI vectors and the OSV PyPI data hold legacy versions) and brings
//! dependencies this ordering does not need; all 12 412 osv-scalibr PyPI vectors pass.

use super::VersionOrder;
use super::num::Num;

/// PEP 440.
pub(crate) struct Pep440;

/// A pre-release label, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum PreLabel {
    /// `a`, `alpha`.
    Alpha,
    /// `b`, `beta`.
    Beta,
    /// `rc`, `c`, `pre`, `preview`.
    Rc,
}

/// The pre-release part of the key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum PreKey {
    /// No pre-release and no post-release but a dev release (`1.0.dev1` < `1.0a1`).
    DevOnly,
    /// A pre-release.
    Pre(PreLabel, Num),
    /// No pre-release.
    None,
}

/// The dev-release part of the key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum DevKey {
    /// A dev release.
    Dev(Num),
    /// No dev release (sorts after dev releases).
    None,
}

/// One segment of a local version label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum LocalPart {
    /// Alphanumeric (lowercased); below numeric segments.
    Alpha(Box<str>),
    /// Numeric.
    Num(Num),
}

/// The PEP 440 ordering key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Pep440Key {
    /// A legacy (non-PEP 440) version: before every PEP 440 version.
    Legacy(Vec<Box<str>>),
    /// A PEP 440 version.
    Pep440 {
        /// Epoch (default 0).
        epoch: Num,
        /// Release components without trailing zeros.
        release: Vec<Num>,
        /// Pre-release.
        pre: PreKey,
        /// Post-release (`None` sorts first).
        post: Option<Num>,
        /// Dev-release.
        dev: DevKey,
        /// Local version (`None` sorts first).
        local: Option<Vec<LocalPart>>,
    },
}

impl VersionOrder for Pep440 {
    type Key = Pep440Key;

    fn parse(text: &str) -> Result<Self::Key, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("empty version".to_owned());
        }
        if let Some(key) = parse_pep440(trimmed) {
            return Ok(key);
        }
        if trimmed.chars().any(char::is_whitespace) {
            return Err("whitespace inside the version".to_owned());
        }
        Ok(Pep440Key::Legacy(legacy_key(trimmed)))
    }
}

/// A cursor over the lowercased ASCII input.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_separator(&mut self) -> bool {
        matches!(self.peek(), Some(b'-' | b'_' | b'.')) && {
            self.pos += 1;
            true
        }
    }

    fn digits(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        (self.pos > start)
            .then(|| std::str::from_utf8(self.bytes.get(start..self.pos)?).ok())
            .flatten()
    }

    /// Eats the longest of `words` at the cursor.
    fn word(&mut self, words: &[&'static str]) -> Option<&'static str> {
        let rest = self.bytes.get(self.pos..)?;
        let found = words
            .iter()
            .filter(|w| rest.starts_with(w.as_bytes()))
            .max_by_key(|w| w.len())?;
        self.pos += found.len();
        Some(found)
    }

    /// Runs `f`; on `None` restores the position.
    fn attempt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let saved = self.pos;
        let result = f(self);
        if result.is_none() {
            self.pos = saved;
        }
        result
    }
}

fn parse_pep440(text: &str) -> Option<Pep440Key> {
    if !text.is_ascii() {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let mut c = Cursor {
        bytes: lower.as_bytes(),
        pos: 0,
    };
    c.eat(b'v');
    let epoch = c
        .attempt(|c| {
            let digits = c.digits()?;
            c.eat(b'!').then(|| Num::new(digits))
        })
        .unwrap_or_default();
    let mut release = vec![Num::new(c.digits()?)];
    while let Some(part) = c.attempt(|c| {
        c.eat(b'.').then_some(())?;
        c.digits()
    }) {
        release.push(Num::new(part));
    }
    while release.last().is_some_and(Num::is_zero) {
        release.pop();
    }
    let pre = c.attempt(|c| {
        c.eat_separator();
        let label = match c.word(&["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"])? {
            "alpha" | "a" => PreLabel::Alpha,
            "beta" | "b" => PreLabel::Beta,
            _ => PreLabel::Rc,
        };
        Some((label, optional_number(c)))
    });
    let post = c
        .attempt(|c| {
            c.eat(b'-').then_some(())?;
            c.digits().map(Num::new)
        })
        .or_else(|| {
            c.attempt(|c| {
                c.eat_separator();
                c.word(&["post", "rev", "r"])?;
                Some(optional_number(c))
            })
        });
    let dev = c.attempt(|c| {
        c.eat_separator();
        c.word(&["dev"])?;
        Some(optional_number(c))
    });
    let local = if c.eat(b'+') {
        let rest = std::str::from_utf8(c.bytes.get(c.pos..)?).ok()?;
        c.pos = c.bytes.len();
        let mut parts = Vec::new();
        for part in rest.split(['-', '_', '.']) {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return None;
            }
            parts.push(if part.bytes().all(|b| b.is_ascii_digit()) {
                LocalPart::Num(Num::new(part))
            } else {
                LocalPart::Alpha(part.into())
            });
        }
        Some(parts)
    } else {
        None
    };
    if c.pos != c.bytes.len() {
        return None;
    }
    let pre = match (pre, &post, &dev) {
        (Some((label, number)), _, _) => PreKey::Pre(label, number),
        (None, None, Some(_)) => PreKey::DevOnly,
        (None, _, _) => PreKey::None,
    };
    Some(Pep440Key::Pep440 {
        epoch,
        release,
        pre,
        post,
        dev: dev.map_or(DevKey::None, DevKey::Dev),
        local,
    })
}

/// `[-_.]?[0-9]*` after a pre, post or dev label: the number, 0 when absent.
fn optional_number(c: &mut Cursor<'_>) -> Num {
    c.eat_separator();
    c.digits().map(Num::new).unwrap_or_default()
}

/// `packaging`'s `_legacy_cmpkey` parts (the epoch, -1, is the enum variant's rank).
fn legacy_key(text: &str) -> Vec<Box<str>> {
    let lower = text.to_lowercase();
    let mut parts: Vec<Box<str>> = Vec::new();
    for raw in legacy_components(&lower) {
        let part: &str = match raw {
            "pre" | "preview" | "rc" => "c",
            "-" => "final-",
            "dev" => "@",
            other => other,
        };
        if part.is_empty() || part == "." {
            continue;
        }
        let item: String = if part.starts_with(|c: char| c.is_ascii_digit()) {
            format!("{part:0>8}")
        } else {
            format!("*{part}")
        };
        if item.starts_with('*') {
            if item.as_str() < "*final" {
                while parts.last().is_some_and(|p| &**p == "*final-") {
                    parts.pop();
                }
            }
            while parts.last().is_some_and(|p| &**p == "00000000") {
                parts.pop();
            }
        }
        parts.push(item.into());
    }
    parts.push("*final".into());
    parts
}

/// `re.split(r"(\d+|[a-z]+|\.|-)", text)`: matches and the text between them, in order.
fn legacy_components(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut between_start = 0;
    let mut index = 0;
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(index) {
        let tail = bytes.get(index..).unwrap_or_default();
        let len = if b.is_ascii_digit() {
            tail.iter().take_while(|b| b.is_ascii_digit()).count()
        } else if b.is_ascii_lowercase() {
            tail.iter().take_while(|b| b.is_ascii_lowercase()).count()
        } else if b == b'.' || b == b'-' {
            1
        } else {
            0
        };
        if len == 0 {
            // Not part of a match: step over the whole character.
            index += text
                .get(index..)
                .and_then(|t| t.chars().next())
                .map_or(1, char::len_utf8);
            continue;
        }
        out.push(text.get(between_start..index).unwrap_or_default());
        out.push(text.get(index..index + len).unwrap_or_default());
        index += len;
        between_start = index;
    }
    out.push(text.get(between_start..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::{Pep440, VersionOrder};
    use std::cmp::Ordering;

    fn cmp(a: &str, b: &str) -> Ordering {
        Pep440::parse(a).unwrap().cmp(&Pep440::parse(b).unwrap())
    }

    #[test]
    fn normalises() {
        assert_eq!(cmp("1.0a1", "1.0.0a1"), Ordering::Equal);
        assert_eq!(cmp("1.0ALPHA.1", "1.0a1"), Ordering::Equal);
        assert_eq!(cmp("1.0-1", "1.0.post1"), Ordering::Equal);
        assert_eq!(cmp("1.0c1", "1.0rc1"), Ordering::Equal);
        assert_eq!(cmp("v1.0", "1.0"), Ordering::Equal);
        assert_eq!(cmp(" 1.0 ", "1.0"), Ordering::Equal);
    }

    #[test]
    fn orders() {
        assert_eq!(cmp("1.0rc1", "1.0"), Ordering::Less);
        assert_eq!(cmp("1.0.dev0", "1.0a0"), Ordering::Less);
        assert_eq!(cmp("1.0", "1.0+local"), Ordering::Less);
        assert_eq!(cmp("1!0.1", "2.0"), Ordering::Greater);
        assert_eq!(cmp("1.0.post1.dev1", "1.0.post1"), Ordering::Less);
        assert_eq!(cmp("1.0+local.a", "1.0+local.1"), Ordering::Less);
        assert_eq!(cmp("0.1-bulbasaur", "0.1"), Ordering::Less);
        assert_eq!(cmp("1.0é", "1.0è"), Ordering::Greater);
        assert!(Pep440::parse("").is_err());
        assert!(Pep440::parse("1.0 beta").is_err());
    }
}
