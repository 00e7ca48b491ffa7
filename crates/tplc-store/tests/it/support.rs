//! One test database per test: a temporary SQLite file, or a fresh PostgreSQL schema.

use tplc_store::Store;

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

    /// A fresh schema in the database of `TPLC_TEST_POSTGRES_URL`, or `None` (printed) when the
    /// variable is not set.
    pub(crate) async fn postgres() -> Option<Self> {
        let Ok(base) = std::env::var("TPLC_TEST_POSTGRES_URL") else {
            println!("skipped: TPLC_TEST_POSTGRES_URL not set (PostgreSQL tests)");
            return None;
        };
        let schema = format!("tplc_test_{}", uuid::Uuid::new_v4().simple());
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

    pub(crate) async fn store(&self) -> Store {
        Store::connect(&self.url).await.unwrap()
    }

    /// Runs SQL directly (behind the store's back), returning the rows affected.
    pub(crate) async fn raw(&self, sql: &str) -> Result<u64, sqlx::Error> {
        match &self.kind {
            Kind::Sqlite { .. } => {
                let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
                let n = sqlx::query(sql)
                    .execute(&pool)
                    .await
                    .map(|r| r.rows_affected());
                pool.close().await;
                n
            }
            Kind::Postgres { .. } => {
                let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
                let n = sqlx::query(sql)
                    .execute(&pool)
                    .await
                    .map(|r| r.rows_affected());
                pool.close().await;
                n
            }
        }
    }

    /// `SELECT COUNT(*)` of a table, directly.
    pub(crate) async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
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
            // Drop the schema from a thread of its own: Drop cannot await.
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
