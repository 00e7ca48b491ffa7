//! The two backends behind one API: connection handles, transactions, row access and the
//! `on!` macro that runs one piece of query code against whichever backend is in use.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{
    ConnectOptions, Decode, PgConnection, PgPool, Postgres, Row, Sqlite, SqliteConnection,
    SqlitePool, Type,
};

use crate::caller_cache::CallerCache;
use crate::{Error, Result};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (WAL journal, foreign keys on, busy timeout).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The system of record: a pool of connections to SQLite or PostgreSQL with the schema applied.
///
/// Reads are methods of the store (and of [`Tx`], to read inside a transaction); writes are
/// methods of [`Tx`], so a change and the audit event that records it commit together. The
/// store is cheap to clone (the pool is shared).
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    pub(crate) callers: Arc<CallerCache>,
}

/// Connections to PostgreSQL per process: two per core of this machine, at least four. Each
/// connection is a server process competing for the same cores (when the database runs beside
/// `tplc`); more of them than the cores can run adds queueing inside PostgreSQL instead of in
/// the pool, which is fair (BENCHMARKS.md, "Server (issue 4)": on 2 cores, 16 connections gave a
/// p99 of 50–89 ms on the findings list, 4 gave 28 ms, at the same throughput).
fn postgres_pool_size() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    u32::try_from(cores.saturating_mul(2))
        .unwrap_or(u32::MAX)
        .max(4)
}

/// How long an SQLite connection waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

