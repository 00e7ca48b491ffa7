//! Security primitives for the tplc server: pure functions and small types, no database, no
//! HTTP framework. tplc holds a manufacturer's vulnerability record, so: least privilege by
//! default, secrets hashed at rest, no secret in logs, every route authorised.
//!
//! - [`password`]: argon2id hashes in PHC format ([`hash_password`], [`verify_password`],
//!   [`needs_rehash`]) and the NIST SP 800-63B [`PasswordPolicy`].
//! - [`token`]: API tokens `tplc_…` with a checksum a secret scanner can check
//!   ([`generate_token`], [`token_hash`], [`looks_like_token`]); only their SHA-256 is stored.
//! - [`session`]: random session ids stored as SHA-256, absolute and idle expiry, the
//!   `Set-Cookie` values for login and logout.
//! - [`csrf`]: synchroniser tokens bound to the session (HMAC-SHA256, masked per response)
//!   and the `Origin`/`Referer` check.
//! - [`role`]: [`Role`] × [`Permission`] in one table, and the 404-or-403 decision.
//! - [`ratelimit`]: the login failure limiter keyed by user name + client address and by
//!   address alone, with exponential back-off and bounded memory.
//!
//! Every secret this crate hands out is a [`Secret`], whose `Debug` and `Display` print
//! `[redacted]`; the library keeps no plaintext. No function reads a clock: the time is an
//! argument, so behaviour is deterministic and testable.
//!
//! ```
//! use tplc_auth::{generate_token, looks_like_token, token_hash, Role, Permission};
//!
//! let (plaintext, stored) = generate_token()?;
//! assert!(looks_like_token(plaintext.expose()));
//! assert_eq!(token_hash(plaintext.expose()), stored);
//! assert!(Role::Editor.allows(Permission::UploadSbom));
//! assert!(!Role::Editor.allows(Permission::ManageTokens));
//! # Ok::<(), tplc_auth::AuthError>(())
//! ```

pub mod csrf;
mod error;
pub mod password;
pub mod ratelimit;
pub mod role;
mod secret;
pub mod session;
pub mod token;

pub use csrf::{Origin, csrf_token, request_origin_ok, same_origin, verify_csrf};
pub use error::AuthError;
pub use password::{
    HashParams, PasswordHash, PasswordHasher, PasswordPolicy, PolicyViolation, hash_password,
    needs_rehash, verify_password,
};
pub use ratelimit::{Limit, LoginKey, LoginLimiter, RateLimits, RetryAfter};
pub use role::{AccessDenied, Permission, Role, authorize, effective_role};
pub use secret::{REDACTED, Secret};
pub use session::{
    Session, SessionId, SessionPolicy, SessionState, logout_cookie, new_session_id, session_cookie,
    session_cookie_name, session_id_hash,
};
pub use token::{
    SecretHash, TOKEN_PATTERN, bearer_token, check_token, generate_token, looks_like_token,
    token_hash,
};
