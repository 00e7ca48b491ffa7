//! Browser sessions: random ids stored as their SHA-256, absolute and idle expiry, and the
//! `Set-Cookie` values the server sends at login and logout.
//!
//! # Lifecycle
//!
//! At each login the server makes a fresh [`SessionId`] with [`new_session_id`] (never reusing
//! one the browser presented: that prevents session fixation), stores a [`Session`] holding
//! only [`SessionId::hash`], and sends [`session_cookie`]. On each request it reads the id back
//! with [`SessionId::from_cookie_header`], looks the session up by [`session_id_hash`], checks
//! [`Session::is_valid`] and [`Session::touch`]es it (writing `last_seen` back only when
//! [`Session::needs_touch`], not on every request). At logout it deletes the session row and
//! sends [`logout_cookie`]. A role change or password change should delete the user's other
//! sessions.
//!
//! # Expiry
//!
//! [`SessionPolicy::default`]: 12 hours absolute, 30 minutes idle, within NIST SP 800-63B-4's
//! AAL2 limits (re-authentication at least every 24 hours, after at most 1 hour idle) and
//! OWASP's 15–30 minutes idle for high-value applications.
//!
//! # Cookie
//!
//! `HttpOnly` (no script reads it), `SameSite=Strict` (no cross-site request carries it),
//! `Path=/`, no `Domain` (host-only), `Max-Age` = the session's remaining absolute lifetime,
//! and `Secure` when the server is reached over TLS. With `Secure` the name is
//! `__Host-tplc_session`: browsers accept a `__Host-` cookie only if it is `Secure`, has
//! `Path=/` and no `Domain`, so no sibling subdomain and no plain-HTTP response can set or
//! overwrite it ("cookie tossing"). The prefix requires `Secure`, so over plain HTTP (a
//! laptop on 127.0.0.1) the name is `tplc_session`; a server on TLS reads only the
//! `__Host-` name.

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{AuthError, random_bytes};
use crate::secret::Secret;
use crate::token::SecretHash;

/// The session cookie's name when `Secure` (served over TLS).
pub const SECURE_COOKIE_NAME: &str = "__Host-tplc_session";
/// The session cookie's name over plain HTTP.
pub const PLAIN_COOKIE_NAME: &str = "tplc_session";

/// Length of a session id in characters (32 random bytes, base64url without padding).
const ID_CHARS: usize = 43;

/// The session cookie's name: [`SECURE_COOKIE_NAME`] when `secure`, else
/// [`PLAIN_COOKIE_NAME`].
pub const fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE_NAME
    } else {
        PLAIN_COOKIE_NAME
    }
}

/// A session id as the browser holds it: 32 random bytes, base64url. A secret: `Debug` and
/// `Display` print `[redacted]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionId(Secret<String>);

impl SessionId {
    /// The cookie value, to hash or to key the CSRF tokens with.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The SHA-256 the server stores and looks the session up by.
    pub fn hash(&self) -> SecretHash {
        session_id_hash(self.expose())
    }

    /// Reads this server's session cookie from a `Cookie` request header (`a=1; b=2`): the
    /// value of [`session_cookie_name`]`(secure)` when it has the form of a session id (43
    /// base64url characters), else `None`. Over TLS only the `__Host-` cookie counts.
    pub fn from_cookie_header(header: &str, secure: bool) -> Option<Self> {
        let name = session_cookie_name(secure);
        header.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            let v = v.trim().trim_matches('"');
            (k.trim() == name && is_id(v)).then(|| Self(Secret::new(v.to_owned())))
        })
    }
}

fn is_id(v: &str) -> bool {
    v.len() == ID_CHARS
        && v.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// A new random session id (32 bytes from the OS generator).
pub fn new_session_id() -> Result<SessionId, AuthError> {
    let bytes = random_bytes::<32>()?;
    Ok(SessionId(Secret::new(URL_SAFE_NO_PAD.encode(bytes))))
}

/// The stored hash of a session id (SHA-256 of the cookie value).
pub fn session_id_hash(cookie_value: &str) -> SecretHash {
    SecretHash::of(cookie_value)
}

/// How long sessions live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Longest life from login, however active the user is. Default 12 hours.
    pub absolute: Duration,
    /// Longest time between two requests. Default 30 minutes.
    pub idle: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            absolute: Duration::from_secs(12 * 3600),
            idle: Duration::from_secs(30 * 60),
        }
    }
}

/// Whether a session can be used at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// Usable.
    Valid,
    /// No request within the idle limit.
    IdleExpired,
    /// Older than the absolute limit.
    AbsoluteExpired,
}

