//! The repository-level test suite, run against SQLite always and against PostgreSQL when
//! `TPLC_TEST_POSTGRES_URL` is set.

mod support;

mod accounts;
mod analyses;
mod audit;
mod compliance;
mod finding_list;
mod fixtures;
mod jobs;
mod lifecycle;
mod properties;
mod sbom;
mod scope;
mod sessions;
