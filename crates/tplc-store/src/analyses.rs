//! Analyses (triage decisions, VEX) with full history, and their carry-forward to later
//! versions of a product.
//!
//! An analysis is keyed by **(organization, product, vulnerability, component identity)** and
//! recorded on one product version; rows are never changed or deleted, the newest row of a
//! version is its current analysis. [`Store::current_analysis`](crate::Store::current_analysis)
//! of a finding returns, in this order:
//!
//! 1. the newest analysis recorded on the finding's own version for the key (`inherited: false`);
//! 2. otherwise the newest analysis of the nearest *earlier* version of the same product with
//!    the same key whose **affected status is unchanged** (`inherited: true`, naming that
//!    version);
//! 3. otherwise none.
//!
//! *Earlier* orders versions by release date, a version without one after every dated version
//! (it is still in development), and by creation order among equal dates.
//!
//! *Affected status unchanged* means: the earlier version still has, in a ready SBOM, a finding
//! of a component with the same identity that matched **the same advisory record** as the
//! finding asked about. So a decision carries forward while the same advisory matches the same
//! component identity; it does not when the component identity differs (another package, or
//! the same name from another supplier), when the vulnerability reaches the component through
//! another advisory record, or when a rematch removed the finding from the earlier version
//! (the advisory no longer says that version is affected). Recording an analysis on the later
//! version ends the inheritance for that version.

use tplc_model::{ComponentIdentity, ProductId, ProductVersionId};

use crate::db::{Conn, RowExt, found, id_type, on, reads, text_enum};
use crate::findings::{FINDING_SCOPE, FindingId};
use crate::sbom::parse_identity_key;
use crate::{OrganizationId, Result, Timestamp, Tx};

id_type!(
    /// The key of an [`Analysis`] row.
    AnalysisId
);

text_enum!(
    /// The analysis state (CycloneDX `analysis.state`).
    pub enum AnalysisState {
        /// Being investigated.
        InTriage = "in_triage",
        /// Exploitable.
        Exploitable = "exploitable",
        /// Fixed.
        Resolved = "resolved",
        /// Fixed, with the pedigree of the fix.
        ResolvedWithPedigree = "resolved_with_pedigree",
        /// Not a real finding.
        FalsePositive = "false_positive",
        /// The product is not affected.
        NotAffected = "not_affected",
    }
);

text_enum!(
    /// Why the product is not affected (CycloneDX `analysis.justification`).
    pub enum Justification {
        /// The vulnerable code is not present.
        CodeNotPresent = "code_not_present",
        /// The vulnerable code is not reachable.
        CodeNotReachable = "code_not_reachable",
        /// Exploitation requires a configuration the product does not have.
        RequiresConfiguration = "requires_configuration",
        /// Exploitation requires a dependency the product does not have.
        RequiresDependency = "requires_dependency",
        /// Exploitation requires an environment the product does not run in.
        RequiresEnvironment = "requires_environment",
        /// The compiler protects against it.
        ProtectedByCompiler = "protected_by_compiler",
        /// A run-time protection prevents it.
        ProtectedAtRuntime = "protected_at_runtime",
        /// The perimeter protects against it.
        ProtectedAtPerimeter = "protected_at_perimeter",
        /// A mitigating control protects against it.
        ProtectedByMitigatingControl = "protected_by_mitigating_control",
    }
);

text_enum!(
    /// A response to the vulnerability (CycloneDX `analysis.response`).
    pub enum Response {
        /// Cannot be fixed.
        CanNotFix = "can_not_fix",
        /// Will not be fixed.
        WillNotFix = "will_not_fix",
        /// Update to a fixed version.
        Update = "update",
        /// Roll back to an unaffected version.
        Rollback = "rollback",
        /// A workaround is available.
        WorkaroundAvailable = "workaround_available",
    }
);

/// An analysis to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnalysis {
    /// The state.
    pub state: AnalysisState,
    /// Why not affected.
    pub justification: Option<Justification>,
    /// The responses.
    pub response: Vec<Response>,
    /// Free text.
    pub detail: Option<String>,
    /// A CVSS vector with environmental metrics for this product.
    pub cvss_environmental: Option<String>,
    /// Who decided (a username or token name, as the audit log names actors).
    pub author: String,
}

