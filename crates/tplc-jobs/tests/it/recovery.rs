//! Crash recovery and several workers sharing one queue.

use std::time::Duration;

use tplc_jobs::Worker;
use tplc_store::{FindingFilter, JobState, SbomState};

use crate::support::{TestDb, import, organization, pypi_advisory, sbom, upload, worker};

crate::backend_tests!(
    a_worker_dropped_mid_job_leaves_nothing_and_another_worker_completes_it,
    two_workers_on_two_pools_run_each_job_exactly_once,
);

async fn a_worker_dropped_mid_job_leaves_nothing_and_another_worker_completes_it(db: &TestDb) {
    let store = db.store().await;
    import(
        db,
        &[(
            "TEST-SYN",
            pypi_advisory("TEST-SYN", "component-1", "2.0.0"),
        )],
    );
    let (org, version) = organization(&store, "Acme").await;
    let (doc, job) = upload(
        &store,
        org,
        version,
        tplc_test::synthetic_cyclonedx_json(5_000),
    )
    .await;
    let first = worker(&store, &db.vulndb(), "doomed");
    let running = tokio::spawn(async move { first.run_once().await });
    // Wait until it holds the job, then kill it (its transaction, if any, is dropped).
    loop {
        let state = store.job(org, job.id).await.unwrap().state;
        if state != JobState::Queued {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    running.abort();
    let _ = running.await;
    let held = store.job(org, job.id).await.unwrap();
    assert_eq!(held.state, JobState::Running, "the job was not interrupted");
    assert_eq!(held.worker.as_deref(), Some("doomed"));
    assert_eq!(
        store.sbom_document_status(org, doc).await.unwrap().state,
        SbomState::Pending
    );
    assert_eq!(db.scalar("SELECT COUNT(*) FROM components").await, 0);

    // A second worker (a restarted server) requeues the stale job and completes it.
    let second = worker(&store, &db.vulndb(), "survivor");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let loop_handle = tokio::spawn(second.clone().run(async {
        let _ = stopped.await;
    }));
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let state = store.job(org, job.id).await.unwrap();
        if state.state == JobState::Done {
            assert_eq!(state.attempts, 2);
            assert_eq!(state.worker.as_deref(), Some("survivor"));
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not resumed: {state:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    loop_handle.await.unwrap();
    assert_eq!(store.components(org, doc).await.unwrap().len(), 5_000);
    assert_eq!(db.scalar("SELECT COUNT(*) FROM components").await, 5_000);
    assert_eq!(
        store
            .findings(org, &FindingFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
    // The presumed-dead worker can no longer complete it.
    assert!(
        store
            .finish_job(job.id, "doomed")
            .await
            .unwrap_err()
            .is_conflict()
    );
    let events = store.audit_events(org, None, 100).await.unwrap();
    assert_eq!(
        events.iter().filter(|e| e.action == "sbom.ingest").count(),
        1
    );
    assert!(store.verify_audit_chain().await.is_ok());
}

async fn two_workers_on_two_pools_run_each_job_exactly_once(db: &TestDb) {
    const JOBS: usize = 40;
    let store = db.store().await;
    import(
        db,
        &[("TEST-1", pypi_advisory("TEST-1", "urllib3", "1.26.17"))],
    );
    let (org, version) = organization(&store, "Acme").await;
    let mut jobs = Vec::new();
    for index in 0..JOBS {
        let (_, job) = upload(
            &store,
            org,
            version,
            sbom(&[("urllib3", "1.26.15"), ("pad", &format!("{index}.0"))]),
        )
        .await;
        jobs.push(job.id);
    }
    let (stop, _) = tokio::sync::broadcast::channel::<()>(1);
    let mut handles = Vec::new();
    for name in ["a", "b"] {
        let pool = db.store().await; // a pool of its own, as a second process would have
        let worker: Worker = worker(&pool, &db.vulndb(), name);
        let mut stopped = stop.subscribe();
        handles.push(tokio::spawn(worker.run(async move {
            let _ = stopped.recv().await;
        })));
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while store.count_jobs(JobState::Done).await.unwrap() < JOBS as i64 {
        assert!(std::time::Instant::now() < deadline, "queue not drained");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    for handle in handles {
        handle.await.unwrap();
    }
    let mut by_worker = std::collections::BTreeMap::<String, usize>::new();
    for id in jobs {
        let job = store.job(org, id).await.unwrap();
        assert_eq!((job.state, job.attempts), (JobState::Done, 1), "{job:?}");
        *by_worker.entry(job.worker.unwrap()).or_default() += 1;
    }
    println!("jobs per worker: {by_worker:?}");
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM components").await,
        2 * JOBS as i64
    );
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM findings").await,
        JOBS as i64
    );
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM (SELECT component_id, advisory_id FROM findings GROUP BY component_id, advisory_id HAVING COUNT(*) > 1) d")
            .await,
        0
    );
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'sbom.ingest'")
            .await,
        JOBS as i64
    );
    assert!(store.verify_audit_chain().await.is_ok());
}
