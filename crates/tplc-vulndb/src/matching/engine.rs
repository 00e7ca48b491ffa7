//! Matching SBOM components against the database: candidates, evaluation, findings.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tplc_advisory::{Advisory, AdvisorySource, KevEntry};
use tplc_model::{Component, SbomDocument, Scope};
use tplc_purl::Purl;

use super::cpe::{ComponentCpe, describe as describe_cpe, key_of, vulnerable_matches};
use super::ranges::{Evaluation, ParsedVersion, evaluate};
use super::severity::{Cvss, Level, best_cvss, word_level};
use crate::error::DbError;
use crate::keys::{SEPARATOR, component_candidates};
use crate::store::{Database, Epss};

/// A component as the engine reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ComponentInput {
    /// The component's `bom-ref` or SPDX id.
    pub bom_ref: Option<String>,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: Option<String>,
    /// Its purl, exactly as the SBOM writes it.
    pub purl: Option<String>,
    /// Its CPE.
    pub cpe: Option<String>,
    /// `scope: excluded`: never reported as affected.
    pub excluded: bool,
}

impl ComponentInput {
    /// The engine's view of a model component.
    #[must_use]
    pub fn from_component(component: &Component) -> Self {
        Self {
            bom_ref: component.bom_ref.clone(),
            name: component.name.clone(),
            version: component.version.clone(),
            purl: component.purl.clone(),
            cpe: component.cpe.clone(),
            excluded: component.scope == Some(Scope::Excluded),
        }
    }

    /// Every component of a document (nested ones included, the document's own subject not).
    #[must_use]
    pub fn from_document(document: &SbomDocument) -> Vec<Self> {
        document
            .all_components()
            .map(Self::from_component)
            .collect()
    }
}

/// Why a component matched an advisory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchReason {
    /// The advisory that matched.
    pub advisory: String,
    /// `purl`, `source package` or `cpe`.
    pub via: String,
    /// The advisory's package: `ecosystem/name`, or the CPE criterion.
    pub package: String,
    /// The version evaluated.
    pub version: String,
    /// The range (or list, or CPE bounds) it fell in.
    pub range: String,
    /// Fixed versions above the evaluated version, from that range.
    pub fixed: Vec<String>,
}

/// One component matched by one advisory, before aliases are merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMatch {
    /// Index of the component in the input.
    pub component: usize,
    /// Index of the advisory in the database.
    pub advisory: u32,
    /// Why.
    pub reason: MatchReason,
}

/// A component that could not be scanned, and why; never dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unscannable {
    /// Index of the component in the input.
    pub component: usize,
    /// Its name.
    pub name: String,
    /// Its purl as written, if any.
    pub purl: Option<String>,
    /// Why it could not be scanned.
    pub reason: String,
}

/// KEV facts shown with a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kev {
    /// The CVE id listed.
    pub cve: String,
    /// `dateAdded`.
    pub date_added: String,
    /// `dueDate`.
    pub due_date: String,
    /// `knownRansomwareCampaignUse`.
    pub ransomware: String,
}

impl Kev {
    fn from_entry(entry: &KevEntry) -> Self {
        Self {
            cve: entry.cve_id.clone(),
            date_added: entry.date_added.clone(),
            due_date: entry.due_date.clone(),
            ransomware: entry.known_ransomware_campaign_use.clone(),
        }
    }
}

/// EPSS figures shown with a finding.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EpssFigures {
    /// Probability of exploitation in the next 30 days.
    pub score: f32,
    /// Percentile.
    pub percentile: f32,
}

/// A vulnerability as found: the advisories that matched, merged by alias, with what is known
/// of it. Shared (behind an `Arc`) by every finding of the same (purl, version).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vulnerability {
    /// The advisory id shown (an advisory that matched).
    pub advisory: String,
    /// Every other id of the vulnerability (matched advisories and their aliases).
    pub aliases: Vec<String>,
    /// Every advisory that matched.
    pub matched: Vec<String>,
    /// Summary of the shown advisory.
    pub summary: Option<String>,
    /// Severity level.
    pub severity: Level,
    /// The CVSS rating behind the level, when there is one.
    pub cvss: Option<Cvss>,
    /// Fixed versions above the component's version.
    pub fixed_versions: Vec<String>,
    /// Why each advisory matched.
    pub reasons: Vec<MatchReason>,
    /// In CISA's KEV catalog.
    pub kev: Option<Kev>,
    /// EPSS figures (the highest among the CVE ids).
    pub epss: Option<EpssFigures>,
    /// When the shown advisory was published.
    pub published: Option<String>,
}

