//! Jobs: claimed exactly once under concurrency across pools, stale jobs requeued.

use std::collections::BTreeSet;
use std::time::Duration;

use tplc_store::*;

crate::backend_tests!(jobs_claimed_exactly_once, stale_jobs_are_requeued);

async fn enqueue(store: &Store, n: usize) -> Vec<JobId> {
    let mut tx = store.begin().await.unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        let job = tx
            .enqueue_job(&NewJob {
                kind: JobKind::Rematch,
                organization: None,
                payload: serde_json::json!({"n": i}),
            })
            .await
            .unwrap();
        assert_eq!(job.state, JobState::Queued);
        ids.push(job.id);
    }
    tx.commit().await.unwrap();
    ids
}

async fn jobs_claimed_exactly_once(db: &crate::support::TestDb) {
    // Two pools stand for two server processes.
    let a = db.store().await;
    let b = db.store().await;
    let enqueued = enqueue(&a, 100).await;
    let mut tasks = Vec::new();
    for (p, store) in [a.clone(), b.clone()].into_iter().enumerate() {
        for t in 0..8 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let worker = format!("pool{p}-task{t}");
                let mut claimed = Vec::new();
                while let Some(job) = store.claim_job(&worker).await.unwrap() {
                    assert_eq!(job.state, JobState::Running);
                    assert_eq!(job.worker.as_deref(), Some(worker.as_str()));
                    store
                        .set_progress(job.id, &worker, 1, Some(1))
                        .await
                        .unwrap();
                    store.finish_job(job.id, &worker).await.unwrap();
                    claimed.push(job.id);
                }
                claimed
            }));
        }
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    assert_eq!(all.len(), 100, "every job claimed once, none twice");
    let unique: BTreeSet<_> = all.iter().copied().collect();
    assert_eq!(unique, enqueued.iter().copied().collect::<BTreeSet<_>>());
    assert_eq!(a.count_jobs(JobState::Done).await.unwrap(), 100);
    assert_eq!(a.count_jobs(JobState::Queued).await.unwrap(), 0);
    for id in enqueued {
        let job = b.any_job(id).await.unwrap();
        assert_eq!(
            (job.attempts, job.progress_done, job.progress_total),
            (1, 1, Some(1))
        );
        assert!(job.finished_at.is_some());
    }
    assert_eq!(a.claim_job("late").await.unwrap(), None);
}

async fn stale_jobs_are_requeued(db: &crate::support::TestDb) {
    let store = db.store().await;
    let ids = enqueue(&store, 2).await;
    let first = store.claim_job("w1").await.unwrap().unwrap();
    let second = store.claim_job("w1").await.unwrap().unwrap();
    assert_eq!((first.id, second.id), (ids[0], ids[1]), "oldest first");
    tokio::time::sleep(Duration::from_millis(600)).await;
    store.heartbeat(second.id, "w1").await.unwrap();
    // Only the job without a recent heartbeat goes back to the queue.
    assert_eq!(
        store
            .requeue_stale(Duration::from_millis(300), 3)
            .await
            .unwrap(),
        1
    );
    let requeued = store.any_job(first.id).await.unwrap();
    assert_eq!(
        (requeued.state, requeued.worker.clone()),
        (JobState::Queued, None)
    );
    assert_eq!(
        store.any_job(second.id).await.unwrap().state,
        JobState::Running
    );
    // The dead worker has lost it.
    assert!(
        store
            .heartbeat(first.id, "w1")
            .await
            .unwrap_err()
            .is_conflict()
    );
    assert!(
        store
            .finish_job(first.id, "w1")
            .await
            .unwrap_err()
            .is_conflict()
    );
    // A restarted worker resumes it.
    let resumed = store.claim_job("w2").await.unwrap().unwrap();
    assert_eq!((resumed.id, resumed.attempts), (first.id, 2));
    // Stale again after its last allowed attempt: it fails instead of looping.
    tokio::time::sleep(Duration::from_millis(600)).await;
    store.heartbeat(second.id, "w1").await.unwrap();
    assert_eq!(
        store
            .requeue_stale(Duration::from_millis(300), 2)
            .await
            .unwrap(),
        0
    );
    let failed = store.any_job(first.id).await.unwrap();
    assert_eq!(failed.state, JobState::Failed);
    assert!(failed.error.unwrap().contains("worker lost"));
    store
        .fail_job(second.id, "w1", "no such SBOM")
        .await
        .unwrap();
    assert_eq!(
        store.any_job(second.id).await.unwrap().error.as_deref(),
        Some("no such SBOM")
    );
    assert_eq!(store.count_jobs(JobState::Failed).await.unwrap(), 2);
}
