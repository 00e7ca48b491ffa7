//! Property tests: every scheme's ordering is a total order on versions of that ecosystem's
//! shape (and on arbitrary text where the scheme accepts it), equality and hashing agree with
//! the ordering, and parsing the displayed text gives an equal version.

use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use proptest::prelude::*;
use tplc_version::{Scheme, Version};

/// The number of cases: `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn hash_of(version: &Version) -> u64 {
    let mut hasher = DefaultHasher::new();
    version.hash(&mut hasher);
    hasher.finish()
}

/// Checks the total-order laws on `texts` parsed under `scheme` (unparsable texts are
/// dropped; for shaped strategies the caller asserts they parse).
fn check_total_order(
    scheme: Scheme,
    texts: &[String],
    must_parse: bool,
) -> Result<(), TestCaseError> {
    let mut versions = Vec::new();
    for text in texts {
        match scheme.parse(text) {
            Ok(v) => versions.push(v),
            Err(err) => prop_assert!(!must_parse, "{err}"),
        }
    }
    for v in &versions {
        prop_assert_eq!(v.cmp(v), Ordering::Equal);
        prop_assert_eq!(v.scheme(), scheme);
        let again = scheme.parse(&v.to_string()).expect("displayed text parses");
        prop_assert_eq!(&again, v);
        prop_assert_eq!(again.as_str(), v.as_str());
    }
    for a in &versions {
        for b in &versions {
            let ab = a.cmp(b);
            prop_assert_eq!(ab, b.cmp(a).reverse(), "antisymmetry: {} vs {}", a, b);
            prop_assert_eq!(
                ab == Ordering::Equal,
                a == b,
                "Eq agrees with Ord: {} vs {}",
                a,
                b
            );
            if a == b {
                prop_assert_eq!(
                    hash_of(a),
                    hash_of(b),
                    "Hash agrees with Eq: {} vs {}",
                    a,
                    b
                );
            }
        }
    }
    let mut sorted = versions.clone();
    sorted.sort();
    for (i, a) in sorted.iter().enumerate() {
        for b in sorted.iter().skip(i + 1) {
            prop_assert_ne!(
                a.cmp(b),
                Ordering::Greater,
                "transitivity: {} sorted before {}",
                a,
                b
            );
        }
    }
    Ok(())
}

fn shaped(pattern: &'static str) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        proptest::string::string_regex(pattern).expect("valid regex"),
        2..10,
    )
}

macro_rules! scheme_properties {
    ($($name:ident: $scheme:expr, $shape:expr, $noise:expr;)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(cases(192)))]
            $(
                #[test]
                fn $name(shaped_texts in shaped($shape), noise in shaped($noise)) {
                    check_total_order($scheme, &shaped_texts, true)?;
                    check_total_order($scheme, &noise, false)?;
                    let mut mixed = shaped_texts.clone();
                    mixed.extend(noise);
                    check_total_order($scheme, &mixed, false)?;
                }
            )*
        }
    };
}

scheme_properties! {
    semver_total_order: Scheme::Semver,
        r"v?[0-9]{1,3}(\.0?[0-9]{1,2}){0,2}(-[0-9A-Za-z]{1,3}(\.[0-9A-Za-z-]{1,3}){0,2})?(\+[0-9a-z]{1,3})?",
        r"[0-9vV.+a-z-]{1,12}";
    go_total_order: Scheme::Go,
        r"v[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}(-(0\.)?(2019|2020)[0-9]{2}-[0-9a-f]{3}|-[a-z]{1,3}(\.[0-9]{1,2})?)?(\+incompatible)?",
        r"v?[0-9.a-z+-]{1,12}";
    pep440_total_order: Scheme::Pep440,
        r"([0-9]!)?[0-9]{1,2}(\.[0-9]{1,2}){0,3}((a|b|rc|c|alpha|beta|pre|preview)[0-9]{0,2})?(\.post[0-9]{0,2}|-[0-9])?(\.dev[0-9]{0,2})?(\+[a-z0-9]{1,3}([._-][a-z0-9]{1,3})?)?",
        r"[0-9a-zA-Z!+._-]{1,12}";
    maven_total_order: Scheme::Maven,
        r"[0-9]{1,2}(\.[0-9]{1,2}){0,3}([-.]?(alpha|beta|milestone|rc|cr|snapshot|ga|final|release|sp|a|b|m|foo|x)[0-9]{0,2})?(-[0-9]{1,2})?(-SNAPSHOT)?",
        r"[0-9a-zA-Z.-]{1,12}";
    rubygems_total_order: Scheme::RubyGems,
        r"[0-9]{1,2}(\.[0-9a-z]{1,3}){0,4}(-[0-9a-z]{1,3})?",
        r"[0-9][0-9a-zA-Z.-]{0,11}";
    nuget_total_order: Scheme::NuGet,
        r"[0-9]{1,2}(\.[0-9]{1,2}){0,3}(-[0-9A-Za-z]{1,3}(\.[0-9A-Za-z]{1,3}){0,2})?(\+[0-9a-zA-Z]{1,3})?",
        r"[0-9.a-zA-Z+-]{1,12}";
    composer_total_order: Scheme::Composer,
        r"[vV]?[0-9]{1,2}(\.[0-9]{1,2}){0,3}([-._]?(dev|alpha|a|beta|b|RC|rc|pl|p|patch|foo|#)[0-9]{0,2})?",
        r"[0-9a-zA-Z._+#-]{1,12}";
    dpkg_total_order: Scheme::Dpkg,
        r"([0-9]{1,2}:)?[0-9][0-9a-zA-Z.+~]{0,6}(-[0-9a-z.+~]{1,4})?",
        r"[0-9a-zA-Z.+~:-]{1,12}";
    rpm_total_order: Scheme::Rpm,
        r"([0-9]{1,2}:)?[0-9a-zA-Z._+~^]{1,8}(-[0-9a-z._~^]{1,4})?",
        r"[0-9a-zA-Z._+~^:-]{1,12}";
    apk_total_order: Scheme::Apk,
        r"[0-9]{1,2}(\.0?[0-9]{1,2}){0,3}[a-z]?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p|foo)[0-9]{0,2}){0,2}(-r[0-9]{1,2})?",
        r"[0-9a-zA-Z._~-]{1,12}";
    generic_total_order: Scheme::Generic,
        r"[0-9]{1,3}([.-][0-9a-z]{1,3}){0,4}",
        r"[0-9a-zA-Z._~ -]{1,12}";
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    /// No scheme panics on arbitrary text, and parse errors are one line naming the input.
    #[test]
    fn parsing_arbitrary_text_never_panics(text in "\\PC{0,24}") {
        for scheme in Scheme::all() {
            match scheme.parse(&text) {
                Ok(v) => prop_assert_eq!(v.as_str(), text.as_str()),
                Err(err) => {
                    let message = err.to_string();
                    prop_assert!(!message.contains('\n'));
                    prop_assert!(message.contains(scheme.name()));
                }
            }
        }
    }

    /// Versions of different schemes order by scheme first.
    #[test]
    fn schemes_order_first(a in "[0-9]{1,2}\\.[0-9]{1,2}", b in "[0-9]{1,2}\\.[0-9]{1,2}") {
        let x = Scheme::Semver.parse(&a).unwrap();
        let y = Scheme::Pep440.parse(&b).unwrap();
        prop_assert_eq!(x.cmp(&y), Ordering::Less);
        prop_assert_ne!(x, y);
    }
}
