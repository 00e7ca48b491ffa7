//! API tokens, and [`SecretHash`], the SHA-256 under which tokens and session ids are stored.
//!
//! # Format
//!
//! `tplc_`, then 43 characters (32 random bytes from the OS generator, base64url without
//! padding), then 6 characters (the CRC-32 of the first 48 characters, big-endian, base64url
//! without padding): 54 characters in all, matched by [`TOKEN_PATTERN`]. The fixed prefix and
//! the checksum let a secret scanner (GitHub secret scanning, gitleaks, a log filter) find a
//! leaked tplc token and tell it from random text without asking the server; the checksum
//! protects nothing and gives an attacker nothing — the 256 random bits do the work.
//!
//! # Storage
//!
//! The server stores only [`token_hash`] of a token, SHA-256 as 64 lower-case hex digits, and
//! shows the plaintext once, when it is created. A fast hash is right here, unlike for
//! passwords: argon2's cost exists to slow a guessing attack on a low-entropy secret, but a
//! 256-bit random token cannot be guessed at any speed, so one SHA-256 already makes a
//! leaked database useless for logging in, and it keeps each API request cheap. The hash is
//! also the lookup key (a unique index), so a presented token is found in one query; a timing
//! difference in that lookup reveals at most a prefix of a hash, which does not help to forge a
//! token whose hash has that prefix.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use crate::error::{AuthError, random_bytes};
use crate::secret::Secret;

/// The prefix of every tplc API token.
pub const TOKEN_PREFIX: &str = "tplc_";
/// Length of a token in characters.
pub const TOKEN_LEN: usize = TOKEN_PREFIX.len() + RANDOM_CHARS + CHECKSUM_CHARS;
/// A regular expression a secret scanner can use to find tplc tokens in text (then confirm
/// each match with [`looks_like_token`]).
pub const TOKEN_PATTERN: &str = r"tplc_[A-Za-z0-9_-]{49}";

const RANDOM_BYTES: usize = 32;
const RANDOM_CHARS: usize = 43;
const CHECKSUM_CHARS: usize = 6;

/// The SHA-256 of a secret (an API token or a session id), as stored. Not a secret itself:
/// it cannot be turned back into the token, and presenting it does not authenticate.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SecretHash([u8; 32]);

impl SecretHash {
    /// SHA-256 of `secret`'s bytes.
    pub fn of(secret: &str) -> Self {
        Self(Sha256::digest(secret.as_bytes()).into())
    }

    /// The hash as 64 lower-case hex digits (the stored form).
    pub fn to_hex(&self) -> String {
        use fmt::Write as _;
        self.0.iter().fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }

    /// Reads the stored form: 64 hex digits (either case). `None` otherwise.
    pub fn from_hex(hex: &str) -> Option<Self> {
        let bytes = hex.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
            let hi = char::from(*pair.first()?).to_digit(16)?;
            let lo = char::from(*pair.get(1)?).to_digit(16)?;
            *o = u8::try_from(hi * 16 + lo).ok()?;
        }
        Some(Self(out))
    }

    /// The 32 bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Whether `secret` hashes to this value, compared in constant time.
    pub fn matches(&self, secret: &str) -> bool {
        Self::of(secret).0.ct_eq(&self.0).into()
    }
}

impl fmt::Display for SecretHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretHash({})", self.to_hex())
    }
}

/// A new API token: the plaintext to show once, and the hash to store. The library keeps
/// neither.
pub fn generate_token() -> Result<(Secret<String>, SecretHash), AuthError> {
    let random = random_bytes::<RANDOM_BYTES>()?;
    let mut token = String::with_capacity(TOKEN_LEN);
    token.push_str(TOKEN_PREFIX);
    URL_SAFE_NO_PAD.encode_string(random, &mut token);
    let sum = crc32(token.as_bytes()).to_be_bytes();
    URL_SAFE_NO_PAD.encode_string(sum, &mut token);
    let hash = SecretHash::of(&token);
    Ok((Secret::new(token), hash))
}

/// The stored hash of a token: SHA-256 of its text. Hashes any string; check the format
/// first with [`looks_like_token`] (or use [`check_token`]) to skip the database for junk.
pub fn token_hash(plaintext: &str) -> SecretHash {
    SecretHash::of(plaintext)
}

/// Whether `s` has the form of a tplc token with a correct checksum: the prefix, 54
/// characters of the base64url alphabet, 32 bytes of random part and its CRC-32.
pub fn looks_like_token(s: &str) -> bool {
    if s.len() != TOKEN_LEN || !s.starts_with(TOKEN_PREFIX) {
        return false;
    }
    let Some((body, sum)) = s.split_at_checked(TOKEN_LEN - CHECKSUM_CHARS) else {
        return false;
    };
    let Some(random) = body.get(TOKEN_PREFIX.len()..) else {
        return false;
    };
    let decoded_ok = URL_SAFE_NO_PAD
        .decode(random)
        .is_ok_and(|r| r.len() == RANDOM_BYTES);
    let sum_ok = URL_SAFE_NO_PAD
        .decode(sum)
        .is_ok_and(|d| d.as_slice() == crc32(body.as_bytes()).to_be_bytes());
    decoded_ok && sum_ok
}

