//! The stable identity of a component across product versions.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Component;
use crate::component::non_blank;

/// What makes two components "the same component" in different SBOMs or product versions.
///
/// Taken from the purl without its version, qualifiers and subpath when the component has a
/// valid purl (`pkg:npm/%40angular/core`); otherwise from the supplier, group and name, lower
/// case. Findings and analyses are keyed on this identity (never on the vulnerability alone),
/// so an analysis can carry forward to later versions of a product.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ComponentIdentity {
    /// Canonical purl without version, qualifiers or subpath.
    Purl(String),
    /// Supplier (may be empty), group (may be empty) and name, lower case.
    Named {
        /// The supplier's name, lower case, or empty.
        supplier: String,
        /// The group, lower case, or empty.
        group: String,
        /// The name, lower case.
        name: String,
    },
}

impl ComponentIdentity {
    /// The identity of a component.
    #[must_use]
    pub fn of(component: &Component) -> Self {
        if let Some(purl) = component
            .purl
            .as_deref()
            .and_then(|text| text.parse::<tplc_purl::Purl>().ok())
        {
            return Self::Purl(purl.without_version().to_string());
        }
        Self::Named {
            supplier: non_blank(component.supplier_name())
                .unwrap_or_default()
                .to_lowercase(),
            group: non_blank(component.group.as_deref())
                .unwrap_or_default()
                .to_lowercase(),
            name: component.name.trim().to_lowercase(),
        }
    }
}

impl fmt::Display for ComponentIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Purl(purl) => f.write_str(purl),
            Self::Named {
                supplier,
                group,
                name,
            } => {
                if !supplier.is_empty() {
                    write!(f, "{supplier}: ")?;
                }
                if !group.is_empty() {
                    write!(f, "{group}/")?;
                }
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ComponentType, OrganizationalEntity};

    #[test]
    fn purl_identity_ignores_version_and_qualifiers() {
        let mut old = Component::new(ComponentType::Library, "core");
        old.purl = Some("pkg:npm/%40angular/core@15.0.0".into());
        let mut new = old.clone();
        new.purl = Some("pkg:npm/%40angular/core@16.1.0?arch=x64".into());
        assert_eq!(old.identity(), new.identity());
        assert_eq!(old.identity().to_string(), "pkg:npm/%40angular/core");
    }

    #[test]
    fn without_purl_identity_is_supplier_group_and_name() {
        let mut component = Component::new(ComponentType::Firmware, "Pump-FW");
        component.supplier = Some(OrganizationalEntity::named("ACME Medical"));
        assert_eq!(
            component.identity(),
            ComponentIdentity::Named {
                supplier: "acme medical".into(),
                group: String::new(),
                name: "pump-fw".into()
            }
        );
        assert_eq!(component.identity().to_string(), "acme medical: pump-fw");
    }
}
