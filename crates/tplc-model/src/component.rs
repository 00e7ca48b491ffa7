//! A component of an SBOM: a piece of software, firmware, hardware or data.

use serde::{Deserialize, Serialize};

use crate::{
    AttachedText, ComponentIdentity, ComponentType, ExternalReference, Hash, LicenseChoice,
    OrganizationalContact, OrganizationalEntity, Property, RawMap, Scope,
};

/// A SWID tag of a component (ISO/IEC 19770-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Swid {
    /// The tag's `tagId`.
    pub tag_id: String,
    /// The software's name.
    pub name: String,
    /// The software's version.
    pub version: Option<String>,
    /// The tag's own version.
    pub tag_version: Option<i64>,
    /// Whether the tag describes a patch.
    pub patch: Option<bool>,
    /// The tag itself.
    pub text: Option<AttachedText>,
    /// Where the tag can be read.
    pub url: Option<String>,
}

/// One component, with nested sub-components.
///
/// The seven elements of Japan's QA#6 map to: [`supplier`](Self::supplier) (①),
/// [`name`](Self::name) (②), [`version`](Self::version) (③), [`purl`](Self::purl),
/// [`cpe`](Self::cpe), [`swid`](Self::swid) and the other identifiers (④), the document's
/// dependency graph and nesting (⑤), and the document's authors (⑥) and timestamp (⑦).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// Reference used in the dependency graph (`bom-ref`; the SPDXID for SPDX documents).
    pub bom_ref: Option<String>,
    /// What the component is.
    pub component_type: ComponentType,
    /// Media type, for files and data.
    pub mime_type: Option<String>,
    /// The organisation that supplied the component.
    pub supplier: Option<OrganizationalEntity>,
    /// The organisation that made the component (CycloneDX 1.6).
    pub manufacturer: Option<OrganizationalEntity>,
    /// The people who made the component (CycloneDX 1.6 `authors`; SPDX `originator`).
    pub authors: Vec<OrganizationalContact>,
    /// The author as free text (CycloneDX before 1.6, deprecated since).
    pub author: Option<String>,
    /// The publisher as free text.
    pub publisher: Option<String>,
    /// The group, namespace or vendor (Maven groupId, npm scope).
    pub group: Option<String>,
    /// The component's name.
    pub name: String,
    /// The component's version.
    pub version: Option<String>,
    /// A description.
    pub description: Option<String>,
    /// Whether the component is needed at run time.
    pub scope: Option<Scope>,
    /// Digests of the component.
    pub hashes: Vec<Hash>,
    /// Licences.
    pub licenses: Vec<LicenseChoice>,
    /// Copyright text.
    pub copyright: Option<String>,
    /// CPE 2.2 or 2.3 name.
    pub cpe: Option<String>,
    /// Package URL, as the source wrote it (validated with `tplc-purl` where it is used).
    pub purl: Option<String>,
    /// OmniBOR artifact identifiers (CycloneDX 1.6).
    pub omnibor_ids: Vec<String>,
    /// Software Heritage identifiers (CycloneDX 1.6).
    pub swhids: Vec<String>,
    /// SWID tag.
    pub swid: Option<Swid>,
    /// Whether the component was modified from the original (CycloneDX before 1.4).
    pub modified: Option<bool>,
    /// Links to outside resources.
    pub external_references: Vec<ExternalReference>,
    /// Name-value properties.
    pub properties: Vec<Property>,
    /// Tags (CycloneDX 1.6 `tags`).
    pub tags: Vec<String>,
    /// Sub-components (assemblies).
    pub components: Vec<Self>,
    /// Parts kept verbatim: `pedigree`, `evidence`, `releaseNotes`, `modelCard`, `data`,
    /// `cryptoProperties`, `signature`.
    pub raw: RawMap,
}

impl Component {
    /// A component with a type and a name and nothing else.
    #[must_use]
    pub fn new(component_type: ComponentType, name: impl Into<String>) -> Self {
        Self {
            bom_ref: None,
            component_type,
            mime_type: None,
            supplier: None,
            manufacturer: None,
            authors: Vec::new(),
            author: None,
            publisher: None,
            group: None,
            name: name.into(),
            version: None,
            description: None,
            scope: None,
            hashes: Vec::new(),
            licenses: Vec::new(),
            copyright: None,
            cpe: None,
            purl: None,
            omnibor_ids: Vec::new(),
            swhids: Vec::new(),
            swid: None,
            modified: None,
            external_references: Vec::new(),
            properties: Vec::new(),
            tags: Vec::new(),
            components: Vec::new(),
            raw: RawMap::new(),
        }
    }

    /// The supplier's name: `supplier`, else `manufacturer`, else `publisher` (NTIA mapping,
    /// standards.md §7).
    #[must_use]
    pub fn supplier_name(&self) -> Option<&str> {
        self.supplier
            .as_ref()
            .and_then(OrganizationalEntity::display_name)
            .or_else(|| {
                self.manufacturer
                    .as_ref()
                    .and_then(OrganizationalEntity::display_name)
            })
            .or_else(|| non_blank(self.publisher.as_deref()))
    }

    /// The stable identity of the component across versions of a product.
    #[must_use]
    pub fn identity(&self) -> ComponentIdentity {
        ComponentIdentity::of(self)
    }

    /// The first value of the property with this name.
    #[must_use]
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|property| property.name == name)
            .and_then(|property| property.value.as_deref())
    }

    /// This component and every nested one, depth first, in document order.
    pub fn walk(&self) -> impl Iterator<Item = &Self> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let next = stack.pop()?;
            stack.extend(next.components.iter().rev());
            Some(next)
        })
    }
}

pub(crate) fn non_blank(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supplier_name_falls_back_to_manufacturer_then_publisher() {
        let mut component = Component::new(ComponentType::Library, "zlib");
        assert_eq!(component.supplier_name(), None);
        component.publisher = Some("Publisher".into());
        assert_eq!(component.supplier_name(), Some("Publisher"));
        component.manufacturer = Some(OrganizationalEntity::named("Maker"));
        assert_eq!(component.supplier_name(), Some("Maker"));
        component.supplier = Some(OrganizationalEntity::named("  "));
        assert_eq!(component.supplier_name(), Some("Maker"));
        component.supplier = Some(OrganizationalEntity::named("Supplier"));
        assert_eq!(component.supplier_name(), Some("Supplier"));
    }

    #[test]
    fn walk_visits_nested_components_depth_first_in_order() {
        let mut root = Component::new(ComponentType::Device, "root");
        let mut a = Component::new(ComponentType::Firmware, "a");
        a.components
            .push(Component::new(ComponentType::Library, "a1"));
        root.components.push(a);
        root.components
            .push(Component::new(ComponentType::Library, "b"));
        let names: Vec<_> = root
            .walk()
            .map(|component| component.name.as_str())
            .collect();
        assert_eq!(names, ["root", "a", "a1", "b"]);
    }
}
