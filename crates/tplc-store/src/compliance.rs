//! Regulatory evidence per product version: evidence links for the items of a requirement
//! catalog (with copy-on-write inheritance between versions) and the Annex F record.
//!
//! The store does not know the catalogs: it keeps catalog and item ids as text, and the caller
//! checks that an item exists in its catalog before linking evidence to it. The store checks
//! organisation scoping (another organization's version or link is [`Error::NotFound`], as a
//! missing one) and the shape of what it stores.
//!
//! # Evidence sets and inheritance
//!
//! The evidence of an item on a version is a *set* of links. A version has its **own** set for an
//! item once it was changed there (the set may be empty: every inherited link removed). A version
//! without its own set uses the set of the **nearest earlier version of the same product** (by
//! id, that is creation order) that has one, and [`Store::evidence`](crate::Store::evidence) names that version in
//! [`EffectiveEvidence::inherited_from`]. So version 2 shows version 1's documents until someone
//! changes an item on version 2; a later change to version 1 still reaches version 2 for every
//! item version 2 has not changed.
//!
//! The first change of an item at a version — [`Tx::add_evidence`], [`Tx::update_evidence`],
//! [`Tx::remove_evidence`] — first copies the inherited set into the version (copy-on-write, in
//! the same transaction; each copy keeps the original's fields and authorship and names it in
//! [`EvidenceLink::copied_from`]), then applies the change to the version's own set. Changing a
//! link inherited from an earlier version therefore changes the version's copy and never the
//! earlier version; the returned link is the copy.
//!
//! # Auditing
//!
//! As everywhere in the store, these methods change data only: the **caller** appends the audit
//! event with [`Tx::append_audit`] in the same transaction, before [`Tx::commit`], so the change
//! and its event commit together or not at all. For evidence the event has `object_type`
//! `"evidence_link"`, the object id of the link returned (for a removal: of the link removed),
//! `before` the [`EvidenceLink::audit_summary`] of the link as it applied to the version before
//! the change ([`Store::evidence_link`](crate::Store::evidence_link), or what [`Tx::remove_evidence`] returns), and `after`
//! the summary of the returned link. A copy-on-write does not change what applies to the
//! version, so it needs no event of its own: the summary's `copied_from` and `inherited_from`
//! record it. For Annex F the event has `object_type` `"annex_f_record"`, the version's id, and
//! the records before ([`Store::annex_f`](crate::Store::annex_f)) and after.

use serde_json::{Value, json};
use tplc_model::ProductVersionId;

use crate::db::{Conn, RowExt, found, id_type, on, reads, text_enum};
use crate::products::product_version;
use crate::{Error, OrganizationId, ProductVersion, Result, Timestamp, Tx};

id_type!(
    /// The key of an [`EvidenceLink`].
    EvidenceLinkId
);

text_enum!(
    /// What a piece of evidence is.
    pub enum EvidenceKind {
        /// An internal document (procedure, plan, report) named by number, title and version.
        Document = "document",
        /// The SBOM of the version as `tplc` holds it (item 1(5): configuration management).
        Sbom = "sbom",
        /// The vulnerability-handling procedure as `tplc` runs it (item 1(6)).
        VulnerabilityProcedure = "vulnerability_procedure",
        /// The advisory history `tplc` keeps (item 2(1) b: timely notification).
        AdvisoryHistory = "advisory_history",
    }
);

text_enum!(
    /// How far a piece of evidence is: only approved evidence meets an item.
    pub enum EvidenceStatus {
        /// Planned, not written yet.
        Planned = "planned",
        /// Written, not approved.
        Drafted = "drafted",
        /// Approved (released) under the quality management system.
        Approved = "approved",
    }
);

/// The longest catalog or item id accepted.
const MAX_ID: usize = 200;
/// The longest short text field (number, title, version, location, owner, actor) accepted.
const MAX_FIELD: usize = 2_000;
/// The longest note accepted.
const MAX_NOTE: usize = 20_000;

