//! SemVer 2.0 precedence (npm, crates.io, Hex, Pub, …), Go module versions and NuGet versions.
//!
//! All three share one key: the numeric release components and the pre-release identifiers;
//! build metadata (`+…`) never takes part in ordering or equality.
//!
//! SemVer is parsed leniently, as advisories need (and as OSV's own comparator does): a
//! leading `v`/`V`, one to three release components (missing ones are 0: `1.2` == `1.2.0`),
//! leading zeros compared numerically (`01.2.3` == `1.2.3`), and release components after the
//! third treated as build metadata (`1.1.3.4` == `1.1.3`). Pre-release identifiers follow
//! SemVer: numeric ones numerically and below alphanumeric ones, which compare in ASCII order.
//!
//! Go: the same with at most three components; pseudo-versions
//! (`v0.0.0-20191109021931-daa7c04131f5`) are pre-releases and order by their timestamp,
//! `+incompatible` is build metadata.
//!
//! NuGet: up to four release components (`1.0` == `1.0.0.0`), pre-release identifiers compared
//! case-insensitively.
//!
//! Not the `semver` crate: it is strict SemVer and rejects `1.2`, `v1.2.3`, leading zeros and
//! four-part versions, all of which occur in advisories (OSV's own comparator accepts them).

use super::VersionOrder;
use super::num::Num;

/// A pre-release identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Ident {
    /// All digits: compared numerically, below alphanumeric identifiers.
    Num(Num),
    /// Anything else: compared in ASCII order.
    Alpha(Box<str>),
}

/// The pre-release part; a release sorts after every pre-release of the same core.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Pre {
    /// A pre-release with its identifiers.
    Pre(Vec<Ident>),
    /// No pre-release.
    Release,
}

/// The ordering key shared by SemVer, Go and NuGet.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct SemverKey {
    core: [Num; 4],
    pre: Pre,
}

/// The rules that differ between the three schemes.
struct Rules {
    /// The most release components accepted.
    max_components: usize,
    /// Whether components after the third are build metadata instead of an error.
    extra_components_are_build: bool,
    /// Whether pre-release identifiers compare case-insensitively.
    case_insensitive: bool,
    /// Whether a leading `v` is accepted.
    v_prefix: bool,
}

/// SemVer 2.0 (lenient, see the module docs).
pub(crate) struct Semver;
/// Go module versions.
pub(crate) struct Go;
/// NuGet versions.
pub(crate) struct NuGet;

impl VersionOrder for Semver {
    type Key = SemverKey;

    fn parse(text: &str) -> Result<Self::Key, String> {
        parse(
            text,
            &Rules {
                max_components: 3,
                extra_components_are_build: true,
                case_insensitive: false,
                v_prefix: true,
            },
        )
    }
}

impl VersionOrder for Go {
    type Key = SemverKey;

    fn parse(text: &str) -> Result<Self::Key, String> {
        parse(
            text,
            &Rules {
                max_components: 3,
                extra_components_are_build: false,
                case_insensitive: false,
                v_prefix: true,
            },
        )
    }
}

impl VersionOrder for NuGet {
    type Key = SemverKey;

    fn parse(text: &str) -> Result<Self::Key, String> {
        parse(
            text,
            &Rules {
                max_components: 4,
                extra_components_are_build: false,
                case_insensitive: true,
                v_prefix: false,
            },
        )
    }
}

