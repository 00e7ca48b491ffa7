//! Product scope and environment, configuration diagrams (round trip, size limit, corruption),
//! and MDS2 documents; organisation scoping and rollback.

use serde_json::json;
use tplc_store::*;

use crate::fixtures;

crate::backend_tests!(
    product_scope_is_replaced_and_scoped,
    diagrams_round_trip_with_a_size_limit,
    mds2_documents_per_version,
    a_failed_transaction_leaves_nothing_half_saved,
);

fn diagram(name: &str, content: Vec<u8>) -> NewDiagram {
    NewDiagram {
        file_name: name.into(),
        media_type: "image/png".into(),
        caption: "システム構成図".into(),
        content,
        uploaded_by: "user:alice".into(),
    }
}

/// Bytes that do not compress to nothing: a PNG signature and a counter pattern.
fn png_like(len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..len.saturating_sub(8)).map(|i| u8::try_from((i * 7 + i / 13) % 251).unwrap()));
    bytes
}

async fn product_scope_is_replaced_and_scoped(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let other = fixtures::org(&store, "Other").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    assert_eq!(store.product_scope(org.id, pump.id).await.unwrap(), None);

    let decision = json!({
        "interfaces": ["network", "usb_media"],
        "has_software": true,
        "attack_foreseeable": true,
        "in_scope": true,
        "reasoning": {"ja": "院内LANに接続する", "en": "connects to the hospital LAN"},
    });
    let environment = json!({"use_environments": ["hospital"], "min_network": "1000BASE-T"});
    let mut tx = store.begin().await.unwrap();
    let put = tx
        .put_product_scope(org.id, pump.id, &decision, &environment, "user:alice")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.product_scope(org.id, pump.id).await.unwrap(),
        Some(put)
    );

    let narrower = json!({"interfaces": [], "has_software": true, "in_scope": false});
    let mut tx = store.begin().await.unwrap();
    tx.put_product_scope(org.id, pump.id, &narrower, &json!({}), "user:bob")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let now = store.product_scope(org.id, pump.id).await.unwrap().unwrap();
    assert_eq!(
        (now.decision, now.environment, now.updated_by.as_str()),
        (narrower, json!({}), "user:bob")
    );
    assert_eq!(db.count("product_scope").await, 1);

    let mut tx = store.begin().await.unwrap();
    for (decision, environment, actor) in [
        (json!([1]), json!({}), "user:bob"),
        (json!({}), json!(null), "user:bob"),
        (json!({}), json!({}), ""),
    ] {
        let err = tx
            .put_product_scope(org.id, pump.id, &decision, &environment, actor)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err}");
    }
    assert!(
        tx.put_product_scope(other.id, pump.id, &json!({}), &json!({}), "user:mallory")
            .await
            .unwrap_err()
            .is_not_found()
    );
    drop(tx);
    assert!(
        store
            .product_scope(other.id, pump.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        store
            .product_scope(org.id, pump.id)
            .await
            .unwrap()
            .unwrap()
            .updated_by,
        "user:bob"
    );
}

