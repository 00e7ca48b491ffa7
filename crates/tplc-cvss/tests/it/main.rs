//! Integration tests of tplc-cvss.

mod csaf;
mod malformed;
mod properties;
mod redhat_vectors;
