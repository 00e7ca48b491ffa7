//! The audit chain: concurrent appends form one chain; tampering and truncation are named.

use tplc_store::*;

use crate::fixtures;

crate::backend_tests!(audit_chain_under_concurrency, audit_tampering_is_detected);

fn event(org: Option<OrganizationId>, actor: &str, n: usize) -> NewAuditEvent {
    NewAuditEvent {
        organization: org,
        actor: actor.into(),
        action: "analysis.record".into(),
        object_type: "analysis".into(),
        object_id: n.to_string(),
        before: n
            .is_multiple_of(2)
            .then(|| serde_json::json!({"state": "in_triage"})),
        after: Some(
            serde_json::json!({"state": "not_affected", "n": n, "text": "患者への影響なし"}),
        ),
    }
}

async fn audit_chain_under_concurrency(db: &crate::support::TestDb) {
    let a = db.store().await;
    let b = db.store().await;
    let org = fixtures::org(&a, "ACME").await;
    let mut tasks = Vec::new();
    for (p, store) in [a.clone(), b.clone()].into_iter().enumerate() {
        for t in 0..8 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..10 {
                    let actor = format!("user:p{p}t{t}");
                    store
                        .append_audit(&event(Some(org.id), &actor, i))
                        .await
                        .unwrap();
                }
            }));
        }
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(a.verify_audit_chain().await.unwrap(), 160);
    let events = b.audit_events(org.id, None, 1_000).await.unwrap();
    assert_eq!(events.len(), 160);
    assert_eq!(events[0].prev_hash, GENESIS_HASH);
    for pair in events.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
        assert!(pair[1].id > pair[0].id);
    }
    // Paging.
    let page = b
        .audit_events(org.id, Some(events[149].id), 5)
        .await
        .unwrap();
    assert_eq!(
        page.iter().map(|e| e.id).collect::<Vec<_>>(),
        events[150..155].iter().map(|e| e.id).collect::<Vec<_>>()
    );
    assert_eq!(page[0].after.as_ref().unwrap()["text"], "患者への影響なし");
    let other = fixtures::org(&a, "Other").await;
    assert!(a.audit_events(other.id, None, 10).await.unwrap().is_empty());
}

async fn audit_tampering_is_detected(db: &crate::support::TestDb) {
    let store = db.store().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            store
                .append_audit(&event(None, "system", i))
                .await
                .unwrap()
                .id,
        );
    }
    assert_eq!(store.verify_audit_chain().await.unwrap(), 5);

    // Change an after-summary behind the store's back: that event is named.
    let original = db.count("audit_events").await;
    assert_eq!(original, 5);
    db.raw(&format!(
        "UPDATE audit_events SET after_summary = '{{\"state\":\"exploitable\"}}' WHERE id = {}",
        ids[2]
    ))
    .await
    .unwrap();
    match store.verify_audit_chain().await {
        Err(Error::BrokenChain(link)) => {
            assert_eq!(link.event_id, ids[2]);
            assert!(link.reason.contains("does not match"), "{}", link.reason);
        }
        other => panic!("tampering not detected: {other:?}"),
    }

    // Put the original text back: the chain verifies again.
    let text = event(None, "system", 2).after.unwrap().to_string();
    db.raw(&format!(
        "UPDATE audit_events SET after_summary = '{text}' WHERE id = {}",
        ids[2]
    ))
    .await
    .unwrap();
    assert_eq!(store.verify_audit_chain().await.unwrap(), 5);

    // Removing the last event: the chain head names it.
    db.raw(&format!("DELETE FROM audit_events WHERE id = {}", ids[4]))
        .await
        .unwrap();
    match store.verify_audit_chain().await {
        Err(Error::BrokenChain(link)) => {
            assert_eq!(link.event_id, ids[4]);
            assert!(link.reason.contains("chain head"), "{}", link.reason);
        }
        other => panic!("truncation not detected: {other:?}"),
    }
    // Removing one in the middle: the event after it no longer links.
    db.raw(&format!("DELETE FROM audit_events WHERE id = {}", ids[1]))
        .await
        .unwrap();
    match store.verify_audit_chain().await {
        Err(Error::BrokenChain(link)) => {
            assert_eq!(link.event_id, ids[2]);
            assert!(link.reason.contains("prev_hash"), "{}", link.reason);
        }
        other => panic!("deletion not detected: {other:?}"),
    }
}
