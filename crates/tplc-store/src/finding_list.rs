//! The findings list in one joined query: each finding of a ready SBOM with its component, its
//! product and version, and the state of the analysis that applies to it now — the same state
//! [`Store::current_analysis`](crate::Store::current_analysis) gives, carry-forward included —
//! filtered, ordered by severity then key, and paged, with the total count.
//!
//! One statement per page, whatever its size (the total is a window over the filtered rows; a
//! page past the end counts them with a second). The current analysis
//! is two correlated subqueries (the newest row of the finding's own version for its key; else
//! the newest row of the nearest earlier version whose finding of the same identity still
//! matches the same advisory record — the rule of the [`analyses`](crate::analyses) module,
//! written in SQL). Without a state filter they run for the page's rows only; with one, for
//! every row the other filters keep (the state is not a column).

use tplc_model::{ProductId, ProductVersionId};

use crate::analyses::AnalysisState;
use crate::db::{Arg, Conn, RowExt, bind_all, on, reads};
use crate::findings::{FINDING_COLS, FINDING_SCOPE, FindingFilter, finding_from};
use crate::sbom::{Component, parse_identity_key};
use crate::{Error, Finding, OrganizationId, Result, SbomDocumentId};

/// Which page of an organization's findings to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingListQuery {
    /// The filters on the finding's own columns and place.
    pub filter: FindingFilter,
    /// Only findings whose current analysis has this state (`Some(None)`: no analysis applies).
    pub state: Option<Option<AnalysisState>>,
    /// At most this many rows.
    pub limit: u64,
    /// After skipping this many rows.
    pub offset: u64,
}

