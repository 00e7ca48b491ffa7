//! The database as a scan sees it: the header in memory, records read on demand.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tplc_advisory::{Advisory, KevEntry};

use super::build::{Built, Content};
use super::format::{
    AffectedRef, FORMAT, Header, IndexEntry, MAGIC, PREAMBLE, SourceStatus, fnv1a, pack_cve,
};
use crate::error::DbError;
use crate::matching::{Prepared, prepare};

/// The file name of the database inside its directory.
pub const FILE_NAME: &str = "vulndb.bin";

/// Where the record bytes are.
#[derive(Debug)]
enum Records {
    /// In the file, after the header.
    File { file: File, base: u64 },
    /// In memory (a database built in-process).
    Memory(Vec<u8>),
}

/// A loaded vulnerability database.
///
/// Loading reads the header only; advisories are decoded when first needed and then cached,
/// so a scan touches only the records of its candidates. `Database` is `Sync`: one instance
/// serves parallel scans.
#[derive(Debug)]
pub struct Database {
    path: Option<PathBuf>,
    header: Header,
    records: Records,
    cache: Vec<OnceLock<Arc<Advisory>>>,
    prepared: Vec<OnceLock<Arc<Prepared>>>,
}

/// A summary of what a database holds, for `tplc db status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The database file.
    pub path: Option<PathBuf>,
    /// Per-source status.
    pub sources: Vec<SourceStatus>,
    /// Advisories in all.
    pub advisories: u64,
    /// Advisories per ecosystem.
    pub ecosystems: Vec<(String, u64)>,
    /// Package keys indexed.
    pub packages: u64,
    /// `vendor:product` keys indexed.
    pub cpe_products: u64,
    /// KEV entries.
    pub kev: u64,
    /// EPSS scores, and their date.
    pub epss: (u64, Option<String>),
}

/// EPSS figures for one CVE.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Epss {
    /// Probability of exploitation in the next 30 days, 0–1.
    pub score: f32,
    /// Percentile, 0–1.
    pub percentile: f32,
}

fn find<'a, T>(index: &'a [IndexEntry<T>], key: &str) -> &'a [T] {
    index
        .binary_search_by(|entry| entry.key.as_str().cmp(key))
        .map_or(&[], |found| index[found].values.as_slice())
}

impl Database {
    /// Opens the database in `dir`.
    ///
    /// # Errors
    /// [`DbError::Missing`] when there is none yet, [`DbError::Corrupt`] when the file is not a
    /// database of this format, and I/O errors.
    pub fn open(dir: &Path) -> Result<Self, DbError> {
        let path = dir.join(FILE_NAME);
        let mut file = File::open(&path).map_err(|error| {
            if error.kind() == std::io::ErrorKind::NotFound {
                DbError::Missing(dir.to_path_buf())
            } else {
                DbError::Io(path.clone(), error)
            }
        })?;
        let corrupt = |why: &str| DbError::Corrupt(path.clone(), why.to_owned());
        let mut preamble = [0_u8; PREAMBLE];
        file.read_exact(&mut preamble)
            .map_err(|_| corrupt("shorter than its preamble"))?;
        if &preamble[..8] != MAGIC {
            return Err(corrupt("not a tplc vulnerability database"));
        }
        let format = u32::from_le_bytes(preamble[8..12].try_into().unwrap_or_default());
        if format != FORMAT {
            return Err(DbError::Corrupt(
                path.clone(),
                format!("format {format}, this build reads {FORMAT}: import again"),
            ));
        }
        let length = u64::from_le_bytes(preamble[16..24].try_into().unwrap_or_default());
        let checksum = u64::from_le_bytes(preamble[24..32].try_into().unwrap_or_default());
        let file_length = file
            .metadata()
            .map_err(|error| DbError::Io(path.clone(), error))?
            .len();
        if length > file_length {
            return Err(corrupt("header longer than the file"));
        }
        let mut bytes =
            vec![0_u8; usize::try_from(length).map_err(|_| corrupt("header too large"))?];
        file.read_exact(&mut bytes)
            .map_err(|error| DbError::Io(path.clone(), error))?;
        if fnv1a(&bytes) != checksum {
            return Err(corrupt("header checksum mismatch"));
        }
        let header: Header =
            postcard::from_bytes(&bytes).map_err(|error| corrupt(&error.to_string()))?;
        let base = PREAMBLE as u64 + length;
        Ok(Self::from_parts(
            Some(path),
            header,
            Records::File { file, base },
        ))
    }

    /// A database held in memory, built from advisories (tests, one-off scans).
    ///
    /// # Errors
    /// When a record cannot be encoded.
    pub fn from_advisories(
        advisories: impl IntoIterator<Item = Advisory>,
        kev: impl IntoIterator<Item = KevEntry>,
    ) -> Result<Self, DbError> {
        let mut content = Content::default();
        for advisory in advisories {
            content
                .advisories
                .insert((advisory.id.clone(), advisory.source), advisory);
        }
        for entry in kev {
            content.kev.insert(entry.cve_id.clone(), entry);
        }
        let Built {
            header, records, ..
        } = super::build::build(&content, super::format::Meta::default())?;
        Ok(Self::from_parts(None, header, Records::Memory(records)))
    }

