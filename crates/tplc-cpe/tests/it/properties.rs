//! Laws of parsing, binding and repairing, with the patterns of the CycloneDX XSD and
//! spdx-tools as the oracle of validity.

use std::sync::LazyLock;

use proptest::prelude::*;
use regex::Regex;
use tplc_cpe::{Attribute, AttributeValue, Cpe, Part, ValueString};

/// The `cpe23Type` pattern of spdx-tools, which is the CPE 2.3 half of `bom:cpe` in
/// `bom-1.6.xsd`.
pub(crate) static FORMATTED: LazyLock<Regex> = LazyLock::new(|| {
    let value = r##"(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$%&'\(\)\+,/:;<=>@\[\]\^`\{\|}~]))+(\?*|\*?))|[\*\-])"##;
    let language = r"(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[\*\-])";
    Regex::new(&format!(
        r"^cpe:2\.3:[aho\*\-](:{value}){{5}}(:{language})(:{value}){{4}}$"
    ))
    .unwrap()
});

/// The `cpe22Type` pattern of spdx-tools, the CPE 2.2 half of `bom:cpe`.
pub(crate) static URI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^c[pP][eE]:/[AHOaho]?(:[A-Za-z0-9\._\-~%]*){0,6}$").unwrap());

fn part() -> impl Strategy<Value = Part> {
    prop_oneof![
        Just(Part::Application),
        Just(Part::OperatingSystem),
        Just(Part::Hardware),
        Just(Part::Any),
        Just(Part::NotApplicable),
    ]
}

/// A value string: a literal of printable ASCII, with wildcards at its ends now and then.
fn value_string() -> impl Strategy<Value = ValueString> {
    (
        "[!-~]{1,8}",
        prop_oneof![Just(""), Just("*"), Just("?"), Just("??")],
        prop_oneof![Just(""), Just("*"), Just("?"), Just("???")],
    )
        .prop_filter_map("a lone hyphen is NA", |(literal, lead, trail)| {
            let literal = ValueString::literal(&literal).ok()?;
            ValueString::new(&format!("{lead}{}{trail}", literal.as_str())).ok()
        })
}

fn attribute_value() -> impl Strategy<Value = AttributeValue> {
    prop_oneof![
        1 => Just(AttributeValue::Any),
        1 => Just(AttributeValue::NotApplicable),
        4 => value_string().prop_map(AttributeValue::Value),
    ]
}

fn language() -> impl Strategy<Value = AttributeValue> {
    prop_oneof![
        Just(AttributeValue::Any),
        Just(AttributeValue::NotApplicable),
        "[a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?"
            .prop_map(|tag| AttributeValue::Value(ValueString::new(&tag).unwrap())),
    ]
}

fn cpe() -> impl Strategy<Value = Cpe> {
    (
        part(),
        proptest::collection::vec(attribute_value(), 9),
        language(),
    )
        .prop_map(|(part, values, language)| {
            let mut cpe = Cpe::new(part);
            let others = Attribute::ALL[1..]
                .iter()
                .filter(|attribute| **attribute != Attribute::Language);
            for (attribute, value) in others.zip(values) {
                cpe = cpe.with(*attribute, value).unwrap();
            }
            cpe.with(Attribute::Language, language).unwrap()
        })
}

/// Text close to a formatted string: eleven components (give or take one) over an alphabet
/// of the characters that matter to the grammar.
fn formatted_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(r"[aAoh\-\.\*\?\\:+@/_~ é0e]{0,4}|en-us|\*|-", 10..=12)
        .prop_map(|components| format!("cpe:2.3:{}", components.join(":")))
}

fn uri_like() -> impl Strategy<Value = String> {
    (
        "[cC][pP][eE]:/",
        proptest::collection::vec(r"[aAh\-\.~%0-9fx_+ ]{0,5}", 0..=8),
    )
        .prop_map(|(prefix, components)| format!("{prefix}{}", components.join(":")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn formatted_strings_round_trip(cpe in cpe()) {
        let text = cpe.to_string();
        prop_assert!(FORMATTED.is_match(&text), "{text}");
        prop_assert_eq!(text.parse::<Cpe>(), Ok(cpe.clone()));
        prop_assert_eq!(Cpe::repair(&text), Ok(cpe));
    }

    #[test]
    fn uris_round_trip(cpe in cpe()) {
        prop_assume!(cpe.part() != Part::NotApplicable);
        let uri = cpe.to_uri();
        prop_assert!(URI.is_match(&uri), "{uri}");
        prop_assert_eq!(uri.parse::<Cpe>(), Ok(cpe.clone()), "{}", uri);
        prop_assert_eq!(Cpe::repair(&uri), Ok(cpe));
    }

    #[test]
    fn formatted_strings_parse_exactly_when_the_pattern_matches(text in formatted_like()) {
        let parsed = Cpe::parse_formatted(&text);
        prop_assert_eq!(parsed.is_ok(), FORMATTED.is_match(&text), "{}: {:?}", text, parsed);
        if let Ok(cpe) = parsed {
            prop_assert_eq!(cpe.to_string(), text);
        }
    }

    #[test]
    fn what_parses_as_a_uri_matches_the_pattern(text in uri_like()) {
        if let Ok(cpe) = Cpe::parse_uri(&text) {
            prop_assert!(URI.is_match(&text), "{text}");
            if cpe.part() != Part::NotApplicable {
                prop_assert_eq!(Cpe::parse_uri(&cpe.to_uri()), Ok(cpe));
            }
        } else if URI.is_match(&text) {
            // The pattern is looser only about percent-encodings, `~` packing, wildcards in
            // the middle and language tags.
            prop_assert!(
                text.contains('%') || text.split(':').nth(7).is_some(),
                "{}: {:?}", text, Cpe::parse_uri(&text)
            );
        }
    }

    #[test]
    fn repaired_names_are_valid(text in prop_oneof![formatted_like(), uri_like(), any::<String>()]) {
        let strict = text.parse::<Cpe>();
        match Cpe::repair(&text) {
            Ok(cpe) => {
                prop_assert!(FORMATTED.is_match(&cpe.to_string()));
                if cpe.part() != Part::NotApplicable {
                    prop_assert!(URI.is_match(&cpe.to_uri()), "{}", cpe.to_uri());
                }
                if let Ok(strict) = strict {
                    prop_assert_eq!(strict, cpe);
                }
            }
            Err(error) => {
                prop_assert!(strict.is_err(), "{}", error);
                prop_assert!(!error.to_string().contains('\n'));
            }
        }
    }
}
