//! `tplc compliance status`: one product version against one catalog, computed by the
//! server's service layer ([`tplc_server::compliance::status`]) from the same database.

use std::fmt::Write as _;

use anyhow::bail;
use tplc_compliance::{AnnexFValidity, AutoEvidence, Lang};
use tplc_server::compliance::{AnnexFStatus, ComplianceStatus, EvidenceEntry, ItemStatus};

use super::load;
use crate::Outcome;
use crate::cli::{ListFormat, StatusArgs};
use crate::commands::admin::{data_dir, open_store, runtime};
use crate::commands::store_lookup;
use crate::output;

pub(crate) fn run(arguments: &StatusArgs) -> anyhow::Result<Outcome> {
    let catalogs = load(&arguments.source)?;
    if catalogs.get(&arguments.catalog).is_none() {
        let ids: Vec<&str> = catalogs.iter().map(|catalog| catalog.id.as_str()).collect();
        bail!(
            "unknown catalog `{}` (loaded: {})",
            arguments.catalog,
            ids.join(", ")
        );
    }
    // As `tplc serve`: the vulnerability database beside the SQLite file, in the data directory.
    let vulndb_dir = data_dir(&arguments.location).join("vulndb");
    let status = runtime()?.block_on(async {
        let store = open_store(&arguments.location).await?;
        let computed = async {
            let org = store_lookup::single_organization(&store, arguments.org.as_deref()).await?;
            let product = store_lookup::product(&store, &org, &arguments.product).await?;
            let version = store_lookup::version(&store, &org, &product, &arguments.version).await?;
            let status = tplc_server::compliance::status(
                &store,
                &catalogs,
                org.id,
                version.id,
                &arguments.catalog,
                Some(&vulndb_dir),
            )
            .await?;
            Ok::<_, anyhow::Error>(status)
        }
        .await;
        store.close().await;
        computed
    })?;
    let text = match arguments.format {
        ListFormat::Table => table(&status, arguments.lang.lang()),
        ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&status)?),
    };
    output::print(&text)?;
    Ok(if status.gaps == 0 {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

/// The English or the Japanese text.
fn say<'t>(lang: Lang, en: &'t str, ja: &'t str) -> &'t str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// The short name of evidence tplc holds itself.
fn auto_name(kind: AutoEvidence, lang: Lang) -> &'static str {
    match kind {
        AutoEvidence::Sbom => "SBOM",
        AutoEvidence::VulnerabilityProcedure => say(
            lang,
            "vulnerability handling (tplc monitoring)",
            "脆弱性対応（tplcによる監視）",
        ),
        AutoEvidence::AdvisoryHistory => say(
            lang,
            "advisory and analysis history",
            "脆弱性情報・分析の履歴",
        ),
    }
}

/// `(inherited from 1.0)`, or nothing for the version's own record.
fn inherited(label: Option<&str>, lang: Lang) -> String {
    match (label, lang) {
        (None, _) => String::new(),
        (Some(label), Lang::En) => format!(" (inherited from {label})"),
        (Some(label), Lang::Ja) => format!("（{label}から継承）"),
    }
}

/// One linked document: number, title, version, status, and where it is inherited from.
fn document(entry: &EvidenceEntry, lang: Lang) -> String {
    let mut parts: Vec<&str> = [
        entry.document_number.as_str(),
        entry.title.as_str(),
        entry.document_version.as_str(),
    ]
    .into_iter()
    .map(str::trim)
    .filter(|part| !part.is_empty())
    .collect();
    if parts.is_empty() {
        parts.push(&entry.kind);
    }
    format!(
        "{} [{}]{}",
        parts.join(" "),
        entry.evidence_status().label(lang),
        inherited(
            entry
                .inherited_from
                .as_ref()
                .map(|from| from.label.as_str()),
            lang
        )
    )
}

/// The evidence cell of an item: what tplc holds itself, then the linked documents.
fn evidence_cell(item: &ItemStatus, lang: Lang) -> String {
    let mut cells = Vec::new();
    if let Some(auto) = item.auto {
        let name = auto_name(auto.kind, lang);
        cells.push(match (auto.available, lang) {
            (true, _) => format!("tplc: {name}"),
            (false, Lang::En) => format!("tplc: {name} (none yet)"),
            (false, Lang::Ja) => format!("tplc: {name}（未登録）"),
        });
    }
    cells.extend(item.evidence.iter().map(|entry| document(entry, lang)));
    if cells.is_empty() {
        return "—".to_owned();
    }
    cells.join("; ")
}

/// The Annex F line.
fn annex_f(record: Option<&AnnexFStatus>, lang: Lang) -> String {
    let state = match record {
        None => say(lang, "not recorded", "記録なし").to_owned(),
        Some(record) => {
            let what = match (&record.validity, lang) {
                (AnnexFValidity::NotApplied, _) => say(lang, "not applied", "適用なし").to_owned(),
                (AnnexFValidity::Current, _) => say(lang, "applied", "適用").to_owned(),
                (AnnexFValidity::NeedsReview { recorded_for }, Lang::En) => format!(
                    "applied, needs review (rationale recorded for {})",
                    recorded_for.as_deref().unwrap_or("no version")
                ),
                (AnnexFValidity::NeedsReview { recorded_for }, Lang::Ja) => format!(
                    "適用（要再確認：根拠は{}について記録）",
                    recorded_for.as_deref().unwrap_or("版の指定なし")
                ),
            };
            let from = record
                .inherited_from
                .as_ref()
                .map(|from| from.label.as_str());
            format!("{what}{}", inherited(from, lang))
        }
    };
    match lang {
        Lang::En => format!("Annex F: {state}"),
        Lang::Ja => format!("附属書F：{state}"),
    }
}

/// Section and number (`1(2)`).
fn number(item: &ItemStatus) -> String {
    format!("{}{}", item.item.section, item.item.number)
}

/// The status as text: heading, Annex F, the item table, then the gap list with statements.
pub(crate) fn table(status: &ComplianceStatus, lang: Lang) -> String {
    let mut text = format!(
        "{} {}: {} {} — {}\n",
        status.product.name,
        status.version.label,
        status.catalog.id,
        status.catalog.version,
        status.catalog.title.get(lang)
    );
    let _ = writeln!(text, "{}", annex_f(status.annex_f.as_ref(), lang));
    let total = status.items.len();
    let _ = match lang {
        Lang::En => writeln!(text, "Gaps: {} of {total} items\n", status.gaps),
        Lang::Ja => writeln!(text, "未確認：{total}項目中{}項目\n", status.gaps),
    };
    let rows: Vec<Vec<String>> = status
        .items
        .iter()
        .map(|item| {
            vec![
                item.item.id.clone(),
                number(item),
                item.item.clause.clone(),
                item.state.label(lang).to_owned(),
                evidence_cell(item, lang),
            ]
        })
        .collect();
    text.push_str(&output::table(
        &[
            say(lang, "Item", "確認項目"),
            say(lang, "No.", "番号"),
            say(lang, "Clause", "箇条"),
            say(lang, "State", "状態"),
            say(lang, "Evidence", "記載文書"),
        ],
        &rows,
    ));
    if status.gaps == 0 {
        let _ = writeln!(
            text,
            "\n{}",
            say(lang, "No gaps.", "未確認の項目はありません。")
        );
        return text;
    }
    let _ = writeln!(text, "\n{}", say(lang, "Gaps", "未確認の項目"));
    let rows: Vec<Vec<String>> = status
        .items
        .iter()
        .filter(|item| item.state.is_gap())
        .map(|item| {
            vec![
                item.item.id.clone(),
                number(item),
                item.state.label(lang).to_owned(),
                item.item.text().get(lang).to_owned(),
            ]
        })
        .collect();
    text.push_str(&output::table(
        &[
            say(lang, "Item", "確認項目"),
            say(lang, "No.", "番号"),
            say(lang, "Reason", "理由"),
            say(lang, "Statement", "内容"),
        ],
        &rows,
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use tplc_compliance::{Catalogs, GapReason, ItemState, JP_MHLW_0523};
    use tplc_server::compliance::{AutoStatus, InheritedFrom};

    fn entry(status: &str, inherited_from: Option<&str>) -> EvidenceEntry {
        EvidenceEntry {
            id: 1,
            catalog: JP_MHLW_0523.into(),
            item_id: "jp0523-1-5-a".into(),
            kind: "document".into(),
            document_number: "CM-001".into(),
            title: "Configuration management plan".into(),
            document_version: "3".into(),
            location: String::new(),
            owner: String::new(),
            status: status.into(),
            note: String::new(),
            copied_from: None,
            inherited_from: inherited_from.map(|label| InheritedFrom {
                version: 1,
                label: label.into(),
            }),
            created_by: "test".into(),
            created_at: String::new(),
            updated_by: "test".into(),
            updated_at: String::new(),
        }
    }

    fn item(evidence: Vec<EvidenceEntry>, available: bool) -> ItemStatus {
        let catalogs = Catalogs::builtin().unwrap();
        let catalog = catalogs.get(JP_MHLW_0523).unwrap();
        ItemStatus {
            item: catalog.item("jp0523-1-5-a").unwrap().clone(),
            state: ItemState::Gap(GapReason::NotApproved),
            evidence,
            auto: Some(AutoStatus {
                kind: AutoEvidence::Sbom,
                available,
            }),
        }
    }

    #[test]
    fn evidence_names_documents_status_and_inheritance() {
        let both = item(
            vec![entry("drafted", Some("1.0")), entry("approved", None)],
            true,
        );
        assert_eq!(
            evidence_cell(&both, Lang::En),
            "tplc: SBOM; CM-001 Configuration management plan 3 [Drafted] (inherited from 1.0); \
             CM-001 Configuration management plan 3 [Approved]"
        );
        assert_eq!(
            evidence_cell(&both, Lang::Ja),
            "tplc: SBOM; CM-001 Configuration management plan 3 [作成中]（1.0から継承）; \
             CM-001 Configuration management plan 3 [承認済み]"
        );
        let nothing = item(Vec::new(), false);
        assert_eq!(evidence_cell(&nothing, Lang::En), "tplc: SBOM (none yet)");
        let mut bare = item(Vec::new(), false);
        bare.auto = None;
        assert_eq!(evidence_cell(&bare, Lang::En), "—");
    }

    #[test]
    fn annex_f_line_says_whether_it_holds() {
        assert_eq!(annex_f(None, Lang::En), "Annex F: not recorded");
        let record = AnnexFStatus {
            record: tplc_compliance::AnnexFRecord::default(),
            validity: AnnexFValidity::NeedsReview {
                recorded_for: Some("1.0".into()),
            },
            inherited_from: Some(InheritedFrom {
                version: 1,
                label: "1.0".into(),
            }),
            updated_by: "test".into(),
            updated_at: String::new(),
        };
        assert_eq!(
            annex_f(Some(&record), Lang::En),
            "Annex F: applied, needs review (rationale recorded for 1.0) (inherited from 1.0)"
        );
        assert_eq!(
            annex_f(Some(&record), Lang::Ja),
            "附属書F：適用（要再確認：根拠は1.0について記録）（1.0から継承）"
        );
    }
}
