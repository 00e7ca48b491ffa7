//! A CPE name: the eleven attributes of a WFN, parsed from either binding, written as a CPE 2.3
//! formatted string.

use std::fmt;
use std::str::FromStr;

use crate::attribute::{check_value, is_language_tag};
use crate::{Attribute, AttributeValue, CpeError, Part, ValueString, uri};

/// The prefix of the CPE 2.3 formatted-string binding.
pub(crate) const FORMATTED_PREFIX: &str = "cpe:2.3:";

/// A CPE name (a WFN, NISTIR 7695 §5): a part and ten attribute values.
///
/// [`FromStr`] reads both bindings strictly: the CPE 2.3 formatted string (`cpe:2.3:a:…`, 11
/// components, §6.2) and the CPE 2.2 URI (`cpe:/a:…`, §6.1); [`Display`](fmt::Display) writes
/// the formatted string, [`Cpe::to_uri`] the URI. "Strictly" means by the patterns of the
/// CycloneDX 1.6 XSD and spdx-tools, so that whatever parses passes both validators.
/// [`Cpe::repair`] reads the slightly broken names real SBOMs carry.
///
/// ```
/// use tplc_cpe::{Attribute, Cpe, Part};
///
/// let cpe: Cpe = r"cpe:2.3:a:azure:azure-sdk-for-go:v57.0.0\+incompatible:*:*:*:*:*:*:*".parse()?;
/// assert_eq!(cpe.part(), Part::Application);
/// assert_eq!(cpe.get(Attribute::Version).to_string(), r"v57.0.0\+incompatible");
/// assert_eq!(cpe.to_uri(), "cpe:/a:azure:azure-sdk-for-go:v57.0.0%2bincompatible");
///
/// let repaired = Cpe::repair("cpe:2.3:a:Azure:azure-sdk-for-go:v57.0.0+incompatible:*:*:*:*:*:*:*")?;
/// assert_eq!(
///     repaired.to_string(),
///     r"cpe:2.3:a:Azure:azure-sdk-for-go:v57.0.0\+incompatible:*:*:*:*:*:*:*"
/// );
/// # Ok::<(), tplc_cpe::CpeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cpe {
    part: Part,
    /// `vendor` to `other`, in binding order.
    values: [AttributeValue; 10],
}

impl Cpe {
    /// A name of this part with every other attribute ANY.
    #[must_use]
    pub const fn new(part: Part) -> Self {
        Self {
            part,
            values: [const { AttributeValue::Any }; 10],
        }
    }

    /// The same name with one attribute set (`part` included, given as its character's
    /// value string: `a`, `o` or `h`; or the logical values).
    ///
    /// # Errors
    ///
    /// When `part` is given a value string other than `a`, `o` or `h`, or `language` a value
    /// string that is not a language tag (`en`, `en-us`, `es-419`).
    pub fn with(mut self, attribute: Attribute, value: AttributeValue) -> Result<Self, CpeError> {
        let Some(slot) = slot(attribute) else {
            self.part = match &value {
                AttributeValue::Any => Part::Any,
                AttributeValue::NotApplicable => Part::NotApplicable,
                AttributeValue::Value(text) => {
                    let mut characters = text.as_str().chars();
                    match (
                        characters.next().and_then(Part::from_char),
                        characters.next(),
                    ) {
                        (Some(part), None) => part,
                        _ => {
                            return Err(CpeError::new(
                                text.as_str(),
                                "part must be \"a\", \"o\" or \"h\"",
                            ));
                        }
                    }
                }
            };
            return Ok(self);
        };
        if attribute == Attribute::Language
            && let AttributeValue::Value(text) = &value
            && !is_language_tag(text.as_str())
        {
            return Err(CpeError::new(
                text.as_str(),
                "language must be a language tag such as \"en\" or \"en-us\"",
            ));
        }
        self.values[slot] = value;
        Ok(self)
    }

    /// The `part` attribute.
    #[must_use]
    pub const fn part(&self) -> Part {
        self.part
    }