/// A piece of evidence to link, or the new fields of a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidenceLink {
    /// The requirement catalog (`jp-mhlw-0523`).
    pub catalog_id: String,
    /// The catalog item (`jp0523-1-2-a`); the caller checks it exists in the catalog.
    pub item_id: String,
    /// What the evidence is.
    pub kind: EvidenceKind,
    /// The document number (文書番号); empty when none.
    pub document_number: String,
    /// The document title; empty when none. A [`EvidenceKind::Document`] needs a number or a
    /// title.
    pub title: String,
    /// The document's own version (版); empty when none.
    pub document_version: String,
    /// Where it is kept: a URI or a path; empty when not given.
    pub location: String,
    /// Who owns the document (a person or a department); empty when not given.
    pub owner: String,
    /// Planned, drafted or approved.
    pub status: EvidenceStatus,
    /// Free text.
    pub note: String,
    /// Who makes the change, as the audit log names actors (`user:alice`).
    pub actor: String,
}

impl NewEvidenceLink {
    /// Evidence of `kind` for an item, with every text field empty.
    #[must_use]
    pub fn new(
        catalog_id: impl Into<String>,
        item_id: impl Into<String>,
        kind: EvidenceKind,
        status: EvidenceStatus,
        actor: impl Into<String>,
    ) -> Self {
        Self {
            catalog_id: catalog_id.into(),
            item_id: item_id.into(),
            kind,
            document_number: String::new(),
            title: String::new(),
            document_version: String::new(),
            location: String::new(),
            owner: String::new(),
            status,
            note: String::new(),
            actor: actor.into(),
        }
    }

    fn check(&self) -> Result<()> {
        check_id("catalog_id", &self.catalog_id)?;
        check_id("item_id", &self.item_id)?;
        for (field, text) in [
            ("document_number", &self.document_number),
            ("title", &self.title),
            ("document_version", &self.document_version),
            ("location", &self.location),
            ("owner", &self.owner),
        ] {
            check_text(field, text, MAX_FIELD)?;
        }
        check_text("note", &self.note, MAX_NOTE)?;
        check_actor(&self.actor)?;
        if self.kind == EvidenceKind::Document
            && self.document_number.trim().is_empty()
            && self.title.trim().is_empty()
        {
            return Err(Error::Invalid(
                "document_number: a document needs a number or a title".into(),
            ));
        }
        Ok(())
    }
}

/// Checks a catalog or item id: not blank, at most [`MAX_ID`] characters, no control characters.
fn check_id(field: &str, id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::Invalid(format!("{field}: empty")));
    }
    if id.chars().count() > MAX_ID || id.chars().any(char::is_control) {
        return Err(Error::Invalid(format!(
            "{field}: {id:?} is not an id (at most {MAX_ID} characters, no control characters)"
        )));
    }
    Ok(())
}

/// Checks a free text field's length.
fn check_text(field: &str, text: &str, max: usize) -> Result<()> {
    let n = text.chars().count();
    if n > max {
        return Err(Error::Invalid(format!(
            "{field}: {n} characters, at most {max}"
        )));
    }
    Ok(())
}

/// Checks the name of who makes a change.
pub(crate) fn check_actor(actor: &str) -> Result<()> {
    if actor.trim().is_empty() {
        return Err(Error::Invalid("actor: empty".into()));
    }
    check_text("actor", actor, MAX_FIELD)
}

/// Checks that a JSON value to store is an object.
pub(crate) fn check_object(field: &str, value: &Value) -> Result<String> {
    if !value.is_object() {
        return Err(Error::Invalid(format!("{field}: must be a JSON object")));
    }
    Ok(value.to_string())
}

/// A stored piece of evidence: part of the own set of its version for its item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceLink {
    /// The key.
    pub id: EvidenceLinkId,
    /// The organization.
    pub organization: OrganizationId,
    /// The version whose own set holds it.
    pub product_version: ProductVersionId,
    /// The catalog.
    pub catalog_id: String,
    /// The item.
    pub item_id: String,
    /// What it is.
    pub kind: EvidenceKind,
    /// The document number.
    pub document_number: String,
    /// The document title.
    pub title: String,
    /// The document's own version.
    pub document_version: String,
    /// Where it is kept.
    pub location: String,
    /// Who owns it.
    pub owner: String,
    /// Planned, drafted or approved.
    pub status: EvidenceStatus,
    /// Free text.
    pub note: String,
    /// The earlier version's link it was copied from by a copy-on-write (none for a link
    /// added to this version, or when that link was removed since).
    pub copied_from: Option<EvidenceLinkId>,
    /// Who created it (for a copy: who created the original).
    pub created_by: String,
    /// When it was created (for a copy: when the original was).
    pub created_at: Timestamp,
    /// Who changed it last.
    pub updated_by: String,
    /// When it was changed last.
    pub updated_at: Timestamp,
}