impl Store {
    /// Connects to `sqlite://PATH?mode=rwc` (or `sqlite:PATH`, or `sqlite::memory:` with a
    /// single connection) or `postgres://…`, then applies the migrations of that backend.
    ///
    /// SQLite connections use the WAL journal, `synchronous = NORMAL`, foreign keys and a 30 s
    /// busy timeout. PostgreSQL URLs take sqlx's parameters (`options[search_path]=s` selects a
    /// schema). Statement logging is off: bound values (password hashes, token hashes) are never
    /// logged, and neither is SQL text.
    ///
    /// # Errors
    /// [`Error::Invalid`] for a URL of another scheme; [`Error::Database`] when the database
    /// cannot be reached; [`Error::Migrate`] when the migrations fail.
    pub async fn connect(url: &str) -> Result<Self> {
        let pool = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                .disable_statement_logging();
            // Every connection to `sqlite::memory:` is a database of its own: keep one.
            let max = if url.contains(":memory:") { 1 } else { 8 };
            Pool::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(max)
                    .connect_with(options)
                    .await?,
            )
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?.disable_statement_logging();
            Pool::Postgres(
                PgPoolOptions::new()
                    .max_connections(postgres_pool_size())
                    .connect_with(options)
                    .await?,
            )
        } else {
            return Err(Error::Invalid(
                "database URL must start with sqlite: or postgres:".into(),
            ));
        };
        let store = Self {
            pool,
            callers: Arc::default(),
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Opens (creating when missing) the embedded database `tplc.sqlite3` in `data_dir`.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the directory cannot be created; otherwise as [`Store::connect`].
    pub async fn open_default(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|error| {
            Error::Invalid(format!("{}: cannot create: {error}", data_dir.display()))
        })?;
        let path = data_dir.join("tplc.sqlite3");
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .disable_statement_logging();
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        let store = Self {
            pool: Pool::Sqlite(pool),
            callers: Arc::default(),
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the migrations that have not been applied yet (idempotent; [`Store::connect`]
    /// already calls it).
    ///
    /// # Errors
    /// [`Error::Migrate`] when a migration fails or an applied one was changed.
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// The backend in use.
    #[must_use]
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`: it takes the write lock
    /// at once (waiting up to the busy timeout), so a transaction that reads before it writes
    /// never fails with `SQLITE_BUSY` half-way. Dropping the [`Tx`] without
    /// [`Tx::commit`] rolls it back.
    ///
    /// # Errors
    /// [`Error::Database`] when no connection can be had.
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match &self.pool {
            Pool::Sqlite(pool) => TxInner::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx {
            inner,
            callers: Arc::clone(&self.callers),
            auth_changed: false,
        })
    }

    /// Closes every connection of the pool.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }

    pub(crate) async fn acquire(&self) -> Result<Held> {
        Ok(match &self.pool {
            Pool::Sqlite(pool) => Held::Sqlite(pool.acquire().await?),
            Pool::Postgres(pool) => Held::Postgres(pool.acquire().await?),
        })
    }
}

/// A connection taken from the pool for the duration of one read.
pub(crate) enum Held {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Held {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Self::Sqlite(c) => Conn::Sqlite(c),
            Self::Postgres(c) => Conn::Postgres(c),
        }
    }
}

/// A database transaction. Commit with [`Tx::commit`]; dropped without it, it rolls back.
pub struct Tx {
    inner: TxInner,
    /// The store's token lookup cache, emptied when this transaction commits a change of
    /// memberships or tokens.
    callers: Arc<CallerCache>,
    auth_changed: bool,
}

enum TxInner {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.inner {
            TxInner::Sqlite(_) => "Tx(Sqlite)",
            TxInner::Postgres(_) => "Tx(Postgres)",
        })
    }
}

impl Tx {
    /// Commits the transaction.
    ///
    /// # Errors
    /// [`Error::Database`] when the commit fails (nothing of the transaction is kept).
    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        if self.auth_changed {
            self.callers.invalidate();
        }
        Ok(())
    }

    /// Marks the transaction as changing who may do what (memberships, tokens): its commit
    /// empties the store's token lookup cache.
    pub(crate) fn mark_auth_changed(&mut self) {
        self.auth_changed = true;
    }

    /// Rolls the transaction back.
    ///
    /// # Errors
    /// [`Error::Database`] when the rollback fails.
    pub async fn rollback(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.rollback().await?,
            TxInner::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }

    /// The backend of this transaction.
    #[must_use]
    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }

    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match &mut self.inner {
            TxInner::Sqlite(tx) => Conn::Sqlite(tx),
            TxInner::Postgres(tx) => Conn::Postgres(tx),
        }
    }
}

/// A borrowed connection of either backend: what every query function takes.
pub(crate) enum Conn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

/// Runs `$body` with `$c` bound to the backend's `&mut Connection`; the body is written once and
/// compiled for each backend (the SQL text is the same: `$1` placeholders work on both).
macro_rules! on {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::db::Conn::Sqlite(inner) => {
                let $c: &mut sqlx::SqliteConnection = &mut **inner;
                $body
            }
            $crate::db::Conn::Postgres(inner) => {
                let $c: &mut sqlx::PgConnection = &mut **inner;
                $body
            }
        }
    };
}
pub(crate) use on;

/// Generates the read methods on both [`Store`] (a pooled connection) and [`Tx`] (inside the
/// transaction) from one query function taking `&mut Conn`.
macro_rules! reads {
    ($( $(#[$meta:meta])* fn $name:ident($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty = $imp:path; )*) => {
        impl $crate::Store {
            $(
                $(#[$meta])*
                ///
                /// # Errors
                /// [`Error::NotFound`](crate::Error::NotFound) when it does not exist or belongs to another
                /// organization; [`Error::Database`](crate::Error::Database) on database failure.
                pub async fn $name(&self, $($arg: $ty),*) -> $crate::Result<$ret> {
                    let mut held = self.acquire().await?;
                    $imp(&mut held.conn(), $($arg),*).await
                }
            )*
        }
        impl $crate::Tx {
            $(
                $(#[$meta])*
                ///
                /// Read inside this transaction.
                ///
                /// # Errors
                /// As the method of the same name on [`Store`](crate::Store).
                pub async fn $name(&mut self, $($arg: $ty),*) -> $crate::Result<$ret> {
                    $imp(&mut self.conn(), $($arg),*).await
                }
            )*
        }
    };
}
pub(crate) use reads;

/// A value decodable from both backends.
pub(crate) trait Value:
    for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}
impl<T> Value for T where
    T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

/// Typed column access on a row of either backend.
pub(crate) trait RowExt {
    /// The column `name` decoded as `T`.
    fn col<T: Value>(&self, name: &str) -> Result<T>;

    /// A text column parsed with `FromStr` (the store's enums).
    fn parsed<T: FromStr<Err = Error>>(&self, name: &str) -> Result<T> {
        self.col::<String>(name)?.parse()
    }

    /// An optional text column parsed with `FromStr`.
    fn parsed_opt<T: FromStr<Err = Error>>(&self, name: &str) -> Result<Option<T>> {
        self.col::<Option<String>>(name)?
            .map(|text| text.parse())
            .transpose()
    }

    /// A time column.
    fn time(&self, name: &str) -> Result<crate::Timestamp> {
        crate::Timestamp::from_stored(&self.col::<String>(name)?)
    }

    /// An optional time column.
    fn time_opt(&self, name: &str) -> Result<Option<crate::Timestamp>> {
        self.col::<Option<String>>(name)?
            .map(|text| crate::Timestamp::from_stored(&text))
            .transpose()
    }

    /// A JSON text column.
    fn json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T> {
        let text = self.col::<String>(name)?;
        serde_json::from_str(&text)
            .map_err(|error| Error::Corrupt(format!("column {name}: {error}")))
    }
}

impl RowExt for SqliteRow {
    fn col<T: Value>(&self, name: &str) -> Result<T> {
        Ok(self.try_get::<T, _>(name)?)
    }
}

impl RowExt for PgRow {
    fn col<T: Value>(&self, name: &str) -> Result<T> {
        Ok(self.try_get::<T, _>(name)?)
    }
}

/// A bind value of a query whose parameters are assembled at run time (filters).
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    I64(i64),
    Text(String),
    Bool(bool),
}

/// Binds `args` in order.
pub(crate) fn bind_all<'q, DB>(
    mut query: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>,
    args: &'q [Arg],
) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>
where
    DB: sqlx::Database,
    i64: sqlx::Encode<'q, DB> + Type<DB>,
    &'q str: sqlx::Encode<'q, DB> + Type<DB>,
    bool: sqlx::Encode<'q, DB> + Type<DB>,
{
    for arg in args {
        query = match arg {
            Arg::I64(value) => query.bind(*value),
            Arg::Text(value) => query.bind(value.as_str()),
            Arg::Bool(value) => query.bind(*value),
        };
    }
    query
}

/// Declares a text-backed enum: `as_str`, `FromStr` (unknown text is [`Error::Corrupt`]),
/// `Display`.
macro_rules! text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)*];

            /// The stored text.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::Error;

            fn from_str(text: &str) -> $crate::Result<Self> {
                match text {
                    $($text => Ok(Self::$variant),)*
                    _ => Err($crate::Error::Corrupt(format!(
                        concat!("unknown ", stringify!($name), " {:?}"),
                        text
                    ))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

/// Declares an `i64` key newtype.
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(i64);

        impl $name {
            /// Wraps a database key.
            #[must_use]
            pub const fn new(value: i64) -> Self {
                Self(value)
            }

            /// The database key.
            #[must_use]
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}
pub(crate) use id_type;

/// Maps `None` to [`Error::NotFound`].
pub(crate) fn found<T>(value: Option<T>, what: &'static str) -> Result<T> {
    value.ok_or(Error::NotFound { what })
}
