//! From the engine's findings to stored advisories and findings.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use tplc_advisory::Advisory;
use tplc_store::{
    AdvisoryKey, ComponentId, FindingFilter, NewFinding, OrganizationId, ProductVersionId,
    Severity, Timestamp, Tx,
};
use tplc_vulndb::{ComponentInput, Database, DbError, Level, ScanReport, Vulnerability};

use crate::JobsError;

/// The vulnerability database, or none yet (then nothing matches).
pub(crate) enum Vulndb {
    /// A database.
    Open(Arc<Database>),
    /// No database in the directory yet.
    Missing,
}

impl Vulndb {
    /// Opens the database of `dir`; a missing one is no error.
    pub(crate) fn open(dir: &Path) -> Result<Self, JobsError> {
        match Database::open(dir) {
            Ok(db) => Ok(Self::Open(Arc::new(db))),
            Err(DbError::Missing(_)) => Ok(Self::Missing),
            Err(error) => Err(error.into()),
        }
    }

    /// `"missing"`, or the number of advisories, for job summaries.
    pub(crate) fn describe(&self) -> serde_json::Value {
        match self {
            Self::Open(db) => serde_json::json!({"advisories": db.len()}),
            Self::Missing => serde_json::json!("missing"),
        }
    }
}

/// The engine's report on one SBOM, with the advisory records its findings show.
#[derive(Debug, Default)]
pub(crate) struct Matched {
    /// The report.
    pub(crate) report: Option<ScanReport>,
    /// The advisory shown by each vulnerability, by id.
    pub(crate) advisories: HashMap<String, Arc<Advisory>>,
}

/// Scans components (blocking: run it on a blocking thread).
pub(crate) fn scan(db: &Vulndb, inputs: &[ComponentInput]) -> Result<Matched, JobsError> {
    let Vulndb::Open(db) = db else {
        return Ok(Matched::default());
    };
    let report = tplc_vulndb::scan(db, inputs)?;
    let advisories = resolve(db, report.findings.iter().map(|f| &*f.vulnerability))?;
    Ok(Matched {
        report: Some(report),
        advisories,
    })
}

/// The records of the advisories the vulnerabilities show.
pub(crate) fn resolve<'a>(
    db: &Database,
    vulnerabilities: impl Iterator<Item = &'a Vulnerability>,
) -> Result<HashMap<String, Arc<Advisory>>, JobsError> {
    let mut advisories = HashMap::new();
    for vulnerability in vulnerabilities {
        if advisories.contains_key(&vulnerability.advisory) {
            continue;
        }
        let mut record = None;
        for index in db.lookup(&vulnerability.advisory) {
            let advisory = db.advisory(index)?;
            if advisory.id == vulnerability.advisory {
                record = Some(advisory);
                break;
            }
        }
        let record = record.unwrap_or_else(|| {
            Arc::new(Advisory {
                id: vulnerability.advisory.clone(),
                summary: vulnerability.summary.clone(),
                aliases: vulnerability.aliases.clone(),
                ..Advisory::default()
            })
        });
        advisories.insert(vulnerability.advisory.clone(), record);
    }
    Ok(advisories)
}

/// The store's severity of the engine's level.
pub(crate) fn severity(level: Level) -> Severity {
    match level {
        Level::Critical => Severity::Critical,
        Level::High => Severity::High,
        Level::Medium => Severity::Medium,
        Level::Low => Severity::Low,
        Level::None => Severity::None,
        Level::Unknown => Severity::Unknown,
    }
}

fn new_finding(
    component: ComponentId,
    advisory: AdvisoryKey,
    vulnerability: &Vulnerability,
) -> NewFinding {
    NewFinding {
        component,
        advisory,
        vulnerability_key: vulnerability.advisory.clone(),
        severity: severity(vulnerability.severity),
        cvss_vector: vulnerability.cvss.as_ref().map(|cvss| cvss.vector.clone()),
        cvss_score: vulnerability.cvss.as_ref().map(|cvss| cvss.base_score),
        kev: vulnerability.kev.is_some(),
        epss: vulnerability.epss.map(|epss| f64::from(epss.score)),
        fixed_versions: vulnerability.fixed_versions.clone(),
        reasons: serde_json::json!({
            "aliases": vulnerability.aliases,
            "matched": vulnerability.matched,
            "reasons": vulnerability.reasons,
        }),
    }
}

/// What storing the findings of one SBOM did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stored {
    /// Findings written (new or refreshed).
    pub(crate) findings: usize,
    /// Of which new.
    pub(crate) new: usize,
    /// Distinct advisories written.
    pub(crate) advisories: usize,
}

/// Stores the advisories and findings of a scan, in `tx`. `components[i]` is the stored key of
/// the scan's input component `i`; `version` (when given) lets new findings be told from
/// refreshed ones.
pub(crate) async fn store(
    tx: &mut Tx,
    org: OrganizationId,
    version: Option<ProductVersionId>,
    components: &[ComponentId],
    matched: &Matched,
) -> Result<Stored, JobsError> {
    let Some(report) = &matched.report else {
        return Ok(Stored::default());
    };
    let existing: HashSet<(ComponentId, AdvisoryKey)> = match version {
        Some(version) => tx
            .findings(
                org,
                &FindingFilter {
                    product_version: Some(version),
                    include_excluded: true,
                    ..FindingFilter::default()
                },
            )
            .await?
            .into_iter()
            .map(|finding| (finding.component, finding.advisory))
            .collect(),
        None => HashSet::new(),
    };
    let mut keys: HashMap<&str, AdvisoryKey> = HashMap::new();
    let mut stored = Stored::default();
    let now = Timestamp::now();
    for finding in &report.findings {
        let vulnerability = &*finding.vulnerability;
        let Some(&component) = components.get(finding.component) else {
            return Err(JobsError::Task(format!(
                "finding of component {} outside the {} stored components",
                finding.component,
                components.len()
            )));
        };
        let key = match keys.get(vulnerability.advisory.as_str()) {
            Some(key) => *key,
            None => {
                let advisory = matched
                    .advisories
                    .get(&vulnerability.advisory)
                    .cloned()
                    .unwrap_or_else(|| {
                        Arc::new(Advisory {
                            id: vulnerability.advisory.clone(),
                            ..Advisory::default()
                        })
                    });
                let key = tx
                    .upsert_advisory(&advisory, Some(severity(vulnerability.severity)))
                    .await?;
                keys.insert(vulnerability.advisory.as_str(), key);
                stored.advisories += 1;
                key
            }
        };
        tx.upsert_finding(org, &new_finding(component, key, vulnerability), now)
            .await?;
        stored.findings += 1;
        if version.is_some() && !existing.contains(&(component, key)) {
            stored.new += 1;
        }
    }
    Ok(stored)
}
