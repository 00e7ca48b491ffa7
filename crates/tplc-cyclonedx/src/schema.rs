//! What the CycloneDX 1.6 JSON schema allows where, as a compact table: for each object kind
//! its properties (with the JSON types, vocabulary and item kinds each allows), the required
//! ones, and whether other properties are forbidden (`additionalProperties: false`).
//!
//! The writer uses it to make the fragments it keeps verbatim (from 1.7 documents, or from the
//! lenient 1.2 and 1.3 schemas) fit 1.6 (see [`conform`](crate::conform)). The table is text,
//! `schema/bom-1.6.table`, derived from the official `bom-1.6.schema.json`; a unit test derives
//! it again from the schema in the shared test data and compares (see `schema/derive.rs`).
//!
//! The table's grammar: lines starting with `#` are comments; a line without indentation opens
//! an entry (`closed <kind>`, `open <kind>` or `enum <name>`), indented lines hold its
//! members, separated by white space. A kind's members are `property=slot`, or `property!=slot`
//! when required; an enumeration's members are its values. A slot lists the alternatives it
//! allows, separated by `|`: `*` anything, `s` a string (`s%name`: one of enumeration
//! `name`), `n` a number, `i` an integer, `b` a boolean, `o` any object, `@kind` an object
//! of that kind, `[slot]` an array of items fitting `slot`, `{slot}` the same with unique
//! items (`uniqueItems`).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The table, derived from `bom-1.6.schema.json`.
const TABLE: &str = include_str!("schema/bom-1.6.table");

/// The kind of the document root.
pub(crate) const ROOT: &str = "bom";

/// JSON types, as bits of [`Slot::types`].
pub(crate) mod types {
    pub(crate) const STRING: u8 = 1;
    pub(crate) const NUMBER: u8 = 1 << 1;
    pub(crate) const INTEGER: u8 = 1 << 2;
    pub(crate) const BOOLEAN: u8 = 1 << 3;
    pub(crate) const OBJECT: u8 = 1 << 4;
    pub(crate) const ARRAY: u8 = 1 << 5;
    /// Any value at all.
    pub(crate) const ANY: u8 = u8::MAX;
}

/// What the schema allows at one place.
#[derive(Debug, Default)]
pub(crate) struct Slot {
    /// The JSON types allowed (bits of [`types`]).
    pub(crate) types: u8,
    /// The kind of the objects allowed, when they are described.
    pub(crate) kind: Option<&'static str>,
    /// What the items of an array must fit, when described.
    pub(crate) items: Option<Box<Self>>,
    /// The enumeration a string must belong to, if any.
    pub(crate) values: Option<&'static str>,
    /// Whether the items of an array must be unique.
    pub(crate) unique: bool,
}

/// An object kind.
#[derive(Debug, Default)]
pub(crate) struct Kind {
    /// Whether properties the kind does not name are allowed.
    pub(crate) open: bool,
    /// The properties an object of this kind must have.
    pub(crate) required: Vec<&'static str>,
    /// The properties the kind names.
    pub(crate) properties: HashMap<&'static str, Slot>,
}

/// The parsed table.
#[derive(Debug, Default)]
pub(crate) struct Schema {
    kinds: HashMap<&'static str, Kind>,
    enums: HashMap<&'static str, HashSet<&'static str>>,
}

static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
    Schema::parse(TABLE).expect("the table shipped in the crate is well-formed (unit-tested)")
});

/// The CycloneDX 1.6 schema table.
pub(crate) fn v1_6() -> &'static Schema {
    &SCHEMA
}

impl Schema {
    /// An object kind, by name.
    pub(crate) fn kind(&self, name: &str) -> Option<&Kind> {
        self.kinds.get(name)
    }

    /// What property `property` of kind `kind` allows.
    pub(crate) fn slot(&self, kind: &str, property: &str) -> Option<&Slot> {
        self.kinds.get(kind)?.properties.get(property)
    }

    /// Whether `value` belongs to enumeration `name`.
    pub(crate) fn has_value(&self, name: &str, value: &str) -> bool {
        self.enums
            .get(name)
            .is_some_and(|values| values.contains(value))
    }

    /// Parses the table text; the error names the line.
    fn parse(text: &'static str) -> Result<Self, String> {
        let mut schema = Self::default();
        let mut current: Option<(&'static str, &'static str)> = None;
        for (number, line) in text.lines().enumerate() {
            let at = |message: String| format!("line {}: {message}", number + 1);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !line.starts_with(char::is_whitespace) {
                let mut words = line.split_whitespace();
                let (Some(keyword), Some(name), None) = (words.next(), words.next(), words.next())
                else {
                    return Err(at(format!("expected `<keyword> <name>`, found {line:?}")));
                };
                match keyword {
                    "closed" | "open" => {
                        let kind = Kind {
                            open: keyword == "open",
                            ..Kind::default()
                        };
                        if schema.kinds.insert(name, kind).is_some() {
                            return Err(at(format!("kind {name} defined twice")));
                        }
                    }
                    "enum" => {
                        if schema.enums.insert(name, HashSet::new()).is_some() {
                            return Err(at(format!("enumeration {name} defined twice")));
                        }
                    }
                    other => return Err(at(format!("unknown keyword {other:?}"))),
                }
                current = Some((keyword, name));
                continue;
            }
            let Some((keyword, name)) = current else {
                return Err(at("members before the first entry".to_owned()));
            };
            for member in line.split_whitespace() {
                if keyword == "enum" {
                    if let Some(values) = schema.enums.get_mut(name) {
                        values.insert(member);
                    }
                    continue;
                }
                let Some((property, slot)) = member.split_once('=') else {
                    return Err(at(format!("expected `property=slot`, found {member:?}")));
                };
                let (property, required) = match property.strip_suffix('!') {
                    Some(property) => (property, true),
                    None => (property, false),
                };
                let slot =
                    parse_slot(slot).map_err(|message| at(format!("{member}: {message}")))?;
                if let Some(kind) = schema.kinds.get_mut(name) {
                    if required {
                        kind.required.push(property);
                    }
                    kind.properties.insert(property, slot);
                }
            }
        }
        schema.check()?;
        Ok(schema)
    }

