//! Licence fields: SPDX licence expressions ↔ model [`LicenseChoice`]s.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value, json};
use spdx::{Expression, LicenseItem, ParseMode};
use tplc_model::{LicenseAcknowledgement, LicenseChoice, LicenseKind, Omission};

use crate::json::Json;

/// The SPDX expression grammar, also accepting `GPL-2.0+` (a deprecated but listed form).
const MODE: ParseMode = ParseMode {
    allow_postfix_plus_on_gpl: true,
    ..ParseMode::STRICT
};

/// The deprecated licence identifiers that name a licence with an exception, and the
/// expression that replaced each (SPDX licence list 3.0 onwards). CycloneDX still accepts
/// them as ids, but spdx-tools reads them as exceptions and rejects them in expressions.
const DEPRECATED_WITH_EXCEPTION: &[(&str, &str)] = &[
    (
        "GPL-2.0-with-autoconf-exception",
        "GPL-2.0-only WITH Autoconf-exception-2.0",
    ),
    (
        "GPL-2.0-with-bison-exception",
        "GPL-2.0-only WITH Bison-exception-2.2",
    ),
    (
        "GPL-2.0-with-classpath-exception",
        "GPL-2.0-only WITH Classpath-exception-2.0",
    ),
    (
        "GPL-2.0-with-font-exception",
        "GPL-2.0-only WITH Font-exception-2.0",
    ),
    (
        "GPL-2.0-with-GCC-exception",
        "GPL-2.0-only WITH GCC-exception-2.0",
    ),
    (
        "GPL-3.0-with-autoconf-exception",
        "GPL-3.0-only WITH Autoconf-exception-3.0",
    ),
    (
        "GPL-3.0-with-GCC-exception",
        "GPL-3.0-only WITH GCC-exception-3.1",
    ),
];

/// The expression with every deprecated "with exception" identifier replaced by its
/// `<licence> WITH <exception>` form; `None` when it has none.
fn modernise(expression: &str) -> Option<String> {
    let mut out = String::with_capacity(expression.len() + 16);
    let mut changed = false;
    let mut word = String::new();
    let mut flush = |word: &mut String, out: &mut String| {
        let replacement = DEPRECATED_WITH_EXCEPTION
            .iter()
            .find(|(deprecated, _)| *deprecated == word.as_str());
        match replacement {
            Some((_, modern)) => {
                out.push_str(modern);
                changed = true;
            }
            None => out.push_str(word),
        }
        word.clear();
    };
    for character in expression.chars() {
        if character.is_whitespace() || matches!(character, '(' | ')') {
            flush(&mut word, &mut out);
            out.push(character);
        } else {
            word.push(character);
        }
    }
    flush(&mut word, &mut out);
    changed.then_some(out)
}

/// Whether the text is exactly one identifier of the SPDX licence list.
pub(crate) fn is_license_id(text: &str) -> bool {
    !text.ends_with('+') && spdx::license_id(text).is_some_and(|id| id.name == text)
}

/// Whether the text is a valid SPDX licence expression.
pub(crate) fn is_expression(text: &str) -> bool {
    Expression::parse_mode(text, MODE).is_ok()
}

/// `LicenseRef-…` → the `name` of its `hasExtractedLicensingInfos` entry, for entries with one.
pub(crate) fn extracted_names(entries: &[Value]) -> HashMap<String, String> {
    names(entries.iter().map(|entry| {
        (
            entry.get("licenseId").and_then(Value::as_str),
            entry.get("name").and_then(Value::as_str),
        )
    }))
}

/// [`extracted_names`] of the entries as read.
pub(crate) fn extracted_names_of(entries: &[Json<'_>]) -> HashMap<String, String> {
    names(entries.iter().map(|entry| {
        (
            entry.get("licenseId").and_then(Json::as_str),
            entry.get("name").and_then(Json::as_str),
        )
    }))
}

fn names<'e>(
    entries: impl Iterator<Item = (Option<&'e str>, Option<&'e str>)>,
) -> HashMap<String, String> {
    entries
        .filter_map(|(id, name)| {
            let (id, name) = (id?, name?.trim());
            (!name.is_empty() && name != "NOASSERTION").then(|| (id.to_owned(), name.to_owned()))
        })
        .collect()
}

