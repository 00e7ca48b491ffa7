//! Lifecycle rules, the audit of `tplc lifecycle check`, and milestones at 6/12/24 months.

use time::Date;
use time::macros::date;
use tplc_compliance::{
    AuditVersion, Lang, LifecycleError, LifecyclePhase, LifecyclePlan, LifecycleProblem,
    MilestoneKind, ProblemKind, audit, milestones,
};

const TODAY: Date = date!(2026 - 04 - 01);

fn plan(eol: Option<Date>, eos: Option<Date>, phase: LifecyclePhase) -> LifecyclePlan {
    LifecyclePlan {
        eol,
        eos,
        phase,
        limited_support_plan: "部品供給と脆弱性情報の提供を継続".into(),
        ..LifecyclePlan::default()
    }
}

fn codes(problems: &[LifecycleProblem]) -> Vec<(&str, &str)> {
    problems
        .iter()
        .map(|problem| (problem.label.as_str(), problem.code()))
        .collect()
}

#[test]
fn check_refuses_eos_on_or_before_eol_citing_qa2_q10() {
    let same = plan(
        Some(date!(2030 - 03 - 31)),
        Some(date!(2030 - 03 - 31)),
        LifecyclePhase::Support,
    );
    let error = same.check().unwrap_err();
    assert_eq!(
        error,
        LifecycleError::EosNotAfterEol {
            eol: date!(2030 - 03 - 31),
            eos: date!(2030 - 03 - 31)
        }
    );
    assert_eq!(
        error.to_string(),
        "EOS 2030-03-31 is not after EOL 2030-03-31: a limited-support period between EOL and EOS is required (QA2 Q10, 2024-01-31)"
    );
    let ja = error.message().ja;
    assert!(
        ja.contains("EOLとEOSとの間の限定的サポート期間") && ja.contains("QA2 Q10"),
        "{ja}"
    );
    let fine = plan(
        Some(date!(2030 - 03 - 31)),
        Some(date!(2032 - 03 - 31)),
        LifecyclePhase::Support,
    );
    assert_eq!(fine.check(), Ok(()));
    assert_eq!(
        plan(None, None, LifecyclePhase::Development).check(),
        Ok(())
    );
}

#[test]
fn a_sound_portfolio_has_no_problems() {
    let developing = plan(None, None, LifecyclePhase::Development);
    let supported = plan(
        Some(date!(2029 - 03 - 31)),
        Some(date!(2031 - 03 - 31)),
        LifecyclePhase::Support,
    );
    let limited = plan(
        Some(date!(2025 - 03 - 31)),
        Some(date!(2027 - 03 - 31)),
        LifecyclePhase::LimitedSupport,
    );
    let ended = plan(
        Some(date!(2020 - 03 - 31)),
        Some(date!(2022 - 03 - 31)),
        LifecyclePhase::EndOfSupport,
    );
    let versions = [
        AuditVersion {
            label: "A 3.0",
            plan: &developing,
            shown_to: 0,
        },
        AuditVersion {
            label: "A 2.0",
            plan: &supported,
            shown_to: 0,
        },
        AuditVersion {
            label: "A 1.5",
            plan: &limited,
            shown_to: 4,
        },
        AuditVersion {
            label: "A 1.0",
            plan: &ended,
            shown_to: 0,
        },
    ];
    assert_eq!(audit(&versions, TODAY), []);
}

