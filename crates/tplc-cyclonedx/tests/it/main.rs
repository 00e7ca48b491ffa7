//! Integration tests of tplc-cyclonedx.

mod conformance;
mod examples;
mod key_order;
mod later_versions;
mod malformed;
mod round_trip;
mod schema;
mod support;
mod unique;
mod writer;
