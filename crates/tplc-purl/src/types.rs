//! The registered purl types and their rules.
//!
//! The table mirrors the type definitions of package-url/purl-spec (`types/*-definition.json`,
//! commit 16f3d0e, 2026-08): namespace requirement, case sensitivity of namespace, name, version
//! and subpath, and required qualifiers. A unit test compares it with the definition files when
//! the shared test data is present. Rules stated only in prose (PyPI `_` → `-`, CPAN `::`,
//! Chrome extension ids, …) are applied by [`normalize_name`] and its siblings.

use crate::error::PurlErrorKind;

/// Whether a type wants a namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Requirement {
    /// The namespace may be present.
    Optional,
    /// The namespace must be present.
    Required,
    /// The namespace must be absent.
    Prohibited,
}

/// How a component's letter case is normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// Kept as written.
    Sensitive,
    /// Case-insensitive; the canonical form is lowercase.
    Lower,
    /// The canonical form is uppercase (CPAN author ids).
    Upper,
}

impl Case {
    /// `text` in this case.
    pub(crate) fn apply(self, text: String) -> String {
        match self {
            Self::Sensitive => text,
            Self::Lower => text.to_lowercase(),
            Self::Upper => text.to_uppercase(),
        }
    }
}

/// The rules of one registered type.
#[derive(Debug)]
pub(crate) struct TypeRule {
    /// The type, lowercase.
    pub(crate) name: &'static str,
    /// Whether a namespace is wanted.
    pub(crate) namespace: Requirement,
    /// Case of each namespace segment.
    pub(crate) namespace_case: Case,
    /// Case of the name.
    pub(crate) name_case: Case,
    /// Case of the version.
    pub(crate) version_case: Case,
    /// Case of the subpath.
    pub(crate) subpath_case: Case,
    /// Qualifier keys that must be present.
    pub(crate) required_qualifiers: &'static [&'static str],
}

/// The rules of an unregistered type: only the generic rules of ECMA-427 apply.
const UNREGISTERED: TypeRule = rule("", Requirement::Optional);

/// A rule with everything case-sensitive and no required qualifier.
const fn rule(name: &'static str, namespace: Requirement) -> TypeRule {
    TypeRule {
        name,
        namespace,
        namespace_case: Case::Sensitive,
        name_case: Case::Sensitive,
        version_case: Case::Sensitive,
        subpath_case: Case::Sensitive,
        required_qualifiers: &[],
    }
}

/// A rule whose namespace and name are lowercase.
const fn lower(name: &'static str, namespace: Requirement) -> TypeRule {
    TypeRule {
        namespace_case: Case::Lower,
        name_case: Case::Lower,
        ..rule(name, namespace)
    }
}

/// A rule whose name (but not namespace) is lowercase.
const fn lower_name(name: &'static str, namespace: Requirement) -> TypeRule {
    TypeRule {
        name_case: Case::Lower,
        ..rule(name, namespace)
    }
}

use Requirement::{Optional, Prohibited, Required};

