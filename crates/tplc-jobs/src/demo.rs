//! The bundled demo portfolio: the organization "Demo Medical" with three device products of
//! two versions each, their SBOMs (written for the demo, under `crates/tplc-jobs/demo/sboms/`:
//! five CycloneDX 1.6 JSON, one SPDX 2.3 JSON; five of the six carry Japan's seven SBOM
//! elements, the first infusion-pump SBOM lacks one supplier on purpose) and eight OSV
//! advisories (`demo/advisories/`) whose ids, aliases, packages, ranges and CVSS vectors are
//! those of the public records and whose summaries were written for the demo.
//!
//! Expected findings once ingested: SP-300 1.0: 3, 1.1: 1; PM-7 4.2: 4, 4.3: 1; ViewPoint
//! 3.0: 2, 3.1: 0.

use std::path::{Path, PathBuf};

use tplc_store::{
    JobId, LifecyclePhase, NewAuditEvent, NewProduct, NewProductVersion, OrganizationId,
    OrganizationKind, Store, Timestamp,
};

use crate::worker::blocking;
use crate::{JobsError, ingest_job, new_sbom};

/// The demo organization's name.
pub const ORGANIZATION: &str = "Demo Medical";

/// An advisory file of the demo set: (file name, content).
pub const ADVISORIES: &[(&str, &str)] = &[
    (
        "GHSA-jfh8-c2jp-5v3q.json",
        include_str!("../demo/advisories/GHSA-jfh8-c2jp-5v3q.json"),
    ),
    (
        "GO-2023-2102.json",
        include_str!("../demo/advisories/GO-2023-2102.json"),
    ),
    (
        "GO-2023-2402.json",
        include_str!("../demo/advisories/GO-2023-2402.json"),
    ),
    (
        "GO-2024-3250.json",
        include_str!("../demo/advisories/GO-2024-3250.json"),
    ),
    (
        "PYSEC-2023-192.json",
        include_str!("../demo/advisories/PYSEC-2023-192.json"),
    ),
    (
        "PYSEC-2023-227.json",
        include_str!("../demo/advisories/PYSEC-2023-227.json"),
    ),
    (
        "PYSEC-2023-254.json",
        include_str!("../demo/advisories/PYSEC-2023-254.json"),
    ),
    (
        "PYSEC-2023-74.json",
        include_str!("../demo/advisories/PYSEC-2023-74.json"),
    ),
];

