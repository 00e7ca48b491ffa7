//! Typed access to one JSON record with JSON pointers in the errors, and the streaming of a
//! top-level array member record by record.

use std::fmt;
use std::io::Read;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use tplc_advisory::RecordError;

use crate::FeedError;

/// A JSON pointer being built (`/vulnerabilities/3/cve/id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pointer(String);

impl Pointer {
    pub(crate) fn root() -> Self {
        Self(String::new())
    }

    /// The pointer to a member (escaped per RFC 6901).
    pub(crate) fn key(&self, key: &str) -> Self {
        let escaped = key.replace('~', "~0").replace('/', "~1");
        Self(format!("{}/{escaped}", self.0))
    }

    /// The pointer to an array element.
    pub(crate) fn index(&self, index: usize) -> Self {
        Self(format!("{}/{index}", self.0))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("/")
        } else {
            f.write_str(&self.0)
        }
    }
}

/// A record-level error at a pointer of a file.
pub(crate) fn record_error(
    location: &str,
    pointer: &Pointer,
    message: impl fmt::Display,
) -> RecordError {
    RecordError {
        location: format!("{location}#{pointer}"),
        message: message.to_string(),
    }
}

/// The JSON type name of a value, for messages.
pub(crate) const fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JSON object with its pointer: typed member access whose errors name the member.
#[derive(Clone, Copy)]
pub(crate) struct Obj<'a> {
    pub(crate) map: &'a Map<String, Value>,
    pub(crate) pointer: &'a Pointer,
    pub(crate) location: &'a str,
}

/// What a typed access gives: the value, or the record error naming the member.
pub(crate) type Field<T> = Result<T, RecordError>;

impl<'a> Obj<'a> {
    /// The object at `value`, or an error naming `pointer`.
    pub(crate) fn new(value: &'a Value, pointer: &'a Pointer, location: &'a str) -> Field<Self> {
        match value {
            Value::Object(map) => Ok(Self {
                map,
                pointer,
                location,
            }),
            other => Err(record_error(
                location,
                pointer,
                format!("expected an object, found {}", type_name(other)),
            )),
        }
    }

    fn wrong(&self, key: &str, expected: &str, found: &Value) -> RecordError {
        record_error(
            self.location,
            &self.pointer.key(key),
            format!("expected {expected}, found {}", type_name(found)),
        )
    }

    /// A member that must be present.
    pub(crate) fn missing(&self, key: &str) -> RecordError {
        record_error(
            self.location,
            &self.pointer.key(key),
            format!("missing required member \"{key}\""),
        )
    }

    /// A member, absent when missing or null.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    /// An optional string member.
    pub(crate) fn opt_str(&self, key: &str) -> Field<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.wrong(key, "a string", other)),
        }
    }

    /// A required string member.
    pub(crate) fn req_str(&self, key: &str) -> Field<&'a str> {
        self.opt_str(key)?.ok_or_else(|| self.missing(key))
    }

    /// An optional boolean member.
    pub(crate) fn opt_bool(&self, key: &str) -> Field<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(other) => Err(self.wrong(key, "a boolean", other)),
        }
    }

    /// An optional number member (MyJVN writes some numbers as strings; those are read too).
    pub(crate) fn opt_f64(&self, key: &str) -> Field<Option<f64>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(number)) => Ok(number.as_f64()),
            Some(Value::String(text)) if text.trim().parse::<f64>().is_ok() => {
                Ok(text.trim().parse::<f64>().ok())
            }
            Some(other) => Err(self.wrong(key, "a number", other)),
        }
    }

    /// An optional object member, with its pointer.
    pub(crate) fn opt_obj(&self, key: &str) -> Field<Option<(&'a Value, Pointer)>> {
        match self.get(key) {
            None => Ok(None),
            Some(value @ Value::Object(_)) => Ok(Some((value, self.pointer.key(key)))),
            Some(other) => Err(self.wrong(key, "an object", other)),
        }
    }

    /// An optional array member: its elements with their pointers (empty when absent).
    pub(crate) fn array(&self, key: &str) -> Field<Vec<(&'a Value, Pointer)>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => {
                let base = self.pointer.key(key);
                Ok(items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| (item, base.index(index)))
                    .collect())
            }
            Some(other) => Err(self.wrong(key, "an array", other)),
        }
    }
}

/// What to do with each element of the streamed array.
pub(crate) trait ElementSink {
    /// One element, at its index.
    fn element(&mut self, index: usize, value: Value);
}

