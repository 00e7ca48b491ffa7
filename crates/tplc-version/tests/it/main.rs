//! Integration tests of tplc-version against the shared peer suites.

mod properties;
mod ranges;
mod vectors;
mod vers_spec;
