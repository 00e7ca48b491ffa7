//! The scope decision and intended use environment of a product (R1, R2), and its system and
//! network configuration diagrams (item 2(2): any format, QA2 Q1).
//!
//! The decision and the environment are JSON objects as the domain writes them; the store keeps
//! them whole. A diagram's bytes are kept gzip-compressed with the SHA-256 of the original, as
//! SBOMs are, and checked when read back.
//!
//! As everywhere in the store, the caller appends the audit event of a change in the same
//! transaction: `object_type` `"product_scope"` (the product's id; `before` from
//! [`Store::product_scope`](crate::Store::product_scope)) or `"product_diagram"` (the diagram's
//! id; [`DiagramMeta::audit_summary`]).

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde_json::{Value, json};
use tplc_model::ProductId;

use crate::compliance::{check_actor, check_object};
use crate::db::{Conn, RowExt, found, id_type, on, reads};
use crate::products::product;
use crate::sbom::sha256_hex;
use crate::{Error, OrganizationId, Result, Timestamp, Tx};

id_type!(
    /// The key of a configuration diagram.
    DiagramId
);

/// The scope decision and environment of a product as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductScope {
    /// The product.
    pub product: ProductId,
    /// The scope decision (interfaces, result, reasoning) as the domain wrote it.
    pub decision: Value,
    /// The intended use environment and minimum requirements as the domain wrote them.
    pub environment: Value,
    /// Who wrote it last.
    pub updated_by: String,
    /// When.
    pub updated_at: Timestamp,
}

/// A configuration diagram to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDiagram {
    /// The file name as uploaded (no directories).
    pub file_name: String,
    /// The media type (`image/png`, `application/pdf`).
    pub media_type: String,
    /// What it shows (システム構成図, network configuration); empty when not given.
    pub caption: String,
    /// The bytes as uploaded.
    pub content: Vec<u8>,
    /// Who uploads it, as the audit log names actors.
    pub uploaded_by: String,
}

/// A stored diagram without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramMeta {
    /// The key.
    pub id: DiagramId,
    /// The product.
    pub product: ProductId,
    /// The file name.
    pub file_name: String,
    /// The media type.
    pub media_type: String,
    /// What it shows.
    pub caption: String,
    /// The size of the original bytes.
    pub size: i64,
    /// SHA-256 of the original bytes, lower-case hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When.
    pub uploaded_at: Timestamp,
}

impl DiagramMeta {
    /// The summary of the diagram for an audit event.
    #[must_use]
    pub fn audit_summary(&self) -> Value {
        json!({
            "id": self.id.get(),
            "product": self.product.get(),
            "file_name": self.file_name,
            "media_type": self.media_type,
            "caption": self.caption,
            "size": self.size,
            "sha256": self.sha256,
        })
    }
}

/// The longest file name, media type or caption accepted.
const MAX_FIELD: usize = 500;

impl NewDiagram {
    fn check(&self, max_size: usize) -> Result<()> {
        let name = self.file_name.trim();
        if name.is_empty() {
            return Err(Error::Invalid("file_name: empty".into()));
        }
        if name.contains(['/', '\\'])
            || name.chars().any(char::is_control)
            || name == "."
            || name == ".."
            || name.chars().count() > MAX_FIELD
        {
            return Err(Error::Invalid(format!(
                "file_name: {:?} is not a file name (no directories or control characters, at most {MAX_FIELD} characters)",
                self.file_name
            )));
        }
        let media = self.media_type.trim();
        if media.is_empty()
            || !media.contains('/')
            || !media.is_ascii()
            || media.chars().any(|c| c.is_ascii_control() || c == ' ')
            || media.len() > MAX_FIELD
        {
            return Err(Error::Invalid(format!(
                "media_type: {:?} is not a media type (type/subtype)",
                self.media_type
            )));
        }
        if self.caption.chars().count() > MAX_FIELD {
            return Err(Error::Invalid(format!(
                "caption: at most {MAX_FIELD} characters"
            )));
        }
        if self.content.is_empty() {
            return Err(Error::Invalid(format!("{name}: the file is empty")));
        }
        if self.content.len() > max_size {
            return Err(Error::Invalid(format!(
                "{name}: {} bytes, larger than the limit of {max_size} bytes",
                self.content.len()
            )));
        }
        check_actor(&self.uploaded_by)
    }
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 2 + 64),
        Compression::new(6),
    );
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_err(|error| Error::Invalid(format!("compressing the diagram: {error}")))
}

