//! Stored SBOM documents (the original bytes, compressed) and their components.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use tplc_model::{ComponentIdentity, ProductVersionId, SbomDocumentId};

use crate::db::{Conn, RowExt, found, id_type, on, reads, text_enum};
use crate::{Error, OrganizationId, Result, Timestamp, Tx, UserId};

id_type!(
    /// The key of a stored [`Component`].
    ComponentId
);

text_enum!(
    /// Where a stored SBOM is: only `Ready` documents are visible to reads.
    pub enum SbomState {
        /// Uploaded, not yet ingested (its components are not stored yet).
        Pending = "pending",
        /// Ingested: the document and all its components are visible.
        Ready = "ready",
        /// Ingestion failed; the error is kept.
        Failed = "failed",
    }
);

/// An SBOM document to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSbom {
    /// The format as detected (`cyclonedx-json`, `cyclonedx-xml`, `spdx-json`, `spdx-tag-value`).
    pub format: String,
    /// The specification version (`1.6`, `2.3`).
    pub spec_version: Option<String>,
    /// The bytes exactly as uploaded.
    pub original: Vec<u8>,
    /// The document's author (tool or person) as it names it.
    pub author: Option<String>,
    /// The document's own timestamp as it writes it.
    pub timestamp: Option<String>,
    /// Who uploaded it.
    pub uploaded_by: Option<UserId>,
}

/// A stored SBOM document (without its bytes: see [`Store::sbom_original`](crate::Store::sbom_original)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SbomDocument {
    /// The key.
    pub id: SbomDocumentId,
    /// The product version it describes.
    pub product_version: ProductVersionId,
    /// The format.
    pub format: String,
    /// The specification version.
    pub spec_version: Option<String>,
    /// SHA-256 of the original bytes, lower-case hex.
    pub sha256: String,
    /// The size of the original bytes.
    pub original_size: i64,
    /// The document's author.
    pub author: Option<String>,
    /// The document's own timestamp.
    pub timestamp: Option<String>,
    /// Who uploaded it.
    pub uploaded_by: Option<UserId>,
    /// When it was uploaded.
    pub uploaded_at: Timestamp,
    /// Pending, ready or failed.
    pub state: SbomState,
    /// Why ingestion failed.
    pub error: Option<String>,
}

/// A component to store with its SBOM document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComponent {
    /// The document-local reference (`bom-ref`, SPDXID), unique in the document when present.
    pub bom_ref: Option<String>,
    /// The name.
    pub name: String,
    /// The version.
    pub version: Option<String>,
    /// The purl as the SBOM writes it.
    pub purl: Option<String>,
    /// The CPE as the SBOM writes it.
    pub cpe: Option<String>,
    /// The supplier's name.
    pub supplier: Option<String>,
    /// The identity across versions ([`tplc_model::Component::identity`]).
    pub identity: ComponentIdentity,
    /// `scope: excluded`: never reported.
    pub scope_excluded: bool,
}

impl NewComponent {
    /// The stored fields of a model component; the identity is the model's.
    #[must_use]
    pub fn from_model(component: &tplc_model::Component) -> Self {
        Self {
            bom_ref: component.bom_ref.clone(),
            name: component.name.clone(),
            version: component.version.clone(),
            purl: component.purl.clone(),
            cpe: component.cpe.clone(),
            supplier: component.supplier_name().map(str::to_owned),
            identity: component.identity(),
            scope_excluded: matches!(component.scope, Some(tplc_model::Scope::Excluded)),
        }
    }
}

/// A stored component of a ready SBOM document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// The key.
    pub id: ComponentId,
    /// The document it belongs to.
    pub sbom_document: SbomDocumentId,
    /// The document-local reference.
    pub bom_ref: Option<String>,
    /// The name.
    pub name: String,
    /// The version.
    pub version: Option<String>,
    /// The purl.
    pub purl: Option<String>,
    /// The CPE.
    pub cpe: Option<String>,
    /// The supplier's name.
    pub supplier: Option<String>,
    /// The identity across versions.
    pub identity: ComponentIdentity,
    /// `scope: excluded`.
    pub scope_excluded: bool,
}

/// The stored text of an identity: the purl (`pkg:…`), or `named:` and the JSON array
/// `[supplier, group, name]`. The two forms cannot collide (a purl starts with `pkg:`).
#[must_use]
pub fn identity_key(identity: &ComponentIdentity) -> String {
    match identity {
        ComponentIdentity::Purl(purl) => purl.clone(),
        ComponentIdentity::Named {
            supplier,
            group,
            name,
        } => format!(
            "named:{}",
            serde_json::Value::from(vec![supplier.as_str(), group.as_str(), name.as_str()])
        ),
    }
}

