//! The tamper-evident audit log: a hash chain of events.
//!
//! Each event stores the hash of the event before it (`prev_hash`; 64 zeros for the first)
//! and its own `hash` = SHA-256 over the canonical serialisation of its fields and
//! `prev_hash`: the compact JSON array
//! `["tplc-audit-1", organization, actor, occurred_at, action, object_type, object_id,
//! before, after, prev_hash]`, where `before`/`after` are the summaries' stored JSON text
//! (or `null`) — the hash covers the exact stored bytes. A one-row chain head
//! (`audit_head`: last event, last hash, event count) is read and written by every append:
//! on PostgreSQL with `SELECT … FOR UPDATE`, on SQLite under the write lock the `BEGIN
//! IMMEDIATE` transaction holds, so concurrent appenders form one chain. The head also lets
//! verification notice events removed from the end.

use crate::db::{Conn, RowExt, id_type, on, reads};
use crate::error::BrokenLink;
use crate::sbom::sha256_hex;
use crate::{Error, OrganizationId, Result, Store, Timestamp, Tx};

id_type!(
    /// The key of an [`AuditEvent`].
    AuditEventId
);

/// The `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEvent {
    /// The organization the object belongs to (none for system events).
    pub organization: Option<OrganizationId>,
    /// Who did it (`user:alice`, `token:ci`, `system`).
    pub actor: String,
    /// What was done (`sbom.upload`, `analysis.record`, `membership.role`, `login.failure`).
    pub action: String,
    /// The object's type (`sbom_document`, `analysis`).
    pub object_type: String,
    /// The object's key.
    pub object_id: String,
    /// A summary of the object before (none for a creation).
    pub before: Option<serde_json::Value>,
    /// A summary of the object after (none for a deletion).
    pub after: Option<serde_json::Value>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// The key (chain order).
    pub id: AuditEventId,
    /// The organization.
    pub organization: Option<OrganizationId>,
    /// Who did it.
    pub actor: String,
    /// When.
    pub occurred_at: Timestamp,
    /// What was done.
    pub action: String,
    /// The object's type.
    pub object_type: String,
    /// The object's key.
    pub object_id: String,
    /// The summary before.
    pub before: Option<serde_json::Value>,
    /// The summary after.
    pub after: Option<serde_json::Value>,
    /// The previous event's hash.
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

/// The stored text of an event as the hash sees it.
struct Stored {
    id: i64,
    organization: Option<i64>,
    actor: String,
    occurred_at: String,
    action: String,
    object_type: String,
    object_id: String,
    before: Option<String>,
    after: Option<String>,
    prev_hash: String,
    hash: String,
}

impl Stored {
    fn from_row(row: &impl RowExt) -> Result<Self> {
        Ok(Self {
            id: row.col("id")?,
            organization: row.col("organization_id")?,
            actor: row.col("actor")?,
            occurred_at: row.col("occurred_at")?,
            action: row.col("action")?,
            object_type: row.col("object_type")?,
            object_id: row.col("object_id")?,
            before: row.col("before_summary")?,
            after: row.col("after_summary")?,
            prev_hash: row.col("prev_hash")?,
            hash: row.col("hash")?,
        })
    }

    fn compute_hash(&self) -> String {
        event_hash(
            self.organization,
            &self.actor,
            &self.occurred_at,
            &self.action,
            &self.object_type,
            &self.object_id,
            self.before.as_deref(),
            self.after.as_deref(),
            &self.prev_hash,
        )
    }