/// Every registered type, sorted by name.
pub(crate) static REGISTERED: &[TypeRule] = &[
    lower("alpm", Required),
    lower("apk", Required),
    rule("bazel", Prohibited),
    lower("bitbucket", Required),
    lower_name("bitnami", Prohibited),
    lower("brew", Optional),
    rule("cargo", Prohibited),
    lower_name("chrome-extension", Prohibited),
    rule("cocoapods", Prohibited),
    lower("composer", Required),
    rule("conan", Optional),
    rule("conda", Prohibited),
    // "When present, it represents the CPAN author/publisher ID (CPANID) and shall be uppercase."
    TypeRule {
        namespace_case: Case::Upper,
        ..rule("cpan", Optional)
    },
    rule("cran", Prohibited),
    lower("deb", Required),
    rule("docker", Optional),
    rule("gem", Prohibited),
    rule("generic", Optional),
    rule("git", Required),
    lower("github", Required),
    // The definition notes say "shall be lowercased" but flag both case-sensitive, and Go module
    // paths are case-sensitive; the flag wins.
    rule("golang", Required),
    rule("hackage", Prohibited),
    lower("hex", Optional),
    TypeRule {
        version_case: Case::Lower,
        ..rule("huggingface", Required)
    },
    TypeRule {
        required_qualifiers: &["uuid"],
        ..rule("julia", Prohibited)
    },
    lower("luarocks", Optional),
    rule("maven", Required),
    // The name is lowercase only for Databricks servers; see `normalize_name`.
    rule("mlflow", Prohibited),
    rule("npm", Optional),
    rule("nuget", Prohibited),
    TypeRule {
        version_case: Case::Lower,
        ..lower_name("oci", Prohibited)
    },
    rule("opam", Prohibited),
    TypeRule {
        subpath_case: Case::Lower,
        ..lower_name("otp", Prohibited)
    },
    lower_name("pub", Prohibited),
    TypeRule {
        version_case: Case::Lower,
        ..lower_name("pypi", Prohibited)
    },
    TypeRule {
        namespace_case: Case::Lower,
        ..rule("qpkg", Required)
    },
    TypeRule {
        namespace_case: Case::Lower,
        ..rule("rpm", Required)
    },
    TypeRule {
        required_qualifiers: &["tag_id"],
        ..rule("swid", Optional)
    },
    rule("swift", Required),
    rule("vcpkg", Prohibited),
    TypeRule {
        version_case: Case::Lower,
        ..lower("vscode-extension", Required)
    },
    TypeRule {
        namespace_case: Case::Lower,
        ..rule("yocto", Optional)
    },
];

/// The rules of `package_type` (lowercase); unregistered types get the generic rules.
pub(crate) fn rule_for(package_type: &str) -> &'static TypeRule {
    registered(package_type).unwrap_or(&UNREGISTERED)
}

/// The rules of `package_type` (lowercase) if it is registered.
pub(crate) fn registered(package_type: &str) -> Option<&'static TypeRule> {
    REGISTERED
        .binary_search_by(|rule| rule.name.cmp(package_type))
        .ok()
        .map(|index| &REGISTERED[index])
}

/// Applies the prose rules of the type to the (case-normalised) name and checks it.
///
/// `repository_url` is the qualifier of that name, which decides the case of MLflow names.
pub(crate) fn normalize_name(
    package_type: &str,
    name: String,
    repository_url: Option<&str>,
) -> Result<String, PurlErrorKind> {
    let invalid = |name: String, reason| PurlErrorKind::InvalidName {
        package_type: package_type.to_owned(),
        name,
        reason,
    };
    match package_type {
        // "a PyPI package name shall be lowercased and underscore _ replaced with a dash -"
        "pypi" => Ok(name.replace('_', "-")),
        // "for Databricks, it is case insensitive and shall be lowercased"
        "mlflow"
            if repository_url
                .is_some_and(|url| url.to_ascii_lowercase().contains("azuredatabricks.net")) =>
        {
            Ok(name.to_lowercase())
        }
        "cpan" if name.contains("::") => {
            Err(invalid(name, "a distribution name shall not contain '::'"))
        }
        "chrome-extension"
            if !(name.len() == 32 && name.bytes().all(|byte| matches!(byte, b'a'..=b'p'))) =>
        {
            Err(invalid(
                name,
                "an extension id is 32 letters from 'a' to 'p'",
            ))
        }
        "pub"
            if !name
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_') =>
        {
            Err(invalid(
                name,
                "only 'a' to 'z', '0' to '9' and '_' are allowed",
            ))
        }
        "cocoapods"
            if name.starts_with('.') || name.contains(|c: char| c == '+' || c.is_whitespace()) =>
        {
            Err(invalid(
                name,
                "a pod name cannot contain whitespace or '+', or begin with '.'",
            ))
        }
        _ => Ok(name),
    }
}

