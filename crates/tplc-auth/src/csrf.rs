//! Cross-site request forgery defences: synchroniser tokens bound to the session, and the
//! `Origin`/`Referer` check.
//!
//! `SameSite=Strict` on the session cookie already keeps cross-site requests from carrying it
//! in current browsers; these two checks are the defence in depth OWASP asks for, for every
//! state-changing request made with a session cookie (a request authenticated by an API
//! token in the `Authorization` header needs neither: a browser never adds that header on its
//! own).
//!
//! # Tokens
//!
//! The raw token is HMAC-SHA256 keyed with the session id, over a domain-separation label and
//! the optional form id, so it is tied to one session (and, with a form id, one form) and
//! reveals nothing about the session id. Each call of [`csrf_token`] masks it with 32 fresh
//! random bytes (`mask ‖ mask⊕raw`, base64url, 86 characters), so the token in a compressed
//! page changes on every response and a BREACH-style compression oracle cannot recover it.
//! [`verify_csrf`] unmasks and compares in constant time.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;

use crate::error::{AuthError, random_bytes};
use crate::session::SessionId;

const LABEL: &[u8] = b"tplc-csrf-v1\0";

fn raw_token(session: &SessionId, form_id: Option<&str>) -> [u8; 32] {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail; the fallback keeps
    // this function panic-free regardless.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(session.expose().as_bytes()) else {
        return [0u8; 32];
    };
    mac.update(LABEL);
    match form_id {
        None => mac.update(&[0]),
        Some(form) => {
            mac.update(&[1]);
            mac.update(form.as_bytes());
        }
    }
    mac.finalize().into_bytes().into()
}

/// A CSRF token for a form of `session` (embed it in a hidden field or send it in an
/// `X-CSRF-Token` header). `form_id` binds it to one form (e.g. `"analysis"`); `None` gives a
/// token valid for every form of the session. Different on every call (masked), each one
/// accepted by [`verify_csrf`] for as long as the session lives.
pub fn csrf_token(session: &SessionId, form_id: Option<&str>) -> Result<String, AuthError> {
    let raw = raw_token(session, form_id);
    let mask = random_bytes::<32>()?;
    let mut out = [0u8; 64];
    for (i, (m, r)) in mask.iter().zip(raw.iter()).enumerate() {
        if let Some(slot) = out.get_mut(i) {
            *slot = *m;
        }
        if let Some(slot) = out.get_mut(32 + i) {
            *slot = m ^ r;
        }
    }
    Ok(URL_SAFE_NO_PAD.encode(out))
}

/// Whether `presented` is a token [`csrf_token`] made for this session and form id. Any
/// other string (truncated, altered, of another session or form, not base64url) is `false`;
/// the comparison is constant-time.
pub fn verify_csrf(session: &SessionId, form_id: Option<&str>, presented: &str) -> bool {
    let Ok(bytes) = URL_SAFE_NO_PAD.decode(presented.trim()) else {
        return false;
    };
    let Some((mask, masked)) = bytes.split_at_checked(32) else {
        return false;
    };
    if masked.len() != 32 {
        return false;
    }
    let unmasked: Vec<u8> = mask.iter().zip(masked).map(|(m, x)| m ^ x).collect();
    raw_token(session, form_id)
        .ct_eq(unmasked.as_slice())
        .into()
}

/// A web origin: scheme (`http` or `https`), host (lower case) and port. Parsed from an
/// `Origin` header (`https://tplc.example.jp`, `http://127.0.0.1:8080`), the server's
/// configured public origin (a trailing `/` allowed), or the start of a `Referer` URL with
/// [`Origin::of_url`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of an absolute `http`/`https` URL (a `Referer` value): `None` when it is
    /// not one, or names a user (`https://user@host/`).
    pub fn of_url(url: &str) -> Option<Self> {
        let (scheme, rest) = url.trim().split_once("://")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = rest.get(..end)?;
        parse(scheme, authority).ok()
    }

    /// `http` or `https`.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The host, lower case (an IPv6 address in brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port (80 or 443 when none was written).
    pub const fn port(&self) -> u16 {
        self.port
    }

    /// Whether the scheme is `https` (then the session cookie is `Secure`).
    pub fn is_https(&self) -> bool {
        self.scheme == "https"
    }
}

fn default_port(scheme: &str) -> u16 {
    if scheme == "https" { 443 } else { 80 }
}