const DIAGRAM_COLS: &str =
    "id, product_id, file_name, media_type, caption, size, sha256, uploaded_by, uploaded_at";

fn diagram_from(row: &impl RowExt) -> Result<DiagramMeta> {
    Ok(DiagramMeta {
        id: DiagramId::new(row.col("id")?),
        product: ProductId::new(row.col("product_id")?),
        file_name: row.col("file_name")?,
        media_type: row.col("media_type")?,
        caption: row.col("caption")?,
        size: row.col("size")?,
        sha256: row.col("sha256")?,
        uploaded_by: row.col("uploaded_by")?,
        uploaded_at: row.time("uploaded_at")?,
    })
}

async fn product_scope(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: ProductId,
) -> Result<Option<ProductScope>> {
    product(conn, org, id).await?;
    on!(conn, c => sqlx::query(
        "SELECT product_id, decision, environment, updated_by, updated_at FROM product_scope \
         WHERE product_id = $1")
        .bind(id.get()).fetch_optional(&mut *c).await?.map(|row| Ok::<_, Error>(ProductScope {
            product: ProductId::new(row.col("product_id")?),
            decision: row.json("decision")?,
            environment: row.json("environment")?,
            updated_by: row.col("updated_by")?,
            updated_at: row.time("updated_at")?,
        })).transpose())
}

async fn diagrams(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: ProductId,
) -> Result<Vec<DiagramMeta>> {
    product(conn, org, id).await?;
    let sql =
        format!("SELECT {DIAGRAM_COLS} FROM product_diagrams WHERE product_id = $1 ORDER BY id");
    on!(conn, c => sqlx::query(&sql).bind(id.get()).fetch_all(&mut *c).await?
        .iter().map(diagram_from).collect())
}

async fn diagram(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    product_id: ProductId,
    id: DiagramId,
) -> Result<(DiagramMeta, Vec<u8>)> {
    product(conn, org, product_id).await?;
    let sql = format!(
        "SELECT {DIAGRAM_COLS}, compression, content FROM product_diagrams \
         WHERE id = $1 AND product_id = $2"
    );
    let row = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(product_id.get())
        .fetch_optional(&mut *c).await?.map(|row| Ok::<_, Error>((diagram_from(&row)?,
            row.col::<String>("compression")?, row.col::<Vec<u8>>("content")?))).transpose()?);
    let (meta, compression, content) = found(row, "diagram")?;
    if compression != "gzip" {
        return Err(Error::Corrupt(format!(
            "diagram {id}: unknown compression {compression:?}"
        )));
    }
    let limit = u64::try_from(meta.size).unwrap_or(0);
    let mut original = Vec::with_capacity(usize::try_from(limit).unwrap_or(0));
    GzDecoder::new(content.as_slice())
        .take(limit.saturating_add(1))
        .read_to_end(&mut original)
        .map_err(|error| Error::Corrupt(format!("diagram {id}: {error}")))?;
    if sha256_hex(&original) != meta.sha256 {
        return Err(Error::Corrupt(format!(
            "diagram {id}: SHA-256 does not match the stored bytes"
        )));
    }
    Ok((meta, original))
}

