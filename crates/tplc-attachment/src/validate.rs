//! Checks of an attachment table before it is written, with JSON pointers to the bad field.

use std::collections::BTreeMap;

use crate::error::AttachmentError;
use crate::escape::is_forbidden_in_xml;
use crate::model::AttachmentTable;

/// Checks that `table` can be written: a heading, column titles and at least one row; every row
/// with a clause and a title, no clause twice; every document with a number and a title; an Annex F
/// sentence that is not blank; and no control character that a document cannot hold in any text.
/// `prefix` is put before every JSON pointer (empty for a table on its own).
pub(crate) fn check_table(table: &AttachmentTable, prefix: &str) -> Result<(), AttachmentError> {
    required(&table.heading, &format!("{prefix}/heading"))?;
    required(&table.column_titles.0, &format!("{prefix}/column_titles/0"))?;
    required(&table.column_titles.1, &format!("{prefix}/column_titles/1"))?;
    text(&table.generated_at, &format!("{prefix}/generated_at"))?;
    let product = &table.product;
    for (field, value) in [
        ("name", &product.name),
        ("generic_name", &product.generic_name),
        ("approval_number", &product.approval_number),
        ("version", &product.version),
    ] {
        text(value, &format!("{prefix}/product/{field}"))?;
    }
    if table.rows.is_empty() {
        return Err(AttachmentError::invalid(
            format!("{prefix}/rows"),
            "the table has no rows",
        ));
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, row) in table.rows.iter().enumerate() {
        let at = format!("{prefix}/rows/{index}");
        required(&row.clause, &format!("{at}/clause"))?;
        required(&row.title, &format!("{at}/title"))?;
        if let Some(first) = seen.insert(row.clause.trim(), index) {
            return Err(AttachmentError::invalid(
                format!("{at}/clause"),
                format!(
                    "clause {:?} is already in {prefix}/rows/{first}",
                    row.clause.trim()
                ),
            ));
        }
        if let Some(note) = &row.note {
            text(note, &format!("{at}/note"))?;
        }
        for (number, document) in row.cell.iter().enumerate() {
            let at = format!("{at}/cell/{number}");
            required(&document.number, &format!("{at}/number"))?;
            required(&document.title, &format!("{at}/title"))?;
            text(&document.version, &format!("{at}/version"))?;
            for (item, id) in document.item_ids.iter().enumerate() {
                text(id, &format!("{at}/item_ids/{item}"))?;
            }
        }
    }
    if let Some(sentence) = &table.annex_f {
        required(sentence, &format!("{prefix}/annex_f"))?;
    }
    Ok(())
}

/// A text that must not be blank and must be writable.
fn required(value: &str, pointer: &str) -> Result<(), AttachmentError> {
    if value.trim().is_empty() {
        return Err(AttachmentError::invalid(pointer, "must not be empty"));
    }
    text(value, pointer)
}

/// A text that must be writable into XML.
fn text(value: &str, pointer: &str) -> Result<(), AttachmentError> {
    match value.chars().find(|c| is_forbidden_in_xml(*c)) {
        Some(c) => Err(AttachmentError::invalid(
            pointer,
            format!(
                "control character U+{:04X} cannot be written into a document",
                u32::from(c)
            ),
        )),
        None => Ok(()),
    }
}
