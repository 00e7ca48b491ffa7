//! The server's test suite: a real server on 127.0.0.1:0, real HTTP clients, SQLite always and
//! PostgreSQL when `TPLC_TEST_POSTGRES_URL` is set.

mod support;

mod auth;
mod input;
mod matrix;
mod openapi;
mod upload;
