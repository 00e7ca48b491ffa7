//! OSV event ranges and `vers:` ranges: the known traps.

use tplc_version::{EventKind, EventRange, Scheme, VersRange};

use EventKind::{Fixed, Introduced, LastAffected, Limit};

fn range(scheme: Scheme, events: &[(EventKind, &str)]) -> EventRange {
    EventRange::new(scheme, events.iter().copied()).expect("events parse")
}

fn affected(range: &EventRange, version: &str) -> bool {
    range.contains(&range.scheme().parse(version).expect("version parses"))
}

#[test]
fn several_introduced_fixed_pairs_in_one_range() {
    // Given out of order on purpose: evaluation sorts the events.
    let r = range(
        Scheme::Semver,
        &[
            (Introduced, "2.0.0"),
            (Fixed, "1.5.0"),
            (Introduced, "1.0.0"),
            (Fixed, "2.5.0"),
        ],
    );
    assert!(!affected(&r, "0.9.0"));
    assert!(affected(&r, "1.0.0"));
    assert!(affected(&r, "1.4.9"));
    assert!(!affected(&r, "1.5.0"));
    assert!(!affected(&r, "1.9.9"));
    assert!(affected(&r, "2.0.0"));
    assert!(affected(&r, "2.4.0"));
    assert!(!affected(&r, "2.5.0"));
    assert!(!affected(&r, "3.0.0"));
}

#[test]
fn introduced_zero_means_from_the_beginning() {
    let r = range(Scheme::Semver, &[(Introduced, "0"), (Fixed, "1.0.0")]);
    assert!(affected(&r, "0.0.0-alpha"));
    assert!(affected(&r, "0.0.0"));
    assert!(!affected(&r, "1.0.0"));
    // "0" is not a Maven, Debian or apk version below everything, yet means the start.
    let r = range(Scheme::Dpkg, &[(Introduced, "0"), (Fixed, "1.0-1")]);
    assert!(affected(&r, "0~beta"));
    let r = range(Scheme::Maven, &[(Introduced, "0")]);
    assert!(affected(&r, "0-alpha"));
    assert!(affected(&r, "99"));
}

#[test]
fn last_affected_is_inclusive() {
    let r = range(
        Scheme::Semver,
        &[(Introduced, "1.0.0"), (LastAffected, "1.5.0")],
    );
    assert!(affected(&r, "1.5.0"));
    assert!(affected(&r, "1.5.0+build"));
    assert!(!affected(&r, "1.5.1-rc.1"));
    assert!(!affected(&r, "1.6.0"));
    assert!(!affected(&r, "0.9.0"));
}

#[test]
fn limit_events_bound_the_range() {
    let r = range(Scheme::Semver, &[(Introduced, "0"), (Limit, "2.0.0")]);
    assert!(affected(&r, "1.9.9"));
    assert!(!affected(&r, "2.0.0"));
    assert!(!affected(&r, "3.0.0"));
    let r = range(
        Scheme::Semver,
        &[
            (Introduced, "1.0.0"),
            (Fixed, "1.2.0"),
            (Introduced, "1.5.0"),
            (Limit, "1.8.0"),
        ],
    );
    assert!(affected(&r, "1.1.0"));
    assert!(!affected(&r, "1.3.0"));
    assert!(affected(&r, "1.7.0"));
    assert!(!affected(&r, "1.9.0"));
    let r = range(Scheme::Semver, &[(Introduced, "1.0.0"), (Limit, "*")]);
    assert!(affected(&r, "99.0.0"));
}

#[test]
fn equal_introduced_and_fixed_is_empty() {
    let r = range(Scheme::Semver, &[(Introduced, "1.0.0"), (Fixed, "1.0.0")]);
    assert!(!affected(&r, "1.0.0"));
    assert!(!affected(&r, "1.0.1"));
}

#[test]
fn debian_epochs() {
    assert!(Scheme::Dpkg.parse("2:9.0.0").unwrap() > Scheme::Dpkg.parse("8.3.2").unwrap());
    let r = range(Scheme::Dpkg, &[(Introduced, "0"), (Fixed, "8.3.2-1")]);
    assert!(affected(&r, "8.3.1-5"));
    assert!(!affected(&r, "2:9.0.0"));
    assert!(!affected(&r, "1:1.0-1"));
    assert!(affected(&r, "8.3.2-1~bpo1"));
}

