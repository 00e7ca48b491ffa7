//! The demo portfolio.

use tplc_store::{FindingFilter, JobState, SbomState};

use crate::support::{TestDb, drain, worker};

crate::backend_tests!(the_demo_seed_is_idempotent_and_gives_findings);

async fn the_demo_seed_is_idempotent_and_gives_findings(db: &TestDb) {
    let store = db.store().await;
    let summary = tplc_jobs::demo::seed(&store, &db.vulndb()).await.unwrap();
    assert!(!summary.already_present);
    assert_eq!(
        (summary.products, summary.versions, summary.sboms),
        (3, 6, 6)
    );
    assert_eq!(summary.jobs.len(), 6);
    assert_eq!(summary.advisories, 8);
    let org = summary.organization.unwrap();
    let outcomes = drain(&worker(&store, &db.vulndb(), "w1")).await;
    assert_eq!(outcomes.len(), 6);
    assert!(
        outcomes.iter().all(|o| o.state == JobState::Done),
        "{outcomes:?}"
    );
    let mut per_version = Vec::new();
    for product in store.products(org).await.unwrap() {
        assert!(product.generic_name.is_some());
        for version in store.product_versions(org, product.id).await.unwrap() {
            let documents = store.sbom_documents(org, version.id).await.unwrap();
            assert_eq!(documents.len(), 1);
            assert_eq!(documents[0].state, SbomState::Ready);
            let findings = store
                .findings(
                    org,
                    &FindingFilter {
                        product_version: Some(version.id),
                        ..FindingFilter::default()
                    },
                )
                .await
                .unwrap();
            per_version.push((
                product.name.clone(),
                version.version.clone(),
                findings.len(),
            ));
        }
    }
    per_version.sort();
    assert_eq!(
        per_version,
        vec![
            ("PM-7 Patient Monitor".into(), "4.2".into(), 4),
            ("PM-7 Patient Monitor".into(), "4.3".into(), 1),
            ("SP-300 Infusion Pump".into(), "1.0".into(), 3),
            ("SP-300 Infusion Pump".into(), "1.1".into(), 1),
            ("ViewPoint PACS Viewer".into(), "3.0".into(), 2),
            ("ViewPoint PACS Viewer".into(), "3.1".into(), 0),
        ]
    );
    let log4shell = store.advisories_by_id("GHSA-jfh8-c2jp-5v3q").await.unwrap();
    assert_eq!(log4shell.len(), 1);
    assert_eq!(log4shell[0].severity, Some(tplc_store::Severity::Critical));

    let again = tplc_jobs::demo::seed(&store, &db.vulndb()).await.unwrap();
    assert!(again.already_present);
    assert_eq!(again.organization, Some(org));
    assert!(again.jobs.is_empty());
    assert_eq!(store.count_jobs(JobState::Queued).await.unwrap(), 0);
    assert_eq!(store.products(org).await.unwrap().len(), 3);
    assert!(store.verify_audit_chain().await.is_ok());
}
