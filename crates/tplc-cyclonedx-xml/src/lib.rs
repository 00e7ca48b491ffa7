//! CycloneDX XML for tplc: read and validate documents of CycloneDX 1.2 to 1.6 (and 1.0, 1.1
//! and 1.7) into the normalised [`SbomDocument`](tplc_model::SbomDocument) model, and write the
//! model as CycloneDX 1.6 XML.
//!
//! [`read_xml`] fills the model exactly as a JSON reader fills it from the equivalent JSON
//! document, and keeps what the model does not interpret (pedigree, evidence, services,
//! vulnerabilities, …) verbatim as [`RawFragment::Xml`](tplc_model::RawFragment) under the
//! CycloneDX JSON property name, so that reading and writing XML loses nothing the model and
//! the raw parts hold. Documents are parsed with `quick-xml` in one pass that holds one
//! component (or dependency entry) at a time as a tree, never the whole document, and borrows
//! names and text from the input; document type declarations are refused, so no entity is
//! ever expanded, and element nesting is bounded.
//!
//! Validation applies the rules of the CycloneDX XML schemas (`bom-1.x.xsd` and `spdx.xsd`)
//! written out in Rust: see the `validate` module for the list, and for what is left lenient
//! so that real SBOMs ingest (unknown elements of the CycloneDX namespace are ignored, element
//! order is not enforced). Elements of other namespaces are ignored where the schema allows
//! extensions (`##other`).
//!
//! [`write_xml`] writes the fields in the sequence order of `bom-1.6.xsd`, puts raw XML parts
//! back in place in the 1.6 namespace, and lists what 1.6 XML cannot carry (parts read from
//! JSON, SPDX-only hash algorithms, relationships other than dependencies, …) in
//! [`Written::omissions`](tplc_model::Written). Values the schema restricts are made valid or
//! left out, with an omission each: CPEs are repaired with `tplc_cpe::Cpe::repair`, URLs and
//! purls (`xs:anyURI`) are percent-encoded where RFC 3986 requires (`git@host:path` →
//! `git@host%3Apath`), a repeated `bom-ref` is kept on its first element only, and raw parts
//! read from CycloneDX 1.7 lose the elements 1.6 does not have (algorithm families,
//! certificate serial numbers, patents, detailed IKEv2 transform types, …).

mod any_uri;
mod downgrade;
mod error;
mod lexical;
mod namespace;
mod read;
mod tree;
mod validate;
mod write;

pub use error::ReadError;
pub use read::read_xml;
pub use write::write_xml;