    /// The value of an attribute; for [`Attribute::Part`], the part as a value (`a`, `o`, `h`
    /// as value strings, or the logical values).
    #[must_use]
    pub fn get(&self, attribute: Attribute) -> AttributeValue {
        match slot(attribute) {
            Some(slot) => self.values[slot].clone(),
            None => match self.part {
                Part::Any => AttributeValue::Any,
                Part::NotApplicable => AttributeValue::NotApplicable,
                part => AttributeValue::Value(ValueString(part.as_char().to_string())),
            },
        }
    }

    /// The `vendor` attribute.
    #[must_use]
    pub const fn vendor(&self) -> &AttributeValue {
        &self.values[0]
    }

    /// The `product` attribute.
    #[must_use]
    pub const fn product(&self) -> &AttributeValue {
        &self.values[1]
    }

    /// The `version` attribute.
    #[must_use]
    pub const fn version(&self) -> &AttributeValue {
        &self.values[2]
    }

    /// The `update` attribute.
    #[must_use]
    pub const fn update(&self) -> &AttributeValue {
        &self.values[3]
    }

    /// The `edition` attribute.
    #[must_use]
    pub const fn edition(&self) -> &AttributeValue {
        &self.values[4]
    }

    /// The `language` attribute.
    #[must_use]
    pub const fn language(&self) -> &AttributeValue {
        &self.values[5]
    }

    /// The `sw_edition` attribute.
    #[must_use]
    pub const fn sw_edition(&self) -> &AttributeValue {
        &self.values[6]
    }

    /// The `target_sw` attribute.
    #[must_use]
    pub const fn target_sw(&self) -> &AttributeValue {
        &self.values[7]
    }

    /// The `target_hw` attribute.
    #[must_use]
    pub const fn target_hw(&self) -> &AttributeValue {
        &self.values[8]
    }

    /// The `other` attribute.
    #[must_use]
    pub const fn other(&self) -> &AttributeValue {
        &self.values[9]
    }

    /// Parses a CPE 2.3 formatted string (NISTIR 7695 §6.2): `cpe:2.3:` and eleven components
    /// separated by unquoted `:`.
    ///
    /// # Errors
    ///
    /// When the prefix is not `cpe:2.3:`, there are not eleven components, or a component
    /// breaks the binding (see [`ValueString`]); the error names the attribute and column.
    pub fn parse_formatted(text: &str) -> Result<Self, CpeError> {
        let Some(rest) = text.strip_prefix(FORMATTED_PREFIX) else {
            return Err(CpeError::new(text, "expected the prefix \"cpe:2.3:\""));
        };
        let components = split_components(rest);
        if components.len() != 11 {
            return Err(CpeError::new(
                text,
                format!(
                    "{} components, expected 11 (part to other)",
                    components.len()
                ),
            ));
        }
        let mut cpe = Self::new(Part::Any);
        for (attribute, (offset, component)) in Attribute::ALL.into_iter().zip(components) {
            let column = |within: usize| {
                text[..FORMATTED_PREFIX.len() + offset + within]
                    .chars()
                    .count()
                    + 1
            };
            let fail = |within: usize, reason: &str| {
                CpeError::new(
                    text,
                    format!("{attribute}, column {}: {reason}", column(within)),
                )
            };
            if attribute == Attribute::Part {
                let mut characters = component.chars();
                cpe.part = match (
                    characters.next().and_then(Part::from_char),
                    characters.next(),
                ) {
                    (Some(part), None) => part,
                    _ => return Err(fail(0, "expected \"a\", \"o\", \"h\", \"*\" or \"-\"")),
                };
                continue;
            }
            let value = match component {
                "*" => AttributeValue::Any,
                "-" => AttributeValue::NotApplicable,
                _ if attribute == Attribute::Language => {
                    if !is_language_tag(component) {
                        return Err(fail(
                            0,
                            "expected a language tag such as \"en\" or \"en-us\", \"*\" or \"-\"",
                        ));
                    }
                    AttributeValue::Value(ValueString(component.to_owned()))
                }
                _ => {
                    check_value(component).map_err(|(within, reason)| fail(within, &reason))?;
                    AttributeValue::Value(ValueString(component.to_owned()))
                }
            };
            cpe.set(attribute, value);
        }
        Ok(cpe)
    }

