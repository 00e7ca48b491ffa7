//! Package URL (purl): parse, validate, normalise and build, per ECMA-427 and the registered
//! purl type definitions.
//!
//! ```
//! use tplc_purl::Purl;
//!
//! let purl: Purl = "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom".parse()?;
//! assert_eq!(purl.namespace(), Some("org.apache.xmlgraphics"));
//! assert_eq!(purl.to_string(), "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom");
//! assert_eq!(purl.without_version().to_string(), "pkg:maven/org.apache.xmlgraphics/batik-anim");
//! # Ok::<(), tplc_purl::PurlError>(())
//! ```
//!
//! # Normalisation
//!
//! A [`Purl`] holds decoded, normalised components, so equal packages compare equal, and its
//! [`Display`](std::fmt::Display) is the canonical string:
//!
//! - the scheme and type are lowercase; slashes after `pkg:` are dropped;
//! - components are percent-decoded; the canonical form encodes everything except ASCII letters
//!   and digits, `.-_~` and `:` (ECMA-427 5.4), and keeps `/` only as a separator;
//! - namespace segments and subpath segments that are empty are dropped, and so are `.` and `..`
//!   subpath segments; an encoded `/` inside such a segment is an error;
//! - qualifier keys are lowercase and sorted, empty values are dropped, duplicates are errors;
//! - type rules from the registered type definitions: required or prohibited namespaces and
//!   qualifiers, lowercase components where a type is case-insensitive (GitHub, PyPI, Debian,
//!   …), PyPI `_` → `-`, CPAN author ids uppercase and no `::` in names, MLflow names lowercase
//!   on Databricks, Chrome extension id and version shapes, git names keeping their slashes.
//!
//! # Strict and lenient parsing
//!
//! [`FromStr`](std::str::FromStr) and [`Purl::parse`] are lenient: they also lowercase
//! qualifier keys (`?Arch=x86`) and ignore surrounding whitespace, which real SBOMs need.
//! [`Purl::parse_strict`] is the ECMA-427 conformance parser, which rejects uppercase qualifier
//! keys ("The key shall be composed only of lowercase ASCII letters…") and surrounding
//! whitespace. Whatever the strict parser accepts, the lenient one accepts as the same purl, and
//! every canonical string passes both.
//!
//! # Conformance
//!
//! The integration tests run the purl-spec test suite (`tests/spec`, `tests/types`, 586 cases):
//! `required` cases with the strict parser, `recommended` ones with the lenient parser. Two
//! cases are deliberately not followed: a required maven parse accepting an uppercase qualifier
//! key (contradicting ECMA-427 and the required gem and rpm cases), and a recommended git case
//! lowercasing names that the git type definition declares case-sensitive.
//!
//! The error of a failed parse or build is a [`PurlError`] whose one-line message names the
//! input and the faulty component, e.g. `invalid purl "pkg:npm": missing name`.

mod builder;
mod encoding;
mod error;
mod parse;
mod purl;
mod types;

pub use builder::PurlBuilder;
pub use error::{Component, PurlError, PurlErrorKind};
pub use purl::Purl;
