//! Passwords: argon2id hashing in PHC string format, verification, re-hash detection, and the
//! policy a new password must meet.
//!
//! # Parameters
//!
//! [`HashParams::OWASP`] (the default) is argon2id, version 0x13, m = 19 MiB (19,456 KiB),
//! t = 2 passes, p = 1 lane, a 16-byte random salt and a 32-byte output: the first of the
//! OWASP Password Storage Cheat Sheet's equivalent argon2id configurations, about 25 ms per
//! hash or verification (release build, one core of this project's machines). Stored hashes
//! are PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), which carry their own
//! parameters, so raising the parameters later leaves old hashes verifiable:
//! [`PasswordHasher::needs_rehash`] says when a hash was made with other parameters, and the
//! server re-hashes the password at that user's next successful login.
//!
//! # Normalisation
//!
//! Passwords are normalised to Unicode NFKC before hashing and before the policy counts their
//! length (NIST SP 800-63B §3.1.1.2), so the same password typed as full-width or half-width
//! characters by a Japanese input method, or composed and decomposed accents, verify alike.
//!
//! # Policy
//!
//! [`PasswordPolicy`] follows NIST SP 800-63B: a length floor (12 code points by default; the
//! 2024 revision 4 asks 15 when the password is the only factor, which is a setting) and a
//! ceiling of 128, no composition rules, and a rejection of values known to be weak: common
//! passwords and their `word` + digits variants, repetitions (`aaaaaaaaaaaa`, `abcabcabcabc`),
//! sequences (`abcdefghijkl`, `987654321098`) and passwords containing a context word such
//! as the user name.

use std::fmt;

use argon2::password_hash::PasswordVerifier as _;
use argon2::password_hash::phc::PasswordHash as Phc;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, Version};
use unicode_normalization::UnicodeNormalization as _;

use crate::error::AuthError;

/// Largest memory cost (KiB) a stored hash may ask [`PasswordHasher::verify`] to spend: 1 GiB.
/// A larger one (a corrupted or planted record) is refused instead of exhausting memory.
pub const MAX_VERIFY_M_KIB: u32 = 1024 * 1024;
/// Largest time cost a stored hash may ask for.
pub const MAX_VERIFY_T_COST: u32 = 64;
/// Largest parallelism a stored hash may ask for.
pub const MAX_VERIFY_P_COST: u32 = 64;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    m_kib: u32,
    t_cost: u32,
    p_cost: u32,
}

impl HashParams {
    /// OWASP's argon2id configuration m = 19 MiB, t = 2, p = 1: the default.
    pub const OWASP: Self = Self {
        m_kib: 19 * 1024,
        t_cost: 2,
        p_cost: 1,
    };

    /// Parameters at least as strong as OWASP's weakest equivalent configuration
    /// (m = 7 MiB with t = 5): `m_kib ≥ 7168`, `m_kib × t_cost ≥ 35,840`, `1 ≤ p_cost ≤ 16`,
    /// and within the limits [`PasswordHasher::verify`] accepts.
    pub fn new(m_kib: u32, t_cost: u32, p_cost: u32) -> Result<Self, AuthError> {
        let bad = |why: &str| {
            Err(AuthError::HashParams(format!(
                "m={m_kib},t={t_cost},p={p_cost}: {why}"
            )))
        };
        if !(1..=16).contains(&p_cost) {
            return bad("p must be 1 to 16");
        }
        if m_kib < 7168 {
            return bad("m must be at least 7168 KiB (7 MiB)");
        }
        if u64::from(m_kib) * u64::from(t_cost) < 35_840 {
            return bad("m × t must be at least 35840 (OWASP's weakest equivalent, m=7168,t=5)");
        }
        if m_kib > MAX_VERIFY_M_KIB || t_cost > MAX_VERIFY_T_COST {
            return bad("m must be at most 1 GiB and t at most 64");
        }
        Ok(Self {
            m_kib,
            t_cost,
            p_cost,
        })
    }

