//! Analyses: append-only history, keyed by vulnerability AND component identity, carried
//! forward to later versions while the same advisory matches the same identity.

use tplc_advisory::AdvisorySource;
use tplc_store::*;

use crate::fixtures;

crate::backend_tests!(analyses_history_and_carry_forward);

fn analysis(state: AnalysisState, author: &str) -> NewAnalysis {
    NewAnalysis {
        state,
        justification: (state == AnalysisState::NotAffected)
            .then_some(Justification::CodeNotReachable),
        response: if state == AnalysisState::Exploitable {
            vec![Response::Update, Response::WorkaroundAvailable]
        } else {
            vec![]
        },
        detail: Some(format!("{state} by {author}")),
        cvss_environmental: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/MAV:A".into()),
        author: author.into(),
    }
}

async fn record(
    store: &Store,
    org: OrganizationId,
    finding: FindingId,
    new: &NewAnalysis,
) -> Analysis {
    let mut tx = store.begin().await.unwrap();
    let a = tx.record_analysis(org, finding, new).await.unwrap();
    tx.commit().await.unwrap();
    a
}

const LOG4J: &str = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

async fn analyses_history_and_carry_forward(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let other_product = fixtures::product(&store, org.id, "Monitor").await;
    let v1 = fixtures::version(&store, org.id, pump.id, "1.0", Some("2025-01-01")).await;
    let v2 = fixtures::version(&store, org.id, pump.id, "2.0", Some("2025-06-01")).await;
    let v3 = fixtures::version(&store, org.id, pump.id, "3.0", Some("2025-09-01")).await;
    let v4 = fixtures::version(&store, org.id, pump.id, "4.0-dev", None).await;
    // Created last, released first: it is *earlier* than 1.0 and inherits nothing from it.
    let v0 = fixtures::version(&store, org.id, pump.id, "0.9", Some("2024-01-01")).await;
    let m1 = fixtures::version(&store, org.id, other_product.id, "1.0", Some("2024-01-01")).await;

    let osv = fixtures::advisory(&store, "GHSA-jfh8-c2jp-5v3q", AdvisorySource::Osv).await;
    let nvd = fixtures::advisory(&store, "CVE-2021-44228", AdvisorySource::Nvd).await;

    let c1 = fixtures::sbom(
        &store,
        org.id,
        v1.id,
        &[fixtures::purl_component("l", LOG4J)],
    )
    .await;
    // 2.0: log4j again (same identity, other version: the same advisory still matches), and a
    // component of another identity hit by the same vulnerability.
    let c2 = fixtures::sbom(
        &store,
        org.id,
        v2.id,
        &[
            fixtures::purl_component("l", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.0"),
            fixtures::named_component("fw", "ACME", "log4j-core"),
        ],
    )
    .await;
    // 3.0: the same identity, but the vulnerability now reaches it through another advisory.
    let c3 = fixtures::sbom(
        &store,
        org.id,
        v3.id,
        &[fixtures::purl_component("l", LOG4J)],
    )
    .await;
    let c4 = fixtures::sbom(
        &store,
        org.id,
        v4.id,
        &[fixtures::purl_component("l", LOG4J)],
    )
    .await;
    let c0 = fixtures::sbom(
        &store,
        org.id,
        v0.id,
        &[fixtures::purl_component("l", LOG4J)],
    )
    .await;
    let cm = fixtures::sbom(
        &store,
        org.id,
        m1.id,
        &[fixtures::purl_component("l", LOG4J)],
    )
    .await;

    let f1 = fixtures::finding(&store, org.id, c1[0].id, osv).await;
    let f2 = fixtures::finding(&store, org.id, c2[0].id, osv).await;
    let f2_other = fixtures::finding(&store, org.id, c2[1].id, osv).await;
    let f3 = fixtures::finding(&store, org.id, c3[0].id, nvd).await;
    let f4 = fixtures::finding(&store, org.id, c4[0].id, osv).await;
    let f0 = fixtures::finding(&store, org.id, c0[0].id, osv).await;
    let fm = fixtures::finding(&store, org.id, cm[0].id, osv).await;

    assert_eq!(store.current_analysis(org.id, f1.id).await.unwrap(), None);

    let a1 = record(
        &store,
        org.id,
        f1.id,
        &analysis(AnalysisState::NotAffected, "alice"),
    )
    .await;
    assert_eq!(
        a1.component_identity,
        ComponentIdentity::Purl("pkg:maven/org.apache.logging.log4j/log4j-core".into())
    );
    assert_eq!(a1.vulnerability_id, "CVE-2021-44228");
    assert_eq!(a1.justification, Some(Justification::CodeNotReachable));
    let own = store
        .current_analysis(org.id, f1.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!own.inherited);
    assert_eq!(own.analysis, a1);
    assert_eq!(own.from_version, v1.id);

    // Carried forward to 2.0: same identity, same advisory.
    let inherited = store
        .current_analysis(org.id, f2.id)
        .await
        .unwrap()
        .unwrap();
    assert!(inherited.inherited);
    assert_eq!(inherited.analysis.id, a1.id);
    assert_eq!(inherited.from_version, v1.id);
    assert_eq!(inherited.from_version_label, "1.0");
    // Not to another identity with the same vulnerability (never keyed by the vulnerability alone).
    assert_eq!(
        store.current_analysis(org.id, f2_other.id).await.unwrap(),
        None
    );
    // Not when the affected status changed (another advisory record matches now).
    assert_eq!(store.current_analysis(org.id, f3.id).await.unwrap(), None);
    // Not backwards to a version released earlier, nor to another product.
    assert_eq!(store.current_analysis(org.id, f0.id).await.unwrap(), None);
    assert_eq!(store.current_analysis(org.id, fm.id).await.unwrap(), None);
    // The undated version in development is the latest: it inherits from 1.0 through 2.0's gap.
    let from_v1 = store
        .current_analysis(org.id, f4.id)
        .await
        .unwrap()
        .unwrap();
    assert!(from_v1.inherited);
    assert_eq!(from_v1.from_version, v1.id);

    // A new analysis on 2.0 ends the inheritance there; 1.0 keeps its own.
    let a2 = record(
        &store,
        org.id,
        f2.id,
        &analysis(AnalysisState::Exploitable, "bob"),
    )
    .await;
    let now_own = store
        .current_analysis(org.id, f2.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!now_own.inherited);
    assert_eq!(now_own.analysis, a2);
    assert_eq!(
        now_own.analysis.response,
        [Response::Update, Response::WorkaroundAvailable]
    );
    assert_eq!(
        store
            .current_analysis(org.id, f1.id)
            .await
            .unwrap()
            .unwrap()
            .analysis,
        a1
    );
    // The nearest earlier version wins: 4.0-dev now inherits 2.0's decision.
    let from_v2 = store
        .current_analysis(org.id, f4.id)
        .await
        .unwrap()
        .unwrap();
    assert!(from_v2.inherited);
    assert_eq!((from_v2.from_version, from_v2.analysis.id), (v2.id, a2.id));

    // History is append-only; the newest row is current.
    let a1b = record(
        &store,
        org.id,
        f1.id,
        &analysis(AnalysisState::Resolved, "carol"),
    )
    .await;
    assert_eq!(
        store
            .current_analysis(org.id, f1.id)
            .await
            .unwrap()
            .unwrap()
            .analysis,
        a1b
    );
    let history = store.analysis_history(org.id, f1.id).await.unwrap();
    assert_eq!(
        history.iter().map(|a| a.id).collect::<Vec<_>>(),
        [a1b.id, a2.id, a1.id]
    );
    assert_eq!(history[2], a1, "earlier rows are unchanged");
    // 2.0 still has its own; 4.0-dev still inherits from the nearest version, 2.0.
    assert_eq!(
        store
            .current_analysis(org.id, f4.id)
            .await
            .unwrap()
            .unwrap()
            .analysis
            .id,
        a2.id
    );

    // When a rematch removes 2.0's finding (the advisory no longer affects it), 4.0-dev falls
    // back to 1.0, whose finding is unchanged.
    db.raw(&format!("DELETE FROM findings WHERE id = {}", f2.id))
        .await
        .unwrap();
    let back = store
        .current_analysis(org.id, f4.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((back.from_version, back.analysis.id), (v1.id, a1b.id));
    assert_eq!(
        store.analysis_history(org.id, f1.id).await.unwrap().len(),
        3,
        "history survives"
    );
}
