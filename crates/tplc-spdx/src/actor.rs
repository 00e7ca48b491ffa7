//! SPDX actors: `Person: name (email)`, `Organization: name (email)`, `Tool: name-version`.

use tplc_model::{OrganizationalContact, OrganizationalEntity, Tool};

/// One parsed actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Actor {
    /// `Person: name (email)`.
    Person { name: String, email: Option<String> },
    /// `Organization: name (email)`.
    Organization { name: String, email: Option<String> },
    /// `Tool: name-version`.
    Tool {
        name: String,
        version: Option<String>,
    },
    /// `NOASSERTION`.
    NoAssertion,
}

impl Actor {
    /// Parses an actor; `None` when the text has none of the SPDX forms.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text == "NOASSERTION" {
            return Some(Self::NoAssertion);
        }
        let Some((kind, rest)) = text.split_once(':') else {
            return Self::untyped(text);
        };
        let rest = rest.trim();
        match kind.trim() {
            "Person" => {
                let (name, email) = split_email(rest);
                Some(Self::Person { name, email })
            }
            "Organization" => {
                let (name, email) = split_email(rest);
                Some(Self::Organization { name, email })
            }
            "Tool" => {
                let (name, version) = split_version(rest);
                Some(Self::Tool { name, version })
            }
            _ => Self::untyped(text),
        }
    }

    /// An actor without its `Person:`/`Organization:` prefix, as some tools write the
    /// originator (grype: `Georg Brandl <georg@python.org>`): read as a person when it ends
    /// with an e-mail address in angle brackets; `None` otherwise.
    fn untyped(text: &str) -> Option<Self> {
        let (name, email) = split_email(text);
        let angled = text.ends_with('>') && email.is_some();
        (angled && !name.is_empty()).then_some(Self::Person { name, email })
    }

    /// The SPDX text of the actor.
    pub(crate) fn to_spdx(&self) -> String {
        match self {
            Self::Person { name, email } => with_email("Person", name, email.as_deref()),
            Self::Organization { name, email } => {
                with_email("Organization", name, email.as_deref())
            }
            Self::Tool {
                name,
                version: Some(version),
            } => format!("Tool: {name}-{version}"),
            Self::Tool {
                name,
                version: None,
            } => format!("Tool: {name}"),
            Self::NoAssertion => "NOASSERTION".to_owned(),
        }
    }

    /// A person as a model contact.
    pub(crate) fn contact(name: &str, email: Option<&str>) -> OrganizationalContact {
        OrganizationalContact {
            name: Some(name.to_owned()).filter(|name| !name.is_empty()),
            email: email.map(str::to_owned),
            ..OrganizationalContact::default()
        }
    }

    /// A supplier actor as a model organisation. A person becomes an organisation named after
    /// the person whose only contact is that person (same name), which the writer turns back
    /// into `Person:`.
    pub(crate) fn entity(&self) -> Option<OrganizationalEntity> {
        match self {
            Self::Person { name, email } => Some(OrganizationalEntity {
                name: Some(name.clone()),
                contacts: vec![Self::contact(name, email.as_deref())],
                ..OrganizationalEntity::default()
            }),
            Self::Organization { name, email } => Some(OrganizationalEntity {
                name: Some(name.clone()),
                contacts: email
                    .iter()
                    .map(|email| OrganizationalContact {
                        email: Some(email.clone()),
                        ..OrganizationalContact::default()
                    })
                    .collect(),
                ..OrganizationalEntity::default()
            }),
            Self::Tool { .. } | Self::NoAssertion => None,
        }
    }

    /// The actor for a model organisation: `Person:` for the shape [`Self::entity`] makes of a
    /// person, `Organization:` otherwise; `None` without a name.
    pub(crate) fn of_entity(entity: &OrganizationalEntity) -> Option<Self> {
        let name = entity.display_name()?.to_owned();
        if let [contact] = entity.contacts.as_slice()
            && contact.name.as_deref().map(str::trim) == Some(name.as_str())
        {
            return Some(Self::Person {
                name,
                email: non_blank(contact.email.as_deref()),
            });
        }
        let email = entity
            .contacts
            .iter()
            .find_map(|contact| non_blank(contact.email.as_deref()));
        Some(Self::Organization { name, email })
    }

    /// The actor for a model contact; `None` without a name or e-mail.
    pub(crate) fn of_contact(contact: &OrganizationalContact) -> Option<Self> {
        let name = contact.display_name()?.to_owned();
        let email = non_blank(contact.email.as_deref()).filter(|email| *email != name);
        Some(Self::Person { name, email })
    }

    /// The actor for a model tool: `Tool: name-version`; `None` without a name.
    pub(crate) fn of_tool(tool: &Tool) -> Option<Self> {
        let name = tool
            .name
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty())?;
        Some(Self::Tool {
            name: clean(name),
            version: non_blank(tool.version.as_deref()).map(|version| clean(&version)),
        })
    }
}

fn with_email(kind: &str, name: &str, email: Option<&str>) -> String {
    match email {
        Some(email) => format!("{kind}: {} ({})", clean(name), clean(email)),
        None => format!("{kind}: {}", clean(name)),
    }
}

