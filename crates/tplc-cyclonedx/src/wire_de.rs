//! Hand-written deserialisation for what is read once or more per component.
//!
//! - `component` and `property`: a derived struct with `#[serde(flatten)]` first buffers every
//!   property of the object into serde's private content tree and reads its fields from there,
//!   which costs a dozen short-lived allocations per component (and the allocator churn that
//!   goes with them). These visitors read the fields straight from the parser, with keys
//!   borrowed from the input, and keep only the properties they do not type, as
//!   `serde_json::Value`s. Their errors are those of the derived code (`missing field`,
//!   `duplicate field`, `expected struct …`).
//! - The component's lists grow from one item instead of four ([`list`]).
//! - Vocabulary words (`type`, `scope`, `hashes[].alg`) are not copied when they are known
//!   ([`Vocab`], [`hash_algorithm_name`]); unknown ones are kept as text and rejected, with
//!   their place, where they were before.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::elements::hash_algorithm;
use crate::wire::{Component, Property};

/// A string of a closed vocabulary (`component.type`, `component.scope`): the value when the
/// vocabulary knows it (no allocation), else the text, rejected later with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Vocab<T> {
    /// A value of the vocabulary.
    Known(T),
    /// Any other text.
    Unknown(String),
}

impl<'de, T: FromStr> Deserialize<'de> for Vocab<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VocabVisitor<T>(PhantomData<T>);

        impl<T: FromStr> Visitor<'_> for VocabVisitor<T> {
            type Value = Vocab<T>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Vocab<T>, E> {
                Ok(text
                    .parse()
                    .map_or_else(|_| Vocab::Unknown(text.to_owned()), Vocab::Known))
            }
        }

        deserializer.deserialize_str(VocabVisitor(PhantomData))
    }
}

/// Deserialises a `hash-alg` name, without allocating when CycloneDX defines it.
pub(crate) fn hash_algorithm_name<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'static, str>, D::Error> {
    struct NameVisitor;

    impl Visitor<'_> for NameVisitor {
        type Value = Cow<'static, str>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Cow<'static, str>, E> {
            Ok(hash_algorithm(text)
                .and_then(|algorithm| algorithm.cyclonedx_name())
                .map_or_else(|| Cow::Owned(text.to_owned()), Cow::Borrowed))
        }
    }

    deserializer.deserialize_str(NameVisitor)
}

/// An object key, borrowed from the input unless it holds escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(text.to_owned())))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(text)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of a property into its slot, rejecting a second occurrence of the key.
fn once<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads an optional array (`null` reads as absent) into its slot, rejecting a second
/// occurrence of the key.
///
/// Unlike `Vec`'s own `Deserialize`, which starts at four items, the vector starts at one and
/// doubles: most lists of a component hold one or two items, and four licence items already
/// make a request large enough for the allocator to consolidate its free lists first.
fn list<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<Option<Vec<T>>>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value_seed(OptionalList(PhantomData))?);
    Ok(())
}

/// Deserialises `Option<Vec<T>>` as serde does, but growing the vector from one item.
struct OptionalList<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for OptionalList<T> {
    type Value = Option<Vec<T>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionalList<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(List(PhantomData)).map(Some)
    }
}

/// Deserialises `Vec<T>` from an array, growing it from one item.
struct List<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for List<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = sequence.next_element()? {
            if out.len() == out.capacity() {
                out.reserve_exact(out.capacity().max(1));
            }
            out.push(item);
        }
        Ok(out)
    }
}

/// Reads the value of a property the struct does not type into `rest` (a later occurrence
/// of the same key replaces an earlier one, as with `#[serde(flatten)]`).
fn keep<'de, A: MapAccess<'de>>(
    map: &mut A,
    rest: &mut Map<String, Value>,
    key: Cow<'de, str>,
) -> Result<(), A::Error> {
    let value = map.next_value::<Value>()?;
    rest.insert(key.into_owned(), value);
    Ok(())
}

impl<'de> Deserialize<'de> for Component {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ComponentVisitor)
    }
}

struct ComponentVisitor;

