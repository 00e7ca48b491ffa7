//! A real server on 127.0.0.1:0 over a test database (a temporary SQLite file, or a fresh
//! PostgreSQL schema when `TPLC_TEST_POSTGRES_URL` is set), and real HTTP clients.

use std::net::SocketAddr;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::Value;
use tplc_auth::{HashParams, PasswordHasher};
use tplc_server::{AppState, ServerConfig};
use tplc_store::*;

pub(crate) enum Kind {
    Sqlite { _dir: tempfile::TempDir },
    Postgres { base: String, schema: String },
}

pub(crate) struct TestDb {
    pub(crate) url: String,
    pub(crate) kind: Kind,
}

impl TestDb {
    pub(crate) fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/test.sqlite3?mode=rwc", dir.path().display());
        Self {
            url,
            kind: Kind::Sqlite { _dir: dir },
        }
    }

    pub(crate) async fn postgres() -> Option<Self> {
        let Ok(base) = std::env::var("TPLC_TEST_POSTGRES_URL") else {
            println!("skipped: TPLC_TEST_POSTGRES_URL not set (PostgreSQL tests)");
            return None;
        };
        let schema = format!("tplc_server_test_{}", uuid::Uuid::new_v4().simple());
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
        })
    }

    /// `SELECT COUNT(*)` with a condition, behind the store's back.
    pub(crate) async fn count(&self, sql_from_where: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {sql_from_where}");
        match &self.kind {
            Kind::Sqlite { .. } => {
                let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
                let (n,): (i64,) = sqlx::query_as(&sql).fetch_one(&pool).await.unwrap();
                pool.close().await;
                n
            }
            Kind::Postgres { .. } => {
                let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
                let (n,): (i64,) = sqlx::query_as(&sql).fetch_one(&pool).await.unwrap();
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

/// Generates, for each test function `name(&TestDb)`, `sqlite::name` and `postgres::name`.
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

/// A running server.
pub(crate) struct Server {
    pub(crate) base: String,
    pub(crate) state: AppState,
    pub(crate) _vulndb: tempfile::TempDir,
}

pub(crate) const PASSWORD: &str = "correct horse battery staple";

pub(crate) fn hasher() -> PasswordHasher {
    PasswordHasher::new(HashParams::insecure_for_tests())
}

impl Server {
    /// Starts the app over `db` with the test hasher; `adjust` may change the state first.
    pub(crate) async fn start(db: &TestDb, adjust: impl FnOnce(AppState) -> AppState) -> Self {
        let store = Store::connect(&db.url).await.unwrap();
        let vulndb = tempfile::tempdir().unwrap();
        let config = ServerConfig {
            data_dir: vulndb.path().to_path_buf(),
            database_url: Some(db.url.clone()),
            max_upload_bytes: 256 * 1024,
            ..ServerConfig::default()
        };
        let mut state = AppState::new(store, config).with_hasher(hasher());
        state.vulndb_dir = vulndb.path().join("vulndb");
        let state = adjust(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = tplc_server::app(state.clone());
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        Self {
            base: format!("http://{addr}"),
            state,
            _vulndb: vulndb,
        }
    }

    pub(crate) fn store(&self) -> &Store {
        &self.state.store
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: a cookie jar and the server's `Origin` on every request.
    pub(crate) fn client(&self) -> reqwest::Client {
        let mut headers = HeaderMap::new();
        headers.insert("origin", HeaderValue::from_str(&self.base).unwrap());
        reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap()
    }

    /// A client without cookies or `Origin` (a script using a token).
    pub(crate) fn bare_client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap()
    }

    /// Logs `client` in; returns the session info (with its CSRF token).
    pub(crate) async fn login(&self, client: &reqwest::Client, username: &str) -> Value {
        let r = client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "login of {username}");
        r.json().await.unwrap()
    }
}

/// Creates a user with [`PASSWORD`].
pub(crate) async fn user(store: &Store, name: &str) -> User {
    let hash = hasher().hash(PASSWORD).unwrap();
    let mut tx = store.begin().await.unwrap();
    let u = tx
        .create_user(name, name, &PasswordHash::new(hash.into_string()))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    u
}

pub(crate) async fn member(store: &Store, org: OrganizationId, user: UserId, role: Role) {
    let mut tx = store.begin().await.unwrap();
    tx.add_membership(org, user, role).await.unwrap();
    tx.commit().await.unwrap();
}

/// A token of `user` in `org` with `role`; returns its plaintext and key.
pub(crate) async fn token(
    store: &Store,
    org: OrganizationId,
    user: UserId,
    role: Role,
    name: &str,
) -> (String, ApiTokenId) {
    let (plain, hash) = tplc_auth::generate_token().unwrap();
    let mut tx = store.begin().await.unwrap();
    let t = tx
        .create_api_token(&NewApiToken {
            organization: org,
            user,
            role,
            name: name.into(),
            token_hash: hash.to_hex(),
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (plain.into_inner(), t.id)
}

/// The objects of one organization the tests address.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Objects {
    pub(crate) org: OrganizationId,
    pub(crate) product: ProductId,
    pub(crate) version: ProductVersionId,
    pub(crate) sbom: SbomDocumentId,
    pub(crate) component: ComponentId,
    pub(crate) finding: FindingId,
    pub(crate) job: JobId,
    pub(crate) token: ApiTokenId,
    pub(crate) member: UserId,
    /// An approved evidence link of `version` (item `jp0523-1-1-a` of `jp-mhlw-0523`).
    pub(crate) link: EvidenceLinkId,
    /// A configuration diagram of `product`.
    pub(crate) diagram: DiagramId,
}

/// A small PNG-like file for diagram uploads.
pub(crate) const DIAGRAM: &[u8] = b"\x89PNG\r\n\x1a\nnetwork diagram";

/// Links an approved document to item `jp0523-1-1-a` of `version`; returns the link.
pub(crate) async fn evidence_link(
    store: &Store,
    org: OrganizationId,
    version: ProductVersionId,
) -> EvidenceLinkId {
    let mut new = NewEvidenceLink::new(
        "jp-mhlw-0523",
        "jp0523-1-1-a",
        EvidenceKind::Document,
        EvidenceStatus::Approved,
        "user:fixture",
    );
    new.document_number = "QM-SEC-001".into();
    new.title = "Security policy".into();
    let mut tx = store.begin().await.unwrap();
    let link = tx.add_evidence(org, version, &new).await.unwrap();
    tx.commit().await.unwrap();
    link.id
}

/// Stores [`DIAGRAM`] for `product`; returns its key.
pub(crate) async fn diagram(store: &Store, org: OrganizationId, product: ProductId) -> DiagramId {
    let mut tx = store.begin().await.unwrap();
    let meta = tx
        .add_diagram(
            org,
            product,
            &NewDiagram {
                file_name: "network.png".into(),
                media_type: "image/png".into(),
                caption: "network".into(),
                content: DIAGRAM.to_vec(),
                uploaded_by: "user:fixture".into(),
            },
            1 << 20,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    meta.id
}

pub(crate) const CDX: &str = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
  "metadata":{"timestamp":"2026-11-30T00:00:00Z","authors":[{"name":"Team"}],
    "component":{"type":"device","name":"Pump","version":"1.0","bom-ref":"root"}},
  "components":[{"type":"library","bom-ref":"log4j","name":"log4j-core","group":"org.apache.logging.log4j",
    "version":"2.14.1","purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
    "supplier":{"name":"Apache"}}],
  "dependencies":[{"ref":"root","dependsOn":["log4j"]}]}"#;

/// An organization with a product, a version, a ready SBOM with one component, an advisory
/// and a finding, a job, a token of `owner` and a viewer member `member_name`.
pub(crate) async fn objects(
    store: &Store,
    name: &str,
    owner: UserId,
    member_name: &str,
) -> Objects {
    let mut tx = store.begin().await.unwrap();
    let org = tx
        .create_organization(OrganizationKind::Manufacturer, name)
        .await
        .unwrap();
    tx.add_membership(org.id, owner, Role::Admin).await.unwrap();
    let product = tx
        .create_product(
            org.id,
            &NewProduct {
                name: format!("{name} pump"),
                ..NewProduct::default()
            },
        )
        .await
        .unwrap();
    let version = tx
        .create_product_version(
            org.id,
            product.id,
            &NewProductVersion {
                release_date: Some("2025-01-01".into()),
                ..NewProductVersion::new("1.0")
            },
        )
        .await
        .unwrap();
    let (new, doc) = tplc_jobs::new_sbom(CDX.as_bytes().to_vec(), Some(owner)).unwrap();
    let components: Vec<NewComponent> = doc
        .components
        .iter()
        .map(NewComponent::from_model)
        .collect();
    let sbom = tx
        .store_sbom(org.id, version.id, &new, &components)
        .await
        .unwrap();
    let advisory = tplc_advisory::Advisory {
        id: "GHSA-jfh8-c2jp-5v3q".into(),
        source: Some(tplc_advisory::AdvisorySource::Osv),
        aliases: vec!["CVE-2021-44228".into()],
        summary: Some("Log4Shell".into()),
        ..tplc_advisory::Advisory::default()
    };
    let key = tx
        .upsert_advisory(&advisory, Some(Severity::Critical))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let component = store.components(org.id, sbom.id).await.unwrap()[0].id;
    let mut tx = store.begin().await.unwrap();
    let finding = tx
        .upsert_finding(
            org.id,
            &NewFinding {
                component,
                advisory: key,
                vulnerability_key: "GHSA-jfh8-c2jp-5v3q".into(),
                severity: Severity::Critical,
                cvss_vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H".into()),
                cvss_score: Some(10.0),
                kev: true,
                epss: Some(0.94),
                fixed_versions: vec!["2.15.0".into()],
                reasons: serde_json::json!([]),
            },
            Timestamp::now(),
        )
        .await
        .unwrap();
    let job = tx
        .enqueue_job(&tplc_jobs::rematch_job(Some(org.id), &[]))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (_, token) = token(store, org.id, owner, Role::Viewer, &format!("{name}-ci")).await;
    let m = self::user(store, member_name).await;
    member(store, org.id, m.id, Role::Viewer).await;
    let link = evidence_link(store, org.id, version.id).await;
    let diagram = diagram(store, org.id, product.id).await;
    Objects {
        link,
        diagram,
        org: org.id,
        product: product.id,
        version: version.id,
        sbom: sbom.id,
        component,
        finding: finding.id,
        job: job.id,
        token,
        member: m.id,
    }
}
