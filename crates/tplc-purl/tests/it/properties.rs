//! Property tests: canonical strings round-trip and the parser never panics.

use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use tplc_purl::Purl;

/// Registered types with special rules, plus a few unregistered ones.
const TYPES: &[&str] = &[
    "npm",
    "pypi",
    "maven",
    "golang",
    "git",
    "github",
    "deb",
    "cpan",
    "mlflow",
    "huggingface",
    "oci",
    "otp",
    "swid",
    "julia",
    "generic",
    "conan",
    "brew",
    "pub",
    "chrome-extension",
    "cocoapods",
    "my.type-x",
    "bintray",
];

/// Text mixing separators, percent signs, case, whitespace and non-ASCII characters.
fn component() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9._~-]{1,12}",
        "[a-zA-Z0-9/@?#&=%:+ .-]{0,12}",
        "\\PC{0,8}",
        Just("..".to_owned()),
        Just("azuredatabricks.net".to_owned()),
    ]
}

/// Qualifier keys, valid and invalid, in mixed case.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z][a-zA-Z0-9._-]{0,8}",
        1 => "[a-z0-9 %]{0,4}",
        1 => Just("uuid".to_owned()),
        1 => Just("tag_id".to_owned()),
        1 => Just("repository_url".to_owned()),
    ]
}

prop_compose! {
    /// A purl built from arbitrary components, or the build error.
    fn built()(
        package_type in prop::sample::select(TYPES),
        namespace in option::of(component()),
        name in component(),
        version in option::of(component()),
        qualifiers in btree_map(key(), component(), 0..4),
        subpath in option::of(vec(component(), 0..4).prop_map(|segments| segments.join("/"))),
    ) -> Result<Purl, tplc_purl::PurlError> {
        let mut builder = Purl::builder(package_type, name);
        if let Some(namespace) = namespace {
            builder = builder.namespace(namespace);
        }
        if let Some(version) = version {
            builder = builder.version(version);
        }
        for (key, value) in qualifiers {
            builder = builder.qualifier(key, value);
        }
        if let Some(subpath) = subpath {
            builder = builder.subpath(subpath);
        }
        builder.build()
    }
}

/// Strings that look like purls: separators and escapes in random places.
fn purl_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "(pkg|PKG|pkg%3A|)[:/]{0,3}[a-zA-Z0-9.+-]{0,6}(/[a-zA-Z0-9@%:._~ -]{0,8}){0,4}(@[a-zA-Z0-9%:._-]{0,6})?(\\?[a-zA-Z0-9=&%_.-]{0,16})?(#[a-zA-Z0-9/%. ]{0,12})?",
        "pkg:[a-z]{1,6}/[\\PC/@?#&=%]{0,24}",
        "\\PC{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn built_purls_round_trip_through_their_canonical_string(built in built()) {
        if let Ok(purl) = built {
            let canonical = purl.to_string();
            let reparsed = Purl::parse_strict(&canonical);
            prop_assert_eq!(reparsed.as_ref(), Ok(&purl), "strict parse of {}", canonical);
            let lenient = canonical.parse::<Purl>();
            prop_assert_eq!(lenient.as_ref(), Ok(&purl), "lenient parse of {}", canonical);
            prop_assert_eq!(purl.without_version().to_string().parse::<Purl>(), Ok(purl.without_version()));
        }
    }

    #[test]
    fn parsed_purls_round_trip_and_parsers_agree(text in purl_like()) {
        check_invariants(&text);
    }

    #[test]
    fn parser_never_panics_and_errors_are_one_line(text in prop_oneof![purl_like(), any::<String>()]) {
        for result in [Purl::parse(&text), Purl::parse_strict(&text)] {
            if let Err(error) = result {
                let message = error.to_string();
                prop_assert!(!message.contains('\n'), "{}", message);
                prop_assert!(message.starts_with("invalid purl "), "{}", message);
            }
        }
    }
}

/// The invariants of the fuzz target `fuzz/fuzz_targets/purl.rs`, run on one input: strict
/// success implies lenient success with an equal purl, and a parsed purl's canonical string
/// re-parses (strictly and leniently) to an equal purl with the same canonical string.
fn check_invariants(text: &str) {
    let strict = Purl::parse_strict(text);
    let Ok(purl) = text.parse::<Purl>() else {
        assert!(
            strict.is_err(),
            "strict parse accepted what lenient parse rejected: {text:?}"
        );
        return;
    };
    if let Ok(strict) = strict {
        assert_eq!(
            strict, purl,
            "strict and lenient parses differ for {text:?}"
        );
    }
    let canonical = purl.to_string();
    let reparsed = canonical
        .parse::<Purl>()
        .expect("a canonical purl re-parses");
    assert_eq!(reparsed, purl, "{text:?} -> {canonical:?}");
    assert_eq!(reparsed.to_string(), canonical);
    assert_eq!(
        Purl::parse_strict(&canonical).as_ref(),
        Ok(&purl),
        "canonical purls are strictly valid"
    );
    let package = purl.without_version();
    assert_eq!(package.to_string().parse::<Purl>(), Ok(package));
}