async fn diagrams_round_trip_with_a_size_limit(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let other = fixtures::org(&store, "Other").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let monitor = fixtures::product(&store, org.id, "Monitor").await;
    const LIMIT: usize = 64 * 1024;

    let system = png_like(LIMIT); // exactly at the limit
    let network = b"%PDF-1.7 network".to_vec();
    let mut tx = store.begin().await.unwrap();
    let first = tx
        .add_diagram(
            org.id,
            pump.id,
            &diagram("system.png", system.clone()),
            LIMIT,
        )
        .await
        .unwrap();
    let second = tx
        .add_diagram(
            org.id,
            pump.id,
            &NewDiagram {
                media_type: "application/pdf".into(),
                caption: "ネットワーク構成図".into(),
                ..diagram("ネットワーク構成.pdf", network.clone())
            },
            LIMIT,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(first.size, i64::try_from(LIMIT).unwrap());
    assert_eq!(first.sha256.len(), 64);
    assert_eq!(first.product, pump.id);
    assert_eq!(first.audit_summary()["file_name"], "system.png");
    assert_eq!(
        store.diagrams(org.id, pump.id).await.unwrap(),
        vec![first.clone(), second.clone()]
    );
    assert!(store.diagrams(org.id, monitor.id).await.unwrap().is_empty());
    let (meta, bytes) = store.diagram(org.id, pump.id, first.id).await.unwrap();
    assert_eq!((meta, bytes), (first.clone(), system));
    let (meta, bytes) = store.diagram(org.id, pump.id, second.id).await.unwrap();
    assert_eq!(meta.file_name, "ネットワーク構成.pdf");
    assert_eq!(meta.media_type, "application/pdf");
    assert_eq!(bytes, network);

    // One byte over the limit, an empty file, a path, a bad media type: refused, nothing saved.
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .add_diagram(
            org.id,
            pump.id,
            &diagram("big.png", png_like(LIMIT + 1)),
            LIMIT,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(m) if m.contains("65537 bytes") && m.contains("65536")),
        "{err}"
    );
    for bad in [
        diagram("empty.png", Vec::new()),
        diagram("../etc/passwd", b"x".to_vec()),
        diagram("a\\b.png", b"x".to_vec()),
        diagram(" ", b"x".to_vec()),
        NewDiagram {
            media_type: "png".into(),
            ..diagram("x.png", b"x".to_vec())
        },
        NewDiagram {
            uploaded_by: String::new(),
            ..diagram("x.png", b"x".to_vec())
        },
    ] {
        let err = tx
            .add_diagram(org.id, pump.id, &bad, LIMIT)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{}: {err}", bad.file_name);
    }
    drop(tx);
    assert_eq!(db.count("product_diagrams").await, 2);

    // Scoping: another organization, or the diagram through another product.
    macro_rules! hidden {
        ($e:expr) => {
            let err = $e.await.unwrap_err();
            assert!(err.is_not_found(), "{}: {err}", stringify!($e));
        };
    }
    hidden!(store.diagrams(other.id, pump.id));
    hidden!(store.diagram(other.id, pump.id, first.id));
    hidden!(store.diagram(org.id, monitor.id, first.id));
    let mut tx = store.begin().await.unwrap();
    hidden!(tx.add_diagram(other.id, pump.id, &diagram("x.png", b"x".to_vec()), LIMIT));
    hidden!(tx.remove_diagram(other.id, pump.id, first.id));
    hidden!(tx.remove_diagram(org.id, monitor.id, first.id));
    // Removal returns what was removed; a second removal finds nothing.
    let removed = tx.remove_diagram(org.id, pump.id, second.id).await.unwrap();
    assert_eq!(removed, second);
    hidden!(tx.remove_diagram(org.id, pump.id, second.id));
    tx.commit().await.unwrap();
    assert_eq!(
        store.diagrams(org.id, pump.id).await.unwrap(),
        vec![first.clone()]
    );
    hidden!(store.diagram(org.id, pump.id, second.id));

    // Stored bytes changed behind the store's back are reported, not returned.
    db.raw(&format!(
        "UPDATE product_diagrams SET sha256 = '{}' WHERE id = {}",
        "0".repeat(64),
        first.id
    ))
    .await
    .unwrap();
    assert!(matches!(
        store.diagram(org.id, pump.id, first.id).await,
        Err(Error::Corrupt(m)) if m.contains("SHA-256")
    ));
}