    /// Parameters cheap enough for test suites (m = 32 KiB, t = 1, p = 1): **not** for
    /// production. Only built for this crate's own tests and with the `insecure-test-params`
    /// feature, which only dev-dependencies may enable.
    #[cfg(any(test, feature = "insecure-test-params"))]
    pub const fn insecure_for_tests() -> Self {
        Self {
            m_kib: 32,
            t_cost: 1,
            p_cost: 1,
        }
    }

    /// Memory cost in KiB.
    pub const fn m_kib(&self) -> u32 {
        self.m_kib
    }

    /// Time cost (passes).
    pub const fn t_cost(&self) -> u32 {
        self.t_cost
    }

    /// Parallelism (lanes).
    pub const fn p_cost(&self) -> u32 {
        self.p_cost
    }
}

impl Default for HashParams {
    fn default() -> Self {
        Self::OWASP
    }
}

/// A password hash: an argon2id PHC string, what the database stores. Not a secret in the
/// way a password is, but offline-crackable, so its `Debug` and `Display` show only the
/// algorithm and parameters (`$argon2id$v=19$m=19456,t=2,p=1$[redacted]`).
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a PHC string read from storage (checked when it is verified).
    pub const fn new(phc: String) -> Self {
        Self(phc)
    }

    /// The PHC string, to store.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The PHC string, to store.
    pub fn into_string(self) -> String {
        self.0
    }

    fn shown(&self) -> String {
        // `$alg$v=..$params$salt$hash`: keep the first three fields, and only when the string
        // has that shape (anything else, e.g. a plaintext wrapped by mistake, shows nothing).
        let fields: Vec<&str> = self.0.split('$').collect();
        match fields.as_slice() {
            ["", alg, version, params, _, _]
                if alg.starts_with("argon2") && version.starts_with("v=") =>
            {
                format!("${alg}${version}${params}${}", crate::secret::REDACTED)
            }
            _ => crate::secret::REDACTED.to_owned(),
        }
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PasswordHash({})", self.shown())
    }
}

impl fmt::Display for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

/// Hashes and verifies passwords with one set of [`HashParams`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PasswordHasher {
    params: HashParams,
}

impl PasswordHasher {
    /// A hasher with these parameters.
    pub const fn new(params: HashParams) -> Self {
        Self { params }
    }

    /// The parameters new hashes are made with.
    pub const fn params(&self) -> HashParams {
        self.params
    }

