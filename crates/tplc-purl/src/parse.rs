//! Parsing a purl string into components (the purl-spec `how-to-parse` algorithm).

use std::collections::BTreeMap;

use crate::encoding::decode;
use crate::error::{Component, PurlErrorKind};
use crate::purl::{Components, Purl};

/// How forgiving the parser is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// As ECMA-427 requires: qualifier keys must be lowercase, and surrounding whitespace is an
    /// error.
    Strict,
    /// Qualifier keys are lowercased and surrounding whitespace is ignored.
    Lenient,
}

/// Parses `text` into a normalised purl.
pub(crate) fn parse(text: &str, mode: Mode) -> Result<Purl, PurlErrorKind> {
    let text = match mode {
        Mode::Strict if text.trim() != text => return Err(PurlErrorKind::SurroundingWhitespace),
        Mode::Strict => text,
        Mode::Lenient => text.trim(),
    };
    let (rest, subpath) = split_right(text, '#');
    let (rest, qualifiers) = split_right(rest, '?');

    let (scheme, rest) = rest.split_once(':').ok_or(PurlErrorKind::MissingScheme)?;
    if !scheme.eq_ignore_ascii_case("pkg") {
        return Err(PurlErrorKind::InvalidScheme {
            scheme: scheme.to_owned(),
        });
    }
    // "pkg:/", "pkg://", … are accepted: the slashes are not significant.
    let rest = rest.trim_start_matches('/');
    let (package_type, path) = rest.split_once('/').unwrap_or((rest, ""));
    let package_type = parse_type(package_type)?;

    // The version separator is the last '@' of the last segment, so that an unencoded npm scope
    // ("@babel/core") is not taken for a version.
    let last_segment = path.rfind('/').map_or(0, |slash| slash + 1);
    let (path, version) = match path[last_segment..].rfind('@') {
        Some(at) => (
            &path[..last_segment + at],
            Some(&path[last_segment + at + 1..]),
        ),
        None => (path, None),
    };
    let (namespace, name) = path.rsplit_once('/').unwrap_or(("", path));
    if name.is_empty() {
        return Err(PurlErrorKind::MissingName);
    }

    let components = Components {
        package_type,
        namespace: segments(namespace, Component::Namespace)?,
        name: decode(name, Component::Name)?,
        version: version
            .map(|version| decode(version, Component::Version))
            .transpose()?,
        qualifiers: qualifiers.map_or_else(
            || Ok(BTreeMap::new()),
            |qualifiers| parse_qualifiers(qualifiers, mode),
        )?,
        subpath: subpath.map_or_else(|| Ok(Vec::new()), parse_subpath)?,
    };
    Purl::from_components(components)
}

/// Splits `text` at the last `separator`.
fn split_right(text: &str, separator: char) -> (&str, Option<&str>) {
    match text.rsplit_once(separator) {
        Some((left, right)) => (left, Some(right)),
        None => (text, None),
    }
}

/// Checks a type and returns it lowercase.
pub(crate) fn parse_type(text: &str) -> Result<String, PurlErrorKind> {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return Err(PurlErrorKind::MissingType);
    };
    if !first.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return Err(PurlErrorKind::InvalidType {
            package_type: text.to_owned(),
        });
    }
    Ok(text.to_ascii_lowercase())
}

/// Checks a qualifier key; with `lowercase` it is lowercased first, otherwise it must be
/// lowercase already.
pub(crate) fn parse_key(key: &str, lowercase: bool) -> Result<String, PurlErrorKind> {
    let mut chars = key.chars();
    let valid = chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid {
        return Err(PurlErrorKind::InvalidQualifierKey {
            key: key.to_owned(),
        });
    }
    if lowercase {
        Ok(key.to_ascii_lowercase())
    } else if key.bytes().any(|byte| byte.is_ascii_uppercase()) {
        Err(PurlErrorKind::UppercaseQualifierKey {
            key: key.to_owned(),
        })
    } else {
        Ok(key.to_owned())
    }
}

/// Decodes the non-empty `/`-separated segments of a namespace.
fn segments(text: &str, component: Component) -> Result<Vec<String>, PurlErrorKind> {
    text.split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| decode_segment(segment, component))
        .collect()
}

/// Decodes one namespace or subpath segment, which must not hold a `/`.
fn decode_segment(segment: &str, component: Component) -> Result<String, PurlErrorKind> {
    let decoded = decode(segment, component)?;
    if decoded.contains('/') {
        return Err(PurlErrorKind::SlashInSegment {
            component,
            segment: decoded,
        });
    }
    Ok(decoded)
}

