//! Advisories (as the vulnerability database gave them) and findings: an advisory matching a
//! stored component.

use tplc_advisory::Advisory;
use tplc_model::{ProductId, ProductVersionId};

use crate::db::{Arg, Conn, RowExt, bind_all, found, id_type, on, reads, text_enum};
use crate::sbom::ComponentId;
use crate::{Error, OrganizationId, Result, Timestamp, Tx};

id_type!(
    /// The key of a stored advisory (not the advisory's own id, which is text).
    AdvisoryKey
);
id_type!(
    /// The key of a [`Finding`].
    FindingId
);

text_enum!(
    /// A severity rating, as `tplc scan` reports it.
    pub enum Severity {
        /// Critical.
        Critical = "critical",
        /// High.
        High = "high",
        /// Medium.
        Medium = "medium",
        /// Low.
        Low = "low",
        /// None (CVSS 0.0).
        None = "none",
        /// No rating known.
        Unknown = "unknown",
    }
);

/// A stored advisory.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAdvisory {
    /// The key.
    pub key: AdvisoryKey,
    /// The advisory's own id (`GHSA-…`, `CVE-…`).
    pub advisory_id: String,
    /// The source (`osv`, `nvd`, `jvn`, or `unknown`).
    pub source: String,
    /// The one-line summary.
    pub summary: Option<String>,
    /// The severity the engine rated it.
    pub severity: Option<Severity>,
    /// The advisory's last modification, RFC 3339.
    pub modified: Option<String>,
    /// The whole advisory.
    pub advisory: Advisory,
}

fn source_text(advisory: &Advisory) -> String {
    advisory
        .source
        .and_then(|source| serde_json::to_value(source).ok())
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

/// A finding to store or refresh.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFinding {
    /// The component it was found in.
    pub component: ComponentId,
    /// The advisory that matched.
    pub advisory: AdvisoryKey,
    /// The vulnerability: the primary advisory id the engine merged aliases under.
    pub vulnerability_key: String,
    /// The severity.
    pub severity: Severity,
    /// The CVSS vector the severity came from.
    pub cvss_vector: Option<String>,
    /// Its base score.
    pub cvss_score: Option<f64>,
    /// Listed in CISA KEV.
    pub kev: bool,
    /// The EPSS score.
    pub epss: Option<f64>,
    /// Versions that fix it.
    pub fixed_versions: Vec<String>,
    /// Why it matched (the engine's reasons, as JSON).
    pub reasons: serde_json::Value,
}

/// A stored finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The key.
    pub id: FindingId,
    /// The component.
    pub component: ComponentId,
    /// The advisory.
    pub advisory: AdvisoryKey,
    /// The vulnerability key.
    pub vulnerability_key: String,
    /// The severity.
    pub severity: Severity,
    /// The CVSS vector.
    pub cvss_vector: Option<String>,
    /// The CVSS base score.
    pub cvss_score: Option<f64>,
    /// Listed in CISA KEV.
    pub kev: bool,
    /// The EPSS score.
    pub epss: Option<f64>,
    /// Versions that fix it.
    pub fixed_versions: Vec<String>,
    /// Why it matched.
    pub reasons: serde_json::Value,
    /// When it was first found.
    pub first_seen: Timestamp,
    /// When a match last found it.
    pub last_seen: Timestamp,
}

/// Which findings of an organization to list (all `None`: every finding).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingFilter {
    /// Only this product.
    pub product: Option<ProductId>,
    /// Only this product version.
    pub product_version: Option<ProductVersionId>,
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only KEV-listed (`Some(true)`) or not listed (`Some(false)`).
    pub kev: Option<bool>,
    /// Include findings of `scope: excluded` components (default: not).
    pub include_excluded: bool,
}

const ADVISORY_COLS: &str = "id, advisory_id, source, summary, severity, modified, json";
pub(crate) const FINDING_COLS: &str = "f.id, f.component_id, f.advisory_id, f.vulnerability_key, f.severity, \
    f.cvss_vector, f.cvss_score, f.kev, f.epss, f.fixed_versions, f.reasons, f.first_seen, f.last_seen";
