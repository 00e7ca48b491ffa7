//! `vers:` version ranges (package-url/vers-spec).

use std::cmp::Ordering;
use std::fmt;

use crate::{Scheme, Version, VersionError};

/// A comparator of a `vers:` constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// `=` (written without an operator in canonical form).
    Equal,
    /// `!=`.
    NotEqual,
    /// `<`.
    Less,
    /// `<=`.
    LessOrEqual,
    /// `>`.
    Greater,
    /// `>=`.
    GreaterOrEqual,
}

impl Comparator {
    /// The operator as written in a canonical `vers:` string (`""` for [`Comparator::Equal`]).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Equal => "",
            Self::NotEqual => "!=",
            Self::Less => "<",
            Self::LessOrEqual => "<=",
            Self::Greater => ">",
            Self::GreaterOrEqual => ">=",
        }
    }

    /// The operator as in the vers-spec test suite (`"="` for [`Comparator::Equal`]).
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Equal => "=",
            other => other.as_str(),
        }
    }

    /// Whether `version` satisfies this comparator against `bound`.
    #[must_use]
    pub fn matches(self, version: &Version, bound: &Version) -> bool {
        let order = version.cmp(bound);
        match self {
            Self::Equal => order == Ordering::Equal,
            Self::NotEqual => order != Ordering::Equal,
            Self::Less => order == Ordering::Less,
            Self::LessOrEqual => order != Ordering::Greater,
            Self::Greater => order == Ordering::Greater,
            Self::GreaterOrEqual => order != Ordering::Less,
        }
    }

    fn is_lower_bound(self) -> bool {
        matches!(self, Self::Greater | Self::GreaterOrEqual)
    }

    fn is_upper_bound(self) -> bool {
        matches!(self, Self::Less | Self::LessOrEqual)
    }
}

/// One `vers:` constraint: a comparator and a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// The comparator.
    pub comparator: Comparator,
    /// The version, parsed under the range's scheme.
    pub version: Version,
}

/// A `vers:` range (package-url/vers-spec), such as `vers:npm/>=1.0.0|<2.0.0` or `vers:deb/*`.
///
/// ```
/// use tplc_version::{Scheme, VersRange};
///
/// let range = VersRange::parse("vers:npm/>=1.0.0|<2.0.0")?;
/// assert_eq!(range.scheme(), Scheme::Semver);
/// assert!(range.contains(&Scheme::Semver.parse("1.4.2")?));
/// assert!(!range.contains(&Scheme::Semver.parse("2.0.0")?));
/// # Ok::<(), tplc_version::VersionError>(())
/// ```
///
/// [`Display`](fmt::Display) prints the canonical form: constraints sorted by version, `=`
/// omitted, `%` and `|` in versions percent-encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersRange {
    versioning_scheme: String,
    scheme: Scheme,
    /// `None`: `*`, every version.
    constraints: Option<Vec<Constraint>>,
}

