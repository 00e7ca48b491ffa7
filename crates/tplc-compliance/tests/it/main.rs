//! Integration tests of tplc-compliance.

mod annex_f;
mod assessment;
mod bad_catalogs;
mod builtin;
mod lifecycle;
mod properties;
mod seeds;
