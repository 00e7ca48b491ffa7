//! Typed access to `serde_json` values with JSON-pointer errors.

use serde_json::{Map, Value};

use crate::error::{ReadError, child};

pub(crate) type Object = Map<String, Value>;

/// What a JSON value is, for error messages.
pub(crate) const fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(pointer: &str, what: &str, value: &Value) -> ReadError {
    ReadError::at_pointer(pointer, format!("expected {what}, found {}", kind(value)))
}

/// The value as an object.
pub(crate) fn object<'a>(value: &'a Value, pointer: &str) -> Result<&'a Object, ReadError> {
    value
        .as_object()
        .ok_or_else(|| expected(pointer, "an object", value))
}

/// An optional string member (`null` counts as absent).
pub(crate) fn string<'a>(
    object: &'a Object,
    key: &str,
    pointer: &str,
) -> Result<Option<&'a str>, ReadError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(expected(&child(pointer, key), "a string", other)),
    }
}

/// A required string member.
pub(crate) fn required_string<'a>(
    object: &'a Object,
    key: &str,
    pointer: &str,
) -> Result<&'a str, ReadError> {
    string(object, key, pointer)?
        .ok_or_else(|| ReadError::at_pointer(child(pointer, key), "missing required field"))
}

/// An optional array member; absent or `null` is empty.
pub(crate) fn array<'a>(
    object: &'a Object,
    key: &str,
    pointer: &str,
) -> Result<&'a [Value], ReadError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(expected(&child(pointer, key), "an array", other)),
    }
}

/// An optional array of strings.
pub(crate) fn strings(object: &Object, key: &str, pointer: &str) -> Result<Vec<String>, ReadError> {
    let items_pointer = child(pointer, key);
    array(object, key, pointer)?
        .iter()
        .enumerate()
        .map(|(index, item)| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| expected(&child(&items_pointer, index), "a string", item))
        })
        .collect()
}
