//! Organisations and people (CycloneDX `organizationalEntity`, `organizationalContact`).

use serde::{Deserialize, Serialize};

use crate::RawFragment;

/// An organisation: a supplier, manufacturer or author of SBOM data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationalEntity {
    /// Reference used elsewhere in the document (`bom-ref`).
    pub bom_ref: Option<String>,
    /// The organisation's name.
    pub name: Option<String>,
    /// Postal address, kept as the source wrote it (CycloneDX 1.6 `address`).
    pub address: Option<RawFragment>,
    /// Web addresses of the organisation.
    pub urls: Vec<String>,
    /// People to contact.
    pub contacts: Vec<OrganizationalContact>,
}

impl OrganizationalEntity {
    /// An organisation known by name only.
    #[must_use]
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// The name, when it is present and not blank.
    #[must_use]
    pub fn display_name(&self) -> Option<&str> {
        self.name
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty())
    }
}

/// A person (or role) with optional e-mail and phone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationalContact {
    /// Reference used elsewhere in the document (`bom-ref`).
    pub bom_ref: Option<String>,
    /// The person's name.
    pub name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
}

impl OrganizationalContact {
    /// A contact known by name only.
    #[must_use]
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// The name, else the e-mail address, when either is present and not blank.
    #[must_use]
    pub fn display_name(&self) -> Option<&str> {
        [self.name.as_deref(), self.email.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|text| !text.is_empty())
    }
}
