//! Lifecycle records (R10, QA2 Q10): when and to whom the limited-support plan of a version was
//! shown, and the overview of every version's lifecycle for dashboards and `tplc lifecycle check`.
//!
//! The lifecycle fields themselves (phase, EOL, EOS, limited-support plan, legacy flag and
//! reason) are columns of the version: see [`NewProductVersion`](crate::NewProductVersion).
//!
//! As everywhere in the store, the caller appends the audit event of a change in the same
//! transaction: for [`Tx::add_disclosure`], `object_type` `"lifecycle_disclosure"`, the returned
//! record's id, and [`Disclosure::audit_summary`] as `after`.

use serde_json::{Value, json};
use tplc_model::ProductVersionId;

use crate::compliance::check_actor;
use crate::db::{Conn, RowExt, id_type, on, reads};
use crate::products::{PRODUCT_COLS, VERSION_COLS, product_from, product_version, version_from};
use crate::time::check_date;
use crate::{Error, OrganizationId, Product, ProductVersion, Result, Timestamp, Tx};

id_type!(
    /// The key of a [`Disclosure`].
    DisclosureId
);

/// The longest text field of a disclosure accepted.
const MAX_FIELD: usize = 2_000;

/// A record that the limited-support plan of a version was shown to a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDisclosure {
    /// The customer (a hospital) as named by the manufacturer.
    pub customer: String,
    /// The customer's organization in `tplc`, when it has one.
    pub customer_organization: Option<OrganizationId>,
    /// When the plan was shown, `YYYY-MM-DD`.
    pub shown_at: String,
    /// How (a letter, a portal, a meeting); empty when not given.
    pub method: String,
    /// Free text.
    pub note: String,
    /// Who records it, as the audit log names actors.
    pub recorded_by: String,
}

impl NewDisclosure {
    fn check(&self) -> Result<()> {
        if self.customer.trim().is_empty() {
            return Err(Error::Invalid("customer: empty".into()));
        }
        if self.shown_at.trim().is_empty() {
            return Err(Error::Invalid("shown_at: empty".into()));
        }
        check_date("shown_at", Some(&self.shown_at))?;
        for (field, text) in [
            ("customer", &self.customer),
            ("method", &self.method),
            ("note", &self.note),
        ] {
            let n = text.chars().count();
            if n > MAX_FIELD {
                return Err(Error::Invalid(format!(
                    "{field}: {n} characters, at most {MAX_FIELD}"
                )));
            }
        }
        check_actor(&self.recorded_by)
    }
}

/// A stored disclosure record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    /// The key.
    pub id: DisclosureId,
    /// The version whose plan was shown.
    pub product_version: ProductVersionId,
    /// The customer.
    pub customer: String,
    /// The customer's organization in `tplc` (none when it has none, or it was deleted).
    pub customer_organization: Option<OrganizationId>,
    /// When the plan was shown, `YYYY-MM-DD`.
    pub shown_at: String,
    /// How.
    pub method: String,
    /// Free text.
    pub note: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// When it was recorded.
    pub recorded_at: Timestamp,
}

impl Disclosure {
    /// The summary of the record for an audit event.
    #[must_use]
    pub fn audit_summary(&self) -> Value {
        json!({
            "id": self.id.get(),
            "product_version": self.product_version.get(),
            "customer": self.customer,
            "customer_organization": self.customer_organization.map(OrganizationId::get),
            "shown_at": self.shown_at,
            "method": self.method,
            "note": self.note,
        })
    }
}

const DISCLOSURE_RET: &str = "id, product_version_id, customer, customer_organization_id, \
    shown_at, method, note, recorded_by, recorded_at";

