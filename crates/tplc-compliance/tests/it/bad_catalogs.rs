//! Bad catalog files give one-line errors naming file, line and column.

use tplc_compliance::{CatalogError, CatalogErrorKind, Catalogs, LineCol, parse_catalog};

/// A valid extra catalog taking its clauses from the built-in JIS catalog.
pub(crate) const VALID: &str = r#"id = "fda-524b"
version = "2023"
title = { en = "FD&C Act section 524B" }
clauses_from = "jis-t-81001-5-1"
source = { notice = "FD&C Act 524B", date = "2022-12-29" }

[[items]]
id = "524b-b-1"
clause = "6"
statement = { en = "Plan to monitor and address postmarket vulnerabilities" }

[[items]]
id = "524b-b-3"
clause = "8"
statement = { en = "Provide a software bill of materials" }
auto = "sbom"
"#;

const FILE: &str = "extra/fda-524b.toml";

/// Loads the built-in catalogs plus `text` as [`FILE`]; the error it gives.
fn load_error(text: &str) -> CatalogError {
    let loaded = Catalogs::builtin().and_then(|catalogs| catalogs.with_sources(&[(FILE, text)]));
    match loaded {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(error) => error,
    }
}

/// The error is one line `<file>:<line>:<col>: <message>` at the given position.
fn assert_located(error: &CatalogError, line: usize, column: usize, message: &str) {
    let shown = error.to_string();
    assert!(!shown.contains('\n'), "one line: {shown:?}");
    assert_eq!(error.file(), FILE);
    assert_eq!(error.at(), Some(LineCol { line, column }), "{shown}");
    assert!(
        shown.starts_with(&format!("{FILE}:{line}:{column}: ")),
        "{shown}"
    );
    assert!(
        shown.contains(message),
        "{shown:?} should contain {message:?}"
    );
}

#[test]
fn the_valid_extra_catalog_loads() {
    let catalogs = Catalogs::builtin()
        .and_then(|catalogs| catalogs.with_sources(&[(FILE, VALID)]))
        .unwrap();
    assert_eq!(
        catalogs.get("fda-524b").map(|catalog| catalog.items.len()),
        Some(2)
    );
}

#[test]
fn duplicate_item_id() {
    let text = VALID.replace(r#"id = "524b-b-3""#, r#"id = "524b-b-1""#);
    let error = load_error(&text);
    assert_eq!(
        error.kind(),
        &CatalogErrorKind::DuplicateItem {
            id: "524b-b-1".into()
        }
    );
    assert_located(&error, 13, 6, "duplicate item id `524b-b-1`");
}

#[test]
fn unknown_field() {
    let text = VALID.replace("auto = \"sbom\"\n", "auto = \"sbom\"\ncolour = \"red\"\n");
    let error = load_error(&text);
    assert!(matches!(error.kind(), CatalogErrorKind::Toml(_)));
    assert_located(&error, 17, 1, "unknown field `colour`");
}

#[test]
fn unknown_top_level_field() {
    let text = format!("edition = 2\n{VALID}");
    let error = load_error(&text);
    assert_located(&error, 1, 1, "unknown field `edition`");
}

#[test]
fn unknown_clause() {
    let text = VALID.replace(r#"clause = "6""#, r#"clause = "10""#);
    let error = load_error(&text);
    assert_eq!(
        error.kind(),
        &CatalogErrorKind::UnknownClause {
            item: "524b-b-1".into(),
            clause: "10".into(),
            catalog: "jis-t-81001-5-1".into()
        }
    );
    assert_located(
        &error,
        9,
        10,
        "item `524b-b-1`: clause `10` does not exist in catalog `jis-t-81001-5-1`",
    );
}

#[test]
fn unknown_clauses_from_catalog() {
    let text = VALID.replace(
        r#"clauses_from = "jis-t-81001-5-1""#,
        r#"clauses_from = "iec-62304""#,
    );
    let error = load_error(&text);
    assert_located(
        &error,
        4,
        16,
        "`clauses_from`: no catalog `iec-62304` is loaded",
    );
}

#[test]
fn duplicate_catalog_id_across_files() {
    let text = VALID.replace(r#"id = "fda-524b""#, r#"id = "jp-mhlw-0523""#);
    let error = load_error(&text);
    assert_located(
        &error,
        1,
        6,
        "duplicate catalog id `jp-mhlw-0523` (also defined in catalogs/jp-mhlw-0523.toml)",
    );
}

#[test]
fn duplicate_catalog_id_within_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), VALID).unwrap();
    std::fs::write(dir.path().join("b.toml"), VALID).unwrap();
    let error = Catalogs::load_dir(dir.path()).unwrap_err();
    let shown = error.to_string();
    assert!(error.file().ends_with("b.toml"), "{shown}");
    assert_eq!(error.at(), Some(LineCol { line: 1, column: 6 }));
    assert!(
        shown.contains("duplicate catalog id `fda-524b` (also defined in "),
        "{shown}"
    );
    assert!(shown.contains("a.toml)"), "{shown}");
}

