//! Integration tests of OSV reading.

mod bad_input;
mod data;
mod formats;
mod incremental;
mod props;
mod schema;
mod support;
mod testdata;
