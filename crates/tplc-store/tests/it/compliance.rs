//! Evidence links: inheritance between versions with copy-on-write, empty own sets, organisation
//! scoping, validation, audit in the same transaction, rollback; the Annex F record.

use serde_json::json;
use tplc_store::*;

use crate::fixtures;

crate::backend_tests!(
    evidence_inherits_across_three_versions_with_copy_on_write,
    evidence_is_scoped_to_the_organization_and_product,
    evidence_input_is_checked,
    evidence_change_and_audit_commit_together_or_not_at_all,
    annex_f_record_is_inherited_until_the_version_has_its_own,
);

const JP: &str = "jp-mhlw-0523";

fn doc(item: &str, number: &str, status: EvidenceStatus) -> NewEvidenceLink {
    NewEvidenceLink {
        document_number: number.into(),
        title: format!("{number} の手順書"),
        document_version: "1.0".into(),
        location: format!("https://qms.example.com/{number}"),
        owner: "品質保証部".into(),
        note: "QA#2".into(),
        ..NewEvidenceLink::new(JP, item, EvidenceKind::Document, status, "user:alice")
    }
}

async fn add(
    store: &Store,
    org: OrganizationId,
    v: ProductVersionId,
    new: &NewEvidenceLink,
) -> EvidenceLink {
    let mut tx = store.begin().await.unwrap();
    let link = tx.add_evidence(org, v, new).await.unwrap();
    tx.commit().await.unwrap();
    link
}

/// (item, document number, inherited-from label) of what applies to a version.
async fn view(
    store: &Store,
    org: OrganizationId,
    v: ProductVersionId,
) -> Vec<(String, String, Option<String>)> {
    store
        .evidence(org, v, JP)
        .await
        .unwrap()
        .into_iter()
        .map(|e| {
            (
                e.link.item_id,
                e.link.document_number,
                e.inherited_from.map(|(_, label)| label),
            )
        })
        .collect()
}

fn row(item: &str, number: &str, from: Option<&str>) -> (String, String, Option<String>) {
    (item.into(), number.into(), from.map(str::to_owned))
}

