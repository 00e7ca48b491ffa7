//! The on-disk layout of the vulnerability database.
//!
//! One file, `vulndb.bin`, written whole to a temporary file, synced and renamed over the old
//! one, so a reader sees either the previous database or the new one, never a mixture:
//!
//! ```text
//! magic "TPLCVDB\0" | u32 format | u32 0 | u64 header length | u64 FNV-1a of header | header | records
//! ```
//!
//! The header (postcard) holds everything a scan needs to find candidates: the sorted advisory
//! id table with each record's offset, the package-key index, the CPE index, the alias index,
//! KEV and EPSS. Records (postcard-encoded [`Advisory`] values) are read one by one, positionally,
//! when a candidate needs them, so loading reads only the header.

use serde::{Deserialize, Serialize};
use tplc_advisory::{Advisory, AdvisorySource, KevEntry};

/// The file's first bytes.
pub(crate) const MAGIC: &[u8; 8] = b"TPLCVDB\0";
/// The layout version this build reads and writes.
pub(crate) const FORMAT: u32 = 1;
/// Bytes before the header.
pub(crate) const PREAMBLE: usize = 32;

/// A reference from an index entry to one affected package of one advisory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct AffectedRef {
    /// Index into [`Header::records`].
    pub(crate) advisory: u32,
    /// Index into that advisory's `affected`.
    pub(crate) affected: u32,
}

/// Where one advisory is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RecordEntry {
    /// The advisory id.
    pub(crate) id: String,
    /// Its source.
    pub(crate) source: Option<AdvisorySource>,
    /// Offset of its bytes after the header.
    pub(crate) offset: u64,
    /// Length of its bytes.
    pub(crate) length: u32,
}

/// An index entry: a key and the references under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IndexEntry<T> {
    /// The key (package key, `vendor:product`, or an alias id).
    pub(crate) key: String,
    /// What is filed under it, sorted.
    pub(crate) values: Vec<T>,
}

/// The EPSS score of one CVE, packed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct PackedEpss {
    /// `year * 1e9 + number` of the CVE id.
    pub(crate) cve: u64,
    /// Probability, 0–1.
    pub(crate) epss: f32,
    /// Percentile, 0–1.
    pub(crate) percentile: f32,
}

/// What was imported from one kind of source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceStatus {
    /// `osv`, `nvd`, `jvn`, `kev` or `epss`.
    pub kind: String,
    /// The paths of the last import that changed the database.
    pub paths: Vec<String>,
    /// When that import ran, RFC 3339.
    pub imported_at: String,
    /// Records the source holds in the database.
    pub records: u64,
    /// Records skipped at that import (unreadable), and problems reported.
    pub skipped: u64,
    /// Affected entries that cannot be matched (unknown ecosystem, unparsable version, …).
    pub unmatchable: u64,
}

/// Facts about the database as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct Meta {
    /// Per-source status, sorted by kind.
    pub(crate) sources: Vec<SourceStatus>,
    /// The score date of the EPSS data.
    pub(crate) epss_date: Option<String>,
    /// For each incrementally imported OSV directory: its path and the newest `modified` read.
    pub(crate) incremental: Vec<(String, String)>,
    /// Advisories per ecosystem (the part before any `:`), sorted by ecosystem.
    pub(crate) ecosystems: Vec<(String, u64)>,
    /// Digest of the content (records, KEV, EPSS): an import that would not change it writes nothing.
    pub(crate) content_digest: u64,
}

/// Everything but the records.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct Header {
    pub(crate) meta: Meta,
    /// Sorted by (id, source).
    pub(crate) records: Vec<RecordEntry>,
    /// Package key → affected packages, sorted by key.
    pub(crate) packages: Vec<IndexEntry<AffectedRef>>,
    /// `vendor:product` → advisories with CPE configurations naming it, sorted by key.
    pub(crate) cpes: Vec<IndexEntry<u32>>,
    /// Alias id → advisories listing it, sorted by key.
    pub(crate) aliases: Vec<IndexEntry<u32>>,
    /// KEV, sorted by CVE id.
    pub(crate) kev: Vec<KevEntry>,
    /// EPSS, sorted by CVE.
    pub(crate) epss: Vec<PackedEpss>,
}

/// FNV-1a, 64 bits: a cheap check that a header was not damaged.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Continues an FNV-1a hash over more bytes.
pub(crate) fn fnv1a_continue(mut hash: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Packs a CVE id (`CVE-2021-44228`) for the EPSS table.
pub(crate) fn pack_cve(id: &str) -> Option<u64> {
    let rest = id
        .strip_prefix("CVE-")
        .or_else(|| id.strip_prefix("cve-"))?;
    let (year, number) = rest.split_once('-')?;
    let year: u64 = year.parse().ok()?;
    let number: u64 = number.parse().ok()?;
    (number < 1_000_000_000).then_some(year * 1_000_000_000 + number)
}

/// Encodes one record.
pub(crate) fn encode_record(advisory: &Advisory) -> Result<Vec<u8>, postcard::Error> {
    postcard::to_stdvec(advisory)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cve_ids_pack_uniquely() {
        assert_eq!(pack_cve("CVE-2021-44228"), Some(2_021_000_044_228));
        assert_ne!(pack_cve("CVE-2021-1234"), pack_cve("CVE-2021-12340"));
        assert_eq!(pack_cve("GHSA-xxxx"), None);
        assert_eq!(pack_cve("CVE-2021-"), None);
    }

    #[test]
    fn fnv_detects_a_changed_byte() {
        assert_ne!(fnv1a(b"header"), fnv1a(b"headex"));
        assert_eq!(fnv1a_continue(fnv1a(b"ab"), b"cd"), fnv1a(b"abcd"));
    }
}