/// One demo product.
struct Product {
    product: fn() -> NewProduct,
    versions: [(&'static str, &'static str, &'static str); 2],
}

const PUMP_1_0: &str = include_str!("../demo/sboms/sp-300-infusion-pump-1.0.cdx.json");
const PUMP_1_1: &str = include_str!("../demo/sboms/sp-300-infusion-pump-1.1.cdx.json");
const MONITOR_4_2: &str = include_str!("../demo/sboms/pm-7-patient-monitor-4.2.cdx.json");
const MONITOR_4_3: &str = include_str!("../demo/sboms/pm-7-patient-monitor-4.3.spdx.json");
const PACS_3_0: &str = include_str!("../demo/sboms/viewpoint-pacs-viewer-3.0.cdx.json");
const PACS_3_1: &str = include_str!("../demo/sboms/viewpoint-pacs-viewer-3.1.cdx.json");

fn contact() -> Option<String> {
    Some("psirt@sakura-medical.example".into())
}

const PRODUCTS: [Product; 3] = [
    Product {
        product: || NewProduct {
            name: "SP-300 Infusion Pump".into(),
            generic_name: Some("汎用輸液ポンプ".into()),
            device_class: Some("III".into()),
            approval_number: Some("DEMO-30600BZX00001000".into()),
            security_contact: contact(),
        },
        versions: [
            ("1.0", "2025-04-01", PUMP_1_0),
            ("1.1", "2026-11-15", PUMP_1_1),
        ],
    },
    Product {
        product: || NewProduct {
            name: "PM-7 Patient Monitor".into(),
            generic_name: Some("重要パラメータ付き多項目モニタ".into()),
            device_class: Some("II".into()),
            approval_number: Some("DEMO-306AABZX00002000".into()),
            security_contact: contact(),
        },
        versions: [
            ("4.2", "2025-09-10", MONITOR_4_2),
            ("4.3", "2026-11-20", MONITOR_4_3),
        ],
    },
    Product {
        product: || NewProduct {
            name: "ViewPoint PACS Viewer".into(),
            generic_name: Some("汎用画像診断装置ワークステーション用プログラム".into()),
            device_class: Some("II".into()),
            approval_number: Some("DEMO-306ADBZX00003000".into()),
            security_contact: contact(),
        },
        versions: [
            ("3.0", "2024-08-01", PACS_3_0),
            ("3.1", "2026-11-01", PACS_3_1),
        ],
    },
];

/// The limited-support plan of the demo's oldest versions (QA2 Q10: shown to hospitals in
/// advance).
const LIMITED_SUPPORT_PLAN: &str = "EOLから1年間の限定的サポート期間: 重大な脆弱性に対するセキュリティ更新のみを提供し、\
    後継バージョンへの移行を支援する。 / One year of limited support after EOL: security updates \
    for critical vulnerabilities only, and help with moving to the successor version.";

/// EOL `months` after `today` (`YYYY-MM-DD`, day clamped to 28) and EOS one year after EOL.
fn oldest_version_dates(today: &str, months: u32) -> (String, String) {
    let year: u32 = today[..4].parse().unwrap_or(2026);
    let month: u32 = today[5..7].parse().unwrap_or(1);
    let day: u32 = today[8..10].parse::<u32>().unwrap_or(1).min(28);
    let total = month.saturating_sub(1) + months;
    let (eol_year, eol_month) = (year + total / 12, total % 12 + 1);
    (
        format!("{eol_year:04}-{eol_month:02}-{day:02}"),
        format!("{:04}-{eol_month:02}-{day:02}", eol_year + 1),
    )
}

/// What [`seed`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// The demo organization.
    pub organization: Option<OrganizationId>,
    /// Whether it existed already (then nothing was done).
    pub already_present: bool,
    /// Products created.
    pub products: usize,
    /// Product versions created.
    pub versions: usize,
    /// SBOM documents stored (pending until their jobs run).
    pub sboms: usize,
    /// The ingestion jobs enqueued.
    pub jobs: Vec<JobId>,
    /// Advisories in the vulnerability database after the import.
    pub advisories: u64,
}

/// Loads the demo portfolio: imports the demo advisories into the vulnerability database in
/// `vulndb_dir` (created when missing; importing them again changes nothing), then, in one
/// transaction, creates the organization, its products and versions, stores the SBOMs as
/// pending with an ingestion job each, and appends an audit event. Run a [`crate::Worker`] to
/// ingest them. Does nothing when the organization exists already (also when another server
/// created it at the same moment).
///
/// # Errors
/// When the advisories cannot be written or imported, or a store operation fails.
pub async fn seed(store: &Store, vulndb_dir: &Path) -> Result<DemoSummary, JobsError> {
    match store.organization_by_name(ORGANIZATION).await {
        Ok(org) => return Ok(present(org.id)),
        Err(error) if error.is_not_found() => {}
        Err(error) => return Err(error.into()),
    }
    let dir = vulndb_dir.to_path_buf();
    let advisories = blocking(move || import_advisories(&dir)).await?;
    let mut tx = store.begin().await?;
    let org = match tx
        .create_organization(OrganizationKind::Manufacturer, ORGANIZATION)
        .await
    {
        Ok(org) => org,
        Err(error) if error.is_conflict() => {
            drop(tx);
            let org = store.organization_by_name(ORGANIZATION).await?;
            return Ok(present(org.id));
        }
        Err(error) => return Err(error.into()),
    };
    let mut summary = DemoSummary {
        organization: Some(org.id),
        advisories,
        ..DemoSummary::default()
    };
    let today = Timestamp::now().to_text();
    for (index, demo) in PRODUCTS.iter().enumerate() {
        let product = tx.create_product(org.id, &(demo.product)()).await?;
        summary.products += 1;
        for (position, (label, released, sbom)) in demo.versions.iter().enumerate() {
            let mut fields = NewProductVersion {
                release_date: Some((*released).into()),
                lifecycle_phase: LifecyclePhase::Support,
                ..NewProductVersion::new(*label)
            };
            if position == 0 {
                // The oldest version of each product reaches EOL within the dashboard's
                // horizons (5, 11 and 17 months from the day the demo is loaded).
                let (eol, eos) = oldest_version_dates(&today[..10], 5 + 6 * index as u32);
                fields.eol_date = Some(eol);
                fields.eos_date = Some(eos);
                fields.limited_support_plan = LIMITED_SUPPORT_PLAN.into();
            }
            let version = tx
                .create_product_version(org.id, product.id, &fields)
                .await?;
            summary.versions += 1;
            let (new, _) = new_sbom(sbom.as_bytes().to_vec(), None)
                .map_err(|error| JobsError::Sbom(error.one_line()))?;
            let document = tx.create_sbom(org.id, version.id, &new).await?;
            summary.sboms += 1;
            let job = tx.enqueue_job(&ingest_job(org.id, document.id)).await?;
            summary.jobs.push(job.id);
        }
    }
    tx.append_audit(&NewAuditEvent {
        organization: Some(org.id),
        actor: "system".into(),
        action: "demo.seed".into(),
        object_type: "organization".into(),
        object_id: org.id.to_string(),
        before: None,
        after: Some(serde_json::json!({
            "name": ORGANIZATION,
            "products": summary.products,
            "versions": summary.versions,
            "sboms": summary.sboms,
            "jobs": summary.jobs.iter().map(|job| job.get()).collect::<Vec<_>>(),
        })),
    })
    .await?;
    tx.commit().await?;
    Ok(summary)
}

fn present(org: OrganizationId) -> DemoSummary {
    DemoSummary {
        organization: Some(org),
        already_present: true,
        ..DemoSummary::default()
    }
}

/// Writes the demo advisories to a fresh directory beside the database, imports them and
/// removes the directory; returns the advisories the database holds.
fn import_advisories(vulndb_dir: &Path) -> Result<u64, JobsError> {
    let parent = vulndb_dir.parent().unwrap_or(vulndb_dir);
    let unique = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let staging: PathBuf = parent.join(format!(
        ".tplc-demo-advisories-{}-{unique}",
        std::process::id()
    ));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| JobsError::Io { path, source }
    };
    std::fs::create_dir_all(&staging).map_err(io(&staging))?;
    let result = (|| {
        for (name, content) in ADVISORIES {
            let path = staging.join(name);
            std::fs::write(&path, content).map_err(io(&path))?;
        }
        let report = tplc_vulndb::import(
            vulndb_dir,
            tplc_vulndb::SourceKind::Osv,
            std::slice::from_ref(&staging),
            &mut |_| {},
        )?;
        Ok(report.total)
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_versions_reach_eol_within_the_dashboard_horizons() {
        assert_eq!(
            oldest_version_dates("2026-12-01", 5),
            ("2027-05-01".to_owned(), "2028-05-01".to_owned())
        );
        assert_eq!(
            oldest_version_dates("2026-01-31", 11),
            ("2026-12-28".to_owned(), "2027-12-28".to_owned())
        );
        assert_eq!(
            oldest_version_dates("2026-08-15", 17),
            ("2028-01-15".to_owned(), "2029-01-15".to_owned())
        );
    }

    #[test]
    fn the_bundled_sboms_and_advisories_read() {
        for product in &PRODUCTS {
            for (_, _, sbom) in product.versions {
                let (new, document) = new_sbom(sbom.as_bytes().to_vec(), None).unwrap();
                assert!(new.author.is_some() && new.timestamp.is_some());
                assert_eq!(document.component_count(), 6);
            }
        }
        let formats: Vec<String> = PRODUCTS
            .iter()
            .flat_map(|product| product.versions)
            .map(|(_, _, sbom)| new_sbom(sbom.as_bytes().to_vec(), None).unwrap().0.format)
            .collect();
        assert_eq!(formats.iter().filter(|f| *f == "spdx-json").count(), 1);
        for (name, content) in ADVISORIES {
            let advisory: serde_json::Value = serde_json::from_str(content).unwrap();
            assert_eq!(format!("{}.json", advisory["id"].as_str().unwrap()), *name);
        }
    }
}
