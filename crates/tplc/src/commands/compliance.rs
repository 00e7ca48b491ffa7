//! `tplc compliance catalogs` and `tplc compliance status`.

mod status;

use serde_json::{Value, json};
use tplc_compliance::{Catalog, Catalogs, Lang, builtin_sources};

use crate::Outcome;
use crate::cli::{CatalogSource, LangArg, ListFormat};
use crate::output;

pub(crate) use status::run as status;

/// The built-in catalogs, plus those of `--catalog-dir`, checked together as `tplc serve` loads
/// them ([`tplc_server::compliance::load_catalogs`]).
pub(crate) fn load(source: &CatalogSource) -> anyhow::Result<Catalogs> {
    Ok(tplc_server::compliance::load_catalogs(
        source.catalog_dir.as_deref(),
    )?)
}

/// Where a catalog comes from: `built-in`, or its file.
fn origin(position: usize, catalog: &Catalog) -> &str {
    if position < builtin_sources().len() {
        "built-in"
    } else {
        catalog.file()
    }
}

pub(crate) fn catalogs(
    source: &CatalogSource,
    format: ListFormat,
    lang: LangArg,
) -> anyhow::Result<Outcome> {
    let catalogs = load(source)?;
    let lang = lang.lang();
    let text = match format {
        ListFormat::Table => catalogs_table(&catalogs, lang),
        ListFormat::Json => {
            let list: Vec<Value> = catalogs
                .iter()
                .enumerate()
                .map(|(position, catalog)| {
                    json!({
                        "id": catalog.id,
                        "version": catalog.version,
                        "title": catalog.title.get(lang),
                        "items": catalog.items.len(),
                        "clauses_from": catalog.clauses_from,
                        "attachment": catalog.attachment.is_some(),
                        "source": origin(position, catalog),
                    })
                })
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&json!({ "catalogs": list }))?
            )
        }
    };
    output::print(&text)?;
    Ok(Outcome::Success)
}

fn catalogs_table(catalogs: &Catalogs, lang: Lang) -> String {
    let rows: Vec<Vec<String>> = catalogs
        .iter()
        .enumerate()
        .map(|(position, catalog)| {
            vec![
                catalog.id.clone(),
                catalog.version.clone(),
                catalog.items.len().to_string(),
                origin(position, catalog).to_owned(),
                catalog.title.get(lang).to_owned(),
            ]
        })
        .collect();
    let header = match lang {
        Lang::En => ["Catalog", "Version", "Items", "Source", "Title"],
        Lang::Ja => ["カタログ", "版", "項目数", "出典", "名称"],
    };
    let mut text = output::table(&header, &rows);
    let count = rows.len();
    text.push_str(&match lang {
        Lang::En => format!(
            "{count} catalog{} checked: valid\n",
            if count == 1 { "" } else { "s" }
        ),
        Lang::Ja => format!("{count}件のカタログを確認しました：問題なし\n"),
    });
    text
}