impl EvidenceLink {
    /// The summary of the link for an audit event's `before` or `after`: every field but the
    /// authorship (the event names its actor and time).
    #[must_use]
    pub fn audit_summary(&self) -> Value {
        json!({
            "id": self.id.get(),
            "product_version": self.product_version.get(),
            "catalog": self.catalog_id,
            "item": self.item_id,
            "kind": self.kind.as_str(),
            "document_number": self.document_number,
            "title": self.title,
            "document_version": self.document_version,
            "location": self.location,
            "owner": self.owner,
            "status": self.status.as_str(),
            "note": self.note,
            "copied_from": self.copied_from.map(EvidenceLinkId::get),
        })
    }
}

/// A link as it applies to a version: its own, or inherited from an earlier version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveEvidence {
    /// The link.
    pub link: EvidenceLink,
    /// The earlier version (id and label) whose set the version inherits for this item; `None`
    /// when the link is in the version's own set.
    pub inherited_from: Option<(ProductVersionId, String)>,
}

impl EffectiveEvidence {
    /// [`EvidenceLink::audit_summary`] with `inherited_from` (the earlier version's id, or null).
    #[must_use]
    pub fn audit_summary(&self) -> Value {
        let mut summary = self.link.audit_summary();
        if let Some(map) = summary.as_object_mut() {
            map.insert(
                "inherited_from".into(),
                json!(self.inherited_from.as_ref().map(|(id, _)| id.get())),
            );
        }
        summary
    }
}

/// Where the evidence of one item of a version comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceSet {
    /// The item.
    pub item_id: String,
    /// The version whose own set applies (the version itself, or the earlier one inherited from).
    pub source: ProductVersionId,
    /// That version's label.
    pub source_label: String,
    /// Whether the set is inherited from an earlier version.
    pub inherited: bool,
    /// How many links the set has (0 for an own set whose links were all removed).
    pub link_count: i64,
}

/// The Annex F (transition health software) record that applies to a version.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnexFRow {
    /// The version that holds the record (the version itself, or the earlier one inherited from).
    pub product_version: ProductVersionId,
    /// The record as the domain wrote it (a JSON object).
    pub record: Value,
    /// Who wrote it last.
    pub updated_by: String,
    /// When.
    pub updated_at: Timestamp,
    /// The earlier version (id and label) it is inherited from; `None` when it is the version's
    /// own. An inherited record's continued-use rationale names the earlier software version, so
    /// the domain treats it as needing review.
    pub inherited_from: Option<(ProductVersionId, String)>,
}

const LINK_COLS: &str = "l.id, l.organization_id, l.product_version_id, l.catalog_id, \
    l.item_id, l.kind, l.document_number, l.title, l.document_version, l.location, l.owner, \
    l.status, l.note, l.copied_from, l.created_by, l.created_at, l.updated_by, l.updated_at";
const LINK_RET: &str = "id, organization_id, product_version_id, catalog_id, item_id, kind, \
    document_number, title, document_version, location, owner, status, note, copied_from, \
    created_by, created_at, updated_by, updated_at";

/// The sets that apply to the versions `<= $2` (own or inherited) of product `$1` for catalog
/// `$3`, one row per item: `item_id`, `source` (the nearest version with its own set).
const SOURCES: &str = "SELECT s.item_id, MAX(s.product_version_id) AS source \
    FROM evidence_sets s JOIN product_versions sv ON sv.id = s.product_version_id \
    WHERE sv.product_id = $1 AND s.product_version_id <= $2 AND s.catalog_id = $3 \
    GROUP BY s.item_id";

