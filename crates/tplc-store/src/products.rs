//! Products (device models) and their versions.

use tplc_model::{ProductId, ProductVersionId};

use crate::db::{Conn, RowExt, found, on, reads, text_enum};
use crate::time::check_date;
use crate::{Error, OrganizationId, Result, Timestamp, Tx};

text_enum!(
    /// Where a product version is in its life cycle (R10: EOL, a limited-support period, EOS).
    pub enum LifecyclePhase {
        /// Not yet released.
        Development = "development",
        /// Released and fully supported.
        Support = "support",
        /// After end of life (EOL): only limited support until end of support.
        LimitedSupport = "limited_support",
        /// After end of support (EOS): the healthcare provider carries the risk of continued use.
        EndOfSupport = "end_of_support",
    }
);

/// The fields of a product as created or changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewProduct {
    /// The product's name, unique in its organization.
    pub name: String,
    /// 一般的名称: the Japanese generic name of the device.
    pub generic_name: Option<String>,
    /// The device class (クラス分類, `II`).
    pub device_class: Option<String>,
    /// The approval or certification number (承認番号 / 認証番号).
    pub approval_number: Option<String>,
    /// The security contact point (R8): an address or URL.
    pub security_contact: Option<String>,
}

/// A medical-device model of an organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// The key.
    pub id: ProductId,
    /// The organization it belongs to.
    pub organization: OrganizationId,
    /// The product's name, unique in its organization.
    pub name: String,
    /// 一般的名称.
    pub generic_name: Option<String>,
    /// The device class.
    pub device_class: Option<String>,
    /// 承認番号 / 認証番号.
    pub approval_number: Option<String>,
    /// The security contact point.
    pub security_contact: Option<String>,
    /// When it was created.
    pub created_at: Timestamp,
}

/// The fields of a product version as created or changed. Dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProductVersion {
    /// The version label (`2.1`), unique in its product.
    pub version: String,
    /// The release date.
    pub release_date: Option<String>,
    /// The end-of-life date; must be before the end-of-support date (R10).
    pub eol_date: Option<String>,
    /// The end-of-support date.
    pub eos_date: Option<String>,
    /// The life-cycle phase.
    pub lifecycle_phase: LifecyclePhase,
    /// The plan for the limited-support period between EOL and EOS, as shown to healthcare
    /// providers in advance (QA2 Q10); empty when not written yet.
    pub limited_support_plan: String,
    /// A legacy device: one that cannot reasonably be protected against current threats,
    /// whatever its age (IMDRF N70).
    pub legacy: bool,
    /// Why the version is legacy; required when [`legacy`](Self::legacy) is set.
    pub legacy_reason: String,
}

impl NewProductVersion {
    /// A version in development, without dates, plan or legacy flag.
    #[must_use]
    pub fn new(version: impl Into<String>) -> Self {
        Self {
            version: version.into(),
            release_date: None,
            eol_date: None,
            eos_date: None,
            lifecycle_phase: LifecyclePhase::Development,
            limited_support_plan: String::new(),
            legacy: false,
            legacy_reason: String::new(),
        }
    }

    fn check(&self) -> Result<()> {
        if self.version.trim().is_empty() {
            return Err(Error::Invalid("version: empty".into()));
        }
        check_date("release_date", self.release_date.as_deref())?;
        check_date("eol_date", self.eol_date.as_deref())?;
        check_date("eos_date", self.eos_date.as_deref())?;
        if let (Some(eol), Some(eos)) = (&self.eol_date, &self.eos_date)
            && eol >= eos
        {
            return Err(Error::Invalid(eos_not_after_eol(eol, eos)));
        }
        if self.legacy && self.legacy_reason.trim().is_empty() {
            return Err(Error::Invalid(
                "legacy_reason: required when the version is marked legacy \
                 (why it cannot reasonably be protected against current threats)"
                    .into(),
            ));
        }
        Ok(())
    }
}

/// The message for an EOS on or before the EOL (R10): the same rule and wording as the
/// compliance crate's lifecycle check.
fn eos_not_after_eol(eol: &str, eos: &str) -> String {
    format!(
        "eos_date: EOS {eos} is not after EOL {eol}: a limited-support period between EOL and EOS \
         is required (QA2 Q10, 2024-01-31)"
    )
}

