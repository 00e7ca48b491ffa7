//! `rematch`: match the stored SBOMs again (after the vulnerability database changed).

use std::collections::BTreeSet;

use tplc_store::{
    ComponentId, Job, NewAuditEvent, OrganizationId, ProductVersionId, SbomDocumentId, Store,
};
use tplc_vulndb::{ComponentIndex, ComponentInput, StoredComponent};

use crate::JobsError;
use crate::findings::{self, Matched, Vulndb};
use crate::payload::{RematchPayload, decode};
use crate::worker::{Worker, blocking};

/// One ready SBOM to match again.
struct Target {
    org: OrganizationId,
    version: ProductVersionId,
    sbom: SbomDocumentId,
    components: Vec<ComponentId>,
    inputs: Vec<ComponentInput>,
}

/// The ready SBOMs of the organizations.
async fn targets(store: &Store, orgs: &[OrganizationId]) -> Result<Vec<Target>, JobsError> {
    let mut targets = Vec::new();
    for &org in orgs {
        for product in store.products(org).await? {
            for version in store.product_versions(org, product.id).await? {
                for document in store.sbom_documents(org, version.id).await? {
                    let stored = store.components(org, document.id).await?;
                    targets.push(Target {
                        org,
                        version: version.id,
                        sbom: document.id,
                        components: stored.iter().map(|component| component.id).collect(),
                        inputs: stored
                            .into_iter()
                            .map(|component| ComponentInput {
                                bom_ref: component.bom_ref,
                                name: component.name,
                                version: component.version,
                                purl: component.purl,
                                cpe: component.cpe,
                                excluded: component.scope_excluded,
                            })
                            .collect(),
                    });
                }
            }
        }
    }
    Ok(targets)
}

/// The positions of the targets the named advisories hit (the incremental entry point).
fn hit_targets(
    vulndb: &Vulndb,
    targets: &[Target],
    advisories: &[String],
) -> Result<BTreeSet<usize>, JobsError> {
    let Vulndb::Open(db) = vulndb else {
        return Ok(BTreeSet::new());
    };
    let index = ComponentIndex::new(targets.iter().enumerate().flat_map(|(position, target)| {
        target
            .components
            .iter()
            .zip(&target.inputs)
            .map(move |(id, input)| StoredComponent {
                id: u64::try_from(id.get()).unwrap_or_default(),
                sbom: position as u64,
                component: input.clone(),
            })
    }));
    let mut hit = BTreeSet::new();
    for id in advisories {
        for record in db.lookup(id) {
            let advisory = db.advisory(record)?;
            for found in index.hits(&advisory) {
                if let Ok(position) = usize::try_from(found.sbom) {
                    hit.insert(position);
                }
            }
        }
    }
    Ok(hit)
}

pub(crate) async fn run(worker: &Worker, job: &Job) -> Result<serde_json::Value, JobsError> {
    let payload: RematchPayload = decode(&job.payload)?;
    let store = &worker.store;
    let orgs: Vec<OrganizationId> = match payload.organization {
        Some(org) => vec![store.organization(OrganizationId::new(org)).await?.id],
        None => store
            .organizations()
            .await?
            .into_iter()
            .map(|org| org.id)
            .collect(),
    };
    let all = targets(store, &orgs).await?;
    let examined = all.len();
    let dir = worker.vulndb_dir.clone();
    let advisories = payload.advisories.clone();
    // Match on a blocking thread; the targets travel there and back.
    let (vulndb, selected, reports) = blocking(move || {
        let vulndb = Vulndb::open(&dir)?;
        let selected: Vec<Target> = if advisories.is_empty() {
            all
        } else {
            let hit = hit_targets(&vulndb, &all, &advisories)?;
            all.into_iter()
                .enumerate()
                .filter(|(position, _)| hit.contains(position))
                .map(|(_, target)| target)
                .collect()
        };
        let reports: Vec<Matched> = match &vulndb {
            Vulndb::Open(db) => {
                let inputs: Vec<Vec<ComponentInput>> = selected
                    .iter()
                    .map(|target| target.inputs.clone())
                    .collect();
                let scanned = tplc_vulndb::scan_portfolio(db, &inputs)?;
                let resolved = findings::resolve(
                    db,
                    scanned
                        .iter()
                        .flat_map(|report| &report.findings)
                        .map(|finding| &*finding.vulnerability),
                )?;
                scanned
                    .into_iter()
                    .map(|report| Matched {
                        report: Some(report),
                        advisories: resolved.clone(),
                    })
                    .collect()
            }
            Vulndb::Missing => selected.iter().map(|_| Matched::default()).collect(),
        };
        Ok((vulndb.describe(), selected, reports))
    })
    .await?;
    let total = i64::try_from(selected.len()).unwrap_or(i64::MAX);
    worker.progress(job.id, 0, Some(total)).await?;
    let mut new_findings = 0_usize;
    let mut refreshed = 0_usize;
    for (done, (target, matched)) in selected.iter().zip(&reports).enumerate() {
        let mut tx = store.begin().await?;
        let stored = findings::store(
            &mut tx,
            target.org,
            Some(target.version),
            &target.components,
            matched,
        )
        .await?;
        if stored.new > 0 {
            tx.append_audit(&NewAuditEvent {
                organization: Some(target.org),
                actor: worker.actor(),
                action: "findings.rematch".into(),
                object_type: "sbom_document".into(),
                object_id: target.sbom.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "job": job.id.get(),
                    "new_findings": stored.new,
                    "findings": stored.findings,
                })),
            })
            .await?;
        }
        tx.commit().await?;
        new_findings += stored.new;
        refreshed += stored.findings - stored.new;
        worker
            .progress(
                job.id,
                i64::try_from(done + 1).unwrap_or(i64::MAX),
                Some(total),
            )
            .await?;
    }
    let summary = serde_json::json!({
        "organizations": orgs.len(),
        "sboms_examined": examined,
        "sboms_rescanned": selected.len(),
        "new_findings": new_findings,
        "refreshed_findings": refreshed,
        "advisories": payload.advisories,
        "vulndb": vulndb,
    });
    worker.store.finish_job(job.id, &worker.id).await?;
    Ok(summary)
}
