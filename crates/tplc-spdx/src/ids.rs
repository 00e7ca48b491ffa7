//! SPDX identifiers for the writer: `SPDXRef-[A-Za-z0-9.-]+`, unique, derived from bom-refs.

use std::collections::{HashMap, HashSet};

use crate::reader::DOCUMENT_ID;

/// Whether the text is a valid local SPDX identifier.
pub(crate) fn is_valid(text: &str) -> bool {
    text.strip_prefix("SPDXRef-").is_some_and(|rest| {
        !rest.is_empty()
            && rest.chars().all(|character| {
                character.is_ascii_alphanumeric() || matches!(character, '.' | '-')
            })
    })
}

/// Whether the text is a reference into another document (`DocumentRef-x:SPDXRef-y`).
fn is_external(text: &str) -> bool {
    text.split_once(':').is_some_and(|(document, element)| {
        document.strip_prefix("DocumentRef-").is_some_and(|rest| {
            !rest.is_empty()
                && rest.chars().all(|character| {
                    character.is_ascii_alphanumeric() || matches!(character, '.' | '-')
                })
        }) && is_valid(element)
    })
}

/// Letters, digits, `.` and `-` kept; runs of anything else become one `-`.
fn sanitise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_ascii_alphanumeric() || character == '.' {
            out.push(character);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// Allocates identifiers and maps model references to them.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    used: HashSet<String>,
    by_reference: HashMap<String, String>,
    /// Identifiers of elements kept verbatim (files, snippets) that references may name.
    verbatim: HashSet<String>,
}

impl Ids {
    /// An allocator with the document's own identifier taken.
    pub(crate) fn new() -> Self {
        let mut ids = Self::default();
        ids.used.insert(DOCUMENT_ID.to_owned());
        ids
    }

    /// Takes the identifier of an element written verbatim.
    pub(crate) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
        self.verbatim.insert(id.to_owned());
    }

    /// A fresh identifier for a component, from its bom-ref when it has one, else its name.
    pub(crate) fn assign(&mut self, reference: Option<&str>, name: &str) -> String {
        let base = match reference {
            Some(reference) if is_valid(reference) => reference.to_owned(),
            Some(reference) => format!(
                "SPDXRef-{}",
                sanitise(reference.strip_prefix("SPDXRef-").unwrap_or(reference))
            ),
            None => format!("SPDXRef-Package-{}", sanitise(name)),
        };
        let base = if is_valid(&base) {
            base
        } else {
            "SPDXRef-Package".to_owned()
        };
        let mut id = base.clone();
        let mut counter = 2_u64;
        while self.used.contains(&id) {
            id = format!("{base}-{counter}");
            counter += 1;
        }
        self.used.insert(id.clone());
        if let Some(reference) = reference {
            self.by_reference
                .entry(reference.to_owned())
                .or_insert_with(|| id.clone());
        }
        id
    }

    /// The identifier a model reference is written as; `None` when it names nothing written.
    pub(crate) fn resolve(&self, reference: &str) -> Option<String> {
        if let Some(id) = self.by_reference.get(reference) {
            return Some(id.clone());
        }
        let known = reference == DOCUMENT_ID
            || matches!(reference, "NONE" | "NOASSERTION")
            || self.verbatim.contains(reference)
            || is_external(reference);
        known.then(|| reference.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid_unique_and_remembered() {
        let mut ids = Ids::new();
        ids.reserve("SPDXRef-File");
        ids.reserve("SPDXRef-Other");
        assert_eq!(
            ids.assign(Some("SPDXRef-Package"), "glibc"),
            "SPDXRef-Package"
        );
        assert_eq!(
            ids.assign(Some("pkg:npm/@scope/x@1.0"), "x"),
            "SPDXRef-pkg-npm-scope-x-1.0"
        );
        assert_eq!(ids.assign(Some("SPDXRef-File"), "clash"), "SPDXRef-File-2");
        assert_eq!(ids.assign(None, "zlib"), "SPDXRef-Package-zlib");
        assert_eq!(ids.assign(None, "zlib"), "SPDXRef-Package-zlib-2");
        assert_eq!(ids.assign(Some("///"), "odd"), "SPDXRef-Package-2");
        assert_eq!(
            ids.resolve("pkg:npm/@scope/x@1.0").as_deref(),
            Some("SPDXRef-pkg-npm-scope-x-1.0")
        );
        // In one document, a bom-ref means the component even when a verbatim file has that id.
        assert_eq!(
            ids.resolve("SPDXRef-File").as_deref(),
            Some("SPDXRef-File-2")
        );
        assert_eq!(
            ids.resolve("SPDXRef-Other").as_deref(),
            Some("SPDXRef-Other")
        );
        assert_eq!(
            ids.resolve("DocumentRef-a:SPDXRef-b").as_deref(),
            Some("DocumentRef-a:SPDXRef-b")
        );
        assert_eq!(ids.resolve("NONE").as_deref(), Some("NONE"));
        assert_eq!(ids.resolve("unknown"), None);
        assert!(is_valid("SPDXRef-a.b-c") && !is_valid("SPDXRef-") && !is_valid("SPDXRef-a/b"));
    }
}
