//! Rematching after the vulnerability database changed; advisory imports.

use tplc_jobs::{import_job, rematch_job};
use tplc_store::{FindingFilter, JobState};

use crate::support::{TestDb, drain, import, organization, pypi_advisory, sbom, upload, worker};

crate::backend_tests!(
    a_new_advisory_is_found_by_a_rematch_of_the_named_advisory_or_of_all,
    an_import_job_imports_and_enqueues_a_rematch,
);

async fn a_new_advisory_is_found_by_a_rematch_of_the_named_advisory_or_of_all(db: &TestDb) {
    let store = db.store().await;
    import(
        db,
        &[("OLD-1", pypi_advisory("OLD-1", "requests", "2.0.0"))],
    );
    let (org, version) = organization(&store, "Acme").await;
    let (other, other_version) = organization(&store, "Other").await;
    upload(
        &store,
        org,
        version,
        sbom(&[("urllib3", "1.26.15"), ("six", "1.0")]),
    )
    .await;
    upload(&store, other, other_version, sbom(&[("six", "1.0")])).await;
    let worker = worker(&store, &db.vulndb(), "w1");
    drain(&worker).await;
    assert!(
        store
            .findings(org, &FindingFilter::default())
            .await
            .unwrap()
            .is_empty()
    );

    import(
        db,
        &[("NEW-1", pypi_advisory("NEW-1", "urllib3", "1.26.17"))],
    );
    let mut tx = store.begin().await.unwrap();
    let job = tx
        .enqueue_job(&rematch_job(Some(org), &["NEW-1".to_owned()]))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let outcomes = drain(&worker).await;
    assert_eq!(
        outcomes[0].state,
        JobState::Done,
        "{:?}",
        outcomes[0].summary
    );
    assert_eq!(outcomes[0].summary["sboms_rescanned"], 1);
    assert_eq!(outcomes[0].summary["new_findings"], 1);
    let job = store.job(org, job.id).await.unwrap();
    assert_eq!((job.progress_done, job.progress_total), (1, Some(1)));
    let findings = store
        .findings(org, &FindingFilter::default())
        .await
        .unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].vulnerability_key, "NEW-1");
    let events = store.audit_events(org, None, 100).await.unwrap();
    assert!(
        events
            .iter()
            .any(|event| event.action == "findings.rematch")
    );

    // A rematch of everything finds nothing new and duplicates nothing.
    import(db, &[("SIX-1", pypi_advisory("SIX-1", "six", "2.0"))]);
    let mut tx = store.begin().await.unwrap();
    tx.enqueue_job(&rematch_job(None, &[])).await.unwrap();
    tx.commit().await.unwrap();
    let outcomes = drain(&worker).await;
    assert_eq!(outcomes[0].summary["sboms_rescanned"], 2);
    assert_eq!(outcomes[0].summary["new_findings"], 2);
    assert_eq!(outcomes[0].summary["refreshed_findings"], 1);
    assert_eq!(
        store
            .findings(org, &FindingFilter::default())
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store
            .findings(other, &FindingFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(db.scalar("SELECT COUNT(*) FROM findings").await, 3);
    assert!(store.verify_audit_chain().await.is_ok());
}

async fn an_import_job_imports_and_enqueues_a_rematch(db: &TestDb) {
    let store = db.store().await;
    let (org, version) = organization(&store, "Acme").await;
    upload(&store, org, version, sbom(&[("urllib3", "1.26.15")])).await;
    let worker = worker(&store, &db.vulndb(), "w1");
    drain(&worker).await;
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("NEW-1.json");
    std::fs::write(&path, pypi_advisory("NEW-1", "urllib3", "1.26.17")).unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.enqueue_job(&import_job(
        tplc_vulndb::SourceKind::Osv,
        &[path.display().to_string()],
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let outcomes = drain(&worker).await;
    assert_eq!(outcomes.len(), 2, "the import, then its rematch");
    assert_eq!(outcomes[0].summary["import"]["added"], 1);
    assert_eq!(outcomes[1].kind, tplc_store::JobKind::Rematch);
    assert_eq!(
        store
            .findings(org, &FindingFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
    // A bad path fails the job with the importer's message.
    let mut tx = store.begin().await.unwrap();
    tx.enqueue_job(&import_job(
        tplc_vulndb::SourceKind::Osv,
        &["/nonexistent".into()],
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let outcomes = drain(&worker).await;
    assert_eq!(outcomes[0].state, JobState::Failed);
    assert!(
        outcomes[0].summary["error"]
            .as_str()
            .unwrap()
            .contains("/nonexistent"),
        "{:?}",
        outcomes[0].summary
    );
}
