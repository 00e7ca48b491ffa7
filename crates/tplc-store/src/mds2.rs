//! MDS2 (ANSI/NEMA HN 1-2019) answers per product version: one document per version, JSON as
//! the MDS2 crate writes it, with the id of the form it answers.
//!
//! MDS2 documents are not inherited between versions: a new version's form is pre-filled from
//! what `tplc` knows of it. As everywhere in the store, the caller appends the audit event of a
//! change in the same transaction: `object_type` `"mds2_document"`, the version's id, `before`
//! from [`Store::mds2`](crate::Store::mds2).

use serde_json::Value;
use tplc_model::ProductVersionId;

use crate::compliance::{check_actor, check_object};
use crate::db::{Conn, RowExt, on, reads};
use crate::products::product_version;
use crate::{Error, OrganizationId, Result, Timestamp, Tx};

/// The longest form id accepted.
const MAX_FORM_ID: usize = 100;

/// The stored MDS2 document of a version.
#[derive(Debug, Clone, PartialEq)]
pub struct Mds2Row {
    /// The version.
    pub product_version: ProductVersionId,
    /// The form it answers (`hn-1-2019`).
    pub form_id: String,
    /// The document (meta and answers) as the MDS2 crate wrote it.
    pub document: Value,
    /// Who wrote it last.
    pub updated_by: String,
    /// When.
    pub updated_at: Timestamp,
}

async fn mds2(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    version: ProductVersionId,
) -> Result<Option<Mds2Row>> {
    product_version(conn, org, version).await?;
    on!(conn, c => sqlx::query(
        "SELECT product_version_id, form_id, document, updated_by, updated_at FROM mds2_documents \
         WHERE product_version_id = $1")
        .bind(version.get()).fetch_optional(&mut *c).await?.map(|row| Ok::<_, Error>(Mds2Row {
            product_version: ProductVersionId::new(row.col("product_version_id")?),
            form_id: row.col("form_id")?,
            document: row.json("document")?,
            updated_by: row.col("updated_by")?,
            updated_at: row.time("updated_at")?,
        })).transpose())
}

reads! {
    /// The MDS2 document of a version of `org`, none when not written yet.
    fn mds2(org: OrganizationId, version: ProductVersionId) -> Option<Mds2Row> = mds2;
}

impl Tx {
    /// Writes the MDS2 document of a version of `org` for form `form_id`, replacing what was
    /// there. The caller appends the audit event.
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's version; [`Error::Invalid`] when the
    /// document is not a JSON object, the form id is blank or over-long, or `actor` is blank.
    pub async fn put_mds2(
        &mut self,
        org: OrganizationId,
        version: ProductVersionId,
        form_id: &str,
        document: &Value,
        actor: &str,
    ) -> Result<Mds2Row> {
        if form_id.trim().is_empty()
            || form_id.chars().count() > MAX_FORM_ID
            || form_id.chars().any(char::is_control)
        {
            return Err(Error::Invalid(format!(
                "form_id: {form_id:?} is not a form id (1 to {MAX_FORM_ID} characters)"
            )));
        }
        let text = check_object("document", document)?;
        check_actor(actor)?;
        let conn = &mut self.conn();
        product_version(conn, org, version).await?;
        let now = Timestamp::now();
        on!(conn, c => sqlx::query(
            "INSERT INTO mds2_documents (product_version_id, form_id, document, updated_by, \
             updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (product_version_id) DO UPDATE \
             SET form_id = excluded.form_id, document = excluded.document, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at")
            .bind(version.get()).bind(form_id).bind(&text).bind(actor).bind(now.to_text())
            .execute(&mut *c).await?.rows_affected());
        Ok(Mds2Row {
            product_version: version,
            form_id: form_id.to_owned(),
            document: document.clone(),
            updated_by: actor.to_owned(),
            updated_at: now,
        })
    }
}
