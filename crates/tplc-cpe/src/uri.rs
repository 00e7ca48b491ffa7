//! The CPE 2.2 URI binding (NISTIR 7695 §6.1): `cpe:/part:vendor:product:version:update:
//! edition:language`, with the CPE 2.3 attributes packed into the edition.

use crate::attribute::{
    Token, check_value, is_language_tag, is_quotable, is_unreserved, tokens, unrepresentable,
};
use crate::{Attribute, AttributeValue, Cpe, CpeError, Part, ValueString};

/// The attributes of the URI's components after the part.
const URI_ATTRIBUTES: [Attribute; 6] = [
    Attribute::Vendor,
    Attribute::Product,
    Attribute::Version,
    Attribute::Update,
    Attribute::Edition,
    Attribute::Language,
];

/// The attributes packed into an edition that starts with `~`.
const PACKED: [Attribute; 5] = [
    Attribute::Edition,
    Attribute::SwEdition,
    Attribute::TargetSw,
    Attribute::TargetHw,
    Attribute::Other,
];

/// Whether the text starts as the URI pattern requires: `c`, `p` or `P`, `e` or `E`, `:/`.
pub(crate) fn has_prefix(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 5
        && bytes[0] == b'c'
        && matches!(bytes[1], b'p' | b'P')
        && matches!(bytes[2], b'e' | b'E')
        && &bytes[3..5] == b":/"
}

/// Characters a URI component may hold (the XSD's `[A-Za-z0-9\._\-~%]`).
const fn is_uri_character(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-' | b'~' | b'%')
}

/// Parses a URI strictly (see [`Cpe::parse_uri`]).
pub(crate) fn parse(text: &str) -> Result<Cpe, CpeError> {
    if !has_prefix(text) {
        return Err(CpeError::new(text, "expected the prefix \"cpe:/\""));
    }
    let rest = &text[5..];
    let components: Vec<&str> = rest.split(':').collect();
    if components.len() > 7 {
        return Err(CpeError::new(
            text,
            format!(
                "{} components, a URI has at most 7 (part to language)",
                components.len()
            ),
        ));
    }
    let mut offset = 5;
    let mut cpe = Cpe::new(Part::Any);
    for (index, component) in components.iter().enumerate() {
        let attribute = index
            .checked_sub(1)
            .map_or(Attribute::Part, |index| URI_ATTRIBUTES[index]);
        let fail = |reason: &str| {
            CpeError::new(
                text,
                format!("{attribute}, column {}: {reason}", offset + 1),
            )
        };
        if let Some(position) = component.bytes().position(|byte| !is_uri_character(byte)) {
            let character = component[position..].chars().next().unwrap_or_default();
            return Err(CpeError::new(
                text,
                format!(
                    "{attribute}, column {}: {character:?} cannot be in a CPE 2.2 URI",
                    text[..offset + position].chars().count() + 1
                ),
            ));
        }
        match attribute {
            Attribute::Part => cpe.set_part(match *component {
                "" => Part::Any,
                "a" | "A" => Part::Application,
                "o" | "O" => Part::OperatingSystem,
                "h" | "H" => Part::Hardware,
                _ => return Err(fail("expected \"a\", \"o\", \"h\" or nothing")),
            }),
            Attribute::Edition
                if component.starts_with('~') && component.matches('~').count() == 5 =>
            {
                for (attribute, piece) in PACKED.into_iter().zip(component[1..].split('~')) {
                    cpe.set(attribute, decode(piece).map_err(|reason| fail(&reason))?);
                }
            }
            Attribute::Language => {
                let value = decode(component).map_err(|reason| fail(&reason))?;
                if let AttributeValue::Value(tag) = &value
                    && !is_language_tag(tag.as_str())
                {
                    return Err(fail("expected a language tag such as \"en\" or \"en-us\""));
                }
                cpe.set(attribute, value);
            }
            _ => cpe.set(
                attribute,
                decode(component).map_err(|reason| fail(&reason))?,
            ),
        }
        offset += component.len() + 1;
    }
    Ok(cpe)
}

/// One URI component as an attribute value: empty → ANY, `-` → NA; `%01` and `%02` are the
/// wildcards `?` and `*`, other percent-encoded punctuation and `~` are quoted.
fn decode(component: &str) -> Result<AttributeValue, String> {
    match component {
        "" => return Ok(AttributeValue::Any),
        "-" => return Ok(AttributeValue::NotApplicable),
        _ => {}
    }
    let bytes = component.as_bytes();
    let mut value = String::with_capacity(component.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let code = component
                .get(index + 1..index + 3)
                .filter(|hex| hex.bytes().all(|byte| byte.is_ascii_hexdigit()))
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or_else(|| "\"%\" must start a percent-encoding such as \"%2f\"".to_owned())?;
            match char::from(code) {
                '\u{1}' => value.push('?'),
                '\u{2}' => value.push('*'),
                character if is_unreserved(character) => value.push(character),
                character if is_quotable(character) => {
                    value.push('\\');
                    value.push(character);
                }
                character => {
                    return Err(format!(
                        "%{:02x} encodes {}",
                        code,
                        unrepresentable(character)
                    ));
                }
            }
            index += 3;
        } else {
            if byte == b'~' {
                value.push('\\');
            }
            value.push(char::from(byte));
            index += 1;
        }
    }
    match value.as_str() {
        "-" => Ok(AttributeValue::NotApplicable),
        "*" => Ok(AttributeValue::Any),
        _ => check_value(&value)
            .map(|()| AttributeValue::Value(ValueString(value.clone())))
            .map_err(|(_, reason)| format!("{component:?} decodes to {value:?}: {reason}")),
    }
}

