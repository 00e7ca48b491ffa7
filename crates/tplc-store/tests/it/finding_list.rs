//! The joined findings list (`finding_page`) gives the same rows, states and order as the
//! per-row reads (`findings` + `component` + `current_analysis`), for every filter and page.

use tplc_advisory::AdvisorySource;
use tplc_store::*;

use crate::fixtures;

crate::backend_tests!(finding_page_matches_per_row_reads);

fn rank(severity: Severity) -> usize {
    Severity::ALL
        .iter()
        .position(|s| *s == severity)
        .unwrap_or(usize::MAX)
}

/// The list computed the slow way: every finding, its component and its current analysis.
async fn per_row(
    store: &Store,
    org: OrganizationId,
    query: &FindingListQuery,
) -> (Vec<FindingRow>, u64) {
    let mut rows = Vec::new();
    for f in store.findings(org, &query.filter).await.unwrap() {
        let component = store.component(org, f.component).await.unwrap();
        let doc = store
            .sbom_document(org, component.sbom_document)
            .await
            .unwrap();
        let version = store
            .product_version(org, doc.product_version)
            .await
            .unwrap();
        let current = store.current_analysis(org, f.id).await.unwrap();
        let state = current.as_ref().map(|c| c.analysis.state);
        if query.state.is_some_and(|want| want != state) {
            continue;
        }
        rows.push(FindingRow {
            finding: f,
            component,
            product: version.product,
            product_version: version.id,
            analysis_state: state,
            analysis_inherited: current.as_ref().is_some_and(|c| c.inherited),
            analysis_from_version: current.map(|c| c.from_version),
        });
    }
    rows.sort_by_key(|r| (rank(r.finding.severity), r.finding.id));
    let total = rows.len() as u64;
    let page = rows
        .into_iter()
        .skip(usize::try_from(query.offset).unwrap())
        .take(usize::try_from(query.limit).unwrap())
        .collect();
    (page, total)
}

/// Compares both ways for every combination of filters, states and a few pages.
pub(crate) async fn assert_matches(
    store: &Store,
    org: OrganizationId,
    products: &[ProductId],
    versions: &[ProductVersionId],
) -> usize {
    let mut states: Vec<Option<Option<AnalysisState>>> = vec![None, Some(None)];
    states.extend(AnalysisState::ALL.iter().map(|s| Some(Some(*s))));
    let mut filters = vec![FindingFilter::default()];
    for p in products {
        filters.push(FindingFilter {
            product: Some(*p),
            ..FindingFilter::default()
        });
    }
    for v in versions {
        filters.push(FindingFilter {
            product_version: Some(*v),
            ..FindingFilter::default()
        });
    }
    for s in [Severity::Critical, Severity::Medium, Severity::Unknown] {
        filters.push(FindingFilter {
            severity: Some(s),
            ..FindingFilter::default()
        });
    }
    for kev in [true, false] {
        filters.push(FindingFilter {
            kev: Some(kev),
            ..FindingFilter::default()
        });
    }
    filters.push(FindingFilter {
        include_excluded: true,
        ..FindingFilter::default()
    });
    let mut nonempty = 0;
    for filter in &filters {
        for state in &states {
            for (limit, offset) in [(500, 0), (2, 0), (2, 2), (3, 4), (1, 100)] {
                let query = FindingListQuery {
                    filter: filter.clone(),
                    state: *state,
                    limit,
                    offset,
                };
                let page = store.finding_page(org, &query).await.unwrap();
                let (expected, total) = per_row(store, org, &query).await;
                assert_eq!(page.total, total, "total of {query:?}");
                assert_eq!(page.rows, expected, "rows of {query:?}");
                if !page.rows.is_empty() {
                    nonempty += 1;
                }
            }
        }
    }
    nonempty
}

