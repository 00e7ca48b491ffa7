//! The `text_enum!` macro: enums stored and exchanged as fixed lowercase words.

/// A word that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`, expected one of: {}", expected.join(", "))]
pub struct ParseEnumError {
    /// What was being parsed (`evidence status`, `lifecycle phase`, …).
    pub kind: &'static str,
    /// The text given.
    pub value: String,
    /// The accepted words.
    pub expected: &'static [&'static str],
}

/// Declares an enum whose values are fixed words: `ALL`, `NAMES`, `as_str`, `FromStr`
/// ([`ParseEnumError`]), `Display`, and serde as the word (an unknown word is serde's
/// "unknown variant" error, which TOML locates).
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)*];

            /// The words of [`Self::ALL`], in the same order.
            pub const NAMES: &'static [&'static str] = &[$($text,)*];

            /// The word for this value.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::text_enum::ParseEnumError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok(Self::$variant),)*
                    _ => Err($crate::text_enum::ParseEnumError {
                        kind: $what,
                        value: text.to_owned(),
                        expected: Self::NAMES,
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(|_| {
                    <D::Error as serde::de::Error>::unknown_variant(&text, Self::NAMES)
                })
            }
        }
    };
}
pub(crate) use text_enum;