/// Binds a name as a URI (see [`Cpe::to_uri`]).
pub(crate) fn bind(cpe: &Cpe) -> String {
    let mut components: Vec<String> = Vec::with_capacity(7);
    components.push(match cpe.part() {
        Part::Any => String::new(),
        part => part.as_char().to_string(),
    });
    for attribute in URI_ATTRIBUTES {
        let packed = PACKED[1..]
            .iter()
            .any(|attribute| cpe.get(*attribute) != AttributeValue::Any);
        if attribute == Attribute::Edition && packed {
            let pieces: Vec<String> = PACKED
                .iter()
                .map(|attribute| encode(&cpe.get(*attribute)))
                .collect();
            components.push(format!("~{}", pieces.join("~")));
        } else {
            components.push(encode(&cpe.get(attribute)));
        }
    }
    while components.last().is_some_and(String::is_empty) {
        components.pop();
    }
    format!("cpe:/{}", components.join(":"))
}

/// One attribute value as a URI component.
fn encode(value: &AttributeValue) -> String {
    let value = match value {
        AttributeValue::Any => return String::new(),
        AttributeValue::NotApplicable => return "-".to_owned(),
        AttributeValue::Value(value) => value,
    };
    let mut encoded = String::with_capacity(value.as_str().len() + 8);
    for token in tokens(value.as_str()) {
        match token {
            Token::Plain('?') => encoded.push_str("%01"),
            Token::Plain('*') => encoded.push_str("%02"),
            Token::Plain(character) if is_unreserved(character) => encoded.push(character),
            Token::Plain(character) | Token::Quoted(character) => {
                let mut buffer = [0; 4];
                for byte in character.encode_utf8(&mut buffer).bytes() {
                    encoded.push_str(&format!("%{byte:02x}"));
                }
            }
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_parse_into_the_eleven_attributes() {
        let cpe = parse("cpe:/a:microsoft:internet_explorer:8.%02:sp%01:~~legacy~x64~~").unwrap();
        assert_eq!(
            cpe.to_string(),
            "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:legacy:x64:*:*"
        );
        let cpe = parse("cpe:/o:redhat:enterprise_linux:7::server:en-us").unwrap();
        assert_eq!(
            cpe.to_string(),
            "cpe:2.3:o:redhat:enterprise_linux:7:*:server:en-us:*:*:*:*"
        );
        let cpe = parse("cpe:/a:foo%21bar:x~y:-").unwrap();
        assert_eq!(cpe.to_string(), r"cpe:2.3:a:foo\!bar:x\~y:-:*:*:*:*:*:*:*");
        assert_eq!(parse("cpe:/").unwrap(), Cpe::new(Part::Any));
        assert_eq!(parse("cPE:/H").unwrap().part(), Part::Hardware);
    }

    #[test]
    fn uri_errors() {
        let reason = |text: &str| parse(text).unwrap_err().reason().to_owned();
        assert_eq!(
            reason("cpe:/a:b:c:d:e:f:g:h"),
            "8 components, a URI has at most 7 (part to language)"
        );
        assert_eq!(
            reason("cpe:/x"),
            "part, column 6: expected \"a\", \"o\", \"h\" or nothing"
        );
        assert_eq!(
            reason("cpe:/a:foo+bar"),
            "vendor, column 11: '+' cannot be in a CPE 2.2 URI"
        );
        assert!(reason("cpe:/a:foo%2").contains("percent-encoding"));
        assert!(reason("cpe:/a:foo%20bar").contains("white space"));
        assert!(reason("cpe:/a:f%02o").contains("wildcard"));
        assert!(reason("cpe:/a:x:y:1:u:e:english").starts_with("language, column 18"));
        assert!(parse("CPE:/a").is_err());
    }

    #[test]
    fn binding_as_uri() {
        let cpe = Cpe::parse_formatted(r"cpe:2.3:a:acme:we\~b:1.*:*:*:*:pro:*:*:*").unwrap();
        assert_eq!(cpe.to_uri(), "cpe:/a:acme:we%7eb:1.%02::~~pro~~~");
        assert_eq!(parse(&cpe.to_uri()).unwrap(), cpe);
        assert_eq!(Cpe::new(Part::Any).to_uri(), "cpe:/");
        assert_eq!(Cpe::new(Part::NotApplicable).to_uri(), "cpe:/-");
    }
}
