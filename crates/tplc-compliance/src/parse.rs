//! Reading one catalog file: the TOML shape (unknown fields refused) and the checks that need
//! only that file.

use std::collections::HashMap;

use serde::Deserialize;
use time::Date;
use toml::Spanned;

use crate::catalog::{
    AnnexF, AttachmentLayout, AttachmentRow, AutoEvidence, Catalog, Citation, Item, Origin,
};
use crate::dates;
use crate::error::{CatalogError, CatalogErrorKind, LineCol};
use crate::text::Text;

/// A text as written in a catalog file: `en` required, `ja` optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawText {
    #[serde(default)]
    ja: Option<Spanned<String>>,
    en: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCitation {
    notice: Spanned<String>,
    #[serde(default, with = "dates::option")]
    date: Option<Date>,
    #[serde(default)]
    section: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    qa: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    #[serde(default)]
    section: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    clause: Option<Spanned<String>>,
    #[serde(default)]
    title: Option<RawText>,
    #[serde(default)]
    statement: Option<RawText>,
    #[serde(default)]
    source: Option<RawCitation>,
    #[serde(default)]
    annex_f: Option<AnnexF>,
    #[serde(default)]
    auto: Option<AutoEvidence>,
    #[serde(default)]
    parent: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    clause: Spanned<String>,
    title: RawText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttachment {
    heading: RawText,
    item_column: RawText,
    document_column: RawText,
    #[serde(default)]
    rows: Vec<RawRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    id: Spanned<String>,
    version: Spanned<String>,
    title: RawText,
    #[serde(default)]
    clauses_from: Option<Spanned<String>>,
    #[serde(default)]
    source: Option<RawCitation>,
    #[serde(default)]
    annex_f_sentence: Option<RawText>,
    #[serde(default)]
    attachment: Option<RawAttachment>,
    #[serde(default)]
    items: Vec<Spanned<RawItem>>,
}

/// Turns byte spans into located errors for one file.
pub(crate) struct Locator<'a> {
    file: &'a str,
    text: &'a str,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(file: &'a str, text: &'a str) -> Self {
        Self { file, text }
    }

    pub(crate) fn at<T>(&self, spanned: &Spanned<T>) -> LineCol {
        LineCol::of_offset(self.text, spanned.span().start)
    }

    pub(crate) fn error(&self, at: Option<LineCol>, kind: CatalogErrorKind) -> CatalogError {
        CatalogError::new(self.file, at, kind)
    }

    /// Deserializes the whole file, turning TOML's multi-line report into one located line.
    pub(crate) fn deserialize<T: serde::de::DeserializeOwned>(&self) -> Result<T, CatalogError> {
        toml::from_str(self.text).map_err(|error| {
            let at = error
                .span()
                .map(|span| LineCol::of_offset(self.text, span.start));
            let message = error
                .message()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            self.error(at, CatalogErrorKind::Toml(message))
        })
    }

    /// A text whose English is required and whose Japanese, when given, is not empty.
    pub(crate) fn text(&self, raw: RawText, what: &str) -> Result<Text, CatalogError> {
        if raw.en.get_ref().trim().is_empty() {
            return Err(self.error(
                Some(self.at(&raw.en)),
                CatalogErrorKind::EmptyText {
                    what: format!("{what} (en)"),
                },
            ));
        }
        let ja = match raw.ja {
            Some(ja) if ja.get_ref().trim().is_empty() => {
                return Err(self.error(
                    Some(self.at(&ja)),
                    CatalogErrorKind::EmptyText {
                        what: format!("{what} (ja)"),
                    },
                ));
            }
            Some(ja) => ja.into_inner(),
            None => String::new(),
        };
        Ok(Text::new(ja, raw.en.into_inner()))
    }

    /// An id: non-empty, no white space or control characters.
    pub(crate) fn id(
        &self,
        raw: Spanned<String>,
        what: &'static str,
    ) -> Result<String, CatalogError> {
        let valid = !raw.get_ref().is_empty()
            && !raw
                .get_ref()
                .chars()
                .any(|c| c.is_whitespace() || c.is_control());
        if valid {
            Ok(raw.into_inner())
        } else {
            Err(self.error(
                Some(self.at(&raw)),
                CatalogErrorKind::InvalidId {
                    what,
                    id: raw.into_inner(),
                },
            ))
        }
    }
}