/// One recorded analysis row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The key.
    pub id: AnalysisId,
    /// The organization.
    pub organization: OrganizationId,
    /// The product.
    pub product: ProductId,
    /// The version it was recorded on.
    pub product_version: ProductVersionId,
    /// The finding it was recorded on (none once that finding was removed).
    pub finding: Option<FindingId>,
    /// The vulnerability (the findings' vulnerability key).
    pub vulnerability_id: String,
    /// The component identity.
    pub component_identity: ComponentIdentity,
    /// The state.
    pub state: AnalysisState,
    /// Why not affected.
    pub justification: Option<Justification>,
    /// The responses.
    pub response: Vec<Response>,
    /// Free text.
    pub detail: Option<String>,
    /// The environmental CVSS vector.
    pub cvss_environmental: Option<String>,
    /// Who decided.
    pub author: String,
    /// When.
    pub created_at: Timestamp,
}

/// The analysis that applies to a finding now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentAnalysis {
    /// The analysis row.
    pub analysis: Analysis,
    /// Whether it was recorded on an earlier version and carried forward.
    pub inherited: bool,
    /// The version it was recorded on (the finding's own when not inherited).
    pub from_version: ProductVersionId,
    /// That version's label.
    pub from_version_label: String,
}

const ANALYSIS_COLS: &str = "a.id, a.organization_id, a.product_id, a.product_version_id, \
    a.finding_id, a.vulnerability_id, a.component_identity, a.state, a.justification, a.response, \
    a.detail, a.cvss_environmental, a.author, a.created_at";
const ANALYSIS_RET: &str = "id, organization_id, product_id, product_version_id, finding_id, \
    vulnerability_id, component_identity, state, justification, response, detail, \
    cvss_environmental, author, created_at";

fn analysis_from(row: &impl RowExt) -> Result<Analysis> {
    let response: Vec<String> = row.json("response")?;
    Ok(Analysis {
        id: AnalysisId::new(row.col("id")?),
        organization: OrganizationId::new(row.col("organization_id")?),
        product: ProductId::new(row.col("product_id")?),
        product_version: ProductVersionId::new(row.col("product_version_id")?),
        finding: row.col::<Option<i64>>("finding_id")?.map(FindingId::new),
        vulnerability_id: row.col("vulnerability_id")?,
        component_identity: parse_identity_key(&row.col::<String>("component_identity")?)?,
        state: row.parsed("state")?,
        justification: row.parsed_opt("justification")?,
        response: response
            .iter()
            .map(|text| text.parse())
            .collect::<Result<_>>()?,
        detail: row.col("detail")?,
        cvss_environmental: row.col("cvss_environmental")?,
        author: row.col("author")?,
        created_at: row.time("created_at")?,
    })
}

/// What an analysis of a finding is keyed and placed by.
struct FindingContext {
    finding: FindingId,
    advisory: i64,
    vulnerability: String,
    identity: String,
    product: i64,
    version: i64,
    version_label: String,
    release_date: Option<String>,
}

/// The order of versions for carry-forward: dated before undated, then by date, then creation.
fn version_order(release_date: Option<&str>, id: i64) -> (bool, Option<String>, i64) {
    (release_date.is_none(), release_date.map(str::to_owned), id)
}

async fn context(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: FindingId,
) -> Result<FindingContext> {
    let sql = format!(
        "SELECT f.id, f.advisory_id, f.vulnerability_key, k.identity, p.id AS product_id, \
         v.id AS version_id, v.version, v.release_date FROM findings f {FINDING_SCOPE} \
         WHERE f.id = $1 AND p.organization_id = $2 AND d.state = 'ready'"
    );
    let ctx = on!(conn, c => sqlx::query(&sql).bind(id.get()).bind(org.get())
        .fetch_optional(&mut *c).await?.map(|row| Ok::<_, crate::Error>(FindingContext {
            finding: FindingId::new(row.col("id")?),
            advisory: row.col("advisory_id")?,
            vulnerability: row.col("vulnerability_key")?,
            identity: row.col("identity")?,
            product: row.col("product_id")?,
            version: row.col("version_id")?,
            version_label: row.col("version")?,
            release_date: row.col("release_date")?,
        })).transpose()?);
    found(ctx, "finding")
}