fn disclosure_from(row: &impl RowExt) -> Result<Disclosure> {
    Ok(Disclosure {
        id: DisclosureId::new(row.col("id")?),
        product_version: ProductVersionId::new(row.col("product_version_id")?),
        customer: row.col("customer")?,
        customer_organization: row
            .col::<Option<i64>>("customer_organization_id")?
            .map(OrganizationId::new),
        shown_at: row.col("shown_at")?,
        method: row.col("method")?,
        note: row.col("note")?,
        recorded_by: row.col("recorded_by")?,
        recorded_at: row.time("recorded_at")?,
    })
}

async fn disclosures(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    version: ProductVersionId,
) -> Result<Vec<Disclosure>> {
    product_version(conn, org, version).await?;
    let sql = format!(
        "SELECT {DISCLOSURE_RET} FROM lifecycle_disclosures WHERE product_version_id = $1 \
         ORDER BY shown_at, id"
    );
    on!(conn, c => sqlx::query(&sql).bind(version.get()).fetch_all(&mut *c).await?
        .iter().map(disclosure_from).collect())
}

async fn lifecycle_overview(
    conn: &mut Conn<'_>,
    org: OrganizationId,
) -> Result<Vec<(Product, ProductVersion, i64)>> {
    let products_sql = format!("SELECT {PRODUCT_COLS} FROM products WHERE organization_id = $1");
    let products: Vec<Product> = on!(&mut *conn, c => sqlx::query(&products_sql)
        .bind(org.get()).fetch_all(&mut *c).await?.iter().map(product_from)
        .collect::<Result<_>>()?);
    let sql = format!(
        "SELECT {VERSION_COLS}, (SELECT COUNT(*) FROM lifecycle_disclosures d \
         WHERE d.product_version_id = v.id) AS disclosure_count \
         FROM product_versions v JOIN products p ON p.id = v.product_id \
         WHERE p.organization_id = $1 ORDER BY p.name, p.id, v.id"
    );
    let versions: Vec<(ProductVersion, i64)> = on!(conn, c => sqlx::query(&sql)
        .bind(org.get()).fetch_all(&mut *c).await?.iter()
        .map(|row| Ok::<_, Error>((version_from(row)?, row.col::<i64>("disclosure_count")?)))
        .collect::<Result<_>>()?);
    versions
        .into_iter()
        .map(|(version, count)| {
            let product = products
                .iter()
                .find(|p| p.id == version.product)
                .cloned()
                .ok_or_else(|| Error::Corrupt(format!("version {} without product", version.id)))?;
            Ok((product, version, count))
        })
        .collect()
}

reads! {
    /// The disclosure records of a version of `org`, by date shown.
    fn disclosures(org: OrganizationId, version: ProductVersionId) -> Vec<Disclosure> = disclosures;
    /// Every version of every product of `org` with its lifecycle fields and the number of
    /// disclosure records, by product name and then version creation order.
    fn lifecycle_overview(org: OrganizationId) -> Vec<(Product, ProductVersion, i64)> = lifecycle_overview;
}

impl Tx {
    /// Records that the limited-support plan of a version of `org` was shown to a customer.
    /// The caller appends the audit event (see the [module docs](self)).
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's version or a customer organization that
    /// does not exist; [`Error::Invalid`] for a blank customer or actor, a malformed date or an
    /// over-long field.
    pub async fn add_disclosure(
        &mut self,
        org: OrganizationId,
        version: ProductVersionId,
        new: &NewDisclosure,
    ) -> Result<Disclosure> {
        new.check()?;
        let conn = &mut self.conn();
        product_version(conn, org, version).await?;
        let sql = format!(
            "INSERT INTO lifecycle_disclosures (product_version_id, customer, \
             customer_organization_id, shown_at, method, note, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {DISCLOSURE_RET}"
        );
        let now = Timestamp::now().to_text();
        on!(conn, c => disclosure_from(&sqlx::query(&sql).bind(version.get())
            .bind(&new.customer).bind(new.customer_organization.map(OrganizationId::get))
            .bind(&new.shown_at).bind(&new.method).bind(&new.note).bind(&new.recorded_by)
            .bind(&now).fetch_one(&mut *c).await?))
    }
}