/// Parses and checks one catalog file.
///
/// `file_name` names the file in errors. The checks here need only this file: TOML syntax,
/// unknown fields, enum values, duplicate item ids, empty texts, parents, the attachment rows.
/// References to other catalogs (`clauses_from`) are checked when catalogs are loaded together
/// ([`Catalogs`](crate::Catalogs)).
///
/// # Errors
/// A [`CatalogError`] naming the file, line and column.
pub fn parse_catalog(file_name: &str, text: &str) -> Result<Catalog, CatalogError> {
    let locator = Locator::new(file_name, text);
    let raw: RawCatalog = locator.deserialize()?;
    build(&locator, raw)
}

fn build(loc: &Locator<'_>, raw: RawCatalog) -> Result<Catalog, CatalogError> {
    let id_at = loc.at(&raw.id);
    let id = loc.id(raw.id, "catalog id")?;
    if raw.version.get_ref().trim().is_empty() {
        return Err(loc.error(
            Some(loc.at(&raw.version)),
            CatalogErrorKind::EmptyText {
                what: "version".into(),
            },
        ));
    }
    let version = raw.version.into_inner();
    let title = loc.text(raw.title, "title")?;
    let clauses_from_at = raw.clauses_from.as_ref().map(|from| loc.at(from));
    let clauses_from = raw
        .clauses_from
        .map(|from| loc.id(from, "catalog id in `clauses_from`"))
        .transpose()?;
    let source = raw
        .source
        .map(|source| citation(loc, source, "catalog source"))
        .transpose()?;
    let annex_f_sentence = raw
        .annex_f_sentence
        .map(|sentence| loc.text(sentence, "annex_f_sentence"))
        .transpose()?;
    let (attachment, row_clause_at) = match raw.attachment {
        Some(attachment) => {
            let (layout, at) = attachment_layout(loc, attachment)?;
            (Some(layout), at)
        }
        None => (None, Vec::new()),
    };

    if raw.items.is_empty() {
        return Err(loc.error(Some(id_at), CatalogErrorKind::NoItems));
    }
    let mut items = Vec::with_capacity(raw.items.len());
    let mut item_clause_at = Vec::with_capacity(raw.items.len());
    let mut parent_at = Vec::with_capacity(raw.items.len());
    let mut seen: HashMap<String, LineCol> = HashMap::new();
    for spanned in raw.items {
        let table_at = loc.at(&spanned);
        let raw_item = spanned.into_inner();
        let at = loc.at(&raw_item.id);
        let item_id = loc.id(raw_item.id, "item id")?;
        if seen.insert(item_id.clone(), at).is_some() {
            return Err(loc.error(Some(at), CatalogErrorKind::DuplicateItem { id: item_id }));
        }
        let clause_at = raw_item.clause.as_ref().map(|clause| loc.at(clause));
        let clause = match (raw_item.clause, &clauses_from) {
            (Some(clause), Some(_)) => clause.into_inner(),
            (Some(_), None) => {
                return Err(loc.error(
                    clause_at,
                    CatalogErrorKind::ClauseWithoutSource { item: item_id },
                ));
            }
            (None, Some(from)) => {
                return Err(loc.error(
                    Some(table_at),
                    CatalogErrorKind::MissingClause {
                        item: item_id,
                        catalog: from.clone(),
                    },
                ));
            }
            (None, None) => String::new(),
        };
        let title = raw_item
            .title
            .map(|title| loc.text(title, &format!("item `{item_id}`: title")))
            .transpose()?;
        let statement = match raw_item.statement {
            Some(statement) => loc.text(statement, &format!("item `{item_id}`: statement"))?,
            None if title.is_some() => Text::default(),
            None => {
                return Err(loc.error(Some(at), CatalogErrorKind::NothingToSay { item: item_id }));
            }
        };
        let item_source = match (raw_item.source, &source) {
            (Some(own), _) => citation(loc, own, &format!("item `{item_id}`: source"))?,
            (None, Some(shared)) => {
                let mut inherited = shared.clone();
                if inherited.item.is_empty() {
                    inherited.item.clone_from(&item_id);
                }
                inherited
            }
            (None, None) => {
                return Err(loc.error(Some(at), CatalogErrorKind::MissingSource { item: item_id }));
            }
        };
        parent_at.push(raw_item.parent.as_ref().map(|parent| loc.at(parent)));
        item_clause_at.push(clause_at);
        items.push(Item {
            id: item_id,
            section: raw_item.section,
            number: raw_item.number,
            clause,
            title,
            statement,
            source: item_source,
            annex_f: raw_item.annex_f.unwrap_or(AnnexF::Required),
            auto: raw_item.auto,
            parent: raw_item.parent.map(Spanned::into_inner),
        });
    }
    check_parents(loc, &items, &parent_at)?;
    if let Some(layout) = &attachment {
        for (item, at) in items.iter().zip(&item_clause_at) {
            if !item.clause.is_empty() && !layout.rows.iter().any(|row| row.clause == item.clause) {
                return Err(loc.error(
                    *at,
                    CatalogErrorKind::ItemWithoutRow {
                        item: item.id.clone(),
                        clause: item.clause.clone(),
                    },
                ));
            }
        }
    }
    Ok(Catalog {
        id,
        version,
        title,
        items,
        attachment,
        annex_f_sentence,
        clauses_from,
        source,
        origin: Origin {
            file: loc.file.to_owned(),
            id_at: Some(id_at),
            clauses_from_at,
            item_clause_at,
            row_clause_at,
        },
    })
}