#[test]
fn audit_reports_each_rule_with_its_code() {
    let same_day = plan(
        Some(date!(2027 - 03 - 31)),
        Some(date!(2027 - 03 - 31)),
        LifecyclePhase::Support,
    );
    let no_eos = plan(Some(date!(2030 - 03 - 31)), None, LifecyclePhase::Support);
    let no_eol = plan(None, Some(date!(2030 - 03 - 31)), LifecyclePhase::Support);
    let past_eos = plan(
        Some(date!(2022 - 03 - 31)),
        Some(date!(2025 - 03 - 31)),
        LifecyclePhase::Support,
    );
    let past_eol = plan(
        Some(date!(2026 - 03 - 31)),
        Some(date!(2028 - 03 - 31)),
        LifecyclePhase::Support,
    );
    let early_end = plan(
        Some(date!(2028 - 03 - 31)),
        Some(date!(2030 - 03 - 31)),
        LifecyclePhase::EndOfSupport,
    );
    let empty_plan = LifecyclePlan {
        limited_support_plan: " ".into(),
        ..plan(
            Some(date!(2025 - 03 - 31)),
            Some(date!(2027 - 03 - 31)),
            LifecyclePhase::LimitedSupport,
        )
    };
    let not_shown = plan(
        Some(date!(2027 - 03 - 31)),
        Some(date!(2029 - 03 - 31)),
        LifecyclePhase::Support,
    );
    let legacy = LifecyclePlan {
        legacy: true,
        ..plan(None, None, LifecyclePhase::Support)
    };
    let versions = [
        AuditVersion {
            label: "same-day",
            plan: &same_day,
            shown_to: 1,
        },
        AuditVersion {
            label: "no-eos",
            plan: &no_eos,
            shown_to: 1,
        },
        AuditVersion {
            label: "no-eol",
            plan: &no_eol,
            shown_to: 1,
        },
        AuditVersion {
            label: "past-eos",
            plan: &past_eos,
            shown_to: 1,
        },
        AuditVersion {
            label: "past-eol",
            plan: &past_eol,
            shown_to: 1,
        },
        AuditVersion {
            label: "early-end",
            plan: &early_end,
            shown_to: 1,
        },
        AuditVersion {
            label: "empty-plan",
            plan: &empty_plan,
            shown_to: 1,
        },
        AuditVersion {
            label: "not-shown",
            plan: &not_shown,
            shown_to: 0,
        },
        AuditVersion {
            label: "legacy",
            plan: &legacy,
            shown_to: 0,
        },
    ];
    let problems = audit(&versions, TODAY);
    assert_eq!(
        codes(&problems),
        [
            ("same-day", "eos_not_after_eol"),
            ("no-eos", "eol_without_eos"),
            ("no-eol", "eos_without_eol"),
            ("past-eos", "phase_inconsistent"),
            ("past-eol", "phase_inconsistent"),
            ("early-end", "phase_inconsistent"),
            ("empty-plan", "limited_support_plan_empty"),
            ("not-shown", "plan_not_shown"),
            ("legacy", "legacy_without_reason"),
        ]
    );
    assert_eq!(
        problems[3].kind,
        ProblemKind::PhaseInconsistent {
            phase: LifecyclePhase::Support,
            expected: vec![LifecyclePhase::EndOfSupport]
        }
    );
    assert_eq!(
        problems[4].kind,
        ProblemKind::PhaseInconsistent {
            phase: LifecyclePhase::Support,
            expected: vec![LifecyclePhase::LimitedSupport]
        }
    );
    assert_eq!(
        problems[5].kind,
        ProblemKind::PhaseInconsistent {
            phase: LifecyclePhase::EndOfSupport,
            expected: vec![LifecyclePhase::Development, LifecyclePhase::Support]
        }
    );
    for problem in &problems {
        let (ja, en) = (problem.message(Lang::Ja), problem.message(Lang::En));
        assert!(
            !ja.is_empty() && !en.is_empty() && ja != en,
            "{}",
            problem.code()
        );
        assert!(!en.contains('\n'));
    }
    assert!(problems[0].message(Lang::En).contains("QA2 Q10"));
    assert!(problems[7].message(Lang::Ja).contains("医療機関"));
    assert!(problems[7].message(Lang::En).contains("2027-03-31"));
    assert!(
        problems[3]
            .message(Lang::Ja)
            .contains("サポート終了（EOS）")
    );
}

#[test]
fn the_plan_must_be_shown_within_twelve_months_of_eol() {
    let within = plan(
        Some(date!(2027 - 04 - 01)),
        Some(date!(2029 - 04 - 01)),
        LifecyclePhase::Support,
    );
    let beyond = plan(
        Some(date!(2027 - 04 - 02)),
        Some(date!(2029 - 04 - 01)),
        LifecyclePhase::Support,
    );
    let versions = [
        AuditVersion {
            label: "within",
            plan: &within,
            shown_to: 0,
        },
        AuditVersion {
            label: "beyond",
            plan: &beyond,
            shown_to: 0,
        },
        AuditVersion {
            label: "shown",
            plan: &within,
            shown_to: 2,
        },
    ];
    assert_eq!(
        codes(&audit(&versions, TODAY)),
        [("within", "plan_not_shown")]
    );
}

