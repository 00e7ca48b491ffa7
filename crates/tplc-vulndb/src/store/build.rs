//! Building the header and records from the database content.

use std::collections::{BTreeMap, BTreeSet};

use tplc_advisory::{Advisory, AdvisorySource, EpssScore, KevEntry, RangeKind};
use tplc_version::{EventRange, Scheme};

use super::format::{
    AffectedRef, Header, IndexEntry, Meta, PackedEpss, RecordEntry, encode_record, fnv1a_continue,
    pack_cve,
};
use crate::error::DbError;
use crate::keys::advisory_key;
use crate::matching::{event_pairs, range_scheme};

/// Everything the database holds, in a form that merges and compares easily.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Content {
    /// Advisories by (id, source).
    pub(crate) advisories: BTreeMap<(String, Option<AdvisorySource>), Advisory>,
    /// KEV entries by CVE id.
    pub(crate) kev: BTreeMap<String, KevEntry>,
    /// EPSS scores by packed CVE id.
    pub(crate) epss: BTreeMap<u64, PackedEpss>,
    /// The EPSS score date.
    pub(crate) epss_date: Option<String>,
}

impl Content {
    /// Adds EPSS rows.
    pub(crate) fn add_epss(&mut self, score: &EpssScore) -> bool {
        let Some(cve) = pack_cve(&score.cve) else {
            return false;
        };
        #[expect(clippy::cast_possible_truncation, reason = "probabilities fit f32")]
        self.epss.insert(
            cve,
            PackedEpss {
                cve,
                epss: score.epss as f32,
                percentile: score.percentile as f32,
            },
        );
        if score.score_date.is_some() {
            self.epss_date.clone_from(&score.score_date);
        }
        true
    }
}

fn index<T: Ord>(map: BTreeMap<String, BTreeSet<T>>) -> Vec<IndexEntry<T>> {
    map.into_iter()
        .map(|(key, values)| IndexEntry {
            key,
            values: values.into_iter().collect(),
        })
        .collect()
}

/// A problem with one stored advisory that keeps part of it from matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportIssue {
    /// The advisory id.
    pub advisory: String,
    /// What cannot be matched, and why.
    pub message: String,
}

/// The header (without `meta.sources`, which the importer fills), the records region and the
/// problems found while indexing.
pub(crate) struct Built {
    pub(crate) header: Header,
    pub(crate) records: Vec<u8>,
    pub(crate) issues: Vec<ImportIssue>,
}

/// Builds the indexes and encodes the records.
pub(crate) fn build(content: &Content, meta: Meta) -> Result<Built, DbError> {
    let mut records = Vec::new();
    let mut entries = Vec::with_capacity(content.advisories.len());
    let mut packages: BTreeMap<String, BTreeSet<AffectedRef>> = BTreeMap::new();
    let mut cpes: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut aliases: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut ecosystems: BTreeMap<String, u64> = BTreeMap::new();
    let mut issues = Vec::new();
    let mut digest = 0xcbf2_9ce4_8422_2325_u64;
    for (index, ((id, source), advisory)) in content.advisories.iter().enumerate() {
        let index = u32::try_from(index).map_err(|_| DbError::TooLarge)?;
        let bytes = encode_record(advisory).map_err(|error| DbError::Encode(error.to_string()))?;
        digest = fnv1a_continue(digest, &bytes);
        entries.push(RecordEntry {
            id: id.clone(),
            source: *source,
            offset: records.len() as u64,
            length: u32::try_from(bytes.len()).map_err(|_| DbError::TooLarge)?,
        });
        records.extend_from_slice(&bytes);
        for alias in &advisory.aliases {
            aliases.entry(alias.clone()).or_default().insert(index);
        }
        let mut counted = BTreeSet::new();
        for affected in &advisory.affected {
            let base = affected.ecosystem.split(':').next().unwrap_or_default();
            if !base.is_empty() && counted.insert(base.to_owned()) {
                *ecosystems.entry(base.to_owned()).or_default() += 1;
            }
        }
        if source == &Some(AdvisorySource::Nvd) {
            *ecosystems.entry("NVD (CPE)".to_owned()).or_default() += 1;
        } else if source == &Some(AdvisorySource::Jvn) {
            *ecosystems.entry("JVN (CPE)".to_owned()).or_default() += 1;
        }
        if advisory.withdrawn.is_some() {
            continue;
        }
        index_affected(advisory, index, &mut packages, &mut issues);
        for configuration in &advisory.cpe_configurations {
            for node in &configuration.nodes {
                for criterion in &node.matches {
                    match crate::matching::cpe_key(&criterion.criteria) {
                        Some(key) => {
                            cpes.entry(key).or_default().insert(index);
                        }
                        None => issues.push(ImportIssue {
                            advisory: id.clone(),
                            message: format!("unreadable CPE {:?}", criterion.criteria),
                        }),
                    }
                }
            }
        }
    }
    for entry in content.kev.values() {
        digest = fnv1a_continue(digest, entry.cve_id.as_bytes());
        digest = fnv1a_continue(digest, entry.date_added.as_bytes());
        digest = fnv1a_continue(digest, entry.due_date.as_bytes());
    }
    for score in content.epss.values() {
        digest = fnv1a_continue(digest, &score.cve.to_le_bytes());
        digest = fnv1a_continue(digest, &score.epss.to_le_bytes());
        digest = fnv1a_continue(digest, &score.percentile.to_le_bytes());
    }
    let header = Header {
        meta: Meta {
            content_digest: digest,
            ecosystems: ecosystems.into_iter().collect(),
            epss_date: content.epss_date.clone(),
            ..meta
        },
        records: entries,
        packages: index(packages),
        cpes: index(cpes),
        aliases: index(aliases),
        kev: content.kev.values().cloned().collect(),
        epss: content.epss.values().copied().collect(),
    };
    Ok(Built {
        header,
        records,
        issues,
    })
}

fn index_affected(
    advisory: &Advisory,
    index: u32,
    packages: &mut BTreeMap<String, BTreeSet<AffectedRef>>,
    issues: &mut Vec<ImportIssue>,
) {
    for (position, affected) in advisory.affected.iter().enumerate() {
        let Ok(position) = u32::try_from(position) else {
            break;
        };
        match advisory_key(&affected.ecosystem, &affected.name) {
            Ok(key) => {
                packages.entry(key).or_default().insert(AffectedRef {
                    advisory: index,
                    affected: position,
                });
            }
            Err(crate::keys::KeyIssue::NoPackage) => continue,
            Err(issue) => {
                issues.push(ImportIssue {
                    advisory: advisory.id.clone(),
                    message: issue.to_string(),
                });
                continue;
            }
        }
        let Some(scheme) = Scheme::from_osv_ecosystem(&affected.ecosystem) else {
            continue;
        };
        for range in &affected.ranges {
            if range.kind == RangeKind::Git {
                continue;
            }
            let Some(range_scheme) = range_scheme(&range.kind, scheme) else {
                issues.push(ImportIssue {
                    advisory: advisory.id.clone(),
                    message: format!(
                        "{}: range type {:?} is not evaluated",
                        affected.name, range.kind
                    ),
                });
                continue;
            };
            if let Err(error) = EventRange::new(range_scheme, event_pairs(range)) {
                issues.push(ImportIssue {
                    advisory: advisory.id.clone(),
                    message: format!("{} ({}): {error}", affected.name, affected.ecosystem),
                });
            }
        }
    }
}