#[test]
fn alpine_revisions_are_numeric() {
    let r = range(Scheme::Apk, &[(Introduced, "0"), (Fixed, "1.36.1-r18")]);
    assert!(affected(&r, "1.36.1-r2"));
    assert!(affected(&r, "1.36.1-r17"));
    assert!(!affected(&r, "1.36.1-r18"));
    assert!(!affected(&r, "1.36.1-r100"));
}

#[test]
fn pep440_pre_releases() {
    let r = range(Scheme::Pep440, &[(Introduced, "0"), (Fixed, "1.0")]);
    assert!(affected(&r, "1.0rc1"));
    assert!(affected(&r, "1.0.dev0"));
    assert!(!affected(&r, "1.0"));
    assert!(!affected(&r, "1.0.0"));
    assert!(!affected(&r, "1.0.post1"));
    assert!(!affected(&r, "1.0+local"));
}

#[test]
fn rpm_missing_epoch_is_zero() {
    let r = range(Scheme::Rpm, &[(Introduced, "0"), (Fixed, "0:1.2-3.el8")]);
    assert!(!affected(&r, "1.2-3.el8"));
    assert!(affected(&r, "1.2-2.el8"));
    let r = range(Scheme::Rpm, &[(Introduced, "0"), (Fixed, "2.0-1")]);
    assert!(!affected(&r, "1:1.0-1"));
    assert!(affected(&r, "0:1.0-1"));
}

#[test]
fn leading_zeros() {
    let r = range(Scheme::Semver, &[(Introduced, "0"), (Fixed, "1.2.10")]);
    assert!(affected(&r, "1.2.09"));
    assert!(!affected(&r, "01.2.10"));
    assert_eq!(
        Scheme::Maven.parse("1.01").unwrap(),
        Scheme::Maven.parse("1.1").unwrap()
    );
    assert_eq!(
        Scheme::Dpkg.parse("1.001").unwrap(),
        Scheme::Dpkg.parse("1.1").unwrap()
    );
    assert!(Scheme::Generic.parse("1.010").unwrap() > Scheme::Generic.parse("1.9").unwrap());
}

#[test]
fn unparsable_event_version_is_an_error_naming_it() {
    let err = EventRange::new(
        Scheme::Semver,
        [(Introduced, "0"), (Fixed, "not-a-version")],
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("not-a-version"), "{message}");
    assert!(message.contains("fixed"), "{message}");
    assert!(message.contains("semver"), "{message}");
    assert!(EventRange::new(Scheme::Pep440, [(Fixed, "")]).is_err());
}

#[test]
fn versions_of_another_scheme_are_not_contained() {
    let r = range(Scheme::Semver, &[(Introduced, "0")]);
    assert!(!r.contains(&Scheme::Pep440.parse("1.0").unwrap()));
    let v = VersRange::parse("vers:npm/*").unwrap();
    assert!(!v.contains(&Scheme::Pep440.parse("1.0").unwrap()));
}

#[test]
fn no_events_contain_nothing() {
    let r = range(Scheme::Semver, &[]);
    assert!(!affected(&r, "1.0.0"));
}

#[test]
fn vers_ranges() {
    let r = VersRange::parse("vers:npm/>=1.0.0|<2.0.0").unwrap();
    assert_eq!(r.scheme(), Scheme::Semver);
    assert!(r.contains(&Scheme::Semver.parse("1.0.0").unwrap()));
    assert!(!r.contains(&Scheme::Semver.parse("2.0.0").unwrap()));
    let all = VersRange::parse("vers:deb/*").unwrap();
    assert_eq!(all.scheme(), Scheme::Dpkg);
    assert!(all.contains(&Scheme::Dpkg.parse("1:0.1-1").unwrap()));
    assert_eq!(all.to_string(), "vers:deb/*");
    // Lenient parsing sorts and drops whitespace; the canonical parser refuses both.
    let lenient = VersRange::parse("vers:pypi/ <2.0 | >=1.0").unwrap();
    assert_eq!(lenient.to_string(), "vers:pypi/>=1.0|<2.0");
    assert!(VersRange::parse_canonical("vers:pypi/<2.0|>=1.0").is_err());
    assert!(VersRange::parse_canonical("vers:pypi/>=1.0| <2.0").is_err());
    // Percent-encoding is decoded once and written back.
    let encoded = VersRange::parse("vers:generic/1.0%7C2").unwrap();
    assert_eq!(encoded.constraints().unwrap()[0].version.as_str(), "1.0|2");
    assert_eq!(encoded.to_string(), "vers:generic/1.0%7C2");
    assert!(VersRange::parse("vers:npm/1.0%2G0").is_err());
    // Several intervals, exclusions and equalities.
    let r = VersRange::parse("vers:maven/>=1.0|<1.5|1.7|>=2.0|<2.5|!=2.2").unwrap();
    let contains = |v: &str| r.contains(&Scheme::Maven.parse(v).unwrap());
    assert!(contains("1.2"));
    assert!(!contains("1.6"));
    assert!(contains("1.7"));
    assert!(contains("2.1"));
    assert!(!contains("2.2"));
    assert!(!contains("2.5"));
    assert!(!contains("3.0"));
}

