//! Streaming readers of the vulnerability feeds other than OSV, into the normalised model of
//! [`tplc_advisory`]:
//!
//! | feed | reader | gives |
//! | --- | --- | --- |
//! | NVD CVE API 2.0 pages and JSON 2.0 feeds (`nvdcve-2.0-<year>.json(.gz)`) | [`read_nvd_json`] | [`Advisory`] |
//! | JVN iPedia VULDEF 3.2 detail feeds (`jvndb_detail_<YYYY>.rdf`) and MyJVN `hnd` responses | [`read_jvn_vuldef`] | [`Advisory`] |
//! | MyJVN `getVulnDetailInfo` `oka` JSON (CSAF-based, or its STIX bundle) | [`read_myjvn_json`] | [`Advisory`] |
//! | CISA KEV (`known_exploited_vulnerabilities.json`) | [`read_kev_json`] | [`KevEntry`] |
//! | FIRST EPSS (`epss_scores-YYYY-MM-DD.csv(.gz)`) | [`read_epss_csv`] | [`EpssScore`] |
//!
//! Every reader takes any [`std::io::Read`] (gzip is recognised by its magic bytes, whatever
//! the name), the location to name in messages, and two callbacks: one for each record read,
//! one for each bad record, a [`RecordError`] whose location is the file with a JSON pointer
//! (`nvdcve-2.0-2021.json#/vulnerabilities/3/cve/id`), a line and column
//! (`jvndb_detail_2025.rdf:412:3`) or a line (`epss_scores-2026-11-30.csv:7`). The read goes
//! on after a bad record; it stops with a [`FeedError`] only when the input as a whole cannot
//! be read. It returns a [`ReadSummary`] of the records read and skipped.
//!
//! Large inputs are streamed: the NVD and KEV readers hold one record at a time, the VULDEF
//! reader one `Vulinfo` element. XML is read without any DTD: a `DOCTYPE` is an error and
//! entities other than the five predefined ones are never expanded.
//!
//! ```
//! let page = br#"{"format":"NVD_CVE","version":"2.0","vulnerabilities":[
//!   {"cve":{"id":"CVE-2021-44228","vulnStatus":"Analyzed",
//!     "descriptions":[{"lang":"en","value":"Apache Log4j2 JNDI features ..."}]}},
//!   {"cve":{"vulnStatus":"Analyzed"}}]}"#;
//! let (mut advisories, mut errors) = (Vec::new(), Vec::new());
//! let summary = tplc_feeds::read_nvd_json(&page[..], "page.json", |a| advisories.push(a), |e| errors.push(e))?;
//! assert_eq!((summary.read, summary.skipped), (1, 1));
//! assert_eq!(advisories[0].id, "CVE-2021-44228");
//! assert_eq!(errors[0].to_string(), "page.json#/vulnerabilities/1/cve/id: missing required member \"id\"");
//! # Ok::<(), tplc_feeds::FeedError>(())
//! ```
//!
//! [`Advisory`]: tplc_advisory::Advisory
//! [`KevEntry`]: tplc_advisory::KevEntry
//! [`EpssScore`]: tplc_advisory::EpssScore
//! [`RecordError`]: tplc_advisory::RecordError

mod common;
mod epss;
mod error;
mod input;
mod json;
mod kev;
mod merge;
mod myjvn;
mod nvd;
mod vuldef;
mod xml;

pub use epss::read_epss_csv;
pub use error::{FeedError, ReadSummary};
pub use input::{decompressed, open};
pub use kev::read_kev_json;
pub use merge::merge_jvn_languages;
pub use myjvn::read_myjvn_json;
pub use nvd::read_nvd_json;
pub use vuldef::{JvnLanguage, read_jvn_vuldef};