    fn from_parts(path: Option<PathBuf>, header: Header, records: Records) -> Self {
        let cache = (0..header.records.len()).map(|_| OnceLock::new()).collect();
        let prepared = (0..header.records.len()).map(|_| OnceLock::new()).collect();
        Self {
            path,
            header,
            records,
            cache,
            prepared,
        }
    }

    pub(crate) fn header(&self) -> &Header {
        &self.header
    }

    /// Number of advisories stored.
    #[must_use]
    pub fn len(&self) -> usize {
        self.header.records.len()
    }

    /// Whether no advisory is stored.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.header.records.is_empty()
    }

    /// The affected packages filed under a package key.
    pub(crate) fn package(&self, key: &str) -> &[AffectedRef] {
        find(&self.header.packages, key)
    }

    /// The advisories whose CPE configurations name `vendor:product`.
    pub(crate) fn cpe(&self, key: &str) -> &[u32] {
        find(&self.header.cpes, key)
    }

    /// The advisory at an index.
    ///
    /// # Errors
    /// When the record cannot be read or decoded.
    pub fn advisory(&self, index: u32) -> Result<Arc<Advisory>, DbError> {
        let slot = self
            .cache
            .get(index as usize)
            .ok_or(DbError::NoSuchRecord(index))?;
        if let Some(advisory) = slot.get() {
            return Ok(Arc::clone(advisory));
        }
        let entry = &self.header.records[index as usize];
        let decoded = match &self.records {
            Records::Memory(bytes) => {
                let start =
                    usize::try_from(entry.offset).map_err(|_| DbError::NoSuchRecord(index))?;
                let end = start + entry.length as usize;
                let slice = bytes.get(start..end).ok_or(DbError::NoSuchRecord(index))?;
                postcard::from_bytes(slice)
            }
            Records::File { file, base } => {
                let mut buffer = vec![0_u8; entry.length as usize];
                file.read_exact_at(&mut buffer, base + entry.offset)
                    .map_err(|error| DbError::Io(self.path.clone().unwrap_or_default(), error))?;
                postcard::from_bytes(&buffer)
            }
        }
        .map_err(|error| {
            DbError::Corrupt(
                self.path.clone().unwrap_or_default(),
                format!("record {}: {error}", entry.id),
            )
        })?;
        Ok(Arc::clone(slot.get_or_init(|| Arc::new(decoded))))
    }

    /// The advisory at an index with its ranges parsed for evaluation (cached).
    pub(crate) fn prepared(&self, index: u32) -> Result<Arc<Prepared>, DbError> {
        let slot = self
            .prepared
            .get(index as usize)
            .ok_or(DbError::NoSuchRecord(index))?;
        if let Some(prepared) = slot.get() {
            return Ok(Arc::clone(prepared));
        }
        let advisory = self.advisory(index)?;
        Ok(Arc::clone(
            slot.get_or_init(|| Arc::new(prepare(&advisory))),
        ))
    }

    /// Every advisory, decoded (for imports and reference checks).
    ///
    /// # Errors
    /// When a record cannot be read.
    pub fn advisories(&self) -> Result<Vec<Arc<Advisory>>, DbError> {
        (0..self.len())
            .map(|index| self.advisory(u32::try_from(index).map_err(|_| DbError::TooLarge)?))
            .collect()
    }

    /// The indexes of the advisories with this id, or listing it as an alias.
    #[must_use]
    pub fn lookup(&self, id: &str) -> Vec<u32> {
        let start = self
            .header
            .records
            .partition_point(|entry| entry.id.as_str() < id);
        let mut found: Vec<u32> = self.header.records[start..]
            .iter()
            .take_while(|entry| entry.id == id)
            .enumerate()
            .filter_map(|(offset, _)| u32::try_from(start + offset).ok())
            .collect();
        found.extend_from_slice(find(&self.header.aliases, id));
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The KEV entry of a CVE id.
    #[must_use]
    pub fn kev(&self, cve: &str) -> Option<&KevEntry> {
        self.header
            .kev
            .binary_search_by(|entry| entry.cve_id.as_str().cmp(cve))
            .ok()
            .map(|found| &self.header.kev[found])
    }

    /// The EPSS figures of a CVE id.
    #[must_use]
    pub fn epss(&self, cve: &str) -> Option<Epss> {
        let packed = pack_cve(cve)?;
        self.header
            .epss
            .binary_search_by(|entry| entry.cve.cmp(&packed))
            .ok()
            .map(|found| Epss {
                score: self.header.epss[found].epss,
                percentile: self.header.epss[found].percentile,
            })
    }

    /// What the database holds.
    #[must_use]
    pub fn status(&self) -> Status {
        let meta = &self.header.meta;
        Status {
            path: self.path.clone(),
            sources: meta.sources.clone(),
            advisories: self.header.records.len() as u64,
            ecosystems: meta.ecosystems.clone(),
            packages: self.header.packages.len() as u64,
            cpe_products: self.header.cpes.len() as u64,
            kev: self.header.kev.len() as u64,
            epss: (self.header.epss.len() as u64, meta.epss_date.clone()),
        }
    }
}