    fn into_event(self) -> Result<AuditEvent> {
        let parse = |text: Option<String>| -> Result<Option<serde_json::Value>> {
            Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
        };
        Ok(AuditEvent {
            id: AuditEventId::new(self.id),
            organization: self.organization.map(OrganizationId::new),
            actor: self.actor,
            occurred_at: Timestamp::from_stored(&self.occurred_at)?,
            action: self.action,
            object_type: self.object_type,
            object_id: self.object_id,
            before: parse(self.before)?,
            after: parse(self.after)?,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn event_hash(
    organization: Option<i64>,
    actor: &str,
    occurred_at: &str,
    action: &str,
    object_type: &str,
    object_id: &str,
    before: Option<&str>,
    after: Option<&str>,
    prev_hash: &str,
) -> String {
    let canonical = serde_json::json!([
        "tplc-audit-1",
        organization,
        actor,
        occurred_at,
        action,
        object_type,
        object_id,
        before,
        after,
        prev_hash
    ]);
    sha256_hex(canonical.to_string().as_bytes())
}

const EVENT_COLS: &str = "id, organization_id, actor, occurred_at, action, object_type, \
    object_id, before_summary, after_summary, prev_hash, hash";

async fn audit_events(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    after: Option<AuditEventId>,
    limit: i64,
) -> Result<Vec<AuditEvent>> {
    let sql = format!(
        "SELECT {EVENT_COLS} FROM audit_events WHERE organization_id = $1 AND id > $2 \
         ORDER BY id LIMIT $3"
    );
    let rows = on!(conn, c => sqlx::query(&sql).bind(org.get())
        .bind(after.map_or(0, AuditEventId::get)).bind(limit.clamp(0, 10_000))
        .fetch_all(&mut *c).await?.iter().map(Stored::from_row).collect::<Result<Vec<_>>>()?);
    rows.into_iter().map(Stored::into_event).collect()
}

reads! {
    /// Up to `limit` (at most 10,000) audit events of `org` after the event `after`, oldest
    /// first (page with the last id seen).
    fn audit_events(org: OrganizationId, after: Option<AuditEventId>, limit: i64) -> Vec<AuditEvent> = audit_events;
}

impl Tx {
    /// Appends an event to the chain, in this transaction (so it commits with the change it
    /// records, or not at all).
    ///
    /// # Errors
    /// [`Error::Database`] on database failure.
    pub async fn append_audit(&mut self, new: &NewAuditEvent) -> Result<AuditEvent> {
        let head_sql = match self.backend() {
            crate::Backend::Postgres => {
                "SELECT last_hash, event_count FROM audit_head WHERE id = 1 FOR UPDATE"
            }
            crate::Backend::Sqlite => "SELECT last_hash, event_count FROM audit_head WHERE id = 1",
        };
        let (prev_hash, count): (String, i64) = on!(&mut self.conn(), c => {
            let row = sqlx::query(head_sql).fetch_one(&mut *c).await?;
            (row.col("last_hash")?, row.col("event_count")?)
        });
        let before = new.before.as_ref().map(serde_json::Value::to_string);
        let after = new.after.as_ref().map(serde_json::Value::to_string);
        let occurred_at = Timestamp::now().to_text();
        let organization = new.organization.map(OrganizationId::get);
        let hash = event_hash(
            organization,
            &new.actor,
            &occurred_at,
            &new.action,
            &new.object_type,
            &new.object_id,
            before.as_deref(),
            after.as_deref(),
            &prev_hash,
        );
        let insert = format!(
            "INSERT INTO audit_events (organization_id, actor, occurred_at, action, object_type, \
             object_id, before_summary, after_summary, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {EVENT_COLS}"
        );
        let stored = on!(&mut self.conn(), c => {
            let row = sqlx::query(&insert).bind(organization).bind(&new.actor).bind(&occurred_at)
                .bind(&new.action).bind(&new.object_type).bind(&new.object_id).bind(&before)
                .bind(&after).bind(&prev_hash).bind(&hash).fetch_one(&mut *c).await?;
            let stored = Stored::from_row(&row)?;
            sqlx::query("UPDATE audit_head SET last_event_id = $1, last_hash = $2, event_count = $3 WHERE id = 1")
                .bind(stored.id).bind(&hash).bind(count + 1).execute(&mut *c).await?;
            stored
        });
        stored.into_event()
    }
}

/// Events read per page while verifying.
const VERIFY_PAGE: i64 = 1_000;

impl Store {
    /// Appends one audit event in its own transaction.
    ///
    /// # Errors
    /// As [`Tx::append_audit`].
    pub async fn append_audit(&self, new: &NewAuditEvent) -> Result<AuditEvent> {
        let mut tx = self.begin().await?;
        let event = tx.append_audit(new).await?;
        tx.commit().await?;
        Ok(event)
    }

    /// Verifies the whole audit chain, oldest first: every event's `prev_hash` is the hash of
    /// the event before it, every event's hash is the hash of its stored fields, and the chain
    /// head names the last event and the number of events. Returns the number of events
    /// verified.
    ///
    /// # Errors
    /// [`Error::BrokenChain`] naming the first event that does not verify;
    /// [`Error::Database`] on database failure.
    pub async fn verify_audit_chain(&self) -> Result<usize> {
        let mut held = self.acquire().await?;
        let conn = &mut held.conn();
        let (head_id, head_hash, head_count): (Option<i64>, String, i64) = on!(&mut *conn, c => {
            let row = sqlx::query("SELECT last_event_id, last_hash, event_count FROM audit_head WHERE id = 1")
                .fetch_one(&mut *c).await?;
            (row.col("last_event_id")?, row.col("last_hash")?, row.col("event_count")?)
        });
        let sql =
            format!("SELECT {EVENT_COLS} FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2");
        let mut expected_prev = GENESIS_HASH.to_owned();
        let mut last_id = 0_i64;
        let mut verified = 0_usize;
        loop {
            let page = on!(&mut *conn, c => sqlx::query(&sql).bind(last_id).bind(VERIFY_PAGE)
                .fetch_all(&mut *c).await?.iter().map(Stored::from_row).collect::<Result<Vec<_>>>()?);
            if page.is_empty() {
                break;
            }
            for event in page {
                let broken = |reason: String| {
                    Error::BrokenChain(BrokenLink {
                        event_id: AuditEventId::new(event.id),
                        reason,
                    })
                };
                if event.prev_hash != expected_prev {
                    return Err(broken(format!(
                        "prev_hash {} is not the hash {} of the event before it",
                        event.prev_hash, expected_prev
                    )));
                }
                let computed = event.compute_hash();
                if computed != event.hash {
                    return Err(broken(format!(
                        "stored hash {} does not match the hash {computed} of its fields",
                        event.hash
                    )));
                }
                expected_prev = event.hash;
                last_id = event.id;
                verified += 1;
            }
        }
        let count_ok = usize::try_from(head_count).ok() == Some(verified);
        if head_hash != expected_prev || !count_ok || head_id.unwrap_or(0) != last_id {
            return Err(Error::BrokenChain(BrokenLink {
                event_id: AuditEventId::new(head_id.unwrap_or(last_id)),
                reason: format!(
                    "the chain head names event {} ({} events), the log ends at event {last_id} ({verified} events)",
                    head_id.unwrap_or(0),
                    head_count
                ),
            }));
        }
        Ok(verified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_covers_every_field_and_the_previous_hash() {
        let base = event_hash(
            Some(1),
            "user:a",
            "t",
            "x.y",
            "obj",
            "1",
            None,
            Some("{}"),
            GENESIS_HASH,
        );
        assert_eq!(base.len(), 64);
        let variants = [
            event_hash(
                None,
                "user:a",
                "t",
                "x.y",
                "obj",
                "1",
                None,
                Some("{}"),
                GENESIS_HASH,
            ),
            event_hash(
                Some(1),
                "user:b",
                "t",
                "x.y",
                "obj",
                "1",
                None,
                Some("{}"),
                GENESIS_HASH,
            ),
            event_hash(
                Some(1),
                "user:a",
                "u",
                "x.y",
                "obj",
                "1",
                None,
                Some("{}"),
                GENESIS_HASH,
            ),
            event_hash(
                Some(1),
                "user:a",
                "t",
                "x.z",
                "obj",
                "1",
                None,
                Some("{}"),
                GENESIS_HASH,
            ),
            event_hash(
                Some(1),
                "user:a",
                "t",
                "x.y",
                "obk",
                "1",
                None,
                Some("{}"),
                GENESIS_HASH,
            ),
            event_hash(
                Some(1),
                "user:a",
                "t",
                "x.y",
                "obj",
                "2",
                None,
                Some("{}"),
                GENESIS_HASH,
            ),
            event_hash(
                Some(1),
                "user:a",
                "t",
                "x.y",
                "obj",
                "1",
                Some("{}"),
                None,
                GENESIS_HASH,
            ),
            event_hash(
                Some(1),
                "user:a",
                "t",
                "x.y",
                "obj",
                "1",
                None,
                Some("{ }"),
                GENESIS_HASH,
            ),
            event_hash(
                Some(1),
                "user:a",
                "t",
                "x.y",
                "obj",
                "1",
                None,
                Some("{}"),
                &base,
            ),
        ];
        for (i, other) in variants.iter().enumerate() {
            assert_ne!(other, &base, "variant {i}");
        }
    }
}