async fn evidence_inherits_across_three_versions_with_copy_on_write(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let v1 = fixtures::version(&store, org.id, pump.id, "1.0", Some("2024-04-01")).await;
    let v2 = fixtures::version(&store, org.id, pump.id, "2.0", Some("2025-04-01")).await;
    let v3 = fixtures::version(&store, org.id, pump.id, "3.0", None).await;
    let monitor = fixtures::product(&store, org.id, "Monitor").await;
    let m1 = fixtures::version(&store, org.id, monitor.id, "1.0", None).await;

    let a = add(
        &store,
        org.id,
        v1.id,
        &doc("jp0523-1-1-a", "QM-001", EvidenceStatus::Approved),
    )
    .await;
    let b = add(
        &store,
        org.id,
        v1.id,
        &doc("jp0523-1-1-a", "QM-002", EvidenceStatus::Drafted),
    )
    .await;
    let c = add(
        &store,
        org.id,
        v1.id,
        &doc("jp0523-1-3-a", "MP-010", EvidenceStatus::Approved),
    )
    .await;
    let sbom = add(
        &store,
        org.id,
        v1.id,
        &NewEvidenceLink::new(
            JP,
            "jp0523-1-5-a",
            EvidenceKind::Sbom,
            EvidenceStatus::Approved,
            "user:alice",
        ),
    )
    .await;
    assert_eq!(sbom.kind, EvidenceKind::Sbom);
    assert_eq!(sbom.document_number, "");
    assert_eq!(a.product_version, v1.id);
    assert_eq!(a.copied_from, None);
    assert_eq!(
        (a.created_by.as_str(), a.updated_by.as_str()),
        ("user:alice", "user:alice")
    );
    assert_eq!(a.owner, "品質保証部");

    // 2.0 and 3.0 have nothing of their own: both see 1.0's sets, named as inherited.
    let v1_view = vec![
        row("jp0523-1-1-a", "QM-001", None),
        row("jp0523-1-1-a", "QM-002", None),
        row("jp0523-1-3-a", "MP-010", None),
        row("jp0523-1-5-a", "", None),
    ];
    assert_eq!(view(&store, org.id, v1.id).await, v1_view);
    let from_v1 = |item: &str, n: &str| row(item, n, Some("1.0"));
    let inherited_all = vec![
        from_v1("jp0523-1-1-a", "QM-001"),
        from_v1("jp0523-1-1-a", "QM-002"),
        from_v1("jp0523-1-3-a", "MP-010"),
        from_v1("jp0523-1-5-a", ""),
    ];
    assert_eq!(view(&store, org.id, v2.id).await, inherited_all);
    assert_eq!(view(&store, org.id, v3.id).await, inherited_all);
    let e = store.evidence(org.id, v3.id, JP).await.unwrap();
    assert_eq!(e[0].inherited_from, Some((v1.id, "1.0".to_owned())));
    assert_eq!(e[0].link, a);
    // Another product and another catalog see none of it.
    assert!(store.evidence(org.id, m1.id, JP).await.unwrap().is_empty());
    assert!(
        store
            .evidence(org.id, v3.id, "jis-t-81001-5-1")
            .await
            .unwrap()
            .is_empty()
    );

    // Changing the inherited QM-002 on 2.0 copies 1.0's set of that item into 2.0, then changes
    // the copy: 1.0 keeps its link.
    let mut change = doc("jp0523-1-1-a", "QM-002", EvidenceStatus::Approved);
    change.document_version = "2.0".into();
    change.actor = "user:bob".into();
    let mut tx = store.begin().await.unwrap();
    let before = tx.evidence_link(org.id, v2.id, b.id).await.unwrap();
    assert_eq!(before.inherited_from, Some((v1.id, "1.0".to_owned())));
    let b2 = tx
        .update_evidence(org.id, v2.id, b.id, &change)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_ne!(b2.id, b.id);
    assert_eq!(b2.product_version, v2.id);
    assert_eq!(b2.copied_from, Some(b.id));
    assert_eq!(b2.status, EvidenceStatus::Approved);
    assert_eq!(b2.document_version, "2.0");
    assert_eq!(
        b2.created_by, "user:alice",
        "a copy keeps the original's author"
    );
    assert_eq!(b2.updated_by, "user:bob");
    assert_eq!(
        store.evidence_link(org.id, v1.id, b.id).await.unwrap().link,
        b
    );
    let v2_own = store.evidence(org.id, v2.id, JP).await.unwrap();
    assert_eq!(v2_own.len(), 4);
    assert_eq!(
        v2_own[0].inherited_from, None,
        "the copy of QM-001 is 2.0's own"
    );
    assert_eq!(v2_own[0].link.copied_from, Some(a.id));
    assert_eq!(v2_own[0].link.status, EvidenceStatus::Approved);
    assert_eq!(v2_own[1].link, b2);
    assert_eq!(
        view(&store, org.id, v2.id).await,
        vec![
            row("jp0523-1-1-a", "QM-001", None),
            row("jp0523-1-1-a", "QM-002", None),
            from_v1("jp0523-1-3-a", "MP-010"),
            from_v1("jp0523-1-5-a", ""),
        ]
    );
    // 3.0 now inherits that item from its nearest earlier version with a set: 2.0.
    let v3_view = store.evidence(org.id, v3.id, JP).await.unwrap();
    assert_eq!(v3_view[1].link, b2);
    assert_eq!(v3_view[1].inherited_from, Some((v2.id, "2.0".to_owned())));
    assert_eq!(v3_view[2].inherited_from, Some((v1.id, "1.0".to_owned())));
    // A link of a set a version does not use is not found there.
    assert!(
        store
            .evidence_link(org.id, v3.id, b.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        store
            .evidence_link(org.id, v1.id, b2.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        store
            .evidence_link(org.id, m1.id, a.id)
            .await
            .unwrap_err()
            .is_not_found()
    );

    // A change on 1.0 still reaches every version that inherits that item.
    let mut tx = store.begin().await.unwrap();
    let mut c_new = doc("jp0523-1-3-a", "MP-011", EvidenceStatus::Approved);
    c_new.actor = "user:carol".into();
    let c1 = tx
        .update_evidence(org.id, v1.id, c.id, &c_new)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(c1.id, c.id, "a version's own link is changed in place");
    assert_eq!(c1.created_at, c.created_at);
    assert!(c1.updated_at >= c.updated_at);
    assert_eq!(
        view(&store, org.id, v3.id).await[2],
        from_v1("jp0523-1-3-a", "MP-011")
    );

    // Removing the inherited MP-011 on 3.0 leaves 3.0 an own, empty set for that item; 1.0 and
    // 2.0 keep it.
    let mut tx = store.begin().await.unwrap();
    let removed = tx.remove_evidence(org.id, v3.id, c.id).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(removed.link, c1);
    assert_eq!(removed.inherited_from, Some((v1.id, "1.0".to_owned())));
    assert_eq!(
        removed.audit_summary()["inherited_from"],
        json!(v1.id.get())
    );
    assert!(
        view(&store, org.id, v3.id)
            .await
            .iter()
            .all(|(item, _, _)| item != "jp0523-1-3-a")
    );
    assert_eq!(
        view(&store, org.id, v2.id).await[2],
        from_v1("jp0523-1-3-a", "MP-011")
    );
    assert_eq!(
        view(&store, org.id, v1.id).await[2],
        row("jp0523-1-3-a", "MP-011", None)
    );
    let sets = store.evidence_sets(org.id, v3.id, JP).await.unwrap();
    let set = |item: &str| sets.iter().find(|s| s.item_id == item).cloned().unwrap();
    assert_eq!(
        set("jp0523-1-3-a"),
        EvidenceSet {
            item_id: "jp0523-1-3-a".into(),
            source: v3.id,
            source_label: "3.0".into(),
            inherited: false,
            link_count: 0,
        }
    );
    assert_eq!(
        (set("jp0523-1-1-a").source, set("jp0523-1-1-a").link_count),
        (v2.id, 2)
    );
    assert!(set("jp0523-1-1-a").inherited);
    assert_eq!(set("jp0523-1-5-a").source, v1.id);
    assert_eq!(sets.len(), 3);
    // The removed copy is gone: the inherited id no longer applies to 3.0.
    assert!(
        store
            .evidence_link(org.id, v3.id, c.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    // Adding to 3.0's own empty set does not bring the inherited links back.
    let fresh = add(
        &store,
        org.id,
        v3.id,
        &doc("jp0523-1-3-a", "MP-300", EvidenceStatus::Planned),
    )
    .await;
    assert_eq!(fresh.copied_from, None);
    let v3_rows = view(&store, org.id, v3.id).await;
    assert_eq!(
        v3_rows
            .iter()
            .filter(|(item, _, _)| item == "jp0523-1-3-a")
            .collect::<Vec<_>>(),
        vec![&row("jp0523-1-3-a", "MP-300", None)]
    );

    // Emptying 2.0's own set of the first item: 3.0 inherits the empty set, not 1.0's links.
    let mut tx = store.begin().await.unwrap();
    for e in tx.evidence(org.id, v2.id, JP).await.unwrap() {
        if e.link.item_id == "jp0523-1-1-a" {
            let gone = tx.remove_evidence(org.id, v2.id, e.link.id).await.unwrap();
            assert_eq!(gone.inherited_from, None);
        }
    }
    tx.commit().await.unwrap();
    assert!(
        view(&store, org.id, v3.id)
            .await
            .iter()
            .all(|(item, _, _)| item != "jp0523-1-1-a")
    );
    assert_eq!(view(&store, org.id, v1.id).await[..2], v1_view[..2]);
    // Removing an inherited link's copy left no row of 1.0 behind: 1.0 still has its four.
    assert_eq!(store.evidence(org.id, v1.id, JP).await.unwrap().len(), 4);

    // Adding to an item inherited by a later version: the first add at 2.0 copies 1.0's SBOM row.
    let mut procedure = NewEvidenceLink::new(
        JP,
        "jp0523-1-5-a",
        EvidenceKind::Document,
        EvidenceStatus::Drafted,
        "user:alice",
    );
    procedure.title = "構成管理手順書".into();
    let added = add(&store, org.id, v2.id, &procedure).await;
    let five: Vec<_> = store
        .evidence(org.id, v2.id, JP)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.link.item_id == "jp0523-1-5-a")
        .collect();
    assert_eq!(five.len(), 2);
    assert_eq!(five[0].link.copied_from, Some(sbom.id));
    assert_eq!(five[0].link.kind, EvidenceKind::Sbom);
    assert_eq!(five[1].link, added);
}

async fn evidence_is_scoped_to_the_organization_and_product(db: &crate::support::TestDb) {
    let store = db.store().await;
    let acme = fixtures::org(&store, "ACME").await;
    let other = fixtures::org(&store, "Other").await;
    let pump = fixtures::product(&store, acme.id, "Pump").await;
    let v1 = fixtures::version(&store, acme.id, pump.id, "1.0", None).await;
    let theirs = fixtures::product(&store, other.id, "Theirs").await;
    let t1 = fixtures::version(&store, other.id, theirs.id, "1.0", None).await;
    let link = add(
        &store,
        acme.id,
        v1.id,
        &doc("jp0523-1-1-a", "QM-001", EvidenceStatus::Approved),
    )
    .await;
    let mut tx = store.begin().await.unwrap();
    tx.put_annex_f(acme.id, v1.id, &json!({"applied": true}), "user:alice")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    macro_rules! hidden {
        ($e:expr) => {
            let err = $e.await.unwrap_err();
            assert!(err.is_not_found(), "{}: {err}", stringify!($e));
        };
    }
    hidden!(store.evidence(other.id, v1.id, JP));
    hidden!(store.evidence_sets(other.id, v1.id, JP));
    hidden!(store.evidence_link(other.id, v1.id, link.id));
    // Their own version, our link id: not theirs either.
    hidden!(store.evidence_link(other.id, t1.id, link.id));
    hidden!(store.annex_f(other.id, v1.id));
    let mut tx = store.begin().await.unwrap();
    let new = doc("jp0523-1-1-a", "X-1", EvidenceStatus::Approved);
    hidden!(tx.add_evidence(other.id, v1.id, &new));
    hidden!(tx.update_evidence(other.id, v1.id, link.id, &new));
    hidden!(tx.update_evidence(other.id, t1.id, link.id, &new));
    hidden!(tx.remove_evidence(other.id, v1.id, link.id));
    hidden!(tx.remove_evidence(other.id, t1.id, link.id));
    hidden!(tx.put_annex_f(other.id, v1.id, &json!({}), "user:mallory"));
    drop(tx);
    assert_eq!(
        store.evidence(acme.id, v1.id, JP).await.unwrap()[0].link,
        link
    );
    assert!(
        store
            .evidence(other.id, t1.id, JP)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.annex_f(other.id, t1.id).await.unwrap(), None);
    assert_eq!(db.count("evidence_links").await, 1);
}

async fn evidence_input_is_checked(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let v1 = fixtures::version(&store, org.id, pump.id, "1.0", None).await;
    let link = add(
        &store,
        org.id,
        v1.id,
        &doc("jp0523-1-1-a", "QM-001", EvidenceStatus::Approved),
    )
    .await;
    let invalid = |what: &str, new: NewEvidenceLink| {
        let what = what.to_owned();
        let store = store.clone();
        async move {
            let mut tx = store.begin().await.unwrap();
            let err = tx.add_evidence(org.id, v1.id, &new).await.unwrap_err();
            assert!(matches!(err, Error::Invalid(_)), "{what}: {err}");
            err.to_string()
        }
    };
    let mut no_name = doc("jp0523-1-1-a", "", EvidenceStatus::Planned);
    no_name.title = "  ".into();
    assert!(
        invalid("no number or title", no_name)
            .await
            .contains("document_number")
    );
    assert!(
        invalid("blank item", doc(" ", "QM-1", EvidenceStatus::Planned))
            .await
            .contains("item_id")
    );
    let mut blank_catalog = doc("jp0523-1-1-a", "QM-1", EvidenceStatus::Planned);
    blank_catalog.catalog_id = String::new();
    assert!(
        invalid("blank catalog", blank_catalog)
            .await
            .contains("catalog_id")
    );
    assert!(
        invalid(
            "control character",
            doc("jp0523\n1", "QM-1", EvidenceStatus::Planned)
        )
        .await
        .contains("item_id")
    );
    let mut anonymous = doc("jp0523-1-1-a", "QM-1", EvidenceStatus::Planned);
    anonymous.actor = String::new();
    assert!(invalid("blank actor", anonymous).await.contains("actor"));
    let mut long = doc("jp0523-1-1-a", "QM-1", EvidenceStatus::Planned);
    long.note = "あ".repeat(20_001);
    assert!(invalid("long note", long).await.contains("note"));

    // A link does not move to another item.
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .update_evidence(
            org.id,
            v1.id,
            link.id,
            &doc("jp0523-1-2-b", "QM-001", EvidenceStatus::Approved),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(m) if m.contains("jp0523-1-1-a")),
        "{err}"
    );
    hidden_link(&mut tx, org.id, v1.id).await;
    drop(tx);
    assert_eq!(
        store.evidence(org.id, v1.id, JP).await.unwrap()[0].link,
        link
    );
    assert_eq!(db.count("evidence_links").await, 1);

    // The database's own constraints hold behind the store's back.
    assert!(
        db.raw("UPDATE evidence_links SET status = 'done'")
            .await
            .is_err(),
        "status CHECK"
    );
    assert!(
        db.raw("UPDATE evidence_links SET kind = 'letter'")
            .await
            .is_err(),
        "kind CHECK"
    );
    assert!(
        db.raw(&format!(
            "INSERT INTO evidence_links (organization_id, product_version_id, catalog_id, item_id, \
             kind, document_number, title, document_version, location, owner, status, note, \
             created_by, created_at, updated_by, updated_at) VALUES ({}, {}, 'jp', 'no-set', \
             'document', 'X', '', '', '', '', 'planned', '', 'a', 't', 'a', 't')",
            org.id, v1.id
        ))
        .await
        .is_err(),
        "a link outside an own set"
    );
}

async fn hidden_link(tx: &mut Tx, org: OrganizationId, v: ProductVersionId) {
    let missing = EvidenceLinkId::new(999_999);
    assert!(
        tx.evidence_link(org, v, missing)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        tx.remove_evidence(org, v, missing)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

async fn evidence_change_and_audit_commit_together_or_not_at_all(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let v1 = fixtures::version(&store, org.id, pump.id, "1.0", None).await;
    let v2 = fixtures::version(&store, org.id, pump.id, "2.0", None).await;
    let a = add(
        &store,
        org.id,
        v1.id,
        &doc("jp0523-1-1-a", "QM-001", EvidenceStatus::Approved),
    )
    .await;
    add(
        &store,
        org.id,
        v1.id,
        &doc("jp0523-1-1-a", "QM-002", EvidenceStatus::Approved),
    )
    .await;
    let (links, sets) = (
        db.count("evidence_links").await,
        db.count("evidence_sets").await,
    );
    assert_eq!((links, sets), (2, 1));

    // A change on 2.0 (copy-on-write of 1.0's set) and its audit event, then a failure: the
    // rollback takes back the copy, the change, the new own set and the event.
    let mut tx = store.begin().await.unwrap();
    let before = tx.evidence_link(org.id, v2.id, a.id).await.unwrap();
    let changed = tx
        .update_evidence(
            org.id,
            v2.id,
            a.id,
            &doc("jp0523-1-1-a", "QM-001", EvidenceStatus::Drafted),
        )
        .await
        .unwrap();
    tx.append_audit(&NewAuditEvent {
        organization: Some(org.id),
        actor: "user:alice".into(),
        action: "evidence.update".into(),
        object_type: "evidence_link".into(),
        object_id: changed.id.to_string(),
        before: Some(before.audit_summary()),
        after: Some(changed.audit_summary()),
    })
    .await
    .unwrap();
    tx.put_annex_f(org.id, v2.id, &json!({"applied": true}), "user:alice")
        .await
        .unwrap();
    let err = tx
        .put_annex_f(org.id, v2.id, &json!(["not", "an", "object"]), "user:alice")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err}");
    tx.rollback().await.unwrap();
    assert_eq!(db.count("evidence_links").await, links);
    assert_eq!(db.count("evidence_sets").await, sets);
    assert_eq!(db.count("annex_f_records").await, 0);
    assert_eq!(db.count("audit_events").await, 0);
    let v2_view = store.evidence(org.id, v2.id, JP).await.unwrap();
    assert!(
        v2_view
            .iter()
            .all(|e| e.inherited_from == Some((v1.id, "1.0".to_owned())))
    );
    assert_eq!(v2_view[0].link, a);

    // The same, committed: one event recording the change, the chain verifies.
    let mut tx = store.begin().await.unwrap();
    let before = tx.evidence_link(org.id, v2.id, a.id).await.unwrap();
    let changed = tx
        .update_evidence(
            org.id,
            v2.id,
            a.id,
            &doc("jp0523-1-1-a", "QM-001", EvidenceStatus::Drafted),
        )
        .await
        .unwrap();
    tx.append_audit(&NewAuditEvent {
        organization: Some(org.id),
        actor: "user:alice".into(),
        action: "evidence.update".into(),
        object_type: "evidence_link".into(),
        object_id: changed.id.to_string(),
        before: Some(before.audit_summary()),
        after: Some(changed.audit_summary()),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.verify_audit_chain().await.unwrap(), 1);
    let events = store.audit_events(org.id, None, 10).await.unwrap();
    assert_eq!(events[0].object_type, "evidence_link");
    let before = events[0].before.as_ref().unwrap();
    let after = events[0].after.as_ref().unwrap();
    assert_eq!(before["id"], json!(a.id.get()));
    assert_eq!(before["inherited_from"], json!(v1.id.get()));
    assert_eq!(before["status"], "approved");
    assert_eq!(after["copied_from"], json!(a.id.get()));
    assert_eq!(after["status"], "drafted");
    assert_eq!(after["product_version"], json!(v2.id.get()));
    assert_eq!(db.count("evidence_links").await, 4);
}

async fn annex_f_record_is_inherited_until_the_version_has_its_own(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let v1 = fixtures::version(&store, org.id, pump.id, "1.0", None).await;
    let v2 = fixtures::version(&store, org.id, pump.id, "2.0", None).await;
    let v3 = fixtures::version(&store, org.id, pump.id, "3.0", None).await;
    let monitor = fixtures::product(&store, org.id, "Monitor").await;
    let m1 = fixtures::version(&store, org.id, monitor.id, "1.0", None).await;
    assert_eq!(store.annex_f(org.id, v2.id).await.unwrap(), None);

    let record = json!({
        "applied": true,
        "rationale": "継続使用の根拠",
        "rationale_version": "1.0",
        "activities": [{"letter": "a", "done": true, "evidence": "GAP-001"}],
        "residual_risk_acceptable": false,
        "stop_use_advised": true,
    });
    let mut tx = store.begin().await.unwrap();
    let put = tx
        .put_annex_f(org.id, v1.id, &record, "user:alice")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(put.inherited_from, None);
    let own = store.annex_f(org.id, v1.id).await.unwrap().unwrap();
    assert_eq!(own, put);
    assert_eq!(own.record, record);
    let inherited = store.annex_f(org.id, v3.id).await.unwrap().unwrap();
    assert_eq!(inherited.product_version, v1.id);
    assert_eq!(inherited.inherited_from, Some((v1.id, "1.0".to_owned())));
    assert_eq!(inherited.record, record);
    assert_eq!(store.annex_f(org.id, m1.id).await.unwrap(), None);

    // 2.0 reviews it: its own record; 3.0 now inherits 2.0's; writing again replaces.
    let reviewed = json!({"applied": true, "rationale": "見直し済み", "rationale_version": "2.0"});
    let mut tx = store.begin().await.unwrap();
    tx.put_annex_f(org.id, v2.id, &json!({"applied": false}), "user:bob")
        .await
        .unwrap();
    tx.put_annex_f(org.id, v2.id, &reviewed, "user:bob")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let two = store.annex_f(org.id, v2.id).await.unwrap().unwrap();
    assert_eq!(
        (
            two.record.clone(),
            two.updated_by.as_str(),
            two.inherited_from.clone()
        ),
        (reviewed.clone(), "user:bob", None)
    );
    let three = store.annex_f(org.id, v3.id).await.unwrap().unwrap();
    assert_eq!(three.inherited_from, Some((v2.id, "2.0".to_owned())));
    assert_eq!(three.record, reviewed);
    assert_eq!(
        store.annex_f(org.id, v1.id).await.unwrap().unwrap().record,
        record
    );
    assert_eq!(db.count("annex_f_records").await, 2);

    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.put_annex_f(org.id, v3.id, &json!("applied"), "user:bob")
            .await,
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        tx.put_annex_f(org.id, v3.id, &json!({}), " ").await,
        Err(Error::Invalid(_))
    ));
}