fn link_from(row: &impl RowExt) -> Result<EvidenceLink> {
    Ok(EvidenceLink {
        id: EvidenceLinkId::new(row.col("id")?),
        organization: OrganizationId::new(row.col("organization_id")?),
        product_version: ProductVersionId::new(row.col("product_version_id")?),
        catalog_id: row.col("catalog_id")?,
        item_id: row.col("item_id")?,
        kind: row.parsed("kind")?,
        document_number: row.col("document_number")?,
        title: row.col("title")?,
        document_version: row.col("document_version")?,
        location: row.col("location")?,
        owner: row.col("owner")?,
        status: row.parsed("status")?,
        note: row.col("note")?,
        copied_from: row
            .col::<Option<i64>>("copied_from")?
            .map(EvidenceLinkId::new),
        created_by: row.col("created_by")?,
        created_at: row.time("created_at")?,
        updated_by: row.col("updated_by")?,
        updated_at: row.time("updated_at")?,
    })
}

/// `inherited_from` of a link of version `source` (label `label`) as seen from `version`.
fn inherited(
    version: ProductVersionId,
    source: ProductVersionId,
    label: String,
) -> Option<(ProductVersionId, String)> {
    (source != version).then_some((source, label))
}

async fn evidence(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    version: ProductVersionId,
    catalog: &str,
) -> Result<Vec<EffectiveEvidence>> {
    let v = product_version(conn, org, version).await?;
    let sql = format!(
        "SELECT {LINK_COLS}, sv.version AS source_label FROM evidence_links l \
         JOIN ({SOURCES}) src ON src.source = l.product_version_id AND src.item_id = l.item_id \
         JOIN product_versions sv ON sv.id = l.product_version_id \
         WHERE l.catalog_id = $3 AND l.organization_id = $4 ORDER BY l.item_id, l.id"
    );
    on!(conn, c => sqlx::query(&sql).bind(v.product.get()).bind(version.get()).bind(catalog)
        .bind(org.get()).fetch_all(&mut *c).await?.iter().map(|row| {
            let link = link_from(row)?;
            let source = link.product_version;
            Ok(EffectiveEvidence {
                link,
                inherited_from: inherited(version, source, row.col("source_label")?),
            })
        }).collect())
}

async fn evidence_sets(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    version: ProductVersionId,
    catalog: &str,
) -> Result<Vec<EvidenceSet>> {
    let v = product_version(conn, org, version).await?;
    let sql = format!(
        "SELECT src.item_id, src.source, sv.version AS source_label, \
         (SELECT COUNT(*) FROM evidence_links l WHERE l.product_version_id = src.source \
          AND l.catalog_id = $3 AND l.item_id = src.item_id) AS link_count \
         FROM ({SOURCES}) src JOIN product_versions sv ON sv.id = src.source ORDER BY src.item_id"
    );
    on!(conn, c => sqlx::query(&sql).bind(v.product.get()).bind(version.get()).bind(catalog)
        .fetch_all(&mut *c).await?.iter().map(|row| {
            let source = ProductVersionId::new(row.col("source")?);
            Ok(EvidenceSet {
                item_id: row.col("item_id")?,
                source,
                source_label: row.col("source_label")?,
                inherited: source != version,
                link_count: row.col("link_count")?,
            })
        }).collect())
}

/// The version (id and label) whose own set of (`catalog`, `item`) applies to `version`:
/// `version` itself when it has one and `strictly_earlier` is false, else the nearest earlier
/// version of the product with one.
async fn set_source(
    conn: &mut Conn<'_>,
    v: &ProductVersion,
    catalog: &str,
    item: &str,
    strictly_earlier: bool,
) -> Result<Option<(ProductVersionId, String)>> {
    let op = if strictly_earlier { "<" } else { "<=" };
    let sql = format!(
        "SELECT s.product_version_id, sv.version FROM evidence_sets s \
         JOIN product_versions sv ON sv.id = s.product_version_id \
         WHERE sv.product_id = $1 AND s.product_version_id {op} $2 AND s.catalog_id = $3 \
         AND s.item_id = $4 ORDER BY s.product_version_id DESC LIMIT 1"
    );
    on!(conn, c => sqlx::query(&sql).bind(v.product.get()).bind(v.id.get()).bind(catalog)
        .bind(item).fetch_optional(&mut *c).await?.map(|row| Ok::<_, Error>((
            ProductVersionId::new(row.col("product_version_id")?),
            row.col::<String>("version")?,
        ))).transpose())
}

