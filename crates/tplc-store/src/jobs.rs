//! Persisted background jobs, claimed by workers of one or several server processes.
//!
//! A worker claims the oldest queued job atomically ([`Store::claim_job`]): on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, so concurrent workers take different jobs without waiting; on
//! SQLite with one `UPDATE … RETURNING` statement, which runs under the database's write lock.
//! A running job carries its worker's id and a heartbeat; [`Store::requeue_stale`] puts the
//! jobs of workers that stopped beating back in the queue, so a restart resumes them.

use std::time::Duration;

use crate::db::{Conn, RowExt, found, id_type, on, reads, text_enum};
use crate::{Backend, Error, OrganizationId, Result, Store, Timestamp, Tx};

id_type!(
    /// The key of a [`Job`].
    JobId
);

text_enum!(
    /// What a job does.
    pub enum JobKind {
        /// Parse an uploaded SBOM, store its components, match them.
        IngestSbom = "ingest_sbom",
        /// Match stored versions again (after a vulnerability-database import).
        Rematch = "rematch",
        /// Import advisories into the vulnerability database.
        ImportAdvisories = "import_advisories",
    }
);

text_enum!(
    /// Where a job is.
    pub enum JobState {
        /// Waiting for a worker.
        Queued = "queued",
        /// Held by a worker.
        Running = "running",
        /// Finished.
        Done = "done",
        /// Failed; the error is kept.
        Failed = "failed",
    }
);

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    /// What it does.
    pub kind: JobKind,
    /// The organization it works for (none for system jobs such as advisory imports).
    pub organization: Option<OrganizationId>,
    /// Its parameters.
    pub payload: serde_json::Value,
}

/// A persisted job.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The key.
    pub id: JobId,
    /// What it does.
    pub kind: JobKind,
    /// The organization it works for.
    pub organization: Option<OrganizationId>,
    /// Its parameters.
    pub payload: serde_json::Value,
    /// Where it is.
    pub state: JobState,
    /// How many times a worker claimed it.
    pub attempts: i64,
    /// Units of work done.
    pub progress_done: i64,
    /// Units of work in all, when known.
    pub progress_total: Option<i64>,
    /// The worker holding it (or that last held it).
    pub worker: Option<String>,
    /// The holder's last heartbeat.
    pub heartbeat_at: Option<Timestamp>,
    /// Why it failed.
    pub error: Option<String>,
    /// When it was enqueued.
    pub created_at: Timestamp,
    /// When it was last claimed.
    pub started_at: Option<Timestamp>,
    /// When it finished or failed.
    pub finished_at: Option<Timestamp>,
}

const JOB_COLS: &str = "id, kind, organization_id, payload, state, attempts, progress_done, \
    progress_total, worker, heartbeat_at, error, created_at, started_at, finished_at";

fn job_from(row: &impl RowExt) -> Result<Job> {
    Ok(Job {
        id: JobId::new(row.col("id")?),
        kind: row.parsed("kind")?,
        organization: row
            .col::<Option<i64>>("organization_id")?
            .map(OrganizationId::new),
        payload: row.json("payload")?,
        state: row.parsed("state")?,
        attempts: row.col("attempts")?,
        progress_done: row.col("progress_done")?,
        progress_total: row.col("progress_total")?,
        worker: row.col("worker")?,
        heartbeat_at: row.time_opt("heartbeat_at")?,
        error: row.col("error")?,
        created_at: row.time("created_at")?,
        started_at: row.time_opt("started_at")?,
        finished_at: row.time_opt("finished_at")?,
    })
}

async fn job(conn: &mut Conn<'_>, org: OrganizationId, id: JobId) -> Result<Job> {
    let sql = format!("SELECT {JOB_COLS} FROM jobs WHERE id = $1 AND organization_id = $2");
    let j = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(org.get())
        .fetch_optional(&mut *c).await?.map(|row| job_from(&row)).transpose()?);
    found(j, "job")
}

async fn any_job(conn: &mut Conn<'_>, id: JobId) -> Result<Job> {
    let sql = format!("SELECT {JOB_COLS} FROM jobs WHERE id = $1");
    let j = on!(conn, c => sqlx::query(&sql).bind(id.get())
        .fetch_optional(&mut *c).await?.map(|row| job_from(&row)).transpose()?);
    found(j, "job")
}

