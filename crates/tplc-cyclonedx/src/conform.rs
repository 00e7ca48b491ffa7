//! Making the fragments kept verbatim fit CycloneDX 1.6 before they are written.
//!
//! A fragment read from a 1.7 document may hold what 1.7 added (`algorithmFamily`,
//! certificate `serialNumber`, `definitions.patents`, objects where 1.6 has strings, new
//! vocabulary words, …), and one read from a lenient 1.2/1.3 document may hold extension
//! properties. The fragment is walked along the 1.6 [`schema`] table: a property 1.6 does not
//! define (where `additionalProperties` is false), a value of a type or vocabulary word 1.6
//! does not allow there, an object left without a property 1.6 requires, and a repeated item
//! of an array whose items must be unique are dropped, each with an omission naming its JSON
//! pointer inside the fragment.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::{Map, Value};

use crate::error::{child, index};
use crate::schema::{self, Slot, types};
use crate::write::Writer;

/// How deeply a fragment may nest before the rest is dropped (serde_json reads at most 128
/// levels, so only fragments built by hand reach this).
const MAX_DEPTH: usize = 256;

impl Writer {
    /// A kept fragment, found at property `key` of an object of kind `kind`, made to fit 1.6;
    /// `None` (with omissions) when nothing of it fits.
    pub(crate) fn conform(
        &mut self,
        kind: &str,
        key: &str,
        value: &Value,
        location: &str,
    ) -> Option<Value> {
        let Some(slot) = schema::v1_6().slot(kind, key) else {
            self.omit(location, format!("{key} is not a CycloneDX 1.6 property"));
            return None;
        };
        let fitted = self.fit(value, slot, &child("", key), location, 0)?;
        let emptied = match (&fitted, value) {
            (Value::Object(after), Value::Object(before)) => after.is_empty() && !before.is_empty(),
            (Value::Array(after), Value::Array(before)) => after.is_empty() && !before.is_empty(),
            _ => false,
        };
        (!emptied).then_some(fitted)
    }

    fn fit(
        &mut self,
        value: &Value,
        slot: &Slot,
        pointer: &str,
        location: &str,
        depth: usize,
    ) -> Option<Value> {
        if depth > MAX_DEPTH {
            self.omit(location, format!("{pointer} dropped: nested too deeply"));
            return None;
        }
        if !allows(slot.types, value) {
            self.omit(
                location,
                format!(
                    "{pointer} dropped: CycloneDX 1.6 does not allow {} there",
                    type_name(value)
                ),
            );
            return None;
        }
        match value {
            Value::String(text) => {
                let schema = schema::v1_6();
                if slot
                    .values
                    .is_some_and(|name| !schema.has_value(name, text))
                {
                    self.omit(
                        location,
                        format!(
                            "{pointer} dropped: {text:?} is not among the values CycloneDX 1.6 allows there"
                        ),
                    );
                    return None;
                }
                Some(value.clone())
            }
            Value::Array(items) => match slot.items.as_deref() {
                Some(items_slot) => {
                    self.fit_items(items, items_slot, slot.unique, pointer, location, depth)
                }
                None => Some(value.clone()),
            },
            Value::Object(fields) => match slot.kind {
                Some(kind) => self.fit_object(fields, kind, pointer, location, depth),
                None => Some(value.clone()),
            },
            Value::Null | Value::Bool(_) | Value::Number(_) => Some(value.clone()),
        }
    }

    fn fit_items(
        &mut self,
        items: &[Value],
        slot: &Slot,
        unique: bool,
        pointer: &str,
        location: &str,
        depth: usize,
    ) -> Option<Value> {
        let mut out: Vec<Value> = Vec::with_capacity(items.len());
        let mut repeats = Repeats::default();
        for (position, item) in items.iter().enumerate() {
            let at = index(pointer, position);
            let Some(item) = self.fit(item, slot, &at, location, depth + 1) else {
                continue;
            };
            if unique && repeats.seen(hash_of(&item), &item, &out) {
                self.omit(
                    location,
                    format!("{at} dropped: identical to an earlier item (items must be unique)"),
                );
                continue;
            }
            out.push(item);
        }
        // An array whose every item was dropped is dropped too (the items are reported).
        (out.len() == items.len() || !out.is_empty()).then_some(Value::Array(out))
    }