/// Line breaks would break the tag-value form of an actor.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_blank(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

/// `Jane Doe (jane@example.com)` → name and e-mail; `()` is no e-mail. A parenthesised part
/// without `@` is part of the name (`ACME (Japan)`). The e-mail form `Jane Doe
/// <jane@example.com>` some tools write (grype, Debian maintainers) is read the same way.
fn split_email(text: &str) -> (String, Option<String>) {
    if let Some(open) = text.rfind('<')
        && text.ends_with('>')
    {
        let inside = text[open + 1..text.len() - 1].trim();
        if inside.is_empty() || inside.contains('@') {
            let name = text[..open].trim().to_owned();
            return (
                name,
                Some(inside.to_owned()).filter(|email| !email.is_empty()),
            );
        }
    }
    if let Some(open) = text.rfind('(')
        && text.ends_with(')')
    {
        let inside = text[open + 1..text.len() - 1].trim();
        if inside.is_empty() || inside.contains('@') {
            let name = text[..open].trim().to_owned();
            return (
                name,
                Some(inside.to_owned()).filter(|email| !email.is_empty()),
            );
        }
    }
    (text.to_owned(), None)
}

/// `syft-0.57.0` → `syft` and `0.57.0`: split at the last `-` when what follows starts with a
/// digit, or with `v` and a digit; otherwise the whole text is the name (`trivy-dev`).
fn split_version(text: &str) -> (String, Option<String>) {
    if let Some(dash) = text.rfind('-') {
        let version = &text[dash + 1..];
        let mut characters = version.chars();
        let looks_like_version = match characters.next() {
            Some(first) if first.is_ascii_digit() => true,
            Some('v' | 'V') => characters
                .next()
                .is_some_and(|second| second.is_ascii_digit()),
            _ => false,
        };
        if looks_like_version && dash > 0 {
            return (text[..dash].trim().to_owned(), Some(version.to_owned()));
        }
    }
    (text.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_kinds_and_noassertion() {
        assert_eq!(
            Actor::parse("Person: Jane Doe (jane.doe@example.com)"),
            Some(Actor::Person {
                name: "Jane Doe".into(),
                email: Some("jane.doe@example.com".into())
            })
        );
        assert_eq!(
            Actor::parse("Organization: ExampleCodeInspect ()"),
            Some(Actor::Organization {
                name: "ExampleCodeInspect".into(),
                email: None
            })
        );
        assert_eq!(
            Actor::parse("Organization: ACME (Japan)"),
            Some(Actor::Organization {
                name: "ACME (Japan)".into(),
                email: None
            })
        );
        assert_eq!(
            Actor::parse("Tool: LicenseFind-1.0"),
            Some(Actor::Tool {
                name: "LicenseFind".into(),
                version: Some("1.0".into())
            })
        );
        assert_eq!(
            Actor::parse("Tool: trivy-dev"),
            Some(Actor::Tool {
                name: "trivy-dev".into(),
                version: None
            })
        );
        assert_eq!(
            Actor::parse("Tool: syft-v0.57.0"),
            Some(Actor::Tool {
                name: "syft".into(),
                version: Some("v0.57.0".into())
            })
        );
        assert_eq!(
            Actor::parse("Person: Georg Brandl <georg@python.org>"),
            Some(Actor::Person {
                name: "Georg Brandl".into(),
                email: Some("georg@python.org".into())
            })
        );
        assert_eq!(
            Actor::parse("Organization: APT Development Team <deity@lists.debian.org>")
                .map(|actor| actor.to_spdx()),
            Some("Organization: APT Development Team (deity@lists.debian.org)".into())
        );
        assert_eq!(
            Actor::parse("Person: Not <an address>"),
            Some(Actor::Person {
                name: "Not <an address>".into(),
                email: None
            })
        );
        assert_eq!(
            Actor::parse("Georg Brandl <georg@python.org>").map(|actor| actor.to_spdx()),
            Some("Person: Georg Brandl (georg@python.org)".into())
        );
        assert_eq!(Actor::parse("Georg Brandl"), None);
        assert_eq!(Actor::parse("<georg@python.org>"), None);
        assert_eq!(Actor::parse("NOASSERTION"), Some(Actor::NoAssertion));
        assert_eq!(Actor::parse("Robot: R2"), None);
        assert_eq!(Actor::parse("no colon"), None);
    }

    #[test]
    fn person_supplier_survives_the_model() {
        let person = Actor::Person {
            name: "Jane".into(),
            email: Some("j@x.org".into()),
        };
        let entity = person.entity().unwrap();
        assert_eq!(Actor::of_entity(&entity), Some(person));
        let organization = Actor::Organization {
            name: "ACME".into(),
            email: Some("a@acme.org".into()),
        };
        assert_eq!(
            Actor::of_entity(&organization.entity().unwrap()),
            Some(organization.clone())
        );
        assert_eq!(organization.to_spdx(), "Organization: ACME (a@acme.org)");
    }
}
