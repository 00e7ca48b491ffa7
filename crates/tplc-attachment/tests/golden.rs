//! The `word/document.xml` and the HTML of the sample tables (ja and en, with and without Annex F)
//! compared with the golden files under `tests/golden/` (`TPLC_UPDATE_GOLDEN=1` rewrites them).

mod common;

use std::path::PathBuf;

use tplc_attachment::sample::sample_table;
use tplc_attachment::{Lang, to_docx, to_html};

/// Compares with `tests/golden/<name>`, or rewrites it when `TPLC_UPDATE_GOLDEN=1`.
fn assert_golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("TPLC_UPDATE_GOLDEN").is_some_and(|value| value == "1") {
        std::fs::write(&path, actual).expect("golden file written");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error} (TPLC_UPDATE_GOLDEN=1 writes it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()))
            + 1;
        panic!(
            "{} differs from the output at line {line} (TPLC_UPDATE_GOLDEN=1 rewrites it)",
            path.display()
        );
    }
}

fn check(lang: Lang, annex_f: bool) {
    let table = sample_table(lang, annex_f);
    let name = format!("{}{}", lang.code(), if annex_f { "-annex-f" } else { "" });
    let docx = to_docx(&table).expect("the sample table writes");
    let document = common::entry(&docx, "word/document.xml");
    common::assert_well_formed(&document);
    assert_golden(&format!("{name}.document.xml"), &document);
    assert_golden(&format!("{name}.html"), &to_html(&table));
}

#[test]
fn japanese_table_matches_golden_files() {
    check(Lang::Ja, false);
}

#[test]
fn japanese_table_with_annex_f_matches_golden_files() {
    check(Lang::Ja, true);
}

#[test]
fn english_table_matches_golden_files() {
    check(Lang::En, false);
}

#[test]
fn english_table_with_annex_f_matches_golden_files() {
    check(Lang::En, true);
}
