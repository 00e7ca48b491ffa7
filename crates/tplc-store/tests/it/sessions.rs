//! Browser sessions and the server-administrator flag.

use std::time::Duration;

use tplc_store::*;

crate::backend_tests!(sessions_lifecycle, server_admin_flag);

async fn user(store: &Store, name: &str) -> User {
    let mut tx = store.begin().await.unwrap();
    let u = tx
        .create_user(
            name,
            name,
            &PasswordHash::new("$argon2id$v=19$m=8,t=1,p=1$x$y"),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    u
}

async fn sessions_lifecycle(db: &crate::support::TestDb) {
    let store = db.store().await;
    let alice = user(&store, "alice").await;
    let bob = user(&store, "bob").await;
    let t0 = Timestamp::parse("2026-12-01T00:00:00Z").unwrap();
    let mut tx = store.begin().await.unwrap();
    let s = tx
        .create_session(&"a".repeat(64), alice.id, t0)
        .await
        .unwrap();
    tx.create_session(&"b".repeat(64), alice.id, t0)
        .await
        .unwrap();
    tx.create_session(&"c".repeat(64), bob.id, t0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // The same hash twice is a conflict; an unknown user is not found.
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.create_session(&"a".repeat(64), bob.id, t0)
            .await
            .unwrap_err()
            .is_conflict()
    );
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.create_session(&"d".repeat(64), UserId::new(9999), t0)
            .await
            .unwrap_err()
            .is_not_found()
    );
    drop(tx);
    let got = store.session_by_hash(&"a".repeat(64)).await.unwrap();
    assert_eq!(got, s);
    assert_eq!(
        (got.user, got.created_at, got.last_seen_at),
        (alice.id, t0, t0)
    );
    assert!(
        !format!("{got:?}").contains(&"a".repeat(64)),
        "the hash stays out of Debug"
    );
    assert!(
        store
            .session_by_hash("nope")
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(store.sessions_of(alice.id).await.unwrap().len(), 2);

    // Touch moves last_seen forward only.
    let t1 = Timestamp::parse("2026-12-01T00:10:00Z").unwrap();
    store.touch_session(&"a".repeat(64), t1).await.unwrap();
    store.touch_session(&"a".repeat(64), t0).await.unwrap();
    assert_eq!(
        store
            .session_by_hash(&"a".repeat(64))
            .await
            .unwrap()
            .last_seen_at,
        t1
    );
    assert!(
        store
            .touch_session("nope", t1)
            .await
            .unwrap_err()
            .is_not_found()
    );

    // Expiry: idle before t0 + 5 min removes b and c (last seen t0), keeps a (t1).
    let removed = store
        .delete_expired_sessions(
            t0.minus(Duration::from_secs(1)),
            t1.minus(Duration::from_secs(300)),
        )
        .await
        .unwrap();
    assert_eq!(removed, 2);
    assert_eq!(db.count("sessions").await, 1);
    // Absolute expiry: created before t1 removes a too.
    assert_eq!(store.delete_expired_sessions(t1, t0).await.unwrap(), 1);

    let mut tx = store.begin().await.unwrap();
    tx.create_session(&"e".repeat(64), bob.id, t0)
        .await
        .unwrap();
    tx.create_session(&"f".repeat(64), bob.id, t0)
        .await
        .unwrap();
    tx.create_session(&"g".repeat(64), alice.id, t0)
        .await
        .unwrap();
    tx.delete_session(&"e".repeat(64)).await.unwrap();
    assert!(
        tx.delete_session(&"e".repeat(64))
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(tx.delete_user_sessions(bob.id).await.unwrap(), 1);
    tx.commit().await.unwrap();
    assert_eq!(db.count("sessions").await, 1);
    assert_eq!(store.sessions_of(alice.id).await.unwrap().len(), 1);
}

async fn server_admin_flag(db: &crate::support::TestDb) {
    let store = db.store().await;
    assert_eq!(store.count_users().await.unwrap(), 0);
    assert!(store.server_admins().await.unwrap().is_empty());
    assert!(!store.is_server_admin(UserId::new(1)).await.unwrap());
    let first = user(&store, "first").await;
    let second = user(&store, "second").await;
    assert_eq!(store.count_users().await.unwrap(), 2);
    // Nobody flagged: the first account is the server administrator.
    assert!(store.is_server_admin(first.id).await.unwrap());
    assert_eq!(store.server_admins().await.unwrap(), vec![first.clone()]);
    assert!(!store.is_server_admin(second.id).await.unwrap());
    let mut tx = store.begin().await.unwrap();
    tx.set_server_admin(second.id, true).await.unwrap();
    assert!(
        tx.set_server_admin(UserId::new(9999), true)
            .await
            .unwrap_err()
            .is_not_found()
    );
    tx.commit().await.unwrap();
    // Once someone is flagged, only flagged accounts are.
    assert!(!store.is_server_admin(first.id).await.unwrap());
    assert!(store.is_server_admin(second.id).await.unwrap());
    assert_eq!(store.server_admins().await.unwrap(), vec![second.clone()]);
    let mut tx = store.begin().await.unwrap();
    tx.set_server_admin(second.id, false).await.unwrap();
    tx.commit().await.unwrap();
    assert!(store.is_server_admin(first.id).await.unwrap());
}