fn citation(loc: &Locator<'_>, raw: RawCitation, what: &str) -> Result<Citation, CatalogError> {
    if raw.notice.get_ref().trim().is_empty() {
        return Err(loc.error(
            Some(loc.at(&raw.notice)),
            CatalogErrorKind::EmptyText {
                what: format!("{what}: notice"),
            },
        ));
    }
    Ok(Citation {
        notice: raw.notice.into_inner(),
        date: raw.date,
        section: raw.section,
        item: raw.item,
        qa: raw.qa,
    })
}

fn attachment_layout(
    loc: &Locator<'_>,
    raw: RawAttachment,
) -> Result<(AttachmentLayout, Vec<Option<LineCol>>), CatalogError> {
    let heading = loc.text(raw.heading, "attachment heading")?;
    let item_column = loc.text(raw.item_column, "attachment item_column")?;
    let document_column = loc.text(raw.document_column, "attachment document_column")?;
    if raw.rows.is_empty() {
        return Err(loc.error(None, CatalogErrorKind::NoRows));
    }
    let mut rows: Vec<AttachmentRow> = Vec::with_capacity(raw.rows.len());
    let mut positions = Vec::with_capacity(raw.rows.len());
    for row in raw.rows {
        let at = loc.at(&row.clause);
        let clause = loc.id(row.clause, "attachment row clause")?;
        if rows.iter().any(|existing| existing.clause == clause) {
            return Err(loc.error(Some(at), CatalogErrorKind::DuplicateRow { clause }));
        }
        let title = loc.text(row.title, &format!("attachment row `{clause}`: title"))?;
        rows.push(AttachmentRow { clause, title });
        positions.push(Some(at));
    }
    Ok((
        AttachmentLayout {
            heading,
            item_column,
            document_column,
            rows,
        },
        positions,
    ))
}

