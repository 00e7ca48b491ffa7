//! The incremental entry point: given one new or changed advisory, every stored component it
//! now hits, without rescanning the SBOMs.

use std::collections::{BTreeSet, HashMap};

use tplc_advisory::Advisory;
use tplc_purl::Purl;

use super::cpe::{ComponentCpe, cpe_key, describe as describe_cpe, key_of, vulnerable_matches};
use super::engine::{ComponentInput, MatchReason};
use super::ranges::{Evaluation, ParsedVersion, evaluate, prepare};
use crate::keys::{advisory_key, component_candidates};

/// A component held somewhere (a server's database), with the caller's ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredComponent {
    /// The caller's id of the component.
    pub id: u64,
    /// The caller's id of the SBOM it belongs to (CPE "running on" conditions look there).
    pub sbom: u64,
    /// The component.
    pub component: ComponentInput,
}

/// A stored component an advisory hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The component's id.
    pub component: u64,
    /// The SBOM's id.
    pub sbom: u64,
    /// Why.
    pub reason: MatchReason,
}

/// Stored components indexed by package key and by CPE `vendor:product`.
#[derive(Debug, Default)]
pub struct ComponentIndex {
    components: Vec<StoredComponent>,
    /// Package key → (component position, version to evaluate, how derived).
    by_key: HashMap<String, Vec<(usize, String, &'static str)>>,
    /// CPE key → component positions (only components without a usable purl).
    by_cpe: HashMap<String, Vec<usize>>,
    /// SBOM id → CPEs of its components (the platform of AND configurations).
    platforms: HashMap<u64, Vec<ComponentCpe>>,
}

impl ComponentIndex {
    /// Indexes components. Excluded components are left out: they are never reported.
    #[must_use]
    pub fn new(components: impl IntoIterator<Item = StoredComponent>) -> Self {
        let mut index = Self::default();
        for stored in components {
            if stored.component.excluded {
                continue;
            }
            let position = index.components.len();
            let component = &stored.component;
            let candidates = component
                .purl
                .as_deref()
                .and_then(|purl| Purl::parse(purl).ok())
                .and_then(|purl| component_candidates(&purl, component.version.as_deref()).ok());
            if let Some(cpe) = component
                .cpe
                .as_deref()
                .and_then(|cpe| ComponentCpe::new(cpe, component.version.as_deref()))
            {
                if candidates.is_none()
                    && let Some(key) = key_of(&cpe.cpe)
                {
                    index.by_cpe.entry(key).or_default().push(position);
                }
                index.platforms.entry(stored.sbom).or_default().push(cpe);
            }
            for candidate in candidates.into_iter().flatten() {
                index.by_key.entry(candidate.key).or_default().push((
                    position,
                    candidate.version,
                    candidate.via,
                ));
            }
            index.components.push(stored);
        }
        index
    }

    /// Number of indexed components.
    #[must_use]
    pub fn len(&self) -> usize {
        self.components.len()
    }

    /// Whether no component is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
    }

    /// Every indexed component `advisory` hits, in component order. A withdrawn advisory hits
    /// nothing (so the caller retracts its earlier findings).
    #[must_use]
    pub fn hits(&self, advisory: &Advisory) -> Vec<Hit> {
        if advisory.withdrawn.is_some() {
            return Vec::new();
        }
        let prepared = prepare(advisory);
        let mut hits: Vec<(usize, MatchReason)> = Vec::new();
        let mut seen: BTreeSet<usize> = BTreeSet::new();
        for (affected, prepared_affected) in advisory.affected.iter().zip(&prepared.affected) {
            let Ok(key) = advisory_key(&affected.ecosystem, &affected.name) else {
                continue;
            };
            for (position, version, via) in self.by_key.get(&key).into_iter().flatten() {
                if seen.contains(position) {
                    continue;
                }
                if let Evaluation::Affected { range, fixed } =
                    evaluate(prepared_affected, &mut ParsedVersion::new(version))
                {
                    seen.insert(*position);
                    hits.push((
                        *position,
                        MatchReason {
                            advisory: advisory.id.clone(),
                            via: (*via).to_owned(),
                            package: format!("{}/{}", affected.ecosystem, affected.name),
                            version: version.clone(),
                            range,
                            fixed,
                        },
                    ));
                }
            }
        }
        let cpe_keys: BTreeSet<String> = advisory
            .cpe_configurations
            .iter()
            .flat_map(|configuration| &configuration.nodes)
            .flat_map(|node| &node.matches)
            .filter_map(|criterion| cpe_key(&criterion.criteria))
            .collect();
        for key in cpe_keys {
            for &position in self.by_cpe.get(&key).into_iter().flatten() {
                if seen.contains(&position) {
                    continue;
                }
                let stored = &self.components[position];
                let Some(component) =
                    stored.component.cpe.as_deref().and_then(|cpe| {
                        ComponentCpe::new(cpe, stored.component.version.as_deref())
                    })
                else {
                    continue;
                };
                let platform = self
                    .platforms
                    .get(&stored.sbom)
                    .map_or(&[][..], Vec::as_slice);
                let criteria =
                    vulnerable_matches(&advisory.cpe_configurations, &component, platform);
                if let (Some(first), Some(version)) = (criteria.first(), component.version.clone())
                {
                    seen.insert(position);
                    hits.push((
                        position,
                        MatchReason {
                            advisory: advisory.id.clone(),
                            via: "cpe".to_owned(),
                            package: first.criteria.clone(),
                            version,
                            range: describe_cpe(first),
                            fixed: first.version_end_excluding.iter().cloned().collect(),
                        },
                    ));
                }
            }
        }
        hits.sort_by_key(|(position, _)| *position);
        hits.into_iter()
            .map(|(position, reason)| Hit {
                component: self.components[position].id,
                sbom: self.components[position].sbom,
                reason,
            })
            .collect()
    }
}
