//! The [`Purl`] value: normalised components and their canonical string.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::builder::PurlBuilder;
use crate::encoding::write_encoded;
use crate::error::{PurlError, PurlErrorKind};
use crate::parse::{Mode, parse};
use crate::types::{self, Requirement};

/// A parsed, validated and normalised package URL.
///
/// Two purls naming the same package compare equal whatever the spelling they were parsed from:
/// the components are stored percent-decoded and normalised (type lowercase, case-insensitive
/// components lowercase, qualifiers sorted, empty qualifier values dropped, `.`/`..`/empty
/// subpath segments removed). [`Display`](fmt::Display) gives the canonical string.
///
/// ```
/// use tplc_purl::Purl;
///
/// let purl: Purl = "pkg:PyPI/Django_Allauth@0.5?file_name=x.whl".parse()?;
/// assert_eq!(purl.package_type(), "pypi");
/// assert_eq!(purl.name(), "django-allauth");
/// assert_eq!(purl.qualifier("file_name"), Some("x.whl"));
/// assert_eq!(purl.to_string(), "pkg:pypi/django-allauth@0.5?file_name=x.whl");
/// # Ok::<(), tplc_purl::PurlError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Purl {
    package_type: String,
    namespace: Option<String>,
    name: String,
    version: Option<String>,
    qualifiers: BTreeMap<String, String>,
    subpath: Option<String>,
}

/// Decoded components on their way to a [`Purl`], before type-specific normalisation.
#[derive(Debug)]
pub(crate) struct Components {
    /// The type, already lowercase and checked.
    pub(crate) package_type: String,
    /// The namespace segments, decoded, none empty.
    pub(crate) namespace: Vec<String>,
    /// The name, decoded.
    pub(crate) name: String,
    /// The version, decoded.
    pub(crate) version: Option<String>,
    /// The qualifiers with checked lowercase keys and non-empty values.
    pub(crate) qualifiers: BTreeMap<String, String>,
    /// The subpath segments, decoded, with empty, `.` and `..` segments removed.
    pub(crate) subpath: Vec<String>,
}

impl Purl {
    /// Parses `text` leniently: like [`FromStr`], normalising what can be normalised.
    ///
    /// Besides every normalisation ECMA-427 allows, this accepts qualifier keys in any case
    /// (`?Arch=x86` becomes `?arch=x86`) and ignores surrounding whitespace, as the
    /// "recommended" cases of the purl-spec test suite expect.
    ///
    /// # Errors
    ///
    /// When `text` is not a purl or breaks a rule of its type.
    pub fn parse(text: &str) -> Result<Self, PurlError> {
        parse(text, Mode::Lenient).map_err(|kind| PurlError::parsing(text, kind))
    }

    /// Parses `text` as ECMA-427 requires: like [`Purl::parse`], but qualifier keys must already
    /// be lowercase and surrounding whitespace is an error.
    ///
    /// # Errors
    ///
    /// When `text` is not a conforming purl or breaks a rule of its type.
    pub fn parse_strict(text: &str) -> Result<Self, PurlError> {
        parse(text, Mode::Strict).map_err(|kind| PurlError::parsing(text, kind))
    }

    /// Starts building a purl from decoded components.
    ///
    /// ```
    /// use tplc_purl::Purl;
    ///
    /// let purl = Purl::builder("maven", "batik-anim")
    ///     .namespace("org.apache.xmlgraphics")
    ///     .version("1.9.1")
    ///     .qualifier("repository_url", "https://repo.spring.io/release")
    ///     .build()?;
    /// assert_eq!(
    ///     purl.to_string(),
    ///     "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?repository_url=https:%2F%2Frepo.spring.io%2Frelease"
    /// );
    /// # Ok::<(), tplc_purl::PurlError>(())
    /// ```
    pub fn builder(package_type: impl Into<String>, name: impl Into<String>) -> PurlBuilder {
        PurlBuilder::new(package_type, name)
    }

    /// The package type, lowercase (`npm`, `maven`, …).
    #[must_use]
    pub fn package_type(&self) -> &str {
        &self.package_type
    }

    /// The namespace, decoded, segments joined with `/`.
    #[must_use]
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The name, decoded.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The version, decoded.
    #[must_use]
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The qualifiers, decoded, keyed by lowercase key.
    #[must_use]
    pub fn qualifiers(&self) -> &BTreeMap<String, String> {
        &self.qualifiers
    }

    /// The value of the qualifier `key` (matched case-insensitively).
    #[must_use]
    pub fn qualifier(&self, key: &str) -> Option<&str> {
        match self.qualifiers.get(key) {
            Some(value) => Some(value),
            None => self
                .qualifiers
                .get(&key.to_ascii_lowercase())
                .map(String::as_str),
        }
    }

    /// The subpath, decoded, segments joined with `/`.
    #[must_use]
    pub fn subpath(&self) -> Option<&str> {
        self.subpath.as_deref()
    }

    /// Whether the type is one of the registered purl types.
    #[must_use]
    pub fn is_registered_type(&self) -> bool {
        types::registered(&self.package_type).is_some()
    }