#[test]
fn problems_serialize_with_their_code() {
    let no_eos = plan(Some(date!(2030 - 03 - 31)), None, LifecyclePhase::Support);
    let problems = audit(
        &[AuditVersion {
            label: "X 1",
            plan: &no_eos,
            shown_to: 3,
        }],
        TODAY,
    );
    let json = serde_json::to_value(&problems).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{"label": "X 1", "code": "eol_without_eos", "eol": "2030-03-31"}])
    );
}

#[test]
fn milestones_at_six_twelve_and_twenty_four_months() {
    let a = plan(
        Some(date!(2026 - 06 - 30)),
        Some(date!(2027 - 06 - 30)),
        LifecyclePhase::Support,
    );
    let b = plan(
        Some(date!(2026 - 09 - 30)),
        Some(date!(2028 - 03 - 31)),
        LifecyclePhase::Support,
    );
    let c = plan(
        Some(date!(2025 - 12 - 31)),
        Some(date!(2026 - 10 - 02)),
        LifecyclePhase::LimitedSupport,
    );
    let d = plan(None, None, LifecyclePhase::Development);
    let versions = [("A 1.0", &a), ("B 2.0", &b), ("C 0.9", &c), ("D 3.0", &d)];
    let shown = |months| {
        milestones(&versions, TODAY, months)
            .into_iter()
            .map(|m| {
                (
                    m.label,
                    m.kind,
                    tplc_compliance::format_date(m.date),
                    m.months_left,
                )
            })
            .collect::<Vec<_>>()
    };
    let six = shown(6);
    assert_eq!(
        six,
        [
            (
                "A 1.0".to_owned(),
                MilestoneKind::Eol,
                "2026-06-30".to_owned(),
                2
            ),
            (
                "B 2.0".to_owned(),
                MilestoneKind::Eol,
                "2026-09-30".to_owned(),
                5
            ),
        ]
    );
    let twelve = shown(12);
    assert_eq!(twelve.len(), 3);
    assert_eq!(
        twelve[2],
        (
            "C 0.9".to_owned(),
            MilestoneKind::Eos,
            "2026-10-02".to_owned(),
            6
        )
    );
    let twenty_four = shown(24);
    let labels: Vec<(&str, MilestoneKind)> = twenty_four
        .iter()
        .map(|(l, k, _, _)| (l.as_str(), *k))
        .collect();
    assert_eq!(
        labels,
        [
            ("A 1.0", MilestoneKind::Eol),
            ("B 2.0", MilestoneKind::Eol),
            ("C 0.9", MilestoneKind::Eos),
            ("A 1.0", MilestoneKind::Eos),
            ("B 2.0", MilestoneKind::Eos),
        ]
    );
    assert_eq!(twenty_four[4].3, 23);
    // Past dates are not milestones.
    assert!(
        twenty_four
            .iter()
            .all(|(_, _, date, _)| date.as_str() >= "2026-04-01")
    );
}

#[test]
fn milestones_on_the_same_day_put_eol_first_then_label() {
    let x = plan(
        Some(date!(2026 - 05 - 01)),
        Some(date!(2027 - 05 - 01)),
        LifecyclePhase::Support,
    );
    let y = plan(
        Some(date!(2025 - 05 - 01)),
        Some(date!(2026 - 05 - 01)),
        LifecyclePhase::LimitedSupport,
    );
    let z = plan(
        Some(date!(2026 - 05 - 01)),
        Some(date!(2028 - 05 - 01)),
        LifecyclePhase::Support,
    );
    let found = milestones(&[("Z", &z), ("Y", &y), ("X", &x)], TODAY, 1);
    let order: Vec<(&str, MilestoneKind)> =
        found.iter().map(|m| (m.label.as_str(), m.kind)).collect();
    assert_eq!(
        order,
        [
            ("X", MilestoneKind::Eol),
            ("Z", MilestoneKind::Eol),
            ("Y", MilestoneKind::Eos)
        ]
    );
}
