//! Browser sessions, stored so that every server instance on one database shares them, and the
//! server-administrator flag of accounts.
//!
//! A session row keeps only the hash of the session id (the caller hashes it: `tplc_auth`'s
//! `SessionId::hash`, lower-case hex), the user, the login time and the time of the last
//! request; expiry is decided by the caller from those two times. Expired rows are removed with
//! [`Store::delete_expired_sessions`].
//!
//! The server administrator may create organizations. [`Store::is_server_admin`] is true for
//! an account flagged with [`Tx::set_server_admin`]; when no account is flagged at all (accounts
//! created before the flag existed), the first account created counts as the server
//! administrator, so a server is never left without one.

use crate::db::{Conn, RowExt, found, id_type, on, reads};
use crate::{Result, Store, Timestamp, Tx, User, UserId};

id_type!(
    /// The key of a [`StoredSession`].
    SessionKey
);

/// A stored browser session.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// The key.
    pub id: SessionKey,
    /// The hash of the session id (lower-case hex of its SHA-256).
    pub id_hash: String,
    /// The user logged in.
    pub user: UserId,
    /// The login time.
    pub created_at: Timestamp,
    /// The time of the last request (written back now and then, not on every request).
    pub last_seen_at: Timestamp,
}

impl std::fmt::Debug for StoredSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredSession")
            .field("id", &self.id)
            .field("user", &self.user)
            .field("created_at", &self.created_at)
            .field("last_seen_at", &self.last_seen_at)
            .finish_non_exhaustive()
    }
}

const SESSION_COLS: &str = "id, id_hash, user_id, created_at, last_seen_at";

fn session_from(row: &impl RowExt) -> Result<StoredSession> {
    Ok(StoredSession {
        id: SessionKey::new(row.col("id")?),
        id_hash: row.col("id_hash")?,
        user: UserId::new(row.col("user_id")?),
        created_at: row.time("created_at")?,
        last_seen_at: row.time("last_seen_at")?,
    })
}

async fn session_by_hash(conn: &mut Conn<'_>, id_hash: &str) -> Result<StoredSession> {
    let sql = format!("SELECT {SESSION_COLS} FROM sessions WHERE id_hash = $1");
    let s = on!(conn, c => sqlx::query(&sql).bind(id_hash).fetch_optional(&mut *c).await?
        .map(|row| session_from(&row)).transpose()?);
    found(s, "session")
}

async fn sessions_of(conn: &mut Conn<'_>, user: UserId) -> Result<Vec<StoredSession>> {
    let sql = format!("SELECT {SESSION_COLS} FROM sessions WHERE user_id = $1 ORDER BY id");
    on!(conn, c => sqlx::query(&sql).bind(user.get()).fetch_all(&mut *c).await?
        .iter().map(session_from).collect())
}

async fn is_server_admin(conn: &mut Conn<'_>, user: UserId) -> Result<bool> {
    let sql = "SELECT CASE \
        WHEN EXISTS (SELECT 1 FROM users WHERE server_admin = true) \
        THEN EXISTS (SELECT 1 FROM users WHERE id = $1 AND server_admin = true) \
        ELSE $1 = (SELECT MIN(id) FROM users) END AS admin";
    let admin: Option<bool> = on!(conn, c => sqlx::query(sql).bind(user.get())
        .fetch_one(&mut *c).await?.col("admin")?);
    Ok(admin.unwrap_or(false))
}

async fn server_admins(conn: &mut Conn<'_>) -> Result<Vec<User>> {
    let sql = "SELECT id, username, display_name, created_at FROM users WHERE server_admin = true \
        OR (NOT EXISTS (SELECT 1 FROM users WHERE server_admin = true) \
            AND id = (SELECT MIN(id) FROM users)) ORDER BY id";
    on!(conn, c => sqlx::query(sql).fetch_all(&mut *c).await?.iter().map(|row| Ok(User {
        id: UserId::new(row.col("id")?),
        username: row.col("username")?,
        display_name: row.col("display_name")?,
        created_at: row.time("created_at")?,
    })).collect())
}

async fn count_users(conn: &mut Conn<'_>) -> Result<i64> {
    on!(conn, c => sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&mut *c).await?.col("n"))
}

reads! {
    /// The session whose id hashes to `id_hash` (expired ones too: the caller checks the times).
    fn session_by_hash(id_hash: &str) -> StoredSession = session_by_hash;
    /// The sessions of a user, oldest first.
    fn sessions_of(user: UserId) -> Vec<StoredSession> = sessions_of;
    /// Whether the user may create organizations (see the [module docs](self)).
    fn is_server_admin(user: UserId) -> bool = is_server_admin;
    /// The server administrators (see the [module docs](self)), by key.
    fn server_admins() -> Vec<User> = server_admins;
    /// How many accounts there are.
    fn count_users() -> i64 = count_users;
}

