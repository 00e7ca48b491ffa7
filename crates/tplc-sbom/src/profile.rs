//! Check profiles: data files that say which elements an SBOM must carry.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::{Element, ElementLevel, Language};

/// Which components a profile checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentScope {
    /// Every component of the document, the top-level component included.
    All,
    /// The top-level component and the components reachable from it.
    Reachable,
}

/// A profile of the minimum-elements check, read from TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The profile's id, as given to `--profile`.
    pub id: String,
    /// Which components are checked.
    pub component_scope: ComponentScope,
    /// Elements the document must carry.
    pub document: Vec<Element>,
    /// Elements each component in scope must carry.
    pub component: Vec<Element>,
    /// The title by language code (`en`, `ja`).
    pub title: BTreeMap<String, String>,
    /// The regulation or guidance the profile implements, by language code.
    pub source: BTreeMap<String, String>,
}

/// A profile file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// The TOML does not describe a profile.
    #[error("profile {origin}: {message}")]
    Invalid {
        /// Where the profile came from.
        origin: String,
        /// What is wrong.
        message: String,
    },
    /// No built-in profile has this id.
    #[error("unknown profile {0:?} (built in: jp-mhlw, ntia-2021, fda-premarket)")]
    Unknown(String),
}

const BUILT_IN: &[(&str, &str)] = &[
    ("jp-mhlw", include_str!("../profiles/jp-mhlw.toml")),
    ("ntia-2021", include_str!("../profiles/ntia-2021.toml")),
    (
        "fda-premarket",
        include_str!("../profiles/fda-premarket.toml"),
    ),
];

impl Profile {
    /// The ids of the built-in profiles.
    pub fn built_in_ids() -> impl Iterator<Item = &'static str> {
        BUILT_IN.iter().map(|(id, _)| *id)
    }

    /// A built-in profile by id.
    ///
    /// # Errors
    /// [`ProfileError::Unknown`] when no built-in profile has that id.
    pub fn built_in(id: &str) -> Result<Self, ProfileError> {
        let (_, text) = BUILT_IN
            .iter()
            .find(|(known, _)| *known == id)
            .ok_or_else(|| ProfileError::Unknown(id.to_owned()))?;
        Self::from_toml(text, &format!("{id} (built in)"))
    }

    /// Reads and validates a profile. `origin` names it in errors (a file path).
    ///
    /// # Errors
    /// [`ProfileError::Invalid`] on TOML errors, unknown elements, an element at the wrong
    /// level, an empty id or a missing English title.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, ProfileError> {
        let invalid = |message: String| ProfileError::Invalid {
            origin: origin.to_owned(),
            message,
        };
        let profile: Self =
            toml::from_str(text).map_err(|error| invalid(error.message().to_owned()))?;
        if profile.id.trim().is_empty() {
            return Err(invalid("`id` is empty".into()));
        }
        if !profile.title.contains_key("en") {
            return Err(invalid("`title.en` is required".into()));
        }
        for (list, level) in [
            (&profile.document, ElementLevel::Document),
            (&profile.component, ElementLevel::Component),
        ] {
            if let Some(element) = list.iter().find(|element| element.level() != level) {
                let (found, wanted) = match level {
                    ElementLevel::Document => ("document", "component"),
                    ElementLevel::Component => ("component", "document"),
                };
                return Err(invalid(format!(
                    "`{}` is a {wanted} element, listed under `{found}`",
                    element.id()
                )));
            }
        }
        Ok(profile)
    }

    /// The title in a language, English when that language has none.
    #[must_use]
    pub fn title(&self, language: Language) -> &str {
        self.title
            .get(language.code())
            .or_else(|| self.title.get("en"))
            .map_or(self.id.as_str(), String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_profiles_load() {
        for id in Profile::built_in_ids() {
            let profile = Profile::built_in(id).unwrap();
            assert_eq!(profile.id, id);
            assert!(
                profile.title.contains_key("ja"),
                "{id} has a Japanese title"
            );
        }
    }

    #[test]
    fn jp_mhlw_requires_the_seven_elements() {
        let profile = Profile::built_in("jp-mhlw").unwrap();
        for element in [Element::Author, Element::Timestamp] {
            assert!(profile.document.contains(&element));
        }
        for element in [
            Element::Supplier,
            Element::Name,
            Element::Version,
            Element::UniqueIdentifier,
            Element::UpstreamRelationship,
        ] {
            assert!(profile.component.contains(&element));
        }
    }

    #[test]
    fn invalid_profiles_are_rejected_with_their_origin() {
        let wrong_level = "id='x'\ncomponent_scope='all'\ndocument=['supplier']\ncomponent=[]\n[title]\nen='X'\n[source]\n";
        let error = Profile::from_toml(wrong_level, "x.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "profile x.toml: `supplier` is a component element, listed under `document`"
        );
        let unknown = "id='x'\ncomponent_scope='all'\ndocument=['colour']\ncomponent=[]\n[title]\nen='X'\n[source]\n";
        let error = Profile::from_toml(unknown, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("profile x.toml: unknown variant `colour`"),
            "{error}"
        );
        assert!(matches!(
            Profile::built_in("nope"),
            Err(ProfileError::Unknown(_))
        ));
    }
}