/// Decodes the subpath segments, dropping empty, `.` and `..` ones.
fn parse_subpath(text: &str) -> Result<Vec<String>, PurlErrorKind> {
    let mut kept = Vec::new();
    for segment in text.split('/') {
        let decoded = decode_segment(segment, Component::Subpath)?;
        if !matches!(decoded.as_str(), "" | "." | "..") {
            kept.push(decoded);
        }
    }
    Ok(kept)
}

/// Parses `key=value&…`: keys checked, values decoded, empty values dropped.
fn parse_qualifiers(text: &str, mode: Mode) -> Result<BTreeMap<String, String>, PurlErrorKind> {
    let mut qualifiers = BTreeMap::new();
    let mut seen = Vec::new();
    for pair in text.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) =
            pair.split_once('=')
                .ok_or_else(|| PurlErrorKind::MissingQualifierSeparator {
                    pair: pair.to_owned(),
                })?;
        let key = parse_key(key, mode == Mode::Lenient)?;
        if seen.contains(&key) {
            return Err(PurlErrorKind::DuplicateQualifier { key });
        }
        seen.push(key.clone());
        let value = decode(value, Component::Qualifiers)?;
        if !value.is_empty() {
            qualifiers.insert(key, value);
        }
    }
    Ok(qualifiers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lenient(text: &str) -> Result<Purl, PurlErrorKind> {
        parse(text, Mode::Lenient)
    }

    fn canonical(text: &str) -> String {
        lenient(text).map_or_else(|error| format!("error: {error}"), |purl| purl.to_string())
    }

    #[test]
    fn splits_all_components() {
        let purl =
            lenient("pkg:maven/org.apache/commons-io@2.0?type=jar&classifier=sources#META-INF/x")
                .unwrap();
        assert_eq!(purl.package_type(), "maven");
        assert_eq!(purl.namespace(), Some("org.apache"));
        assert_eq!(purl.name(), "commons-io");
        assert_eq!(purl.version(), Some("2.0"));
        assert_eq!(purl.qualifier("classifier"), Some("sources"));
        assert_eq!(purl.subpath(), Some("META-INF/x"));
        assert_eq!(
            purl.to_string(),
            "pkg:maven/org.apache/commons-io@2.0?classifier=sources&type=jar#META-INF/x"
        );
    }

    #[test]
    fn scheme_is_required_and_unencoded() {
        assert_eq!(lenient("npm/foo@1"), Err(PurlErrorKind::MissingScheme));
        assert_eq!(lenient("pkg%3Anpm/foo"), Err(PurlErrorKind::MissingScheme));
        assert_eq!(
            lenient("http://npm/foo"),
            Err(PurlErrorKind::InvalidScheme {
                scheme: "http".to_owned()
            })
        );
        assert_eq!(canonical("PKG:npm/foo"), "pkg:npm/foo");
    }

    #[test]
    fn slashes_after_the_scheme_are_ignored() {
        for text in ["pkg:/npm/foo", "pkg://npm/foo", "pkg:////npm/foo"] {
            assert_eq!(canonical(text), "pkg:npm/foo", "{text}");
        }
    }

    #[test]
    fn type_rules() {
        assert_eq!(canonical("pkg:NPM/foo"), "pkg:npm/foo");
        assert_eq!(canonical("pkg:my.type-x/foo"), "pkg:my.type-x/foo");
        for text in [
            "pkg:3npm/foo",
            "pkg:n&g/foo",
            "pkg:nginx:a/foo",
            "pkg:np%6D/foo",
            "pkg:n+m/foo",
            "pkg:ñpm/foo",
        ] {
            assert!(
                matches!(lenient(text), Err(PurlErrorKind::InvalidType { .. })),
                "{text}"
            );
        }
        assert_eq!(lenient("pkg:/"), Err(PurlErrorKind::MissingType));
    }

    #[test]
    fn name_is_required() {
        for text in [
            "pkg:npm",
            "pkg:npm/",
            "pkg:maven/@1.3.4",
            "pkg:swift/github.com/Alamofire/@5.4.3",
            "pkg:npm/foo/",
        ] {
            assert_eq!(lenient(text), Err(PurlErrorKind::MissingName), "{text}");
        }
    }

    #[test]
    fn version_is_after_the_last_at_of_the_last_segment() {
        assert_eq!(
            canonical("pkg:brew/node@20@20.10.0"),
            "pkg:brew/node%4020@20.10.0"
        );
        assert_eq!(canonical("pkg:npm/@babel/core"), "pkg:npm/%40babel/core");
        assert_eq!(
            canonical("pkg:npm/@babel/core@7.0.0"),
            "pkg:npm/%40babel/core@7.0.0"
        );
        assert_eq!(canonical("pkg:npm/foo@"), "pkg:npm/foo");
    }

    #[test]
    fn namespace_segments_are_decoded_and_empty_ones_dropped() {
        assert_eq!(
            lenient("pkg:maven//org.apache//io").unwrap().namespace(),
            Some("org.apache")
        );
        assert_eq!(
            lenient("pkg:maven/a%2Fb/io"),
            Err(PurlErrorKind::SlashInSegment {
                component: Component::Namespace,
                segment: "a/b".to_owned()
            })
        );
    }

    #[test]
    fn subpath_drops_empty_and_dot_segments() {
        assert_eq!(
            canonical("pkg:golang/a/b#/x/./y/../z/"),
            "pkg:golang/a/b#x/y/z"
        );
        assert_eq!(canonical("pkg:golang/a/b#%2E%2E/x/%2E"), "pkg:golang/a/b#x");
        assert_eq!(canonical("pkg:golang/a/b#/./"), "pkg:golang/a/b");
        assert!(matches!(
            lenient("pkg:golang/a/b#x%2Fy"),
            Err(PurlErrorKind::SlashInSegment { .. })
        ));
    }

    #[test]
    fn qualifiers_are_sorted_decoded_and_empty_values_dropped() {
        let purl = lenient("pkg:npm/foo?b=2&a=x%20y&c=&&d=%3A%2F").unwrap();
        let keys: Vec<&str> = purl.qualifiers().keys().map(String::as_str).collect();
        assert_eq!(keys, ["a", "b", "d"]);
        assert_eq!(purl.qualifier("a"), Some("x y"));
        assert_eq!(purl.to_string(), "pkg:npm/foo?a=x%20y&b=2&d=:%2F");
    }

    #[test]
    fn qualifier_key_rules() {
        assert_eq!(
            lenient("pkg:npm/foo?in%20production=true"),
            Err(PurlErrorKind::InvalidQualifierKey {
                key: "in%20production".to_owned()
            })
        );
        assert!(matches!(
            lenient("pkg:npm/foo?1a=b"),
            Err(PurlErrorKind::InvalidQualifierKey { .. })
        ));
        assert!(matches!(
            lenient("pkg:npm/foo?a"),
            Err(PurlErrorKind::MissingQualifierSeparator { .. })
        ));
        assert!(matches!(
            lenient("pkg:npm/foo?a=1&a=2"),
            Err(PurlErrorKind::DuplicateQualifier { .. })
        ));
        assert!(matches!(
            lenient("pkg:npm/foo?A=1&a=2"),
            Err(PurlErrorKind::DuplicateQualifier { .. })
        ));
    }

    #[test]
    fn strict_mode_rejects_uppercase_keys_and_lenient_mode_lowercases_them() {
        let text = "pkg:gem/jruby-launcher@1.1.2?Platform=java";
        assert_eq!(
            parse(text, Mode::Strict),
            Err(PurlErrorKind::UppercaseQualifierKey {
                key: "Platform".to_owned()
            })
        );
        assert_eq!(
            canonical(text),
            "pkg:gem/jruby-launcher@1.1.2?platform=java"
        );
    }

    #[test]
    fn lenient_mode_ignores_surrounding_whitespace() {
        assert_eq!(canonical(" pkg:npm/foo@1\n"), "pkg:npm/foo@1");
        assert_eq!(
            parse(" pkg:npm/foo", Mode::Strict),
            Err(PurlErrorKind::SurroundingWhitespace)
        );
        assert_eq!(
            parse("pkg:npm/foo\u{2000}", Mode::Strict),
            Err(PurlErrorKind::SurroundingWhitespace)
        );
    }

    #[test]
    fn percent_encoding_is_normalised() {
        assert_eq!(
            canonical("pkg:docker/customer/image@sha256%3Aabc"),
            "pkg:docker/customer/image@sha256:abc"
        );
        assert_eq!(
            canonical("pkg:generic/a%2db@1.0%2bx"),
            "pkg:generic/a-b@1.0%2Bx"
        );
        assert_eq!(canonical("pkg:generic/caf%C3%A9"), "pkg:generic/caf%C3%A9");
        assert_eq!(canonical("pkg:generic/café"), "pkg:generic/caf%C3%A9");
        assert!(matches!(
            lenient("pkg:generic/a%zz"),
            Err(PurlErrorKind::InvalidPercentEncoding { .. })
        ));
        assert!(matches!(
            lenient("pkg:generic/a%ff"),
            Err(PurlErrorKind::InvalidUtf8 { .. })
        ));
    }
}
