//! Migrations, accounts, products and versions: CRUD, unique conflicts, organisation scoping.

use tplc_store::*;

use crate::fixtures;

crate::backend_tests!(
    migrations_apply_twice,
    accounts_crud_and_conflicts,
    token_lookups_are_cached_until_a_change,
    products_and_versions,
    organisation_scoping,
);

async fn migrations_apply_twice(db: &crate::support::TestDb) {
    let first = db.store().await;
    first.migrate().await.unwrap();
    let second = db.store().await; // connects and migrates again
    second.migrate().await.unwrap();
    assert_eq!(db.count("_sqlx_migrations").await, 4);
    assert_eq!(db.count("audit_head").await, 1);
    if let crate::support::Kind::Sqlite { .. } = db.kind {
        // WAL is a property of the file: the store's connections set it.
        let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
        let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        pool.close().await;
    }
    let org = fixtures::org(&first, "ACME").await;
    assert_eq!(second.organization(org.id).await.unwrap().name, "ACME");
}

#[tokio::test]
async fn in_memory_sqlite_works_and_other_urls_are_refused() {
    let store = Store::connect("sqlite::memory:").await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    let org = fixtures::org(&store, "ACME").await;
    assert_eq!(store.organization(org.id).await.unwrap(), org);
    assert!(matches!(
        Store::connect("mysql://localhost/x").await,
        Err(Error::Invalid(_))
    ));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Store::open_default(&data).await.unwrap();
    fixtures::org(&store, "ACME").await;
    assert!(data.join("tplc.sqlite3").is_file());
    store.close().await;
    let again = Store::open_default(&data).await.unwrap();
    assert_eq!(again.organizations().await.unwrap().len(), 1);
}

