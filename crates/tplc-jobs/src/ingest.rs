//! `ingest_sbom`: parse a pending upload, match it, store everything in one transaction.

use std::sync::Arc;

use tplc_model::SbomDocument;
use tplc_store::{
    ComponentId, Job, NewAuditEvent, NewComponent, OrganizationId, SbomDocumentId, SbomState,
};
use tplc_vulndb::ComponentInput;

use crate::JobsError;
use crate::findings::{self, Vulndb};
use crate::payload::{IngestPayload, decode};
use crate::worker::{Worker, blocking};

/// Stages of an ingestion, for progress.
const STAGES: i64 = 3;

pub(crate) async fn run(worker: &Worker, job: &Job) -> Result<serde_json::Value, JobsError> {
    let payload: IngestPayload = decode(&job.payload)?;
    let org = OrganizationId::new(payload.organization);
    if job.organization.is_some_and(|owner| owner != org) {
        return Err(JobsError::Payload(format!(
            "the payload's organization {org} is not the job's"
        )));
    }
    let id = SbomDocumentId::new(payload.sbom_document);
    let store = &worker.store;
    let status = store.sbom_document_status(org, id).await?;
    match status.state {
        SbomState::Pending => {}
        SbomState::Failed => {
            return Err(JobsError::Sbom(
                status.error.unwrap_or_else(|| "ingestion failed".into()),
            ));
        }
        SbomState::Ready => {
            // Only a transaction that also finished this job makes an SBOM ready; another job
            // for the same document has nothing left to do.
            let mut tx = store.begin().await?;
            tx.finish_job(job.id, &worker.id).await?;
            tx.commit().await?;
            return Ok(serde_json::json!({"sbom_document": id.get(), "already": "ready"}));
        }
    }
    worker.progress(job.id, 0, Some(STAGES)).await?;
    let original = store.sbom_upload(org, id).await?;
    let parsed = blocking(move || Ok(tplc_formats::read_bytes(original))).await?;
    let document = match parsed {
        Ok((_, document)) => Arc::new(document),
        Err(error) => {
            let message = error.one_line();
            let mut tx = store.begin().await?;
            tx.fail_sbom(org, id, &message).await?;
            tx.append_audit(&NewAuditEvent {
                organization: Some(org),
                actor: worker.actor(),
                action: "sbom.ingest_failed".into(),
                object_type: "sbom_document".into(),
                object_id: id.to_string(),
                before: Some(serde_json::json!({"state": "pending"})),
                after: Some(serde_json::json!({"state": "failed", "error": message})),
            })
            .await?;
            tx.commit().await?;
            return Err(JobsError::Sbom(message));
        }
    };
    worker.progress(job.id, 1, Some(STAGES)).await?;
    let dir = worker.vulndb_dir.clone();
    let scanned = Arc::clone(&document);
    let (vulndb, matched, components) = blocking(move || {
        let vulndb = Vulndb::open(&dir)?;
        let inputs = ComponentInput::from_document(&scanned);
        let components = new_components(&scanned);
        let matched = findings::scan(&vulndb, &inputs)?;
        Ok((vulndb.describe(), matched, components))
    })
    .await?;
    worker.progress(job.id, 2, Some(STAGES)).await?;

    let mut tx = store.begin().await?;
    let before = tx.sbom_document_status(org, id).await?;
    let ready = tx.complete_sbom(org, id, &components).await?;
    let stored_components: Vec<ComponentId> = tx
        .components(org, id)
        .await?
        .into_iter()
        .map(|component| component.id)
        .collect();
    if stored_components.len() != components.len() {
        return Err(JobsError::Task(format!(
            "{} components stored of {}",
            stored_components.len(),
            components.len()
        )));
    }
    let stored = findings::store(&mut tx, org, None, &stored_components, &matched).await?;
    let summary = serde_json::json!({
        "sbom_document": id.get(),
        "format": ready.format,
        "components": components.len(),
        "findings": stored.findings,
        "advisories": stored.advisories,
        "unscannable": matched.report.as_ref().map_or(0, |report| report.unscannable.len()),
        "vulndb": vulndb,
    });
    tx.append_audit(&NewAuditEvent {
        organization: Some(org),
        actor: worker.actor(),
        action: "sbom.ingest".into(),
        object_type: "sbom_document".into(),
        object_id: id.to_string(),
        before: Some(serde_json::json!({"state": before.state.as_str()})),
        after: Some(serde_json::json!({
            "state": ready.state.as_str(),
            "sha256": ready.sha256,
            "job": job.id.get(),
            "result": summary,
        })),
    })
    .await?;
    tx.finish_job(job.id, &worker.id).await?;
    tx.commit().await?;
    Ok(summary)
}

/// The components to store, in the order [`ComponentInput::from_document`] lists them (so the
/// engine's component indexes are positions in the stored list).
fn new_components(document: &SbomDocument) -> Vec<NewComponent> {
    document
        .all_components()
        .map(NewComponent::from_model)
        .collect()
}