/// Every parent exists and no chain of parents returns to where it started.
fn check_parents(
    loc: &Locator<'_>,
    items: &[Item],
    parent_at: &[Option<LineCol>],
) -> Result<(), CatalogError> {
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(at, item)| (item.id.as_str(), at))
        .collect();
    for (item, at) in items.iter().zip(parent_at) {
        let Some(parent) = &item.parent else { continue };
        if !index.contains_key(parent.as_str()) {
            return Err(loc.error(
                *at,
                CatalogErrorKind::UnknownParent {
                    item: item.id.clone(),
                    parent: parent.clone(),
                },
            ));
        }
        let mut current = parent.as_str();
        for _ in 0..items.len() {
            if current == item.id {
                return Err(loc.error(
                    *at,
                    CatalogErrorKind::ParentCycle {
                        item: item.id.clone(),
                    },
                ));
            }
            match index
                .get(current)
                .and_then(|&position| items[position].parent.as_deref())
            {
                Some(next) => current = next,
                None => break,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
id = "demo"
version = "1"
title = { ja = "デモ", en = "Demo" }
source = { notice = "Demo notice" }

[[items]]
id = "a"
statement = { ja = "あ", en = "A" }

[[items]]
id = "b"
parent = "a"
title = { en = "B" }
"#;

    #[test]
    fn minimal_catalog_inherits_the_catalog_source() {
        let catalog = parse_catalog("demo.toml", MINIMAL).unwrap();
        assert_eq!(catalog.id, "demo");
        assert_eq!(catalog.items.len(), 2);
        let b = catalog.item("b").unwrap();
        assert_eq!(b.source.notice, "Demo notice");
        assert_eq!(b.source.item, "b");
        assert_eq!(b.parent.as_deref(), Some("a"));
        assert!(b.statement.is_blank());
        assert_eq!(b.text().en, "B");
        assert_eq!(b.annex_f, AnnexF::Required);
        assert_eq!(catalog.file(), "demo.toml");
    }

    #[test]
    fn parent_cycle_is_refused() {
        let text = MINIMAL.replace("id = \"a\"\n", "id = \"a\"\nparent = \"b\"\n");
        let error = parse_catalog("demo.toml", &text).unwrap_err();
        assert_eq!(
            error.kind(),
            &CatalogErrorKind::ParentCycle { item: "a".into() }
        );
        assert_eq!(
            error.to_string(),
            "demo.toml:9:10: item `a`: its parents form a cycle"
        );
    }

    #[test]
    fn empty_japanese_is_refused_where_given() {
        let text = MINIMAL.replace("ja = \"あ\"", "ja = \" \"");
        let error = parse_catalog("demo.toml", &text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "demo.toml:9:20: item `a`: statement (ja) is empty"
        );
    }

    #[test]
    fn item_without_text_or_source_is_refused() {
        let text = MINIMAL.replace("statement = { ja = \"あ\", en = \"A\" }\n", "");
        let error = parse_catalog("demo.toml", &text).unwrap_err();
        assert_eq!(
            error.kind(),
            &CatalogErrorKind::NothingToSay { item: "a".into() }
        );
        let text = MINIMAL.replace("source = { notice = \"Demo notice\" }\n", "");
        let error = parse_catalog("demo.toml", &text).unwrap_err();
        assert_eq!(
            error.kind(),
            &CatalogErrorKind::MissingSource { item: "a".into() }
        );
    }

    #[test]
    fn ids_with_spaces_are_refused() {
        let text = MINIMAL.replace("id = \"b\"", "id = \"b c\"");
        let error = parse_catalog("demo.toml", &text).unwrap_err();
        assert!(matches!(
            error.kind(),
            CatalogErrorKind::InvalidId {
                what: "item id",
                ..
            }
        ));
    }
}
