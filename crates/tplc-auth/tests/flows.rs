//! The flows the server will run, end to end through the public API only.

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tplc_auth::session::SessionId;
use tplc_auth::{
    AccessDenied, LoginKey, LoginLimiter, Origin, PasswordHasher, PasswordPolicy, Permission, Role,
    SessionPolicy, authorize, bearer_token, check_token, csrf_token, effective_role,
    generate_token, logout_cookie, needs_rehash, new_session_id, request_origin_ok, session_cookie,
    session_id_hash, verify_csrf,
};

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_800_000_000 + secs)
}

/// One stored user, as the storage crate would hold it.
struct UserRow {
    username: String,
    password_hash: String,
}

#[test]
fn password_login_session_csrf_logout() {
    let hasher = PasswordHasher::default();
    let policy = PasswordPolicy::default();

    // Account creation: the policy refuses weak passwords with a clear message.
    let e = hasher
        .hash_new_password("Password2024!", &policy, &["tanaka"])
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "password rejected: it is a commonly used password; choose a longer phrase of unrelated words"
    );
    let hash = hasher
        .hash_new_password("infusion pump night shift", &policy, &["tanaka"])
        .unwrap();
    let user = UserRow {
        username: "tanaka".into(),
        password_hash: hash.into_string(),
    };
    assert!(!needs_rehash(&user.password_hash));

    // Login with rate limiting.
    let ip: IpAddr = "192.0.2.7".parse().unwrap();
    let mut limiter = LoginLimiter::default();
    let key = LoginKey::new(&user.username, ip);
    assert!(limiter.check(&key, at(0)).is_ok());
    assert!(!hasher.verify("infusion pump day shift", &user.password_hash));
    limiter.record_failure(&key, at(0));
    let wait = limiter.check(&key, at(0)).unwrap_err();
    assert_eq!(wait.seconds(), 1);
    assert!(limiter.check(&key, at(2)).is_ok());
    assert!(hasher.verify("infusion pump night shift", &user.password_hash));
    limiter.record_success(&key);
    assert!(limiter.check(&key, at(2)).is_ok());

    // An unknown user costs the same argon2 work and fails.
    assert!(!hasher.verify_or_dummy("infusion pump night shift", None));

    // Session: fresh id, only its hash stored, cookie sent.
    let session_policy = SessionPolicy::default();
    let id = new_session_id().unwrap();
    let mut stored = tplc_auth::Session::new(id.hash(), user.username.clone(), at(2));
    let origin: Origin = "https://tplc.example.jp".parse().unwrap();
    let set_cookie = session_cookie(
        &id,
        stored.cookie_max_age(at(2), &session_policy),
        origin.is_https(),
    );
    assert!(set_cookie.expose().starts_with("__Host-tplc_session="));
    assert!(
        set_cookie
            .expose()
            .ends_with("; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure")
    );

    // Next request: the browser sends the cookie back; the server finds the session by hash.
    let cookie_value = set_cookie.expose().split(';').next().unwrap().to_owned();
    let presented =
        SessionId::from_cookie_header(&format!("lang=ja; {cookie_value}"), true).unwrap();
    assert_eq!(session_id_hash(presented.expose()), stored.id_hash);
    assert!(stored.is_valid(at(600), &session_policy));
    stored.touch(at(600));

    // A form carries a CSRF token; the POST is checked for it and its origin.
    let token = csrf_token(&presented, Some("analysis")).unwrap();
    assert!(verify_csrf(&presented, Some("analysis"), &token));
    assert!(request_origin_ok(
        Some("https://tplc.example.jp"),
        None,
        &origin
    ));
    assert!(!request_origin_ok(
        Some("https://evil.example"),
        None,
        &origin
    ));
    let other = new_session_id().unwrap();
    assert!(!verify_csrf(&other, Some("analysis"), &token));

    // Idle for 31 minutes: the session is gone.
    assert!(!stored.is_valid(at(600 + 31 * 60), &session_policy));
    assert_eq!(
        logout_cookie(true),
        "__Host-tplc_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict; Secure"
    );
}

#[test]
fn api_token_flow() {
    // `tplc token create --role viewer`: shown once, stored hashed.
    let (plaintext, stored_hash) = generate_token().unwrap();
    let stored_hex = stored_hash.to_hex();
    let header = format!("Bearer {}", plaintext.expose());
    drop(plaintext);

    // A request: find the token by its hash without comparing plaintext anywhere.
    let presented = bearer_token(&header).unwrap();
    let h = check_token(presented).unwrap();
    assert_eq!(h.to_hex(), stored_hex);

    // The token is scoped to viewer; its user is an admin of the organization.
    let role = effective_role(Some(Role::Admin), Some(Role::Viewer));
    assert_eq!(authorize(role, Permission::ReadFindings), Ok(()));
    assert_eq!(
        authorize(role, Permission::UploadSbom)
            .unwrap_err()
            .status(),
        403
    );
    // Another organization's object: the user has no membership there → 404.
    assert_eq!(
        authorize(
            effective_role(None, Some(Role::Admin)),
            Permission::ReadFindings
        ),
        Err(AccessDenied::NotFound)
    );
    // Junk in the header is refused before any lookup.
    assert_eq!(check_token("tplc_not-a-token"), None);
}

#[test]
fn no_secret_reaches_a_debug_string() {
    #[derive(Debug)]
    #[allow(dead_code)]
    struct Everything {
        token: tplc_auth::Secret<String>,
        session: SessionId,
        cookie: tplc_auth::Secret<String>,
        hash: tplc_auth::PasswordHash,
    }
    let (token, _) = generate_token().unwrap();
    let session = new_session_id().unwrap();
    let cookie = session_cookie(&session, Duration::from_secs(60), false);
    let hash = PasswordHasher::default()
        .hash("a secret password!")
        .unwrap();
    let phc = hash.as_str().to_owned();
    let secrets = [
        token.expose().clone(),
        session.expose().to_owned(),
        cookie.expose().clone(),
        phc.rsplit('$').next().unwrap().to_owned(),
    ];
    let all = Everything {
        token,
        session,
        cookie,
        hash,
    };
    for shown in [format!("{all:?}"), format!("{all:#?}")] {
        for s in &secrets {
            assert!(!shown.contains(s.as_str()), "{shown}");
        }
        assert!(shown.contains("[redacted]"));
    }
}