    fn fit_object(
        &mut self,
        fields: &Map<String, Value>,
        kind: &str,
        pointer: &str,
        location: &str,
        depth: usize,
    ) -> Option<Value> {
        let Some(kind) = schema::v1_6().kind(kind) else {
            return Some(Value::Object(fields.clone()));
        };
        let mut out = Map::new();
        for (key, field) in fields {
            let at = child(pointer, key);
            match kind.properties.get(key.as_str()) {
                Some(slot) => {
                    if let Some(field) = self.fit(field, slot, &at, location, depth + 1) {
                        out.insert(key.clone(), field);
                    }
                }
                None if kind.open => {
                    out.insert(key.clone(), field.clone());
                }
                None => self.omit(
                    location,
                    format!("{at} dropped: not a CycloneDX 1.6 property"),
                ),
            }
        }
        if let Some(missing) = kind.required.iter().find(|name| !out.contains_key(**name)) {
            self.omit(
                location,
                format!("{pointer} dropped: it lacks {missing:?}, which CycloneDX 1.6 requires"),
            );
            return None;
        }
        Some(Value::Object(out))
    }
}

/// Whether a slot's types allow a value (`number` includes the integers).
fn allows(allowed: u8, value: &Value) -> bool {
    let bits = match value {
        Value::Null => return allowed == types::ANY,
        Value::Bool(_) => types::BOOLEAN,
        Value::Number(number) if is_integer(number) => types::INTEGER | types::NUMBER,
        Value::Number(_) => types::NUMBER,
        Value::String(_) => types::STRING,
        Value::Array(_) => types::ARRAY,
        Value::Object(_) => types::OBJECT,
    };
    allowed & bits != 0
}

