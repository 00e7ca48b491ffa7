//! Derives the table of [`schema`](super) from the official `bom-1.6.schema.json`, to check
//! the table shipped in the crate (and to regenerate it: on a mismatch the test writes the
//! derived table to a temporary file and names it).
//!
//! Draft-07 semantics as far as the table needs them: `$ref` replaces its siblings; a schema
//! without `type` allows every type; `oneOf`/`anyOf` alternatives are merged (a property is
//! allowed when one alternative allows it; required when all require it); alternatives that
//! only add `required` lists add what they share; references outside the document (the SPDX
//! licence list, JSF signatures) allow anything.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use serde_json::{Map, Value};

use super::types;

/// A slot while deriving: kinds inline or by definition name, enumerations by value.
#[derive(Debug, Clone, PartialEq)]
struct SlotOut {
    types: u8,
    kind: Option<KindRef>,
    items: Option<Box<Self>>,
    values: Option<Values>,
    unique: bool,
}

impl SlotOut {
    const fn any() -> Self {
        Self {
            types: types::ANY,
            kind: None,
            items: None,
            values: None,
            unique: false,
        }
    }

    const fn allows(&self, bits: u8) -> bool {
        self.types & bits != 0
    }
}

#[derive(Debug, Clone, PartialEq)]
enum KindRef {
    Named(String),
    Inline(Box<KindOut>),
}

#[derive(Debug, Clone, PartialEq, Default)]
struct KindOut {
    open: bool,
    required: Vec<String>,
    properties: Vec<(String, SlotOut)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Values {
    /// The definition that holds the enumeration, if one does.
    name: Option<String>,
    values: Vec<String>,
}

struct Deriver<'s> {
    definitions: &'s Map<String, Value>,
    done: HashMap<String, SlotOut>,
    kinds: HashMap<String, KindOut>,
    in_progress: HashSet<String>,
}

/// The table text for a schema document.
pub(super) fn table(schema: &Value) -> String {
    let empty = Map::new();
    let definitions = schema
        .get("definitions")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut deriver = Deriver {
        definitions,
        done: HashMap::new(),
        kinds: HashMap::new(),
        in_progress: HashSet::new(),
    };
    let root = deriver.slot(schema);
    let Some(KindRef::Inline(root)) = root.kind else {
        panic!("the schema root is not an object schema");
    };
    deriver.emit(*root)
}

fn annotation(key: &str) -> bool {
    matches!(
        key,
        "title" | "description" | "examples" | "$comment" | "deprecated" | "default" | "meta:enum"
    )
}

