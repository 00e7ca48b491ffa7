//! SBOM operations of tplc over the normalised model of `tplc-model`.
//!
//! - [`check`]: the minimum-elements check against a [`Profile`]. Profiles are data (TOML files
//!   under `profiles/`, embedded in the binary, or loaded from a user's file): which
//!   [`Element`]s the document and each component must carry and which components are in
//!   scope. The elements themselves are code, each documented with the fields it reads.
//! - [`diff`]: added, removed and changed components between two documents, by
//!   [`ComponentIdentity`](tplc_model::ComponentIdentity).
//! - [`merge`]: supplier SBOMs assembled under one product component, dependency graph intact,
//!   provenance kept.
//! - [`Messages`]: the English and Japanese message catalogs of these reports.

mod check;
mod diff;
mod element;
mod graph;
mod merge;
mod messages;
mod profile;

pub use check::{CheckReport, ComponentGaps, check};
pub use diff::{ComponentChange, DiffReport, FieldChange, diff};
pub use element::{Element, ElementLevel};
pub use graph::reachable_from_root;
pub use merge::{MergeError, MergeInput, SOURCE_PROPERTY, merge};
pub use messages::{Language, Messages};
pub use profile::{ComponentScope, Profile, ProfileError};