async fn mds2_documents_per_version(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let other = fixtures::org(&store, "Other").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let v1 = fixtures::version(&store, org.id, pump.id, "1.0", None).await;
    let v2 = fixtures::version(&store, org.id, pump.id, "2.0", None).await;
    assert_eq!(store.mds2(org.id, v1.id).await.unwrap(), None);

    let document = json!({
        "meta": {"manufacturer": "ACME", "device": "Pump", "model": "SP-200"},
        "answers": {"SBOM-1": {"answer": "Yes", "note": ""}, "DOC-1": {"answer": "ACME", "note": ""}},
    });
    let mut tx = store.begin().await.unwrap();
    let put = tx
        .put_mds2(org.id, v1.id, "hn-1-2019", &document, "user:alice")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.mds2(org.id, v1.id).await.unwrap(), Some(put.clone()));
    assert_eq!(put.form_id, "hn-1-2019");
    assert_eq!(
        store.mds2(org.id, v2.id).await.unwrap(),
        None,
        "not inherited"
    );

    let mut changed = document.clone();
    changed["answers"]["SBOM-1"]["answer"] = json!("See Note");
    let mut tx = store.begin().await.unwrap();
    tx.put_mds2(org.id, v1.id, "hn-1-2019", &changed, "user:bob")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let now = store.mds2(org.id, v1.id).await.unwrap().unwrap();
    assert_eq!(
        (now.document, now.updated_by.as_str()),
        (changed, "user:bob")
    );
    assert_eq!(db.count("mds2_documents").await, 1);

    let mut tx = store.begin().await.unwrap();
    for (form, doc, actor) in [
        ("", json!({}), "user:bob"),
        ("hn-1-2019", json!("Yes"), "user:bob"),
        ("hn-1-2019", json!({}), " "),
    ] {
        let err = tx
            .put_mds2(org.id, v2.id, form, &doc, actor)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err}");
    }
    assert!(
        tx.put_mds2(other.id, v1.id, "hn-1-2019", &json!({}), "user:mallory")
            .await
            .unwrap_err()
            .is_not_found()
    );
    drop(tx);
    assert!(
        store
            .mds2(other.id, v1.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

async fn a_failed_transaction_leaves_nothing_half_saved(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let v1 = fixtures::version(&store, org.id, pump.id, "1.0", None).await;

    // Everything of issue 5 written in one transaction with its audit event, then a failure.
    let mut tx = store.begin().await.unwrap();
    let link = tx
        .add_evidence(
            org.id,
            v1.id,
            &NewEvidenceLink {
                document_number: "QM-001".into(),
                ..NewEvidenceLink::new(
                    "jp-mhlw-0523",
                    "jp0523-1-1-a",
                    EvidenceKind::Document,
                    EvidenceStatus::Approved,
                    "user:alice",
                )
            },
        )
        .await
        .unwrap();
    tx.append_audit(&NewAuditEvent {
        organization: Some(org.id),
        actor: "user:alice".into(),
        action: "evidence.add".into(),
        object_type: "evidence_link".into(),
        object_id: link.id.to_string(),
        before: None,
        after: Some(link.audit_summary()),
    })
    .await
    .unwrap();
    tx.put_annex_f(org.id, v1.id, &json!({"applied": true}), "user:alice")
        .await
        .unwrap();
    tx.put_product_scope(org.id, pump.id, &json!({}), &json!({}), "user:alice")
        .await
        .unwrap();
    tx.add_diagram(
        org.id,
        pump.id,
        &diagram("system.png", png_like(1000)),
        10_000,
    )
    .await
    .unwrap();
    tx.add_disclosure(
        org.id,
        v1.id,
        &NewDisclosure {
            customer: "中央病院".into(),
            customer_organization: None,
            shown_at: "2026-01-15".into(),
            method: String::new(),
            note: String::new(),
            recorded_by: "user:alice".into(),
        },
    )
    .await
    .unwrap();
    tx.put_mds2(
        org.id,
        v1.id,
        "hn-1-2019",
        &json!({"answers": {}}),
        "user:alice",
    )
    .await
    .unwrap();
    let mut legacy = NewProductVersion::new("1.0");
    legacy.legacy = true;
    legacy.limited_support_plan = "plan".into();
    legacy.legacy_reason = "unprotectable".into();
    tx.update_product_version(org.id, v1.id, &legacy)
        .await
        .unwrap();
    // A version whose EOS is not after its EOL fails the transaction.
    let mut bad = NewProductVersion::new("2.0");
    bad.eol_date = Some("2030-03-31".into());
    bad.eos_date = Some("2030-03-31".into());
    assert!(matches!(
        tx.create_product_version(org.id, pump.id, &bad).await,
        Err(Error::Invalid(_))
    ));
    drop(tx);

    for table in [
        "evidence_links",
        "evidence_sets",
        "annex_f_records",
        "product_scope",
        "product_diagrams",
        "lifecycle_disclosures",
        "mds2_documents",
        "audit_events",
    ] {
        assert_eq!(db.count(table).await, 0, "{table}");
    }
    assert_eq!(db.count("product_versions").await, 1);
    assert_eq!(store.product_version(org.id, v1.id).await.unwrap(), v1);
    assert_eq!(store.verify_audit_chain().await.unwrap(), 0);
}