fn parse(text: &str, rules: &Rules) -> Result<SemverKey, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty version".to_owned());
    }
    let body = if rules.v_prefix {
        text.strip_prefix(['v', 'V']).unwrap_or(text)
    } else {
        text
    };
    let (before_build, build) = match body.split_once('+') {
        Some((before, build)) => (before, Some(build)),
        None => (body, None),
    };
    if let Some(build) = build {
        check_identifiers(build, "build metadata")?;
    }
    let (core_text, pre_text) = match before_build.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (before_build, None),
    };
    let mut core: [Num; 4] = Default::default();
    for (count, part) in core_text.split('.').enumerate() {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "release component {:?} is not a number",
                shorten(part)
            ));
        }
        if count < rules.max_components {
            if let Some(slot) = core.get_mut(count) {
                *slot = Num::new(part);
            }
        } else if !rules.extra_components_are_build {
            return Err(format!(
                "more than {} release components",
                rules.max_components
            ));
        }
    }
    let pre = match pre_text {
        None => Pre::Release,
        Some(pre_text) => {
            check_identifiers(pre_text, "pre-release")?;
            Pre::Pre(
                pre_text
                    .split('.')
                    .map(|ident| {
                        if ident.bytes().all(|b| b.is_ascii_digit()) {
                            Ident::Num(Num::new(ident))
                        } else if rules.case_insensitive {
                            Ident::Alpha(ident.to_ascii_lowercase().into())
                        } else {
                            Ident::Alpha(ident.into())
                        }
                    })
                    .collect(),
            )
        }
    };
    Ok(SemverKey { core, pre })
}

/// Checks dot-separated identifiers: non-empty, ASCII alphanumerics and hyphens.
fn check_identifiers(text: &str, what: &str) -> Result<(), String> {
    for ident in text.split('.') {
        if ident.is_empty() {
            return Err(format!("empty {what} identifier"));
        }
        if let Some(bad) = ident
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(format!("invalid character {bad:?} in {what}"));
        }
    }
    Ok(())
}

/// A part of the input, shortened for an error message.
fn shorten(part: &str) -> String {
    part.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::{Go, NuGet, Semver, VersionOrder};
    use std::cmp::Ordering;

    fn cmp<T: VersionOrder>(a: &str, b: &str) -> Ordering {
        T::parse(a).unwrap().cmp(&T::parse(b).unwrap())
    }

    #[test]
    fn semver_precedence() {
        assert_eq!(
            cmp::<Semver>("1.0.0-alpha", "1.0.0-alpha.1"),
            Ordering::Less
        );
        assert_eq!(cmp::<Semver>("1.0.0-beta.11", "1.0.0-rc.1"), Ordering::Less);
        assert_eq!(cmp::<Semver>("1.0.0-rc.1", "1.0.0"), Ordering::Less);
        assert_eq!(cmp::<Semver>("1.0.0+a", "1.0.0+b"), Ordering::Equal);
        assert_eq!(cmp::<Semver>("v1.2", "1.2.0"), Ordering::Equal);
        assert_eq!(cmp::<Semver>("01.2.3", "1.2.3"), Ordering::Equal);
        assert!(Semver::parse("").is_err());
        assert!(Semver::parse("1.x").is_err());
        assert!(Semver::parse("1.2.3-").is_err());
        assert!(Semver::parse("1..2").is_err());
    }

    #[test]
    fn go_pseudo_versions_are_pre_releases() {
        assert_eq!(
            cmp::<Go>("v0.0.0-20191109021931-daa7c04131f5", "v0.0.1"),
            Ordering::Less
        );
        assert_eq!(
            cmp::<Go>(
                "v1.2.4-0.20191109021931-daa7c04131f5",
                "v1.2.4-0.20200101000000-aaaaaaaaaaaa"
            ),
            Ordering::Less
        );
        assert_eq!(
            cmp::<Go>("v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5"),
            Ordering::Less
        );
        assert_eq!(cmp::<Go>("v2.0.0+incompatible", "v2.0.0"), Ordering::Equal);
        assert!(Go::parse("v1.2.3.4").is_err());
    }

    #[test]
    fn nuget_four_parts_and_case() {
        assert_eq!(cmp::<NuGet>("1.0", "1.0.0.0"), Ordering::Equal);
        assert_eq!(cmp::<NuGet>("1.0.0-BETA", "1.0.0-beta"), Ordering::Equal);
        assert_eq!(cmp::<NuGet>("1.0.0", "1.0.0.1"), Ordering::Less);
        assert!(NuGet::parse("1.0.0.0.0").is_err());
    }
}