async fn record(store: &Store, org: OrganizationId, finding: FindingId, state: AnalysisState) {
    let mut tx = store.begin().await.unwrap();
    tx.record_analysis(
        org,
        finding,
        &NewAnalysis {
            state,
            justification: None,
            response: vec![],
            detail: None,
            cvss_environmental: None,
            author: "alice".into(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn finding(
    store: &Store,
    org: OrganizationId,
    component: ComponentId,
    advisory: AdvisoryKey,
    severity: Severity,
    kev: bool,
) -> Finding {
    let mut tx = store.begin().await.unwrap();
    let f = tx
        .upsert_finding(
            org,
            &NewFinding {
                severity,
                kev,
                ..fixtures::new_finding(component, advisory)
            },
            Timestamp::now(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    f
}

const LOG4J: &str = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
const URLLIB3: &str = "pkg:pypi/urllib3@1.26.4";

async fn finding_page_matches_per_row_reads(db: &crate::support::TestDb) {
    let store = db.store().await;
    let org = fixtures::org(&store, "ACME").await;
    let other_org = fixtures::org(&store, "Other").await;
    let pump = fixtures::product(&store, org.id, "Pump").await;
    let monitor = fixtures::product(&store, org.id, "Monitor").await;
    let foreign = fixtures::product(&store, other_org.id, "Pump").await;
    let v1 = fixtures::version(&store, org.id, pump.id, "1.0", Some("2025-01-01")).await;
    let v2 = fixtures::version(&store, org.id, pump.id, "2.0", Some("2025-06-01")).await;
    let v3 = fixtures::version(&store, org.id, pump.id, "3.0-dev", None).await;
    let v0 = fixtures::version(&store, org.id, pump.id, "0.9", Some("2024-01-01")).await;
    let m1 = fixtures::version(&store, org.id, monitor.id, "1.0", Some("2025-01-01")).await;
    let x1 = fixtures::version(&store, other_org.id, foreign.id, "1.0", None).await;

    let osv = fixtures::advisory(&store, "GHSA-jfh8-c2jp-5v3q", AdvisorySource::Osv).await;
    let nvd = fixtures::advisory(&store, "CVE-2021-44228", AdvisorySource::Nvd).await;

    let mut excluded = fixtures::purl_component("x", "pkg:npm/left-pad@1.0.0");
    excluded.scope_excluded = true;
    let components = [
        fixtures::purl_component("l", LOG4J),
        fixtures::purl_component("u", URLLIB3),
        fixtures::named_component("fw", "ACME", "log4j-core"),
        excluded,
    ];
    let mut all = Vec::new();
    for (i, version) in [v1.id, v2.id, v3.id, v0.id, m1.id].into_iter().enumerate() {
        let c = fixtures::sbom(&store, org.id, version, &components).await;
        let severities = [Severity::Critical, Severity::Medium, Severity::Unknown];
        for (j, k) in c.iter().enumerate() {
            let severity = severities[(i + j) % severities.len()];
            let f = finding(&store, org.id, k.id, osv, severity, j % 2 == 0).await;
            all.push((version, j, f));
        }
        // 2.0's log4j is also matched through the NVD record (another affected status).
        if version == v2.id {
            let f = finding(&store, org.id, c[0].id, nvd, Severity::High, true).await;
            all.push((version, 9, f));
        }
    }
    // Another organization's findings never show.
    let xc = fixtures::sbom(&store, other_org.id, x1.id, &components[..1]).await;
    finding(
        &store,
        other_org.id,
        xc[0].id,
        osv,
        Severity::Critical,
        true,
    )
    .await;
    // A pending SBOM's findings are not listed (made pending behind the store's back).
    let hidden = fixtures::sbom(&store, org.id, v1.id, &components[..1]).await;
    finding(&store, org.id, hidden[0].id, osv, Severity::Critical, true).await;
    db.raw(&format!(
        "UPDATE sbom_documents SET state = 'pending' WHERE id = {}",
        hidden[0].sbom_document
    ))
    .await
    .unwrap();

    let products = [pump.id, monitor.id, foreign.id];
    let versions = [v1.id, v2.id, v3.id, m1.id, x1.id];
    assert!(assert_matches(&store, org.id, &products, &versions).await > 0);

    let of = |version: ProductVersionId, j: usize| {
        all.iter()
            .find(|(v, k, _)| *v == version && *k == j)
            .map(|(_, _, f)| f.id)
            .unwrap()
    };
    // Own analyses on 1.0 (carried to 2.0 and 3.0-dev), on 0.9 (carried to nothing later that
    // has its own), on the Monitor (another product), and a newer one on 2.0's urllib3.
    record(&store, org.id, of(v1.id, 0), AnalysisState::NotAffected).await;
    record(&store, org.id, of(v1.id, 1), AnalysisState::InTriage).await;
    record(&store, org.id, of(v2.id, 1), AnalysisState::Exploitable).await;
    record(&store, org.id, of(v2.id, 1), AnalysisState::Resolved).await;
    record(&store, org.id, of(v0.id, 2), AnalysisState::FalsePositive).await;
    record(&store, org.id, of(m1.id, 0), AnalysisState::Exploitable).await;
    record(
        &store,
        org.id,
        of(v2.id, 9),
        AnalysisState::ResolvedWithPedigree,
    )
    .await;
    let nonempty = assert_matches(&store, org.id, &products, &versions).await;
    assert!(nonempty > 0);

    // 3.0-dev has no analysis of its own: every listed row's state is carried forward (the
    // excluded component is not listed).
    let page = store
        .finding_page(
            org.id,
            &FindingListQuery {
                filter: FindingFilter {
                    product_version: Some(v3.id),
                    ..FindingFilter::default()
                },
                limit: 500,
                ..FindingListQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(page.total, 3);
    assert!(
        page.rows
            .iter()
            .all(|r| r.analysis_inherited && r.analysis_state.is_some())
    );
    // 1.0's urllib3 keeps its own state; 2.0's newest own row wins there.
    let state_of = |rows: &[FindingRow], id: FindingId| {
        rows.iter()
            .find(|r| r.finding.id == id)
            .map(|r| (r.analysis_state, r.analysis_inherited))
    };
    let everything = store
        .finding_page(
            org.id,
            &FindingListQuery {
                limit: 500,
                ..FindingListQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        state_of(&everything.rows, of(v1.id, 1)),
        Some((Some(AnalysisState::InTriage), false))
    );
    assert_eq!(
        state_of(&everything.rows, of(v2.id, 1)),
        Some((Some(AnalysisState::Resolved), false))
    );
    assert_eq!(
        state_of(&everything.rows, of(v1.id, 2)),
        Some((Some(AnalysisState::FalsePositive), true))
    );
    // 3.0-dev's urllib3 inherits from the nearest earlier version with an analysis, 2.0.
    let v3_urllib3 = everything
        .rows
        .iter()
        .find(|r| r.finding.id == of(v3.id, 1))
        .unwrap();
    assert_eq!(
        (v3_urllib3.analysis_state, v3_urllib3.analysis_from_version),
        (Some(AnalysisState::Resolved), Some(v2.id))
    );
    // Not backwards: 0.9's log4j inherits nothing from 1.0.
    assert_eq!(
        state_of(&everything.rows, of(v0.id, 0)),
        Some((None, false))
    );
    // The order: critical first, unknown last, by key within a severity.
    let order: Vec<_> = everything
        .rows
        .iter()
        .map(|r| (rank(r.finding.severity), r.finding.id))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert_eq!(everything.rows.len(), 16);

    // After a rematch removes 2.0's findings of log4j, 3.0-dev falls back to 1.0's decision.
    db.raw(&format!(
        "DELETE FROM findings WHERE id IN ({}, {})",
        of(v2.id, 0),
        of(v2.id, 9)
    ))
    .await
    .unwrap();
    assert!(assert_matches(&store, org.id, &products, &versions).await > 0);
    let after = store
        .finding_page(
            org.id,
            &FindingListQuery {
                limit: 500,
                ..FindingListQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        state_of(&after.rows, of(v3.id, 0)),
        Some((Some(AnalysisState::NotAffected), true))
    );
}