#[test]
fn vers_errors_are_one_line() {
    for bad in [
        "",
        "npm/1.0",
        "vers:",
        "vers:npm",
        "vers:nosuchscheme/1.0",
        "vers:npm/",
        "vers:npm/>=",
        "vers:npm/>=x.y",
    ] {
        let err = VersRange::parse(bad).unwrap_err().to_string();
        assert!(!err.contains('\n'), "{err}");
        assert!(err.starts_with("invalid "), "{err}");
    }
}

#[test]
fn ecosystem_names() {
    assert_eq!(Scheme::from_osv_ecosystem("Debian:12"), Some(Scheme::Dpkg));
    assert_eq!(
        Scheme::from_osv_ecosystem("Ubuntu:22.04:LTS"),
        Some(Scheme::Dpkg)
    );
    assert_eq!(Scheme::from_osv_ecosystem("AlmaLinux:8"), Some(Scheme::Rpm));
    assert_eq!(
        Scheme::from_osv_ecosystem("Alpine:v3.18"),
        Some(Scheme::Apk)
    );
    assert_eq!(
        Scheme::from_osv_ecosystem("Red Hat:enterprise_linux:9::appstream"),
        Some(Scheme::Rpm)
    );
    assert_eq!(
        Scheme::from_osv_ecosystem("crates.io"),
        Some(Scheme::Semver)
    );
    assert_eq!(Scheme::from_osv_ecosystem("Go"), Some(Scheme::Go));
    assert_eq!(
        Scheme::from_osv_ecosystem("Packagist"),
        Some(Scheme::Composer)
    );
    assert_eq!(Scheme::from_osv_ecosystem("Bitnami"), Some(Scheme::Semver));
    assert_eq!(Scheme::from_osv_ecosystem("CleanStart"), Some(Scheme::Apk));
    assert_eq!(
        Scheme::from_osv_ecosystem("Root:Alpine:3.18"),
        Some(Scheme::Apk)
    );
    assert_eq!(
        Scheme::from_osv_ecosystem("Root:PyPI"),
        Some(Scheme::Pep440)
    );
    assert_eq!(Scheme::from_osv_ecosystem("CRAN"), Some(Scheme::Generic));
    assert_eq!(Scheme::from_osv_ecosystem("pypi"), None);
    assert_eq!(Scheme::from_osv_ecosystem("NoSuch"), None);
    assert_eq!(Scheme::from_purl_type("golang"), Some(Scheme::Go));
    assert_eq!(Scheme::from_purl_type("alpine"), Some(Scheme::Apk));
    assert_eq!(Scheme::from_purl_type("gem"), Some(Scheme::RubyGems));
    assert_eq!(Scheme::from_purl_type("nosuch"), None);
    assert_eq!(Scheme::from_name("PYPI"), Some(Scheme::Pep440));
    assert_eq!(Scheme::from_name("debian:12"), Some(Scheme::Dpkg));
    assert_eq!(Scheme::from_name("red hat"), Some(Scheme::Rpm));
    assert_eq!(Scheme::from_name("dpkg"), Some(Scheme::Dpkg));
    assert_eq!(Scheme::from_name("Cargo"), Some(Scheme::Semver));
    assert_eq!(Scheme::from_name("nope"), None);
    for scheme in Scheme::all() {
        assert_eq!(Scheme::from_name(scheme.name()), Some(*scheme));
    }
}

#[test]
fn every_osv_ecosystem_has_a_scheme() {
    let Some(dir) = tplc_test::testdata("osv-schema") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("ecosystems.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let names: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert!(names.len() > 40);
    for name in names {
        assert!(
            Scheme::from_osv_ecosystem(name).is_some(),
            "no scheme for OSV ecosystem {name}"
        );
        assert!(Scheme::from_name(name).is_some(), "from_name misses {name}");
    }
}
