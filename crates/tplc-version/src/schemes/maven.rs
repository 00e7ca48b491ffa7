//! Maven, as `org.apache.maven.artifact.versioning.ComparableVersion` (Maven 3.x) orders
//! versions.
//!
//! The version is lowercased and split into items at `.`, at `-` and at every transition
//! between digits and letters; `-` and a transition open a nested list. Empty items are `0`.
//! Each list is normalised by dropping trailing "null" items (`0`, `""`, `ga`, `final`,
//! `release`, empty lists) before its trailing sub-lists. Items compare as:
//!
//! - numbers numerically, and above qualifiers and lists;
//! - qualifiers: `alpha` < `beta` < `milestone` < `rc` = `cr` < `snapshot` < `""` = `ga` =
//!   `final` = `release` < `sp` < any other qualifier (those lexically); `a`, `b` and `m`
//!   directly followed by a digit mean `alpha`, `beta` and `milestone`;
//! - lists above qualifiers and below numbers; lists compare item by item, a missing item
//!   comparing as "null" (`1` == `1.0` == `1-0` == `1.ga`, `1-snapshot` < `1` < `1-sp`).

use std::cmp::Ordering;

use super::VersionOrder;
use super::num::Num;

/// Maven.
pub(crate) struct Maven;

/// The known qualifiers, in order; `Release` is the empty qualifier.
const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
/// The rank of the empty ("release") qualifier.
const RELEASE_RANK: usize = 5;

/// One item of a Maven version as parsed, before normalisation.
#[derive(Debug, Clone)]
enum Raw {
    /// A number.
    Int(Num),
    /// A qualifier.
    Str(Qualifier),
    /// A nested list (after `-` or a digit/letter transition).
    List(Vec<Self>),
}

impl Raw {
    fn is_null(&self) -> bool {
        match self {
            Self::Int(n) => n.is_zero(),
            Self::Str(q) => *q == Qualifier::Known(RELEASE_RANK),
            Self::List(items) => items.is_empty(),
        }
    }
}

/// A qualifier's comparable form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Qualifier {
    /// A known qualifier, by rank in [`QUALIFIERS`].
    Known(usize),
    /// Any other qualifier, compared lexically after the known ones.
    Other(Box<str>),
}

impl Qualifier {
    fn new(text: &str, followed_by_digit: bool) -> Self {
        let text = match (text, followed_by_digit) {
            ("a", true) => "alpha",
            ("b", true) => "beta",
            ("m", true) => "milestone",
            ("ga" | "final" | "release", _) => "",
            ("cr", _) => "rc",
            (other, _) => other,
        };
        match QUALIFIERS.iter().position(|q| *q == text) {
            Some(rank) => Self::Known(rank),
            None => Self::Other(text.into()),
        }
    }
}

/// One item of a normalised Maven version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Item {
    /// A number (a 0 is always followed, in its list, by a non-zero number).
    Int(Num),
    /// A qualifier.
    Str(Qualifier),
    /// A non-empty nested list.
    List(Vec<Self>),
}

impl Item {
    fn from_raw(raw: Raw) -> Self {
        match raw {
            Raw::Int(n) => Self::Int(n),
            Raw::Str(q) => Self::Str(q),
            Raw::List(items) => Self::List(items.into_iter().map(Self::from_raw).collect()),
        }
    }

    /// The item's rank class: qualifiers below the release qualifier (0), lists that compare
    /// below null (1), null and the release qualifier (2), other qualifiers (3), lists above
    /// null (4), numbers (5).
    fn class(&self) -> u8 {
        match self {
            Self::Int(_) => 5,
            Self::Str(q) => match q.cmp(&Qualifier::Known(RELEASE_RANK)) {
                Ordering::Less => 0,
                Ordering::Equal => 2,
                Ordering::Greater => 3,
            },
            Self::List(items) => match items.iter().map(Self::class).find(|c| *c != 2) {
                Some(c) if c < 2 => 1,
                Some(_) => 4,
                None => 2,
            },
        }
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Item {
    /// `ComparableVersion`'s item order, made total: numbers above lists above qualifiers,
    /// except that an item below null always sorts below one above null. Maven 3.8 breaks
    /// that (its `1.0.0.beta1` < `1.0.0` < `1.0.0-1` < `1.0.0.beta1` is a cycle), Maven 3.9
    /// mostly not.
    fn cmp(&self, other: &Self) -> Ordering {
        self.class()
            .cmp(&other.class())
            .then_with(|| match (self, other) {
                (Self::Int(a), Self::Int(b)) => a.cmp(b),
                (Self::Str(a), Self::Str(b)) => a.cmp(b),
                (Self::List(a), Self::List(b)) => cmp_lists(a, b),
                _ => Ordering::Equal,
            })
    }
}

/// Compares two item lists, a missing item comparing as null.
pub(crate) fn cmp_lists(a: &[Item], b: &[Item]) -> Ordering {
    let len = a.len().max(b.len());
    (0..len)
        .map(|index| match (a.get(index), b.get(index)) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(x), None) => x.class().cmp(&2),
            (None, Some(y)) => 2.cmp(&y.class()),
            (None, None) => Ordering::Equal,
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// The key: the top-level list, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct MavenKey(Vec<Item>);

impl PartialOrd for MavenKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MavenKey {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_lists(&self.0, &other.0)
    }
}

impl VersionOrder for Maven {
    type Key = MavenKey;

    fn parse(text: &str) -> Result<Self::Key, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty version".to_owned());
        }
        if text.chars().any(char::is_whitespace) {
            return Err("whitespace inside the version".to_owned());
        }
        let items = parse_items(&text.to_lowercase());
        Ok(MavenKey(items.into_iter().map(Item::from_raw).collect()))
    }
}

