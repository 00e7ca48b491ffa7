//! The Annex F record across software versions.

use tplc_compliance::{AnnexFError, AnnexFRecord, AnnexFValidity, Catalogs, F2_LETTERS};

fn complete_record(version: &str) -> AnnexFRecord {
    let mut record = AnnexFRecord {
        applied: true,
        clause4_evidence: "QMS-SEC-001 v3".into(),
        gap_analysis: "GA-2024-07 v1 (5.2, 5.7, 7.1–7.3)".into(),
        rationale: "継続使用の根拠: RA-2024-12 v2".into(),
        rationale_version: Some(version.into()),
        transition_plan: "TP-2024-03 v1".into(),
        post_release_evidence: "PMS-2025 Q1 report".into(),
        residual_risk_acceptable: Some(true),
        ..AnnexFRecord::default()
    };
    for activity in &mut record.activities {
        activity.done = true;
        activity.evidence = format!("F2-{} v1", activity.letter);
    }
    record
}

#[test]
fn the_rationale_holds_for_its_version_only() {
    let record = complete_record("2.1.0");
    assert_eq!(record.check(), Ok(()));
    assert_eq!(record.validity("2.1.0"), AnnexFValidity::Current);
    assert_eq!(
        record.validity("2.2.0"),
        AnnexFValidity::NeedsReview {
            recorded_for: Some("2.1.0".into())
        }
    );
    assert_eq!(
        record.validity("2.0.9"),
        AnnexFValidity::NeedsReview {
            recorded_for: Some("2.1.0".into())
        }
    );
    // Reviewed for the new version: current again.
    let reviewed = AnnexFRecord {
        rationale_version: Some("2.2.0".into()),
        ..record.clone()
    };
    assert_eq!(reviewed.validity("2.2.0"), AnnexFValidity::Current);
    assert_eq!(
        reviewed.validity("2.1.0"),
        AnnexFValidity::NeedsReview {
            recorded_for: Some("2.2.0".into())
        }
    );
    // Not applied: no validity question.
    let off = AnnexFRecord {
        applied: false,
        ..record
    };
    assert_eq!(off.validity("2.1.0"), AnnexFValidity::NotApplied);
}

#[test]
fn validity_serializes_as_a_tagged_state() {
    let record = complete_record("1.0");
    let json = serde_json::to_value(record.validity("1.1")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"state": "needs_review", "recorded_for": "1.0"})
    );
    assert_eq!(
        serde_json::to_value(record.validity("1.0")).unwrap(),
        serde_json::json!({"state": "current"})
    );
}

#[test]
fn check_finds_each_inconsistency() {
    let mut record = complete_record("1.0");
    record.rationale.clear();
    record.rationale_version = None;
    record.residual_risk_acceptable = Some(false);
    record.activities[4].evidence.clear();
    assert_eq!(
        record.problems(),
        [
            AnnexFError::ActivityWithoutEvidence { letter: 'e' },
            AnnexFError::MissingRationale,
            AnnexFError::MissingRationaleVersion,
            AnnexFError::StopUseDecisionMissing,
        ]
    );
    assert_eq!(
        record.check(),
        Err(AnnexFError::ActivityWithoutEvidence { letter: 'e' })
    );
    for problem in record.problems() {
        assert!(problem.code().starts_with("annex_f_"));
        assert!(!problem.message().ja.is_empty());
    }
    // Advising customers (or deciding not to) is what must be recorded.
    record.stop_use_advised = Some(true);
    record.stop_use_note = "2025-02-01 医療機関へ通知".into();
    assert!(
        !record
            .problems()
            .contains(&AnnexFError::StopUseDecisionMissing)
    );
}

#[test]
fn stored_json_round_trips() {
    let record = complete_record("3.0");
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(
        json["activities"][0],
        serde_json::json!({"letter": "a", "done": true, "evidence": "F2-a v1"})
    );
    let back: AnnexFRecord = serde_json::from_value(json).unwrap();
    assert_eq!(back, record);
    let wrong_count = serde_json::json!({"activities": [{"letter": "a"}]});
    assert!(serde_json::from_value::<AnnexFRecord>(wrong_count).is_err());
}

#[test]
fn record_activities_match_the_guide() {
    let catalogs = Catalogs::builtin().unwrap();
    let record = AnnexFRecord::default();
    for (activity, info) in record.activities.iter().zip(&catalogs.annex_f().activities) {
        assert_eq!(activity.letter, info.letter);
    }
    assert_eq!(F2_LETTERS.len(), catalogs.annex_f().activities.len());
    assert!(
        catalogs
            .annex_f()
            .fields
            .rationale
            .ja
            .contains("継続使用の根拠")
    );
}
