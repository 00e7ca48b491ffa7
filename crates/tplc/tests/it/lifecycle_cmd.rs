//! `tplc lifecycle check`: a plan file (exit 1 with the QA2 Q10 problem, 0 when clean, 2 with
//! a located error when invalid) and the server's database.

use tplc_store::{LifecyclePhase, NewDisclosure, NewProduct, NewProductVersion, OrganizationKind};

use crate::support::{assert_input_error, temporary_dir, tplc};

const TODAY: &str = "2026-01-15";

/// Writes `text` as `plan.toml` in a fresh directory; its path.
fn plan(name: &str, text: &str) -> String {
    let path = temporary_dir(name).join("plan.toml");
    std::fs::write(&path, text).expect("write the plan");
    path.display().to_string()
}

#[test]
fn eos_on_eol_is_a_problem_citing_qa2_q10() {
    let file = plan(
        "lifecycle-eos-eol",
        "[[version]]\nlabel = \"SP-200 1.0\"\neol = 2029-03-31\neos = 2031-03-31\n\
         phase = \"support\"\n\n\
         [[version]]\nlabel = \"SP-200 2.0\"\neol = 2030-03-31\neos = \"2030-03-31\"\n\
         phase = \"support\"\n",
    );
    let run = tplc(&["lifecycle", "check", "--file", &file, "--today", TODAY]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("Lifecycle check on 2026-01-15: 2 versions, 1 problem\n"),
        "{}",
        run.stdout
    );
    let line = run
        .stdout
        .lines()
        .find(|line| line.contains("eos_not_after_eol"))
        .unwrap_or_else(|| panic!("no problem line in {}", run.stdout));
    assert!(
        line.starts_with(&format!("SP-200 2.0 ({file}:8:9)")),
        "{line}"
    );
    assert!(
        line.contains(
            "EOS 2030-03-31 is not after EOL 2030-03-31: a limited-support period between EOL \
             and EOS is required (QA2 Q10, 2024-01-31)"
        ),
        "{line}"
    );
    assert!(!run.stdout.contains("SP-200 1.0 ("), "{}", run.stdout);

    let run = tplc(&[
        "lifecycle",
        "check",
        "--file",
        &file,
        "--today",
        TODAY,
        "--lang",
        "ja",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "EOS（2030-03-31）がEOL（2030-03-31）より後ではありません。EOLとEOSとの間の限定的サポート期間"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("QA2 Q10"), "{}", run.stdout);

    let run = tplc(&[
        "lifecycle",
        "check",
        "--file",
        &file,
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["passed"], false);
    assert_eq!(report["versions"], 2);
    let problems = report["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["code"], "eos_not_after_eol");
    assert_eq!(problems[0]["label"], "SP-200 2.0");
    assert_eq!(problems[0]["at"], format!("{file}:8:9"));
    assert!(
        problems[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("QA2 Q10"))
    );
}

#[test]
fn a_clean_plan_passes_and_lists_the_upcoming_dates() {
    let file = plan(
        "lifecycle-clean",
        "[[version]]\nlabel = \"SP-200 1.0\"\neol = 2026-06-30\neos = 2028-06-30\n\
         phase = \"support\"\nlimited_support_plan = \"critical fixes only\"\nshown_to = 3\n\n\
         [[version]]\nlabel = \"SP-200 0.9\"\neol = 2024-03-31\neos = 2026-03-31\n\
         phase = \"limited_support\"\nlimited_support_plan = \"critical fixes only\"\nshown_to = 1\n\n\
         [[version]]\nlabel = \"SP-300 1.0\"\nphase = \"development\"\n",
    );
    let run = tplc(&[
        "lifecycle",
        "check",
        "--file",
        &file,
        "--today",
        TODAY,
        "--months",
        "6",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("Lifecycle check on 2026-01-15: 3 versions, 0 problems\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Upcoming EOL/EOS within 6 months"));
    let dates: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.starts_with("2026-"))
        .collect();
    assert_eq!(dates.len(), 2, "{}", run.stdout);
    assert!(
        dates[0].starts_with("2026-03-31  EOS (end of support)"),
        "{dates:?}"
    );
    assert!(dates[0].ends_with("SP-200 0.9"), "{dates:?}");
    assert!(
        dates[1].starts_with("2026-06-30  EOL (end of life)"),
        "{dates:?}"
    );

    let run = tplc(&[
        "lifecycle",
        "check",
        "--file",
        &file,
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["passed"], true);
    assert_eq!(report["months"], 12);
    assert_eq!(report["milestones"].as_array().map(Vec::len), Some(2));
}

#[test]
fn invalid_plans_and_dates_are_one_located_line() {
    let unknown = plan(
        "lifecycle-unknown",
        "[[version]]\nlabel = \"A\"\nphase = \"support\"\nend_of_life = 2030-01-01\n",
    );
    let run = tplc(&["lifecycle", "check", "--file", &unknown]);
    assert_input_error(&run, &format!("{unknown}:4:1: unknown field `end_of_life`"));
    let bad_date = plan(
        "lifecycle-bad-date",
        "[[version]]\nlabel = \"A\"\nphase = \"support\"\neol = \"2030-02-30\"\n",
    );
    let run = tplc(&["lifecycle", "check", "--file", &bad_date]);
    assert_input_error(&run, &format!("{bad_date}:4:7: invalid date `2030-02-30`"));
    let duplicate = plan(
        "lifecycle-duplicate",
        "[[version]]\nlabel = \"A\"\nphase = \"support\"\n[[version]]\nlabel = \"A\"\n\
         phase = \"support\"\n",
    );
    let run = tplc(&["lifecycle", "check", "--file", &duplicate]);
    assert_input_error(&run, &format!("{duplicate}:5:9: duplicate label \"A\""));
    let run = tplc(&[
        "lifecycle",
        "check",
        "--file",
        &duplicate,
        "--today",
        "2026-13-01",
    ]);
    assert_input_error(&run, "--today: invalid date `2026-13-01`");
    let run = tplc(&["lifecycle", "check", "--file", "/nonexistent/plan.toml"]);
    assert_input_error(&run, "cannot read /nonexistent/plan.toml");
}

#[test]
fn the_database_versions_are_checked_with_their_disclosures() {
    let dir = temporary_dir("lifecycle-db");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store = tplc_store::Store::open_default(&dir).await.expect("store");
        let mut tx = store.begin().await.expect("begin");
        let org = tx
            .create_organization(OrganizationKind::Manufacturer, "Acme Medical")
            .await
            .expect("org");
        let product = tx
            .create_product(
                org.id,
                &NewProduct {
                    name: "SP-200".into(),
                    ..NewProduct::default()
                },
            )
            .await
            .expect("product");
        let near = NewProductVersion {
            eol_date: Some("2026-06-30".into()),
            eos_date: Some("2028-06-30".into()),
            lifecycle_phase: LifecyclePhase::Support,
            ..NewProductVersion::new("1.0")
        };
        let shown = tx
            .create_product_version(org.id, product.id, &near)
            .await
            .expect("1.0");
        let not_shown = NewProductVersion {
            eol_date: Some("2026-09-30".into()),
            eos_date: Some("2028-09-30".into()),
            lifecycle_phase: LifecyclePhase::Support,
            ..NewProductVersion::new("1.1")
        };
        tx.create_product_version(org.id, product.id, &not_shown)
            .await
            .expect("1.1");
        tx.add_disclosure(
            org.id,
            shown.id,
            &NewDisclosure {
                customer: "City Hospital".into(),
                customer_organization: None,
                shown_at: "2025-12-01".into(),
                method: "letter".into(),
                note: String::new(),
                recorded_by: "test".into(),
            },
        )
        .await
        .expect("disclosure");
        tx.commit().await.expect("commit");
        store.close().await;
    });
    let data = dir.display().to_string();
    let run = tplc(&[
        "lifecycle",
        "check",
        "--data-dir",
        &data,
        "--org",
        "Acme Medical",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["versions"], 2);
    let problems = report["problems"].as_array().expect("problems");
    let found: Vec<(&str, &str)> = problems
        .iter()
        .filter_map(|p| Some((p["label"].as_str()?, p["code"].as_str()?)))
        .collect();
    assert_eq!(found, [("SP-200 1.1", "plan_not_shown")]);
    assert!(problems[0].get("at").is_none());
    let labels: Vec<&str> = report["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .filter_map(|m| m["label"].as_str())
        .collect();
    assert_eq!(labels, ["SP-200 1.0", "SP-200 1.1"]);

    let run = tplc(&["lifecycle", "check", "--data-dir", &data, "--org", "Nobody"]);
    assert_input_error(&run, "no organization \"Nobody\"");
}
