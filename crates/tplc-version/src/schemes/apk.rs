//! Alpine apk (Alpine, Wolfi, Chainguard, …), as apk-tools 2.x (the `apk` of Alpine 3.x)
//! orders versions in `apk_version_compare`: `digit{.digit}...{letter}{_suffix{#}}...{-r#}`.
//!
//! - Release components compare numerically; a component after a `.` that starts with zeros
//!   compares by its count of leading zeros first, below any component without (`1.02` <
//!   `1.1`, `1.0` > `1`, Gentoo style), then its remaining digits.
//! - A lowercase letter after a component (`1.2a` > `1.2`, `5.7.1p1` < `5.7.1p2`).
//! - Suffixes: `_alpha` < `_beta` < `_pre` < `_rc` < (none) < `_cvs` < `_svn` < `_git` <
//!   `_hg` < `_p`, each with an optional number.
//! - `-rN`: the package revision, compared numerically (`1.36.1-r18` > `1.36.1-r2`, `1-r` ==
//!   `1-r0`).
//!
//! When one version has more tokens, it is newer unless its next token is a pre-release
//! suffix. apk accepts invalid versions and compares them up to where they stop being valid:
//! that point sorts above every valid token, and two versions that become invalid at the same
//! place are equal (whatever follows). This crate does the same, so any non-empty string
//! without whitespace parses.

use super::VersionOrder;
use super::num::Num;

/// Alpine apk.
pub(crate) struct Apk;

/// The value of a component read after a `.`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum DotValue {
    /// Leading zeros: apk's value is minus their count (more zeros sort first).
    Zeros(std::cmp::Reverse<usize>),
    /// A number without leading zeros (0 when the component is empty).
    Num(Num),
}

/// One apk token. Tokens of the same type compare by value; tokens of different types order
/// as the variants do (apk: the version whose next token has the lower type number is newer,
/// unless that token is a pre-release suffix, which is older than anything).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Token {
    /// `_alpha`, `_beta`, `_pre`, `_rc` (apk values -4 to -1), or an unknown suffix (-1,
    /// followed by [`Token::Invalid`]).
    PreSuffix(i8),
    /// The end of the version.
    End,
    /// `-rN`.
    Revision(Num),
    /// The number after a suffix.
    SuffixNumber(Num),
    /// `_cvs`, `_svn`, `_git`, `_hg`, `_p` (0 to 4).
    PostSuffix(i8),
    /// A lowercase letter.
    Letter(u8),
    /// A number not after a `.`: the first component, or digits after a letter or after
    /// leading zeros.
    Digit(Num),
    /// A component after a `.`.
    Dot(DotValue),
    /// Where the version stops being valid; nothing after it counts.
    Invalid,
}

/// apk's token types, in its numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Invalid,
    DigitOrZero,
    Digit,
    Letter,
    Suffix,
    SuffixNo,
    Revision,
    End,
}

impl VersionOrder for Apk {
    type Key = Vec<Token>;

    fn parse(text: &str) -> Result<Self::Key, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("empty version".to_owned());
        }
        if trimmed.chars().any(char::is_whitespace) {
            return Err("whitespace inside the version".to_owned());
        }
        Ok(tokens(trimmed.as_bytes()))
    }
}

/// apk's `next_token`: the type of the next token, consuming its separator.
fn next_kind(kind: Kind, rest: &mut &[u8]) -> Kind {
    let Some(&c) = rest.first() else {
        return Kind::End;
    };
    let next = if matches!(kind, Kind::Digit | Kind::DigitOrZero) && c.is_ascii_lowercase() {
        Kind::Letter
    } else if kind == Kind::Letter && c.is_ascii_digit() {
        Kind::Digit
    } else if kind == Kind::Suffix && c.is_ascii_digit() {
        Kind::SuffixNo
    } else {
        let next = match c {
            b'.' => Kind::DigitOrZero,
            b'_' => Kind::Suffix,
            b'-' if rest.get(1) == Some(&b'r') => {
                *rest = rest.get(1..).unwrap_or_default();
                Kind::Revision
            }
            _ => Kind::Invalid,
        };
        *rest = rest.get(1..).unwrap_or_default();
        next
    };
    let backwards_ok = matches!(
        (next, kind),
        (Kind::DigitOrZero, Kind::Digit)
            | (Kind::Suffix, Kind::SuffixNo)
            | (Kind::Digit, Kind::Letter)
    );
    if next < kind && !backwards_ok && next != Kind::Invalid {
        Kind::Invalid
    } else {
        next
    }
}

/// Takes the leading digits of `rest`.
fn take_digits<'a>(rest: &mut &'a [u8]) -> &'a [u8] {
    let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (digits, tail) = rest.split_at(len.min(rest.len()));
    *rest = tail;
    digits
}

