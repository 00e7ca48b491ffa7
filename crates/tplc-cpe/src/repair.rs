//! Reading the slightly broken CPE names real SBOMs carry (see [`Cpe::repair`]).

use crate::attribute::{
    Token, check_value, is_language_tag, is_quotable, is_unreserved, tokens, unrepresentable,
};
use crate::cpe::split_components;
use crate::{Attribute, AttributeValue, Cpe, CpeError, Part, ValueString, uri};

/// Repairs a CPE in either binding (see [`Cpe::repair`]).
pub(crate) fn repair(text: &str) -> Result<Cpe, CpeError> {
    let trimmed = text.trim();
    if let Some(rest) = strip_prefix_ignoring_case(trimmed, "cpe:2.3:") {
        formatted(text, rest)
    } else if let Some(rest) = strip_prefix_ignoring_case(trimmed, "cpe:/") {
        uri_components(text, rest)
    } else {
        Err(CpeError::new(
            text,
            "not a cpe: expected \"cpe:2.3:\" or \"cpe:/\"",
        ))
    }
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn formatted(input: &str, rest: &str) -> Result<Cpe, CpeError> {
    let components = split_components(rest);
    if components.len() > 11 {
        return Err(CpeError::new(
            input,
            format!(
                "{} components: more than 11, and an unquoted \":\" inside a value cannot be told from a separator",
                components.len()
            ),
        ));
    }
    let mut cpe = Cpe::new(Part::Any);
    let padded = components
        .into_iter()
        .map(|(_, component)| component)
        .chain(std::iter::repeat("*"));
    for (attribute, component) in Attribute::ALL.into_iter().zip(padded) {
        let component = component.trim();
        let fail = |reason: String| CpeError::new(input, format!("{attribute}: {reason}"));
        match attribute {
            Attribute::Part => {
                let part = match component {
                    "" => Some(Part::Any),
                    _ if component.len() == 1 => component
                        .chars()
                        .next()
                        .and_then(|character| Part::from_char(character.to_ascii_lowercase())),
                    _ => None,
                };
                cpe.set_part(part.ok_or_else(|| {
                    fail(format!(
                        "{component:?} is not \"a\", \"o\", \"h\", \"*\" or \"-\""
                    ))
                })?);
            }
            Attribute::Language => {
                let value = match component {
                    "" | "*" => AttributeValue::Any,
                    "-" => AttributeValue::NotApplicable,
                    _ => {
                        let tag = component.replace(['_'], "-").replace("\\-", "-");
                        if !is_language_tag(&tag) {
                            return Err(fail(format!("{component:?} is not a language tag")));
                        }
                        AttributeValue::Value(ValueString(tag))
                    }
                };
                cpe.set(attribute, value);
            }
            _ => cpe.set(attribute, value(component).map_err(fail)?),
        }
    }
    Ok(cpe)
}

/// One formatted-string component, repaired.
fn value(text: &str) -> Result<AttributeValue, String> {
    match text {
        "" | "*" => return Ok(AttributeValue::Any),
        "-" => return Ok(AttributeValue::NotApplicable),
        _ => {}
    }
    let tokens: Vec<Token> = tokens(text)
        .map(|token| match token {
            Token::Plain(character) | Token::Quoted(character) if character == ' ' => {
                Token::Plain('_')
            }
            token => token,
        })
        .collect();
    let leading = if tokens.first() == Some(&Token::Plain('*')) {
        1
    } else {
        tokens
            .iter()
            .take_while(|token| **token == Token::Plain('?'))
            .count()
    };
    let body = &tokens[leading..];
    let trailing = if body.last() == Some(&Token::Plain('*')) {
        1
    } else {
        body.iter()
            .rev()
            .take_while(|token| **token == Token::Plain('?'))
            .count()
    };
    if trailing == body.len() {
        return Err(format!("{text:?} is only wildcards"));
    }
    let mut repaired = String::with_capacity(text.len() + 4);
    for (index, token) in tokens.iter().enumerate() {
        let at_edge = index < leading || index >= tokens.len() - trailing;
        match *token {
            Token::Plain(wildcard @ ('*' | '?')) if at_edge => repaired.push(wildcard),
            Token::Plain(character) | Token::Quoted(character) if is_unreserved(character) => {
                repaired.push(character);
            }
            Token::Plain(character) | Token::Quoted(character) if is_quotable(character) => {
                repaired.push('\\');
                repaired.push(character);
            }
            Token::Plain(character) | Token::Quoted(character) => {
                return Err(unrepresentable(character));
            }
        }
    }
    if repaired == "-" {
        return Ok(AttributeValue::NotApplicable);
    }
    check_value(&repaired)
        .map(|()| AttributeValue::Value(ValueString(repaired.clone())))
        .map_err(|(_, reason)| format!("{text:?} repaired as {repaired:?}: {reason}"))
}

/// A URI with the characters outside its alphabet percent-encoded, then parsed strictly.
fn uri_components(input: &str, rest: &str) -> Result<Cpe, CpeError> {
    let mut repaired = String::from("cpe:/");
    for (index, component) in rest.split(':').enumerate() {
        if index > 0 {
            repaired.push(':');
        }
        let component = component.trim();
        if index == 0 {
            repaired.push_str(&component.to_ascii_lowercase());
            continue;
        }
        for (position, character) in component.char_indices() {
            let escape = character == '%'
                && component
                    .get(position + 1..position + 3)
                    .is_some_and(|hex| hex.bytes().all(|byte| byte.is_ascii_hexdigit()));
            match character {
                '%' if escape => repaired.push('%'),
                ' ' => repaired.push('_'),
                _ if character.is_ascii_alphanumeric()
                    || matches!(character, '.' | '_' | '-' | '~') =>
                {
                    repaired.push(character);
                }
                _ if character.is_ascii_graphic() => {
                    repaired.push_str(&format!("%{:02x}", u32::from(character)));
                }
                _ => {
                    return Err(CpeError::new(
                        input,
                        format!("column {}: {}", position + 1, unrepresentable(character)),
                    ));
                }
            }
        }
    }
    uri::parse(&repaired).map_err(|error| CpeError::new(input, error.reason()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> String {
        repair(text)
            .unwrap_or_else(|error| panic!("{error}"))
            .to_string()
    }

    #[test]
    fn formatted_strings_are_repaired() {
        assert_eq!(
            repaired("cpe:2.3:a:Azure:azure-sdk-for-go:v57.0.0+incompatible:*:*:*:*:*:*:*"),
            r"cpe:2.3:a:Azure:azure-sdk-for-go:v57.0.0\+incompatible:*:*:*:*:*:*:*"
        );
        assert_eq!(
            repaired(" CPE:2.3:A:x:y:1\\.0:*:*:*:*:*:*:* "),
            "cpe:2.3:a:x:y:1.0:*:*:*:*:*:*:*"
        );
        assert_eq!(
            repaired("cpe:2.3:a:x:y:1.0"),
            "cpe:2.3:a:x:y:1.0:*:*:*:*:*:*:*"
        );
        assert_eq!(
            repaired("cpe:2.3:a:x:my product:1*2::*:en_us:*:*:*"),
            r"cpe:2.3:a:x:my_product:1\*2:*:*:en-us:*:*:*:*"
        );
        assert_eq!(
            repaired("cpe:2.3:a:x:*y*:??1?:*:*:*:*:*:*:*"),
            "cpe:2.3:a:x:*y*:??1?:*:*:*:*:*:*:*"
        );
        assert_eq!(
            repaired("cpe:2.3:a:x:@scope/name:1:*:*:*:*:*:*:*"),
            r"cpe:2.3:a:x:\@scope\/name:1:*:*:*:*:*:*:*"
        );
    }

    #[test]
    fn hopeless_names_are_errors() {
        for text in [
            "pkg:npm/x@1",
            "cpe:2.3:a:x:y:1:2:3:4:5:6:7:8:9",
            "cpe:2.3:q:x:y:*:*:*:*:*:*:*:*",
            "cpe:2.3:a:x:y:*:*:*:english:*:*:*:*",
            "cpe:2.3:a:x:é:*:*:*:*:*:*:*:*",
            "cpe:2.3:a:x:??:*:*:*:*:*:*:*:*",
            "cpe:/a:x:y:z:1:2:3:4",
            "cpe:/a:é",
        ] {
            assert!(repair(text).is_err(), "{text}");
        }
    }

    #[test]
    fn uris_are_repaired() {
        assert_eq!(
            repair("CPE:/A:foo bar:x+y:1%2").unwrap().to_uri(),
            "cpe:/a:foo_bar:x%2by:1%252"
        );
        let valid = "cpe:/o:redhat:enterprise_linux:7::server";
        assert_eq!(repair(valid).unwrap(), valid.parse().unwrap());
    }
}
