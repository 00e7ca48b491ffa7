//! The worker loop: requeue stale jobs, claim, run with a heartbeat, finish or fail.

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use tplc_store::{Job, JobId, JobKind, JobState, Store};

use crate::JobsError;

/// How a worker paces itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerConfig {
    /// The first pause when the queue is empty.
    pub idle_min: Duration,
    /// The longest pause when the queue stays empty (the pause doubles up to it).
    pub idle_max: Duration,
    /// How often a running job's heartbeat is written.
    pub heartbeat: Duration,
    /// A running job whose heartbeat is older than this is presumed to have lost its worker
    /// and is put back in the queue.
    pub stale_after: Duration,
    /// How often stale jobs are looked for (also once at start).
    pub requeue_every: Duration,
    /// A job claimed this many times whose worker is lost again fails instead of requeueing.
    pub max_attempts: i64,
}

impl Default for WorkerConfig {
    /// 100 ms to 2 s idle pauses, a heartbeat every 3 s, stale after 20 s, looked for every
    /// 5 s, 5 attempts.
    fn default() -> Self {
        Self {
            idle_min: Duration::from_millis(100),
            idle_max: Duration::from_secs(2),
            heartbeat: Duration::from_secs(3),
            stale_after: Duration::from_secs(20),
            requeue_every: Duration::from_secs(5),
            max_attempts: 5,
        }
    }
}

impl WorkerConfig {
    /// The defaults, with `TPLC_JOB_STALE_SECONDS` (whole seconds, at least 1) overriding
    /// [`WorkerConfig::stale_after`] when set (the heartbeat then beats at least three times
    /// within it). Tests of crash recovery use it to wait less.
    #[must_use]
    pub fn from_env() -> Self {
        let mut config = Self::default();
        if let Some(seconds) = std::env::var("TPLC_JOB_STALE_SECONDS")
            .ok()
            .and_then(|text| text.trim().parse::<u64>().ok())
            .filter(|seconds| *seconds >= 1)
        {
            config.stale_after = Duration::from_secs(seconds);
            config.heartbeat = config.heartbeat.min(config.stale_after / 3);
            config.requeue_every = config.requeue_every.min(config.stale_after / 2);
        }
        config
    }
}

/// What running one job came to.
#[derive(Debug, Clone, PartialEq)]
pub struct JobOutcome {
    /// The job.
    pub job: JobId,
    /// Its kind.
    pub kind: JobKind,
    /// Done or failed.
    pub state: JobState,
    /// A summary of what it did (done) or the error (failed).
    pub summary: serde_json::Value,
}

/// A worker: claims jobs from the store and runs them.
#[derive(Debug, Clone)]
pub struct Worker {
    pub(crate) store: Store,
    pub(crate) vulndb_dir: PathBuf,
    pub(crate) id: String,
    config: WorkerConfig,
}

impl Worker {
    /// A worker of the store, reading and writing the vulnerability database in `vulndb_dir`,
    /// known as `worker_id` (unique among all workers sharing the database, e.g.
    /// `host:pid/n`), paced by [`WorkerConfig::from_env`].
    #[must_use]
    pub fn new(store: Store, vulndb_dir: PathBuf, worker_id: impl std::fmt::Display) -> Self {
        Self {
            store,
            vulndb_dir,
            id: worker_id.to_string(),
            config: WorkerConfig::from_env(),
        }
    }

    /// The same worker with another pacing.
    #[must_use]
    pub fn with_config(mut self, config: WorkerConfig) -> Self {
        self.config = config;
        self
    }

