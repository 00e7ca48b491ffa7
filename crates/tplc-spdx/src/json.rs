//! The SPDX JSON shape as read: a JSON value whose strings borrow the input, the typed
//! objects read in bulk (the document, its packages and relationships), and typed access with
//! JSON-pointer errors.
//!
//! Reading goes straight from the bytes (or, for tag-value, from the `serde_json::Value` the
//! tag-value reader builds) into these types, in one pass: the members of packages and
//! relationships land in fixed slots, strings without escapes are not copied, and only the
//! parts the model keeps verbatim are turned into `serde_json::Value`s. A member that holds a
//! value of the wrong type is kept as it is, so that the conversion reports it with its JSON
//! pointer; the only errors while reading are those of JSON syntax. Within an object the last
//! of several members of one name counts, as with `serde_json::Value`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::{Path, ReadError};

/// A JSON object as `serde_json` holds it (the tag-value reader builds these).
pub(crate) type Object = Map<String, Value>;

/// The members of an object read into a [`Json`] value, in document order.
pub(crate) type Members<'a> = [(Cow<'a, str>, Json<'a>)];

/// A JSON value whose strings (and member names) borrow the input when they hold no escape.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Self>),
    /// An object's members, in document order, repeated names included.
    Object(Vec<(Cow<'a, str>, Self)>),
}

impl Json<'_> {
    /// What the value is, for error messages.
    pub(crate) const fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
        }
    }

    /// The string, if the value is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// The member of an object with this name (the last one, if repeated).
    pub(crate) fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Self::Object(members) => member(members, key),
            _ => None,
        }
    }

    /// The same value as a `serde_json::Value`.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(value) => Value::Bool(*value),
            Self::Number(number) => Value::Number(number.clone()),
            Self::String(text) => Value::String(text.clone().into_owned()),
            Self::Array(items) => Value::Array(items.iter().map(Self::to_value).collect()),
            Self::Object(members) => Value::Object(to_map(members)),
        }
    }
}

/// The member of an object with this name (the last one, if repeated).
pub(crate) fn member<'j, 'a>(members: &'j Members<'a>, key: &str) -> Option<&'j Json<'a>> {
    members
        .iter()
        .rev()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value)
}

/// An object's members as a `serde_json` map (the last of repeated names counts).
pub(crate) fn to_map(members: &Members<'_>) -> Object {
    members
        .iter()
        .map(|(name, value)| (name.clone().into_owned(), value.to_value()))
        .collect()
}

/// An object read member by member into fixed slots.
pub(crate) trait Slots<'de>: Default {
    /// Reads the value of the member `key` from `map`.
    fn member<A: MapAccess<'de>>(
        &mut self,
        key: Cow<'de, str>,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Defines a struct with a [`Json`] slot for each of the named members and a list of the
/// others, read with [`Slots`] and looked up with [`Fields`].
macro_rules! slots {
    ($(#[$meta:meta])* $name:ident { $($(#[$field_meta:meta])* $key:literal => $field:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Default)]
        pub(crate) struct $name<'a> {
            $($(#[$field_meta])* pub(crate) $field: Option<$crate::json::Json<'a>>,)+
            /// The other members, in document order.
            pub(crate) rest: Vec<(::std::borrow::Cow<'a, str>, $crate::json::Json<'a>)>,
        }

        impl<'de> $crate::json::Slots<'de> for $name<'de> {
            fn member<A: ::serde::de::MapAccess<'de>>(
                &mut self,
                key: ::std::borrow::Cow<'de, str>,
                map: &mut A,
            ) -> Result<(), A::Error> {
                match &*key {
                    $($key => self.$field = Some(map.next_value()?),)+
                    _ => {
                        let value = map.next_value()?;
                        self.rest.push((key, value));
                    }
                }
                Ok(())
            }
        }

        impl<'a> $crate::json::Fields<'a> for $name<'a> {
            fn field(&self, key: &str) -> Option<&$crate::json::Json<'a>> {
                match key {
                    $($key => self.$field.as_ref(),)+
                    _ => $crate::json::member(&self.rest, key),
                }
            }
        }
    };
}
pub(crate) use slots;

/// Members looked up by name, whether read into slots or kept in a [`Json`] object.
pub(crate) trait Fields<'a> {
    /// The member with this name (the last one, if repeated).
    fn field(&self, key: &str) -> Option<&Json<'a>>;
}