fn types_of(value: Option<&Value>) -> u8 {
    let one = |name: &str| match name {
        "string" => types::STRING,
        "number" => types::NUMBER,
        "integer" => types::INTEGER,
        "boolean" => types::BOOLEAN,
        "object" => types::OBJECT,
        "array" => types::ARRAY,
        other => panic!("type {other} is not in the table's grammar"),
    };
    match value {
        None => types::ANY,
        Some(Value::String(name)) => one(name),
        Some(Value::Array(names)) => names
            .iter()
            .map(|name| one(name.as_str().unwrap()))
            .fold(0, |bits, bit| bits | bit),
        Some(other) => panic!("unexpected type {other}"),
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

impl Deriver<'_> {
    fn slot(&mut self, node: &Value) -> SlotOut {
        let Some(node) = node.as_object() else {
            return SlotOut::any();
        };
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            return match reference.strip_prefix("#/definitions/") {
                Some(name) => self.definition(name),
                None => SlotOut::any(),
            };
        }
        let mut slot = SlotOut {
            types: types_of(node.get("type")),
            kind: None,
            items: None,
            values: None,
            unique: node.get("uniqueItems") == Some(&Value::Bool(true)),
        };
        if let Some(values) = node.get("enum") {
            slot.values = Some(Values {
                name: None,
                values: strings(Some(values)),
            });
        }
        if node.contains_key("properties")
            || node.contains_key("additionalProperties")
            || node.contains_key("required")
        {
            let mut kind = KindOut {
                open: node.get("additionalProperties") != Some(&Value::Bool(false)),
                required: strings(node.get("required")),
                properties: Vec::new(),
            };
            for (name, property) in node
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                kind.properties.push((name.clone(), self.slot(property)));
            }
            slot.kind = Some(KindRef::Inline(Box::new(kind)));
        }
        match node.get("items") {
            Some(Value::Array(tuple)) => {
                let slots: Vec<SlotOut> = tuple.iter().map(|item| self.slot(item)).collect();
                let merged = slots
                    .into_iter()
                    .reduce(|a, b| self.union(a, b))
                    .unwrap_or_else(SlotOut::any);
                slot.items = Some(Box::new(merged));
            }
            Some(items) => slot.items = Some(Box::new(self.slot(items))),
            None => {}
        }
        for key in ["oneOf", "anyOf"] {
            let Some(alternatives) = node.get(key).and_then(Value::as_array) else {
                continue;
            };
            let only_required = alternatives.iter().all(|alternative| {
                alternative.as_object().is_some_and(|fields| {
                    fields
                        .keys()
                        .all(|key| key == "required" || annotation(key))
                })
            });
            if only_required {
                let mut shared: Option<BTreeSet<String>> = None;
                for alternative in alternatives {
                    let names: BTreeSet<String> =
                        strings(alternative.get("required")).into_iter().collect();
                    shared = Some(match shared {
                        None => names,
                        Some(before) => before.intersection(&names).cloned().collect(),
                    });
                }
                if let Some(KindRef::Inline(kind)) = &mut slot.kind {
                    kind.required.extend(shared.unwrap_or_default());
                }
                continue;
            }
            let slots: Vec<SlotOut> = alternatives
                .iter()
                .map(|alternative| self.slot(alternative))
                .collect();
            let merged = slots
                .into_iter()
                .reduce(|a, b| self.union(a, b))
                .unwrap_or_else(SlotOut::any);
            let own_types = slot.types;
            let own_values = slot.values.take();
            slot = merged;
            if own_types != types::ANY {
                slot.types &= own_types;
            }
            if slot.values.is_none() {
                slot.values = own_values;
            }
        }
        slot
    }

    fn definition(&mut self, name: &str) -> SlotOut {
        if let Some(done) = self.done.get(name) {
            return done.clone();
        }
        if self.in_progress.contains(name) {
            // Recursion goes through object kinds (component, service, …) only.
            return SlotOut {
                types: types::OBJECT,
                kind: Some(KindRef::Named(name.to_owned())),
                ..SlotOut::any()
            };
        }
        self.in_progress.insert(name.to_owned());
        let node = self
            .definitions
            .get(name)
            .unwrap_or_else(|| panic!("no definition {name}"));
        let mut slot = self.slot(node);
        if let Some(KindRef::Inline(kind)) = slot.kind.take() {
            self.kinds.insert(name.to_owned(), *kind);
            slot.kind = Some(KindRef::Named(name.to_owned()));
        }
        if let Some(values) = &mut slot.values {
            values.name.get_or_insert_with(|| name.to_owned());
        }
        if let Some(items) = &mut slot.items {
            let items_name = format!("{name}[]");
            if let Some(KindRef::Inline(kind)) = items.kind.take() {
                self.kinds.insert(items_name.clone(), *kind);
                items.kind = Some(KindRef::Named(items_name));
            }
        }
        self.in_progress.remove(name);
        self.done.insert(name.to_owned(), slot.clone());
        slot
    }

    fn resolve(&self, kind: KindRef) -> KindOut {
        match kind {
            KindRef::Inline(kind) => *kind,
            KindRef::Named(name) => self
                .kinds
                .get(&name)
                .cloned()
                .unwrap_or_else(|| panic!("kind {name} is merged while being derived")),
        }
    }

    /// What either slot allows.
    fn union(&self, a: SlotOut, b: SlotOut) -> SlotOut {
        let any_object = |slot: &SlotOut| slot.allows(types::OBJECT) && slot.kind.is_none();
        let any_array = |slot: &SlotOut| slot.allows(types::ARRAY) && slot.items.is_none();
        let any_string = |slot: &SlotOut| slot.allows(types::STRING) && slot.values.is_none();
        let kind = if any_object(&a) || any_object(&b) {
            None
        } else {
            match (a.kind.clone(), b.kind.clone()) {
                (Some(x), Some(y)) if x == y => Some(x),
                (Some(x), Some(y)) => {
                    let (x, y) = (self.resolve(x), self.resolve(y));
                    Some(KindRef::Inline(Box::new(self.union_kind(x, y))))
                }
                (x, y) => x.or(y),
            }
        };
        let items = if any_array(&a) || any_array(&b) {
            None
        } else {
            match (a.items.clone(), b.items.clone()) {
                (Some(x), Some(y)) => Some(Box::new(self.union(*x, *y))),
                (x, y) => x.or(y),
            }
        };
        let values = if any_string(&a) || any_string(&b) {
            None
        } else {
            match (a.values.clone(), b.values.clone()) {
                (Some(x), Some(y)) if x == y => Some(x),
                (Some(x), Some(y)) => {
                    let mut values = x.values;
                    for value in y.values {
                        if !values.contains(&value) {
                            values.push(value);
                        }
                    }
                    Some(Values { name: None, values })
                }
                (x, y) => x.or(y),
            }
        };
        let unique = match (a.allows(types::ARRAY), b.allows(types::ARRAY)) {
            (true, true) => a.unique && b.unique,
            (true, false) => a.unique,
            (false, true) => b.unique,
            (false, false) => false,
        };
        SlotOut {
            types: a.types | b.types,
            kind,
            items,
            values,
            unique,
        }
    }

    fn union_kind(&self, a: KindOut, b: KindOut) -> KindOut {
        let mut properties = a.properties;
        for (name, slot) in b.properties {
            match properties.iter().position(|(known, _)| *known == name) {
                Some(position) => {
                    let before = properties[position].1.clone();
                    properties[position].1 = self.union(before, slot);
                }
                None => properties.push((name, slot)),
            }
        }
        KindOut {
            open: a.open || b.open,
            required: a
                .required
                .into_iter()
                .filter(|name| b.required.contains(name))
                .collect(),
            properties,
        }
    }

    /// The table text: kinds reachable from the root, breadth first, then the enumerations.
    fn emit(&self, root: KindOut) -> String {
        let mut emitter = Emitter {
            kinds: &self.kinds,
            queue: VecDeque::from([(super::ROOT.to_owned(), root)]),
            queued: HashSet::from([super::ROOT.to_owned()]),
            enums: Vec::new(),
            enum_names: HashMap::new(),
        };
        let mut out = String::from(
            "# CycloneDX 1.6 JSON, as the writer needs it: derived from bom-1.6.schema.json by\n\
             # src/schema/derive.rs (grammar in src/schema.rs). Do not edit by hand.\n",
        );
        while let Some((name, kind)) = emitter.queue.pop_front() {
            let keyword = if kind.open { "open" } else { "closed" };
            let mut members = Vec::new();
            for (property, slot) in &kind.properties {
                let required = if kind.required.contains(property) {
                    "!"
                } else {
                    ""
                };
                let text = emitter.slot(slot, &format!("{name}.{property}"));
                members.push(format!("{property}{required}={text}"));
            }
            out.push_str(&format!("{keyword} {name}\n"));
            wrap(&mut out, &members);
        }
        for (name, values) in &emitter.enums {
            out.push_str(&format!("enum {name}\n"));
            wrap(&mut out, values);
        }
        out
    }
}