/// One vulnerability of one component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Index of the component in the input.
    pub component: usize,
    /// The component's `bom-ref`.
    pub bom_ref: Option<String>,
    /// The component's name.
    pub name: String,
    /// The component's purl exactly as in the SBOM.
    pub purl: Option<String>,
    /// The component's CPE when it matched by CPE.
    pub cpe: Option<String>,
    /// The component's version.
    pub version: Option<String>,
    /// The vulnerability.
    pub vulnerability: Arc<Vulnerability>,
}

impl Finding {
    fn new(index: usize, component: &ComponentInput, vulnerability: Arc<Vulnerability>) -> Self {
        let via_cpe = vulnerability
            .reasons
            .iter()
            .any(|reason| reason.via == "cpe");
        Self {
            component: index,
            bom_ref: component.bom_ref.clone(),
            name: component.name.clone(),
            purl: component.purl.clone(),
            cpe: component.cpe.clone().filter(|_| via_cpe),
            version: component.version.clone(),
            vulnerability,
        }
    }
}

/// The result of scanning one SBOM.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanReport {
    /// Components in the input.
    pub components: usize,
    /// Components excluded by `scope: excluded`.
    pub excluded: usize,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// Components that could not be scanned.
    pub unscannable: Vec<Unscannable>,
}

/// What one (purl, version) gives: the matches, and the vulnerabilities they merge into.
#[derive(Debug, Clone)]
enum PurlOutcome {
    Matches {
        raw: Vec<(u32, MatchReason)>,
        merged: Vec<Arc<Vulnerability>>,
    },
    Unscannable(String),
}

/// Looks up and evaluates one purl and version.
fn purl_matches(
    db: &Database,
    purl_text: &str,
    version: Option<&str>,
) -> Result<Result<Vec<(u32, MatchReason)>, String>, DbError> {
    let purl = match Purl::parse(purl_text) {
        Ok(purl) => purl,
        Err(error) => return Ok(Err(format!("unreadable purl: {error}"))),
    };
    let candidates = match component_candidates(&purl, version) {
        Ok(candidates) => candidates,
        Err(unmapped) => return Ok(Err(unmapped.to_string())),
    };
    let mut matches: Vec<(u32, MatchReason)> = Vec::new();
    let mut unparsable = None;
    for candidate in &candidates {
        let mut parsed = ParsedVersion::new(&candidate.version);
        for reference in db.package(&candidate.key) {
            if matches
                .iter()
                .any(|(advisory, _)| *advisory == reference.advisory)
            {
                continue;
            }
            let prepared = db.prepared(reference.advisory)?;
            let Some(affected) = prepared.affected.get(reference.affected as usize) else {
                continue;
            };
            match evaluate(affected, &mut parsed) {
                Evaluation::Affected { range, fixed } => {
                    let advisory = db.advisory(reference.advisory)?;
                    let package = &advisory.affected[reference.affected as usize];
                    matches.push((
                        reference.advisory,
                        MatchReason {
                            advisory: advisory.id.clone(),
                            via: candidate.via.to_owned(),
                            package: format!("{}/{}", package.ecosystem, package.name),
                            version: candidate.version.clone(),
                            range,
                            fixed,
                        },
                    ));
                }
                Evaluation::NotAffected => {}
                Evaluation::Unparsable { scheme, reason } => {
                    unparsable.get_or_insert_with(|| {
                        format!(
                            "version {:?} is not a valid {} version ({reason}); {} advisories not evaluated",
                            candidate.version,
                            scheme.name(),
                            candidate.key.split(SEPARATOR).next().unwrap_or_default()
                        )
                    });
                }
            }
        }
    }
    Ok(match unparsable {
        Some(reason) if matches.is_empty() => Err(reason),
        _ => Ok(matches),
    })
}

