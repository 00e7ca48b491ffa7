//! The domain model of tplc, free of I/O.
//!
//! One normalised model of a software bill of materials (SBOM) that the CycloneDX and SPDX
//! readers fill and the writers, the minimum-elements check, diff and merge consume. Japan's
//! QA#6 (product.md R6) makes the SBOM a regulatory record: every component carries the seven
//! elements (supplier, name, version, unique identifier, relationship, author, timestamp), so
//! the model keeps each of them as a first-class field rather than a format-specific detail.
//!
//! Products, product versions and SBOM documents are separate types: a product version points
//! at the SBOM documents that describe it, and components get a stable [`ComponentIdentity`]
//! (purl without version, else supplier + group + name) that later issues key findings and
//! analyses on.

mod component;
mod document;
mod entity;
mod hash;
mod identity;
mod license;
mod product;
mod property;
mod raw;
mod reference;
mod relationship;
mod vocabulary;
mod written;

pub use component::{Component, Swid};
pub use document::{LIFECYCLE_PHASES, Metadata, SbomDocument, SourceFormat, Tool, ToolKind};
pub use entity::{OrganizationalContact, OrganizationalEntity};
pub use hash::{Hash, HashAlgorithm};
pub use identity::ComponentIdentity;
pub use license::{AttachedText, LicenseAcknowledgement, LicenseChoice, LicenseKind};
pub use product::{Product, ProductId, ProductVersion, ProductVersionId, SbomDocumentId};
pub use property::Property;
pub use raw::{RawFragment, RawMap};
pub use reference::{EXTERNAL_REFERENCE_KINDS, ExternalReference, external_reference_kind_since};
pub use relationship::{Dependency, Relationship, RelationshipKind};
pub use vocabulary::{ComponentType, Scope, UnknownValue};
pub use written::{Omission, Written};