fn parse(scheme: &str, authority: &str) -> Result<Origin, &'static str> {
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err("the scheme must be http or https");
    }
    if authority.contains('@') {
        return Err("an origin names no user");
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (addr, after) = v6.split_once(']').ok_or("unclosed '[' in the host")?;
        if addr.is_empty()
            || !addr
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err("invalid IPv6 address");
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or("junk after the IPv6 address")?),
        };
        (format!("[{}]", addr.to_ascii_lowercase()), port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            return Err("the host must be ASCII letters, digits, '-' and '.'");
        }
        (host.to_ascii_lowercase(), port)
    };
    let port = match port {
        None => default_port(&scheme),
        Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            match p.parse::<u16>() {
                Ok(n) if n > 0 => n,
                _ => return Err("the port must be 1 to 65535"),
            }
        }
        Some(_) => return Err("the port must be 1 to 65535"),
    };
    Ok(Origin { scheme, host, port })
}

impl FromStr for Origin {
    type Err = AuthError;

    fn from_str(s: &str) -> Result<Self, AuthError> {
        let err = |reason| AuthError::InvalidOrigin {
            input: s.to_owned(),
            reason,
        };
        let trimmed = s.trim();
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
        let (scheme, authority) = trimmed
            .split_once("://")
            .ok_or_else(|| err("expected scheme://host[:port]"))?;
        if authority.contains(['/', '?', '#']) {
            return Err(err("an origin has no path, query or fragment"));
        }
        parse(scheme, authority).map_err(err)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)?;
        if self.port != default_port(&self.scheme) {
            write!(f, ":{}", self.port)?;
        }
        Ok(())
    }
}

/// Whether an `Origin` request header names `expected` (scheme, host and port equal; the
/// default port may be written or not). `null` and anything unparsable are `false`.
pub fn same_origin(origin_header: &str, expected: &Origin) -> bool {
    origin_header
        .parse::<Origin>()
        .is_ok_and(|o| &o == expected)
}

