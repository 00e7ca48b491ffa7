//! The regulatory-evidence service layer shared by the API, the web UI and the command line, so
//! that each computes the same thing from the same records:
//!
//! - [`status`]: the conformity status of a product version against one requirement catalog
//!   (`jp-mhlw-0523`: the 16 items of 薬生機審発0523第1号): each item's state, the evidence that
//!   applies (own or inherited from an earlier version), the evidence tplc holds itself, the
//!   Annex F record and the gap list.
//! - [`attachment_table`]: the application attachment 「(4) JIS T 81001-5-1の実施状況」 of that
//!   status, for [`tplc_attachment::to_docx`] and [`tplc_attachment::to_html`].
//! - [`evidence_pack`]: the evidence pack zip (attachment, SBOM as CycloneDX 1.6 and SPDX 2.3,
//!   findings with their analyses, lifecycle plan, linked documents).
//! - [`mds2_facts`]: what tplc knows for prefilling the MDS2 form.
//! - [`lifecycle_overview`]: the upcoming EOL/EOS dates and the lifecycle problems of every
//!   version of an organization; [`plan_of`] reads a stored version as its lifecycle plan.
//!
//! # Evidence tplc holds itself
//!
//! Three items of `jp-mhlw-0523` name evidence tplc keeps (`auto` in the catalog). It counts
//! as approved evidence for the item ([`tplc_compliance::assess`]) when available:
//!
//! | kind | item | available when |
//! | --- | --- | --- |
//! | `sbom` | 1(5) a | the version has a ready (ingested) SBOM |
//! | `vulnerability_procedure` | 1(6) a | the vulnerability database has been imported (tplc is then the monitoring system: `<vulndb>/vulndb.bin` exists); an approved document linked to the item counts as usual |
//! | `advisory_history` | 2(1) b | the version has findings: the advisories that matched it, whose analyses and their history tplc keeps in the audit log |
//!
//! [`auto_rule`] gives the same rule as one sentence in Japanese or English, for tooltips.

mod attachment;
mod facts;
mod lifecycle;
mod pack;
mod status;

use std::path::Path;

use tplc_compliance::{AutoEvidence, CatalogError, Catalogs, Lang};

use crate::ApiError;

pub use attachment::attachment_table;
pub use facts::mds2_facts;
pub use lifecycle::{
    LifecycleOverview, VersionMilestone, VersionProblem, lifecycle_overview, plan_of,
};
pub use pack::evidence_pack;
pub use status::{
    AnnexFStatus, AutoStatus, CatalogSummary, ComplianceStatus, EvidenceEntry, GapEntry,
    InheritedFrom, ItemStatus, ProductSummary, VersionSummary, auto_available, status,
};