async fn touch(conn: &mut Conn<'_>, id_hash: &str, at: Timestamp) -> Result<()> {
    let at = at.to_text();
    let n = on!(conn, c => sqlx::query(
        "UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2 AND last_seen_at < $1")
        .bind(&at).bind(id_hash).execute(&mut *c).await?.rows_affected());
    if n == 0 {
        // Already as recent (another instance touched it), or gone.
        session_by_hash(conn, id_hash).await?;
    }
    Ok(())
}

async fn delete_expired(
    conn: &mut Conn<'_>,
    created_before: Timestamp,
    last_seen_before: Timestamp,
) -> Result<u64> {
    let n = on!(conn, c => sqlx::query(
        "DELETE FROM sessions WHERE created_at < $1 OR last_seen_at < $2")
        .bind(created_before.to_text()).bind(last_seen_before.to_text())
        .execute(&mut *c).await?.rows_affected());
    Ok(n)
}

impl Tx {
    /// Stores a new session of `user` created at `now` (`id_hash`: the hash of a fresh id).
    ///
    /// # Errors
    /// [`Error::Conflict`](crate::Error::Conflict) when the hash is already stored;
    /// [`Error::NotFound`](crate::Error::NotFound) when the user does not exist.
    pub async fn create_session(
        &mut self,
        id_hash: &str,
        user: UserId,
        now: Timestamp,
    ) -> Result<StoredSession> {
        let sql = format!(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $3) RETURNING {SESSION_COLS}"
        );
        let now = now.to_text();
        on!(&mut self.conn(), c => session_from(&sqlx::query(&sql).bind(id_hash)
            .bind(user.get()).bind(&now).fetch_one(&mut *c).await?))
    }

    /// Moves the session's `last_seen_at` to `at` (never backwards).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when there is no such session.
    pub async fn touch_session(&mut self, id_hash: &str, at: Timestamp) -> Result<()> {
        touch(&mut self.conn(), id_hash, at).await
    }

    /// Ends a session (logout).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when there is no such session.
    pub async fn delete_session(&mut self, id_hash: &str) -> Result<()> {
        let n = on!(&mut self.conn(), c => sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash).execute(&mut *c).await?.rows_affected());
        found((n == 1).then_some(()), "session")
    }

    /// Ends every session of a user (after a role or password change); returns how many.
    ///
    /// # Errors
    /// [`Error::Database`](crate::Error::Database) on database failure.
    pub async fn delete_user_sessions(&mut self, user: UserId) -> Result<u64> {
        let n = on!(&mut self.conn(), c => sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.get()).execute(&mut *c).await?.rows_affected());
        Ok(n)
    }

    /// Removes the sessions created before `created_before` (absolute expiry) or last seen
    /// before `last_seen_before` (idle expiry); returns how many.
    ///
    /// # Errors
    /// [`Error::Database`](crate::Error::Database) on database failure.
    pub async fn delete_expired_sessions(
        &mut self,
        created_before: Timestamp,
        last_seen_before: Timestamp,
    ) -> Result<u64> {
        delete_expired(&mut self.conn(), created_before, last_seen_before).await
    }

    /// Sets or clears the server-administrator flag of a user.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when there is no such user.
    pub async fn set_server_admin(&mut self, user: UserId, admin: bool) -> Result<()> {
        let n = on!(&mut self.conn(), c => sqlx::query("UPDATE users SET server_admin = $1 WHERE id = $2")
            .bind(admin).bind(user.get()).execute(&mut *c).await?.rows_affected());
        found((n == 1).then_some(()), "user")
    }
}

impl Store {
    /// [`Tx::touch_session`] in a transaction of its own.
    ///
    /// # Errors
    /// As [`Tx::touch_session`].
    pub async fn touch_session(&self, id_hash: &str, at: Timestamp) -> Result<()> {
        let mut held = self.acquire().await?;
        touch(&mut held.conn(), id_hash, at).await
    }

    /// [`Tx::delete_expired_sessions`] in a transaction of its own.
    ///
    /// # Errors
    /// As [`Tx::delete_expired_sessions`].
    pub async fn delete_expired_sessions(
        &self,
        created_before: Timestamp,
        last_seen_before: Timestamp,
    ) -> Result<u64> {
        let mut held = self.acquire().await?;
        delete_expired(&mut held.conn(), created_before, last_seen_before).await
    }
}