/// `ComparableVersion.parseVersion`, building the nested lists.
fn parse_items(version: &str) -> Vec<Raw> {
    // The stack of open lists; each finished list is normalised and added to its parent.
    let mut stack: Vec<Vec<Raw>> = vec![Vec::new()];
    let chars: Vec<char> = version.chars().collect();
    let mut is_digit = false;
    let mut start = 0;
    let push = |stack: &mut Vec<Vec<Raw>>, item: Raw| {
        if let Some(list) = stack.last_mut() {
            list.push(item);
        }
    };
    let text = |from: usize, to: usize| -> String {
        chars.get(from..to).unwrap_or_default().iter().collect()
    };
    for (i, &c) in chars.iter().enumerate() {
        if c == '.' || c == '-' {
            if i == start {
                push(&mut stack, Raw::Int(Num::default()));
            } else {
                push(&mut stack, parse_item(is_digit, &text(start, i), false));
            }
            start = i + 1;
            if c == '-' {
                stack.push(Vec::new());
            }
        } else if c.is_ascii_digit() {
            if !is_digit && i > start {
                // Maven 3.9: a qualifier with a number in a non-empty list opens a sub-list
                // (`1.0.0.RC1` reads as `1.0.0-RC1`).
                if stack.last().is_some_and(|list| !list.is_empty()) {
                    stack.push(Vec::new());
                }
                push(&mut stack, parse_item(false, &text(start, i), true));
                start = i;
                stack.push(Vec::new());
            }
            is_digit = true;
        } else {
            if is_digit && i > start {
                push(&mut stack, parse_item(true, &text(start, i), false));
                start = i;
                stack.push(Vec::new());
            }
            is_digit = false;
        }
    }
    if chars.len() > start {
        // Maven 3.9: a trailing qualifier in a non-empty list opens a sub-list (`.X` as `-X`).
        if !is_digit && stack.last().is_some_and(|list| !list.is_empty()) {
            stack.push(Vec::new());
        }
        push(
            &mut stack,
            parse_item(is_digit, &text(start, chars.len()), false),
        );
    }
    while stack.len() > 1 {
        let mut list = stack.pop().unwrap_or_default();
        normalize(&mut list);
        push(&mut stack, Raw::List(list));
    }
    let mut top = stack.pop().unwrap_or_default();
    normalize(&mut top);
    top
}

fn parse_item(is_digit: bool, text: &str, followed_by_digit: bool) -> Raw {
    if is_digit {
        Raw::Int(Num::new(text))
    } else {
        Raw::Str(Qualifier::new(text, followed_by_digit))
    }
}

/// `ListItem.normalize` (Maven 3.8): walking back from the end, drops null items (`0`, the
/// release qualifier, empty lists), stepping over trailing sub-lists. Then, as Maven 3.9
/// does in effect, drops every `0` not followed in its list by a non-zero number
/// (`1.0.0.beta1` reads as `1.beta1`), which keeps the order transitive.
fn normalize(list: &mut Vec<Raw>) {
    let mut index = list.len();
    while index > 0 {
        index -= 1;
        let Some(item) = list.get(index) else { break };
        if item.is_null() {
            list.remove(index);
        } else if !matches!(item, Raw::List(_)) {
            break;
        }
    }
    let mut index = list.len();
    let mut nonzero_number_follows = false;
    while index > 0 {
        index -= 1;
        match list.get(index) {
            Some(Raw::Int(n)) if n.is_zero() => {
                if !nonzero_number_follows {
                    list.remove(index);
                }
            }
            Some(Raw::Int(_)) => nonzero_number_follows = true,
            _ => nonzero_number_follows = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Maven, VersionOrder};
    use std::cmp::Ordering;

    fn cmp(a: &str, b: &str) -> Ordering {
        Maven::parse(a).unwrap().cmp(&Maven::parse(b).unwrap())
    }

    #[test]
    fn spec_examples() {
        assert_eq!(cmp("1", "1.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.ga", "1-0"), Ordering::Equal);
        assert_eq!(cmp("1-snapshot", "1"), Ordering::Less);
        assert_eq!(cmp("1", "1-sp"), Ordering::Less);
        assert_eq!(cmp("1-alpha-1", "1-beta-1"), Ordering::Less);
        assert_eq!(cmp("1cr", "1rc"), Ordering::Equal);
        assert_eq!(cmp("1-a1", "1-alpha-1"), Ordering::Equal);
        assert_eq!(cmp("1.foo", "1-foo"), Ordering::Equal);
        assert_eq!(cmp("1-foo", "1-1"), Ordering::Less);
        // Maven 3.8 is not transitive here; this order is (as Maven 3.9).
        assert_eq!(cmp("1.0.0.beta1", "1.0.0"), Ordering::Less);
        assert_eq!(cmp("1.0.0", "1.0.0-1"), Ordering::Less);
        assert_eq!(cmp("1.0.0.beta1", "1.0.0-1"), Ordering::Less);
        assert_eq!(cmp("2.9.0.RC1", "2.9.0-1"), Ordering::Less);
        assert_eq!(cmp("7.0.0pre3", "7.0.0.pre4"), Ordering::Less);
        assert_eq!(cmp("1-1", "1.1"), Ordering::Less);
        assert_eq!(Maven::parse("1.0").unwrap(), Maven::parse("1").unwrap());
    }
}
