//! The state every handler shares.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tplc_auth::{LoginLimiter, PasswordHasher, SessionPolicy};
use tplc_store::Store;

use crate::ServerConfig;

/// What the handlers share: the store, the vulnerability database directory, the settings,
/// the login limiter, the password hasher and the session policy. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The system of record.
    pub store: Store,
    /// The vulnerability database directory (`<data_dir>/vulndb`).
    pub vulndb_dir: PathBuf,
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
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("backend", &self.store.backend())
            .field("vulndb_dir", &self.vulndb_dir)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// The state for `store` with `config`: default limiter, hasher and session policy.
    pub fn new(store: Store, config: ServerConfig) -> Self {
        Self {
            store,
            vulndb_dir: config.vulndb_dir(),
            config: Arc::new(config),
            limiter: Arc::new(Mutex::new(LoginLimiter::default())),
            hasher: PasswordHasher::default(),
            sessions: SessionPolicy::default(),
            touch_interval: Duration::from_secs(60),
        }
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

    /// The same state with another login limiter.
    #[must_use]
    pub fn with_limiter(mut self, limiter: LoginLimiter) -> Self {
        self.limiter = Arc::new(Mutex::new(limiter));
        self
    }
}