    fn argon2(&self) -> Result<Argon2<'static>, AuthError> {
        let params = Params::new(
            self.params.m_kib,
            self.params.t_cost,
            self.params.p_cost,
            None,
        )
        .map_err(|e| AuthError::HashParams(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    /// Hashes `password` (NFKC-normalised) with a fresh 16-byte salt from the OS random
    /// generator. Applies no policy: for a password a user chooses, use
    /// [`PasswordHasher::hash_new_password`].
    pub fn hash(&self, password: &str) -> Result<PasswordHash, AuthError> {
        let normalised = normalise(password);
        let salt = crate::error::random_bytes::<16>()?;
        let phc = self
            .argon2()?
            .hash_password_with_salt(normalised.as_bytes(), &salt)
            .map_err(|e| AuthError::Hashing(e.to_string()))?;
        Ok(PasswordHash(phc.to_string()))
    }

    /// Checks a newly chosen password against `policy` (with `context` words such as the user
    /// name), then hashes it.
    pub fn hash_new_password(
        &self,
        password: &str,
        policy: &PasswordPolicy,
        context: &[&str],
    ) -> Result<PasswordHash, AuthError> {
        policy.check(password, context)?;
        self.hash(password)
    }

    /// Whether `password` matches the PHC string `phc`. The parameters come from `phc`; the
    /// hash outputs are compared in constant time. `false` for a malformed hash, another
    /// algorithm than argon2id/argon2i/argon2d, or costs beyond [`MAX_VERIFY_M_KIB`],
    /// [`MAX_VERIFY_T_COST`], [`MAX_VERIFY_P_COST`].
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        let Ok(parsed) = Phc::new(phc) else {
            return false;
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return false;
        };
        if params.m_cost() > MAX_VERIFY_M_KIB
            || params.t_cost() > MAX_VERIFY_T_COST
            || params.p_cost() > MAX_VERIFY_P_COST
        {
            return false;
        }
        let normalised = normalise(password);
        // The hasher's own parameters are replaced by those of `phc` (argon2's
        // `PasswordVerifier` uses the hash's algorithm, version and params).
        Argon2::default()
            .verify_password(normalised.as_bytes(), &parsed)
            .is_ok()
    }

    /// [`PasswordHasher::verify`] when the account exists (`Some(phc)`); when it does not,
    /// spends the same argon2 work on a fixed dummy salt and returns `false`, so the response
    /// time does not tell an attacker which user names exist.
    pub fn verify_or_dummy(&self, password: &str, phc: Option<&str>) -> bool {
        match phc {
            Some(phc) => self.verify(password, phc),
            None => {
                if let Ok(argon2) = self.argon2() {
                    let mut out = [0u8; 32];
                    let normalised = normalise(password);
                    let _ = argon2.hash_password_into(
                        normalised.as_bytes(),
                        b"tplc-dummy-salt!",
                        &mut out,
                    );
                }
                false
            }
        }
    }

    /// Whether `phc` should be replaced by a new hash of the same password (at the next
    /// successful login): it is malformed, not argon2id version 0x13, or its m, t, p, output
    /// length or salt length differ from this hasher's. Any change of configuration thus
    /// migrates every account as its user next logs in.
    pub fn needs_rehash(&self, phc: &str) -> bool {
        let Ok(parsed) = Phc::new(phc) else {
            return true;
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return true;
        };
        parsed.algorithm.as_str() != "argon2id"
            || parsed.version != Some(0x13)
            || params.m_cost() != self.params.m_kib
            || params.t_cost() != self.params.t_cost
            || params.p_cost() != self.params.p_cost
            || parsed.hash.as_ref().map(|h| h.len()) != Some(Params::DEFAULT_OUTPUT_LEN)
            || parsed.salt.as_ref().map(|s| s.len()) != Some(16)
    }
}

fn normalise(password: &str) -> String {
    password.nfkc().collect()
}

/// [`PasswordHasher::hash`] with the default (OWASP) parameters.
pub fn hash_password(password: &str) -> Result<PasswordHash, AuthError> {
    PasswordHasher::default().hash(password)
}

/// [`PasswordHasher::verify`]: whether `password` matches the PHC string `phc`.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHasher::default().verify(password, phc)
}

/// [`PasswordHasher::needs_rehash`] against the default (OWASP) parameters.
pub fn needs_rehash(phc: &str) -> bool {
    PasswordHasher::default().needs_rehash(phc)
}

/// Why a new password was refused. The messages are for the user and never repeat the
/// password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyViolation {
    /// Fewer characters than the minimum.
    #[error("too short: {actual} characters, at least {min} are needed")]
    TooShort {
        /// The minimum.
        min: usize,
        /// The password's length in characters (after NFKC normalisation).
        actual: usize,
    },
    /// More characters than the maximum.
    #[error("too long: {actual} characters, at most {max} are accepted")]
    TooLong {
        /// The maximum.
        max: usize,
        /// The password's length in characters.
        actual: usize,
    },
    /// A commonly used password, or one made from a common word and digits or symbols.
    #[error("it is a commonly used password; choose a longer phrase of unrelated words")]
    Common,
    /// One short group of characters repeated.
    #[error("it repeats the same characters; choose a longer phrase of unrelated words")]
    Repetitive,
    /// A run such as `abcdefghijkl` or `987654321098`.
    #[error("it is a sequence of consecutive characters")]
    Sequential,
    /// It contains the user name or another word about the account.
    #[error("it contains the user name or another word about this account")]
    ContainsContext,
}

