//! [`Secret`]: a value that must never reach a log.

use std::fmt;

/// What [`Secret`]'s `Debug` and `Display` print instead of the value.
pub const REDACTED: &str = "[redacted]";

/// A secret value (a password, a token shown once, a session id, a `Set-Cookie` value holding
/// one): its `Debug` and `Display` print [`REDACTED`], so `{:?}` in a log line or an error
/// message, or a `#[derive(Debug)]` on a struct holding it, cannot leak it. The value is read
/// only through the explicit [`Secret::expose`].
///
/// ```
/// use tplc_auth::Secret;
///
/// let s = Secret::new(String::from("tplc_hunter2"));
/// assert_eq!(format!("{s:?} {s}"), "[redacted] [redacted]");
/// assert_eq!(s.expose(), "tplc_hunter2");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a secret value.
    pub const fn new(value: T) -> Self {
        Self(value)
    }

    /// The value, for the one place that must use it (writing the response that shows a token
    /// once, hashing, comparing).
    pub const fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let s = Secret::new("correct horse battery staple".to_owned());
        for shown in [
            format!("{s:?}"),
            format!("{s:#?}"),
            format!("{s}"),
            format!("{s:>40}"),
        ] {
            assert!(!shown.contains("horse"), "{shown}");
            assert!(shown.contains(REDACTED), "{shown}");
        }
        assert_eq!(s.expose(), "correct horse battery staple");
    }

    #[test]
    fn derived_debug_of_a_holder_is_redacted() {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Login {
            username: String,
            password: Secret<String>,
        }
        let l = Login {
            username: "alice".into(),
            password: Secret::new("s3cret-pa55word".into()),
        };
        let shown = format!("{l:?}");
        assert!(shown.contains("alice"));
        assert!(!shown.contains("s3cret"), "{shown}");
    }

    #[test]
    fn into_inner_returns_the_value() {
        assert_eq!(Secret::from(vec![1u8, 2]).into_inner(), vec![1, 2]);
    }
}
