//! Integration tests of tplc-cyclonedx.

mod conformance;
mod examples;
mod malformed;
mod round_trip;
mod schema;
mod support;
mod writer;
