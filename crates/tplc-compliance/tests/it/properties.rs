//! Property tests: milestones, assessment under Annex F, catalog parsing of arbitrary input.

use proptest::prelude::*;
use time::{Date, Duration};
use tplc_compliance::{
    AnnexF, AuditVersion, AutoAvailable, Catalogs, EvidenceStatus, ItemState, JP_MHLW_0523,
    LifecyclePhase, LifecyclePlan, add_months, assess, audit, milestones, months_between,
    parse_catalog,
};

fn any_date() -> impl Strategy<Value = Date> {
    let base = Date::from_calendar_date(2020, time::Month::January, 1).unwrap_or(Date::MIN);
    (0i64..6000).prop_map(move |days| base + Duration::days(days))
}

fn any_phase() -> impl Strategy<Value = LifecyclePhase> {
    prop::sample::select(LifecyclePhase::ALL.to_vec())
}

fn any_plan() -> impl Strategy<Value = LifecyclePlan> {
    (
        prop::option::of(any_date()),
        prop::option::of(any_date()),
        any_phase(),
        any::<bool>(),
    )
        .prop_map(|(eol, eos, phase, legacy)| LifecyclePlan {
            eol,
            eos,
            phase,
            legacy,
            legacy_reason: if legacy {
                "unpatched OS".into()
            } else {
                String::new()
            },
            ..LifecyclePlan::default()
        })
}

fn any_status() -> impl Strategy<Value = EvidenceStatus> {
    prop::sample::select(EvidenceStatus::ALL.to_vec())
}

proptest! {
    #[test]
    fn milestones_are_sorted_and_within_the_horizon(
        plans in prop::collection::vec(any_plan(), 0..12),
        today in any_date(),
        months in prop::sample::select(vec![0u32, 1, 6, 12, 24, 120]),
    ) {
        let labelled: Vec<(String, &LifecyclePlan)> =
            plans.iter().enumerate().map(|(at, plan)| (format!("v{at}"), plan)).collect();
        let found = milestones(&labelled, today, months);
        let horizon = add_months(today, months).unwrap_or(Date::MAX);
        for pair in found.windows(2) {
            prop_assert!((pair[0].date, pair[0].kind, &pair[0].label) <= (pair[1].date, pair[1].kind, &pair[1].label));
        }
        for milestone in &found {
            prop_assert!(today <= milestone.date && milestone.date <= horizon);
            prop_assert!(milestone.months_left <= months);
            let reached = add_months(today, milestone.months_left).unwrap_or(Date::MAX);
            let next = add_months(today, milestone.months_left + 1).unwrap_or(Date::MAX);
            prop_assert!(reached <= milestone.date && milestone.date < next);
        }
        let expected = plans
            .iter()
            .flat_map(|plan| [plan.eol, plan.eos])
            .flatten()
            .filter(|date| today <= *date && *date <= horizon)
            .count();
        prop_assert_eq!(found.len(), expected);
    }

    #[test]
    fn months_between_inverts_add_months(from in any_date(), months in 0u32..400) {
        if let Some(to) = add_months(from, months) {
            prop_assert_eq!(months_between(from, to), months);
        }
    }

    #[test]
    fn check_and_audit_agree_on_eos_not_after_eol(plan in any_plan(), today in any_date()) {
        let refused = matches!(plan.check(), Err(tplc_compliance::LifecycleError::EosNotAfterEol { .. }));
        let problems = audit(&[AuditVersion { label: "v", plan: &plan, shown_to: 1 }], today);
        prop_assert_eq!(refused, problems.iter().any(|problem| problem.code() == "eos_not_after_eol"));
    }

    #[test]
    fn annex_f_never_reports_a_waived_item_as_a_gap(
        picks in prop::collection::vec((0usize..20, any_status()), 0..40),
        sbom in any::<bool>(),
        vulnerability_procedure in any::<bool>(),
        advisory_history in any::<bool>(),
    ) {
        let catalogs = Catalogs::builtin().map_err(|error| TestCaseError::fail(error.to_string()))?;
        let Some(notice) = catalogs.get(JP_MHLW_0523) else {
            return Err(TestCaseError::fail("no built-in notice catalog"));
        };
        // Indices past the 16 items stand for ids the catalog does not know.
        let evidence: Vec<(String, EvidenceStatus)> = picks
            .iter()
            .map(|(at, status)| (notice.items.get(*at).map_or_else(|| format!("unknown-{at}"), |item| item.id.clone()), *status))
            .collect();
        let auto = AutoAvailable { sbom, vulnerability_procedure, advisory_history };
        let with = assess(notice, &evidence, &auto, true);
        let without = assess(notice, &evidence, &auto, false);
        prop_assert_eq!(with.len(), notice.items.len());
        for ((item, applied), plain) in notice.items.iter().zip(&with).zip(&without) {
            prop_assert_eq!(&applied.item_id, &item.id);
            if item.annex_f == AnnexF::Waived {
                prop_assert_eq!(applied.state, ItemState::NotRequired);
            } else {
                prop_assert_eq!(applied.state, plain.state);
            }
            prop_assert!(plain.state != ItemState::NotRequired);
        }
        prop_assert!(tplc_compliance::gaps(&with).len() <= tplc_compliance::gaps(&without).len());
    }

    #[test]
    fn arbitrary_text_gives_a_one_line_error_or_a_catalog(text in "\\PC{0,200}") {
        if let Err(error) = parse_catalog("fuzz.toml", &text) {
            let shown = error.to_string();
            prop_assert!(!shown.contains('\n'), "{}", shown);
            prop_assert!(shown.starts_with("fuzz.toml"));
        }
    }

    #[test]
    fn mutated_catalogs_give_one_line_located_errors(at in 0usize..1000, replacement in "[a-z\"=\\[\\]{} \n0-9]{0,3}") {
        let valid = crate::bad_catalogs::VALID;
        let mut cut = at.min(valid.len());
        while !valid.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = format!("{}{}{}", &valid[..cut], replacement, &valid[(cut + 1).min(valid.len())..]);
        let loaded = Catalogs::builtin().and_then(|catalogs| catalogs.with_sources(&[("m.toml", &text)]));
        if let Err(error) = loaded {
            let shown = error.to_string();
            prop_assert!(!shown.contains('\n'), "{}", shown);
            prop_assert!(shown.starts_with("m.toml"), "{}", shown);
            if let Some(position) = error.at() {
                prop_assert!(position.line >= 1 && position.line <= text.lines().count() + 1, "{}", shown);
            }
        }
    }
}