/// Streams the JSON document `input`: a top-level object whose member `array_key` is an
/// array, read element by element into `sink` without holding the whole document. Other
/// members are skipped, except the string members named in `keep`, which are returned.
///
/// # Errors
///
/// [`FeedError::Json`] when the input is not JSON, the top level is not an object, the
/// member is not an array or absent, or the JSON breaks off.
pub(crate) fn stream_array_member<R: Read>(
    input: R,
    location: &str,
    array_key: &'static str,
    keep: &'static [&'static str],
    sink: &mut dyn ElementSink,
) -> Result<Vec<(String, String)>, FeedError> {
    let mut deserializer = serde_json::Deserializer::from_reader(input);
    let visitor = TopVisitor {
        array_key,
        keep,
        sink,
    };
    let result = de::Deserializer::deserialize_map(&mut deserializer, visitor)
        .and_then(|kept| deserializer.end().map(|()| kept));
    match result {
        Ok((kept, true)) => Ok(kept),
        Ok((_, false)) => Err(FeedError::Json {
            location: location.to_owned(),
            line: 1,
            column: 1,
            message: format!("no \"{array_key}\" array in the top-level object"),
        }),
        Err(error) => Err(json_error(location, &error)),
    }
}

/// A fatal JSON error with its position.
pub(crate) fn json_error(location: &str, error: &serde_json::Error) -> FeedError {
    let message = error.to_string();
    // serde_json appends " at line L column C"; the position is given separately.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head)
        .to_owned();
    let message = if error.is_io() {
        format!("cannot read the input: {message}")
    } else {
        message
    };
    FeedError::Json {
        location: location.to_owned(),
        line: error.line(),
        column: error.column(),
        message,
    }
}

struct TopVisitor<'s> {
    array_key: &'static str,
    keep: &'static [&'static str],
    sink: &'s mut dyn ElementSink,
}

impl<'de> Visitor<'de> for TopVisitor<'_> {
    type Value = (Vec<(String, String)>, bool);

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "an object with a \"{}\" array", self.array_key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kept = Vec::new();
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.array_key {
                map.next_value_seed(ArraySeed {
                    sink: &mut *self.sink,
                })?;
                found = true;
            } else if self.keep.contains(&key.as_str()) {
                match map.next_value::<Value>()? {
                    Value::String(text) => kept.push((key, text)),
                    other => kept.push((key, other.to_string())),
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok((kept, found))
    }
}

struct ArraySeed<'s> {
    sink: &'s mut dyn ElementSink,
}

impl<'de> DeserializeSeed<'de> for ArraySeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            self.sink.element(index, value);
            index += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Collect(Vec<(usize, Value)>);

    impl ElementSink for Collect {
        fn element(&mut self, index: usize, value: Value) {
            self.0.push((index, value));
        }
    }

    #[test]
    fn streams_the_member_and_keeps_named_strings() {
        let mut sink = Collect(Vec::new());
        let input =
            br#"{"format":"NVD_CVE","skip":{"deep":[1,2]},"items":[{"a":1},2],"version":"2.0"}"#;
        let kept = stream_array_member(
            &input[..],
            "f.json",
            "items",
            &["format", "version"],
            &mut sink,
        );
        assert_eq!(
            kept.ok(),
            Some(vec![
                ("format".to_owned(), "NVD_CVE".to_owned()),
                ("version".to_owned(), "2.0".to_owned())
            ])
        );
        assert_eq!(sink.0.len(), 2);
        assert_eq!(sink.0[1], (1, Value::from(2)));
    }

    #[test]
    fn fatal_errors_name_line_and_column() {
        let mut sink = Collect(Vec::new());
        let error = stream_array_member(
            &b"{\n \"items\": [1,\n ]"[..],
            "f.json",
            "items",
            &[],
            &mut sink,
        )
        .err()
        .map(|error| error.to_string());
        assert_eq!(
            error.as_deref(),
            Some("f.json: line 3, column 2: trailing comma")
        );
        let missing = stream_array_member(&b"{}"[..], "f.json", "items", &[], &mut sink)
            .err()
            .map(|error| error.to_string());
        assert_eq!(
            missing.as_deref(),
            Some("f.json: line 1, column 1: no \"items\" array in the top-level object")
        );
        assert!(stream_array_member(&b"[]"[..], "f.json", "items", &[], &mut sink).is_err());
        assert!(
            stream_array_member(&b"{\"items\":[]} x"[..], "f.json", "items", &[], &mut sink)
                .is_err()
        );
    }

    #[test]
    fn pointers_escape_keys() {
        assert_eq!(
            Pointer::root().key("a/b").key("c~d").index(3).to_string(),
            "/a~1b/c~0d/3"
        );
        assert_eq!(Pointer::root().to_string(), "/");
    }
}