async fn evidence_link(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    version: ProductVersionId,
    id: EvidenceLinkId,
) -> Result<EffectiveEvidence> {
    let v = product_version(conn, org, version).await?;
    let sql = format!(
        "SELECT {LINK_COLS}, sv.version AS source_label FROM evidence_links l \
         JOIN product_versions sv ON sv.id = l.product_version_id \
         WHERE l.id = $1 AND l.organization_id = $2 AND sv.product_id = $3"
    );
    let row = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(org.get())
        .bind(v.product.get()).fetch_optional(&mut *c).await?
        .map(|row| Ok::<_, Error>((link_from(&row)?, row.col::<String>("source_label")?)))
        .transpose()?);
    let (link, label) = found(row, "evidence link")?;
    // It applies to the version only when the version uses the set that holds it.
    let source = set_source(conn, &v, &link.catalog_id, &link.item_id, false).await?;
    if source.as_ref().map(|(id, _)| *id) != Some(link.product_version) {
        return Err(Error::NotFound {
            what: "evidence link",
        });
    }
    let source = link.product_version;
    Ok(EffectiveEvidence {
        link,
        inherited_from: inherited(version, source, label),
    })
}

async fn annex_f(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    version: ProductVersionId,
) -> Result<Option<AnnexFRow>> {
    let v = product_version(conn, org, version).await?;
    let sql = "SELECT a.product_version_id, a.record, a.updated_by, a.updated_at, sv.version \
        FROM annex_f_records a JOIN product_versions sv ON sv.id = a.product_version_id \
        WHERE sv.product_id = $1 AND a.product_version_id <= $2 AND a.organization_id = $3 \
        ORDER BY a.product_version_id DESC LIMIT 1";
    on!(conn, c => sqlx::query(sql).bind(v.product.get()).bind(version.get()).bind(org.get())
        .fetch_optional(&mut *c).await?.map(|row| {
            let source = ProductVersionId::new(row.col("product_version_id")?);
            Ok(AnnexFRow {
                product_version: source,
                record: row.json("record")?,
                updated_by: row.col("updated_by")?,
                updated_at: row.time("updated_at")?,
                inherited_from: inherited(version, source, row.col("version")?),
            })
        }).transpose())
}

reads! {
    /// The evidence that applies to a version of `org` for the items of `catalog`: for each
    /// item, the version's own set or the set inherited from the nearest earlier version (see
    /// the [module docs](crate::compliance)), ordered by item id and then creation. Items without
    /// any evidence are absent.
    fn evidence(org: OrganizationId, version: ProductVersionId, catalog: &str) -> Vec<EffectiveEvidence> = evidence;
    /// Where the evidence of each item of `catalog` on a version of `org` comes from (own or
    /// inherited set, and its size), ordered by item id; items no version has evidence for are
    /// absent. An own set with no links (every inherited link removed) is listed with
    /// `link_count` 0.
    fn evidence_sets(org: OrganizationId, version: ProductVersionId, catalog: &str) -> Vec<EvidenceSet> = evidence_sets;
    /// One link as it applies to a version of `org` (own or inherited); a link of a set the
    /// version does not use (another item's, a later version's, one the version replaced by
    /// its own set) is not found.
    fn evidence_link(org: OrganizationId, version: ProductVersionId, link: EvidenceLinkId) -> EffectiveEvidence = evidence_link;
    /// The Annex F record that applies to a version of `org`: its own, else the one of the
    /// nearest earlier version of the product that has one (`inherited_from` names it), else none.
    fn annex_f(org: OrganizationId, version: ProductVersionId) -> Option<AnnexFRow> = annex_f;
}