async fn jobs(conn: &mut Conn<'_>, org: OrganizationId) -> Result<Vec<Job>> {
    let sql = format!("SELECT {JOB_COLS} FROM jobs WHERE organization_id = $1 ORDER BY id DESC");
    on!(conn, c => sqlx::query(&sql).bind(org.get()).fetch_all(&mut *c).await?
        .iter().map(job_from).collect())
}

async fn count_jobs(conn: &mut Conn<'_>, state: JobState) -> Result<i64> {
    on!(conn, c => sqlx::query("SELECT COUNT(*) AS n FROM jobs WHERE state = $1")
        .bind(state.as_str()).fetch_one(&mut *c).await?.col("n"))
}

reads! {
    /// A job of `org`.
    fn job(org: OrganizationId, id: JobId) -> Job = job;
    /// Any job, system jobs included (for workers and administrators; not for the API).
    fn any_job(id: JobId) -> Job = any_job;
    /// The jobs of `org`, newest first.
    fn jobs(org: OrganizationId) -> Vec<Job> = jobs;
    /// How many jobs are in `state`.
    fn count_jobs(state: JobState) -> i64 = count_jobs;
}

/// The SQL of a change of a running job held by `$1`, `$2` being the job; the caller adds the
/// `SET` list.
fn held(set: &str) -> String {
    format!("UPDATE jobs SET {set} WHERE worker = $1 AND id = $2 AND state = 'running'")
}

fn lost(id: JobId, worker: &str) -> Error {
    Error::Conflict(format!("job {id} is not running under worker {worker:?}"))
}

impl Tx {
    /// Enqueues a job (in the transaction of the change that needs it, so that an uploaded
    /// SBOM and its ingestion job commit together).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown organization.
    pub async fn enqueue_job(&mut self, new: &NewJob) -> Result<Job> {
        let sql = format!(
            "INSERT INTO jobs (kind, organization_id, payload, state, created_at) \
             VALUES ($1, $2, $3, 'queued', $4) RETURNING {JOB_COLS}"
        );
        let payload = serde_json::to_string(&new.payload)?;
        let now = Timestamp::now().to_text();
        on!(&mut self.conn(), c => job_from(&sqlx::query(&sql).bind(new.kind.as_str())
            .bind(new.organization.map(OrganizationId::get)).bind(&payload).bind(&now)
            .fetch_one(&mut *c).await?))
    }

    /// Marks a job held by `worker` done, in this transaction (commit it with the job's work so
    /// the work and its completion are one).
    ///
    /// # Errors
    /// [`Error::Conflict`] when the job is not running under `worker` (it was requeued).
    pub async fn finish_job(&mut self, id: JobId, worker: &str) -> Result<()> {
        let sql = held("state = 'done', finished_at = $3, heartbeat_at = $3, error = NULL");
        let now = Timestamp::now().to_text();
        let n = on!(&mut self.conn(), c => sqlx::query(&sql).bind(worker).bind(id.get())
            .bind(&now).execute(&mut *c).await?.rows_affected());
        if n == 1 {
            Ok(())
        } else {
            Err(lost(id, worker))
        }
    }
}

impl Store {
    /// Claims the oldest queued job for `worker`: it becomes running, with this worker, a
    /// heartbeat now and one more attempt. Each queued job is claimed by exactly one caller,
    /// across processes.
    ///
    /// # Errors
    /// [`Error::Database`] on database failure.
    pub async fn claim_job(&self, worker: &str) -> Result<Option<Job>> {
        let sql = match self.backend() {
            Backend::Postgres => format!(
                "UPDATE jobs SET state = 'running', worker = $1, attempts = attempts + 1, \
                 started_at = $2, heartbeat_at = $2, error = NULL \
                 WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id \
                 FOR UPDATE SKIP LOCKED LIMIT 1) AND state = 'queued' RETURNING {JOB_COLS}"
            ),
            Backend::Sqlite => format!(
                "UPDATE jobs SET state = 'running', worker = $1, attempts = attempts + 1, \
                 started_at = $2, heartbeat_at = $2, error = NULL \
                 WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1) \
                 AND state = 'queued' RETURNING {JOB_COLS}"
            ),
        };
        let now = Timestamp::now().to_text();
        let mut held_conn = self.acquire().await?;
        on!(&mut held_conn.conn(), c => sqlx::query(&sql).bind(worker).bind(&now)
            .fetch_optional(&mut *c).await?.map(|row| job_from(&row)).transpose())
    }

