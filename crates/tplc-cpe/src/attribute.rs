//! The attributes of a well-formed CPE name (WFN, NISTIR 7695 §5) and their values.

use std::fmt;

/// The eleven attributes of a WFN, in the order both bindings write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Attribute {
    /// `part`: application, operating system or hardware.
    Part,
    /// `vendor`.
    Vendor,
    /// `product`.
    Product,
    /// `version`.
    Version,
    /// `update`.
    Update,
    /// `edition` (deprecated in CPE 2.3, kept for CPE 2.2 compatibility).
    Edition,
    /// `language`: an RFC 5646 language tag.
    Language,
    /// `sw_edition`.
    SwEdition,
    /// `target_sw`.
    TargetSw,
    /// `target_hw`.
    TargetHw,
    /// `other`.
    Other,
}

impl Attribute {
    /// Every attribute, in binding order.
    pub const ALL: [Self; 11] = [
        Self::Part,
        Self::Vendor,
        Self::Product,
        Self::Version,
        Self::Update,
        Self::Edition,
        Self::Language,
        Self::SwEdition,
        Self::TargetSw,
        Self::TargetHw,
        Self::Other,
    ];

    /// The attribute's name as NISTIR 7695 spells it (`sw_edition`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Part => "part",
            Self::Vendor => "vendor",
            Self::Product => "product",
            Self::Version => "version",
            Self::Update => "update",
            Self::Edition => "edition",
            Self::Language => "language",
            Self::SwEdition => "sw_edition",
            Self::TargetSw => "target_sw",
            Self::TargetHw => "target_hw",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for Attribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `part` attribute: what kind of platform the name is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// `a`: an application.
    Application,
    /// `o`: an operating system.
    OperatingSystem,
    /// `h`: hardware.
    Hardware,
    /// `*`: any part (logical value ANY).
    Any,
    /// `-`: not applicable (logical value NA).
    NotApplicable,
}

impl Part {
    /// The character the formatted-string binding writes: `a`, `o`, `h`, `*` or `-`.
    #[must_use]
    pub const fn as_char(self) -> char {
        match self {
            Self::Application => 'a',
            Self::OperatingSystem => 'o',
            Self::Hardware => 'h',
            Self::Any => '*',
            Self::NotApplicable => '-',
        }
    }

    /// The part a formatted-string character stands for (lowercase only, as the binding says).
    #[must_use]
    pub const fn from_char(character: char) -> Option<Self> {
        match character {
            'a' => Some(Self::Application),
            'o' => Some(Self::OperatingSystem),
            'h' => Some(Self::Hardware),
            '*' => Some(Self::Any),
            '-' => Some(Self::NotApplicable),
            _ => None,
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_char())
    }
}

/// The value of an attribute other than `part`: a logical value or a value string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AttributeValue {
    /// ANY (`*` in a formatted string, empty in a URI).
    Any,
    /// NA, not applicable (`-` in both bindings).
    NotApplicable,
    /// A value string.
    Value(ValueString),
}

impl AttributeValue {
    /// The value as a formatted string binds it: `*`, `-` or the value string.
    #[must_use]
    pub fn as_formatted(&self) -> &str {
        match self {
            Self::Any => "*",
            Self::NotApplicable => "-",
            Self::Value(value) => value.as_str(),
        }
    }

    /// The value string, unless the value is logical.
    #[must_use]
    pub const fn value(&self) -> Option<&ValueString> {
        match self {
            Self::Value(value) => Some(value),
            Self::Any | Self::NotApplicable => None,
        }
    }
}

impl fmt::Display for AttributeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_formatted())
    }
}

/// A value string as the CPE 2.3 formatted-string binding writes it (NISTIR 7695 §6.2): ASCII
/// letters, digits, `-`, `.` and `_` as they are, other printable punctuation quoted with `\`
/// (`v1.0\+incompatible`), and the unquoted wildcards `?` (one character; a run of them) and
/// `*` (any characters; one) only at the start or the end.
///
/// A value string is never empty, never only wildcards, and never the logical values `*` or
/// `-`; these rules are those of the CPE 2.3 pattern of the CycloneDX XML schema and of
/// spdx-tools.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueString(pub(crate) String);

impl ValueString {
    /// A value string in formatted-string form (`azure-sdk-for-go`, `1.0\+incompatible`,
    /// `*beta`).
    ///
    /// # Errors
    ///
    /// When the text breaks the binding's rules: an unquoted punctuation character, a quoted
    /// character that must not be quoted, a wildcard in the middle, spaces or non-ASCII text.
    pub fn new(text: &str) -> Result<Self, crate::CpeError> {
        check_value(text)
            .map(|()| Self(text.to_owned()))
            .map_err(|(column, reason)| {
                crate::CpeError::new(text, format!("column {}: {reason}", column + 1))
            })
    }

