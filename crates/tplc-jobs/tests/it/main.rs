//! The worker against SQLite always and PostgreSQL when `TPLC_TEST_POSTGRES_URL` is set.

mod support;

mod demo;
mod ingest;
mod recovery;
mod rematch;