impl<'de> Visitor<'de> for ComponentVisitor {
    type Value = Component;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("struct Component")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Component, A::Error> {
        let mut component_type = None;
        let mut mime_type = None;
        let mut bom_ref = None;
        let mut supplier = None;
        let mut manufacturer = None;
        let mut authors = None;
        let mut author = None;
        let mut publisher = None;
        let mut group = None;
        let mut name = None;
        let mut version = None;
        let mut description = None;
        let mut scope = None;
        let mut hashes = None;
        let mut licenses = None;
        let mut copyright = None;
        let mut cpe = None;
        let mut purl = None;
        let mut omnibor_id = None;
        let mut swhid = None;
        let mut swid = None;
        let mut modified = None;
        let mut external_references = None;
        let mut components = None;
        let mut properties = None;
        let mut tags = None;
        let mut rest = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            let map = &mut map;
            match &*key {
                "type" => once(map, &mut component_type, "type")?,
                "mime-type" => once(map, &mut mime_type, "mime-type")?,
                "bom-ref" => once(map, &mut bom_ref, "bom-ref")?,
                "supplier" => once(map, &mut supplier, "supplier")?,
                "manufacturer" => once(map, &mut manufacturer, "manufacturer")?,
                "authors" => list(map, &mut authors, "authors")?,
                "author" => once(map, &mut author, "author")?,
                "publisher" => once(map, &mut publisher, "publisher")?,
                "group" => once(map, &mut group, "group")?,
                "name" => once(map, &mut name, "name")?,
                "version" => once(map, &mut version, "version")?,
                "description" => once(map, &mut description, "description")?,
                "scope" => once(map, &mut scope, "scope")?,
                "hashes" => list(map, &mut hashes, "hashes")?,
                "licenses" => list(map, &mut licenses, "licenses")?,
                "copyright" => once(map, &mut copyright, "copyright")?,
                "cpe" => once(map, &mut cpe, "cpe")?,
                "purl" => once(map, &mut purl, "purl")?,
                "omniborId" => list(map, &mut omnibor_id, "omniborId")?,
                "swhid" => list(map, &mut swhid, "swhid")?,
                "swid" => once(map, &mut swid, "swid")?,
                "modified" => once(map, &mut modified, "modified")?,
                "externalReferences" => {
                    list(map, &mut external_references, "externalReferences")?;
                }
                "components" => list(map, &mut components, "components")?,
                "properties" => list(map, &mut properties, "properties")?,
                "tags" => list(map, &mut tags, "tags")?,
                _ => keep(map, &mut rest, key)?,
            }
        }
        Ok(Component {
            component_type: component_type.ok_or_else(|| de::Error::missing_field("type"))?,
            mime_type: mime_type.flatten(),
            bom_ref: bom_ref.flatten(),
            supplier: supplier.flatten(),
            manufacturer: manufacturer.flatten(),
            authors: authors.flatten(),
            author: author.flatten(),
            publisher: publisher.flatten(),
            group: group.flatten(),
            name: name.ok_or_else(|| de::Error::missing_field("name"))?,
            version: version.flatten(),
            description: description.flatten(),
            scope: scope.flatten(),
            hashes: hashes.flatten(),
            licenses: licenses.flatten(),
            copyright: copyright.flatten(),
            cpe: cpe.flatten(),
            purl: purl.flatten(),
            omnibor_id: omnibor_id.flatten(),
            swhid: swhid.flatten(),
            swid: swid.flatten(),
            modified: modified.flatten(),
            external_references: external_references.flatten(),
            components: components.flatten(),
            properties: properties.flatten(),
            tags: tags.flatten(),
            rest,
        })
    }
}

impl<'de> Deserialize<'de> for Property {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PropertyVisitor)
    }
}

struct PropertyVisitor;

impl<'de> Visitor<'de> for PropertyVisitor {
    type Value = Property;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("struct Property")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Property, A::Error> {
        let mut name = None;
        let mut value = None;
        let mut rest = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            let map = &mut map;
            match &*key {
                "name" => once(map, &mut name, "name")?,
                "value" => once(map, &mut value, "value")?,
                _ => keep(map, &mut rest, key)?,
            }
        }
        Ok(Property {
            name: name.flatten(),
            value: value.flatten(),
            rest,
        })
    }
}