/// Reads back [`identity_key`].
///
/// # Errors
/// [`Error::Corrupt`] for text of neither form.
pub fn parse_identity_key(key: &str) -> Result<ComponentIdentity> {
    if key.starts_with("pkg:") {
        return Ok(ComponentIdentity::Purl(key.to_owned()));
    }
    if let Some(json) = key.strip_prefix("named:")
        && let Ok([supplier, group, name]) = serde_json::from_str::<[String; 3]>(json)
    {
        return Ok(ComponentIdentity::Named {
            supplier,
            group,
            name,
        });
    }
    Err(Error::Corrupt(format!("component identity {key:?}")))
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    use std::fmt::Write as _;
    let digest = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 8 + 64),
        Compression::new(6),
    );
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_err(|error| Error::Invalid(format!("compressing the SBOM: {error}")))
}

const DOC_COLS: &str = "d.id, d.product_version_id, d.format, d.spec_version, d.sha256, \
    d.original_size, d.author, d.document_timestamp, d.uploaded_by, d.uploaded_at, d.state, d.error";
const DOC_RET: &str = "id, product_version_id, format, spec_version, sha256, original_size, \
    author, document_timestamp, uploaded_by, uploaded_at, state, error";
const SCOPE: &str = "JOIN product_versions v ON v.id = d.product_version_id \
    JOIN products p ON p.id = v.product_id";
const COMPONENT_COLS: &str = "k.id, k.sbom_document_id, k.bom_ref, k.name, k.version, k.purl, \
    k.cpe, k.supplier, k.identity, k.scope_excluded";

fn document_from(row: &impl RowExt) -> Result<SbomDocument> {
    Ok(SbomDocument {
        id: SbomDocumentId::new(row.col("id")?),
        product_version: ProductVersionId::new(row.col("product_version_id")?),
        format: row.col("format")?,
        spec_version: row.col("spec_version")?,
        sha256: row.col("sha256")?,
        original_size: row.col("original_size")?,
        author: row.col("author")?,
        timestamp: row.col("document_timestamp")?,
        uploaded_by: row.col::<Option<i64>>("uploaded_by")?.map(UserId::new),
        uploaded_at: row.time("uploaded_at")?,
        state: row.parsed("state")?,
        error: row.col("error")?,
    })
}

pub(crate) fn component_from(row: &impl RowExt) -> Result<Component> {
    Ok(Component {
        id: ComponentId::new(row.col("id")?),
        sbom_document: SbomDocumentId::new(row.col("sbom_document_id")?),
        bom_ref: row.col("bom_ref")?,
        name: row.col("name")?,
        version: row.col("version")?,
        purl: row.col("purl")?,
        cpe: row.col("cpe")?,
        supplier: row.col("supplier")?,
        identity: parse_identity_key(&row.col::<String>("identity")?)?,
        scope_excluded: row.col("scope_excluded")?,
    })
}

async fn sbom_document_status(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: SbomDocumentId,
) -> Result<SbomDocument> {
    let sql = format!(
        "SELECT {DOC_COLS} FROM sbom_documents d {SCOPE} WHERE d.id = $1 AND p.organization_id = $2"
    );
    let d = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(org.get())
        .fetch_optional(&mut *c).await?.map(|row| document_from(&row)).transpose()?);
    found(d, "SBOM document")
}

async fn sbom_document(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: SbomDocumentId,
) -> Result<SbomDocument> {
    let d = sbom_document_status(conn, org, id).await?;
    found((d.state == SbomState::Ready).then_some(d), "SBOM document")
}

async fn sbom_documents(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    version: ProductVersionId,
) -> Result<Vec<SbomDocument>> {
    crate::products::product_version(conn, org, version).await?;
    let sql = format!(
        "SELECT {DOC_COLS} FROM sbom_documents d WHERE d.product_version_id = $1 \
         AND d.state = 'ready' ORDER BY d.id"
    );
    on!(conn, c => sqlx::query(&sql).bind(version.get()).fetch_all(&mut *c).await?
        .iter().map(document_from).collect())
}

async fn sbom_original(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: SbomDocumentId,
) -> Result<Vec<u8>> {
    original_bytes(conn, org, id, true).await
}

async fn sbom_upload(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: SbomDocumentId,
) -> Result<Vec<u8>> {
    original_bytes(conn, org, id, false).await
}