struct Emitter<'k> {
    kinds: &'k HashMap<String, KindOut>,
    queue: VecDeque<(String, KindOut)>,
    queued: HashSet<String>,
    enums: Vec<(String, Vec<String>)>,
    enum_names: HashMap<Vec<String>, String>,
}

impl Emitter<'_> {
    fn slot(&mut self, slot: &SlotOut, place: &str) -> String {
        let mut alternatives = Vec::new();
        let any = slot.types == types::ANY;
        if any {
            alternatives.push("*".to_owned());
        }
        if slot.allows(types::STRING) && (!any || slot.values.is_some()) {
            match &slot.values {
                Some(values) => {
                    let name = self.enumeration(values, place);
                    alternatives.push(format!("s%{name}"));
                }
                None => alternatives.push("s".to_owned()),
            }
        }
        for (bit, letter) in [
            (types::NUMBER, "n"),
            (types::INTEGER, "i"),
            (types::BOOLEAN, "b"),
        ] {
            if !any && slot.allows(bit) {
                alternatives.push(letter.to_owned());
            }
        }
        if slot.allows(types::OBJECT) {
            match &slot.kind {
                Some(kind) => {
                    let name = self.kind(kind, place);
                    alternatives.push(format!("@{name}"));
                }
                None if !any => alternatives.push("o".to_owned()),
                None => {}
            }
        }
        if slot.allows(types::ARRAY) {
            if let Some(items) = &slot.items {
                let place = if slot.kind.is_some() {
                    format!("{place}[]")
                } else {
                    place.to_owned()
                };
                let inner = self.slot(items, &place);
                alternatives.push(if slot.unique {
                    format!("{{{inner}}}")
                } else {
                    format!("[{inner}]")
                });
            } else if !any {
                alternatives.push(if slot.unique { "{*}" } else { "[*]" }.to_owned());
            }
        }
        alternatives.join("|")
    }

    fn kind(&mut self, kind: &KindRef, place: &str) -> String {
        let (name, kind) = match kind {
            KindRef::Named(name) => (name.clone(), self.kinds[name].clone()),
            KindRef::Inline(kind) => (place.to_owned(), (**kind).clone()),
        };
        if self.queued.insert(name.clone()) {
            self.queue.push_back((name.clone(), kind));
        }
        name
    }

    fn enumeration(&mut self, values: &Values, place: &str) -> String {
        if let Some(name) = self.enum_names.get(&values.values) {
            return name.clone();
        }
        let name = values.name.clone().unwrap_or_else(|| place.to_owned());
        self.enum_names.insert(values.values.clone(), name.clone());
        self.enums.push((name.clone(), values.values.clone()));
        name
    }
}