    /// The same purl without version, qualifiers and subpath: the package itself.
    ///
    /// Qualifiers the type requires stay, since they identify the package (`uuid` of Julia,
    /// `tag_id` of SWID) and the result must remain a valid purl.
    #[must_use]
    pub fn without_version(&self) -> Self {
        let required = types::rule_for(&self.package_type).required_qualifiers;
        Self {
            package_type: self.package_type.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            version: None,
            qualifiers: self
                .qualifiers
                .iter()
                .filter(|(key, _)| required.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
            subpath: None,
        }
    }

    /// The same purl with another version (`None` or `""` removes it).
    ///
    /// # Errors
    ///
    /// When the type restricts versions and `version` breaks the rule (Chrome extensions).
    pub fn with_version(&self, version: Option<&str>) -> Result<Self, PurlError> {
        let rule = types::rule_for(&self.package_type);
        let version = normalize_version(&self.package_type, rule, version.map(str::to_owned))
            .map_err(PurlError::building)?;
        Ok(Self {
            version,
            ..self.clone()
        })
    }

    /// Applies the type-specific normalisation and checks to decoded components.
    pub(crate) fn from_components(components: Components) -> Result<Self, PurlErrorKind> {
        let Components {
            package_type,
            mut namespace,
            mut name,
            version,
            qualifiers,
            subpath,
        } = components;
        let rule = types::rule_for(&package_type);

        if package_type == "git" {
            // The namespace is the host; the name is the repository path and keeps its slashes.
            namespace.extend(
                name.split('/')
                    .filter(|segment| !segment.is_empty())
                    .map(str::to_owned),
            );
            name = namespace.split_off(namespace.len().min(1)).join("/");
        } else {
            name = name.trim_matches('/').to_owned();
        }
        if name.is_empty() {
            return Err(PurlErrorKind::MissingName);
        }

        let namespace: Vec<String> = namespace
            .into_iter()
            .map(|segment| rule.namespace_case.apply(segment))
            .collect();
        match (rule.namespace, namespace.is_empty()) {
            (Requirement::Required, true) => {
                return Err(PurlErrorKind::NamespaceRequired { package_type });
            }
            (Requirement::Prohibited, false) => {
                return Err(PurlErrorKind::NamespaceProhibited { package_type });
            }
            _ => {}
        }
        types::check_namespace(&package_type, &namespace)?;

        let name = rule.name_case.apply(name);
        let name = types::normalize_name(
            &package_type,
            name,
            qualifiers.get("repository_url").map(String::as_str),
        )?;
        let version = normalize_version(&package_type, rule, version)?;
        if let Some(key) = rule
            .required_qualifiers
            .iter()
            .find(|key| !qualifiers.contains_key(**key))
        {
            return Err(PurlErrorKind::MissingQualifier { package_type, key });
        }
        let subpath: Vec<String> = subpath
            .into_iter()
            .map(|segment| rule.subpath_case.apply(segment))
            .collect();

        Ok(Self {
            package_type,
            namespace: (!namespace.is_empty()).then(|| namespace.join("/")),
            name,
            version,
            qualifiers,
            subpath: (!subpath.is_empty()).then(|| subpath.join("/")),
        })
    }
}

/// The version in its canonical case, `None` when empty, checked against the type.
fn normalize_version(
    package_type: &str,
    rule: &types::TypeRule,
    version: Option<String>,
) -> Result<Option<String>, PurlErrorKind> {
    let Some(version) = version.filter(|version| !version.is_empty()) else {
        return Ok(None);
    };
    let version = rule.version_case.apply(version);
    types::check_version(package_type, &version)?;
    Ok(Some(version))
}

impl FromStr for Purl {
    type Err = PurlError;

    /// Parses leniently; see [`Purl::parse`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl fmt::Display for Purl {
    /// Writes the canonical purl string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pkg:{}/", self.package_type)?;
        if let Some(namespace) = &self.namespace {
            write_segments(f, namespace)?;
            f.write_str("/")?;
        }
        if self.package_type == "git" {
            write_segments(f, &self.name)?;
        } else {
            write_encoded(f, &self.name)?;
        }
        if let Some(version) = &self.version {
            f.write_str("@")?;
            write_encoded(f, version)?;
        }
        for (index, (key, value)) in self.qualifiers.iter().enumerate() {
            f.write_str(if index == 0 { "?" } else { "&" })?;
            f.write_str(key)?;
            f.write_str("=")?;
            write_encoded(f, value)?;
        }
        if let Some(subpath) = &self.subpath {
            f.write_str("#")?;
            write_segments(f, subpath)?;
        }
        Ok(())
    }
}

/// Writes `/`-separated segments, each percent-encoded.
fn write_segments(f: &mut fmt::Formatter<'_>, path: &str) -> fmt::Result {
    for (index, segment) in path.split('/').enumerate() {
        if index > 0 {
            f.write_str("/")?;
        }
        write_encoded(f, segment)?;
    }
    Ok(())
}
