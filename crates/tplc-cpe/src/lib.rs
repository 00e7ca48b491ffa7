//! CPE names (Common Platform Enumeration, NISTIR 7695): parse and validate the CPE 2.3
//! formatted string and the CPE 2.2 URI, bind a name either way, and repair the slightly
//! broken names real SBOMs carry.
//!
//! ```
//! use tplc_cpe::{Cpe, Part};
//!
//! let cpe: Cpe = "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*".parse()?;
//! assert_eq!(cpe.part(), Part::Application);
//! assert_eq!(cpe.product().to_string(), "openssl");
//! assert_eq!(cpe.to_uri(), "cpe:/a:openssl:openssl:3.0.11");
//! assert_eq!("cpe:/a:openssl:openssl:3.0.11".parse::<Cpe>()?, cpe);
//! # Ok::<(), tplc_cpe::CpeError>(())
//! ```
//!
//! A [`Cpe`] is a well-formed CPE name (WFN, §5): a [`Part`] and ten [`AttributeValue`]s,
//! each ANY, NA or a [`ValueString`]. Value strings are held as the formatted string writes
//! them (quoting included), so a formatted string that parses displays exactly as it was
//! written, and two names are equal when their formatted strings are.
//!
//! # Validity
//!
//! What parses is what the CPE patterns of the CycloneDX 1.6 XSD (`bom:cpe`) and of
//! spdx-tools (`cpe23Type`, `cpe22Type`) accept, so a parsed name written back passes both:
//!
//! - formatted string (§6.2): `cpe:2.3:`, then eleven components separated by unquoted `:`;
//!   the part is `a`, `o`, `h`, `*` or `-`; the language is a tag such as `en` or `en-us`
//!   (or `*`, `-`); every other component is `*`, `-` or a value string of ASCII letters,
//!   digits, `-`, `.`, `_` and `\`-quoted punctuation, with an unquoted `*` (one) or `?`s
//!   only at its start or end. White space and non-ASCII text cannot be written at all.
//! - URI (§6.1): `cpe:/` (`c`, then `p`/`P`, `e`/`E`), a part `a`, `o`, `h` (either case) or
//!   nothing, and at most six more components of letters, digits, `.`, `_`, `-`, `~` and
//!   `%xx`; an empty component is ANY, `-` is NA, `%01`/`%02` are the wildcards `?`/`*`, an
//!   edition starting with `~` packs five attributes (§6.1.3.2). Beyond the pattern, a
//!   percent-encoding must be complete and decode to printable ASCII, and wildcards stay at
//!   the ends of a value.
//!
//! [`Cpe::repair`] reads names that break these rules in the common ways (`+` unquoted in
//! syft's Go versions, needless quoting, a missing tail of `*`s) and gives the valid name.
//!
//! Errors are [`CpeError`]s whose one-line message names the input, the attribute and the
//! column: `invalid cpe "…": version, column 42: '+' must be quoted as "\+"`.

mod attribute;
mod cpe;
mod error;
mod repair;
mod uri;

pub use attribute::{Attribute, AttributeValue, Part, ValueString};
pub use cpe::Cpe;
pub use error::CpeError;