    /// Every kind and enumeration a slot names is defined.
    fn check(&self) -> Result<(), String> {
        fn walk(schema: &Schema, slot: &Slot, owner: &str) -> Result<(), String> {
            if let Some(kind) = slot.kind.filter(|kind| !schema.kinds.contains_key(kind)) {
                return Err(format!("{owner}: unknown kind {kind}"));
            }
            if let Some(name) = slot.values.filter(|name| !schema.enums.contains_key(name)) {
                return Err(format!("{owner}: unknown enumeration {name}"));
            }
            slot.items
                .as_deref()
                .map_or(Ok(()), |items| walk(schema, items, owner))
        }
        if !self.kinds.contains_key(ROOT) {
            return Err(format!("no kind {ROOT}"));
        }
        for (name, kind) in &self.kinds {
            for (property, slot) in &kind.properties {
                walk(self, slot, &format!("{name}.{property}"))?;
            }
        }
        Ok(())
    }
}

/// Parses a slot (`s%name|@kind|{@kind}`, …).
fn parse_slot(text: &'static str) -> Result<Slot, String> {
    let mut slot = Slot::default();
    let mut rest = text;
    while !rest.is_empty() {
        let (alternative, after) = split_alternative(rest)?;
        rest = after;
        match alternative.as_bytes().first() {
            Some(b'*') if alternative.len() == 1 => slot.types = types::ANY,
            Some(b's') => {
                slot.types |= types::STRING;
                if let Some(name) = alternative.strip_prefix("s%") {
                    slot.values = Some(name);
                } else if alternative.len() != 1 {
                    return Err(format!("unknown alternative {alternative:?}"));
                }
            }
            Some(b'n') if alternative.len() == 1 => slot.types |= types::NUMBER,
            Some(b'i') if alternative.len() == 1 => slot.types |= types::INTEGER,
            Some(b'b') if alternative.len() == 1 => slot.types |= types::BOOLEAN,
            Some(b'o') if alternative.len() == 1 => slot.types |= types::OBJECT,
            Some(b'@') => {
                slot.types |= types::OBJECT;
                slot.kind = Some(&alternative[1..]);
            }
            Some(open @ (b'[' | b'{')) => {
                let close = if *open == b'[' { ']' } else { '}' };
                let Some(inner) = alternative[1..].strip_suffix(close) else {
                    return Err(format!("unbalanced brackets in {alternative:?}"));
                };
                slot.types |= types::ARRAY;
                slot.unique = *open == b'{';
                slot.items = Some(Box::new(parse_slot(inner)?));
            }
            _ => return Err(format!("unknown alternative {alternative:?}")),
        }
    }
    Ok(slot)
}

/// The first `|`-separated alternative of a slot (brackets nest), and the rest after the `|`.
fn split_alternative(text: &'static str) -> Result<(&'static str, &'static str), String> {
    let mut depth = 0_usize;
    for (position, byte) in text.bytes().enumerate() {
        match byte {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("unbalanced brackets in {text:?}"))?;
            }
            b'|' if depth == 0 => return Ok((&text[..position], &text[position + 1..])),
            _ => {}
        }
    }
    if depth != 0 {
        return Err(format!("unbalanced brackets in {text:?}"));
    }
    Ok((text, ""))
}

#[cfg(test)]
mod derive;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses_and_names_the_main_kinds() {
        let schema = v1_6();
        let components = schema.slot(ROOT, "components").unwrap();
        assert!(components.unique);
        assert_eq!(components.items.as_ref().unwrap().kind, Some("component"));
        let component = schema.kind("component").unwrap();
        assert!(!component.open);
        assert!(component.required.contains(&"name"));
        assert!(!component.properties.contains_key("versionRange"));
        let algorithm = schema
            .slot("cryptoProperties.algorithmProperties", "primitive")
            .unwrap();
        let values = algorithm.values.unwrap();
        assert!(schema.has_value(values, "drbg"));
        assert!(!schema.has_value(values, "key-wrap"), "added in 1.7");
    }

    #[test]
    fn slots_parse_alternatives_and_nesting() {
        let slot = parse_slot("s|@hash|{[s]|i}").unwrap();
        assert_eq!(slot.types, types::STRING | types::OBJECT | types::ARRAY);
        assert_eq!(slot.kind, Some("hash"));
        assert!(slot.unique);
        let items = slot.items.unwrap();
        assert_eq!(items.types, types::ARRAY | types::INTEGER);
        assert!(!items.unique);
        assert!(parse_slot("[s").is_err());
        assert!(parse_slot("x").is_err());
        assert!(parse_slot("sx").is_err());
    }

    #[test]
    fn malformed_tables_are_rejected_with_the_line() {
        let error = Schema::parse("closed bom\n    a=@missing\n").unwrap_err();
        assert!(error.contains("unknown kind missing"), "{error}");
        let error = Schema::parse("closed bom\n    a\n").unwrap_err();
        assert!(error.starts_with("line 2:"), "{error}");
        assert!(Schema::parse("    a=s\n").is_err());
        assert!(Schema::parse("closed other\n").is_err(), "no root kind");
    }
}
