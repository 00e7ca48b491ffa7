//! Debian and Ubuntu: `dpkg --compare-versions`.
//!
//! `[epoch:]upstream[-revision]`: the epoch is a number (missing: 0), the revision is what
//! follows the last `-` (missing: empty, which equals `0`). Upstream and revision compare with
//! dpkg's `verrevcmp`: alternating non-digit and digit runs; non-digit runs character by
//! character with `~` before the end of the run, the end before letters, letters before every
//! other character; digit runs numerically (`1.2.3-1~deb7u1` < `1.2.3-1`, `2:9.0.0` > `8.3.2`).
//! Allowed characters are those dpkg allows: ASCII letters, digits and `.+~-:`.

use std::cmp::Ordering;

use super::VersionOrder;
use super::num::Num;

/// dpkg.
pub(crate) struct Dpkg;

/// A non-digit run as dpkg character weights (`~` = -1, letters = their code, others = code +
/// 256); shorter runs are padded with 0 (the weight of "end of run").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct Run(Vec<i16>);

impl PartialOrd for Run {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Run {
    fn cmp(&self, other: &Self) -> Ordering {
        let len = self.0.len().max(other.0.len());
        (0..len)
            .map(|i| {
                let a = self.0.get(i).copied().unwrap_or(0);
                let b = other.0.get(i).copied().unwrap_or(0);
                a.cmp(&b)
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

/// An upstream version or revision as `verrevcmp` sees it: (non-digit run, number) pairs,
/// without trailing `("", 0)` pairs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Part(Vec<(Run, Num)>);

impl PartialOrd for Part {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Part {
    fn cmp(&self, other: &Self) -> Ordering {
        let empty = (Run::default(), Num::default());
        let len = self.0.len().max(other.0.len());
        (0..len)
            .map(|i| {
                let a = self.0.get(i).unwrap_or(&empty);
                let b = other.0.get(i).unwrap_or(&empty);
                a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1))
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

/// epoch, upstream, revision.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct DpkgKey {
    epoch: Num,
    upstream: Part,
    revision: Part,
}

impl VersionOrder for Dpkg {
    type Key = DpkgKey;

    fn parse(text: &str) -> Result<Self::Key, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty version".to_owned());
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '~' | '-' | ':')))
        {
            return Err(format!("invalid character {bad:?}"));
        }
        let (epoch, rest) = match text.split_once(':') {
            Some((epoch, rest)) => {
                if epoch.is_empty() || !epoch.bytes().all(|b| b.is_ascii_digit()) {
                    return Err("the epoch is not a number".to_owned());
                }
                (Num::new(epoch), rest)
            }
            None => (Num::default(), text),
        };
        let (upstream, revision) = match rest.rsplit_once('-') {
            Some((upstream, revision)) => {
                if revision.is_empty() {
                    return Err("empty revision after \"-\"".to_owned());
                }
                (upstream, revision)
            }
            None => (rest, ""),
        };
        if upstream.is_empty() {
            return Err("empty upstream version".to_owned());
        }
        Ok(DpkgKey {
            epoch,
            upstream: part(upstream),
            revision: part(revision),
        })
    }
}

fn weight(c: u8) -> i16 {
    match c {
        b'~' => -1,
        c if c.is_ascii_alphabetic() => i16::from(c),
        c => i16::from(c) + 256,
    }
}

fn part(text: &str) -> Part {
    let bytes = text.as_bytes();
    let mut pairs = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let run: Vec<i16> = bytes
            .get(index..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| !b.is_ascii_digit())
            .map(|&b| weight(b))
            .collect();
        index += run.len();
        let digits = bytes
            .get(index..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let number = Num::new(text.get(index..index + digits).unwrap_or_default());
        index += digits;
        pairs.push((Run(run), number));
    }
    while pairs
        .last()
        .is_some_and(|(run, number)| run.0.is_empty() && number.is_zero())
    {
        pairs.pop();
    }
    Part(pairs)
}

#[cfg(test)]
mod tests {
    use super::{Dpkg, VersionOrder};
    use std::cmp::Ordering;

    fn cmp(a: &str, b: &str) -> Ordering {
        Dpkg::parse(a).unwrap().cmp(&Dpkg::parse(b).unwrap())
    }

    #[test]
    fn dpkg_rules() {
        assert_eq!(cmp("2:9.0.0", "8.3.2"), Ordering::Greater);
        assert_eq!(cmp("1.0~rc1", "1.0"), Ordering::Less);
        assert_eq!(cmp("1.0", "1.0-0"), Ordering::Equal);
        assert_eq!(cmp("1.0a", "1.0+"), Ordering::Less);
        assert_eq!(cmp("1.2.3-1~deb7u1", "1.2.3-1"), Ordering::Less);
        assert_eq!(cmp("1.01", "1.1"), Ordering::Equal);
        assert!(Dpkg::parse("a:1").is_err());
        assert!(Dpkg::parse("1.0 1").is_err());
        assert!(Dpkg::parse("").is_err());
    }
}