const FINDING_RET: &str = "id, component_id, advisory_id, vulnerability_key, severity, \
    cvss_vector, cvss_score, kev, epss, fixed_versions, reasons, first_seen, last_seen";
pub(crate) const FINDING_SCOPE: &str = "JOIN components k ON k.id = f.component_id \
    JOIN sbom_documents d ON d.id = k.sbom_document_id \
    JOIN product_versions v ON v.id = d.product_version_id JOIN products p ON p.id = v.product_id";

fn advisory_from(row: &impl RowExt) -> Result<StoredAdvisory> {
    Ok(StoredAdvisory {
        key: AdvisoryKey::new(row.col("id")?),
        advisory_id: row.col("advisory_id")?,
        source: row.col("source")?,
        summary: row.col("summary")?,
        severity: row.parsed_opt("severity")?,
        modified: row.col("modified")?,
        advisory: row.json("json")?,
    })
}

pub(crate) fn finding_from(row: &impl RowExt) -> Result<Finding> {
    Ok(Finding {
        id: FindingId::new(row.col("id")?),
        component: ComponentId::new(row.col("component_id")?),
        advisory: AdvisoryKey::new(row.col("advisory_id")?),
        vulnerability_key: row.col("vulnerability_key")?,
        severity: row.parsed("severity")?,
        cvss_vector: row.col("cvss_vector")?,
        cvss_score: row.col("cvss_score")?,
        kev: row.col("kev")?,
        epss: row.col("epss")?,
        fixed_versions: row.json("fixed_versions")?,
        reasons: row.json("reasons")?,
        first_seen: row.time("first_seen")?,
        last_seen: row.time("last_seen")?,
    })
}

async fn advisory(conn: &mut Conn<'_>, key: AdvisoryKey) -> Result<StoredAdvisory> {
    let sql = format!("SELECT {ADVISORY_COLS} FROM advisories WHERE id = $1");
    let a = on!(conn, c => sqlx::query(&sql).bind(key.get()).fetch_optional(&mut *c).await?
        .map(|row| advisory_from(&row)).transpose()?);
    found(a, "advisory")
}

async fn advisory_by_id(conn: &mut Conn<'_>, advisory_id: &str) -> Result<Vec<StoredAdvisory>> {
    let sql =
        format!("SELECT {ADVISORY_COLS} FROM advisories WHERE advisory_id = $1 ORDER BY source");
    on!(conn, c => sqlx::query(&sql).bind(advisory_id).fetch_all(&mut *c).await?
        .iter().map(advisory_from).collect())
}

pub(crate) async fn finding(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: FindingId,
) -> Result<Finding> {
    let sql = format!(
        "SELECT {FINDING_COLS} FROM findings f {FINDING_SCOPE} \
         WHERE f.id = $1 AND p.organization_id = $2 AND d.state = 'ready'"
    );
    let f = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(org.get())
        .fetch_optional(&mut *c).await?.map(|row| finding_from(&row)).transpose()?);
    found(f, "finding")
}

async fn findings(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    filter: &FindingFilter,
) -> Result<Vec<Finding>> {
    let mut sql = format!(
        "SELECT {FINDING_COLS} FROM findings f {FINDING_SCOPE} WHERE p.organization_id = $1 AND d.state = 'ready'"
    );
    let mut args = vec![Arg::I64(org.get())];
    let mut push = |sql: &mut String, condition: &str, arg: Arg| {
        args.push(arg);
        sql.push_str(&format!(" AND {condition} ${}", args.len()));
    };
    if let Some(product) = filter.product {
        push(&mut sql, "p.id =", Arg::I64(product.get()));
    }
    if let Some(version) = filter.product_version {
        push(&mut sql, "v.id =", Arg::I64(version.get()));
    }
    if let Some(severity) = filter.severity {
        push(
            &mut sql,
            "f.severity =",
            Arg::Text(severity.as_str().into()),
        );
    }
    if let Some(kev) = filter.kev {
        push(&mut sql, "f.kev =", Arg::Bool(kev));
    }
    if !filter.include_excluded {
        sql.push_str(" AND k.scope_excluded = false");
    }
    sql.push_str(" ORDER BY f.id");
    on!(conn, c => bind_all(sqlx::query(&sql), &args).fetch_all(&mut *c).await?
        .iter().map(finding_from).collect())
}