impl<'a> Fields<'a> for Members<'a> {
    fn field(&self, key: &str) -> Option<&Json<'a>> {
        member(self, key)
    }
}

/// A value expected to be an object read into slots, or whatever else it was.
#[derive(Debug)]
pub(crate) enum Item<'a, T> {
    /// An object.
    Object(T),
    /// Any other value.
    Other(Json<'a>),
}

impl<'a, T> Item<'a, T> {
    /// The object, or the error naming what was found instead.
    pub(crate) fn object(&self, path: &Path<'_>) -> Result<&T, ReadError> {
        match self {
            Self::Object(object) => Ok(object),
            Self::Other(other) => Err(expected(path, "an object", other)),
        }
    }

    /// Like [`Item::object`], taking the object.
    pub(crate) fn into_object(self, path: &Path<'_>) -> Result<T, ReadError> {
        match self {
            Self::Object(object) => Ok(object),
            Self::Other(other) => Err(expected(path, "an object", &other)),
        }
    }
}

/// A value expected to be an array, or whatever else it was.
#[derive(Debug)]
pub(crate) enum List<'a, T> {
    /// An array.
    Array(Vec<T>),
    /// Any other value.
    Other(Json<'a>),
}

impl<'a, T> List<'a, T> {
    /// The items of an optional array member; absent or `null` is empty.
    pub(crate) fn into_items(
        list: Option<Self>,
        key: &str,
        path: &Path<'_>,
    ) -> Result<Vec<T>, ReadError> {
        match list {
            None | Some(Self::Other(Json::Null)) => Ok(Vec::new()),
            Some(Self::Array(items)) => Ok(items),
            Some(Self::Other(other)) => Err(expected(&path.key(key), "an array", &other)),
        }
    }
}

/// The error for a value of the wrong type.
pub(crate) fn expected(path: &Path<'_>, what: &str, value: &Json<'_>) -> ReadError {
    ReadError::at_pointer(
        path.to_string(),
        format!("expected {what}, found {}", value.kind()),
    )
}

/// The value as an object's members.
pub(crate) fn object<'j, 'a>(
    value: &'j Json<'a>,
    path: &Path<'_>,
) -> Result<&'j Members<'a>, ReadError> {
    match value {
        Json::Object(members) => Ok(members),
        other => Err(expected(path, "an object", other)),
    }
}

/// An optional string member (`null` counts as absent).
pub(crate) fn string<'j, 'a: 'j>(
    object: &'j (impl Fields<'a> + ?Sized),
    key: &str,
    path: &Path<'_>,
) -> Result<Option<&'j str>, ReadError> {
    match object.field(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(text)) => Ok(Some(text)),
        Some(other) => Err(expected(&path.key(key), "a string", other)),
    }
}

/// A required string member.
pub(crate) fn required_string<'j, 'a: 'j>(
    object: &'j (impl Fields<'a> + ?Sized),
    key: &str,
    path: &Path<'_>,
) -> Result<&'j str, ReadError> {
    string(object, key, path)?
        .ok_or_else(|| ReadError::at_pointer(path.key(key).to_string(), "missing required field"))
}

/// An optional array member; absent or `null` is empty.
pub(crate) fn array<'j, 'a: 'j>(
    object: &'j (impl Fields<'a> + ?Sized),
    key: &str,
    path: &Path<'_>,
) -> Result<&'j [Json<'a>], ReadError> {
    match object.field(key) {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Array(items)) => Ok(items),
        Some(other) => Err(expected(&path.key(key), "an array", other)),
    }
}

/// An optional array of strings.
pub(crate) fn strings<'a>(
    object: &(impl Fields<'a> + ?Sized),
    key: &str,
    path: &Path<'_>,
) -> Result<Vec<String>, ReadError> {
    let items_path = path.key(key);
    array(object, key, path)?
        .iter()
        .enumerate()
        .map(|(index, item)| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| expected(&items_path.index(index), "a string", item))
        })
        .collect()
}

/// A member name, borrowed from the input when it holds no escape.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(text.to_owned())))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(text)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads any JSON value; the other visitors hand it every value that is not theirs.
struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Json::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Json::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Number::from_f64(value).map_or(Json::Null, Json::Number))
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(text)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        Json::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            members.push((key, map.next_value()?));
        }
        Ok(Json::Object(members))
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