fn is_integer(number: &serde_json::Number) -> bool {
    number.is_i64()
        || number.is_u64()
        || number
            .as_f64()
            .is_some_and(|float| float.is_finite() && float.fract() == 0.0)
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A hash of a JSON value that equal values share (object keys are sorted in
/// `serde_json::Map`).
pub(crate) fn hash_of(value: &Value) -> u64 {
    fn feed(value: &Value, hasher: &mut DefaultHasher) {
        match value {
            Value::Null => 0_u8.hash(hasher),
            Value::Bool(flag) => (1_u8, flag).hash(hasher),
            Value::Number(number) => (2_u8, number.to_string()).hash(hasher),
            Value::String(text) => (3_u8, text).hash(hasher),
            Value::Array(items) => {
                (4_u8, items.len()).hash(hasher);
                for item in items {
                    feed(item, hasher);
                }
            }
            Value::Object(fields) => {
                (5_u8, fields.len()).hash(hasher);
                for (key, field) in fields {
                    key.hash(hasher);
                    feed(field, hasher);
                }
            }
        }
    }
    let mut hasher = DefaultHasher::new();
    feed(value, &mut hasher);
    hasher.finish()
}

/// Finds items equal to an earlier one: by hash first, confirmed by comparing.
#[derive(Default)]
pub(crate) struct Repeats {
    by_hash: HashMap<u64, Vec<usize>>,
}

impl Repeats {
    /// Whether `item` (with hash `hash`) equals one of `earlier`; if not, it is recorded as
    /// the item that `earlier` will hold next.
    pub(crate) fn seen<T: PartialEq>(&mut self, hash: u64, item: &T, earlier: &[T]) -> bool {
        let positions = self.by_hash.entry(hash).or_default();
        if positions
            .iter()
            .any(|&position| earlier.get(position) == Some(item))
        {
            return true;
        }
        positions.push(earlier.len());
        false
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn conformed(kind: &str, key: &str, value: &Value) -> (Option<Value>, Vec<String>) {
        let mut writer = Writer::new();
        let out = writer.conform(kind, key, value, "here");
        let notes = writer
            .into_omissions()
            .into_iter()
            .map(|omission| omission.what)
            .collect();
        (out, notes)
    }

    #[test]
    fn properties_1_6_lacks_are_dropped_and_reported() {
        let crypto = json!({
            "assetType": "algorithm",
            "algorithmProperties": {"primitive": "ae", "algorithmFamily": "AES", "ellipticCurve": "x"},
        });
        let (out, notes) = conformed("component", "cryptoProperties", &crypto);
        assert_eq!(
            out,
            Some(json!({"assetType": "algorithm", "algorithmProperties": {"primitive": "ae"}}))
        );
        assert_eq!(
            notes,
            [
                "/cryptoProperties/algorithmProperties/algorithmFamily dropped: not a CycloneDX 1.6 property",
                "/cryptoProperties/algorithmProperties/ellipticCurve dropped: not a CycloneDX 1.6 property",
            ]
        );
    }

    #[test]
    fn values_of_another_type_or_vocabulary_are_dropped() {
        let crypto = json!({
            "assetType": "protocol",
            "protocolProperties": {
                "type": "quic",
                "ikev2TransformTypes": {"encr": [{"algorithm": "aes-ref"}], "prf": ["sha-ref"]},
            },
        });
        let (out, notes) = conformed("component", "cryptoProperties", &crypto);
        assert_eq!(
            out,
            Some(json!({
                "assetType": "protocol",
                "protocolProperties": {"ikev2TransformTypes": {"prf": ["sha-ref"]}},
            }))
        );
        assert_eq!(
            notes,
            [
                "/cryptoProperties/protocolProperties/ikev2TransformTypes/encr/0 dropped: CycloneDX 1.6 does not allow an object there",
                "/cryptoProperties/protocolProperties/type dropped: \"quic\" is not among the values CycloneDX 1.6 allows there",
            ]
        );
    }

    #[test]
    fn objects_left_without_a_required_property_are_dropped() {
        // `assetType` is required; a 1.7-only value of it leaves nothing valid.
        let (out, notes) = conformed(
            "component",
            "cryptoProperties",
            &json!({"assetType": "patent"}),
        );
        assert_eq!(out, None);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[1].contains("lacks \"assetType\""), "{notes:?}");
    }

    #[test]
    fn repeated_items_of_unique_arrays_are_dropped() {
        let services = json!([{"name": "a"}, {"name": "b"}, {"name": "a"}]);
        let (out, notes) = conformed(schema::ROOT, "services", &services);
        assert_eq!(out, Some(json!([{"name": "a"}, {"name": "b"}])));
        assert_eq!(
            notes,
            ["/services/2 dropped: identical to an earlier item (items must be unique)"]
        );
        // Arrays without `uniqueItems` keep repeats.
        let tags = json!({"name": "x", "tags": ["t", "t"]});
        let (out, notes) = conformed(schema::ROOT, "services", &json!([tags]));
        assert_eq!(out, Some(json!([tags])));
        assert!(notes.is_empty());
    }

    #[test]
    fn a_part_emptied_by_dropping_is_dropped() {
        let (out, notes) = conformed(schema::ROOT, "definitions", &json!({"patents": []}));
        assert_eq!(out, None);
        assert_eq!(
            notes,
            ["/definitions/patents dropped: not a CycloneDX 1.6 property"]
        );
        let (out, _) = conformed(schema::ROOT, "definitions", &json!({}));
        assert_eq!(out, Some(json!({})));
    }

    #[test]
    fn open_kinds_and_free_values_are_kept() {
        let signature = json!({"algorithm": "ES256", "value": "x", "extra": {"deep": [1, 2]}});
        let (out, notes) = conformed("component", "signature", &signature);
        assert_eq!(out, Some(signature));
        assert!(notes.is_empty());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut value = json!({"name": "leaf"});
        for _ in 0..300 {
            value = json!({"name": "x", "services": [value]});
        }
        let (out, notes) = conformed(schema::ROOT, "services", &Value::Array(vec![value]));
        assert!(out.is_some());
        assert!(
            notes.iter().any(|note| note.ends_with("nested too deeply")),
            "{notes:?}"
        );
    }

    #[test]
    fn equal_values_hash_alike() {
        assert_eq!(
            hash_of(&json!({"a": 1, "b": [true]})),
            hash_of(&json!({"b": [true], "a": 1}))
        );
        assert_ne!(hash_of(&json!(["a", "b"])), hash_of(&json!(["ab"])));
        let mut repeats = Repeats::default();
        let mut earlier = Vec::new();
        for item in [1, 2] {
            assert!(!repeats.seen(7, &item, &earlier), "same hash, other value");
            earlier.push(item);
        }
        assert!(repeats.seen(7, &1, &earlier));
        assert!(!repeats.seen(8, &1, &earlier), "other hash");
    }
}
