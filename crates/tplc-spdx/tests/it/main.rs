//! Integration tests of tplc-spdx.

mod corpus;
mod cross_format;
mod mapping;
mod models;
mod robustness;
mod round_trip;
mod validation;
mod validity;
