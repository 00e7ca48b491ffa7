//! Gaps with and without Annex F, and evidence tplc fills itself.

use tplc_compliance::{
    AutoAvailable, Catalog, Catalogs, EvidenceError, EvidenceStatus, GapReason, ItemAssessment,
    ItemState, JP_MHLW_0523, assess, check_item, gaps,
};

fn notice() -> Catalog {
    let catalogs = Catalogs::builtin().unwrap();
    catalogs.get(JP_MHLW_0523).cloned().unwrap()
}

fn state_of<'a>(assessments: &'a [ItemAssessment], id: &str) -> Option<&'a ItemState> {
    assessments
        .iter()
        .find(|assessment| assessment.item_id == id)
        .map(|assessment| &assessment.state)
}

fn all_approved(catalog: &Catalog) -> Vec<(String, EvidenceStatus)> {
    catalog
        .items
        .iter()
        .map(|item| (item.id.clone(), EvidenceStatus::Approved))
        .collect()
}

#[test]
fn nothing_linked_every_item_is_a_gap_without_evidence() {
    let notice = notice();
    let assessments = assess(&notice, &[], &AutoAvailable::default(), false);
    assert_eq!(assessments.len(), 16);
    assert!(
        assessments
            .iter()
            .all(|a| a.state == ItemState::Gap(GapReason::NoEvidence))
    );
    assert_eq!(gaps(&assessments).len(), 16);
    // Catalog order is kept.
    let ids: Vec<&str> = assessments.iter().map(|a| a.item_id.as_str()).collect();
    let expected: Vec<&str> = notice.items.iter().map(|item| item.id.as_str()).collect();
    assert_eq!(ids, expected);
}

#[test]
fn approved_documents_close_gaps_drafts_do_not() {
    let notice = notice();
    let evidence = vec![
        ("jp0523-1-1-a".to_owned(), EvidenceStatus::Approved),
        ("jp0523-1-2-b".to_owned(), EvidenceStatus::Drafted),
        ("jp0523-1-2-e".to_owned(), EvidenceStatus::Planned),
        ("jp0523-1-3-a".to_owned(), EvidenceStatus::Drafted),
        ("jp0523-1-3-a".to_owned(), EvidenceStatus::Approved),
        ("not-an-item".to_owned(), EvidenceStatus::Approved),
    ];
    let assessments = assess(&notice, &evidence, &AutoAvailable::default(), false);
    assert_eq!(
        state_of(&assessments, "jp0523-1-1-a"),
        Some(&ItemState::Met)
    );
    assert_eq!(
        state_of(&assessments, "jp0523-1-2-b"),
        Some(&ItemState::Gap(GapReason::NotApproved))
    );
    assert_eq!(
        state_of(&assessments, "jp0523-1-2-e"),
        Some(&ItemState::Gap(GapReason::NotApproved))
    );
    assert_eq!(
        state_of(&assessments, "jp0523-1-3-a"),
        Some(&ItemState::Met),
        "one approved document is enough"
    );
    assert_eq!(state_of(&assessments, "not-an-item"), None);
    assert_eq!(gaps(&assessments).len(), 14);
}

#[test]
fn without_annex_f_the_waived_items_are_gaps() {
    let notice = notice();
    let assessments = assess(&notice, &[], &AutoAvailable::default(), false);
    for id in ["jp0523-1-2-a", "jp0523-1-2-c", "jp0523-1-2-d"] {
        assert_eq!(
            state_of(&assessments, id),
            Some(&ItemState::Gap(GapReason::NoEvidence)),
            "{id}"
        );
    }
}

#[test]
fn with_annex_f_the_three_waived_items_are_not_required() {
    let notice = notice();
    let evidence = vec![("jp0523-1-2-a".to_owned(), EvidenceStatus::Approved)];
    let assessments = assess(&notice, &evidence, &AutoAvailable::default(), true);
    let not_required: Vec<&str> = assessments
        .iter()
        .filter(|a| a.state == ItemState::NotRequired)
        .map(|a| a.item_id.as_str())
        .collect();
    assert_eq!(
        not_required,
        ["jp0523-1-2-a", "jp0523-1-2-c", "jp0523-1-2-d"]
    );
    let gap_ids: Vec<&str> = gaps(&assessments)
        .iter()
        .map(|a| a.item_id.as_str())
        .collect();
    assert_eq!(gap_ids.len(), 13);
    assert!(
        gap_ids.contains(&"jp0523-1-2-b") && gap_ids.contains(&"jp0523-1-2-e"),
        "gap-analysis items stay required"
    );
    // Everything approved: no gaps either way.
    let approved = all_approved(&notice);
    assert!(gaps(&assess(&notice, &approved, &AutoAvailable::default(), true)).is_empty());
    assert!(
        gaps(&assess(
            &notice,
            &approved,
            &AutoAvailable::default(),
            false
        ))
        .is_empty()
    );
}

#[test]
fn evidence_tplc_holds_fills_its_rows() {
    let notice = notice();
    let only_sbom = AutoAvailable {
        sbom: true,
        ..AutoAvailable::default()
    };
    let assessments = assess(&notice, &[], &only_sbom, false);
    assert_eq!(
        state_of(&assessments, "jp0523-1-5-a"),
        Some(&ItemState::Met)
    );
    assert_eq!(
        state_of(&assessments, "jp0523-1-6-a"),
        Some(&ItemState::Gap(GapReason::NoEvidence))
    );
    let everything = AutoAvailable {
        sbom: true,
        vulnerability_procedure: true,
        advisory_history: true,
    };
    let evidence = vec![("jp0523-2-1-b".to_owned(), EvidenceStatus::Drafted)];
    let assessments = assess(&notice, &evidence, &everything, false);
    let met: Vec<&str> = assessments
        .iter()
        .filter(|a| a.state == ItemState::Met)
        .map(|a| a.item_id.as_str())
        .collect();
    assert_eq!(
        met,
        ["jp0523-1-5-a", "jp0523-1-6-a", "jp0523-2-1-b"],
        "a draft does not undo held evidence"
    );
    assert_eq!(gaps(&assessments).len(), 13);
}

#[test]
fn evidence_for_an_unknown_item_is_refused() {
    let notice = notice();
    assert_eq!(check_item(&notice, "jp0523-2-4-a"), Ok(()));
    let error = check_item(&notice, "jp0523-3-1-a").unwrap_err();
    assert_eq!(
        error,
        EvidenceError::UnknownItem {
            catalog: "jp-mhlw-0523".into(),
            item: "jp0523-3-1-a".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "unknown item `jp0523-3-1-a` in catalog `jp-mhlw-0523`"
    );
    assert_eq!(error.code(), "unknown_item");
    assert!(error.message().ja.contains("jp0523-3-1-a"));
}

#[test]
fn assessments_serialize_with_state_codes() {
    let notice = notice();
    let assessments = assess(&notice, &[], &AutoAvailable::default(), true);
    let json = serde_json::to_value(&assessments[1]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"item_id": "jp0523-1-2-a", "state": "not_required"})
    );
    let back: ItemAssessment = serde_json::from_value(json).unwrap();
    assert_eq!(back, assessments[1]);
}