/// A stored session: the hash of its id, its user, when it was created and last used. `U`
/// is whatever identifies the user in storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session<U> {
    /// SHA-256 of the session id ([`SessionId::hash`]).
    pub id_hash: SecretHash,
    /// The user.
    pub user: U,
    /// Login time.
    pub created: SystemTime,
    /// Time of the last request.
    pub last_seen: SystemTime,
}

/// `later − earlier`, zero when the clock went backwards (instances whose clocks differ a
/// little must not end each other's sessions).
fn elapsed(earlier: SystemTime, later: SystemTime) -> Duration {
    later.duration_since(earlier).unwrap_or(Duration::ZERO)
}

impl<U> Session<U> {
    /// A session created `now` for `user`.
    pub const fn new(id_hash: SecretHash, user: U, now: SystemTime) -> Self {
        Self {
            id_hash,
            user,
            created: now,
            last_seen: now,
        }
    }

    /// The session's state at `now`. A session is valid while `now − created < absolute` and
    /// `now − last_seen < idle`.
    pub fn state(&self, now: SystemTime, policy: &SessionPolicy) -> SessionState {
        if elapsed(self.created, now) >= policy.absolute {
            SessionState::AbsoluteExpired
        } else if elapsed(self.last_seen, now) >= policy.idle {
            SessionState::IdleExpired
        } else {
            SessionState::Valid
        }
    }

    /// Whether the session is usable at `now`.
    pub fn is_valid(&self, now: SystemTime, policy: &SessionPolicy) -> bool {
        self.state(now, policy) == SessionState::Valid
    }

    /// Records a request at `now` (never moves `last_seen` back).
    pub fn touch(&mut self, now: SystemTime) {
        if now > self.last_seen {
            self.last_seen = now;
        }
    }

    /// Whether `last_seen` is older than `interval` at `now`, so that storing the touched
    /// session is worth a write (e.g. once a minute instead of on every request).
    pub fn needs_touch(&self, now: SystemTime, interval: Duration) -> bool {
        elapsed(self.last_seen, now) >= interval
    }

    /// When the session ends if no further request comes: the earlier of the absolute and the
    /// idle limit.
    pub fn expires_at(&self, policy: &SessionPolicy) -> SystemTime {
        let absolute = self.created.checked_add(policy.absolute);
        let idle = self.last_seen.checked_add(policy.idle);
        match (absolute, idle) {
            (Some(a), Some(i)) => a.min(i),
            (Some(t), None) | (None, Some(t)) => t,
            (None, None) => self.last_seen,
        }
    }

    /// The cookie's `Max-Age` at `now`: the remaining absolute lifetime (the idle limit is
    /// enforced by the server, so an active user's cookie does not need re-sending).
    pub fn cookie_max_age(&self, now: SystemTime, policy: &SessionPolicy) -> Duration {
        policy.absolute.saturating_sub(elapsed(self.created, now))
    }
}

/// The `Set-Cookie` header value that starts a session, e.g.
/// `__Host-tplc_session=…; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure`.
/// It holds the session id, so it is a [`Secret`] too. `Max-Age` is in whole seconds.
pub fn session_cookie(id: &SessionId, max_age: Duration, secure: bool) -> Secret<String> {
    Secret::new(format!(
        "{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}",
        session_cookie_name(secure),
        id.expose(),
        max_age.as_secs(),
        if secure { "; Secure" } else { "" }
    ))
}

