//! CycloneDX JSON for tplc: read (with validation), and write CycloneDX 1.6.
//!
//! [`read_json`] accepts `specVersion` 1.2 to 1.7 and checks each document against the rules
//! of the official JSON schema of its version, written here in Rust (the schema files are not
//! shipped): required properties, `additionalProperties: false` (1.4+), closed vocabularies
//! as they grew per version (component types, external reference types, hash algorithms,
//! scopes, lifecycle phases, patch and issue types, data flows), the `serialNumber`, `mime-type`
//! and `hash-content` patterns (digest length per algorithm), `date-time` timestamps, SPDX
//! licence ids (the `spdx` crate's list), licence choice (`license` xor `expression`; from 1.5
//! to 1.6 licences only or exactly one expression), non-empty (1.5+) and unique `bom-ref`s and
//! dependency targets that name a component or service of the document (or a BOM-Link).
//! Errors name the place as a JSON pointer, or line and column for malformed JSON.
//!
//! The model takes what it interprets; everything else is kept verbatim as
//! [`RawFragment::Json`](tplc_model::RawFragment::Json) so that JSON → model → JSON loses
//! nothing:
//! - in `Component::raw`: `pedigree`, `evidence`, `releaseNotes`, `modelCard`, `data`,
//!   `cryptoProperties`, `signature` (and 1.7's `versionRange`, `isExternal`,
//!   `patentAssertions`);
//! - in `SbomDocument::raw`: `services`, `compositions`, `vulnerabilities`, `annotations`,
//!   `formulation`, `declarations`, `definitions`, `signature` (1.7: `citations`), and under the
//!   key `metadata` an object of the metadata parts the model cannot hold exactly: `tools` in
//!   the 1.5+ object form when a tool has more than [`Tool`](tplc_model::Tool) holds (a
//!   supplier, licences, …), `lifecycles` with descriptions, `manufacture` beside
//!   `manufacturer`, 1.7's `distributionConstraints`;
//! - 1.2 and 1.3 documents (non-strict schemas) may carry extension properties on the root,
//!   metadata and components; those are kept too (and reported as omissions when written).
//!
//! Deep checks of kept parts cover `pedigree` (its components checked as components) and
//! `services` (recursively, with data flows); the other kept parts are checked for their JSON
//! type only, and `format: iri-reference` is not checked. The deprecated
//! `metadata.manufacture` is read into `Metadata::manufacturer` when `manufacturer` is absent.
//!
//! [`write_json`] writes CycloneDX 1.6 JSON that validates against `bom-1.6.schema.json`, in
//! the schema's field order, with the kept fragments back in place, made to fit 1.6 first
//! along a table of what the 1.6 schema allows where (derived from the official schema and
//! checked against it by a unit test); what it cannot carry is listed in
//! [`Written::omissions`](tplc_model::Written) (see [`write_json`]).

mod component;
mod conform;
mod elements;
mod error;
mod fragments;
mod location;
mod metadata;
mod read;
mod references;
mod root;
mod rules;
mod schema;
mod version;
mod wire;
mod wire_de;
mod write;
mod write_component;
mod write_elements;
mod write_metadata;

pub use error::ReadError;
pub use read::read_json;
pub use write::write_json;
