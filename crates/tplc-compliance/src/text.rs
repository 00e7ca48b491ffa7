//! Bilingual text: [`Lang`] and [`Text`].

use serde::{Deserialize, Serialize};

use crate::text_enum::text_enum;

text_enum! {
    /// A language of user-facing text (`ja`, `en`).
    pub enum Lang ("language") {
        /// Japanese (`ja`).
        Ja = "ja",
        /// English (`en`).
        En = "en",
    }
}

/// A text in Japanese and English.
///
/// Either may be empty (a catalog may leave Japanese out where no official wording exists);
/// [`Text::get`] then falls back to the other language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Text {
    /// Japanese.
    pub ja: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its Japanese and English forms.
    #[must_use]
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`, or in the other language when that one is empty.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        let (wanted, other) = match lang {
            Lang::Ja => (&self.ja, &self.en),
            Lang::En => (&self.en, &self.ja),
        };
        if wanted.trim().is_empty() {
            other
        } else {
            wanted
        }
    }

    /// Whether both languages are empty or only white space.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.ja.trim().is_empty() && self.en.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_falls_back_to_the_other_language() {
        let both = Text::new("一般要求事項", "General requirements");
        assert_eq!(both.get(Lang::Ja), "一般要求事項");
        assert_eq!(both.get(Lang::En), "General requirements");
        let english_only = Text::new("", "Quality management");
        assert_eq!(english_only.get(Lang::Ja), "Quality management");
        assert!(!english_only.is_blank());
        assert!(Text::new(" ", "\t").is_blank());
    }

    #[test]
    fn lang_parses_its_codes_only() {
        assert_eq!("ja".parse::<Lang>(), Ok(Lang::Ja));
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        let error = "jp".parse::<Lang>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown language `jp`, expected one of: ja, en"
        );
        assert_eq!(Lang::Ja.to_string(), "ja");
    }
}