/// The hash to look a presented token up by, or `None` when it does not look like a token
/// (then the server answers 401 without a query).
pub fn check_token(presented: &str) -> Option<SecretHash> {
    looks_like_token(presented).then(|| token_hash(presented))
}

/// The token of an `Authorization: Bearer <token>` header value (scheme case-insensitive,
/// RFC 6750), `None` for another scheme or an empty token.
pub fn bearer_token(authorization: &str) -> Option<&str> {
    let (scheme, rest) = authorization.trim().split_once(' ')?;
    let token = rest.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && !token.contains(' '))
        .then_some(token)
}

/// CRC-32 (ISO-HDLC: polynomial 0xEDB88320 reflected, init and final XOR 0xFFFFFFFF).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn crc32_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn sha256_known_answer() {
        assert_eq!(
            token_hash("abc").to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn generated_tokens_have_the_format() {
        let (a, ha) = generate_token().unwrap();
        let (b, hb) = generate_token().unwrap();
        for t in [a.expose(), b.expose()] {
            assert_eq!(t.len(), 54, "{t}");
            assert!(t.starts_with("tplc_"));
            assert!(
                t.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
            );
            assert!(looks_like_token(t), "{t}");
            assert_eq!(check_token(t), Some(token_hash(t)));
        }
        assert_ne!(a, b);
        assert_ne!(ha, hb);
        assert_eq!(ha, token_hash(a.expose()));
        assert!(ha.matches(a.expose()));
        assert!(!ha.matches(b.expose()));
        assert_eq!(ha.to_hex().len(), 64);
        assert_eq!(SecretHash::from_hex(&ha.to_hex()), Some(ha));
        assert_eq!(SecretHash::from_hex(&ha.to_hex().to_uppercase()), Some(ha));
    }

    #[test]
    fn token_is_redacted_in_debug() {
        let (t, h) = generate_token().unwrap();
        let shown = format!("{t:?} {t} {:?}", (&t, h));
        assert!(!shown.contains(t.expose()), "{shown}");
        let random_part = &t.expose()[5..48];
        assert!(!shown.contains(random_part));
        assert!(shown.contains("[redacted]"));
    }

    #[test]
    fn checksum_catches_every_single_character_change() {
        let (t, _) = generate_token().unwrap();
        let t = t.expose();
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for i in 5..t.len() {
            for c in alphabet.chars() {
                let mut changed: Vec<char> = t.chars().collect();
                if changed[i] == c {
                    continue;
                }
                changed[i] = c;
                let changed: String = changed.into_iter().collect();
                assert!(!looks_like_token(&changed), "{i} {c}");
            }
        }
    }

    #[test]
    fn not_tokens() {
        let (t, _) = generate_token().unwrap();
        let t = t.expose();
        for s in [
            "",
            "tplc_",
            &t[..53],
            &format!("{t}A"),
            &t.replacen("tplc_", "tplx_", 1),
            &t.replacen("tplc_", "TPLC_", 1),
            &format!("{}+{}", &t[..20], &t[21..]),
            "tplc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        ] {
            assert!(!looks_like_token(s), "{s}");
            assert_eq!(check_token(s), None);
        }
    }

    #[test]
    fn from_hex_rejects_bad_input() {
        for s in ["", "00", &"g".repeat(64), &"0".repeat(63), &"é".repeat(32)] {
            assert_eq!(SecretHash::from_hex(s), None, "{s}");
        }
        assert!(SecretHash::from_hex(&"0".repeat(64)).is_some());
    }

    #[test]
    fn bearer_header() {
        assert_eq!(bearer_token("Bearer tplc_x"), Some("tplc_x"));
        assert_eq!(bearer_token("bearer   tplc_x  "), Some("tplc_x"));
        assert_eq!(bearer_token("Basic dXNlcjpwYXNz"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("Bearer a b"), None);
        assert_eq!(bearer_token("Bearer"), None);
    }

    #[test]
    fn pattern_is_consistent_with_the_length() {
        assert!(TOKEN_PATTERN.contains(&format!("{{{}}}", TOKEN_LEN - TOKEN_PREFIX.len())));
    }

    proptest! {
        #[test]
        fn looks_like_token_never_panics(s in "\\PC{0,80}") {
            let _ = looks_like_token(&s);
            let _ = check_token(&s);
            let _ = bearer_token(&s);
        }

        #[test]
        fn random_54_char_strings_are_rejected(s in "tplc_[A-Za-z0-9_-]{49}") {
            // 2^-32 chance per case of a false positive: none in practice.
            prop_assert!(!looks_like_token(&s));
        }
    }
}