impl VersRange {
    /// Parses a `vers:` string, leniently: whitespace is ignored, empty constraints are
    /// skipped and constraints are sorted by version. The versioning scheme must be one this
    /// crate orders (a purl type, an OSV ecosystem name or a scheme name, case-insensitive).
    ///
    /// # Errors
    ///
    /// When the string does not start with `vers:`, names no scheme or an unknown one, has
    /// invalid percent-encoding, an empty range, or a version that does not parse.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        Self::parse_with(text, false)
    }

    /// Parses a canonical `vers:` string, as the vers-spec requires of canonical input: no
    /// whitespace, no empty constraint (leading, trailing or consecutive `|`), constraints sorted
    /// by version, a lowercase `vers:` prefix and versioning scheme.
    ///
    /// # Errors
    ///
    /// As [`VersRange::parse`], and for every deviation from the canonical form.
    pub fn parse_canonical(text: &str) -> Result<Self, VersionError> {
        Self::parse_with(text, true)
    }

    fn parse_with(text: &str, strict: bool) -> Result<Self, VersionError> {
        let fail = |scheme: Option<Scheme>, reason: &str| VersionError::range(scheme, text, reason);
        if strict && text.chars().any(char::is_whitespace) {
            return Err(fail(None, "whitespace is not permitted"));
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let prefix = compact.get(..5).unwrap_or_default();
        if !(prefix == "vers:" || (!strict && prefix.eq_ignore_ascii_case("vers:"))) {
            return Err(fail(None, "does not start with \"vers:\""));
        }
        let rest = compact.get(5..).unwrap_or_default();
        let Some((versioning_scheme, constraints_text)) = rest.split_once('/') else {
            return Err(fail(None, "missing \"/\" after the versioning scheme"));
        };
        if versioning_scheme.is_empty() {
            return Err(fail(None, "empty versioning scheme"));
        }
        if strict && versioning_scheme.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(fail(None, "the versioning scheme must be lowercase"));
        }
        let versioning_scheme = versioning_scheme.to_ascii_lowercase();
        let scheme = vers_scheme(&versioning_scheme).ok_or_else(|| {
            fail(
                None,
                &format!("unknown versioning scheme \"{versioning_scheme}\""),
            )
        })?;
        if constraints_text == "*" {
            return Ok(Self {
                versioning_scheme,
                scheme,
                constraints: None,
            });
        }
        let mut constraints = Vec::new();
        let parts: Vec<&str> = constraints_text.split('|').collect();
        for (index, part) in parts.iter().enumerate() {
            if part.is_empty() {
                if strict {
                    let reason = if index == 0 {
                        "leading pipe is not permitted"
                    } else if index + 1 == parts.len() {
                        "trailing pipe is not permitted"
                    } else {
                        "consecutive pipes are not permitted"
                    };
                    return Err(fail(Some(scheme), reason));
                }
                continue;
            }
            let (comparator, encoded) = split_comparator(part);
            if encoded.is_empty() {
                return Err(fail(
                    Some(scheme),
                    &format!("constraint \"{part}\" has no version"),
                ));
            }
            let decoded = percent_decode(encoded)
                .ok_or_else(|| fail(Some(scheme), "invalid percent-encoding in version"))?;
            let version = scheme.parse(&decoded).map_err(|err| {
                fail(
                    Some(scheme),
                    &format!("version \"{decoded}\": {}", err.reason()),
                )
            })?;
            constraints.push(Constraint {
                comparator,
                version,
            });
        }
        if constraints.is_empty() {
            return Err(fail(Some(scheme), "no constraint"));
        }
        let sorted = constraints
            .windows(2)
            .all(|pair| pair.first().map(|c| &c.version) <= pair.get(1).map(|c| &c.version));
        if !sorted {
            if strict {
                return Err(fail(Some(scheme), "constraints are not sorted by version"));
            }
            constraints.sort_by(|a, b| a.version.cmp(&b.version));
        }
        Ok(Self {
            versioning_scheme,
            scheme,
            constraints: Some(constraints),
        })
    }

    /// The ordering scheme of the range's versions.
    #[must_use]
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The versioning scheme as written after `vers:` (lowercase), such as `npm` or `deb`.
    #[must_use]
    pub fn versioning_scheme(&self) -> &str {
        &self.versioning_scheme
    }

    /// The constraints sorted by version; `None` for `*` (every version).
    #[must_use]
    pub fn constraints(&self) -> Option<&[Constraint]> {
        self.constraints.as_deref()
    }

    /// Whether `version` is in the range, by the vers-spec containment algorithm: `*` holds
    /// every version; a version equal to an `=` constraint is in, to a `!=` constraint out;
    /// otherwise the remaining constraints, sorted, are read as intervals (a leading `<`/`<=`,
    /// a trailing `>`/`>=`, and each `>`/`>=` followed by a `<`/`<=`). A version of another
    /// scheme is never contained.
    #[must_use]
    pub fn contains(&self, version: &Version) -> bool {
        if version.scheme() != self.scheme {
            return false;
        }
        let Some(constraints) = &self.constraints else {
            return true;
        };
        for constraint in constraints {
            let equal = version == &constraint.version;
            match constraint.comparator {
                Comparator::Equal if equal => return true,
                Comparator::NotEqual if equal => return false,
                _ => {}
            }
        }
        let bounds: Vec<&Constraint> = constraints
            .iter()
            .filter(|c| !matches!(c.comparator, Comparator::Equal | Comparator::NotEqual))
            .collect();
        let (Some(first), Some(last)) = (bounds.first(), bounds.last()) else {
            return false;
        };
        if first.comparator.is_upper_bound() && first.comparator.matches(version, &first.version) {
            return true;
        }
        if last.comparator.is_lower_bound() && last.comparator.matches(version, &last.version) {
            return true;
        }
        bounds.windows(2).any(|pair| match pair {
            [lower, upper] => {
                lower.comparator.is_lower_bound()
                    && upper.comparator.is_upper_bound()
                    && lower.comparator.matches(version, &lower.version)
                    && upper.comparator.matches(version, &upper.version)
            }
            _ => false,
        })
    }
}

impl fmt::Display for VersRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "vers:{}/", self.versioning_scheme)?;
        let Some(constraints) = &self.constraints else {
            return f.write_str("*");
        };
        for (index, constraint) in constraints.iter().enumerate() {
            if index > 0 {
                f.write_str("|")?;
            }
            f.write_str(constraint.comparator.as_str())?;
            f.write_str(&percent_encode(constraint.version.as_str()))?;
        }
        Ok(())
    }
}

/// The scheme for a vers versioning scheme: a purl type, a vers-only scheme name
/// (`semver`, `deb`, `alpine`, `intdot`, …), or what [`Scheme::from_name`] knows.
fn vers_scheme(name: &str) -> Option<Scheme> {
    match name {
        "semver" | "node" => Some(Scheme::Semver),
        "go" => Some(Scheme::Go),
        "python" => Some(Scheme::Pep440),
        "debian" | "ubuntu" => Some(Scheme::Dpkg),
        "intdot" => Some(Scheme::Generic),
        _ => Scheme::from_purl_type(name).or_else(|| Scheme::from_name(name)),
    }
}

/// Splits a constraint into its comparator and (still encoded) version.
fn split_comparator(part: &str) -> (Comparator, &str) {
    for (operator, comparator) in [
        (">=", Comparator::GreaterOrEqual),
        ("<=", Comparator::LessOrEqual),
        ("!=", Comparator::NotEqual),
        (">", Comparator::Greater),
        ("<", Comparator::Less),
        ("=", Comparator::Equal),
    ] {
        if let Some(version) = part.strip_prefix(operator) {
            return (comparator, version);
        }
    }
    (Comparator::Equal, part)
}

/// Decodes `%XX` escapes; `None` when an escape is invalid or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let high = bytes
                .get(index + 1)
                .and_then(|b| char::from(*b).to_digit(16))?;
            let low = bytes
                .get(index + 2)
                .and_then(|b| char::from(*b).to_digit(16))?;
            out.push(u8::try_from(high * 16 + low).ok()?);
            index += 3;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Encodes the characters a `vers:` version cannot hold literally.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '%' || c == '|' || c.is_whitespace() || c.is_control() {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}