    /// The worker's id, as jobs record it.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Runs until `shutdown` completes: requeues stale jobs at start and every
    /// [`WorkerConfig::requeue_every`], claims and runs jobs one at a time, and sleeps with
    /// back-off when there is none. A job running when `shutdown` completes is finished first.
    /// Store errors (a database briefly unreachable) are reported on stderr and retried after
    /// the longest idle pause.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut last_requeue: Option<Instant> = None;
        let mut pause = self.config.idle_min;
        loop {
            if last_requeue.is_none_or(|at| at.elapsed() >= self.config.requeue_every) {
                last_requeue = Some(Instant::now());
                if let Err(error) = self
                    .store
                    .requeue_stale(self.config.stale_after, self.config.max_attempts)
                    .await
                {
                    report(&self.id, &format!("requeueing stale jobs: {error}"));
                }
            }
            let claimed = tokio::select! {
                biased;
                () = &mut shutdown => return,
                claimed = self.store.claim_job(&self.id) => claimed,
            };
            let wait = match claimed {
                Ok(Some(job)) => {
                    self.execute(job).await;
                    pause = self.config.idle_min;
                    continue;
                }
                Ok(None) => {
                    let wait = pause;
                    pause = (pause * 2).min(self.config.idle_max);
                    wait
                }
                Err(error) => {
                    report(&self.id, &format!("claiming a job: {error}"));
                    self.config.idle_max
                }
            };
            tokio::select! {
                biased;
                () = &mut shutdown => return,
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Claims one queued job and runs it to its end; `None` when the queue is empty.
    ///
    /// # Errors
    /// When no job can be claimed (database failure). A job that fails is an outcome, not an
    /// error.
    pub async fn run_once(&self) -> Result<Option<JobOutcome>, JobsError> {
        match self.store.claim_job(&self.id).await? {
            Some(job) => Ok(Some(self.execute(job).await)),
            None => Ok(None),
        }
    }

    /// Runs a job this worker has claimed, with a heartbeat, and records its end.
    pub async fn execute(&self, job: Job) -> JobOutcome {
        let result = tokio::select! {
            result = self.dispatch(&job) => result,
            lost = self.beat(job.id) => Err(lost),
        };
        match result {
            Ok(summary) => JobOutcome {
                job: job.id,
                kind: job.kind,
                state: JobState::Done,
                summary,
            },
            Err(error) => {
                let message = error.to_string();
                if !matches!(error, JobsError::Lost(_))
                    && let Err(failure) = self.store.fail_job(job.id, &self.id, &message).await
                {
                    report(
                        &self.id,
                        &format!("job {}: recording failure: {failure}", job.id),
                    );
                }
                JobOutcome {
                    job: job.id,
                    kind: job.kind,
                    state: JobState::Failed,
                    summary: serde_json::json!({"error": message}),
                }
            }
        }
    }

    /// Beats until the job is found taken from this worker; returns that error.
    async fn beat(&self, job: JobId) -> JobsError {
        loop {
            tokio::time::sleep(self.config.heartbeat).await;
            match self.store.heartbeat(job, &self.id).await {
                Ok(()) => {}
                Err(error) if error.is_conflict() => return JobsError::Lost(job),
                Err(error) => report(&self.id, &format!("job {job}: heartbeat: {error}")),
            }
        }
    }

    /// Runs the job's kind; on success the runner has marked the job done.
    async fn dispatch(&self, job: &Job) -> Result<serde_json::Value, JobsError> {
        match job.kind {
            JobKind::IngestSbom => crate::ingest::run(self, job).await,
            JobKind::Rematch => crate::rematch::run(self, job).await,
            JobKind::ImportAdvisories => crate::import::run(self, job).await,
        }
    }

    /// Records progress; a job taken from this worker stops it.
    pub(crate) async fn progress(
        &self,
        job: JobId,
        done: i64,
        total: Option<i64>,
    ) -> Result<(), JobsError> {
        match self.store.set_progress(job, &self.id, done, total).await {
            Ok(()) => Ok(()),
            Err(error) if error.is_conflict() => Err(JobsError::Lost(job)),
            Err(error) => Err(error.into()),
        }
    }

    /// The actor audit events of this worker name.
    pub(crate) fn actor(&self) -> String {
        format!("worker:{}", self.id)
    }
}

/// Runs blocking work (parsing, matching, importing) off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, JobsError> + Send + 'static,
) -> Result<T, JobsError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| JobsError::Task(error.to_string()))?
}

/// The worker runs unattended: its own failures (not a job's, which the job records) go to the
/// server's stderr.
fn report(worker: &str, message: &str) {
    eprintln!("tplc worker {worker}: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_pacing_backs_off_and_beats_well_within_staleness() {
        let config = WorkerConfig::default();
        assert!(config.idle_min < config.idle_max);
        assert!(config.heartbeat * 3 <= config.stale_after);
        assert!(config.requeue_every < config.stale_after);
    }
}