    /// Records that `worker` still works on the job.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the job is no longer running under `worker` (it was requeued
    /// as stale: the worker should stop).
    pub async fn heartbeat(&self, id: JobId, worker: &str) -> Result<()> {
        let sql = held("heartbeat_at = $3");
        let now = Timestamp::now().to_text();
        let mut h = self.acquire().await?;
        let n = on!(&mut h.conn(), c => sqlx::query(&sql).bind(worker).bind(id.get())
            .bind(&now).execute(&mut *c).await?.rows_affected());
        if n == 1 {
            Ok(())
        } else {
            Err(lost(id, worker))
        }
    }

    /// Records progress (and a heartbeat) of a job held by `worker`.
    ///
    /// # Errors
    /// As [`Store::heartbeat`].
    pub async fn set_progress(
        &self,
        id: JobId,
        worker: &str,
        done: i64,
        total: Option<i64>,
    ) -> Result<()> {
        let sql = held("progress_done = $3, progress_total = $4, heartbeat_at = $5");
        let now = Timestamp::now().to_text();
        let mut h = self.acquire().await?;
        let n = on!(&mut h.conn(), c => sqlx::query(&sql).bind(worker).bind(id.get())
            .bind(done).bind(total).bind(&now).execute(&mut *c).await?.rows_affected());
        if n == 1 {
            Ok(())
        } else {
            Err(lost(id, worker))
        }
    }

    /// Marks a job held by `worker` done (see [`Tx::finish_job`] to do it with the work).
    ///
    /// # Errors
    /// As [`Store::heartbeat`].
    pub async fn finish_job(&self, id: JobId, worker: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.finish_job(id, worker).await?;
        tx.commit().await
    }

    /// Marks a job held by `worker` failed with the error.
    ///
    /// # Errors
    /// As [`Store::heartbeat`].
    pub async fn fail_job(&self, id: JobId, worker: &str, error: &str) -> Result<()> {
        let sql = held("state = 'failed', error = $3, finished_at = $4, heartbeat_at = $4");
        let now = Timestamp::now().to_text();
        let mut h = self.acquire().await?;
        let n = on!(&mut h.conn(), c => sqlx::query(&sql).bind(worker).bind(id.get())
            .bind(error).bind(&now).execute(&mut *c).await?.rows_affected());
        if n == 1 {
            Ok(())
        } else {
            Err(lost(id, worker))
        }
    }

    /// Puts running jobs whose heartbeat is older than `older_than` back in the queue (their
    /// worker died); a job already claimed `max_attempts` times fails instead ("worker lost"),
    /// so a job that kills its worker cannot loop forever. Returns how many were requeued.
    ///
    /// # Errors
    /// [`Error::Database`] on database failure.
    pub async fn requeue_stale(&self, older_than: Duration, max_attempts: i64) -> Result<u64> {
        let now = Timestamp::now();
        let cutoff = now.minus(older_than).to_text();
        let now = now.to_text();
        let mut tx = self.begin().await?;
        let failed = "UPDATE jobs SET state = 'failed', finished_at = $1, \
            error = 'worker lost (heartbeat too old) after the last attempt' \
            WHERE state = 'running' AND heartbeat_at < $2 AND attempts >= $3";
        let requeue = "UPDATE jobs SET state = 'queued', worker = NULL, heartbeat_at = NULL \
            WHERE state = 'running' AND heartbeat_at < $1";
        let n = on!(&mut tx.conn(), c => {
            sqlx::query(failed).bind(&now).bind(&cutoff).bind(max_attempts).execute(&mut *c).await?;
            sqlx::query(requeue).bind(&cutoff).execute(&mut *c).await?.rows_affected()
        });
        tx.commit().await?;
        Ok(n)
    }
}