/// One released (or planned) version of a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductVersion {
    /// The key.
    pub id: ProductVersionId,
    /// The product.
    pub product: ProductId,
    /// The version label.
    pub version: String,
    /// The release date, `YYYY-MM-DD`.
    pub release_date: Option<String>,
    /// The end-of-life date.
    pub eol_date: Option<String>,
    /// The end-of-support date.
    pub eos_date: Option<String>,
    /// The life-cycle phase.
    pub lifecycle_phase: LifecyclePhase,
    /// The plan for the limited-support period (QA2 Q10); empty when not written yet.
    pub limited_support_plan: String,
    /// A legacy device.
    pub legacy: bool,
    /// Why it is legacy (non-empty when [`legacy`](Self::legacy) is set).
    pub legacy_reason: String,
    /// When it was created.
    pub created_at: Timestamp,
}

pub(crate) const PRODUCT_COLS: &str = "id, organization_id, name, generic_name, device_class, \
    approval_number, security_contact, created_at";
const VERSION_RET: &str = "id, product_id, version, release_date, eol_date, eos_date, \
    lifecycle_phase, limited_support_plan, legacy, legacy_reason, created_at";
pub(crate) const VERSION_COLS: &str = "v.id, v.product_id, v.version, v.release_date, \
    v.eol_date, v.eos_date, v.lifecycle_phase, v.limited_support_plan, v.legacy, v.legacy_reason, \
    v.created_at";

pub(crate) fn product_from(row: &impl RowExt) -> Result<Product> {
    Ok(Product {
        id: ProductId::new(row.col("id")?),
        organization: OrganizationId::new(row.col("organization_id")?),
        name: row.col("name")?,
        generic_name: row.col("generic_name")?,
        device_class: row.col("device_class")?,
        approval_number: row.col("approval_number")?,
        security_contact: row.col("security_contact")?,
        created_at: row.time("created_at")?,
    })
}

pub(crate) fn version_from(row: &impl RowExt) -> Result<ProductVersion> {
    Ok(ProductVersion {
        id: ProductVersionId::new(row.col("id")?),
        product: ProductId::new(row.col("product_id")?),
        version: row.col("version")?,
        release_date: row.col("release_date")?,
        eol_date: row.col("eol_date")?,
        eos_date: row.col("eos_date")?,
        lifecycle_phase: row.parsed("lifecycle_phase")?,
        limited_support_plan: row.col("limited_support_plan")?,
        legacy: row.col("legacy")?,
        legacy_reason: row.col("legacy_reason")?,
        created_at: row.time("created_at")?,
    })
}

pub(crate) async fn product(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: ProductId,
) -> Result<Product> {
    let sql = format!("SELECT {PRODUCT_COLS} FROM products WHERE id = $1 AND organization_id = $2");
    let p = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(org.get())
        .fetch_optional(&mut *c).await?.map(|row| product_from(&row)).transpose()?);
    found(p, "product")
}

async fn products(conn: &mut Conn<'_>, org: OrganizationId) -> Result<Vec<Product>> {
    let sql =
        format!("SELECT {PRODUCT_COLS} FROM products WHERE organization_id = $1 ORDER BY name, id");
    on!(conn, c => sqlx::query(&sql).bind(org.get()).fetch_all(&mut *c).await?
        .iter().map(product_from).collect())
}

pub(crate) async fn product_version(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: ProductVersionId,
) -> Result<ProductVersion> {
    let sql = format!(
        "SELECT {VERSION_COLS} FROM product_versions v JOIN products p ON p.id = v.product_id \
         WHERE v.id = $1 AND p.organization_id = $2"
    );
    let v = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(org.get())
        .fetch_optional(&mut *c).await?.map(|row| version_from(&row)).transpose()?);
    found(v, "product version")
}

async fn product_versions(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    product_id: ProductId,
) -> Result<Vec<ProductVersion>> {
    product(conn, org, product_id).await?;
    let sql = format!(
        "SELECT {VERSION_COLS} FROM product_versions v WHERE v.product_id = $1 ORDER BY v.id"
    );
    on!(conn, c => sqlx::query(&sql).bind(product_id.get()).fetch_all(&mut *c).await?
        .iter().map(version_from).collect())
}