impl Default for FindingListQuery {
    fn default() -> Self {
        Self {
            filter: FindingFilter::default(),
            state: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// One row of the findings list.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    /// The finding.
    pub finding: Finding,
    /// Its component.
    pub component: Component,
    /// The product.
    pub product: ProductId,
    /// The product version.
    pub product_version: ProductVersionId,
    /// The state of the analysis that applies now, if any.
    pub analysis_state: Option<AnalysisState>,
    /// Whether that analysis is carried forward from an earlier version.
    pub analysis_inherited: bool,
    /// The version that analysis was recorded on (the row's own when not inherited).
    pub analysis_from_version: Option<ProductVersionId>,
}

/// A page of the findings list.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingListPage {
    /// The rows, by severity (critical first, unknown last) then key.
    pub rows: Vec<FindingRow>,
    /// How many findings pass the filters in all.
    pub total: u64,
}

/// The severity's rank in list order.
const SEVERITY_RANK: &str = "CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 \
    WHEN 'medium' THEN 2 WHEN 'low' THEN 3 WHEN 'none' THEN 4 ELSE 5 END";

/// The newest analysis state recorded on the row's own version for its key.
const OWN_STATE: &str = "(SELECT a.state FROM analyses a WHERE a.organization_id = x.org_id \
    AND a.product_id = x.product_id AND a.vulnerability_id = x.vulnerability_key \
    AND a.component_identity = x.k_identity AND a.product_version_id = x.version_id \
    ORDER BY a.id DESC LIMIT 1)";

/// The state carried forward: the newest analysis of the nearest earlier version (dated before
/// undated, then by date, then by creation) whose ready SBOM still has a finding of the same
/// identity matching the same advisory record: `STATE VERSION_ID`.
const INHERITED_STATE: &str = "(SELECT a.state || ' ' || CAST(a.product_version_id AS TEXT) FROM analyses a \
    JOIN product_versions v2 ON v2.id = a.product_version_id \
    WHERE a.organization_id = x.org_id AND a.product_id = x.product_id \
    AND a.vulnerability_id = x.vulnerability_key AND a.component_identity = x.k_identity \
    AND a.product_version_id <> x.version_id \
    AND ((x.version_release IS NULL AND (v2.release_date IS NOT NULL OR v2.id < x.version_id)) \
        OR v2.release_date < x.version_release \
        OR (v2.release_date = x.version_release AND v2.id < x.version_id)) \
    AND EXISTS (SELECT 1 FROM findings f2 JOIN components k2 ON k2.id = f2.component_id \
        JOIN sbom_documents d2 ON d2.id = k2.sbom_document_id \
        WHERE d2.product_version_id = a.product_version_id AND d2.state = 'ready' \
        AND k2.identity = x.k_identity AND f2.advisory_id = x.advisory_id) \
    ORDER BY (v2.release_date IS NULL) DESC, v2.release_date DESC, v2.id DESC, a.id DESC LIMIT 1)";

/// The filtered rows (no analysis state yet) and their binds.
fn base(org: OrganizationId, filter: &FindingFilter) -> (String, Vec<Arg>) {
    let mut sql = format!(
        "SELECT {FINDING_COLS}, k.sbom_document_id AS k_document, k.bom_ref AS k_bom_ref, \
         k.name AS k_name, k.version AS k_version, k.purl AS k_purl, k.cpe AS k_cpe, \
         k.supplier AS k_supplier, k.identity AS k_identity, k.scope_excluded AS k_excluded, \
         p.organization_id AS org_id, p.id AS product_id, v.id AS version_id, \
         v.release_date AS version_release, {SEVERITY_RANK} AS severity_rank \
         FROM findings f {FINDING_SCOPE} WHERE p.organization_id = $1 AND d.state = 'ready'"
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
    (sql, args)
}

fn limit(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn row_from(row: &impl RowExt) -> Result<FindingRow> {
    let finding = finding_from(row)?;
    let own: Option<AnalysisState> = row.parsed_opt("own_state")?;
    let inherited = match row.col::<Option<String>>("inherited_state")? {
        None => None,
        Some(text) => {
            let (state, version) = text
                .split_once(' ')
                .ok_or_else(|| Error::Corrupt(format!("inherited analysis {text:?}")))?;
            let version: i64 = version
                .parse()
                .map_err(|_| Error::Corrupt(format!("inherited analysis {text:?}")))?;
            Some((
                state.parse::<AnalysisState>()?,
                ProductVersionId::new(version),
            ))
        }
    };
    let version = ProductVersionId::new(row.col("version_id")?);
    Ok(FindingRow {
        component: Component {
            id: finding.component,
            sbom_document: SbomDocumentId::new(row.col("k_document")?),
            bom_ref: row.col("k_bom_ref")?,
            name: row.col("k_name")?,
            version: row.col("k_version")?,
            purl: row.col("k_purl")?,
            cpe: row.col("k_cpe")?,
            supplier: row.col("k_supplier")?,
            identity: parse_identity_key(&row.col::<String>("k_identity")?)?,
            scope_excluded: row.col("k_excluded")?,
        },
        finding,
        product: ProductId::new(row.col("product_id")?),
        product_version: version,
        analysis_state: own.or(inherited.map(|(state, _)| state)),
        analysis_inherited: own.is_none() && inherited.is_some(),
        analysis_from_version: match own {
            Some(_) => Some(version),
            None => inherited.map(|(_, from)| from),
        },
    })
}

async fn finding_page(
    conn: &mut Conn<'_>,
    org: OrganizationId,
    query: &FindingListQuery,
) -> Result<FindingListPage> {
    let (base, mut args) = base(org, &query.filter);
    let with_state =
        format!("SELECT x.*, {OWN_STATE} AS own_state, {INHERITED_STATE} AS inherited_state FROM");
    let (page_sql, count_sql) = match query.state {
        None => {
            let n = args.len();
            (
                format!(
                    "{with_state} (SELECT b.*, COUNT(*) OVER () AS total_rows FROM ({base}) b \
                     ORDER BY b.severity_rank, b.id LIMIT ${} OFFSET ${}) x \
                     ORDER BY x.severity_rank, x.id",
                    n + 1,
                    n + 2
                ),
                format!("SELECT COUNT(*) AS total FROM ({base}) x"),
            )
        }
        Some(state) => {
            let condition = match state {
                None => "y.own_state IS NULL AND y.inherited_state IS NULL".to_owned(),
                Some(state) => {
                    args.push(Arg::Text(state.as_str().into()));
                    args.push(Arg::Text(format!("{} ", state.as_str())));
                    let n = args.len();
                    // The inherited column is `STATE VERSION_ID`: compare its state part.
                    format!(
                        "(y.own_state = ${own} OR (y.own_state IS NULL \
                         AND substr(y.inherited_state, 1, length(${n})) = ${n}))",
                        own = n - 1
                    )
                }
            };
            let n = args.len();
            let rows = format!("({with_state} ({base}) x) y WHERE {condition}");
            (
                format!(
                    "SELECT y.*, COUNT(*) OVER () AS total_rows FROM {rows} \
                     ORDER BY y.severity_rank, y.id LIMIT ${} OFFSET ${}",
                    n + 1,
                    n + 2
                ),
                format!("SELECT COUNT(*) AS total FROM {rows}"),
            )
        }
    };
    let mut page_args = args.clone();
    page_args.push(Arg::I64(limit(query.limit)));
    page_args.push(Arg::I64(limit(query.offset)));
    // The total comes with the page (a window over the filtered rows, before the limit); only
    // a page past the end needs the count statement.
    let (rows, total) = on!(conn, c => {
        let found = bind_all(sqlx::query(&page_sql), &page_args).fetch_all(&mut *c).await?;
        let total: Option<i64> = found.first().map(|row| row.col("total_rows")).transpose()?;
        (found.iter().map(row_from).collect::<Result<Vec<_>>>()?, total)
    });
    let total = match total {
        Some(total) => total,
        None if query.offset == 0 => 0,
        None => on!(conn, c => bind_all(sqlx::query(&count_sql), &args).fetch_one(&mut *c)
            .await?.col("total")?),
    };
    Ok(FindingListPage {
        rows,
        total: u64::try_from(total).unwrap_or(0),
    })
}

reads! {
    /// A page of the findings of `org` (on ready SBOMs) that pass the query's filters, each with
    /// its component and current analysis state, by severity then key, with the total count.
    fn finding_page(org: OrganizationId, query: &FindingListQuery) -> FindingListPage = finding_page;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        let filter = FindingFilter {
            product: Some(ProductId::new(1)),
            severity: Some(crate::Severity::High),
            kev: Some(true),
            ..FindingFilter::default()
        };
        let (sql, args) = base(OrganizationId::new(1), &filter);
        assert_eq!(args.len(), 4);
        assert!(sql.contains("p.id = $2") && sql.contains("f.severity = $3"));
        assert!(sql.contains("f.kev = $4") && sql.ends_with("k.scope_excluded = false"));
    }
}
