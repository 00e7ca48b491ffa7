//! RPM (Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE, Mageia, …): `rpmvercmp` on
//! `[epoch:]version[-release]`.
//!
//! - The epoch is the leading digits before a `:` (as rpm's `parseEVR` reads it). **A missing
//!   epoch is 0**, as rpm and OSV treat it: `1.0` == `0:1.0` < `1:0.1`.
//! - The release is what follows the last `-`. A version without a release sorts before the
//!   same version with any release (`1` < `1-0`; rpm's dependency matching would instead let
//!   a missing release match any, which is no ordering).
//! - Version and release compare with `rpmvercmp`: runs of ASCII digits (numerically) and of
//!   ASCII letters (in byte order), all other characters separate runs; a digit run is newer
//!   than a letter run; `~` sorts before everything, even the end (`1.0~rc1` < `1.0`); `^` sorts
//!   after the end but before anything else (`1.0` < `1.0^git1` < `1.0.1`).

use super::VersionOrder;
use super::num::Num;

/// RPM.
pub(crate) struct Rpm;

/// One `rpmvercmp` token, in order of precedence when two tokens of different kinds meet.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Token {
    /// `~`: before everything, even the end.
    Tilde,
    /// The end of the string.
    End,
    /// `^`: after the end, before any run.
    Caret,
    /// ASCII letters.
    Alpha(Box<str>),
    /// ASCII digits.
    Num(Num),
}

/// epoch, version, release.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct RpmKey {
    epoch: Num,
    version: Vec<Token>,
    release: Option<Vec<Token>>,
}

impl VersionOrder for Rpm {
    type Key = RpmKey;

    fn parse(text: &str) -> Result<Self::Key, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty version".to_owned());
        }
        if text.chars().any(char::is_whitespace) {
            return Err("whitespace inside the version".to_owned());
        }
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let (epoch, rest) = match text.get(digits..).and_then(|r| r.strip_prefix(':')) {
            Some(rest) if digits > 0 => (Num::new(text.get(..digits).unwrap_or_default()), rest),
            _ => (Num::default(), text),
        };
        let (version, release) = match rest.rsplit_once('-') {
            Some((version, release)) => (version, Some(release)),
            None => (rest, None),
        };
        Ok(RpmKey {
            epoch,
            version: tokens(version),
            release: release.map(tokens),
        })
    }
}

/// The `rpmvercmp` tokens of `text`, ending with [`Token::End`].
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
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
        if b == b'~' {
            out.push(Token::Tilde);
            index += 1;
        } else if b == b'^' {
            out.push(Token::Caret);
            index += 1;
        } else if b.is_ascii_digit() {
            let len = run(u8::is_ascii_digit);
            out.push(Token::Num(Num::new(
                text.get(index..index + len).unwrap_or_default(),
            )));
            index += len;
        } else if b.is_ascii_alphabetic() {
            let len = run(u8::is_ascii_alphabetic);
            out.push(Token::Alpha(
                text.get(index..index + len).unwrap_or_default().into(),
            ));
            index += len;
        } else {
            index += 1;
        }
    }
    out.push(Token::End);
    out
}

#[cfg(test)]
mod tests {
    use super::{Rpm, VersionOrder};
    use std::cmp::Ordering;

    fn cmp(a: &str, b: &str) -> Ordering {
        Rpm::parse(a).unwrap().cmp(&Rpm::parse(b).unwrap())
    }

    #[test]
    fn rpmvercmp_rules() {
        assert_eq!(cmp("1.0", "0:1.0"), Ordering::Equal);
        assert_eq!(cmp("1.0", "1:0.1"), Ordering::Less);
        assert_eq!(cmp("1.0~rc1", "1.0"), Ordering::Less);
        assert_eq!(cmp("1.0^git1", "1.0"), Ordering::Greater);
        assert_eq!(cmp("1.0^git1", "1.0.1"), Ordering::Less);
        assert_eq!(cmp("2.0.1a", "2.0.1"), Ordering::Greater);
        assert_eq!(cmp("xyz.4", "8"), Ordering::Less);
        assert_eq!(cmp("1-123", "1-2"), Ordering::Greater);
        assert_eq!(cmp("1", "1-0"), Ordering::Less);
        assert_eq!(cmp("10.0001", "10.1"), Ordering::Equal);
        assert!(Rpm::parse(" ").is_err());
    }
}