/// Checks the (case-normalised) version against the prose rules of the type.
pub(crate) fn check_version(package_type: &str, version: &str) -> Result<(), PurlErrorKind> {
    if package_type == "chrome-extension" && !is_chrome_version(version) {
        return Err(PurlErrorKind::InvalidVersion {
            package_type: package_type.to_owned(),
            version: version.to_owned(),
            reason: "a version is 1 to 4 dot-separated integers",
        });
    }
    Ok(())
}

/// Checks the namespace segments against the prose rules of the type.
pub(crate) fn check_namespace(
    package_type: &str,
    segments: &[String],
) -> Result<(), PurlErrorKind> {
    if package_type == "swid" && segments.len() > 2 {
        return Err(PurlErrorKind::InvalidNamespace {
            package_type: package_type.to_owned(),
            namespace: segments.join("/"),
            reason: "at most two segments (creator name and regid) are allowed",
        });
    }
    Ok(())
}

/// `^\d+(\.\d+){0,3}$` with ASCII digits.
fn is_chrome_version(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() <= 4
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(
            REGISTERED
                .windows(2)
                .all(|pair| pair[0].name < pair[1].name)
        );
    }

    #[test]
    fn looks_up_registered_and_unregistered_types() {
        assert_eq!(rule_for("maven").namespace, Requirement::Required);
        assert_eq!(rule_for("pypi").name_case, Case::Lower);
        assert!(registered("bintray").is_none());
        assert_eq!(rule_for("bintray").namespace, Requirement::Optional);
    }

    #[test]
    fn chrome_versions_have_one_to_four_numbers() {
        for good in ["1", "0.6", "6.0.2.3611"] {
            assert!(is_chrome_version(good), "{good}");
        }
        for bad in ["", "1.2.3.4.5", "1.2.3-beta", "1..2", "١"] {
            assert!(!is_chrome_version(bad), "{bad}");
        }
    }

    /// The table agrees with `types/*-definition.json` of the shared purl-spec copy.
    #[test]
    fn table_matches_the_type_definitions() {
        let Some(dir) = tplc_test::testdata("purl-spec/types") else {
            return;
        };
        let files = tplc_test::files_under(&dir, |name| name.ends_with("-definition.json"));
        assert_eq!(
            files.len(),
            REGISTERED.len(),
            "one rule per definition file"
        );
        let mut mismatches = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let definition: serde_json::Value = serde_json::from_str(&text).unwrap();
            let package_type = definition["type"].as_str().unwrap();
            let Some(rule) = registered(package_type) else {
                mismatches.push(format!("{package_type}: not in the table"));
                continue;
            };
            let namespace = match definition["namespace_definition"]["requirement"].as_str() {
                Some("required") => Requirement::Required,
                Some("prohibited") => Requirement::Prohibited,
                _ => Requirement::Optional,
            };
            if namespace != rule.namespace {
                mismatches.push(format!(
                    "{package_type}: namespace {namespace:?}, table {:?}",
                    rule.namespace
                ));
            }
            let components = [
                ("namespace_definition", rule.namespace_case),
                ("name_definition", rule.name_case),
                ("version_definition", rule.version_case),
                ("subpath_definition", rule.subpath_case),
            ];
            for (key, case) in components {
                let insensitive =
                    definition[key]["case_sensitive"] == serde_json::Value::Bool(false);
                // Documented exceptions: CPAN author ids are uppercase (prose rule).
                let expected = if insensitive {
                    Case::Lower
                } else {
                    Case::Sensitive
                };
                let exception = package_type == "cpan" && key == "namespace_definition";
                if case != expected && !exception {
                    mismatches.push(format!(
                        "{package_type}: {key} {expected:?}, table {case:?}"
                    ));
                }
            }
            let mut required: Vec<&str> = definition["qualifiers_definition"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|qualifier| qualifier["requirement"] == "required")
                .filter_map(|qualifier| qualifier["key"].as_str())
                .collect();
            required.sort_unstable();
            if required != rule.required_qualifiers {
                mismatches.push(format!(
                    "{package_type}: required qualifiers {required:?}, table {:?}",
                    rule.required_qualifiers
                ));
            }
        }
        assert!(mismatches.is_empty(), "{mismatches:#?}");
    }
}