async fn accounts_crud_and_conflicts(db: &crate::support::TestDb) {
    let store = db.store().await;
    let mut tx = store.begin().await.unwrap();
    let acme = tx
        .create_organization(OrganizationKind::Manufacturer, "ACME Medical")
        .await
        .unwrap();
    let hospital = tx
        .create_organization(OrganizationKind::HealthcareProvider, "Tokyo General")
        .await
        .unwrap();
    let hash = PasswordHash::new("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");
    let alice = tx.create_user("alice", "Alice", &hash).await.unwrap();
    tx.add_membership(acme.id, alice.id, Role::Admin)
        .await
        .unwrap();
    tx.add_membership(hospital.id, alice.id, Role::Viewer)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(
        store
            .organization_by_name("Tokyo General")
            .await
            .unwrap()
            .kind,
        OrganizationKind::HealthcareProvider
    );
    assert_eq!(store.organizations().await.unwrap().len(), 2);
    let (user, stored) = store.credentials("alice").await.unwrap();
    assert_eq!(user, alice);
    assert_eq!(stored.as_str(), hash.as_str());
    assert!(
        !format!("{stored:?}").contains("argon2id"),
        "the hash never shows in Debug"
    );
    assert!(store.credentials("bob").await.unwrap_err().is_not_found());

    // Unique violations are conflicts, and the failed transaction leaves nothing.
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .create_organization(OrganizationKind::Manufacturer, "ACME Medical")
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err}");
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.create_user("alice", "Other", &hash)
            .await
            .unwrap_err()
            .is_conflict()
    );
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.add_membership(acme.id, alice.id, Role::Viewer)
            .await
            .unwrap_err()
            .is_conflict()
    );
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.add_membership(acme.id, UserId::new(9999), Role::Viewer)
            .await
            .unwrap_err()
            .is_not_found()
    );
    drop(tx);

    // Roles.
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.set_role(hospital.id, alice.id, Role::Editor)
            .await
            .unwrap()
            .role,
        Role::Editor
    );
    tx.commit().await.unwrap();
    assert_eq!(
        store.membership(hospital.id, alice.id).await.unwrap().role,
        Role::Editor
    );
    assert_eq!(store.memberships_of(alice.id).await.unwrap().len(), 2);
    assert_eq!(store.members(acme.id).await.unwrap().len(), 1);

    // Tokens: stored by hash, unique, scoped, revocable.
    let new_token = NewApiToken {
        organization: acme.id,
        user: alice.id,
        role: Role::Editor,
        name: "ci".into(),
        token_hash: "b".repeat(64),
    };
    assert!(!format!("{new_token:?}").contains("bbbb"));
    let mut tx = store.begin().await.unwrap();
    let token = tx.create_api_token(&new_token).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.create_api_token(&new_token)
            .await
            .unwrap_err()
            .is_conflict()
    );
    drop(tx);
    let found = store.api_token_by_hash(&"b".repeat(64)).await.unwrap();
    assert_eq!(found.id, token.id);
    assert_eq!(found.revoked_at, None);
    // The joined read used on every API request gives the same token, its user and the role
    // the user holds in the token's organization.
    let (joined, user, member_role) = store.api_token_caller(&"b".repeat(64)).await.unwrap();
    assert_eq!(joined, found);
    assert_eq!(user, alice);
    assert_eq!(
        member_role,
        Some(store.membership(acme.id, alice.id).await.unwrap().role)
    );
    assert!(
        store
            .api_token_caller(&"d".repeat(64))
            .await
            .unwrap_err()
            .is_not_found()
    );
    let mut tx = store.begin().await.unwrap();
    tx.touch_api_token(token.id).await.unwrap();
    assert!(
        tx.revoke_api_token(hospital.id, token.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    tx.touch_api_token(token.id).await.unwrap();
    let revoked = tx.revoke_api_token(acme.id, token.id).await.unwrap();
    tx.commit().await.unwrap();
    assert!(revoked.revoked_at.is_some() && revoked.last_used_at.is_some());
    assert_eq!(store.api_tokens(acme.id).await.unwrap().len(), 1);
    assert!(store.api_tokens(hospital.id).await.unwrap().is_empty());

    // A token for a non-member is refused.
    let mut tx = store.begin().await.unwrap();
    let bob = tx.create_user("bob", "Bob", &hash).await.unwrap();
    let err = tx
        .create_api_token(&NewApiToken {
            user: bob.id,
            token_hash: "c".repeat(64),
            ..new_token.clone()
        })
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    tx.remove_membership(acme.id, alice.id).await.unwrap();
    assert!(
        tx.remove_membership(acme.id, alice.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    tx.commit().await.unwrap();
    assert!(
        store
            .membership(acme.id, alice.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    // Without the membership the token still reads, with no role to bound it.
    let (_, _, member_role) = store.api_token_caller(&"b".repeat(64)).await.unwrap();
    assert_eq!(member_role, None);
}

/// The token lookup cache: answered from memory within the age, emptied by every committed
/// change of memberships or tokens made through the same store, and (standing for another
/// process) a second store's change is seen once the age has passed or with age zero.
async fn token_lookups_are_cached_until_a_change(db: &crate::support::TestDb) {
    use std::time::Duration;
    let store = db.store().await;
    let other_process = db.store().await;
    let acme = fixtures::org(&store, "ACME").await;
    let hash = PasswordHash::new("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");
    let mut tx = store.begin().await.unwrap();
    let alice = tx.create_user("alice", "Alice", &hash).await.unwrap();
    tx.add_membership(acme.id, alice.id, Role::Admin)
        .await
        .unwrap();
    let token = tx
        .create_api_token(&NewApiToken {
            organization: acme.id,
            user: alice.id,
            role: Role::Editor,
            name: "ci".into(),
            token_hash: "e".repeat(64),
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let key = "e".repeat(64);
    let hour = Duration::from_secs(3600);
    let role_of = |c: &TokenCaller| c.2;
    assert_eq!(
        role_of(&store.api_token_caller_cached(&key, hour).await.unwrap()),
        Some(Role::Admin)
    );

    // Another process lowers the role: this store keeps its answer for the age, a fresh read
    // (age zero, or a later lookup once the age has passed) sees the change.
    let mut tx = other_process.begin().await.unwrap();
    tx.set_role(acme.id, alice.id, Role::Viewer).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        role_of(&store.api_token_caller_cached(&key, hour).await.unwrap()),
        Some(Role::Admin)
    );
    assert_eq!(
        role_of(
            &store
                .api_token_caller_cached(&key, Duration::ZERO)
                .await
                .unwrap()
        ),
        Some(Role::Viewer)
    );
    tokio::time::sleep(Duration::from_millis(30)).await;
    assert_eq!(
        role_of(
            &store
                .api_token_caller_cached(&key, Duration::from_millis(20))
                .await
                .unwrap()
        ),
        Some(Role::Viewer)
    );

    // A change through this store empties its cache at commit (and not before).
    assert_eq!(
        role_of(&store.api_token_caller_cached(&key, hour).await.unwrap()),
        Some(Role::Viewer)
    );
    let mut tx = store.begin().await.unwrap();
    tx.set_role(acme.id, alice.id, Role::Editor).await.unwrap();
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    tx.revoke_api_token(acme.id, token.id).await.unwrap();
    tx.commit().await.unwrap();
    let (revoked, _, role) = store.api_token_caller_cached(&key, hour).await.unwrap();
    assert!(revoked.revoked_at.is_some());
    assert_eq!(role, Some(Role::Viewer));
    // Unknown tokens are never cached: one created later is found at once.
    assert!(
        store
            .api_token_caller_cached(&"f".repeat(64), hour)
            .await
            .unwrap_err()
            .is_not_found()
    );
    let mut tx = other_process.begin().await.unwrap();
    tx.create_api_token(&NewApiToken {
        organization: acme.id,
        user: alice.id,
        role: Role::Viewer,
        name: "later".into(),
        token_hash: "f".repeat(64),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(
        store
            .api_token_caller_cached(&"f".repeat(64), hour)
            .await
            .is_ok()
    );
    // Forgetting one token (after its last use was written) reads it again.
    let mut tx = other_process.begin().await.unwrap();
    tx.touch_api_token(token.id).await.unwrap();
    tx.commit().await.unwrap();
    store.forget_api_token_caller(&key);
    let (touched, _, _) = store.api_token_caller_cached(&key, hour).await.unwrap();
    assert!(touched.last_used_at.is_some());
}

async fn products_and_versions(db: &crate::support::TestDb) {
    let store = db.store().await;
    let acme = fixtures::org(&store, "ACME").await;
    let other = fixtures::org(&store, "Other").await;
    let pump = fixtures::product(&store, acme.id, "SP-200").await;
    assert_eq!(pump.generic_name.as_deref(), Some("汎用輸液ポンプ"));
    // The same name in another organization is fine; in the same one it conflicts.
    fixtures::product(&store, other.id, "SP-200").await;
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .create_product(
            acme.id,
            &NewProduct {
                name: "SP-200".into(),
                ..NewProduct::default()
            },
        )
        .await
        .unwrap_err();
    assert!(err.is_conflict());
    drop(tx);

    let mut tx = store.begin().await.unwrap();
    let renamed = tx
        .update_product(
            acme.id,
            pump.id,
            &NewProduct {
                name: "SP-200 Pro".into(),
                ..NewProduct::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.generic_name, None);
    tx.commit().await.unwrap();

    let v20 = fixtures::version(&store, acme.id, pump.id, "2.0", Some("2025-04-01")).await;
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .create_product_version(acme.id, pump.id, &NewProductVersion::new("2.0"))
        .await
        .unwrap_err();
    assert!(err.is_conflict());
    drop(tx);

    // R10: EOL before EOS, never the same day; dates must be dates.
    let mut same_day = NewProductVersion::new("2.1");
    same_day.eol_date = Some("2030-03-31".into());
    same_day.eos_date = Some("2030-03-31".into());
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.create_product_version(acme.id, pump.id, &same_day).await,
        Err(Error::Invalid(_))
    ));
    let mut bad_date = NewProductVersion::new("2.1");
    bad_date.release_date = Some("2025-13-01".into());
    assert!(matches!(
        tx.create_product_version(acme.id, pump.id, &bad_date).await,
        Err(Error::Invalid(_))
    ));
    same_day.eos_date = Some("2032-03-31".into());
    same_day.lifecycle_phase = LifecyclePhase::Support;
    let v21 = tx
        .create_product_version(acme.id, pump.id, &same_day)
        .await
        .unwrap();
    same_day.lifecycle_phase = LifecyclePhase::LimitedSupport;
    let changed = tx
        .update_product_version(acme.id, v21.id, &same_day)
        .await
        .unwrap();
    assert_eq!(changed.lifecycle_phase, LifecyclePhase::LimitedSupport);
    tx.commit().await.unwrap();
    // The database enforces R10 too, behind the API's back.
    let rejected = db
        .raw(&format!(
            "UPDATE product_versions SET eos_date = eol_date WHERE id = {}",
            v21.id
        ))
        .await;
    assert!(rejected.is_err());

    let versions = store.product_versions(acme.id, pump.id).await.unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| v.version.as_str())
            .collect::<Vec<_>>(),
        ["2.0", "2.1"]
    );
    assert_eq!(store.product_version(acme.id, v20.id).await.unwrap(), v20);
    assert_eq!(store.products(acme.id).await.unwrap().len(), 1);
}

async fn organisation_scoping(db: &crate::support::TestDb) {
    let store = db.store().await;
    let a = fixtures::org(&store, "A").await;
    let b = fixtures::org(&store, "B").await;
    let product = fixtures::product(&store, a.id, "Pump").await;
    let version = fixtures::version(&store, a.id, product.id, "1.0", None).await;
    let components = fixtures::sbom(
        &store,
        a.id,
        version.id,
        &[fixtures::purl_component(
            "c1",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        )],
    )
    .await;
    let doc = components[0].sbom_document;
    let adv = fixtures::advisory(
        &store,
        "GHSA-jfh8-c2jp-5v3q",
        tplc_advisory::AdvisorySource::Osv,
    )
    .await;
    let finding = fixtures::finding(&store, a.id, components[0].id, adv).await;
    let mut tx = store.begin().await.unwrap();
    let job = tx
        .enqueue_job(&NewJob {
            kind: JobKind::IngestSbom,
            organization: Some(a.id),
            payload: serde_json::json!({"sbom": doc.get()}),
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // Organization A sees everything.
    store.product(a.id, product.id).await.unwrap();
    store.product_version(a.id, version.id).await.unwrap();
    store.sbom_document(a.id, doc).await.unwrap();
    store.sbom_original(a.id, doc).await.unwrap();
    store.component(a.id, components[0].id).await.unwrap();
    store.finding(a.id, finding.id).await.unwrap();
    store.job(a.id, job.id).await.unwrap();
    assert_eq!(
        store
            .findings(a.id, &FindingFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );

    // Organization B gets NotFound for every one of A's objects.
    macro_rules! hidden {
        ($e:expr) => {
            let err = $e.await.unwrap_err();
            assert!(err.is_not_found(), "{}: {err}", stringify!($e));
        };
    }
    hidden!(store.product(b.id, product.id));
    hidden!(store.product_versions(b.id, product.id));
    hidden!(store.product_version(b.id, version.id));
    hidden!(store.sbom_document(b.id, doc));
    hidden!(store.sbom_document_status(b.id, doc));
    hidden!(store.sbom_documents(b.id, version.id));
    hidden!(store.sbom_original(b.id, doc));
    hidden!(store.components(b.id, doc));
    hidden!(store.component(b.id, components[0].id));
    hidden!(store.finding(b.id, finding.id));
    hidden!(store.current_analysis(b.id, finding.id));
    hidden!(store.analysis_history(b.id, finding.id));
    hidden!(store.job(b.id, job.id));
    let mut tx = store.begin().await.unwrap();
    hidden!(tx.update_product(
        b.id,
        product.id,
        &NewProduct {
            name: "x".into(),
            ..NewProduct::default()
        }
    ));
    hidden!(tx.create_product_version(b.id, product.id, &NewProductVersion::new("9")));
    hidden!(tx.update_product_version(b.id, version.id, &NewProductVersion::new("9")));
    hidden!(tx.create_sbom(b.id, version.id, &fixtures::sbom_bytes("b")));
    hidden!(tx.upsert_finding(
        b.id,
        &fixtures::new_finding(components[0].id, adv),
        Timestamp::now()
    ));
    hidden!(tx.record_analysis(
        b.id,
        finding.id,
        &NewAnalysis {
            state: AnalysisState::NotAffected,
            justification: None,
            response: vec![],
            detail: None,
            cvss_environmental: None,
            author: "mallory".into()
        }
    ));
    drop(tx);
    assert!(store.products(b.id).await.unwrap().is_empty());
    assert!(
        store
            .findings(b.id, &FindingFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.jobs(b.id).await.unwrap().is_empty());
    assert_eq!(store.jobs(a.id).await.unwrap().len(), 1);
}
