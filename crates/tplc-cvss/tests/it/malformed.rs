//! Malformed vectors: one error of the right kind, with a one-line message naming the place.

use tplc_cvss::{CvssError, ErrorKind, Vector, score};

fn error(input: &str) -> CvssError {
    let error = score(input).expect_err(input);
    let message = error.to_string();
    assert!(!message.contains('\n'), "{message}");
    assert!(message.starts_with("invalid CVSS vector "), "{message}");
    assert_eq!(error.input(), input);
    error
}

#[test]
fn empty() {
    assert_eq!(error("").kind(), &ErrorKind::Empty);
    assert_eq!(error("  \t").kind(), &ErrorKind::Empty);
    assert_eq!(
        error("").to_string(),
        r#"invalid CVSS vector "": empty vector"#
    );
}

#[test]
fn wrong_prefix() {
    for (input, found) in [
        ("CVSS:3.2/AV:N", "CVSS:3.2"),
        ("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "CVSS:2.0"),
        ("cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "cvss:3.1"),
        ("CVSS:", "CVSS:"),
        ("CVSS:31", "CVSS:31"),
    ] {
        assert_eq!(
            error(input).kind(),
            &ErrorKind::Prefix {
                found: found.into()
            },
            "{input}"
        );
    }
    let message = error("CVSS:3.2/AV:N").to_string();
    assert!(
        message.contains(r#"unsupported prefix "CVSS:3.2""#),
        "{message}"
    );
    // A v3 vector without its prefix.
    assert_eq!(
        error("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").kind(),
        &ErrorKind::MissingPrefix {
            column: 11,
            metric: "PR".into()
        }
    );
}

#[test]
fn empty_or_malformed_metric() {
    assert_eq!(
        error("CVSS:3.1/").kind(),
        &ErrorKind::MissingMetric { metric: "AV" }
    );
    assert_eq!(
        error("CVSS:3.1//AV:N").kind(),
        &ErrorKind::EmptyMetric { column: 10 }
    );
    assert_eq!(
        error("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/").kind(),
        &ErrorKind::EmptyMetric { column: 46 }
    );
    assert_eq!(
        error("CVSS:3.1/AV:N/ACL").kind(),
        &ErrorKind::NotMetric {
            column: 15,
            text: "ACL".into()
        }
    );
}

#[test]
fn unknown_metric() {
    let e = error("CVSS:3.1/AV:N/AC:L/XX:N/PR:N/UI:N/S:U/C:H/I:H/A:H");
    assert_eq!(
        e.kind(),
        &ErrorKind::UnknownMetric {
            column: 20,
            metric: "XX".into(),
            version: "3.1"
        }
    );
    assert!(
        e.to_string()
            .ends_with(r#": column 20: unknown metric "XX" in CVSS 3.1"#),
        "{e}"
    );
    // Names are case-sensitive, and v4 metrics are unknown in v3.
    assert!(matches!(
        error("CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").kind(),
        ErrorKind::UnknownMetric { column: 10, .. }
    ));
    assert!(matches!(
        error("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N").kind(),
        ErrorKind::UnknownMetric { column: 46, .. }
    ));
    assert!(matches!(
        error("AV:N/AC:L/Au:N/C:P/I:P/A:P/Q:1").kind(),
        ErrorKind::UnknownMetric {
            column: 28,
            version: "2.0",
            ..
        }
    ));
}

#[test]
fn unknown_value() {
    let e = error("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    assert_eq!(
        e.kind(),
        &ErrorKind::UnknownValue {
            column: 13,
            metric: "AV",
            value: "Q".into(),
            expected: "N, A, L, P".into()
        }
    );
    assert!(
        e.to_string()
            .ends_with(r#": column 13: AV has no value "Q" (expected N, A, L, P)"#),
        "{e}"
    );
    // X is not a base value; S only a modified subsequent value; U values are case-sensitive.
    let base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    assert!(matches!(
        error(&base.replace("AV:N", "AV:X")).kind(),
        ErrorKind::UnknownValue { metric: "AV", .. }
    ));
    assert!(matches!(
        error(&base.replace("SI:N", "SI:S")).kind(),
        ErrorKind::UnknownValue { metric: "SI", .. }
    ));
    assert!(score(&format!("{base}/MSI:S")).is_ok());
    assert!(matches!(
        error(&format!("{base}/U:red")).kind(),
        ErrorKind::UnknownValue { metric: "U", .. }
    ));
    assert!(matches!(
        error("AV:N/AC:L/Au:N/C:P/I:P/A:X").kind(),
        ErrorKind::UnknownValue {
            column: 26,
            metric: "A",
            ..
        }
    ));
    assert!(matches!(
        error("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:").kind(),
        ErrorKind::UnknownValue { metric: "E", .. }
    ));
}

#[test]
fn duplicate_metric() {
    let e = error("CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    assert_eq!(
        e.kind(),
        &ErrorKind::DuplicateMetric {
            column: 15,
            metric: "AV"
        }
    );
    assert!(
        e.to_string()
            .ends_with(": column 15: metric AV given twice"),
        "{e}"
    );
    // Even with the same value, and for optional metrics.
    assert!(matches!(
        error("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F/E:F").kind(),
        ErrorKind::DuplicateMetric { metric: "E", .. }
    ));
}

#[test]
fn missing_base_metric() {
    let e = error("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H");
    assert_eq!(e.kind(), &ErrorKind::MissingMetric { metric: "S" });
    assert!(e.to_string().ends_with(": missing base metric S"), "{e}");
    assert_eq!(
        error("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/E:A").kind(),
        &ErrorKind::MissingMetric { metric: "SA" }
    );
    assert_eq!(
        error("(AV:N/AC:L/Au:N/C:P/I:P)").kind(),
        &ErrorKind::MissingMetric { metric: "A" }
    );
}

#[test]
fn columns_count_characters_and_surrounding_space() {
    assert!(matches!(
        error("  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Ä").kind(),
        ErrorKind::UnknownValue { column: 46, .. }
    ));
    assert!(matches!(
        error("(AV:N/AC:L/Au:Z/C:P/I:P/A:P)").kind(),
        ErrorKind::UnknownValue { column: 15, .. }
    ));
}

#[test]
fn long_input_is_shortened_in_the_message() {
    let input = format!("CVSS:3.1/{}", "AV:N/".repeat(1000));
    let message = error(&input).to_string();
    assert!(message.len() < 300, "{message}");
}

#[test]
fn accepted_forms() {
    let bare = Vector::parse("AV:N/AC:L/Au:N/C:P/I:P/A:P").unwrap();
    assert_eq!(Vector::parse("(AV:N/AC:L/Au:N/C:P/I:P/A:P)").unwrap(), bare);
    assert_eq!(
        Vector::parse(" A:P/I:P/C:P/Au:N/AC:L/AV:N\n").unwrap(),
        bare
    );
    assert_eq!(bare.to_string(), "AV:N/AC:L/Au:N/C:P/I:P/A:P");
    let v3: Vector = "CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X"
        .parse()
        .unwrap();
    assert_eq!(
        v3.to_string(),
        "CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F/RL:X"
    );
    assert_eq!(v3.metric("RL"), Some("X"));
    assert_eq!(v3.metric("RC"), None);
    assert_eq!(v3.metrics().count(), 10);
}
