//! [`AuthError`]: what the fallible functions of this crate return.

use crate::password::PolicyViolation;

/// An error of this crate. Its message never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed: {0}")]
    Random(String),
    /// A password does not meet the password policy.
    #[error("password rejected: {0}")]
    Policy(#[from] PolicyViolation),
    /// Argon2 parameters outside the accepted range.
    #[error("invalid argon2 parameters: {0}")]
    HashParams(String),
    /// Argon2 failed to hash (a bug or an out-of-memory condition, not bad input).
    #[error("password hashing failed: {0}")]
    Hashing(String),
    /// A role name that is not `admin`, `editor` or `viewer`.
    #[error("unknown role {0:?}: expected admin, editor or viewer")]
    UnknownRole(String),
    /// A permission name that is not one of [`crate::Permission::ALL`].
    #[error("unknown permission {0:?}")]
    UnknownPermission(String),
    /// A string that is not a web origin (`scheme://host[:port]`).
    #[error("invalid origin {input:?}: {reason}")]
    InvalidOrigin {
        /// The string given (an origin is not a secret).
        input: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// Fills `N` bytes from the operating system's CSPRNG (`getrandom`).
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], AuthError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| AuthError::Random(e.to_string()))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_bytes_differ() {
        let a = random_bytes::<32>().unwrap();
        let b = random_bytes::<32>().unwrap();
        assert_ne!(a, b);
        assert_ne!(a, [0u8; 32]);
    }

    #[test]
    fn messages_are_one_line() {
        let e = AuthError::UnknownRole("root".into());
        assert_eq!(
            e.to_string(),
            "unknown role \"root\": expected admin, editor or viewer"
        );
    }
}
