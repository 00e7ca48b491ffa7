//! The CycloneDX XML namespaces.

/// The namespace the writer uses (CycloneDX 1.6).
pub(crate) const BOM_NAMESPACE: &str = "http://cyclonedx.org/schema/bom/1.6";

/// The prefix every CycloneDX BOM namespace starts with.
const PREFIX: &str = "http://cyclonedx.org/schema/bom/";

/// The specification versions read: 1.0 and 1.1 (old documents still met in the wild, whose
/// structure is a subset of later versions) up to 1.6, and 1.7.
const VERSIONS: &[&str] = &["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];

/// The specification version (`1.6`) of a CycloneDX BOM namespace, if it is one that is read.
pub(crate) fn spec_version(namespace: &str) -> Option<&'static str> {
    let version = namespace.strip_prefix(PREFIX)?;
    VERSIONS.iter().copied().find(|known| *known == version)
}

/// The CycloneDX BOM namespaces read, in the order of [`VERSIONS`].
const NAMESPACES: &[&str] = &[
    "http://cyclonedx.org/schema/bom/1.0",
    "http://cyclonedx.org/schema/bom/1.1",
    "http://cyclonedx.org/schema/bom/1.2",
    "http://cyclonedx.org/schema/bom/1.3",
    "http://cyclonedx.org/schema/bom/1.4",
    "http://cyclonedx.org/schema/bom/1.5",
    "http://cyclonedx.org/schema/bom/1.6",
    "http://cyclonedx.org/schema/bom/1.7",
];

/// The CycloneDX BOM namespace whose name is exactly these bytes (as written, unescaped), so
/// that documents need not copy it for every element.
pub(crate) fn interned(name: &[u8]) -> Option<&'static str> {
    let version = name.strip_prefix(PREFIX.as_bytes())?;
    let index = VERSIONS
        .iter()
        .position(|known| known.as_bytes() == version)?;
    NAMESPACES.get(index).copied()
}

/// Whether a namespace is a CycloneDX BOM namespace of any version that is read.
pub(crate) fn is_bom_namespace(namespace: &str) -> bool {
    spec_version(namespace).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_from_the_namespace() {
        assert_eq!(
            spec_version("http://cyclonedx.org/schema/bom/1.4"),
            Some("1.4")
        );
        assert_eq!(spec_version(BOM_NAMESPACE), Some("1.6"));
        assert_eq!(spec_version("http://cyclonedx.org/schema/bom/12"), None);
        assert_eq!(spec_version("http://cyclonedx.org/schema/bom/1.6/"), None);
        assert!(!is_bom_namespace("urn:other"));
    }

    #[test]
    fn every_version_has_its_namespace() {
        assert_eq!(VERSIONS.len(), NAMESPACES.len());
        for (version, namespace) in VERSIONS.iter().zip(NAMESPACES) {
            assert_eq!(spec_version(namespace), Some(*version));
            assert_eq!(interned(namespace.as_bytes()), Some(*namespace));
        }
        assert_eq!(interned(b"http://cyclonedx.org/schema/bom/1.8"), None);
        assert_eq!(interned(b"urn:x"), None);
    }
}