/// The purl-path outcomes of every distinct (purl, version) in `components`, evaluated and
/// merged in parallel.
fn purl_outcomes<'a>(
    db: &Database,
    components: impl Iterator<Item = &'a ComponentInput>,
    merge_too: bool,
) -> Result<HashMap<(&'a str, Option<&'a str>), PurlOutcome>, DbError> {
    let distinct: BTreeSet<(&str, Option<&str>)> = components
        .filter(|component| !component.excluded)
        .filter_map(|component| Some((component.purl.as_deref()?, component.version.as_deref())))
        .collect();
    let distinct: Vec<_> = distinct.into_iter().collect();
    distinct
        .par_iter()
        .map(|&(purl, version)| {
            let outcome = match purl_matches(db, purl, version)? {
                Ok(raw) => {
                    let merged = if merge_too {
                        merge(db, &raw)?.into_iter().map(Arc::new).collect()
                    } else {
                        Vec::new()
                    };
                    PurlOutcome::Matches { raw, merged }
                }
                Err(reason) => PurlOutcome::Unscannable(reason),
            };
            Ok(((purl, version), outcome))
        })
        .collect()
}

/// Matches by CPE the components that have a CPE and no usable purl.
fn cpe_matches(
    db: &Database,
    components: &[ComponentInput],
    wanted: &[usize],
    matches: &mut Vec<RawMatch>,
    unscannable: &mut Vec<Unscannable>,
) -> Result<(), DbError> {
    if wanted.is_empty() {
        return Ok(());
    }
    let platform: Vec<ComponentCpe> = components
        .iter()
        .filter(|component| !component.excluded)
        .filter_map(|component| {
            ComponentCpe::new(component.cpe.as_deref()?, component.version.as_deref())
        })
        .collect();
    for &index in wanted {
        let component = &components[index];
        let text = component.cpe.as_deref().unwrap_or_default();
        let Some(parsed) = ComponentCpe::new(text, component.version.as_deref()) else {
            unscannable.push(unscannable_entry(
                index,
                component,
                format!("unreadable CPE {text:?}"),
            ));
            continue;
        };
        let Some(key) = key_of(&parsed.cpe) else {
            unscannable.push(unscannable_entry(
                index,
                component,
                "CPE without vendor and product".to_owned(),
            ));
            continue;
        };
        let Some(version) = parsed.version.clone() else {
            unscannable.push(unscannable_entry(
                index,
                component,
                "CPE and component without a version".to_owned(),
            ));
            continue;
        };
        for &advisory_index in db.cpe(&key) {
            let advisory = db.advisory(advisory_index)?;
            if advisory.withdrawn.is_some() {
                continue;
            }
            let criteria = vulnerable_matches(&advisory.cpe_configurations, &parsed, &platform);
            if let Some(first) = criteria.first() {
                matches.push(RawMatch {
                    component: index,
                    advisory: advisory_index,
                    reason: MatchReason {
                        advisory: advisory.id.clone(),
                        via: "cpe".to_owned(),
                        package: first.criteria.clone(),
                        version: version.clone(),
                        range: describe_cpe(first),
                        fixed: first.version_end_excluding.iter().cloned().collect(),
                    },
                });
            }
        }
    }
    Ok(())
}

fn unscannable_entry(index: usize, component: &ComponentInput, reason: String) -> Unscannable {
    Unscannable {
        component: index,
        name: component.name.clone(),
        purl: component.purl.clone(),
        reason,
    }
}

/// Where each component of one SBOM stands after the purl path.
struct Classified<'o> {
    /// Components whose purl was evaluated: (index, outcome).
    by_purl: Vec<(usize, &'o PurlOutcome)>,
    /// CPE matches of the components without a usable purl.
    by_cpe: Vec<RawMatch>,
    unscannable: Vec<Unscannable>,
}