#[test]
fn bad_enum_value() {
    let text = VALID.replace(r#"auto = "sbom""#, r#"auto = "spreadsheet""#);
    let error = load_error(&text);
    assert_located(
        &error,
        16,
        8,
        "unknown variant `spreadsheet`, expected one of `sbom`, `vulnerability_procedure`, `advisory_history`",
    );
    let text = VALID.replace(r#"auto = "sbom""#, r#"annex_f = "optional""#);
    let error = load_error(&text);
    assert_located(
        &error,
        16,
        11,
        "unknown variant `optional`, expected `required` or `waived`",
    );
}

#[test]
fn empty_statement() {
    let text = VALID.replace(
        r#"statement = { en = "Provide a software bill of materials" }"#,
        r#"statement = { en = "   " }"#,
    );
    let error = load_error(&text);
    assert_eq!(
        error.kind(),
        &CatalogErrorKind::EmptyText {
            what: "item `524b-b-3`: statement (en)".into()
        }
    );
    assert_located(&error, 15, 20, "item `524b-b-3`: statement (en) is empty");
}

#[test]
fn missing_english() {
    let text = VALID.replace(
        r#"statement = { en = "Provide a software bill of materials" }"#,
        r#"statement = { ja = "SBOMを提供する" }"#,
    );
    let error = load_error(&text);
    assert_eq!(error.at().map(|at| at.line), Some(15));
    assert!(error.to_string().contains("missing field `en`"), "{error}");
}

#[test]
fn unknown_parent() {
    let text = VALID.replace(
        "auto = \"sbom\"\n",
        "auto = \"sbom\"\nparent = \"524b-a\"\n",
    );
    let error = load_error(&text);
    assert_located(
        &error,
        17,
        10,
        "item `524b-b-3`: parent `524b-a` is not an item of this catalog",
    );
}

#[test]
fn missing_clause_when_clauses_come_from_a_catalog() {
    let text = VALID.replace("clause = \"8\"\n", "");
    let error = load_error(&text);
    assert_eq!(
        error.kind(),
        &CatalogErrorKind::MissingClause {
            item: "524b-b-3".into(),
            catalog: "jis-t-81001-5-1".into()
        }
    );
    // The position of the item's `[[items]]` header.
    assert_located(&error, 12, 1, "item `524b-b-3`: `clause` is required");
}

#[test]
fn bad_date() {
    let text = VALID.replace("2022-12-29", "2022-13-29");
    let error = load_error(&text);
    assert_eq!(error.at().map(|at| at.line), Some(5));
    assert!(
        error
            .to_string()
            .contains("invalid date `2022-13-29`: expected YYYY-MM-DD"),
        "{error}"
    );
}

#[test]
fn toml_syntax_error() {
    let text = VALID.replace(r#"version = "2023""#, r#"version = "2023"#);
    let error = load_error(&text);
    let shown = error.to_string();
    assert!(!shown.contains('\n'), "{shown:?}");
    assert!(shown.starts_with(&format!("{FILE}:2:")), "{shown}");
}

#[test]
fn no_items() {
    let end = VALID.find("[[items]]").unwrap_or(VALID.len());
    let error = parse_catalog(FILE, &VALID[..end]).unwrap_err();
    assert_eq!(error.kind(), &CatalogErrorKind::NoItems);
}

#[test]
fn attachment_rows_are_checked() {
    let catalogs = Catalogs::builtin().unwrap();
    let notice = catalogs.get("jp-mhlw-0523").unwrap();
    let (_, builtin_text) = tplc_compliance::builtin_sources()
        .iter()
        .find(|(name, _)| name.ends_with("jp-mhlw-0523.toml"))
        .copied()
        .unwrap();
    assert_eq!(
        notice.attachment.as_ref().map(|layout| layout.rows.len()),
        Some(6)
    );
    // A second row for clause 4.
    let doubled = builtin_text.replacen(
        "clause = \"5\"\ntitle = { ja = \"ソフトウェア開発",
        "clause = \"4\"\ntitle = { ja = \"ソフトウェア開発",
        1,
    );
    let error = parse_catalog("jp.toml", &doubled).unwrap_err();
    assert_eq!(
        error.kind(),
        &CatalogErrorKind::DuplicateRow { clause: "4".into() }
    );
    // Without the row for clause 9 the problem-resolution item has nowhere to go.
    let without_nine = builtin_text.replacen(
        "[[attachment.rows]]\nclause = \"9\"\ntitle = { ja = \"ソフトウェア問題解決プロセス\", en = \"Software problem resolution process\" }\n",
        "",
        1,
    );
    assert_ne!(without_nine, builtin_text);
    let error = parse_catalog("jp.toml", &without_nine).unwrap_err();
    assert_eq!(
        error.kind(),
        &CatalogErrorKind::ItemWithoutRow {
            item: "jp0523-1-6-a".into(),
            clause: "9".into()
        }
    );
    // A row for a clause the JIS catalog lacks.
    let row_nine = "title = { ja = \"ソフトウェア問題解決プロセス\", en = \"Software problem resolution process\" }\n";
    let extra_row = builtin_text
        .replacen("id = \"jp-mhlw-0523\"", "id = \"jp-copy\"", 1)
        .replacen(
            row_nine,
            &format!(
                "{row_nine}\n[[attachment.rows]]\nclause = \"10\"\ntitle = {{ en = \"Other\" }}\n"
            ),
            1,
        );
    let error = catalogs
        .with_sources(&[("jp-copy.toml", &extra_row)])
        .unwrap_err();
    assert_eq!(
        error.kind(),
        &CatalogErrorKind::UnknownRowClause {
            clause: "10".into(),
            catalog: "jis-t-81001-5-1".into()
        }
    );
    let line = extra_row
        .lines()
        .position(|line| line == "clause = \"10\"")
        .map(|at| at + 1);
    assert_eq!(error.at(), line.map(|line| LineCol { line, column: 10 }));
}

#[test]
fn unreadable_directory() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let error = Catalogs::load_dir(&missing).unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!("{}: cannot read catalog: ", missing.display())),
        "{shown}"
    );
    assert!(!shown.contains('\n'));
    assert_eq!(error.at(), None);
}

#[test]
fn a_bad_file_in_a_directory_is_named_by_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, VALID.replace(r#"auto = "sbom""#, r#"auto = "csv""#)).unwrap();
    let error = Catalogs::load_dir(dir.path()).unwrap_err();
    assert_eq!(
        error.to_string().split(": ").next(),
        Some(format!("{}:16:8", path.display()).as_str())
    );
}