/// The model licence of an SPDX licence field: a listed identifier → [`LicenseKind::Id`]; a
/// lone `LicenseRef-…` whose extracted licence has a name → [`LicenseKind::Name`] with that
/// name; a valid expression → [`LicenseKind::Expression`]; other text (`GPLv3+`) →
/// [`LicenseKind::Name`]; `NOASSERTION`, `NONE` and blank text → `None`.
pub(crate) fn read(
    text: &str,
    acknowledgement: LicenseAcknowledgement,
    names: &HashMap<String, String>,
) -> Option<LicenseChoice> {
    let text = text.trim();
    if text.is_empty() || text == "NOASSERTION" || text == "NONE" {
        return None;
    }
    let kind = if is_license_id(text) {
        LicenseKind::Id(text.to_owned())
    } else if let Some(name) = names.get(text) {
        LicenseKind::Name(name.clone())
    } else if is_expression(text) {
        LicenseKind::Expression(text.to_owned())
    } else {
        LicenseKind::Name(text.to_owned())
    };
    let mut choice = LicenseChoice::new(kind);
    choice.acknowledgement = Some(acknowledgement);
    Some(choice)
}

/// Builds licence expressions for the writer and the `hasExtractedLicensingInfos` entries
/// they need.
#[derive(Debug, Default)]
pub(crate) struct LicenseWriter {
    /// `LicenseRef-…` identifiers already declared (kept from the source, or generated).
    declared: BTreeSet<String>,
    /// Licence name → the identifier declared for it.
    by_name: HashMap<String, String>,
    /// Entries generated while writing.
    pub(crate) generated: Vec<Value>,
}

impl LicenseWriter {
    /// A writer aware of the extracted licences the document already declares.
    pub(crate) fn new(existing: &[Value]) -> Self {
        let declared = existing
            .iter()
            .filter_map(|entry| entry.get("licenseId").and_then(Value::as_str))
            .map(str::to_owned)
            .collect();
        let by_name = extracted_names(existing)
            .into_iter()
            .map(|(id, name)| (name, id))
            .collect();
        Self {
            declared,
            by_name,
            generated: Vec::new(),
        }
    }