fn classify<'o, 'k>(
    db: &Database,
    components: &'k [ComponentInput],
    outcomes: &'o HashMap<(&'k str, Option<&'k str>), PurlOutcome>,
) -> Result<Classified<'o>, DbError> {
    let mut by_purl = Vec::new();
    let mut unscannable = Vec::new();
    let mut wanted_cpe = Vec::new();
    for (index, component) in components.iter().enumerate() {
        if component.excluded {
            continue;
        }
        let outcome = component
            .purl
            .as_deref()
            .and_then(|purl| outcomes.get(&(purl, component.version.as_deref())));
        match (outcome, component.cpe.is_some()) {
            (Some(found @ PurlOutcome::Matches { .. }), _) => by_purl.push((index, found)),
            // A purl the engine cannot place, but a CPE: try the CPE.
            (Some(PurlOutcome::Unscannable(_)) | None, true) => wanted_cpe.push(index),
            (Some(PurlOutcome::Unscannable(reason)), false) => {
                unscannable.push(unscannable_entry(index, component, reason.clone()));
            }
            (None, false) => unscannable.push(unscannable_entry(
                index,
                component,
                "no purl or CPE".to_owned(),
            )),
        }
    }
    let mut by_cpe = Vec::new();
    cpe_matches(db, components, &wanted_cpe, &mut by_cpe, &mut unscannable)?;
    unscannable.sort_by_key(|entry| entry.component);
    Ok(Classified {
        by_purl,
        by_cpe,
        unscannable,
    })
}

/// Every (component, advisory) match of one SBOM before alias merging, and the components that
/// could not be scanned. The correctness tests compare this with a brute-force reference.
///
/// # Errors
/// When a database record cannot be read.
pub fn raw_matches(
    db: &Database,
    components: &[ComponentInput],
) -> Result<(Vec<RawMatch>, Vec<Unscannable>), DbError> {
    let outcomes = purl_outcomes(db, components.iter(), false)?;
    let classified = classify(db, components, &outcomes)?;
    let mut matches = Vec::new();
    for (index, outcome) in classified.by_purl {
        if let PurlOutcome::Matches { raw, .. } = outcome {
            matches.extend(raw.iter().map(|(advisory, reason)| RawMatch {
                component: index,
                advisory: *advisory,
                reason: reason.clone(),
            }));
        }
    }
    matches.extend(classified.by_cpe);
    matches.sort_by_key(|found| found.component);
    Ok((matches, classified.unscannable))
}

/// Scans one SBOM's components.
///
/// # Errors
/// When a database record cannot be read.
pub fn scan(db: &Database, components: &[ComponentInput]) -> Result<ScanReport, DbError> {
    let outcomes = purl_outcomes(db, components.iter(), true)?;
    report(db, components, &outcomes)
}

/// Scans many SBOMs at once (a portfolio): each distinct (purl, version) is evaluated and
/// merged once, in parallel, and the reports are assembled in parallel, sharing the
/// vulnerabilities.
///
/// # Errors
/// When a database record cannot be read.
pub fn scan_portfolio(
    db: &Database,
    sboms: &[Vec<ComponentInput>],
) -> Result<Vec<ScanReport>, DbError> {
    let outcomes = purl_outcomes(db, sboms.iter().flatten(), true)?;
    sboms
        .par_iter()
        .map(|components| report(db, components, &outcomes))
        .collect()
}

fn report<'k>(
    db: &Database,
    components: &'k [ComponentInput],
    outcomes: &HashMap<(&'k str, Option<&'k str>), PurlOutcome>,
) -> Result<ScanReport, DbError> {
    let classified = classify(db, components, outcomes)?;
    let mut findings = Vec::new();
    for (index, outcome) in classified.by_purl {
        if let PurlOutcome::Matches { merged, .. } = outcome {
            findings.extend(merged.iter().map(|vulnerability| {
                Finding::new(index, &components[index], Arc::clone(vulnerability))
            }));
        }
    }
    let mut by_component: BTreeMap<usize, Vec<(u32, MatchReason)>> = BTreeMap::new();
    for found in classified.by_cpe {
        by_component
            .entry(found.component)
            .or_default()
            .push((found.advisory, found.reason));
    }
    for (index, found) in by_component {
        for vulnerability in merge(db, &found)? {
            findings.push(Finding::new(
                index,
                &components[index],
                Arc::new(vulnerability),
            ));
        }
    }
    sort_findings(&mut findings);
    Ok(ScanReport {
        components: components.len(),
        excluded: components
            .iter()
            .filter(|component| component.excluded)
            .count(),
        findings,
        unscannable: classified.unscannable,
    })
}

/// Most severe first; KEV, then EPSS break ties; then component and advisory.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let (va, vb) = (&a.vulnerability, &b.vulnerability);
        vb.severity
            .cmp(&va.severity)
            .then_with(|| vb.kev.is_some().cmp(&va.kev.is_some()))
            .then_with(|| {
                let score = |vulnerability: &Vulnerability| {
                    vulnerability.epss.map_or(-1.0, |epss| epss.score)
                };
                score(vb).total_cmp(&score(va))
            })
            .then_with(|| a.component.cmp(&b.component))
            .then_with(|| va.advisory.cmp(&vb.advisory))
    });
}

