//! Fuzzes tplc-auth's readers of request data: `Origin` and `Referer` values, bearer tokens,
//! `Cookie` headers, CSRF tokens, stored PHC strings (parameters only: `needs_rehash`, no
//! argon2 run) and the password policy. No input may panic; a parsed origin displays as a
//! string that parses back to it; nothing but a generated token passes `looks_like_token`
//! unless its checksum holds.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tplc_auth::session::SessionId;
use tplc_auth::{
    Origin, PasswordPolicy, bearer_token, check_token, looks_like_token, needs_rehash,
    same_origin, verify_csrf,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(origin) = text.parse::<Origin>() {
        let shown = origin.to_string();
        assert_eq!(shown.parse::<Origin>().as_ref(), Ok(&origin), "{shown}");
        assert!(same_origin(&shown, &origin));
    }
    let _ = Origin::of_url(text);
    if let Some(t) = bearer_token(text) {
        assert_eq!(check_token(t).is_some(), looks_like_token(t));
    }
    for secure in [false, true] {
        if let Some(id) = SessionId::from_cookie_header(text, secure) {
            assert_eq!(id.expose().len(), 43);
            assert!(!verify_csrf(&id, None, text));
        }
    }
    let _ = needs_rehash(text);
    let _ = PasswordPolicy::default().check(text, &[text]);
});