async fn original_bytes(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: SbomDocumentId,
    ready_only: bool,
) -> Result<Vec<u8>> {
    let state = if ready_only {
        " AND d.state = 'ready'"
    } else {
        ""
    };
    let sql = format!(
        "SELECT d.content, d.compression, d.sha256, d.original_size FROM sbom_documents d {SCOPE} \
         WHERE d.id = $1 AND p.organization_id = $2{state}"
    );
    let row = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(org.get())
        .fetch_optional(&mut *c).await?
        .map(|row| Ok::<_, Error>((row.col::<Vec<u8>>("content")?, row.col::<String>("compression")?,
            row.col::<String>("sha256")?, row.col::<i64>("original_size")?))).transpose()?);
    let (content, compression, sha256, size) = found(row, "SBOM document")?;
    if compression != "gzip" {
        return Err(Error::Corrupt(format!(
            "SBOM {id}: unknown compression {compression:?}"
        )));
    }
    let limit = u64::try_from(size).unwrap_or(0);
    let mut original = Vec::with_capacity(usize::try_from(limit).unwrap_or(0));
    GzDecoder::new(content.as_slice())
        .take(limit.saturating_add(1))
        .read_to_end(&mut original)
        .map_err(|error| Error::Corrupt(format!("SBOM {id}: {error}")))?;
    if sha256_hex(&original) != sha256 {
        return Err(Error::Corrupt(format!(
            "SBOM {id}: SHA-256 does not match the stored bytes"
        )));
    }
    Ok(original)
}

async fn components(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: SbomDocumentId,
) -> Result<Vec<Component>> {
    sbom_document(conn, org, id).await?;
    let sql = format!(
        "SELECT {COMPONENT_COLS} FROM components k WHERE k.sbom_document_id = $1 ORDER BY k.id"
    );
    on!(conn, c => sqlx::query(&sql).bind(id.get()).fetch_all(&mut *c).await?
        .iter().map(component_from).collect())
}

async fn component(conn: &mut Conn<'_>, org: OrganizationId, id: ComponentId) -> Result<Component> {
    let sql = format!(
        "SELECT {COMPONENT_COLS} FROM components k JOIN sbom_documents d ON d.id = k.sbom_document_id \
         {SCOPE} WHERE k.id = $1 AND p.organization_id = $2 AND d.state = 'ready'"
    );
    let k = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(org.get())
        .fetch_optional(&mut *c).await?.map(|row| component_from(&row)).transpose()?);
    found(k, "component")
}

reads! {
    /// A ready SBOM document of `org`.
    fn sbom_document(org: OrganizationId, id: SbomDocumentId) -> SbomDocument = sbom_document;
    /// An SBOM document of `org` in any state (to follow an ingestion).
    fn sbom_document_status(org: OrganizationId, id: SbomDocumentId) -> SbomDocument = sbom_document_status;
    /// The ready SBOM documents of a product version of `org`, oldest first.
    fn sbom_documents(org: OrganizationId, version: ProductVersionId) -> Vec<SbomDocument> = sbom_documents;
    /// The original bytes of a ready SBOM document of `org`, decompressed and checked against
    /// the stored SHA-256 ([`Error::Corrupt`](crate::Error::Corrupt) when they differ).
    fn sbom_original(org: OrganizationId, id: SbomDocumentId) -> Vec<u8> = sbom_original;
    /// The original bytes of an SBOM document of `org` in any state (the ingestion job reads a
    /// pending upload with it), decompressed and checked against the stored SHA-256.
    fn sbom_upload(org: OrganizationId, id: SbomDocumentId) -> Vec<u8> = sbom_upload;
    /// The components of a ready SBOM document of `org`, in stored order.
    fn components(org: OrganizationId, id: SbomDocumentId) -> Vec<Component> = components;
    /// A component of a ready SBOM document of `org`.
    fn component(org: OrganizationId, id: ComponentId) -> Component = component;
}

/// Rows per multi-row `INSERT` of components (9 parameters each, well under both databases'
/// parameter limits).
const COMPONENT_BATCH: usize = 500;

impl Tx {
    /// Stores an uploaded SBOM document as [`SbomState::Pending`] (not yet visible); the
    /// ingestion job completes it with [`Tx::complete_sbom`] or [`Tx::fail_sbom`].
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's version.
    pub async fn create_sbom(
        &mut self,
        org: OrganizationId,
        version: ProductVersionId,
        new: &NewSbom,
    ) -> Result<SbomDocument> {
        crate::products::product_version(&mut self.conn(), org, version).await?;
        let content = gzip(&new.original)?;
        let sha256 = sha256_hex(&new.original);
        let size = i64::try_from(new.original.len())
            .map_err(|_| Error::Invalid("SBOM too large".into()))?;
        let sql = format!(
            "INSERT INTO sbom_documents (product_version_id, format, spec_version, compression, \
             content, original_size, sha256, author, document_timestamp, uploaded_by, uploaded_at, \
             state) VALUES ($1, $2, $3, 'gzip', $4, $5, $6, $7, $8, $9, $10, 'pending') RETURNING {DOC_RET}"
        );
        let now = Timestamp::now().to_text();
        on!(&mut self.conn(), c => document_from(&sqlx::query(&sql).bind(version.get())
            .bind(&new.format).bind(&new.spec_version).bind(&content).bind(size).bind(&sha256)
            .bind(&new.author).bind(&new.timestamp).bind(new.uploaded_by.map(UserId::get))
            .bind(&now).fetch_one(&mut *c).await?))
    }