    /// The value string for a literal text: every character that needs it is quoted, and `*`
    /// and `?` are literal characters, not wildcards (`1.0+incompatible` →
    /// `1.0\+incompatible`).
    ///
    /// # Errors
    ///
    /// When the text is empty, is `-` (the logical value NA has no literal form in a formatted
    /// string), or holds a character no CPE can carry (white space, control characters,
    /// non-ASCII text).
    pub fn literal(text: &str) -> Result<Self, crate::CpeError> {
        if text == "-" {
            return Err(crate::CpeError::new(
                text,
                "a lone \"-\" is the logical value NA, not a literal",
            ));
        }
        let mut quoted = String::with_capacity(text.len() + 4);
        for (index, character) in text.char_indices() {
            if is_unreserved(character) {
                quoted.push(character);
            } else if is_quotable(character) {
                quoted.push('\\');
                quoted.push(character);
            } else {
                return Err(crate::CpeError::new(
                    text,
                    format!(
                        "column {}: {}",
                        text[..index].chars().count() + 1,
                        unrepresentable(character)
                    ),
                ));
            }
        }
        Self::new(&quoted)
    }

    /// The value as the formatted string writes it, quoting included.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The characters of the value with the quoting removed; wildcards stay as `?` and `*`,
    /// so the result can be ambiguous (a quoted `\*` and a wildcard `*` look alike).
    #[must_use]
    pub fn unquoted(&self) -> String {
        tokens(&self.0)
            .map(|token| match token {
                Token::Plain(character) | Token::Quoted(character) => character,
            })
            .collect()
    }

    /// Whether the value holds an unquoted `*` or `?`, which makes it a pattern.
    #[must_use]
    pub fn has_wildcards(&self) -> bool {
        tokens(&self.0).any(|token| matches!(token, Token::Plain('*' | '?')))
    }
}

impl fmt::Display for ValueString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Characters a formatted string writes unquoted: ASCII letters and digits, `-`, `.`, `_`.
pub(crate) const fn is_unreserved(character: char) -> bool {
    character.is_ascii_alphanumeric() || matches!(character, '-' | '.' | '_')
}

/// Characters a formatted string writes quoted with `\` (the `punc`, `special` and `escape`
/// characters of NISTIR 7695 §6.2.2).
pub(crate) const fn is_quotable(character: char) -> bool {
    matches!(
        character,
        '\\' | '*'
            | '?'
            | '!'
            | '"'
            | '#'
            | '$'
            | '%'
            | '&'
            | '\''
            | '('
            | ')'
            | '+'
            | ','
            | '/'
            | ':'
            | ';'
            | '<'
            | '='
            | '>'
            | '@'
            | '['
            | ']'
            | '^'
            | '`'
            | '{'
            | '|'
            | '}'
            | '~'
    )
}

/// Why a character cannot be in a CPE at all.
pub(crate) fn unrepresentable(character: char) -> String {
    if character.is_whitespace() {
        format!("white space ({character:?}) cannot be in a cpe")
    } else if character.is_control() {
        format!("control character {character:?} cannot be in a cpe")
    } else {
        format!("{character:?} is not a printable ASCII character")
    }
}

/// One character of a value string: as written, or quoted with `\`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token {
    /// A character written as itself.
    Plain(char),
    /// A character written after `\`.
    Quoted(char),
}

/// The characters of a value string; a `\` at the very end stands for itself.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let mut characters = text.chars();
    std::iter::from_fn(move || {
        let character = characters.next()?;
        if character == '\\' {
            Some(characters.next().map_or(Token::Plain('\\'), Token::Quoted))
        } else {
            Some(Token::Plain(character))
        }
    })
}