reads! {
    /// A product of `org`.
    fn product(org: OrganizationId, id: ProductId) -> Product = product;
    /// The products of `org`, by name.
    fn products(org: OrganizationId) -> Vec<Product> = products;
    /// A product version of `org`.
    fn product_version(org: OrganizationId, id: ProductVersionId) -> ProductVersion = product_version;
    /// The versions of a product of `org`, in creation order.
    fn product_versions(org: OrganizationId, product: ProductId) -> Vec<ProductVersion> = product_versions;
}

impl Tx {
    /// Creates a product in `org`.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the organization already has a product of that name;
    /// [`Error::NotFound`] when the organization does not exist.
    pub async fn create_product(
        &mut self,
        org: OrganizationId,
        new: &NewProduct,
    ) -> Result<Product> {
        if new.name.trim().is_empty() {
            return Err(Error::Invalid("name: empty".into()));
        }
        let sql = format!(
            "INSERT INTO products (organization_id, name, generic_name, device_class, \
             approval_number, security_contact, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             RETURNING {PRODUCT_COLS}"
        );
        let now = Timestamp::now().to_text();
        on!(&mut self.conn(), c => product_from(&sqlx::query(&sql).bind(org.get())
            .bind(&new.name).bind(&new.generic_name).bind(&new.device_class)
            .bind(&new.approval_number).bind(&new.security_contact).bind(&now)
            .fetch_one(&mut *c).await?))
    }

    /// Changes a product of `org`.
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's product; [`Error::Conflict`] for a
    /// name taken.
    pub async fn update_product(
        &mut self,
        org: OrganizationId,
        id: ProductId,
        new: &NewProduct,
    ) -> Result<Product> {
        let sql = format!(
            "UPDATE products SET name = $1, generic_name = $2, device_class = $3, \
             approval_number = $4, security_contact = $5 WHERE id = $6 AND organization_id = $7 \
             RETURNING {PRODUCT_COLS}"
        );
        let p = on!(&mut self.conn(), c => sqlx::query(&sql).bind(&new.name)
            .bind(&new.generic_name).bind(&new.device_class).bind(&new.approval_number)
            .bind(&new.security_contact).bind(id.get()).bind(org.get())
            .fetch_optional(&mut *c).await?.map(|row| product_from(&row)).transpose()?);
        found(p, "product")
    }

    /// Creates a version of a product of `org`.
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's product; [`Error::Conflict`] when the
    /// version exists; [`Error::Invalid`] for malformed dates or EOL not before EOS.
    pub async fn create_product_version(
        &mut self,
        org: OrganizationId,
        product_id: ProductId,
        new: &NewProductVersion,
    ) -> Result<ProductVersion> {
        new.check()?;
        product(&mut self.conn(), org, product_id).await?;
        let sql = format!(
            "INSERT INTO product_versions (product_id, version, release_date, eol_date, \
             eos_date, lifecycle_phase, limited_support_plan, legacy, legacy_reason, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {VERSION_RET}"
        );
        let now = Timestamp::now().to_text();
        on!(&mut self.conn(), c => version_from(&sqlx::query(&sql).bind(product_id.get())
            .bind(&new.version).bind(&new.release_date).bind(&new.eol_date).bind(&new.eos_date)
            .bind(new.lifecycle_phase.as_str()).bind(&new.limited_support_plan).bind(new.legacy)
            .bind(&new.legacy_reason).bind(&now).fetch_one(&mut *c).await?))
    }

    /// Changes a product version of `org`.
    ///
    /// # Errors
    /// As [`Tx::create_product_version`].
    pub async fn update_product_version(
        &mut self,
        org: OrganizationId,
        id: ProductVersionId,
        new: &NewProductVersion,
    ) -> Result<ProductVersion> {
        new.check()?;
        product_version(&mut self.conn(), org, id).await?;
        let sql = format!(
            "UPDATE product_versions SET version = $1, release_date = $2, eol_date = $3, \
             eos_date = $4, lifecycle_phase = $5, limited_support_plan = $6, legacy = $7, \
             legacy_reason = $8 WHERE id = $9 RETURNING {VERSION_RET}"
        );
        on!(&mut self.conn(), c => version_from(&sqlx::query(&sql).bind(&new.version)
            .bind(&new.release_date).bind(&new.eol_date).bind(&new.eos_date)
            .bind(new.lifecycle_phase.as_str()).bind(&new.limited_support_plan).bind(new.legacy)
            .bind(&new.legacy_reason).bind(id.get()).fetch_one(&mut *c).await?))
    }
}
