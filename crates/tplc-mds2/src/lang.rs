//! Languages of the texts tplc shows: Japanese and English.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language of user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Japanese (`ja`).
    Ja,
    /// English (`en`), the language of the published form.
    #[default]
    En,
}

impl Lang {
    /// The language tag: `ja` or `en`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ja => "ja",
            Self::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A language tag that is neither `ja` nor `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?} (expected \"ja\" or \"en\")")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ja" => Ok(Self::Ja),
            "en" => Ok(Self::En),
            _ => Err(UnknownLang(text.to_owned())),
        }
    }
}

/// A text in Japanese and English.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Japanese.
    pub ja: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in `lang`.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_and_rejects_others() {
        assert_eq!("ja".parse::<Lang>(), Ok(Lang::Ja));
        assert_eq!(" EN ".parse::<Lang>(), Ok(Lang::En));
        let error = "de".parse::<Lang>().unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"unknown language "de" (expected "ja" or "en")"#
        );
    }

    #[test]
    fn text_picks_the_language() {
        let text = Text {
            ja: "はい".into(),
            en: "Yes".into(),
        };
        assert_eq!(text.get(Lang::Ja), "はい");
        assert_eq!(text.get(Lang::En), "Yes");
        assert_eq!(Lang::Ja.to_string(), "ja");
    }
}
