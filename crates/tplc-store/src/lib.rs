//! tplc's system of record: organizations, accounts, products and versions, stored SBOMs and
//! their components, advisories, findings, analyses with history, jobs and the tamper-evident
//! audit log, on **SQLite** (embedded, the default) or **PostgreSQL** (several server instances
//! and workers sharing one database).
//!
//! # Using it
//!
//! ```no_run
//! # async fn demo() -> tplc_store::Result<()> {
//! use tplc_store::{NewAuditEvent, NewProduct, OrganizationKind, Store};
//! let store = Store::connect("sqlite:///var/lib/tplc/tplc.sqlite3?mode=rwc").await?;
//! let mut tx = store.begin().await?;
//! let org = tx.create_organization(OrganizationKind::Manufacturer, "ACME Medical").await?;
//! let product = tx.create_product(org.id, &NewProduct { name: "SP-200".into(), ..NewProduct::default() }).await?;
//! tx.append_audit(&NewAuditEvent {
//!     organization: Some(org.id), actor: "user:alice".into(), action: "product.create".into(),
//!     object_type: "product".into(), object_id: product.id.to_string(),
//!     before: None, after: Some(serde_json::json!({"name": product.name})),
//! }).await?;
//! tx.commit().await?; // the product and its audit event, or neither
//! # Ok(()) }
//! ```
//!
//! * Reads are methods of [`Store`] and, with the same names, of [`Tx`] (to read inside a
//!   transaction). Writes are methods of [`Tx`]: a change and the audit event recording it
//!   commit together, and a failed write leaves nothing behind (an SBOM and its components are
//!   stored in one transaction; an error drops it, so no partial SBOM is ever visible).
//! * **Organisation scoping**: every read of an organization's object takes the organization's
//!   id and answers [`Error::NotFound`] for an object of another organization, exactly as for
//!   a missing one. Advisories (public data) and users (global accounts) are not scoped.
//! * Errors are typed: [`Error::NotFound`], [`Error::Conflict`] (unique violations),
//!   [`Error::Invalid`], [`Error::Database`], …
//!
//! # Two backends, one schema
//!
//! The store is an enum over sqlx's native `SqlitePool` and `PgPool`, not `sqlx::AnyPool`.
//! Each query is written once: the `on!` macro expands one block of query code into one match
//! arm per backend, and `$1, $2, …` placeholders work on both (sqlx binds SQLite's `$NNN`
//! parameters by number, so a placeholder used twice is bound once — the test suite checks it). The native pools were chosen because:
//! SQLite needs connection options `AnyPool` cannot express (WAL, `synchronous = NORMAL`,
//! foreign keys, busy timeout) and `BEGIN IMMEDIATE` write transactions; the `Any` driver
//! converts every row and rejects PostgreSQL types it does not know (a `void` from
//! `pg_advisory_xact_lock`), and each backend keeps its own embedded migrator.
//! Where the SQL must differ, the code says so: job claiming (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL), the audit chain head lock (`FOR UPDATE`). Queries are checked at run time
//! (`sqlx::query`), so building needs no database; the test suite runs every query on both.
//!
//! Migrations live in `migrations/sqlite/` and `migrations/postgres/` (the same tables,
//! columns and constraints; only types differ), are embedded with `sqlx::migrate!` and applied
//! by [`Store::connect`]. Representation choices, the same on both:
//!
//! * keys are `i64` (`INTEGER PRIMARY KEY AUTOINCREMENT` / `BIGINT … IDENTITY`), never reused;
//! * times are RFC 3339 UTC text with microseconds, fixed width ([`Timestamp`]), taken by the
//!   Rust clock; calendar dates (release, EOL, EOS) are `YYYY-MM-DD` text;
//! * JSON (an advisory, a finding's reasons, a job's payload, audit summaries) is TEXT;
//! * enums are lower-case text with a `CHECK` constraint.
//!
//! The original bytes of an SBOM are kept gzip-compressed (flate2, already used by the
//! workspace; SBOM JSON and XML shrink about tenfold) with the SHA-256 of the original; zstd
//! compresses somewhat better and faster but would add a C library to the build for a value
//! written once and read rarely.
//!
//! # Analyses and carry-forward
//!
//! See the [`analyses`] module: analyses are keyed by organization, product, vulnerability and
//! component identity (never the vulnerability alone), append-only, and carried forward to
//! later versions while the same advisory still matches the same component identity.
//!
//! The findings list is one joined query with the current analysis state in SQL:
//! [`Store::finding_page`] (migration `0003_finding_list.sql` adds the indexes it uses).
//!
//! # Jobs and the audit log
//!
//! See the [`jobs`] and [`audit`] modules.
//!
//! # Sessions
//!
//! Browser sessions (only the hash of each id) and the server-administrator flag: see the
//! [`sessions`] module (migration `0002_sessions.sql`).
//!
//! # Regulatory evidence and lifecycle
//!
//! Migration `0004_compliance.sql`: evidence links per product version and catalog item, which
//! later versions inherit until changed (copy-on-write), and the Annex F record: see the
//! [`compliance`] module. The lifecycle fields of a version (limited-support plan, legacy flag
//! and reason; EOS after EOL, QA2 Q10) are in [`NewProductVersion`], the records of when each
//! customer was shown the plan in the [`lifecycle`] module, the scope decision, environment and
//! configuration diagrams of a product in the [`scope`] module, and the MDS2 answers of a
//! version in [`Store::mds2`]. Like every other write, none of these appends its own audit
//! event: the caller appends it with [`Tx::append_audit`] in the same transaction (each module
//! says which object type and summary to record).

mod accounts;
pub mod analyses;
pub mod audit;
mod caller_cache;
pub mod compliance;
mod db;
mod error;
mod finding_list;
mod findings;
pub mod jobs;
pub mod lifecycle;
mod mds2;
mod products;
mod sbom;
pub mod scope;
pub mod sessions;
mod time;

pub use accounts::{
    ApiToken, ApiTokenId, Membership, MembershipId, NewApiToken, Organization, OrganizationId,
    OrganizationKind, PasswordHash, Role, TokenCaller, User, UserId,
};
pub use analyses::{
    Analysis, AnalysisId, AnalysisState, CurrentAnalysis, Justification, NewAnalysis, Response,
};
pub use audit::{AuditEvent, AuditEventId, GENESIS_HASH, NewAuditEvent};
pub use compliance::{
    AnnexFRow, EffectiveEvidence, EvidenceKind, EvidenceLink, EvidenceLinkId, EvidenceSet,
    EvidenceStatus, NewEvidenceLink,
};
pub use db::{Backend, Store, Tx};
pub use error::{BrokenLink, Error, Result};
pub use finding_list::{FindingListPage, FindingListQuery, FindingRow};
pub use findings::{
    AdvisoryKey, Finding, FindingFilter, FindingId, NewFinding, Severity, StoredAdvisory,
};
pub use jobs::{Job, JobId, JobKind, JobState, NewJob};
pub use lifecycle::{Disclosure, DisclosureId, NewDisclosure};
pub use mds2::Mds2Row;
pub use products::{LifecyclePhase, NewProduct, NewProductVersion, Product, ProductVersion};
pub use sbom::{
    Component, ComponentId, NewComponent, NewSbom, SbomDocument, SbomState, identity_key,
    parse_identity_key,
};
pub use scope::{DiagramId, DiagramMeta, NewDiagram, ProductScope};
pub use sessions::{SessionKey, StoredSession};
pub use time::Timestamp;
pub use tplc_model::{ComponentIdentity, ProductId, ProductVersionId, SbomDocumentId};
