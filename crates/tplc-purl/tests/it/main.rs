//! Integration tests of tplc-purl: the purl-spec conformance suites, type rules and properties.

mod conformance;
mod properties;
mod rules;