/// Why a compliance computation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ComplianceError {
    /// A store read failed (another organization's version is [`tplc_store::Error::NotFound`]).
    #[error(transparent)]
    Store(#[from] tplc_store::Error),
    /// No loaded catalog has this id.
    #[error("unknown catalog `{0}`")]
    UnknownCatalog(String),
    /// The catalog has no attachment table layout.
    #[error("catalog `{0}` has no attachment table layout")]
    NoAttachmentLayout(String),
    /// A stored JSON record does not read back as the domain type.
    #[error("the stored {what} cannot be read: {message}")]
    Corrupt {
        /// Which record (`Annex F record`, `scope decision`).
        what: &'static str,
        /// The parser's message.
        message: String,
    },
    /// The attachment or the evidence pack could not be written.
    #[error(transparent)]
    Attachment(#[from] tplc_attachment::AttachmentError),
    /// The stored SBOM could not be read back.
    #[error("the stored SBOM cannot be read: {0}")]
    Sbom(String),
    /// A blocking task failed.
    #[error("background task: {0}")]
    Task(String),
}

impl From<ComplianceError> for ApiError {
    fn from(error: ComplianceError) -> Self {
        match error {
            ComplianceError::Store(e) => e.into(),
            ComplianceError::UnknownCatalog(id) => Self::not_found(&format!("catalog `{id}`")),
            e @ ComplianceError::NoAttachmentLayout(_) => Self::invalid(e.to_string()),
            other => Self::internal(&other),
        }
    }
}

/// The built-in catalogs plus every `*.toml` of `dir` (`--catalog-dir`), checked together.
///
/// # Errors
/// The one-line [`CatalogError`] of the first bad file (`<file>:<line>:<col>: <message>`).
pub fn load_catalogs(dir: Option<&Path>) -> Result<Catalogs, CatalogError> {
    let builtin = Catalogs::builtin()?;
    match dir {
        Some(dir) => builtin.with_dir(dir),
        None => Ok(builtin),
    }
}

/// Whether the vulnerability database in `vulndb_dir` has been imported (its file exists and
/// is not empty). Reads file metadata only.
pub fn vulndb_imported(vulndb_dir: Option<&Path>) -> bool {
    vulndb_dir.is_some_and(|dir| {
        std::fs::metadata(dir.join(tplc_vulndb::store::FILE_NAME))
            .is_ok_and(|meta| meta.is_file() && meta.len() > 0)
    })
}

/// When evidence of `kind` that tplc holds itself is available, as one sentence (the rule of
/// the [module docs](self)), for tooltips and command-line help.
pub fn auto_rule(kind: AutoEvidence, lang: Lang) -> &'static str {
    match (kind, lang) {
        (AutoEvidence::Sbom, Lang::Ja) => {
            "この版の SBOM が取り込み済み（ready）であれば、tplc が保持する SBOM を記載文書として扱います。"
        }
        (AutoEvidence::Sbom, Lang::En) => {
            "Filled by tplc when the version has a ready (ingested) SBOM."
        }
        (AutoEvidence::VulnerabilityProcedure, Lang::Ja) => {
            "脆弱性データベースが取り込まれていれば、tplc を脆弱性監視の仕組みとして扱います。承認済みの社内手順書を紐付けても確認済みになります。"
        }
        (AutoEvidence::VulnerabilityProcedure, Lang::En) => {
            "Filled by tplc when the vulnerability database has been imported (tplc is the monitoring system); an approved procedure document linked to the item also counts."
        }
        (AutoEvidence::AdvisoryHistory, Lang::Ja) => {
            "この版に検出結果（該当した脆弱性情報）があれば、tplc が保持する検出と分析の履歴を記載文書として扱います。"
        }
        (AutoEvidence::AdvisoryHistory, Lang::En) => {
            "Filled by tplc when the version has findings: the matched advisories with their analyses and history."
        }
    }
}

/// The attachment crate's language for `lang`.
pub(crate) fn attachment_lang(lang: Lang) -> tplc_attachment::Lang {
    match lang {
        Lang::Ja => tplc_attachment::Lang::Ja,
        Lang::En => tplc_attachment::Lang::En,
    }
}

/// Runs blocking work (SBOM parsing and writing, zip writing) off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ComplianceError> + Send + 'static,
) -> Result<T, ComplianceError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ComplianceError::Task(e.to_string()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_load_and_a_bad_directory_file_names_itself() {
        let catalogs = load_catalogs(None).unwrap();
        assert!(catalogs.get(tplc_compliance::JP_MHLW_0523).is_some());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.toml"), "id = \n").unwrap();
        let error = load_catalogs(Some(dir.path())).unwrap_err().to_string();
        assert!(error.contains("bad.toml:1:"), "{error}");
        assert!(!error.contains('\n'), "{error}");
    }

    #[test]
    fn the_vulnerability_database_is_imported_when_its_file_is_there() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!vulndb_imported(None));
        assert!(!vulndb_imported(Some(dir.path())));
        std::fs::write(dir.path().join(tplc_vulndb::store::FILE_NAME), b"").unwrap();
        assert!(!vulndb_imported(Some(dir.path())));
        std::fs::write(dir.path().join(tplc_vulndb::store::FILE_NAME), b"TPLCVDB\0").unwrap();
        assert!(vulndb_imported(Some(dir.path())));
    }

    #[test]
    fn every_auto_rule_is_written_in_both_languages() {
        for kind in AutoEvidence::ALL {
            assert!(!auto_rule(*kind, Lang::Ja).is_ascii());
            assert!(auto_rule(*kind, Lang::En).starts_with("Filled by tplc"));
        }
    }
}