/// The origin check for a state-changing request: the `Origin` header when present, else
/// the origin of the `Referer`, must be `expected`. With neither header the request is refused
/// (browsers send `Origin` on every cross-origin and every same-origin POST today).
pub fn request_origin_ok(origin: Option<&str>, referer: Option<&str>, expected: &Origin) -> bool {
    match (origin, referer) {
        (Some(o), _) => same_origin(o, expected),
        (None, Some(r)) => Origin::of_url(r).is_some_and(|o| &o == expected),
        (None, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::new_session_id;
    use proptest::prelude::*;

    #[test]
    fn token_verifies_for_its_session_and_form_only() {
        let s1 = new_session_id().unwrap();
        let s2 = new_session_id().unwrap();
        let t = csrf_token(&s1, Some("analysis")).unwrap();
        assert_eq!(t.len(), 86);
        assert!(verify_csrf(&s1, Some("analysis"), &t));
        assert!(!verify_csrf(&s2, Some("analysis"), &t), "other session");
        assert!(!verify_csrf(&s1, Some("upload"), &t), "other form");
        assert!(
            !verify_csrf(&s1, None, &t),
            "form token is not a session token"
        );
        assert!(!verify_csrf(&s1, Some(""), &t));
        let any = csrf_token(&s1, None).unwrap();
        assert!(verify_csrf(&s1, None, &any));
        assert!(
            !verify_csrf(&s1, Some(""), &any),
            "None and Some(\"\") differ"
        );
    }

    #[test]
    fn tokens_are_masked_per_call() {
        let s = new_session_id().unwrap();
        let a = csrf_token(&s, None).unwrap();
        let b = csrf_token(&s, None).unwrap();
        assert_ne!(a, b);
        assert!(verify_csrf(&s, None, &a) && verify_csrf(&s, None, &b));
        // The token does not contain the session id.
        assert!(!a.contains(s.expose()));
    }

    #[test]
    fn every_single_bit_flip_is_rejected() {
        let s = new_session_id().unwrap();
        let t = csrf_token(&s, Some("f")).unwrap();
        let bytes = URL_SAFE_NO_PAD.decode(&t).unwrap();
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut b = bytes.clone();
                b[i] ^= 1 << bit;
                let tampered = URL_SAFE_NO_PAD.encode(&b);
                assert!(!verify_csrf(&s, Some("f"), &tampered), "byte {i} bit {bit}");
            }
        }
    }

    #[test]
    fn malformed_tokens_are_rejected() {
        let s = new_session_id().unwrap();
        let t = csrf_token(&s, None).unwrap();
        for bad in [
            "",
            "x",
            &t[..85],
            &t[..43],
            &format!("{t}AA"),
            &t.replace(|c: char| c.is_ascii_digit(), "+"),
            &"A".repeat(86),
        ] {
            assert!(!verify_csrf(&s, None, bad), "{bad}");
        }
        // The unmasked raw HMAC alone is not accepted either.
        let raw = URL_SAFE_NO_PAD.encode(raw_token(&s, None));
        assert!(!verify_csrf(&s, None, &raw));
    }

    #[test]
    fn origin_parsing_and_display() {
        let o: Origin = "https://TPLC.example.jp/".parse().unwrap();
        assert_eq!(o.to_string(), "https://tplc.example.jp");
        assert_eq!(o.port(), 443);
        assert!(o.is_https());
        let l: Origin = "http://127.0.0.1:8080".parse().unwrap();
        assert_eq!(l.to_string(), "http://127.0.0.1:8080");
        assert_eq!(l.host(), "127.0.0.1");
        assert_eq!(l.scheme(), "http");
        let v6: Origin = "http://[::1]:8080".parse().unwrap();
        assert_eq!(v6.to_string(), "http://[::1]:8080");
        for bad in [
            "null",
            "",
            "tplc.example.jp",
            "ftp://tplc.example.jp",
            "https://",
            "https://user@tplc.example.jp",
            "https://tplc.example.jp/path",
            "https://tplc.example.jp:0",
            "https://tplc.example.jp:65536",
            "https://tplc.example.jp:",
            "https://tplc.example.jp:80a",
            "https://[::1",
            "https://[::1]x",
            "https://tplc example.jp",
            "https://日本.jp",
        ] {
            let e = bad.parse::<Origin>();
            assert!(e.is_err(), "{bad}");
        }
        let e = "ftp://x".parse::<Origin>().unwrap_err().to_string();
        assert_eq!(
            e,
            "invalid origin \"ftp://x\": the scheme must be http or https"
        );
    }

    #[test]
    fn same_origin_cases() {
        let expected: Origin = "https://tplc.example.jp".parse().unwrap();
        assert!(same_origin("https://tplc.example.jp", &expected));
        assert!(same_origin("https://tplc.example.jp:443", &expected));
        assert!(same_origin("HTTPS://Tplc.Example.JP", &expected));
        for other in [
            "http://tplc.example.jp",
            "https://tplc.example.jp:8443",
            "https://evil.example.jp",
            "https://tplc.example.jp.evil.com",
            "https://eviltplc.example.jp",
            "null",
            "",
        ] {
            assert!(!same_origin(other, &expected), "{other}");
        }
    }

    #[test]
    fn origin_or_referer() {
        let expected: Origin = "http://127.0.0.1:8080".parse().unwrap();
        let ok = Some("http://127.0.0.1:8080/products/3?tab=sbom#x");
        assert!(request_origin_ok(
            Some("http://127.0.0.1:8080"),
            None,
            &expected
        ));
        assert!(request_origin_ok(None, ok, &expected));
        // Origin wins over Referer.
        assert!(!request_origin_ok(Some("null"), ok, &expected));
        assert!(!request_origin_ok(
            None,
            Some("http://127.0.0.1:8081/"),
            &expected
        ));
        assert!(!request_origin_ok(
            None,
            Some("http://user@127.0.0.1:8080/"),
            &expected
        ));
        assert!(!request_origin_ok(None, Some("/relative"), &expected));
        assert!(!request_origin_ok(None, None, &expected));
        assert_eq!(
            Origin::of_url("https://a.example/x?y"),
            Some("https://a.example".parse().unwrap())
        );
    }

    proptest! {
        #[test]
        fn origin_parsing_never_panics(s in "\\PC{0,60}") {
            let _ = s.parse::<Origin>();
            let _ = Origin::of_url(&s);
        }

        #[test]
        fn displayed_origin_parses_back(
            https in any::<bool>(),
            host in "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\\.[a-z]{2,5}){0,2}",
            port in 1u16..,
        ) {
            let s = format!("{}://{host}:{port}", if https { "https" } else { "http" });
            let o: Origin = s.parse().unwrap();
            prop_assert_eq!(o.to_string().parse::<Origin>().unwrap(), o.clone());
            prop_assert!(same_origin(&o.to_string(), &o));
        }

        #[test]
        fn random_strings_are_not_csrf_tokens(s in "[A-Za-z0-9_-]{86}") {
            let session = new_session_id().unwrap();
            prop_assert!(!verify_csrf(&session, None, &s));
        }
    }
}
