//! SBOM documents and components: stored in one transaction, visible only when ready.

use tplc_store::*;

use crate::fixtures;

crate::backend_tests!(
    sbom_store_and_read_back,
    sbom_rollback_leaves_nothing,
    sbom_pending_then_ready_or_failed,
    findings_upsert_and_filters
);

async fn sbom_store_and_read_back(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let p = fixtures::product(&store, org.id, "Pump").await;
    let v = fixtures::version(&store, org.id, p.id, "1.0", None).await;
    let new = fixtures::sbom_bytes("read-back");
    let components = vec![
        fixtures::purl_component("a", "pkg:npm/%40angular/core@16.1.0"),
        fixtures::named_component("b", "ACME Medical", "Pump-FW"),
    ];
    let mut tx = store.begin().await.unwrap();
    let doc = tx
        .store_sbom(org.id, v.id, &new, &components)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(doc.state, SbomState::Ready);
    assert_eq!(doc.original_size, new.original.len() as i64);
    assert_eq!(
        store.sbom_original(org.id, doc.id).await.unwrap(),
        new.original
    );
    assert_eq!(
        store.sbom_documents(org.id, v.id).await.unwrap(),
        vec![doc.clone()]
    );
    let stored = store.components(org.id, doc.id).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(
        stored[0].identity,
        ComponentIdentity::Purl("pkg:npm/%40angular/core".into())
    );
    assert_eq!(
        stored[1].identity,
        ComponentIdentity::Named {
            supplier: "acme medical".into(),
            group: String::new(),
            name: "pump-fw".into()
        }
    );
    assert_eq!(stored[1].supplier.as_deref(), Some("ACME Medical"));

    // Stored compressed, hashed over the original.
    assert_eq!(doc.sha256.len(), 64);
    let expected = {
        use sha2::Digest;
        sha2::Sha256::digest(&new.original)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(doc.sha256, expected);

    // Corrupt the stored bytes behind the store's back: reading says so, never panics.
    db.raw(&format!(
        "UPDATE sbom_documents SET sha256 = '{}' WHERE id = {}",
        "0".repeat(64),
        doc.id
    ))
    .await
    .unwrap();
    assert!(matches!(
        store.sbom_original(org.id, doc.id).await,
        Err(Error::Corrupt(_))
    ));

    // Many components go in batches.
    let many: Vec<_> = (0..1_234)
        .map(|i| fixtures::purl_component(&format!("c{i}"), &format!("pkg:pypi/pkg-{i}@1.0")))
        .collect();
    let mut tx = store.begin().await.unwrap();
    let big = tx.store_sbom(org.id, v.id, &new, &many).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.components(org.id, big.id).await.unwrap().len(), 1_234);
}

