//! The state every handler shares.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tplc_auth::{LoginLimiter, PasswordHasher, SessionPolicy};
use tplc_compliance::Catalogs;
use tplc_store::Store;

use crate::{ServerConfig, ServerError};

/// What the handlers share: the store, the vulnerability database directory, the requirement
/// catalogs, the settings, the login limiter, the password hasher and the session policy. Cheap
/// to clone.
#[derive(Clone)]
pub struct AppState {
    /// The system of record.
    pub store: Store,
    /// The vulnerability database directory (`<data_dir>/vulndb`).
    pub vulndb_dir: PathBuf,
    /// The requirement catalogs: the built-in ones plus those of
    /// [`ServerConfig::catalog_dir`] (see [`AppState::load`]).
    pub catalogs: Arc<Catalogs>,
    /// The settings.
    pub config: Arc<ServerConfig>,
    /// The login failure limiter of this process.
    pub limiter: Arc<Mutex<LoginLimiter>>,
    /// Hashes and verifies passwords (argon2id).
    pub hasher: PasswordHasher,
    /// Session lifetimes.
    pub sessions: SessionPolicy,
    /// How stale `last_seen` may get before a request writes it back.
    pub touch_interval: Duration,
    /// How long a looked-up API token may be reused without reading the database again
    /// ([`TOKEN_CACHE_AGE`] by default; see [`tplc_store::Store::api_token_caller_cached`]).
    pub token_cache_age: Duration,
}

/// How long this process reuses an API token lookup. Changes made through this process
/// (revocation, role change, removal from the organization) take effect at once; made by
/// another `tplc serve` on the same PostgreSQL database, within this time.
pub const TOKEN_CACHE_AGE: Duration = Duration::from_secs(5);

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("backend", &self.store.backend())
            .field("vulndb_dir", &self.vulndb_dir)
            .field(
                "catalogs",
                &self
                    .catalogs
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The built-in catalogs, loaded once per process.
fn builtin_catalogs() -> Arc<Catalogs> {
    static BUILTIN: std::sync::OnceLock<Arc<Catalogs>> = std::sync::OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            // The embedded catalog files are checked by tplc-compliance's own tests, so this
            // cannot fail on any input a user gives.
            #[allow(clippy::expect_used)]
            Arc::new(Catalogs::builtin().expect("the built-in catalogs are valid"))
        })
        .clone()
}

impl AppState {
    /// The state for `store` with `config`: the built-in catalogs only (use [`AppState::load`]
    /// to read [`ServerConfig::catalog_dir`] too), default limiter, hasher and session policy.
    pub fn new(store: Store, config: ServerConfig) -> Self {
        Self {
            store,
            vulndb_dir: config.vulndb_dir(),
            catalogs: builtin_catalogs(),
            config: Arc::new(config),
            limiter: Arc::new(Mutex::new(LoginLimiter::default())),
            hasher: PasswordHasher::default(),
            sessions: SessionPolicy::default(),
            touch_interval: Duration::from_secs(60),
            token_cache_age: TOKEN_CACHE_AGE,
        }
    }

    /// [`AppState::new`] with the built-in catalogs plus every `*.toml` of
    /// [`ServerConfig::catalog_dir`] when set: what `tplc serve` uses.
    ///
    /// # Errors
    /// [`ServerError::Catalog`] with the one-line error of the first bad catalog file.
    pub fn load(store: Store, config: ServerConfig) -> Result<Self, ServerError> {
        let catalogs = match &config.catalog_dir {
            Some(dir) => Arc::new(crate::compliance::load_catalogs(Some(dir))?),
            None => builtin_catalogs(),
        };
        Ok(Self::new(store, config).with_catalogs(catalogs))
    }

    /// The same state with other catalogs.
    #[must_use]
    pub fn with_catalogs(mut self, catalogs: Arc<Catalogs>) -> Self {
        self.catalogs = catalogs;
        self
    }

    /// The same state with another password hasher (tests use cheap parameters).
    #[must_use]
    pub fn with_hasher(mut self, hasher: PasswordHasher) -> Self {
        self.hasher = hasher;
        self
    }

    /// The same state with another session policy.
    #[must_use]
    pub fn with_session_policy(mut self, policy: SessionPolicy, touch_interval: Duration) -> Self {
        self.sessions = policy;
        self.touch_interval = touch_interval;
        self
    }

    /// The same state with another token cache age (`Duration::ZERO`: read every time).
    #[must_use]
    pub fn with_token_cache_age(mut self, age: Duration) -> Self {
        self.token_cache_age = age;
        self
    }

    /// The same state with another login limiter.
    #[must_use]
    pub fn with_limiter(mut self, limiter: LoginLimiter) -> Self {
        self.limiter = Arc::new(Mutex::new(limiter));
        self
    }
}