/// Hands every kind of value but one to [`JsonVisitor`], wrapped by `$wrap`.
macro_rules! other_values {
    ($wrap:path) => {
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
            JsonVisitor.visit_bool(value).map($wrap)
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
            JsonVisitor.visit_i64(value).map($wrap)
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
            JsonVisitor.visit_u64(value).map($wrap)
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
            JsonVisitor.visit_f64(value).map($wrap)
        }

        fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
            JsonVisitor.visit_borrowed_str(text).map($wrap)
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            JsonVisitor.visit_str(text).map($wrap)
        }

        fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
            JsonVisitor.visit_string(text).map($wrap)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            JsonVisitor.visit_unit().map($wrap)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            JsonVisitor.visit_none().map($wrap)
        }
    };
}

struct ItemVisitor<T>(PhantomData<T>);

impl<'de, T: Slots<'de>> Visitor<'de> for ItemVisitor<T> {
    type Value = Item<'de, T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    other_values!(Item::Other);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        JsonVisitor.visit_seq(seq).map(Item::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = T::default();
        while let Some(Key(key)) = map.next_key()? {
            object.member(key, &mut map)?;
        }
        Ok(Item::Object(object))
    }
}

impl<'de, T: Slots<'de>> Deserialize<'de> for Item<'de, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = List<'de, T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    other_values!(List::Other);

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(List::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        JsonVisitor.visit_map(map).map(List::Other)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<'de, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    slots!(
        /// A test object.
        Pair {
            /// The first slot.
            "a" => a,
            /// The second slot.
            "b" => b,
        }
    );

    #[test]
    fn strings_borrow_unless_escaped_and_values_convert_back() {
        let text = r#"{"a": "plain", "b\u0020": "esc\naped", "n": [1, -2, 2.5, true, null, {}]}"#;
        let json: Json<'_> = serde_json::from_str(text).unwrap();
        assert!(matches!(
            json.get("a"),
            Some(Json::String(Cow::Borrowed("plain")))
        ));
        assert!(matches!(json.get("b "), Some(Json::String(Cow::Owned(_)))));
        assert_eq!(
            json.to_value(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        let value = json.to_value();
        let from_value = Json::deserialize(&value).unwrap();
        assert!(matches!(
            from_value.get("a"),
            Some(Json::String(Cow::Borrowed("plain")))
        ));
        assert_eq!(from_value.to_value(), value);
    }

    #[test]
    fn the_last_of_repeated_members_counts() {
        let json: Json<'_> = serde_json::from_str(r#"{"a": 1, "a": "x"}"#).unwrap();
        assert_eq!(json.get("a").and_then(Json::as_str), Some("x"));
        assert_eq!(json.to_value(), serde_json::json!({"a": "x"}));
        let item: Item<'_, Pair<'_>> =
            serde_json::from_str(r#"{"a": 1, "a": "x", "c": 2, "c": null}"#).unwrap();
        let Item::Object(pair) = item else {
            panic!("an object")
        };
        assert_eq!(string(&pair, "a", &Path::Root).unwrap(), Some("x"));
        assert_eq!(pair.field("c"), Some(&Json::Null));
        assert_eq!(pair.b, None);
    }

    #[test]
    fn wrong_types_are_kept_for_located_errors() {
        let list: List<'_, Item<'_, Pair<'_>>> =
            serde_json::from_str(r#"[{"a": 3}, "x"]"#).unwrap();
        let root = Path::Root;
        let items = List::into_items(Some(list), "list", &root).unwrap();
        let path = root.key("list");
        let first = items[0].object(&path.index(0)).unwrap();
        assert_eq!(
            string(first, "a", &path.index(0)).unwrap_err().to_string(),
            "/list/0/a: expected a string, found a number"
        );
        assert_eq!(
            items[1].object(&path.index(1)).unwrap_err().to_string(),
            "/list/1: expected an object, found a string"
        );
        let other: List<'_, Json<'_>> = serde_json::from_str(r#"{"x": 1}"#).unwrap();
        assert_eq!(
            List::into_items(Some(other), "list", &root)
                .unwrap_err()
                .to_string(),
            "/list: expected an array, found an object"
        );
    }

    #[test]
    fn syntax_errors_are_those_of_serde_json() {
        for text in ["[1e999]", "{\"a\": 1,}", "[\"\\ud800\"]", "{} x"] {
            let typed = serde_json::from_str::<List<'_, Item<'_, Pair<'_>>>>(text)
                .unwrap_err()
                .to_string();
            let value = serde_json::from_str::<Value>(text).unwrap_err().to_string();
            assert_eq!(typed, value, "{text}");
        }
    }
}
