//! Ingestion: the happy path, malformed SBOMs, a missing vulnerability database, a large SBOM.

use std::time::Instant;

use tplc_store::{FindingFilter, JobState, SbomState};

use crate::support::{TestDb, drain, import, organization, pypi_advisory, sbom, upload, worker};

crate::backend_tests!(
    ingestion_stores_components_findings_and_the_audit_event_at_once,
    a_malformed_sbom_fails_the_job_and_the_sbom_and_stores_nothing,
    without_a_vulnerability_database_ingestion_succeeds_with_no_findings,
    a_5000_component_sbom_is_ingested_with_its_findings,
);

async fn ingestion_stores_components_findings_and_the_audit_event_at_once(db: &TestDb) {
    let store = db.store().await;
    import(
        db,
        &[
            ("TEST-1", pypi_advisory("TEST-1", "urllib3", "1.26.17")),
            ("TEST-2", pypi_advisory("TEST-2", "requests", "2.0.0")),
        ],
    );
    let (org, version) = organization(&store, "Acme").await;
    let (doc, job) = upload(
        &store,
        org,
        version,
        sbom(&[
            ("urllib3", "1.26.15"),
            ("requests", "2.31.0"),
            ("six", "1.16.0"),
        ]),
    )
    .await;
    // Pending: nothing visible yet.
    assert!(store.components(org, doc).await.unwrap_err().is_not_found());
    let worker = worker(&store, &db.vulndb(), "w1");
    let outcomes = drain(&worker).await;
    assert_eq!(outcomes.len(), 1);
    assert_eq!(
        outcomes[0].state,
        JobState::Done,
        "{:?}",
        outcomes[0].summary
    );
    assert_eq!(outcomes[0].summary["components"], 3);
    assert_eq!(outcomes[0].summary["findings"], 1);
    let stored = store.sbom_document(org, doc).await.unwrap();
    assert_eq!(stored.state, SbomState::Ready);
    assert_eq!(stored.format, "cyclonedx-json");
    assert_eq!(stored.author.as_deref(), Some("Tester"));
    assert_eq!(store.components(org, doc).await.unwrap().len(), 3);
    let findings = store
        .findings(org, &FindingFilter::default())
        .await
        .unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].vulnerability_key, "TEST-1");
    assert_eq!(findings[0].fixed_versions, vec!["1.26.17".to_owned()]);
    assert_eq!(findings[0].severity, tplc_store::Severity::Critical);
    let advisory = store.advisory(findings[0].advisory).await.unwrap();
    assert_eq!(advisory.advisory_id, "TEST-1");
    let job = store.job(org, job.id).await.unwrap();
    assert_eq!((job.state, job.attempts), (JobState::Done, 1));
    let events = store.audit_events(org, None, 100).await.unwrap();
    let ingest = events.iter().find(|e| e.action == "sbom.ingest").unwrap();
    assert_eq!(ingest.object_id, doc.to_string());
    assert_eq!(ingest.after.as_ref().unwrap()["result"]["findings"], 1);
    assert_eq!(store.verify_audit_chain().await.unwrap(), events.len());
}

async fn a_malformed_sbom_fails_the_job_and_the_sbom_and_stores_nothing(db: &TestDb) {
    let store = db.store().await;
    let (org, version) = organization(&store, "Acme").await;
    let bad = br#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":42}]}"#;
    let (doc, job) = upload(&store, org, version, bad.to_vec()).await;
    let worker = worker(&store, &db.vulndb(), "w1");
    let outcomes = drain(&worker).await;
    assert_eq!(outcomes[0].state, JobState::Failed);
    let job = store.job(org, job.id).await.unwrap();
    assert_eq!(job.state, JobState::Failed);
    let error = job.error.unwrap();
    assert!(error.contains("/components/0/name"), "{error}");
    assert!(error.starts_with("cyclonedx-json: "), "{error}");
    let status = store.sbom_document_status(org, doc).await.unwrap();
    assert_eq!(status.state, SbomState::Failed);
    assert_eq!(status.error.as_deref(), Some(error.as_str()));
    assert!(
        store
            .sbom_document(org, doc)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(db.scalar("SELECT COUNT(*) FROM components").await, 0);
    // XML with a DTD is refused the same way, naming the line.
    let dtd = br#"<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY e "x">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components/></bom>"#;
    let (doc, job) = upload(&store, org, version, dtd.to_vec()).await;
    drain(&worker).await;
    let job = store.job(org, job.id).await.unwrap();
    assert_eq!(job.state, JobState::Failed);
    assert!(
        job.error.as_deref().unwrap().contains("line 2"),
        "{:?}",
        job.error
    );
    assert_eq!(
        store.sbom_document_status(org, doc).await.unwrap().state,
        SbomState::Failed
    );
    assert!(store.verify_audit_chain().await.unwrap() >= 2);
}

async fn without_a_vulnerability_database_ingestion_succeeds_with_no_findings(db: &TestDb) {
    let store = db.store().await;
    let (org, version) = organization(&store, "Acme").await;
    let (doc, _) = upload(&store, org, version, sbom(&[("urllib3", "1.26.15")])).await;
    let worker = worker(&store, &db.vulndb(), "w1");
    let outcomes = drain(&worker).await;
    assert_eq!(outcomes[0].state, JobState::Done);
    assert_eq!(outcomes[0].summary["vulndb"], "missing");
    assert_eq!(outcomes[0].summary["findings"], 0);
    assert_eq!(store.components(org, doc).await.unwrap().len(), 1);
    let events = store.audit_events(org, None, 100).await.unwrap();
    assert_eq!(
        events[0].after.as_ref().unwrap()["result"]["vulndb"],
        "missing"
    );
}

async fn a_5000_component_sbom_is_ingested_with_its_findings(db: &TestDb) {
    let store = db.store().await;
    // Synthetic component i is pkg:…/component-i@(i%7).(i%13).(i%101); index 1 is PyPI 1.1.1.
    import(
        db,
        &[(
            "TEST-SYN",
            pypi_advisory("TEST-SYN", "component-1", "2.0.0"),
        )],
    );
    let (org, version) = organization(&store, "Acme").await;
    let bytes = tplc_test::synthetic_cyclonedx_json(5_000);
    let started = Instant::now();
    let (doc, _) = upload(&store, org, version, bytes).await;
    let worker = worker(&store, &db.vulndb(), "w1");
    let outcomes = drain(&worker).await;
    let findings = store
        .findings(org, &FindingFilter::default())
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(
        outcomes[0].state,
        JobState::Done,
        "{:?}",
        outcomes[0].summary
    );
    assert_eq!(store.components(org, doc).await.unwrap().len(), 5_000);
    assert_eq!(findings.len(), 1);
    println!(
        "timing: upload of a 5,000-component SBOM to findings visible: {} ms ({})",
        elapsed.as_millis(),
        if matches!(db.kind, crate::support::Kind::Sqlite) {
            "SQLite"
        } else {
            "PostgreSQL"
        }
    );
}