    /// Parses a CPE 2.2 URI (NISTIR 7695 §6.1): `cpe:/`, the part and at most six more
    /// components of letters, digits, `.`, `_`, `-`, `~` and percent-encoded characters; an
    /// edition starting with `~` packs `edition~sw_edition~target_sw~target_hw~other`.
    ///
    /// # Errors
    ///
    /// When the text breaks the URI pattern of the CycloneDX XSD and spdx-tools, holds a
    /// percent-encoding of a character no CPE carries, or a wildcard in the middle of a value.
    pub fn parse_uri(text: &str) -> Result<Self, CpeError> {
        uri::parse(text)
    }

    /// The CPE 2.2 URI binding of the name (NISTIR 7695 §6.1.2): wildcards as `%01` and `%02`,
    /// quoted characters percent-encoded, the CPE 2.3 attributes packed into the edition.
    #[must_use]
    pub fn to_uri(&self) -> String {
        uri::bind(self)
    }

    /// Reads a CPE the way real SBOMs write them, repairing what the binding rules break:
    /// surrounding white space, an uppercase prefix or part, unquoted punctuation
    /// (`v1.0+incompatible` → `v1.0\+incompatible`), needless quoting (`\.` → `.`), wildcards
    /// in the middle of a value (quoted, as literal characters), empty components (ANY),
    /// spaces in values (`_`, as NVD writes them), a formatted string with fewer than eleven
    /// components (the missing ones ANY), and, in a URI, characters outside its alphabet
    /// (percent-encoded). A valid name is returned as [`FromStr`] reads it.
    ///
    /// # Errors
    ///
    /// When the text is no CPE at all, has more than eleven components (an unquoted `:` inside
    /// a value cannot be told from a separator), a part other than `a`, `o`, `h`, `*`, `-`, a
    /// language that is not a language tag, non-ASCII text, or a value made only of
    /// wildcards.
    pub fn repair(text: &str) -> Result<Self, CpeError> {
        crate::repair::repair(text)
    }

    /// Sets an attribute other than `part` (see [`Self::set_part`]).
    pub(crate) fn set(&mut self, attribute: Attribute, value: AttributeValue) {
        if let Some(slot) = slot(attribute) {
            self.values[slot] = value;
        }
    }

    pub(crate) const fn set_part(&mut self, part: Part) {
        self.part = part;
    }
}

/// Where an attribute other than `part` lives in [`Cpe::values`].
const fn slot(attribute: Attribute) -> Option<usize> {
    match attribute {
        Attribute::Part => None,
        Attribute::Vendor => Some(0),
        Attribute::Product => Some(1),
        Attribute::Version => Some(2),
        Attribute::Update => Some(3),
        Attribute::Edition => Some(4),
        Attribute::Language => Some(5),
        Attribute::SwEdition => Some(6),
        Attribute::TargetSw => Some(7),
        Attribute::TargetHw => Some(8),
        Attribute::Other => Some(9),
    }
}

/// Splits the components of a formatted string at the `:` that no `\` quotes; each with its
/// byte offset.
pub(crate) fn split_components(text: &str) -> Vec<(usize, &str)> {
    let mut components = Vec::with_capacity(11);
    let bytes = text.as_bytes();
    let (mut start, mut index) = (0, 0);
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b':' => {
                components.push((start, &text[start..index]));
                index += 1;
                start = index;
            }
            _ => index += 1,
        }
    }
    // A `\` just before the end may have stepped past it.
    components.push((start, &text[start.min(text.len())..]));
    components
}

impl FromStr for Cpe {
    type Err = CpeError;