fn num(digits: &[u8]) -> Num {
    Num::new(std::str::from_utf8(digits).unwrap_or_default())
}

/// The tokens apk reads from `text` (apk's `get_token` loop), ending with `End` or `Invalid`.
fn tokens(text: &[u8]) -> Vec<Token> {
    const PRE: [&str; 4] = ["alpha", "beta", "pre", "rc"];
    const POST: [&str; 5] = ["cvs", "svn", "git", "hg", "p"];
    let mut out = Vec::new();
    let mut rest = text;
    let mut kind = Kind::Digit;
    loop {
        if rest.is_empty() {
            // apk's get_token on an empty rest yields 0 for the pending type, then the end
            // (`1-r` == `1-r0`, `1.` reads a 0 component).
            out.push(match kind {
                Kind::DigitOrZero => Token::Dot(DotValue::Num(Num::default())),
                Kind::Revision => Token::Revision(Num::default()),
                Kind::SuffixNo => Token::SuffixNumber(Num::default()),
                Kind::Suffix => Token::PostSuffix(0),
                Kind::Letter => Token::Letter(0),
                Kind::Digit | Kind::Invalid | Kind::End => Token::Digit(Num::default()),
            });
            out.push(Token::End);
            return out;
        }
        let mut forced_next = None;
        let token = match kind {
            Kind::DigitOrZero if rest.first() == Some(&b'0') => {
                let zeros = rest.iter().take_while(|b| **b == b'0').count();
                rest = rest.get(zeros..).unwrap_or_default();
                forced_next = Some(Kind::Digit);
                Token::Dot(DotValue::Zeros(std::cmp::Reverse(zeros)))
            }
            Kind::DigitOrZero => Token::Dot(DotValue::Num(num(take_digits(&mut rest)))),
            Kind::Digit => Token::Digit(num(take_digits(&mut rest))),
            Kind::SuffixNo => Token::SuffixNumber(num(take_digits(&mut rest))),
            Kind::Revision => Token::Revision(num(take_digits(&mut rest))),
            Kind::Letter => {
                let letter = rest.first().copied().unwrap_or_default();
                rest = rest.get(1..).unwrap_or_default();
                Token::Letter(letter)
            }
            Kind::Suffix => {
                let found = |names: &[&str]| {
                    names
                        .iter()
                        .position(|name| rest.starts_with(name.as_bytes()))
                        .map(|index| (index, names.get(index).map_or(0, |n| n.len())))
                };
                if let Some((index, len)) = found(&PRE) {
                    rest = rest.get(len..).unwrap_or_default();
                    Token::PreSuffix(i8::try_from(index).unwrap_or(0) - 4)
                } else if let Some((index, len)) = found(&POST) {
                    rest = rest.get(len..).unwrap_or_default();
                    Token::PostSuffix(i8::try_from(index).unwrap_or(0))
                } else {
                    out.push(Token::PreSuffix(-1));
                    out.push(Token::Invalid);
                    return out;
                }
            }
            Kind::Invalid | Kind::End => {
                out.push(Token::Invalid);
                return out;
            }
        };
        out.push(token);
        kind = if rest.is_empty() {
            out.push(Token::End);
            return out;
        } else if let Some(next) = forced_next {
            next
        } else {
            next_kind(kind, &mut rest)
        };
        if kind == Kind::Invalid {
            out.push(Token::Invalid);
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Apk, VersionOrder};
    use std::cmp::Ordering;

    fn cmp(a: &str, b: &str) -> Ordering {
        Apk::parse(a).unwrap().cmp(&Apk::parse(b).unwrap())
    }

    #[test]
    fn apk_rules() {
        assert_eq!(cmp("1.36.1-r18", "1.36.1-r2"), Ordering::Greater);
        assert_eq!(cmp("1.1_rc1", "1.1"), Ordering::Less);
        // apk 2.x reads the digits after a leading-zero component as a separate token, so
        // here the suffix does not make a pre-release.
        assert_eq!(cmp("1.0_rc1", "1.0"), Ordering::Greater);
        assert_eq!(cmp("1.0_p1", "1.0"), Ordering::Greater);
        assert_eq!(cmp("1.0a", "1.0"), Ordering::Greater);
        assert_eq!(cmp("1.02", "1.1"), Ordering::Less);
        assert_eq!(cmp("1.0", "1"), Ordering::Greater);
        assert_eq!(cmp("1-r1", "1-r01"), Ordering::Equal);
        assert_eq!(cmp("1-r", "1-r0"), Ordering::Equal);
        assert_eq!(cmp("5.7.1p1-r0", "5.7.1p1-r1"), Ordering::Less);
        assert_eq!(cmp(".2", ".1"), Ordering::Greater);
        assert!(Apk::parse("").is_err());
    }
}
