//! `import_advisories`: import into the vulnerability database, then rematch everything.

use std::path::PathBuf;

use tplc_store::{Job, NewAuditEvent};

use crate::payload::{ImportPayload, decode, source_kind};
use crate::worker::{Worker, blocking};
use crate::{JobsError, rematch_job};

pub(crate) async fn run(worker: &Worker, job: &Job) -> Result<serde_json::Value, JobsError> {
    let payload: ImportPayload = decode(&job.payload)?;
    let kind = source_kind(&payload.kind)?;
    if payload.paths.is_empty() {
        return Err(JobsError::Payload("no paths to import".into()));
    }
    let paths: Vec<PathBuf> = payload.paths.iter().map(PathBuf::from).collect();
    let total = i64::try_from(paths.len()).unwrap_or(i64::MAX);
    worker.progress(job.id, 0, Some(total)).await?;
    let dir = worker.vulndb_dir.clone();
    let report =
        blocking(move || Ok(tplc_vulndb::import(&dir, kind, &paths, &mut |_| {})?)).await?;
    let summary = serde_json::json!({
        "kind": kind.name(),
        "read": report.read,
        "added": report.added,
        "updated": report.updated,
        "skipped": report.skipped,
        "failed_sources": report.failed_sources,
        "changed": report.changed,
        "total": report.total,
    });
    let mut tx = worker.store.begin().await?;
    let rematch = if report.changed {
        Some(tx.enqueue_job(&rematch_job(None, &[])).await?.id.get())
    } else {
        None
    };
    tx.append_audit(&NewAuditEvent {
        organization: None,
        actor: worker.actor(),
        action: "advisories.import".into(),
        object_type: "vulndb".into(),
        object_id: kind.name().into(),
        before: None,
        after: Some(
            serde_json::json!({"job": job.id.get(), "result": summary, "rematch_job": rematch}),
        ),
    })
    .await?;
    tx.finish_job(job.id, &worker.id).await?;
    tx.commit().await?;
    Ok(serde_json::json!({"import": summary, "rematch_job": rematch}))
}