    /// Parses either binding strictly: `cpe:2.3:` → [`Cpe::parse_formatted`], `cpe:/` (with
    /// the URI pattern's case rules) → [`Cpe::parse_uri`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.starts_with(FORMATTED_PREFIX) {
            Self::parse_formatted(text)
        } else if uri::has_prefix(text) {
            Self::parse_uri(text)
        } else {
            Err(CpeError::new(
                text,
                "expected a CPE 2.3 formatted string (\"cpe:2.3:\") or a CPE 2.2 URI (\"cpe:/\")",
            ))
        }
    }
}

impl fmt::Display for Cpe {
    /// The CPE 2.3 formatted string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{FORMATTED_PREFIX}{}", self.part.as_char())?;
        for value in &self.values {
            write!(f, ":{value}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatted_strings_parse_and_display_unchanged() {
        for text in [
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
            r"cpe:2.3:a:*:\@popperjs\/core:2.9.2:*:*:*:*:*:*:*",
            "cpe:2.3:o:linux:linux_kernel:5.*:-:-:en-us:-:-:x64:-",
            r"cpe:2.3:h:cisco:router\:x:??1:*:*:*:*:*:*:*",
            "cpe:2.3:*:-:*:*:*:*:*:*:*:*:*",
        ] {
            let cpe: Cpe = text.parse().unwrap();
            assert_eq!(cpe.to_string(), text);
        }
        let cpe: Cpe = r"cpe:2.3:h:cisco:router\:x:??1:*:*:*:*:*:*:*"
            .parse()
            .unwrap();
        assert_eq!(cpe.product().to_string(), r"router\:x");
        assert_eq!(cpe.version().value().unwrap().unquoted(), "??1");
        assert_eq!(cpe.get(Attribute::Part).to_string(), "h");
    }

    #[test]
    fn formatted_string_errors_name_attribute_and_column() {
        let reason = |text: &str| Cpe::parse_formatted(text).unwrap_err().reason().to_owned();
        assert_eq!(
            reason("cpe:2.3:a:Azure:azure-sdk-for-go:v57.0.0+incompatible:*:*:*:*:*:*:*"),
            r#"version, column 41: '+' must be quoted as "\+""#
        );
        assert_eq!(
            reason("cpe:2.3:a:x:y"),
            "3 components, expected 11 (part to other)"
        );
        assert_eq!(
            reason("cpe:2.3:A:x:y:*:*:*:*:*:*:*:*"),
            r#"part, column 9: expected "a", "o", "h", "*" or "-""#
        );
        assert!(reason("cpe:2.3:a:x:y:*:*:*:english:*:*:*:*").starts_with("language, column 21"));
        assert!(reason("cpe:2.3:a:x::*:*:*:*:*:*:*:*").starts_with("product, column 13"));
        assert_eq!(
            reason("CPE:2.3:a:x:y:*:*:*:*:*:*:*:*"),
            "expected the prefix \"cpe:2.3:\""
        );
        assert!(reason("cpe:2.3:a:x:y:*:*:*:*:*:*:*:\\").starts_with("other, column 29"));
    }

    #[test]
    fn attributes_can_be_set() {
        let cpe = Cpe::new(Part::Application)
            .with(
                Attribute::Vendor,
                AttributeValue::Value(
                    ValueString::literal("acme inc")
                        .unwrap_or_else(|_| ValueString::literal("acme_inc").unwrap()),
                ),
            )
            .unwrap()
            .with(Attribute::Language, AttributeValue::NotApplicable)
            .unwrap()
            .with(
                Attribute::Part,
                AttributeValue::Value(ValueString::new("o").unwrap()),
            )
            .unwrap();
        assert_eq!(cpe.to_string(), "cpe:2.3:o:acme_inc:*:*:*:*:-:*:*:*:*");
        assert!(
            Cpe::new(Part::Any)
                .with(
                    Attribute::Language,
                    AttributeValue::Value(ValueString::new("english").unwrap())
                )
                .is_err()
        );
        assert!(
            Cpe::new(Part::Any)
                .with(
                    Attribute::Part,
                    AttributeValue::Value(ValueString::new("x").unwrap())
                )
                .is_err()
        );
    }
}
