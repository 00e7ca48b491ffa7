//! Logging in and out, session expiry, the login rate limit, CSRF, API tokens.

use std::time::Duration;

use serde_json::{Value, json};
use tplc_store::*;

use crate::support::{self, PASSWORD, Server, TestDb};

crate::backend_tests!(
    login_logout_and_cookie,
    failed_logins_are_audited_and_rate_limited,
    sessions_expire_idle_and_absolute,
    csrf_is_enforced,
    api_tokens,
    form_login_and_logout,
    secure_cookies_behind_tls,
);

async fn login_logout_and_cookie(db: &TestDb) {
    let server = Server::start(db, |s| s).await;
    let store = server.store();
    let alice = support::user(store, "alice").await;
    let a = support::objects(store, "Acme", alice.id, "bob").await;
    let client = server.client();
    // Not logged in: 401 with the error body.
    let r = client
        .get(server.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "unauthenticated");

    let r = client
        .post(server.url("/api/v1/session"))
        .json(&json!({"username": "alice", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("tplc_session="), "{cookie}");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let info: Value = r.json().await.unwrap();
    assert_eq!(info["username"], "alice");
    assert_eq!(info["authenticated_by"], "session");
    assert_eq!(info["organizations"][0]["organization"], a.org.get());
    assert_eq!(info["organizations"][0]["role"], "admin");
    assert_eq!(info["csrf_token"].as_str().unwrap().len(), 86);
    // Only the hash of the session id is stored.
    let id = cookie
        .split(';')
        .next()
        .unwrap()
        .split('=')
        .nth(1)
        .unwrap()
        .to_owned();
    assert_eq!(
        db.count(&format!("sessions WHERE id_hash = '{id}'")).await,
        0
    );
    assert_eq!(db.count("sessions").await, 1);

    let r = client
        .get(server.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = client
        .get(server.url("/api/v1/organizations"))
        .send()
        .await
        .unwrap();
    let orgs: Value = r.json().await.unwrap();
    assert_eq!(orgs[0]["name"], "Acme");

    // A second login makes a second, different session (no fixation).
    let other = server.client();
    server.login(&other, "alice").await;
    assert_eq!(db.count("sessions").await, 2);

    let r = client
        .delete(server.url("/api/v1/session"))
        .header("x-csrf-token", info["csrf_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(db.count("sessions").await, 1);
    let r = client
        .get(server.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // The stolen cookie is dead too.
    let r = server
        .bare_client()
        .get(server.url("/api/v1/session"))
        .header("cookie", format!("tplc_session={id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // The other session lives on.
    let r = other
        .get(server.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A page request without a session is sent to the login page.
    let r = server
        .bare_client()
        .get(server.url("/findings"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{:?}", r.headers());
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login?next=%2F")
            || r.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/login?next=/")
    );
}

async fn failed_logins_are_audited_and_rate_limited(db: &TestDb) {
    let server = Server::start(db, |s| s).await;
    support::user(server.store(), "alice").await;
    let client = server.client();
    let attempt = |username: &'static str, password: &'static str| {
        let client = client.clone();
        let url = server.url("/api/v1/session");
        async move {
            client
                .post(url)
                .json(&json!({"username": username, "password": password}))
                .send()
                .await
                .unwrap()
        }
    };
    // Wrong password and unknown user: the same answer.
    let r = attempt("alice", "wrong").await;
    assert_eq!(r.status(), 401);
    let wrong: Value = r.json().await.unwrap();
    let r = attempt("nobody", "wrong").await;
    assert_eq!(r.status(), 401);
    let unknown: Value = r.json().await.unwrap();
    assert_eq!(wrong, unknown);
    assert_eq!(wrong["code"], "invalid_credentials");
    assert_eq!(
        db.count("audit_events WHERE action = 'login.failure'")
            .await,
        2
    );
    assert_eq!(db.count("audit_events WHERE object_id = 'nobody'").await, 1);
    // The back-off: the next attempt for alice from this address waits (1 s after the first
    // failure), and is refused without checking the password, even the right one.
    let r = attempt("alice", PASSWORD).await;
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = attempt("alice", PASSWORD).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        server.store().verify_audit_chain().await.unwrap() as i64,
        db.count("audit_events").await
    );

    // Without back-off: three failures in the window, then refused for the window's rest.
    let limits = tplc_auth::RateLimits {
        per_user_ip: tplc_auth::Limit {
            max_failures: 3,
            window: Duration::from_secs(900),
        },
        backoff_base: Duration::ZERO,
        ..tplc_auth::RateLimits::default()
    };
    let server = Server::start(db, |s| s.with_limiter(tplc_auth::LoginLimiter::new(limits))).await;
    let client = server.client();
    for _ in 0..3 {
        let r = client
            .post(server.url("/api/v1/session"))
            .json(&json!({"username": "alice", "password": "wrong"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
    let r = client
        .post(server.url("/api/v1/session"))
        .json(&json!({"username": "ALICE ", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429, "the user name is normalised for counting");
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((890..=900).contains(&retry), "{retry}");
    // Another user name from the same address is not locked by alice's failures.
    let r = client
        .post(server.url("/api/v1/session"))
        .json(&json!({"username": "bob", "password": "wrong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

async fn sessions_expire_idle_and_absolute(db: &TestDb) {
    let policy = tplc_auth::SessionPolicy {
        absolute: Duration::from_millis(2500),
        idle: Duration::from_millis(1200),
    };
    let server = Server::start(db, |s| s.with_session_policy(policy, Duration::ZERO)).await;
    support::user(server.store(), "alice").await;
    // The cookie is sent by hand: the server's expiry is under test, not the client's.
    let login = || async {
        let r = server
            .client()
            .post(server.url("/api/v1/session"))
            .json(&json!({"username": "alice", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    };
    let get = |cookie: String| {
        let request = server
            .bare_client()
            .get(server.url("/api/v1/session"))
            .header("cookie", cookie);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    // Idle: no request for longer than the idle limit.
    let cookie = login().await;
    assert_eq!(get(cookie.clone()).await, 200);
    tokio::time::sleep(Duration::from_millis(1400)).await;
    assert_eq!(get(cookie).await, 401);
    assert_eq!(
        db.count("sessions").await,
        0,
        "the expired session is removed"
    );
    // Absolute: active all along, still ends.
    let cookie = login().await;
    for i in 0..4 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            get(cookie.clone()).await,
            200,
            "activity keeps it alive within the absolute limit ({i})"
        );
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(get(cookie).await, 401);
    // The sweep removes what is left.
    login().await;
    let now = Timestamp::now();
    let removed = server
        .store()
        .delete_expired_sessions(now, now)
        .await
        .unwrap();
    assert_eq!(removed, 1);
}

async fn csrf_is_enforced(db: &TestDb) {
    let server = Server::start(db, |s| s).await;
    let store = server.store();
    let alice = support::user(store, "alice").await;
    let a = support::objects(store, "Acme", alice.id, "bob").await;
    let client = server.client();
    let info = server.login(&client, "alice").await;
    let csrf = info["csrf_token"].as_str().unwrap();
    let url = server.url(&format!("/api/v1/organizations/{}/products", a.org));
    let body = json!({"name": "X"});
    // No token.
    let r = client.post(&url).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["code"], "csrf");
    // A forged token, and another session's token.
    let r = client
        .post(&url)
        .header("x-csrf-token", "A".repeat(86))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let other = server.client();
    let other_info = server.login(&other, "alice").await;
    let r = client
        .post(&url)
        .header("x-csrf-token", other_info["csrf_token"].as_str().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Cross-origin, even with the token.
    let r = client
        .post(&url)
        .header("origin", "http://evil.example")
        .header("x-csrf-token", csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // The right token.
    let r = client
        .post(&url)
        .header("x-csrf-token", csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // A form post carries it in a field.
    let r = client
        .post(server.url("/logout"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("x=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = client
        .post(server.url("/logout"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("x=1&csrf_token={csrf}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = client
        .get(server.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Login itself: the origin check only.
    let r = server
        .bare_client()
        .post(server.url("/api/v1/session"))
        .header("origin", "http://evil.example")
        .json(&json!({"username": "alice", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

async fn api_tokens(db: &TestDb) {
    let server = Server::start(db, |s| s).await;
    let store = server.store();
    let alice = support::user(store, "alice").await;
    let outsider = support::user(store, "outsider").await;
    let a = support::objects(store, "Acme", alice.id, "bob").await;
    let b = support::objects(store, "Other", outsider.id, "carol").await;
    let client = server.client();
    let info = server.login(&client, "alice").await;
    let csrf = info["csrf_token"].as_str().unwrap();
    // Created through the API: the plaintext once.
    let r = client
        .post(server.url(&format!("/api/v1/organizations/{}/tokens", a.org)))
        .header("x-csrf-token", csrf)
        .json(&json!({"name": "ci", "role": "editor"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    let token = created["plaintext"].as_str().unwrap().to_owned();
    assert!(token.starts_with("tplc_"));
    let id = created["token"]["id"].as_i64().unwrap();
    let r = client
        .get(server.url(&format!("/api/v1/organizations/{}/tokens", a.org)))
        .send()
        .await
        .unwrap();
    let listed = r.text().await.unwrap();
    assert!(!listed.contains(&token), "the list never shows a secret");
    assert!(listed.contains("\"ci\""));
    assert_eq!(
        db.count("audit_events WHERE action = 'token.create'").await,
        1
    );

    let bare = server.bare_client();
    let get = |path: String, token: String| {
        let bare = bare.clone();
        let url = server.url(&path);
        async move {
            bare.get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let products = format!("/api/v1/organizations/{}/products", a.org);
    assert_eq!(get(products.clone(), token.clone()).await, 200);
    let r = bare
        .get(server.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["authenticated_by"], "token");
    assert_eq!(me["organizations"][0]["role"], "editor");
    assert!(me.get("csrf_token").is_none());
    // No CSRF token or Origin needed with a token; editor may write, not manage tokens.
    let r = bare
        .post(server.url(&products))
        .bearer_auth(&token)
        .json(&json!({"name": "Y"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = bare
        .get(server.url(&format!("/api/v1/organizations/{}/tokens", a.org)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Scoped to its organization.
    assert_eq!(
        get(
            format!("/api/v1/organizations/{}/products", b.org),
            token.clone()
        )
        .await,
        404
    );
    // Garbage, a token with a bad checksum, a wrong scheme.
    assert_eq!(get(products.clone(), "garbage".into()).await, 401);
    let mut flipped = token.clone();
    flipped.replace_range(10..11, if &token[10..11] == "A" { "B" } else { "A" });
    assert_eq!(get(products.clone(), flipped).await, 401);
    let r = bare
        .get(server.url(&products))
        .header("authorization", format!("Basic {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // A bad token is refused even with a valid session cookie beside it.
    let r = client
        .get(server.url(&products))
        .bearer_auth("tplc_nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Demoting the user demotes the token at once.
    let mut tx = store.begin().await.unwrap();
    tx.set_role(a.org, alice.id, Role::Viewer).await.unwrap();
    tx.commit().await.unwrap();
    let r = bare
        .post(server.url(&products))
        .bearer_auth(&token)
        .json(&json!({"name": "Z"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let mut tx = store.begin().await.unwrap();
    tx.set_role(a.org, alice.id, Role::Admin).await.unwrap();
    tx.commit().await.unwrap();
    // Revoked: 401.
    let r = client
        .delete(server.url(&format!("/api/v1/organizations/{}/tokens/{id}", a.org)))
        .header("x-csrf-token", csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert!(v["revoked_at"].is_string());
    assert_eq!(get(products, token).await, 401);
}

async fn form_login_and_logout(db: &TestDb) {
    let server = Server::start(db, |s| s).await;
    support::user(server.store(), "alice").await;
    let client = server.client();
    let form = |body: String| {
        client
            .post(server.url("/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let r = form("username=alice&password=wrong".into()).await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?error=invalid_credentials");
    assert!(r.headers().get("set-cookie").is_none());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = form(format!(
        "username=alice&password={}&next=%2Ffindings",
        PASSWORD.replace(' ', "+")
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/findings");
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("HttpOnly")
    );
    // An open redirect is not offered.
    let r = form(format!(
        "username=alice&password={}&next=%2F%2Fevil.example",
        PASSWORD.replace(' ', "+")
    ))
    .await
    .unwrap();
    assert_eq!(r.headers()["location"], "/");
    let r = client
        .get(server.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

async fn secure_cookies_behind_tls(db: &TestDb) {
    let server = Server::start(db, |mut s| {
        let mut config = (*s.config).clone();
        config.secure_cookies = true;
        s.config = std::sync::Arc::new(config);
        s
    })
    .await;
    support::user(server.store(), "alice").await;
    let host = server.base.trim_start_matches("http://").to_owned();
    let login = |origin: String| {
        server
            .bare_client()
            .post(server.url("/api/v1/session"))
            .header("origin", origin)
            .json(&json!({"username": "alice", "password": PASSWORD}))
            .send()
    };
    // The browser reached the server through TLS: its origin is https.
    let r = login(server.base.clone()).await.unwrap();
    assert_eq!(r.status(), 403, "an http origin is another origin");
    let r = login(format!("https://{host}")).await.unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-tplc_session="), "{cookie}");
    assert!(cookie.ends_with("; Secure"), "{cookie}");
    let pair = cookie.split(';').next().unwrap().to_owned();
    let get = |cookie: String| {
        let request = server
            .bare_client()
            .get(server.url("/api/v1/session"))
            .header("cookie", cookie);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(get(pair.clone()).await, 200);
    // Over TLS only the __Host- cookie counts (no cookie tossing from plain HTTP).
    assert_eq!(
        get(pair.replace("__Host-tplc_session", "tplc_session")).await,
        401
    );
    // Logging out needs the CSRF token as any change does.
    let r = server
        .bare_client()
        .delete(server.url("/api/v1/session"))
        .header("origin", format!("https://{host}"))
        .header("cookie", pair.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(get(pair).await, 200);
}
