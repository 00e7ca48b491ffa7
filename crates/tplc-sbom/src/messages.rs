//! English and Japanese message catalogs (`messages/en.toml`, `messages/ja.toml`).

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Deserialize;

use crate::Element;

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// English.
    #[default]
    English,
    /// Japanese.
    Japanese,
}

impl Language {
    /// The ISO 639-1 code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::Japanese => "ja",
        }
    }
}

impl FromStr for Language {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "en" => Ok(Self::English),
            "ja" => Ok(Self::Japanese),
            other => Err(format!("unknown language {other:?} (en, ja)")),
        }
    }
}

#[derive(Debug, Deserialize)]
struct ElementMessages {
    name: String,
    missing: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalog {
    element: BTreeMap<String, ElementMessages>,
    report: BTreeMap<String, String>,
}

/// The messages of one language.
#[derive(Debug)]
pub struct Messages {
    catalog: Catalog,
}

impl Messages {
    /// The catalog of a language.
    ///
    /// # Panics
    /// Never at run time: both catalogs are compiled in and a unit test parses them.
    #[must_use]
    pub fn new(language: Language) -> Self {
        let text = match language {
            Language::English => include_str!("../messages/en.toml"),
            Language::Japanese => include_str!("../messages/ja.toml"),
        };
        let catalog =
            toml::from_str(text).expect("the built-in catalogs are checked by a unit test");
        Self { catalog }
    }

    /// The element's name, such as `供給者名`.
    #[must_use]
    pub fn element_name(&self, element: Element) -> &str {
        self.catalog
            .element
            .get(element.id())
            .map_or(element.id(), |messages| messages.name.as_str())
    }

    /// What is missing when the element is absent.
    #[must_use]
    pub fn element_missing(&self, element: Element) -> &str {
        self.catalog
            .element
            .get(element.id())
            .map_or(element.id(), |messages| messages.missing.as_str())
    }

    /// A report text by key (`pass`, `fail`, `summary`, …).
    #[must_use]
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.catalog.report.get(key).map_or(key, String::as_str)
    }

    /// A report text with `{name}` placeholders filled.
    #[must_use]
    pub fn format(&self, key: &str, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.text(key).to_owned(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogs_name_every_element_and_the_same_report_keys() {
        let english = Messages::new(Language::English);
        let japanese = Messages::new(Language::Japanese);
        for element in Element::ALL {
            assert!(
                english.catalog.element.contains_key(element.id()),
                "en lacks {}",
                element.id()
            );
            assert!(
                japanese.catalog.element.contains_key(element.id()),
                "ja lacks {}",
                element.id()
            );
        }
        let english_keys: Vec<_> = english.catalog.report.keys().collect();
        let japanese_keys: Vec<_> = japanese.catalog.report.keys().collect();
        assert_eq!(english_keys, japanese_keys);
    }

    #[test]
    fn japanese_uses_the_terms_of_the_qa() {
        let japanese = Messages::new(Language::Japanese);
        let names: Vec<_> = [
            Element::Supplier,
            Element::Name,
            Element::Version,
            Element::UniqueIdentifier,
            Element::UpstreamRelationship,
            Element::Author,
            Element::Timestamp,
        ]
        .into_iter()
        .map(|element| japanese.element_name(element))
        .collect();
        assert_eq!(
            names,
            [
                "供給者名",
                "コンポーネント名",
                "バージョン",
                "固有識別子",
                "上流コンポーネントとの関係",
                "作成者名",
                "タイムスタンプ"
            ]
        );
    }
}