/// Gives `v` its own set of (`catalog`, `item`), copying the inherited set into it when it has
/// none yet (copy-on-write). Idempotent; a concurrent transaction that made the set first wins
/// and its copy is used.
async fn own_set(conn: &mut Conn<'_>, v: &ProductVersion, catalog: &str, item: &str) -> Result<()> {
    let inserted = on!(&mut *conn, c => sqlx::query(
        "INSERT INTO evidence_sets (product_version_id, catalog_id, item_id) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING")
        .bind(v.id.get()).bind(catalog).bind(item).execute(&mut *c).await?.rows_affected());
    if inserted == 0 {
        return Ok(());
    }
    let Some((source, _)) = set_source(conn, v, catalog, item, true).await? else {
        return Ok(());
    };
    let sql = "INSERT INTO evidence_links (organization_id, product_version_id, catalog_id, \
        item_id, kind, document_number, title, document_version, location, owner, status, note, \
        copied_from, created_by, created_at, updated_by, updated_at) \
        SELECT organization_id, $1, catalog_id, item_id, kind, document_number, title, \
        document_version, location, owner, status, note, id, created_by, created_at, updated_by, \
        updated_at FROM evidence_links WHERE product_version_id = $2 AND catalog_id = $3 \
        AND item_id = $4 ORDER BY id";
    on!(conn, c => sqlx::query(sql).bind(v.id.get()).bind(source.get()).bind(catalog)
        .bind(item).execute(&mut *c).await?.rows_affected());
    Ok(())
}

/// The id of the link of `version`'s own set that stands for `effective`: the link itself when
/// it is the version's, else (after copy-on-write) its copy.
async fn own_link(
    conn: &mut Conn<'_>,
    v: &ProductVersion,
    effective: &EffectiveEvidence,
) -> Result<EvidenceLinkId> {
    if effective.inherited_from.is_none() {
        return Ok(effective.link.id);
    }
    own_set(conn, v, &effective.link.catalog_id, &effective.link.item_id).await?;
    let copy = on!(conn, c => sqlx::query(
        "SELECT id FROM evidence_links WHERE product_version_id = $1 AND copied_from = $2 \
         ORDER BY id LIMIT 1")
        .bind(v.id.get()).bind(effective.link.id.get()).fetch_optional(&mut *c).await?
        .map(|row| row.col::<i64>("id")).transpose()?);
    found(copy.map(EvidenceLinkId::new), "evidence link")
}

impl Tx {
    /// Links a piece of evidence to an item on a version of `org`. When the version inherits
    /// the item's set, the set is first copied into the version (see the
    /// [module docs](crate::compliance)). The caller has checked the item against its catalog,
    /// and appends the audit event (`evidence_link`, no `before`, `after` the returned link's
    /// [`EvidenceLink::audit_summary`]).
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's version; [`Error::Invalid`] for a blank
    /// catalog or item id, a document with neither number nor title, a blank actor or an
    /// over-long field.
    pub async fn add_evidence(
        &mut self,
        org: OrganizationId,
        version: ProductVersionId,
        new: &NewEvidenceLink,
    ) -> Result<EvidenceLink> {
        new.check()?;
        let conn = &mut self.conn();
        let v = product_version(conn, org, version).await?;
        own_set(conn, &v, &new.catalog_id, &new.item_id).await?;
        let sql = format!(
            "INSERT INTO evidence_links (organization_id, product_version_id, catalog_id, item_id, \
             kind, document_number, title, document_version, location, owner, status, note, \
             copied_from, created_by, created_at, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, $13, $14, $13, $14) \
             RETURNING {LINK_RET}"
        );
        let now = Timestamp::now().to_text();
        on!(conn, c => link_from(&sqlx::query(&sql).bind(org.get()).bind(version.get())
            .bind(&new.catalog_id).bind(&new.item_id).bind(new.kind.as_str())
            .bind(&new.document_number).bind(&new.title).bind(&new.document_version)
            .bind(&new.location).bind(&new.owner).bind(new.status.as_str()).bind(&new.note)
            .bind(&new.actor).bind(&now).fetch_one(&mut *c).await?))
    }

