//! Integration tests of the CycloneDX XML reader and writer.

mod conformance;
mod crafted;
mod json_twins;
mod mutation;
mod round_trip;
mod schema;
mod streaming;
mod support;
mod validity;
