//! One test database per test (a temporary SQLite file or a fresh PostgreSQL schema), a
//! vulnerability database of test advisories, and helpers to set up SBOMs and run workers.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tplc_jobs::{JobOutcome, Worker, WorkerConfig, ingest_job};
use tplc_store::{
    Job, NewProduct, NewProductVersion, OrganizationId, OrganizationKind, SbomDocumentId, Store,
};

pub(crate) enum Kind {
    Sqlite,
    Postgres { base: String, schema: String },
}

pub(crate) struct TestDb {
    pub(crate) url: String,
    pub(crate) kind: Kind,
    pub(crate) dir: tempfile::TempDir,
}

impl TestDb {
    pub(crate) fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/test.sqlite3?mode=rwc", dir.path().display());
        Self {
            url,
            kind: Kind::Sqlite,
            dir,
        }
    }

    pub(crate) async fn postgres() -> Option<Self> {
        let Ok(base) = std::env::var("TPLC_TEST_POSTGRES_URL") else {
            println!("skipped: TPLC_TEST_POSTGRES_URL not set (PostgreSQL tests)");
            return None;
        };
        let schema = format!("tplc_jobs_test_{}", uuid::Uuid::new_v4().simple());
        let pool = sqlx::PgPool::connect(&base).await.unwrap();
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options[search_path]={schema}");
        Some(Self {
            url,
            kind: Kind::Postgres { base, schema },
            dir: tempfile::tempdir().unwrap(),
        })
    }

    pub(crate) async fn store(&self) -> Store {
        Store::connect(&self.url).await.unwrap()
    }

    /// The vulnerability database directory of this test (empty until something is imported).
    pub(crate) fn vulndb(&self) -> PathBuf {
        self.dir.path().join("vulndb")
    }

    /// A single number from SQL run behind the store's back.
    pub(crate) async fn scalar(&self, sql: &str) -> i64 {
        match &self.kind {
            Kind::Sqlite => {
                let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
                let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&pool).await.unwrap();
                pool.close().await;
                n
            }
            Kind::Postgres { .. } => {
                let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
                let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&pool).await.unwrap();
                pool.close().await;
                n
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Kind::Postgres { base, schema } = &self.kind {
            let (base, schema) = (base.clone(), schema.clone());
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    if let Ok(pool) = sqlx::PgPool::connect(&base).await {
                        let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                            .execute(&pool)
                            .await;
                        pool.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// Generates `sqlite::name` and `postgres::name` for each `async fn name(&TestDb)`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let db = $crate::support::TestDb::sqlite();
                    super::$name(&db).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let Some(db) = $crate::support::TestDb::postgres().await else { return };
                    super::$name(&db).await;
                }
            )*
        }
    };
}

/// An OSV advisory of a PyPI package, affected below `fixed`.
pub(crate) fn pypi_advisory(id: &str, package: &str, fixed: &str) -> String {
    serde_json::json!({
        "id": id,
        "modified": "2026-01-01T00:00:00Z",
        "summary": format!("test advisory for {package}"),
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected": [{"package": {"ecosystem": "PyPI", "name": package},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}]}],
    })
    .to_string()
}

/// Imports OSV advisories (id, JSON) into the test's vulnerability database.
pub(crate) fn import(db: &TestDb, advisories: &[(&str, String)]) {
    let staging = tempfile::tempdir().unwrap();
    for (id, json) in advisories {
        std::fs::write(staging.path().join(format!("{id}.json")), json).unwrap();
    }
    tplc_vulndb::import(
        &db.vulndb(),
        tplc_vulndb::SourceKind::Osv,
        &[staging.path().to_path_buf()],
        &mut |_| {},
    )
    .unwrap();
}

/// A small CycloneDX SBOM: `pkg:pypi/NAME@VERSION` for each pair.
pub(crate) fn sbom(components: &[(&str, &str)]) -> Vec<u8> {
    let components: Vec<serde_json::Value> = components
        .iter()
        .map(|(name, version)| {
            serde_json::json!({"type": "library", "bom-ref": format!("{name}@{version}"),
                "name": name, "version": version, "purl": format!("pkg:pypi/{name}@{version}"),
                "supplier": {"name": "PyPI maintainers"}})
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6",
        "metadata": {"timestamp": "2026-11-01T00:00:00Z", "authors": [{"name": "Tester"}],
            "component": {"type": "device", "bom-ref": "dev", "name": "Device", "version": "1"}},
        "components": components,
    }))
    .unwrap()
}

/// An organization with one product of one version.
pub(crate) async fn organization(
    store: &Store,
    name: &str,
) -> (OrganizationId, tplc_store::ProductVersionId) {
    let mut tx = store.begin().await.unwrap();
    let org = tx
        .create_organization(OrganizationKind::Manufacturer, name)
        .await
        .unwrap();
    let product = tx
        .create_product(
            org.id,
            &NewProduct {
                name: "Device".into(),
                ..NewProduct::default()
            },
        )
        .await
        .unwrap();
    let version = tx
        .create_product_version(org.id, product.id, &NewProductVersion::new("1"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (org.id, version.id)
}

/// Stores `bytes` as a pending SBOM of a new version `label` of the organization's product
/// (`version` given: of that version) and enqueues its ingestion, as the upload API does.
pub(crate) async fn upload(
    store: &Store,
    org: OrganizationId,
    version: tplc_store::ProductVersionId,
    bytes: Vec<u8>,
) -> (SbomDocumentId, Job) {
    let new = match tplc_jobs::new_sbom(bytes.clone(), None) {
        Ok((new, _)) => new,
        // A malformed upload stored anyway (to test the worker's handling of it).
        Err(_) => tplc_store::NewSbom {
            format: "cyclonedx-json".into(),
            spec_version: None,
            original: bytes,
            author: None,
            timestamp: None,
            uploaded_by: None,
        },
    };
    let mut tx = store.begin().await.unwrap();
    let document = tx.create_sbom(org, version, &new).await.unwrap();
    let job = tx.enqueue_job(&ingest_job(org, document.id)).await.unwrap();
    tx.commit().await.unwrap();
    (document.id, job)
}

/// A worker with quick pacing.
pub(crate) fn worker(store: &Store, vulndb: &Path, id: &str) -> Worker {
    Worker::new(store.clone(), vulndb.to_path_buf(), id).with_config(WorkerConfig {
        idle_min: Duration::from_millis(10),
        idle_max: Duration::from_millis(100),
        heartbeat: Duration::from_millis(200),
        stale_after: Duration::from_secs(2),
        requeue_every: Duration::from_millis(500),
        max_attempts: 5,
    })
}

/// Runs jobs until the queue is empty; their outcomes.
pub(crate) async fn drain(worker: &Worker) -> Vec<JobOutcome> {
    let mut outcomes = Vec::new();
    while let Some(outcome) = worker.run_once().await.unwrap() {
        outcomes.push(outcome);
    }
    outcomes
}