/// The rules a newly chosen password must meet (NIST SP 800-63B; see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Minimum length in characters (Unicode code points after NFKC). Default 12.
    pub min_chars: usize,
    /// Maximum length in characters. Default 128.
    pub max_chars: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_chars: 12,
            max_chars: 128,
        }
    }
}

/// Context words shorter than this are not looked for inside a password.
const MIN_CONTEXT_WORD: usize = 4;

impl PasswordPolicy {
    /// Checks `password`; `context` are words about the account (user name, e-mail address,
    /// organization) that the password must not contain (compared case-insensitively; words
    /// shorter than four characters are ignored).
    pub fn check(&self, password: &str, context: &[&str]) -> Result<(), PolicyViolation> {
        let normalised = normalise(password);
        let chars: Vec<char> = normalised.chars().collect();
        let actual = chars.len();
        if actual < self.min_chars {
            return Err(PolicyViolation::TooShort {
                min: self.min_chars,
                actual,
            });
        }
        if actual > self.max_chars {
            return Err(PolicyViolation::TooLong {
                max: self.max_chars,
                actual,
            });
        }
        let lower: Vec<char> = normalised.to_lowercase().chars().collect();
        if smallest_period(&lower) <= 3 {
            return Err(PolicyViolation::Repetitive);
        }
        if is_sequence(&lower) {
            return Err(PolicyViolation::Sequential);
        }
        if is_common(&lower) {
            return Err(PolicyViolation::Common);
        }
        let lower_s: String = lower.iter().collect();
        for word in context {
            let w = normalise(word).to_lowercase();
            let w = w.trim();
            if w.chars().count() >= MIN_CONTEXT_WORD && lower_s.contains(w) {
                return Err(PolicyViolation::ContainsContext);
            }
            // The local part of an e-mail address counts on its own.
            if let Some((local, _)) = w.split_once('@')
                && local.chars().count() >= MIN_CONTEXT_WORD
                && lower_s.contains(local)
            {
                return Err(PolicyViolation::ContainsContext);
            }
        }
        Ok(())
    }
}

/// Length of the shortest unit whose repetition gives `s` (its length if none).
fn smallest_period(s: &[char]) -> usize {
    let n = s.len();
    (1..=n)
        .find(|&p| {
            n.is_multiple_of(p) && s.iter().enumerate().all(|(i, c)| s.get(i % p) == Some(c))
        })
        .unwrap_or(n)
}

/// Every step +1 or every step −1 (digits wrap 9↔0, letters z↔a).
fn is_sequence(s: &[char]) -> bool {
    let step = |a: char, b: char| -> Option<i32> {
        match (a, b) {
            ('9', '0') | ('z', 'a') => Some(1),
            ('0', '9') | ('a', 'z') => Some(-1),
            _ => Some(b as i32 - a as i32),
        }
    };
    let steps: Vec<Option<i32>> = s.windows(2).map(|w| step(w[0], w[1])).collect();
    !steps.is_empty()
        && (steps.iter().all(|d| *d == Some(1)) || steps.iter().all(|d| *d == Some(-1)))
}

/// Whole passwords seen often in breach corpora that are 12 characters or longer (shorter ones
/// fail the length rule anyway), lower case.
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678910",
    "1234567891011",
    "123123123123",
    "1q2w3e4r5t6y",
    "q1w2e3r4t5y6",
    "1qaz2wsx3edc",
    "1qaz2wsx3edc4rfv",
    "zaq12wsxcde3",
    "zaq1zaq1zaq1",
    "qwertyuiopasdfghjkl",
    "qwertyuiopasdfghjklzxcvbnm",
    "asdfghjklqwertyuiop",
    "qazwsxedcrfv",
    "qazwsxedcrfvtgb",
    "1qazxsw23edc",
    "qwerty123456",
    "qwertyqwerty",
    "qweasdzxc123",
    "abc123abc123",
    "abcd1234abcd",
    "iloveyou1234",
    "correcthorsebatterystaple",
    "correct horse battery staple",
    "thequickbrownfox",
    "thequickbrownfoxjumpsoverthelazydog",
    "letmeinletmein",
    "passwordpassword",
    "password1234567890",
    "happybirthday",
    "ihateyou1234",
    "mypassword123",
    "mynameisadmin",
    "changemechangeme",
];