reads! {
    /// A stored advisory (advisories are public data, not scoped to an organization).
    fn advisory(key: AdvisoryKey) -> StoredAdvisory = advisory;
    /// The stored advisories with this id, one per source.
    fn advisories_by_id(advisory_id: &str) -> Vec<StoredAdvisory> = advisory_by_id;
    /// A finding of `org` (on a ready SBOM).
    fn finding(org: OrganizationId, id: FindingId) -> Finding = finding;
    /// The findings of `org` that pass the filter, in key order.
    fn findings(org: OrganizationId, filter: &FindingFilter) -> Vec<Finding> = findings;
}

impl Tx {
    /// Stores an advisory, or replaces the stored one with the same id and source.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an advisory without an id.
    pub async fn upsert_advisory(
        &mut self,
        advisory: &Advisory,
        severity: Option<Severity>,
    ) -> Result<AdvisoryKey> {
        if advisory.id.trim().is_empty() {
            return Err(Error::Invalid("advisory without an id".into()));
        }
        let json = serde_json::to_string(advisory)
            .map_err(|error| Error::Invalid(format!("advisory {}: {error}", advisory.id)))?;
        let sql = "INSERT INTO advisories (advisory_id, source, summary, severity, modified, json) \
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (advisory_id, source) DO UPDATE SET \
            summary = excluded.summary, severity = excluded.severity, modified = excluded.modified, \
            json = excluded.json RETURNING id";
        let source = source_text(advisory);
        let id: i64 = on!(&mut self.conn(), c => sqlx::query(sql).bind(&advisory.id).bind(&source)
            .bind(&advisory.summary).bind(severity.map(Severity::as_str)).bind(&advisory.modified)
            .bind(&json).fetch_one(&mut *c).await?.col("id")?);
        Ok(AdvisoryKey::new(id))
    }

    /// Stores a finding of a component of `org`, or refreshes the stored one for the same
    /// component and advisory (its `first_seen` is kept, `last_seen` becomes `seen_at`).
    ///
    /// # Errors
    /// [`Error::NotFound`] for another organization's component or an unknown advisory.
    pub async fn upsert_finding(
        &mut self,
        org: OrganizationId,
        new: &NewFinding,
        seen_at: Timestamp,
    ) -> Result<Finding> {
        let sql = "SELECT k.id FROM components k JOIN sbom_documents d ON d.id = k.sbom_document_id \
            JOIN product_versions v ON v.id = d.product_version_id JOIN products p ON p.id = v.product_id \
            WHERE k.id = $1 AND p.organization_id = $2";
        let owned = on!(&mut self.conn(), c => sqlx::query(sql).bind(new.component.get())
            .bind(org.get()).fetch_optional(&mut *c).await?.is_some());
        found(owned.then_some(()), "component")?;
        let sql = format!(
            "INSERT INTO findings (component_id, advisory_id, vulnerability_key, severity, cvss_vector, \
             cvss_score, kev, epss, fixed_versions, reasons, first_seen, last_seen) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
             ON CONFLICT (component_id, advisory_id) DO UPDATE SET \
             vulnerability_key = excluded.vulnerability_key, severity = excluded.severity, \
             cvss_vector = excluded.cvss_vector, cvss_score = excluded.cvss_score, kev = excluded.kev, \
             epss = excluded.epss, fixed_versions = excluded.fixed_versions, reasons = excluded.reasons, \
             last_seen = excluded.last_seen RETURNING {FINDING_RET}"
        );
        let fixed = serde_json::to_string(&new.fixed_versions)?;
        let reasons = serde_json::to_string(&new.reasons)?;
        let at = seen_at.to_text();
        on!(&mut self.conn(), c => finding_from(&sqlx::query(&sql).bind(new.component.get())
            .bind(new.advisory.get()).bind(&new.vulnerability_key).bind(new.severity.as_str())
            .bind(&new.cvss_vector).bind(new.cvss_score).bind(new.kev).bind(new.epss)
            .bind(&fixed).bind(&reasons).bind(&at).fetch_one(&mut *c).await?))
    }
}
