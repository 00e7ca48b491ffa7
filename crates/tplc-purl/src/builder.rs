//! Building a purl from decoded components (the purl-spec `how-to-build` algorithm).

use std::collections::BTreeMap;

use crate::error::{PurlError, PurlErrorKind};
use crate::parse::{parse_key, parse_type};
use crate::purl::{Components, Purl};

/// Builds a [`Purl`] from decoded (not percent-encoded) components.
///
/// Start with [`Purl::builder`]; nothing is checked until [`PurlBuilder::build`], which applies
/// the same normalisation and rules as parsing.
#[derive(Debug, Clone)]
#[must_use]
pub struct PurlBuilder {
    package_type: String,
    namespace: Option<String>,
    name: String,
    version: Option<String>,
    qualifiers: Vec<(String, String)>,
    subpath: Option<String>,
}

impl PurlBuilder {
    /// A builder for a package of `package_type` named `name`.
    pub fn new(package_type: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            package_type: package_type.into(),
            namespace: None,
            name: name.into(),
            version: None,
            qualifiers: Vec::new(),
            subpath: None,
        }
    }

    /// Sets the namespace; segments are separated by `/`, empty segments are ignored.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    /// Sets the version; an empty version means none.
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Adds a qualifier; the key is lowercased, an empty value is dropped, and a later value for
    /// the same key replaces an earlier one.
    pub fn qualifier(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.qualifiers.push((key.into(), value.into()));
        self
    }

    /// Sets the subpath; segments are separated by `/`, and empty, `.` and `..` segments are
    /// dropped.
    pub fn subpath(mut self, subpath: impl Into<String>) -> Self {
        self.subpath = Some(subpath.into());
        self
    }

    /// Checks and normalises the components.
    ///
    /// # Errors
    ///
    /// When a component is missing or invalid, or breaks a rule of the type.
    pub fn build(self) -> Result<Purl, PurlError> {
        self.components()
            .and_then(Purl::from_components)
            .map_err(PurlError::building)
    }

    /// The components, with type and qualifier keys checked.
    fn components(self) -> Result<Components, PurlErrorKind> {
        let package_type = parse_type(&self.package_type)?;
        let mut qualifiers = BTreeMap::new();
        for (key, value) in self.qualifiers {
            let key = parse_key(&key, true)?;
            if value.is_empty() {
                qualifiers.remove(&key);
            } else {
                qualifiers.insert(key, value);
            }
        }
        let segments = |path: Option<String>, drop_dots: bool| -> Vec<String> {
            path.iter()
                .flat_map(|path| path.split('/'))
                .filter(|segment| {
                    !(segment.is_empty() || drop_dots && matches!(*segment, "." | ".."))
                })
                .map(str::to_owned)
                .collect()
        };
        Ok(Components {
            package_type,
            namespace: segments(self.namespace, false),
            name: self.name,
            version: self.version,
            qualifiers,
            subpath: segments(self.subpath, true),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_canonical_string() {
        let purl = Purl::builder("NPM", "animation")
            .namespace("@angular")
            .version("12.3.1")
            .qualifier("Vcs_Url", "git://host/repo.git@4345")
            .qualifier("empty", "")
            .subpath("/./lib//x/../y/")
            .build()
            .unwrap();
        assert_eq!(
            purl.to_string(),
            "pkg:npm/%40angular/animation@12.3.1?vcs_url=git:%2F%2Fhost%2Frepo.git%404345#lib/x/y"
        );
    }

    #[test]
    fn rejects_missing_or_invalid_type_and_name() {
        let kind = |builder: PurlBuilder| builder.build().unwrap_err().kind().clone();
        assert_eq!(kind(Purl::builder("", "nginx")), PurlErrorKind::MissingType);
        assert!(matches!(
            kind(Purl::builder("3nginx", "nginx")),
            PurlErrorKind::InvalidType { .. }
        ));
        assert_eq!(kind(Purl::builder("npm", "")), PurlErrorKind::MissingName);
        assert_eq!(kind(Purl::builder("npm", "//")), PurlErrorKind::MissingName);
        assert!(matches!(
            kind(Purl::builder("npm", "a").qualifier("in production", "x")),
            PurlErrorKind::InvalidQualifierKey { .. }
        ));
    }

    #[test]
    fn later_qualifier_values_replace_earlier_ones() {
        let purl = Purl::builder("npm", "a")
            .qualifier("k", "1")
            .qualifier("K", "2")
            .build()
            .unwrap();
        assert_eq!(purl.qualifier("k"), Some("2"));
        let purl = Purl::builder("npm", "a")
            .qualifier("k", "1")
            .qualifier("k", "")
            .build()
            .unwrap();
        assert_eq!(purl.qualifier("k"), None);
    }

    #[test]
    fn name_slashes_are_trimmed_and_inner_ones_encoded() {
        assert_eq!(
            Purl::builder("generic", "/a/b/")
                .build()
                .unwrap()
                .to_string(),
            "pkg:generic/a%2Fb"
        );
    }

    #[test]
    fn empty_version_means_none() {
        assert_eq!(
            Purl::builder("npm", "a")
                .version("")
                .build()
                .unwrap()
                .version(),
            None
        );
    }
}