/// Common words which, alone or with digits or symbols before or after them, or repeated,
/// make a weak password (`Password1234!`, `admin2024admin2024`), lower case.
const COMMON_WORDS: &[&str] = &[
    "password",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "pa55word",
    "pa$$word",
    "qwerty",
    "qwertyuiop",
    "qwertz",
    "azerty",
    "asdfgh",
    "asdfghjkl",
    "zxcvbnm",
    "letmein",
    "welcome",
    "admin",
    "administrator",
    "root",
    "guest",
    "user",
    "test",
    "login",
    "iloveyou",
    "changeme",
    "default",
    "secret",
    "monkey",
    "dragon",
    "master",
    "sunshine",
    "football",
    "baseball",
    "princess",
    "trustno1",
    "superman",
    "batman",
    "shadow",
    "michael",
    "computer",
    "internet",
    "whatever",
    "starwars",
    "pokemon",
    "summer",
    "winter",
    "spring",
    "autumn",
    "hello",
    "helloworld",
    "freedom",
    "abc",
    "abcd",
    "tplc",
    "sbom",
    "hospital",
    "medical",
    "device",
];

fn is_common(lower: &[char]) -> bool {
    let s: String = lower.iter().collect();
    if COMMON_PASSWORDS.contains(&s.as_str()) {
        return true;
    }
    // Strip leading and trailing digits, symbols and spaces: `!!password2024` → `password`.
    let core = s.trim_matches(|c: char| !c.is_alphabetic());
    if core.is_empty() {
        // Digits and symbols only: every such password of the common lengths is in lists.
        return smallest_period(lower) < lower.len() || is_sequence(lower);
    }
    // A repeated unit counts as its unit: `admin2024admin2024` → `admin2024` → `admin`.
    let unit: String = lower
        .get(..smallest_period(lower))
        .unwrap_or(lower)
        .iter()
        .collect();
    let unit = unit.trim_matches(|c: char| !c.is_alphabetic());
    COMMON_WORDS.contains(&core) || COMMON_WORDS.contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fast() -> PasswordHasher {
        PasswordHasher::new(HashParams::insecure_for_tests())
    }

    #[test]
    fn default_params_are_owasp_and_in_the_phc_string() {
        let hash = hash_password("a long enough passphrase").unwrap();
        assert!(
            hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.as_str()
        );
        assert!(verify_password("a long enough passphrase", hash.as_str()));
        assert!(!verify_password("a long enough passphrasE", hash.as_str()));
        assert!(!needs_rehash(hash.as_str()));
    }

    #[test]
    fn same_password_gets_different_salts() {
        let h = fast();
        let a = h.hash("same password here").unwrap();
        let b = h.hash("same password here").unwrap();
        assert_ne!(a, b);
        assert!(h.verify("same password here", a.as_str()));
        assert!(h.verify("same password here", b.as_str()));
    }

    #[test]
    fn verify_rejects_malformed_and_hostile_hashes() {
        let h = fast();
        for bad in [
            "",
            "plaintext",
            "$argon2id$",
            "$argon2id$v=19$m=32,t=1,p=1$c2FsdHNhbHQ$",
            "$bcrypt$v=19$m=32,t=1,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            // 4 TiB of memory asked for: refused, not attempted.
            "$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=32,t=4000000,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ] {
            assert!(!h.verify("whatever password", bad), "{bad}");
            assert!(h.needs_rehash(bad), "{bad}");
        }
    }

    #[test]
    fn argon2i_hash_verifies_but_needs_rehash() {
        // A hash made by another argon2 variant still verifies (parameters come from the
        // PHC string) and is flagged for migration to argon2id.
        let params = Params::new(32, 1, 1, None).unwrap();
        let a = Argon2::new(Algorithm::Argon2i, Version::V0x13, params);
        let phc = a
            .hash_password_with_salt(b"legacy password!", b"saltsaltsaltsalt")
            .unwrap()
            .to_string();
        assert!(phc.starts_with("$argon2i$"));
        let h = fast();
        assert!(h.verify("legacy password!", &phc));
        assert!(h.needs_rehash(&phc));
    }

    #[test]
    fn needs_rehash_when_parameters_change() {
        let old = fast().hash("some password 123").unwrap();
        assert!(!fast().needs_rehash(old.as_str()));
        assert!(PasswordHasher::default().needs_rehash(old.as_str()));
        let stronger = PasswordHasher::new(HashParams::new(19 * 1024, 3, 1).unwrap());
        assert!(stronger.needs_rehash(old.as_str()));
        // …and the old hash still verifies under the new configuration.
        assert!(stronger.verify("some password 123", old.as_str()));
    }

    #[test]
    fn hash_params_floor() {
        assert!(HashParams::new(19 * 1024, 2, 1).is_ok());
        assert!(HashParams::new(47104, 1, 1).is_ok());
        assert!(HashParams::new(7168, 5, 1).is_ok());
        assert!(HashParams::new(7168, 4, 1).is_err());
        assert!(HashParams::new(4096, 20, 1).is_err());
        assert!(HashParams::new(19 * 1024, 2, 0).is_err());
        assert!(HashParams::new(19 * 1024, 0, 1).is_err());
        let e = HashParams::new(1024, 2, 1).unwrap_err().to_string();
        assert!(e.contains("m=1024,t=2,p=1"), "{e}");
    }

    #[test]
    fn nfkc_makes_full_width_and_half_width_equal() {
        let h = fast();
        let hash = h.hash("Ｐａｓｓ　ｐｈｒａｓｅ　１２").unwrap(); // full-width
        assert!(h.verify("Pass phrase 12", hash.as_str()));
        let composed = h.hash("caf\u{e9} au lait please").unwrap();
        assert!(h.verify("cafe\u{301} au lait please", composed.as_str()));
    }

    #[test]
    fn dummy_verify_is_false() {
        let h = fast();
        assert!(!h.verify_or_dummy("anything at all", None));
        let hash = h.hash("anything at all").unwrap();
        assert!(h.verify_or_dummy("anything at all", Some(hash.as_str())));
    }

    #[test]
    fn password_hash_debug_hides_salt_and_output() {
        let hash = fast().hash("hidden password").unwrap();
        let phc = hash.as_str().to_owned();
        let salt_and_out: Vec<&str> = phc.rsplitn(3, '$').take(2).collect();
        for shown in [format!("{hash:?}"), format!("{hash}")] {
            assert!(
                shown.contains("$argon2id$v=19$m=32,t=1,p=1$[redacted]"),
                "{shown}"
            );
            for part in &salt_and_out {
                assert!(!shown.contains(part), "{shown}");
            }
        }
    }

    #[test]
    fn password_hash_debug_of_a_non_phc_string_shows_nothing() {
        for s in [
            "hunter2 plaintext",
            "$argon2id$v=19$m=1$only-four",
            "a$b$c$d$e$f",
        ] {
            let h = PasswordHash::new(s.to_owned());
            assert_eq!(format!("{h:?}"), "PasswordHash([redacted])");
            assert_eq!(format!("{h}"), "[redacted]");
        }
    }

    #[test]
    fn hash_new_password_applies_the_policy() {
        let h = fast();
        let e = h
            .hash_new_password("short", &PasswordPolicy::default(), &[])
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "password rejected: too short: 5 characters, at least 12 are needed"
        );
        assert!(
            h.hash_new_password(
                "plum vector lantern",
                &PasswordPolicy::default(),
                &["alice"]
            )
            .is_ok()
        );
    }

    #[test]
    fn policy_cases() {
        let p = PasswordPolicy::default();
        use PolicyViolation as V;
        let cases: &[(&str, Result<(), V>)] = &[
            ("plum vector lantern", Ok(())),
            ("sbom-kept-for-ten-years", Ok(())),
            ("輸液ポンプの脆弱性管理は大事", Ok(())),
            (
                "elevenchars",
                Err(V::TooShort {
                    min: 12,
                    actual: 11,
                }),
            ),
            ("", Err(V::TooShort { min: 12, actual: 0 })),
            ("aaaaaaaaaaaa", Err(V::Repetitive)),
            ("abababababab", Err(V::Repetitive)),
            ("abcabcabcabc", Err(V::Repetitive)),
            ("abcdefghijkl", Err(V::Sequential)),
            ("987654321098", Err(V::Sequential)),
            ("123456789012", Err(V::Sequential)),
            ("Password1234", Err(V::Common)),
            ("!!PASSWORD2024!!", Err(V::Common)),
            ("admin2024admin2024", Err(V::Common)),
            ("qwerty123456", Err(V::Common)),
            ("1qaz2wsx3edc", Err(V::Common)),
            ("Correct Horse Battery Staple", Err(V::Common)),
            ("passwordpassword", Err(V::Common)),
            ("123451234512345", Err(V::Common)),
            ("alice-likes-long-passwords", Err(V::ContainsContext)),
            ("my mail is ALICE.B then", Err(V::ContainsContext)),
        ];
        for (pw, want) in cases {
            let got = p.check(pw, &["alice", "alice.b@example.jp"]);
            assert_eq!(&got, want, "{pw}");
        }
        let long = "x".repeat(60) + &"y".repeat(69);
        assert_eq!(
            p.check(&long, &[]),
            Err(V::TooLong {
                max: 128,
                actual: 129
            })
        );
        // Short context words are not looked for.
        assert_eq!(p.check("bob-likes-long-passwords", &["bob"]), Ok(()));
    }

    #[test]
    fn policy_messages_never_repeat_the_password() {
        let p = PasswordPolicy::default();
        for pw in [
            "Password1234",
            "aaaaaaaaaaaa",
            "tiny1",
            "alice-in-chains-99",
        ] {
            let e = p.check(pw, &["alice"]).unwrap_err().to_string();
            assert!(!e.contains(pw), "{e}");
        }
    }

    #[test]
    fn policy_length_counts_code_points_after_nfkc() {
        let p = PasswordPolicy::default();
        // 12 code points of Japanese text pass; NFKC turns the ligature ﬁ into two letters.
        assert_eq!(p.check("春はあけぼのやうやう白く", &[]), Ok(()));
        assert_eq!(
            p.check("ﬁﬁﬁﬁﬁx", &[]),
            Err(PolicyViolation::TooShort {
                min: 12,
                actual: 11
            })
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

        #[test]
        fn random_passwords_verify_against_their_own_hash_only(
            a in "\\PC{1,40}",
            b in "\\PC{1,40}",
        ) {
            let h = fast();
            let ha = h.hash(&a).unwrap();
            prop_assert!(h.verify(&a, ha.as_str()));
            if normalise(&a) != normalise(&b) {
                prop_assert!(!h.verify(&b, ha.as_str()));
                let hb = h.hash(&b).unwrap();
                prop_assert!(!h.verify(&a, hb.as_str()));
            }
        }

        #[test]
        fn policy_never_panics(s in "\\PC{0,200}", ctx in "\\PC{0,12}") {
            let _ = PasswordPolicy::default().check(&s, &[&ctx]);
        }

        #[test]
        fn verify_never_panics_on_junk(s in "\\PC{0,120}") {
            prop_assert!(!fast().verify("password", &s));
            let _ = fast().needs_rehash(&s);
        }
    }
}