async fn current_analysis(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: FindingId,
) -> Result<Option<CurrentAnalysis>> {
    let ctx = context(conn, org, id).await?;
    let own = format!(
        "SELECT {ANALYSIS_COLS} FROM analyses a WHERE a.organization_id = $1 AND a.product_id = $2 \
         AND a.vulnerability_id = $3 AND a.component_identity = $4 AND a.product_version_id = $5 \
         ORDER BY a.id DESC LIMIT 1"
    );
    let mine = on!(conn, c => sqlx::query(&own).bind(org.get()).bind(ctx.product)
        .bind(&ctx.vulnerability).bind(&ctx.identity).bind(ctx.version)
        .fetch_optional(&mut *c).await?.map(|row| analysis_from(&row)).transpose()?);
    if let Some(analysis) = mine {
        return Ok(Some(CurrentAnalysis {
            analysis,
            inherited: false,
            from_version: ProductVersionId::new(ctx.version),
            from_version_label: ctx.version_label,
        }));
    }
    let earlier = format!(
        "SELECT {ANALYSIS_COLS}, v.version AS from_version, v.release_date AS from_release \
         FROM analyses a JOIN product_versions v ON v.id = a.product_version_id \
         WHERE a.organization_id = $1 AND a.product_id = $2 AND a.vulnerability_id = $3 \
         AND a.component_identity = $4 AND a.product_version_id <> $5 \
         AND EXISTS (SELECT 1 FROM findings f2 JOIN components k2 ON k2.id = f2.component_id \
             JOIN sbom_documents d2 ON d2.id = k2.sbom_document_id \
             WHERE d2.product_version_id = a.product_version_id AND d2.state = 'ready' \
             AND k2.identity = $4 AND f2.advisory_id = $6) \
         ORDER BY a.id DESC"
    );
    let rows = on!(conn, c => sqlx::query(&earlier).bind(org.get()).bind(ctx.product)
        .bind(&ctx.vulnerability).bind(&ctx.identity).bind(ctx.version).bind(ctx.advisory)
        .fetch_all(&mut *c).await?.iter().map(|row| Ok::<_, crate::Error>((
            analysis_from(row)?, row.col::<String>("from_version")?,
            row.col::<Option<String>>("from_release")?))).collect::<Result<Vec<_>>>()?);
    let me = version_order(ctx.release_date.as_deref(), ctx.version);
    let best = rows
        .into_iter()
        .filter(|(a, _, release)| version_order(release.as_deref(), a.product_version.get()) < me)
        // Rows come newest first; `max_by_key` keeps the last maximum, so reverse to keep the
        // newest row of the nearest version.
        .rev()
        .max_by_key(|(a, _, release)| version_order(release.as_deref(), a.product_version.get()));
    Ok(best.map(|(analysis, label, _)| CurrentAnalysis {
        from_version: analysis.product_version,
        analysis,
        inherited: true,
        from_version_label: label,
    }))
}

async fn analysis_history(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    id: FindingId,
) -> Result<Vec<Analysis>> {
    let ctx = context(conn, org, id).await?;
    let sql = format!(
        "SELECT {ANALYSIS_COLS} FROM analyses a WHERE a.organization_id = $1 AND a.product_id = $2 \
         AND a.vulnerability_id = $3 AND a.component_identity = $4 ORDER BY a.id DESC"
    );
    on!(conn, c => sqlx::query(&sql).bind(org.get()).bind(ctx.product).bind(&ctx.vulnerability)
        .bind(&ctx.identity).fetch_all(&mut *c).await?.iter().map(analysis_from).collect())
}

reads! {
    /// The analysis that applies to a finding of `org` now: its own version's newest, else one
    /// carried forward from an earlier version (see the [module docs](crate#analyses-and-carry-forward)).
    fn current_analysis(org: OrganizationId, finding: FindingId) -> Option<CurrentAnalysis> = current_analysis;
    /// Every analysis row of the finding's key (organization, product, vulnerability, component
    /// identity) on every version of the product, newest first.
    fn analysis_history(org: OrganizationId, finding: FindingId) -> Vec<Analysis> = analysis_history;
}

impl Tx {
    /// Records an analysis of a finding of `org` on the finding's product version (a new row;
    /// nothing is overwritten).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for another organization's finding.
    pub async fn record_analysis(
        &mut self,
        org: OrganizationId,
        finding: FindingId,
        new: &NewAnalysis,
    ) -> Result<Analysis> {
        let ctx = context(&mut self.conn(), org, finding).await?;
        let response: Vec<&str> = new.response.iter().map(|r| r.as_str()).collect();
        let response = serde_json::to_string(&response)?;
        let sql = format!(
            "INSERT INTO analyses (organization_id, product_id, vulnerability_id, component_identity, \
             product_version_id, finding_id, state, justification, response, detail, \
             cvss_environmental, author, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING {ANALYSIS_RET}"
        );
        let now = Timestamp::now().to_text();
        on!(&mut self.conn(), c => analysis_from(&sqlx::query(&sql).bind(org.get())
            .bind(ctx.product).bind(&ctx.vulnerability).bind(&ctx.identity).bind(ctx.version)
            .bind(ctx.finding.get()).bind(new.state.as_str())
            .bind(new.justification.map(Justification::as_str)).bind(&response)
            .bind(&new.detail).bind(&new.cvss_environmental).bind(&new.author).bind(&now)
            .fetch_one(&mut *c).await?))
    }
}
