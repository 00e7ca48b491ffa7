//! Integration tests of tplc-cpe.

mod corpus;
mod properties;