/// Prefers OSV records (they carry the package ranges), then JVN, then NVD; then the id.
fn preference(advisory: &Advisory) -> (u8, &str) {
    let source = match advisory.source {
        Some(AdvisorySource::Osv) | None => 0,
        Some(AdvisorySource::Jvn) => 1,
        Some(AdvisorySource::Nvd) => 2,
    };
    (source, advisory.id.as_str())
}

fn root(parent: &mut [usize], mut node: usize) -> usize {
    while parent[node] != node {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    node
}

/// Merges one component's matches into vulnerabilities, one per alias group.
fn merge(db: &Database, found: &[(u32, MatchReason)]) -> Result<Vec<Vulnerability>, DbError> {
    let advisories: Vec<Arc<Advisory>> = found
        .iter()
        .map(|(advisory, _)| db.advisory(*advisory))
        .collect::<Result<_, _>>()?;
    // Union-find over shared ids.
    let mut parent: Vec<usize> = (0..found.len()).collect();
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (position, advisory) in advisories.iter().enumerate() {
        for id in std::iter::once(&advisory.id).chain(&advisory.aliases) {
            match owner.get(id.as_str()) {
                Some(&other) => {
                    let (a, b) = (root(&mut parent, position), root(&mut parent, other));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    owner.insert(id.as_str(), position);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for position in 0..found.len() {
        let group = root(&mut parent, position);
        groups.entry(group).or_default().push(position);
    }
    let mut merged = Vec::with_capacity(groups.len());
    for mut members in groups.into_values() {
        members.sort_by(|a, b| preference(&advisories[*a]).cmp(&preference(&advisories[*b])));
        let shown = &advisories[members[0]];
        let mut ids: BTreeSet<String> = BTreeSet::new();
        for &member in &members {
            ids.insert(advisories[member].id.clone());
            ids.extend(advisories[member].aliases.iter().cloned());
        }
        let cves: Vec<&String> = ids.iter().filter(|id| id.starts_with("CVE-")).collect();
        // NVD (and JVN) records of the CVE ids rate what the matched records do not.
        let mut related: Vec<Arc<Advisory>> = Vec::new();
        for cve in &cves {
            for related_index in db.lookup(cve) {
                if found.iter().all(|(advisory, _)| *advisory != related_index) {
                    related.push(db.advisory(related_index)?);
                }
            }
        }
        let matched: Vec<&Advisory> = members
            .iter()
            .map(|&member| advisories[member].as_ref())
            .collect();
        let cvss = best_cvss(
            matched
                .iter()
                .copied()
                .chain(related.iter().map(AsRef::as_ref)),
        );
        let severity = cvss.as_ref().map_or_else(
            || word_level(matched.iter().copied()).unwrap_or(Level::Unknown),
            |cvss| Level::from_score(cvss.base_score),
        );
        let kev = cves.iter().find_map(|cve| db.kev(cve)).map(Kev::from_entry);
        let epss = cves
            .iter()
            .filter_map(|cve| db.epss(cve))
            .max_by(|a, b| a.score.total_cmp(&b.score))
            .map(|Epss { score, percentile }| EpssFigures { score, percentile });
        let reasons: Vec<MatchReason> = members
            .iter()
            .map(|&member| found[member].1.clone())
            .collect();
        let mut fixed: Vec<String> = Vec::new();
        for reason in &reasons {
            for version in &reason.fixed {
                if !fixed.contains(version) {
                    fixed.push(version.clone());
                }
            }
        }
        merged.push(Vulnerability {
            advisory: shown.id.clone(),
            aliases: ids.iter().filter(|id| **id != shown.id).cloned().collect(),
            matched: matched.iter().map(|advisory| advisory.id.clone()).collect(),
            summary: shown
                .summary
                .clone()
                .or_else(|| shown.details.as_ref().map(|details| first_line(details))),
            severity,
            cvss,
            fixed_versions: fixed,
            reasons,
            kev,
            epss,
            published: shown.published.clone(),
        });
    }
    Ok(merged)
}

fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default();
    match line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}
