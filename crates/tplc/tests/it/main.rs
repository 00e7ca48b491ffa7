//! Integration tests of the `tplc` binary, run as a process.

mod bad_input;
mod check;
mod compliance_cmd;
mod convert;
mod cvss_cmd;
mod diff_merge;
mod lifecycle_cmd;
mod scan_cmd;
mod scan_formats;
mod serve_process;
mod server_admin;
mod shared_verdicts;
mod support;
mod version_cmd;