async fn sbom_rollback_leaves_nothing(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let p = fixtures::product(&store, org.id, "Pump").await;
    let v = fixtures::version(&store, org.id, p.id, "1.0", None).await;
    // The 700th component repeats a bom-ref: the second batch fails after the first went in.
    let mut components: Vec<_> = (0..800)
        .map(|i| fixtures::purl_component(&format!("c{i}"), &format!("pkg:npm/p{i}@1.0.0")))
        .collect();
    components[700].bom_ref = Some("c3".into());
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .store_sbom(org.id, v.id, &fixtures::sbom_bytes("bad"), &components)
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err}");
    drop(tx); // rolled back
    assert!(store.sbom_documents(org.id, v.id).await.unwrap().is_empty());
    assert_eq!(db.count("sbom_documents").await, 0);
    assert_eq!(db.count("components").await, 0);

    // A failure later in the same transaction (with its audit event) also takes the SBOM back.
    let mut tx = store.begin().await.unwrap();
    let doc = tx
        .store_sbom(org.id, v.id, &fixtures::sbom_bytes("ok"), &components[..10])
        .await
        .unwrap();
    tx.append_audit(&NewAuditEvent {
        organization: Some(org.id),
        actor: "user:alice".into(),
        action: "sbom.upload".into(),
        object_type: "sbom_document".into(),
        object_id: doc.id.to_string(),
        before: None,
        after: Some(serde_json::json!({"components": 10})),
    })
    .await
    .unwrap();
    let err = tx
        .create_product(
            org.id,
            &NewProduct {
                name: "Pump".into(),
                ..NewProduct::default()
            },
        )
        .await
        .unwrap_err();
    assert!(err.is_conflict());
    tx.rollback().await.unwrap();
    assert!(
        store
            .sbom_document_status(org.id, doc.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(db.count("components").await, 0);
    assert_eq!(db.count("audit_events").await, 0);
    assert_eq!(store.verify_audit_chain().await.unwrap(), 0);
}

async fn sbom_pending_then_ready_or_failed(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let p = fixtures::product(&store, org.id, "Pump").await;
    let v = fixtures::version(&store, org.id, p.id, "1.0", None).await;
    let mut tx = store.begin().await.unwrap();
    let pending = tx
        .create_sbom(org.id, v.id, &fixtures::sbom_bytes("p"))
        .await
        .unwrap();
    let failing = tx
        .create_sbom(org.id, v.id, &fixtures::sbom_bytes("f"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(pending.state, SbomState::Pending);
    // Pending: not visible, but its status is.
    assert!(
        store
            .sbom_document(org.id, pending.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        store
            .components(org.id, pending.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        store
            .sbom_original(org.id, pending.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(store.sbom_documents(org.id, v.id).await.unwrap().is_empty());
    assert_eq!(
        store
            .sbom_document_status(org.id, pending.id)
            .await
            .unwrap()
            .state,
        SbomState::Pending
    );

    let mut tx = store.begin().await.unwrap();
    let ready = tx
        .complete_sbom(
            org.id,
            pending.id,
            &[fixtures::purl_component("a", "pkg:npm/a@1.0.0")],
        )
        .await
        .unwrap();
    assert_eq!(ready.state, SbomState::Ready);
    // Visible inside the transaction, not outside before the commit.
    assert_eq!(tx.components(org.id, pending.id).await.unwrap().len(), 1);
    tx.commit().await.unwrap();
    assert_eq!(store.components(org.id, pending.id).await.unwrap().len(), 1);

    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.complete_sbom(org.id, pending.id, &[])
            .await
            .unwrap_err()
            .is_conflict()
    );
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    let failed = tx
        .fail_sbom(org.id, failing.id, "line 3: not JSON")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(failed.state, SbomState::Failed);
    assert_eq!(failed.error.as_deref(), Some("line 3: not JSON"));
    assert!(
        store
            .sbom_document(org.id, failing.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(store.sbom_documents(org.id, v.id).await.unwrap().len(), 1);
}

async fn findings_upsert_and_filters(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let p = fixtures::product(&store, org.id, "Pump").await;
    let v1 = fixtures::version(&store, org.id, p.id, "1.0", None).await;
    let v2 = fixtures::version(&store, org.id, p.id, "2.0", None).await;
    let mut excluded = fixtures::purl_component("t", "pkg:npm/test-only@1.0.0");
    excluded.scope_excluded = true;
    let c1 = fixtures::sbom(
        &store,
        org.id,
        v1.id,
        &[fixtures::purl_component("a", "pkg:npm/a@1.0.0"), excluded],
    )
    .await;
    let c2 = fixtures::sbom(
        &store,
        org.id,
        v2.id,
        &[fixtures::purl_component("a", "pkg:npm/a@1.0.0")],
    )
    .await;
    let osv = fixtures::advisory(
        &store,
        "GHSA-jfh8-c2jp-5v3q",
        tplc_advisory::AdvisorySource::Osv,
    )
    .await;
    // Upserting the same advisory replaces it, keeping the key.
    assert_eq!(
        fixtures::advisory(
            &store,
            "GHSA-jfh8-c2jp-5v3q",
            tplc_advisory::AdvisorySource::Osv
        )
        .await,
        osv
    );
    let nvd = fixtures::advisory(
        &store,
        "GHSA-jfh8-c2jp-5v3q",
        tplc_advisory::AdvisorySource::Nvd,
    )
    .await;
    assert_ne!(osv, nvd);
    let stored = store.advisory(osv).await.unwrap();
    assert_eq!(stored.source, "osv");
    assert_eq!(stored.advisory.aliases, ["CVE-2021-44228"]);
    assert_eq!(
        store
            .advisories_by_id("GHSA-jfh8-c2jp-5v3q")
            .await
            .unwrap()
            .len(),
        2
    );

    let first = fixtures::finding(&store, org.id, c1[0].id, osv).await;
    assert_eq!(
        first.first_seen, first.last_seen,
        "$11 bound once, used twice"
    );
    assert_eq!(first.fixed_versions, ["2.15.0"]);
    assert!(first.kev);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let mut tx = store.begin().await.unwrap();
    let mut changed = fixtures::new_finding(c1[0].id, osv);
    changed.severity = Severity::High;
    changed.kev = false;
    let again = tx
        .upsert_finding(org.id, &changed, Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(again.first_seen, first.first_seen);
    assert!(again.last_seen > first.last_seen);
    assert_eq!(again.severity, Severity::High);
    fixtures::finding(&store, org.id, c1[1].id, osv).await; // excluded component
    fixtures::finding(&store, org.id, c2[0].id, osv).await;
    // An unknown advisory is NotFound.
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.upsert_finding(
            org.id,
            &fixtures::new_finding(c2[0].id, AdvisoryKey::new(999)),
            Timestamp::now()
        )
        .await
        .unwrap_err()
        .is_not_found()
    );
    drop(tx);

    let all = store
        .findings(org.id, &FindingFilter::default())
        .await
        .unwrap();
    assert_eq!(
        all.len(),
        2,
        "the excluded component's finding is not listed"
    );
    let with_excluded = FindingFilter {
        include_excluded: true,
        ..FindingFilter::default()
    };
    assert_eq!(
        store.findings(org.id, &with_excluded).await.unwrap().len(),
        3
    );
    let v1_only = FindingFilter {
        product_version: Some(v1.id),
        ..FindingFilter::default()
    };
    assert_eq!(store.findings(org.id, &v1_only).await.unwrap().len(), 1);
    let high = FindingFilter {
        severity: Some(Severity::High),
        product: Some(p.id),
        ..FindingFilter::default()
    };
    assert_eq!(store.findings(org.id, &high).await.unwrap()[0].id, first.id);
    let kev = FindingFilter {
        kev: Some(true),
        ..FindingFilter::default()
    };
    let kev = store.findings(org.id, &kev).await.unwrap();
    assert_eq!(kev.len(), 1);
    assert_eq!(kev[0].component, c2[0].id);
}
