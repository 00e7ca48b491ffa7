//! Integration tests of the `tplc` binary, run as a process.

mod bad_input;
mod check;
mod convert;
mod diff_merge;
mod shared_verdicts;
mod support;