    /// One expression for several licences (joined with `AND`), or `None` when there are none.
    pub(crate) fn expression(
        &mut self,
        choices: &[&LicenseChoice],
        location: &str,
        omissions: &mut Vec<Omission>,
    ) -> Option<String> {
        let mut parts = Vec::new();
        for choice in choices {
            let modern = match &choice.kind {
                LicenseKind::Id(text) | LicenseKind::Expression(text) => {
                    modernise(text.trim()).filter(|modern| is_expression(modern))
                }
                LicenseKind::Name(_) => None,
            };
            let part = match &choice.kind {
                LicenseKind::Id(text) | LicenseKind::Expression(text) if modern.is_some() => {
                    let modern = modern.unwrap_or_default();
                    omissions.push(Omission::new(
                        location,
                        format!("licence {:?} written as {modern:?} (deprecated SPDX identifiers replaced)", text.trim()),
                    ));
                    self.note_unwritten(choice, location, omissions, true);
                    self.declare_references(&modern);
                    modern
                }
                LicenseKind::Id(id) if is_license_id(id) => {
                    self.note_unwritten(choice, location, omissions, true);
                    id.clone()
                }
                LicenseKind::Expression(expression) if is_expression(expression) => {
                    self.note_unwritten(choice, location, omissions, true);
                    self.declare_references(expression);
                    expression.trim().to_owned()
                }
                LicenseKind::Id(text) | LicenseKind::Expression(text) | LicenseKind::Name(text) => {
                    self.note_unwritten(choice, location, omissions, false);
                    self.reference_for_name(text, choice)
                }
            };
            parts.push(part);
        }
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(
                parts
                    .iter()
                    .map(|part| {
                        if part.contains(' ') {
                            format!("({part})")
                        } else {
                            part.clone()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" AND "),
            ),
        }
    }

    fn note_unwritten(
        &self,
        choice: &LicenseChoice,
        location: &str,
        omissions: &mut Vec<Omission>,
        text_lost: bool,
    ) {
        let name = choice.as_str();
        if text_lost && choice.text.is_some() {
            omissions.push(Omission::new(
                location,
                format!("text of licence \"{name}\""),
            ));
        }
        if text_lost && choice.url.is_some() {
            omissions.push(Omission::new(
                location,
                format!("url of licence \"{name}\""),
            ));
        }
        if choice.licensing.is_some() {
            omissions.push(Omission::new(
                location,
                format!("licensing terms of licence \"{name}\""),
            ));
        }
        if !choice.properties.is_empty() {
            omissions.push(Omission::new(
                location,
                format!("properties of licence \"{name}\""),
            ));
        }
    }

    /// Declares every local `LicenseRef-…` the expression uses that is not declared yet.
    fn declare_references(&mut self, expression: &str) {
        let Ok(parsed) = Expression::parse_mode(expression, MODE) else {
            return;
        };
        for requirement in parsed.requirements() {
            if let LicenseItem::Other {
                doc_ref: None,
                lic_ref,
            } = &requirement.req.license
            {
                let id = format!("LicenseRef-{lic_ref}");
                if self.declared.insert(id.clone()) {
                    self.generated.push(json!({
                        "licenseId": id,
                        "extractedText": "The text of this licence was not given in the source document.",
                    }));
                }
            }
        }
    }

    /// The `LicenseRef-…` declared for a licence name: an existing one with that name, else
    /// `LicenseRef-<sanitised name>` declared with the name, the licence text and URL.
    fn reference_for_name(&mut self, name: &str, choice: &LicenseChoice) -> String {
        if let Some(id) = self.by_name.get(name) {
            return id.clone();
        }
        let mut sanitised = String::new();
        for character in name
            .trim()
            .strip_prefix("LicenseRef-")
            .unwrap_or(name.trim())
            .chars()
        {
            if character.is_ascii_alphanumeric() || character == '.' {
                sanitised.push(character);
            } else if !sanitised.ends_with('-') {
                sanitised.push('-');
            }
        }
        let sanitised = sanitised.trim_matches('-');
        let base = format!(
            "LicenseRef-{}",
            if sanitised.is_empty() {
                "unnamed"
            } else {
                sanitised
            }
        );
        let mut id = base.clone();
        let mut counter = 2;
        while self.declared.contains(&id) {
            id = format!("{base}-{counter}");
            counter += 1;
        }
        self.declared.insert(id.clone());
        self.by_name.insert(name.to_owned(), id.clone());
        let text = choice
            .text
            .as_ref()
            .filter(|text| text.encoding.is_none())
            .map_or_else(|| name.to_owned(), |text| text.content.clone());
        let mut entry = Map::new();
        entry.insert("licenseId".into(), Value::String(id.clone()));
        entry.insert("name".into(), Value::String(name.to_owned()));
        entry.insert("extractedText".into(), Value::String(text));
        if let Some(url) = &choice.url {
            entry.insert("seeAlsos".into(), json!([url]));
        }
        self.generated.push(Value::Object(entry));
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<LicenseKind> {
        let names = HashMap::from([("LicenseRef-beer".to_owned(), "Beer-Ware".to_owned())]);
        read(text, LicenseAcknowledgement::Declared, &names).map(|choice| choice.kind)
    }

    #[test]
    fn reads_ids_expressions_names_and_nothing() {
        assert_eq!(kind("MIT"), Some(LicenseKind::Id("MIT".into())));
        assert_eq!(
            kind("(LGPL-2.0-only OR LicenseRef-3)"),
            Some(LicenseKind::Expression(
                "(LGPL-2.0-only OR LicenseRef-3)".into()
            ))
        );
        assert_eq!(
            kind("LicenseRef-3"),
            Some(LicenseKind::Expression("LicenseRef-3".into()))
        );
        assert_eq!(
            kind("GPL-2.0+"),
            Some(LicenseKind::Expression("GPL-2.0+".into()))
        );
        assert_eq!(kind("GPLv3+"), Some(LicenseKind::Name("GPLv3+".into())));
        assert_eq!(
            kind("LicenseRef-beer"),
            Some(LicenseKind::Name("Beer-Ware".into()))
        );
        assert_eq!(
            kind("LicenseRef-beer OR MIT"),
            Some(LicenseKind::Expression("LicenseRef-beer OR MIT".into()))
        );
        assert_eq!(kind("NOASSERTION"), None);
        assert_eq!(kind("NONE"), None);
        assert_eq!(kind("  "), None);
    }

    #[test]
    fn writes_several_licences_joined_with_and_and_declares_names() {
        let mut writer = LicenseWriter::new(&[]);
        let mut omissions = Vec::new();
        let mit = LicenseChoice::new(LicenseKind::Id("MIT".into()));
        let either =
            LicenseChoice::new(LicenseKind::Expression("Apache-2.0 OR LicenseRef-x".into()));
        let custom = LicenseChoice::new(LicenseKind::Name("ACME Proprietary 1.0".into()));
        let expression = writer.expression(&[&mit, &either, &custom], "component", &mut omissions);
        assert_eq!(
            expression.as_deref(),
            Some("MIT AND (Apache-2.0 OR LicenseRef-x) AND LicenseRef-ACME-Proprietary-1.0")
        );
        let ids: Vec<_> = writer
            .generated
            .iter()
            .map(|entry| entry["licenseId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["LicenseRef-x", "LicenseRef-ACME-Proprietary-1.0"]);
        assert_eq!(writer.generated[1]["name"], "ACME Proprietary 1.0");
        assert!(omissions.is_empty());
    }

    #[test]
    fn deprecated_with_exception_ids_are_written_as_with_expressions() {
        // Every deprecated "-with-…-exception" id of the licence list has a replacement, and
        // each replacement is a valid expression of a current licence and exception.
        for (id, _, _) in spdx::identifiers::LICENSES {
            let deprecated = spdx::license_id(id).is_some_and(|id| id.is_deprecated());
            if deprecated && id.contains("-with-") && id.ends_with("exception") {
                assert!(
                    DEPRECATED_WITH_EXCEPTION.iter().any(|(old, _)| old == id),
                    "{id} has no replacement"
                );
            }
        }
        for (_, modern) in DEPRECATED_WITH_EXCEPTION {
            assert!(is_expression(modern), "{modern}");
        }
        let mut writer = LicenseWriter::new(&[]);
        let mut omissions = Vec::new();
        let epl = LicenseChoice::new(LicenseKind::Id("EPL-2.0".into()));
        let classpath =
            LicenseChoice::new(LicenseKind::Id("GPL-2.0-with-classpath-exception".into()));
        assert_eq!(
            writer
                .expression(&[&epl, &classpath], "c", &mut omissions)
                .as_deref(),
            Some("EPL-2.0 AND (GPL-2.0-only WITH Classpath-exception-2.0)")
        );
        let either = LicenseChoice::new(LicenseKind::Expression(
            "CDDL-1.1 OR (GPL-3.0-with-GCC-exception)".into(),
        ));
        assert_eq!(
            writer
                .expression(&[&either], "c", &mut omissions)
                .as_deref(),
            Some("CDDL-1.1 OR (GPL-3.0-only WITH GCC-exception-3.1)")
        );
        assert_eq!(omissions.len(), 2);
        assert!(writer.generated.is_empty());
    }

    #[test]
    fn invalid_ids_and_expressions_become_references() {
        let mut writer = LicenseWriter::new(&[
            json!({"licenseId": "LicenseRef-GPLv3"}),
            json!({"licenseId": "LicenseRef-0", "name": "Kept", "extractedText": "t"}),
        ]);
        let mut omissions = Vec::new();
        let bad = LicenseChoice::new(LicenseKind::Id("GPLv3+".into()));
        assert_eq!(
            writer.expression(&[&bad], "c", &mut omissions).as_deref(),
            Some("LicenseRef-GPLv3-2")
        );
        assert_eq!(
            writer.expression(&[&bad], "c", &mut omissions).as_deref(),
            Some("LicenseRef-GPLv3-2")
        );
        let kept = LicenseChoice::new(LicenseKind::Name("Kept".into()));
        assert_eq!(
            writer.expression(&[&kept], "c", &mut omissions).as_deref(),
            Some("LicenseRef-0")
        );
        assert_eq!(writer.generated.len(), 1);
        let broken = LicenseChoice::new(LicenseKind::Expression("MIT OR".into()));
        assert_eq!(
            writer
                .expression(&[&broken], "c", &mut omissions)
                .as_deref(),
            Some("LicenseRef-MIT-OR")
        );
        assert_eq!(writer.expression(&[], "c", &mut omissions), None);
    }
}
