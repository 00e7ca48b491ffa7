//! Package versions: parse and totally order them per ecosystem, and evaluate version ranges
//! (OSV `SEMVER`/`ECOSYSTEM` ranges and `vers:` ranges). No I/O.
//!
//! ```
//! use std::cmp::Ordering;
//! use tplc_version::{EventKind, EventRange, Scheme};
//!
//! let debian = Scheme::from_osv_ecosystem("Debian:12").unwrap();
//! assert_eq!(debian.compare("2:9.0.0", "8.3.2")?, Ordering::Greater);
//!
//! let range = EventRange::new(
//!     Scheme::Apk,
//!     [(EventKind::Introduced, "0"), (EventKind::Fixed, "1.36.1-r18")],
//! )?;
//! assert!(range.contains(&Scheme::Apk.parse("1.36.1-r2")?));
//! # Ok::<(), tplc_version::VersionError>(())
//! ```
//!
//! # Schemes
//!
//! A [`Version`] is parsed under a [`Scheme`] and keeps its text ([`Version::as_str`]); its
//! [`Ord`], [`Eq`] and [`Hash`] follow the scheme's ordering (Maven `1.0` == `1`), and are
//! a total order on every input the scheme accepts, so versions can be sorted and used as map
//! keys. Surrounding whitespace is ignored; empty strings are errors in every scheme.
//!
//! | scheme | OSV ecosystems | purl types | rules |
//! | --- | --- | --- | --- |
//! | [`Scheme::Semver`] | npm, crates.io, Hex, Pub, Bitnami, Julia, SwiftURL, GitHub Actions | npm, cargo, hex, pub, swift, bitnami, julia, githubactions | SemVer 2.0 precedence, build metadata ignored; lenient: `v` prefix, 1–3 components (`1.2` == `1.2.0`), leading zeros, components past the third are build metadata |
//! | [`Scheme::Go`] | Go | golang | SemVer with optional `v`, at most 3 components, pseudo-versions as pre-releases, `+incompatible` ignored |
//! | [`Scheme::Pep440`] | PyPI | pypi | PEP 440 as `packaging` (epochs, pre/post/dev, local, normalisation); other strings as `packaging`'s `LegacyVersion`, before every PEP 440 version |
//! | [`Scheme::Maven`] | Maven | maven | `ComparableVersion`: qualifiers alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp < others (lexical), padding with nulls, `.`/`-`/transitions; made transitive as Maven 3.9 does (`1.0.0.RC1` reads as `1.0.0-RC1`) |
//! | [`Scheme::RubyGems`] | RubyGems | gem | `Gem::Version`: segments, a letter makes a pre-release, `-` reads as `.pre.` |
//! | [`Scheme::NuGet`] | NuGet | nuget | SemVer 2 plus four-part versions (`1.0` == `1.0.0.0`), case-insensitive pre-release, metadata ignored |
//! | [`Scheme::Composer`] | Packagist | composer | PHP `version_compare` after stripping `v`: dev < alpha = a < beta = b < RC = rc < (number) < pl = p |
//! | [`Scheme::Dpkg`] | Debian, Ubuntu | deb | `dpkg`: epoch, upstream, revision; `~` before everything, letters before other characters |
//! | [`Scheme::Rpm`] | Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE, Mageia, openEuler, Azure Linux, Photon OS | rpm | `rpmvercmp` with `~` and `^`; epoch:version-release, **a missing epoch is 0** (as rpm and OSV), a missing release sorts before any release |
//! | [`Scheme::Apk`] | Alpine, Wolfi, Chainguard, Alpaquita, BellSoft Hardened Containers, MinimOS, CleanStart | apk, alpine | apk-tools 2.x: `_alpha` < `_beta` < `_pre` < `_rc` < none < `_cvs` < `_svn` < `_git` < `_hg` < `_p`, a letter, `-rN` numeric (`-r18` > `-r2`) |
//! | [`Scheme::Generic`] | Android, Bioconductor, ConanCenter, CRAN, Docker Hardened Images, Echo, FreeBSD, GHC, Hackage, Kubernetes, Linux, opam, OSS-Fuzz, TuxCare, VSCode | conan, github, generic, cran, hackage, opam, docker, oci, cocoapods, conda, cpan, … | see below |
//!
//! `Root:<variant>` ecosystems take the scheme of their variant (`Root:Alpine:3.18` is apk,
//! `Root:PyPI` is PEP 440). [`Scheme::from_name`] accepts any of these names
//! case-insensitively, and the scheme names themselves.
//!
//! ## The generic fallback
//!
//! [`Scheme::Generic`] splits the version into runs of ASCII digits and runs of other
//! alphanumeric characters (letters compared case-insensitively); every other character only
//! separates runs. Runs compare left to right: numbers numerically (leading zeros ignored, any
//! length), letter runs lexically, a letter run below a number; when one version runs out
//! first it is the smaller (`1.0` < `1.0.0` < `1.0.1`, `1.0` < `1.0a` < `1.0.1`, `1.0-1` ==
//! `1.0.1`). It passes the osv-scalibr CRAN and Hackage vectors.
//!
//! # Ranges
//!
//! [`EventRange`] evaluates an OSV `ranges[]` entry of type `SEMVER` or `ECOSYSTEM` by the OSV
//! schema's algorithm (sorted events, several introduced/fixed pairs, `last_affected`
//! inclusive, `limit` as upper bound). [`VersRange`] parses and evaluates `vers:` strings.

mod error;
mod range;
mod scheme;
mod schemes;
mod vers;
mod version;

pub use error::VersionError;
pub use range::{EventKind, EventRange};
pub use scheme::Scheme;
pub use vers::{Comparator, Constraint, VersRange};
pub use version::Version;
