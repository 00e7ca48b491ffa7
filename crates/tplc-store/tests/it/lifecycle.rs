//! Lifecycle fields of a version (EOS after EOL citing QA2 Q10, limited-support plan, legacy
//! with reason), disclosure records and the lifecycle overview.

use tplc_store::*;

use crate::fixtures;

crate::backend_tests!(
    eos_not_after_eol_is_rejected_citing_qa2_q10_and_nothing_is_saved,
    legacy_needs_a_reason_and_lifecycle_fields_round_trip,
    disclosures_and_the_lifecycle_overview,
);

fn planned(label: &str, eol: &str, eos: &str) -> NewProductVersion {
    NewProductVersion {
        eol_date: Some(eol.into()),
        eos_date: Some(eos.into()),
        lifecycle_phase: LifecyclePhase::Support,
        limited_support_plan: "EOL後はセキュリティ更新のみ提供".into(),
        ..NewProductVersion::new(label)
    }
}

async fn eos_not_after_eol_is_rejected_citing_qa2_q10_and_nothing_is_saved(
    db: &crate::support::TestDb,
) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    for (eol, eos) in [("2030-03-31", "2030-03-31"), ("2030-03-31", "2029-12-31")] {
        let mut tx = store.begin().await.unwrap();
        let err = tx
            .create_product_version(org.id, pump.id, &planned("1.0", eol, eos))
            .await
            .unwrap_err();
        let Error::Invalid(message) = &err else {
            panic!("{err}")
        };
        assert_eq!(
            message,
            &format!(
                "eos_date: EOS {eos} is not after EOL {eol}: a limited-support period between EOL \
                 and EOS is required (QA2 Q10, 2024-01-31)"
            )
        );
        tx.commit().await.unwrap();
    }
    assert_eq!(db.count("product_versions").await, 0);

    // An update to the same effect leaves the stored version as it was.
    let mut tx = store.begin().await.unwrap();
    let v = tx
        .create_product_version(org.id, pump.id, &planned("1.0", "2030-03-31", "2032-03-31"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .update_product_version(org.id, v.id, &planned("1.0", "2030-03-31", "2030-03-31"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("QA2 Q10"), "{err}");
    tx.commit().await.unwrap();
    assert_eq!(store.product_version(org.id, v.id).await.unwrap(), v);
    // The database refuses it too, behind the store's back.
    assert!(
        db.raw(&format!(
            "UPDATE product_versions SET eos_date = '2030-03-31' WHERE id = {}",
            v.id
        ))
        .await
        .is_err()
    );
    assert_eq!(store.product_version(org.id, v.id).await.unwrap(), v);
}

async fn legacy_needs_a_reason_and_lifecycle_fields_round_trip(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let mut legacy = planned("0.9", "2026-03-31", "2027-03-31");
    legacy.legacy = true;
    legacy.legacy_reason = "   ".into();
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .create_product_version(org.id, pump.id, &legacy)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(m) if m.starts_with("legacy_reason:")),
        "{err}"
    );
    drop(tx);
    assert_eq!(db.count("product_versions").await, 0);

    legacy.legacy_reason = "暗号化非対応のOSで現在の脅威から合理的に保護できない".into();
    let mut tx = store.begin().await.unwrap();
    let v = tx
        .create_product_version(org.id, pump.id, &legacy)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(v.legacy);
    assert_eq!(v.legacy_reason, legacy.legacy_reason);
    assert_eq!(v.limited_support_plan, "EOL後はセキュリティ更新のみ提供");
    assert_eq!(store.product_version(org.id, v.id).await.unwrap(), v);
    assert_eq!(
        store.product_versions(org.id, pump.id).await.unwrap(),
        vec![v.clone()]
    );

    // Clearing the reason of a legacy version is refused; clearing both is fine.
    let mut tx = store.begin().await.unwrap();
    let mut cleared = legacy.clone();
    cleared.legacy_reason = String::new();
    assert!(matches!(
        tx.update_product_version(org.id, v.id, &cleared).await,
        Err(Error::Invalid(_))
    ));
    cleared.legacy = false;
    cleared.limited_support_plan = "限定サポート期間中は重大な脆弱性のみ修正".into();
    let changed = tx
        .update_product_version(org.id, v.id, &cleared)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(!changed.legacy);
    assert_eq!(changed.legacy_reason, "");
    assert_eq!(
        changed.limited_support_plan,
        "限定サポート期間中は重大な脆弱性のみ修正"
    );
    assert!(
        db.raw(&format!(
            "UPDATE product_versions SET legacy = TRUE WHERE id = {}",
            v.id
        ))
        .await
        .is_err(),
        "legacy without reason CHECK"
    );
    // A version made with `new` has the defaults of the new columns.
    let plain = fixtures::version(&store, org.id, pump.id, "1.0", None).await;
    assert_eq!(
        (
            plain.limited_support_plan.as_str(),
            plain.legacy,
            plain.legacy_reason.as_str()
        ),
        ("", false, "")
    );
}