reads! {
    /// The scope decision and environment of a product of `org`, none when not recorded yet.
    fn product_scope(org: OrganizationId, product: ProductId) -> Option<ProductScope> = product_scope;
    /// The configuration diagrams of a product of `org` (without their bytes), oldest first.
    fn diagrams(org: OrganizationId, product: ProductId) -> Vec<DiagramMeta> = diagrams;
    /// A diagram of a product of `org` with its original bytes, decompressed and checked
    /// against the stored SHA-256 ([`Error::Corrupt`](crate::Error::Corrupt) when they differ).
    fn diagram(org: OrganizationId, product: ProductId, id: DiagramId) -> (DiagramMeta, Vec<u8>) = diagram;
}

impl Tx {
    /// Writes the scope decision and environment of a product of `org` (JSON objects as the
    /// domain writes them), replacing what was there. The caller appends the audit event.
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's product; [`Error::Invalid`] when either
    /// value is not a JSON object or `actor` is blank.
    pub async fn put_product_scope(
        &mut self,
        org: OrganizationId,
        product_id: ProductId,
        decision: &Value,
        environment: &Value,
        actor: &str,
    ) -> Result<ProductScope> {
        let decision_text = check_object("decision", decision)?;
        let environment_text = check_object("environment", environment)?;
        check_actor(actor)?;
        let conn = &mut self.conn();
        product(conn, org, product_id).await?;
        let now = Timestamp::now();
        on!(conn, c => sqlx::query(
            "INSERT INTO product_scope (product_id, decision, environment, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (product_id) DO UPDATE SET \
             decision = excluded.decision, environment = excluded.environment, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at")
            .bind(product_id.get()).bind(&decision_text).bind(&environment_text).bind(actor)
            .bind(now.to_text()).execute(&mut *c).await?.rows_affected());
        Ok(ProductScope {
            product: product_id,
            decision: decision.clone(),
            environment: environment.clone(),
            updated_by: actor.to_owned(),
            updated_at: now,
        })
    }

    /// Stores a configuration diagram of a product of `org`, at most `max_size` bytes. The
    /// caller appends the audit event.
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's product; [`Error::Invalid`] for an empty
    /// file or one over `max_size`, a file name with directories or control characters, a
    /// malformed media type or a blank actor.
    pub async fn add_diagram(
        &mut self,
        org: OrganizationId,
        product_id: ProductId,
        new: &NewDiagram,
        max_size: usize,
    ) -> Result<DiagramMeta> {
        new.check(max_size)?;
        let conn = &mut self.conn();
        product(conn, org, product_id).await?;
        let content = gzip(&new.content)?;
        let size = i64::try_from(new.content.len())
            .map_err(|_| Error::Invalid("diagram too large".into()))?;
        let sha256 = sha256_hex(&new.content);
        let sql = format!(
            "INSERT INTO product_diagrams (product_id, file_name, media_type, caption, \
             compression, content, size, sha256, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, 'gzip', $5, $6, $7, $8, $9) RETURNING {DIAGRAM_COLS}"
        );
        let now = Timestamp::now().to_text();
        on!(conn, c => diagram_from(&sqlx::query(&sql).bind(product_id.get())
            .bind(new.file_name.trim()).bind(new.media_type.trim()).bind(&new.caption)
            .bind(&content).bind(size).bind(&sha256).bind(&new.uploaded_by).bind(&now)
            .fetch_one(&mut *c).await?))
    }

    /// Removes a diagram of a product of `org`; returns what it was, for the caller's audit
    /// event (`before`).
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's product or a diagram of another product.
    pub async fn remove_diagram(
        &mut self,
        org: OrganizationId,
        product_id: ProductId,
        id: DiagramId,
    ) -> Result<DiagramMeta> {
        let conn = &mut self.conn();
        product(conn, org, product_id).await?;
        let sql = format!(
            "DELETE FROM product_diagrams WHERE id = $1 AND product_id = $2 RETURNING {DIAGRAM_COLS}"
        );
        let meta = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(product_id.get())
            .fetch_optional(&mut *c).await?.map(|row| diagram_from(&row)).transpose()?);
        found(meta, "diagram")
    }
}
