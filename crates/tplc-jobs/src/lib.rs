//! The background worker of `tplc serve`: persisted jobs of [`tplc_store`] run against the
//! local vulnerability database of [`tplc_vulndb`].
//!
//! ```no_run
//! # async fn demo(store: tplc_store::Store) {
//! use std::path::PathBuf;
//! let worker = tplc_jobs::Worker::new(store, PathBuf::from("/var/lib/tplc/vulndb"), "host-1/0");
//! let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
//! let running = tokio::spawn(worker.run(async { let _ = stopped.await; }));
//! // … serve until asked to stop, then:
//! let _ = stop.send(());
//! let _ = running.await;
//! # }
//! ```
//!
//! # Jobs
//!
//! | kind | payload | what it does |
//! | --- | --- | --- |
//! | `ingest_sbom` | `{"organization": 1, "sbom_document": 7}` | reads the pending SBOM's original bytes, parses them ([`tplc_formats`]), matches its components ([`tplc_vulndb::scan`]) and, in **one** transaction, stores the components, the advisories and findings, marks the SBOM ready, appends the audit event and marks the job done — no partial SBOM is ever visible, and a job whose worker was presumed dead cannot complete twice. A malformed SBOM fails the job with the reader's message and marks the SBOM failed. A missing vulnerability database means no findings (recorded in the audit event), not a failure. |
//! | `rematch` | `{"organization": 1 \| null, "advisories": ["GHSA-…"]?}` | rescans every ready SBOM of the organization (or of all) and adds the new findings; when advisories are named, the incremental [`tplc_vulndb::ComponentIndex`] picks the SBOMs they hit and only those are rescanned. |
//! | `import_advisories` | `{"kind": "osv", "paths": ["…"]}` | [`tplc_vulndb::import`], then enqueues a `rematch` of all organizations. |
//!
//! Builders of the payloads: [`ingest_job`], [`rematch_job`], [`import_job`].
//!
//! # The worker loop
//!
//! [`Worker::run`] puts stale jobs back in the queue at start and periodically
//! ([`tplc_store::Store::requeue_stale`]: the running job of a `kill -9`'d server resumes),
//! claims the oldest queued job, runs it while a heartbeat keeps it claimed, and finishes or
//! fails it. With nothing to do it sleeps, doubling the pause up to a maximum
//! ([`WorkerConfig`]). Several workers, in one process or many, share the queue: each job is
//! claimed by exactly one of them.
//!
//! # Demo data
//!
//! [`demo::seed`] loads the bundled demo portfolio.

pub mod demo;
mod error;
mod findings;
mod import;
mod ingest;
mod payload;
mod rematch;
mod upload;
mod worker;

pub use error::JobsError;
pub use payload::{
    ImportPayload, IngestPayload, RematchPayload, import_job, ingest_job, rematch_job,
};
pub use upload::new_sbom;
pub use worker::{JobOutcome, Worker, WorkerConfig};