fn disclosure(customer: &str, shown_at: &str) -> NewDisclosure {
    NewDisclosure {
        customer: customer.into(),
        customer_organization: None,
        shown_at: shown_at.into(),
        method: "書面".into(),
        note: String::new(),
        recorded_by: "user:alice".into(),
    }
}

async fn disclosures_and_the_lifecycle_overview(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let other = fixtures::org(&store, "Other").await;
    let mut tx = store.begin().await.unwrap();
    let hospital = tx
        .create_organization(OrganizationKind::HealthcareProvider, "中央病院")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let alpha = fixtures::product(&store, org.id, "Alpha").await;
    let v1 = fixtures::version(&store, org.id, pump.id, "1.0", None).await;
    let v2 = fixtures::version(&store, org.id, pump.id, "2.0", None).await;
    let a1 = fixtures::version(&store, org.id, alpha.id, "1.0", None).await;

    let mut tx = store.begin().await.unwrap();
    let late = tx
        .add_disclosure(org.id, v1.id, &disclosure("北病院", "2026-02-01"))
        .await
        .unwrap();
    let mut linked = disclosure("中央病院", "2026-01-15");
    linked.customer_organization = Some(hospital.id);
    linked.note = "説明会で提示".into();
    let early = tx.add_disclosure(org.id, v1.id, &linked).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(early.customer_organization, Some(hospital.id));
    assert_eq!(early.product_version, v1.id);
    assert_eq!(early.recorded_by, "user:alice");
    assert_eq!(early.audit_summary()["customer"], "中央病院");
    assert_eq!(
        store.disclosures(org.id, v1.id).await.unwrap(),
        vec![early.clone(), late.clone()],
        "ordered by the date shown"
    );
    assert!(store.disclosures(org.id, v2.id).await.unwrap().is_empty());

    // Bad input: each refused, nothing saved.
    let mut tx = store.begin().await.unwrap();
    for (what, bad) in [
        ("blank customer", disclosure(" ", "2026-01-01")),
        ("not a date", disclosure("南病院", "2026-02-30")),
        ("no date", disclosure("南病院", "")),
        (
            "blank actor",
            NewDisclosure {
                recorded_by: String::new(),
                ..disclosure("南病院", "2026-01-01")
            },
        ),
    ] {
        let err = tx.add_disclosure(org.id, v1.id, &bad).await.unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{what}: {err}");
    }
    assert!(
        tx.add_disclosure(other.id, v1.id, &disclosure("南病院", "2026-01-01"))
            .await
            .unwrap_err()
            .is_not_found()
    );
    // Last in the transaction: on PostgreSQL a failed statement ends it.
    let mut ghost = disclosure("南病院", "2026-01-01");
    ghost.customer_organization = Some(OrganizationId::new(999_999));
    assert!(
        tx.add_disclosure(org.id, v1.id, &ghost)
            .await
            .unwrap_err()
            .is_not_found()
    );
    drop(tx);
    assert_eq!(db.count("lifecycle_disclosures").await, 2);
    assert!(
        store
            .disclosures(other.id, v1.id)
            .await
            .unwrap_err()
            .is_not_found()
    );

    let overview = store.lifecycle_overview(org.id).await.unwrap();
    let rows: Vec<_> = overview
        .iter()
        .map(|(p, v, n)| (p.name.as_str(), v.id, *n))
        .collect();
    assert_eq!(
        rows,
        vec![("Alpha", a1.id, 0), ("Pump", v1.id, 2), ("Pump", v2.id, 0)]
    );
    assert_eq!(overview[1].1, v1);
    assert_eq!(overview[1].0, pump);
    assert!(store.lifecycle_overview(other.id).await.unwrap().is_empty());
}
