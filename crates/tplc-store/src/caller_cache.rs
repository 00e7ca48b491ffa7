//! A short-lived cache of API token lookups ([`Store::api_token_caller_cached`]).
//!
//! Every API call authenticates its bearer token; on a read-heavy route the token lookup is half
//! of the statements the request makes. The cache keeps a found, unrevoked token with its user
//! and membership role for at most the age the caller allows. Any committed change of a
//! membership or a token's revocation made through a [`Store`] of this process empties it (the
//! transaction marks itself, [`Tx::commit`](crate::Tx::commit) bumps the epoch), so revocations
//! and role changes take effect at once here; changes made by another process sharing the
//! database (a second `tplc serve` on the same PostgreSQL database) take effect within that age.
//! Unknown and revoked tokens are never cached, so a guessed token cannot fill it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::accounts::TokenCaller;
use crate::{Result, Store};

/// At most this many tokens are kept; past it the cache starts again empty.
const CAPACITY: usize = 4096;

#[derive(Default)]
pub(crate) struct CallerCache {
    /// Bumped by every committed change of memberships or tokens.
    epoch: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    at: Instant,
    epoch: u64,
    caller: TokenCaller,
}

impl std::fmt::Debug for CallerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Token hashes are secrets of a kind: never printed.
        let len = self.entries.lock().map_or(0, |e| e.len());
        f.debug_struct("CallerCache")
            .field("epoch", &self.epoch.load(Ordering::Relaxed))
            .field("entries", &len)
            .finish()
    }
}

impl CallerCache {
    /// Forgets every entry (a membership or token changed).
    pub(crate) fn invalidate(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    fn get(&self, token_hash: &str, max_age: Duration) -> Option<TokenCaller> {
        let epoch = self.epoch.load(Ordering::Acquire);
        let entries = self.entries.lock().ok()?;
        entries
            .get(token_hash)
            .filter(|e| e.epoch == epoch && e.at.elapsed() < max_age)
            .map(|e| e.caller.clone())
    }

    fn put(&self, token_hash: &str, epoch: u64, caller: &TokenCaller) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CAPACITY {
                entries.clear();
            }
            entries.insert(
                token_hash.to_owned(),
                Entry {
                    at: Instant::now(),
                    epoch,
                    caller: caller.clone(),
                },
            );
        }
    }

    fn forget(&self, token_hash: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(token_hash);
        }
    }
}

impl Store {
    /// [`Store::api_token_caller`], answered from this process's cache when the same token was
    /// looked up less than `max_age` ago and no membership or token changed since (see the
    /// module documentation for what another process's changes do). `Duration::ZERO` always
    /// reads the database.
    ///
    /// # Errors
    /// As [`Store::api_token_caller`].
    pub async fn api_token_caller_cached(
        &self,
        token_hash: &str,
        max_age: Duration,
    ) -> Result<TokenCaller> {
        if let Some(caller) = self.callers.get(token_hash, max_age) {
            return Ok(caller);
        }
        // The epoch before the read: a change committed while it runs makes the entry stale.
        let epoch = self.callers.epoch.load(Ordering::Acquire);
        let caller = self.api_token_caller(token_hash).await?;
        if caller.0.revoked_at.is_none() && !max_age.is_zero() {
            self.callers.put(token_hash, epoch, &caller);
        }
        Ok(caller)
    }

    /// Drops one token from the cache (after its `last_used_at` was written, so the next
    /// lookup sees the new time).
    pub fn forget_api_token_caller(&self, token_hash: &str) {
        self.callers.forget(token_hash);
    }
}