    /// Changes a link that applies to a version of `org`. On a link inherited from an earlier
    /// version, the set is first copied into the version and the copy is changed (the earlier
    /// version keeps its link); the returned link is the changed one. The caller appends the
    /// audit event (`before` from [`Store::evidence_link`](crate::Store::evidence_link) read in this transaction first).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the link does not apply to the version (another organization's,
    /// another product's, a set the version does not use); [`Error::Invalid`] as for
    /// [`Tx::add_evidence`], and when the new fields name another catalog or item (a link does
    /// not move: remove it and add one to the other item).
    pub async fn update_evidence(
        &mut self,
        org: OrganizationId,
        version: ProductVersionId,
        link: EvidenceLinkId,
        new: &NewEvidenceLink,
    ) -> Result<EvidenceLink> {
        new.check()?;
        let conn = &mut self.conn();
        let v = product_version(conn, org, version).await?;
        let effective = evidence_link(conn, org, version, link).await?;
        if effective.link.catalog_id != new.catalog_id || effective.link.item_id != new.item_id {
            return Err(Error::Invalid(format!(
                "item_id: evidence link {link} belongs to {}/{}; a link does not move to another \
                 item (remove it and add one there)",
                effective.link.catalog_id, effective.link.item_id
            )));
        }
        let target = own_link(conn, &v, &effective).await?;
        let sql = format!(
            "UPDATE evidence_links SET kind = $1, document_number = $2, title = $3, \
             document_version = $4, location = $5, owner = $6, status = $7, note = $8, \
             updated_by = $9, updated_at = $10 WHERE id = $11 RETURNING {LINK_RET}"
        );
        let now = Timestamp::now().to_text();
        on!(conn, c => link_from(&sqlx::query(&sql).bind(new.kind.as_str())
            .bind(&new.document_number).bind(&new.title).bind(&new.document_version)
            .bind(&new.location).bind(&new.owner).bind(new.status.as_str()).bind(&new.note)
            .bind(&new.actor).bind(&now).bind(target.get()).fetch_one(&mut *c).await?))
    }

    /// Removes a link from what applies to a version of `org`. On a link inherited from an
    /// earlier version, the set is first copied into the version and the copy is removed (the
    /// earlier version keeps its link; the version keeps its own set, possibly empty). Returns
    /// the link as it applied before, for the caller's audit event (`before`).
    ///
    /// # Errors
    /// [`Error::NotFound`] as for [`Tx::update_evidence`].
    pub async fn remove_evidence(
        &mut self,
        org: OrganizationId,
        version: ProductVersionId,
        link: EvidenceLinkId,
    ) -> Result<EffectiveEvidence> {
        let conn = &mut self.conn();
        let v = product_version(conn, org, version).await?;
        let effective = evidence_link(conn, org, version, link).await?;
        let target = own_link(conn, &v, &effective).await?;
        on!(conn, c => sqlx::query("DELETE FROM evidence_links WHERE id = $1")
            .bind(target.get()).execute(&mut *c).await?.rows_affected());
        Ok(effective)
    }

    /// Writes the Annex F record of a version of `org` (its own from now on; later versions
    /// without their own record inherit it). `record` is the domain's JSON object; `actor` who
    /// writes it. Returns the stored row. The caller appends the audit event
    /// (`annex_f_record`, `before` from [`Store::annex_f`](crate::Store::annex_f)).
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's version; [`Error::Invalid`] when `record`
    /// is not a JSON object or `actor` is blank.
    pub async fn put_annex_f(
        &mut self,
        org: OrganizationId,
        version: ProductVersionId,
        record: &Value,
        actor: &str,
    ) -> Result<AnnexFRow> {
        let text = check_object("record", record)?;
        check_actor(actor)?;
        let conn = &mut self.conn();
        product_version(conn, org, version).await?;
        let now = Timestamp::now();
        on!(conn, c => sqlx::query(
            "INSERT INTO annex_f_records (product_version_id, organization_id, record, updated_by, \
             updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (product_version_id) DO UPDATE \
             SET record = excluded.record, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at")
            .bind(version.get()).bind(org.get()).bind(&text).bind(actor).bind(now.to_text())
            .execute(&mut *c).await?.rows_affected());
        Ok(AnnexFRow {
            product_version: version,
            record: record.clone(),
            updated_by: actor.to_owned(),
            updated_at: now,
            inherited_from: None,
        })
    }
}