/// Checks a value string against the formatted-string grammar (the CPE 2.3 pattern of the
/// CycloneDX XSD and spdx-tools): `(\?*|\*?)` then one or more unreserved or quoted
/// characters then `(\?*|\*?)`. The error is the byte offset and the reason.
pub(crate) fn check_value(text: &str) -> Result<(), (usize, String)> {
    if text == "*" || text == "-" {
        return Err((
            0,
            format!("{text:?} alone is a logical value, not a value string"),
        ));
    }
    let bytes = text.as_bytes();
    let mut index = 0;
    if bytes.first() == Some(&b'*') {
        index = 1;
    } else {
        while bytes.get(index) == Some(&b'?') {
            index += 1;
        }
    }
    let body = index;
    loop {
        match bytes.get(index) {
            Some(&byte) if is_unreserved(char::from(byte)) => index += 1,
            Some(b'\\') => match text[index + 1..].chars().next() {
                Some(next) if is_quotable(next) => index += 2,
                Some(next) if is_unreserved(next) => {
                    return Err((index, format!("{next:?} must not be quoted")));
                }
                Some(next) => return Err((index + 1, unrepresentable(next))),
                None => return Err((index, "a value cannot end with a lone \"\\\"".to_owned())),
            },
            _ => break,
        }
    }
    if index == body {
        return Err(match text[index..].chars().next() {
            None | Some('*' | '?') => (
                index,
                "a value needs a character besides its wildcards".to_owned(),
            ),
            Some(character) => (index, problem(character)),
        });
    }
    let trailing = index;
    if bytes.get(index) == Some(&b'*') {
        index += 1;
    } else {
        while bytes.get(index) == Some(&b'?') {
            index += 1;
        }
    }
    match text[index..].chars().next() {
        None => Ok(()),
        Some(_) if index > trailing => {
            let wildcard = char::from(bytes[trailing]);
            Err((
                trailing,
                format!(
                    "the wildcard {wildcard:?} may only start or end a value; quote it as \"\\{wildcard}\""
                ),
            ))
        }
        Some(character) => Err((index, problem(character))),
    }
}

/// What is wrong with an unquoted character that ends the body of a value string.
fn problem(character: char) -> String {
    if is_quotable(character) {
        format!("{character:?} must be quoted as \"\\{character}\"")
    } else {
        unrepresentable(character)
    }
}

/// Whether the text is a language tag as the CPE pattern allows: two or three letters,
/// optionally `-` and a two-letter region or a three-digit area code (`en`, `en-us`, `es-419`).
pub(crate) fn is_language_tag(text: &str) -> bool {
    let (language, region) = match text.split_once('-') {
        Some((language, region)) => (language, Some(region)),
        None => (text, None),
    };
    let language_ok = (2..=3).contains(&language.len())
        && language.bytes().all(|byte| byte.is_ascii_alphabetic());
    let region_ok = region.is_none_or(|region| {
        (region.len() == 2 && region.bytes().all(|byte| byte.is_ascii_alphabetic()))
            || (region.len() == 3 && region.bytes().all(|byte| byte.is_ascii_digit()))
    });
    language_ok && region_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_strings_follow_the_formatted_string_grammar() {
        for valid in [
            "azure-sdk-for-go",
            r"v57.0.0\+incompatible",
            r"\@popperjs\/core",
            "*beta",
            "beta*",
            "??beta??",
            "*b*",
            r"\*",
            r"\\",
            "--",
            "_",
        ] {
            assert!(check_value(valid).is_ok(), "{valid}");
        }
        for (invalid, column) in [
            ("v57.0.0+incompatible", 7),
            ("a*b", 1),
            ("**", 1),
            ("?", 1),
            ("*?a", 1),
            (r"a\.b", 1),
            ("a b", 1),
            ("é", 0),
            ("a\\", 1),
            ("", 0),
            ("*", 0),
            ("-", 0),
        ] {
            let error = check_value(invalid).expect_err(invalid);
            assert_eq!(error.0, column, "{invalid}: {}", error.1);
        }
    }

    #[test]
    fn literals_are_quoted_and_unquoted() {
        let value = ValueString::literal("1.0+incompatible").unwrap();
        assert_eq!(value.as_str(), r"1.0\+incompatible");
        assert_eq!(value.unquoted(), "1.0+incompatible");
        assert!(!value.has_wildcards());
        assert_eq!(ValueString::literal("*").unwrap().as_str(), r"\*");
        assert!(ValueString::new("1.*").unwrap().has_wildcards());
        assert!(ValueString::literal("-").is_err());
        assert!(ValueString::literal("").is_err());
        assert_eq!(
            ValueString::literal("a b").unwrap_err().reason(),
            "column 2: white space (' ') cannot be in a cpe"
        );
    }

    #[test]
    fn language_tags() {
        for valid in ["en", "eng", "en-us", "es-419", "EN-US"] {
            assert!(is_language_tag(valid), "{valid}");
        }
        for invalid in ["e", "engl", "en-u", "en-1234", "en_us", "", "en-", "-us"] {
            assert!(!is_language_tag(invalid), "{invalid}");
        }
    }
}