/// Appends members on indented lines of at most about 100 columns.
fn wrap(out: &mut String, members: &[String]) {
    let mut line = String::new();
    for member in members {
        if !line.is_empty() && line.len() + 1 + member.len() > 96 {
            out.push_str(&format!("    {line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(member);
    }
    if !line.is_empty() {
        out.push_str(&format!("    {line}\n"));
    }
}

#[test]
fn the_shipped_table_is_derived_from_the_official_schema() {
    let Some(dir) = tplc_test::testdata("cyclonedx-spec/schema") else {
        return;
    };
    let text = std::fs::read(dir.join("bom-1.6.schema.json")).unwrap();
    let schema: Value = serde_json::from_slice(&text).unwrap();
    let derived = table(&schema);
    if derived != super::TABLE {
        let path = std::env::temp_dir().join("bom-1.6.table");
        std::fs::write(&path, &derived).unwrap();
        let first = derived
            .lines()
            .zip(super::TABLE.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "the lengths".to_owned(),
                |line| format!("line {}", line + 1),
            );
        panic!(
            "src/schema/bom-1.6.table differs from the schema at {first}; the derived table is in {}",
            path.display()
        );
    }
    // The derived table parses, and it is what the writer uses.
    assert!(super::Schema::parse(super::TABLE).is_ok());
}

#[test]
fn the_1_7_additions_are_absent_from_the_table() {
    let Some(dir) = tplc_test::testdata("cyclonedx-spec/schema") else {
        return;
    };
    let text = std::fs::read(dir.join("bom-1.7.schema.json")).unwrap();
    let later = super::Schema::parse(Box::leak(
        table(&serde_json::from_slice(&text).unwrap()).into_boxed_str(),
    ))
    .unwrap();
    let schema = super::v1_6();
    let algorithm = "cryptoProperties.algorithmProperties";
    assert!(later.slot(algorithm, "algorithmFamily").is_some());
    assert!(schema.slot(algorithm, "algorithmFamily").is_none());
    assert!(later.slot("bom.definitions", "patents").is_some());
    assert!(schema.slot("bom.definitions", "patents").is_none());
    assert!(schema.slot("bom.definitions", "standards").is_some());
}