    /// Stores the components of a pending SBOM document and makes it [`SbomState::Ready`].
    /// Commit the transaction to make both visible at once; on any error, drop it (nothing of
    /// the document becomes visible).
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's document; [`Error::Conflict`] when the
    /// document is not pending or two components share a `bom_ref`.
    pub async fn complete_sbom(
        &mut self,
        org: OrganizationId,
        id: SbomDocumentId,
        components: &[NewComponent],
    ) -> Result<SbomDocument> {
        let doc = sbom_document_status(&mut self.conn(), org, id).await?;
        if doc.state != SbomState::Pending {
            return Err(Error::Conflict(format!(
                "SBOM document {id} is {}",
                doc.state
            )));
        }
        for chunk in components.chunks(COMPONENT_BATCH) {
            on!(&mut self.conn(), c => {
                let mut builder = sqlx::QueryBuilder::new(
                    "INSERT INTO components (sbom_document_id, bom_ref, name, version, purl, cpe, \
                     supplier, identity, scope_excluded) ",
                );
                builder.push_values(chunk, |mut row, k| {
                    row.push_bind(id.get())
                        .push_bind(k.bom_ref.as_deref())
                        .push_bind(k.name.as_str())
                        .push_bind(k.version.as_deref())
                        .push_bind(k.purl.as_deref())
                        .push_bind(k.cpe.as_deref())
                        .push_bind(k.supplier.as_deref())
                        .push_bind(identity_key(&k.identity))
                        .push_bind(k.scope_excluded);
                });
                builder.build().execute(&mut *c).await?;
            });
        }
        let sql = format!(
            "UPDATE sbom_documents SET state = 'ready', error = NULL WHERE id = $1 RETURNING {DOC_RET}"
        );
        on!(&mut self.conn(), c => document_from(&sqlx::query(&sql).bind(id.get()).fetch_one(&mut *c).await?))
    }

    /// Marks a pending SBOM document [`SbomState::Failed`] with the reason.
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's document; [`Error::Conflict`] when it is
    /// not pending.
    pub async fn fail_sbom(
        &mut self,
        org: OrganizationId,
        id: SbomDocumentId,
        error: &str,
    ) -> Result<SbomDocument> {
        let doc = sbom_document_status(&mut self.conn(), org, id).await?;
        if doc.state != SbomState::Pending {
            return Err(Error::Conflict(format!(
                "SBOM document {id} is {}",
                doc.state
            )));
        }
        let sql = format!(
            "UPDATE sbom_documents SET state = 'failed', error = $1 WHERE id = $2 RETURNING {DOC_RET}"
        );
        on!(&mut self.conn(), c => document_from(&sqlx::query(&sql).bind(error).bind(id.get()).fetch_one(&mut *c).await?))
    }

    /// Stores an SBOM document with its components, ready at once ([`Tx::create_sbom`] then
    /// [`Tx::complete_sbom`] in this transaction).
    ///
    /// # Errors
    /// As those two.
    pub async fn store_sbom(
        &mut self,
        org: OrganizationId,
        version: ProductVersionId,
        new: &NewSbom,
        components: &[NewComponent],
    ) -> Result<SbomDocument> {
        let doc = self.create_sbom(org, version, new).await?;
        self.complete_sbom(org, doc.id, components).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_keys_round_trip_and_cannot_collide() {
        let purl = ComponentIdentity::Purl("pkg:npm/%40angular/core".into());
        let named = ComponentIdentity::Named {
            supplier: "acme".into(),
            group: String::new(),
            name: "pkg:npm/x".into(),
        };
        assert_eq!(identity_key(&purl), "pkg:npm/%40angular/core");
        assert_eq!(identity_key(&named), r#"named:["acme","","pkg:npm/x"]"#);
        for identity in [purl, named] {
            assert_eq!(
                parse_identity_key(&identity_key(&identity)).unwrap(),
                identity
            );
        }
        assert!(parse_identity_key("named:[1]").is_err());
        assert!(parse_identity_key("acme: fw").is_err());
    }

    #[test]
    fn sha256_is_lower_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