/// The `Set-Cookie` header value that ends the session in the browser: an empty value,
/// `Max-Age=0` and an `Expires` in 1970, with the same name and attributes.
pub fn logout_cookie(secure: bool) -> String {
    format!(
        "{}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict{}",
        session_cookie_name(secure),
        if secure { "; Secure" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn t(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_800_000_000 + secs)
    }

    const MIN: u64 = 60;
    const HOUR: u64 = 3600;

    #[test]
    fn ids_are_random_and_hashed() {
        let a = new_session_id().unwrap();
        let b = new_session_id().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 43);
        assert_eq!(a.hash(), session_id_hash(a.expose()));
        assert_ne!(a.hash(), b.hash());
        let shown = format!("{a:?}");
        assert!(!shown.contains(a.expose()), "{shown}");
    }

    #[test]
    fn idle_expiry() {
        let p = SessionPolicy::default();
        let mut s = Session::new(session_id_hash("x"), 7u64, t(0));
        assert_eq!(s.state(t(0), &p), SessionState::Valid);
        assert_eq!(s.state(t(30 * MIN - 1), &p), SessionState::Valid);
        assert_eq!(s.state(t(30 * MIN), &p), SessionState::IdleExpired);
        s.touch(t(29 * MIN));
        assert!(s.is_valid(t(58 * MIN), &p));
        assert!(!s.is_valid(t(59 * MIN), &p));
        // touch never moves back
        s.touch(t(MIN));
        assert_eq!(s.last_seen, t(29 * MIN));
    }

    #[test]
    fn absolute_expiry_despite_activity() {
        let p = SessionPolicy::default();
        let mut s = Session::new(session_id_hash("x"), "alice", t(0));
        let mut now = 0;
        while now < 12 * HOUR - 10 * MIN {
            now += 10 * MIN;
            assert!(s.is_valid(t(now), &p), "{now}");
            s.touch(t(now));
        }
        assert_eq!(s.state(t(12 * HOUR), &p), SessionState::AbsoluteExpired);
        assert_eq!(s.expires_at(&p), t(12 * HOUR));
    }

    #[test]
    fn expires_at_is_the_earlier_limit() {
        let p = SessionPolicy::default();
        let mut s = Session::new(session_id_hash("x"), (), t(0));
        assert_eq!(s.expires_at(&p), t(30 * MIN));
        s.touch(t(HOUR));
        assert_eq!(s.expires_at(&p), t(HOUR + 30 * MIN));
        s.touch(t(11 * HOUR + 50 * MIN));
        assert_eq!(s.expires_at(&p), t(12 * HOUR));
    }

    #[test]
    fn clock_going_backwards_does_not_expire() {
        let p = SessionPolicy::default();
        let s = Session::new(session_id_hash("x"), (), t(100));
        assert!(s.is_valid(t(50), &p));
        assert_eq!(s.cookie_max_age(t(50), &p), p.absolute);
    }

    #[test]
    fn needs_touch_interval() {
        let s = Session::new(session_id_hash("x"), (), t(0));
        assert!(!s.needs_touch(t(59), Duration::from_secs(60)));
        assert!(s.needs_touch(t(60), Duration::from_secs(60)));
    }

    #[test]
    fn max_age_counts_down() {
        let p = SessionPolicy::default();
        let s = Session::new(session_id_hash("x"), (), t(0));
        assert_eq!(s.cookie_max_age(t(0), &p), Duration::from_secs(12 * HOUR));
        assert_eq!(
            s.cookie_max_age(t(HOUR), &p),
            Duration::from_secs(11 * HOUR)
        );
        assert_eq!(s.cookie_max_age(t(13 * HOUR), &p), Duration::ZERO);
    }

    #[test]
    fn set_cookie_values() {
        let id = new_session_id().unwrap();
        let secure = session_cookie(&id, Duration::from_secs(43200), true);
        assert_eq!(
            secure.expose(),
            &format!(
                "__Host-tplc_session={}; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure",
                id.expose()
            )
        );
        assert!(!secure.expose().contains("Domain"));
        let plain = session_cookie(&id, Duration::from_millis(1500), false);
        assert_eq!(
            plain.expose(),
            &format!(
                "tplc_session={}; Path=/; Max-Age=1; HttpOnly; SameSite=Strict",
                id.expose()
            )
        );
        assert_eq!(format!("{secure:?}"), "[redacted]");
        assert_eq!(
            logout_cookie(true),
            "__Host-tplc_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict; Secure"
        );
        assert_eq!(
            logout_cookie(false),
            "tplc_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict"
        );
    }

    #[test]
    fn cookie_header_round_trip() {
        let id = new_session_id().unwrap();
        let v = id.expose().to_owned();
        let h = format!("lang=ja; __Host-tplc_session={v}; theme=dark");
        assert_eq!(SessionId::from_cookie_header(&h, true), Some(id.clone()));
        // Over TLS the unprefixed name is not accepted (cookie tossing).
        let tossed = format!("tplc_session={v}");
        assert_eq!(SessionId::from_cookie_header(&tossed, true), None);
        assert_eq!(SessionId::from_cookie_header(&tossed, false), Some(id));
        for bad in [
            "",
            "tplc_session=",
            "tplc_session=short",
            &format!("tplc_session={}", "a".repeat(44)),
            &format!("tplc_session={}", "a;".repeat(21)),
            &format!("xtplc_session={v}"),
        ] {
            assert_eq!(SessionId::from_cookie_header(bad, false), None, "{bad}");
        }
    }
}
