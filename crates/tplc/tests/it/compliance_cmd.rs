//! `tplc compliance catalogs` (listing, a bad catalog directory) and `tplc compliance status`
//! against a database prepared through `tplc_store`.

use crate::support::{assert_input_error, temporary_dir, tplc};

/// A valid extra catalog taking its clauses from the built-in JIS catalog.
const EXTRA: &str = r#"id = "fda-524b"
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

/// A directory holding `files` (name, text).
fn catalog_dir(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = temporary_dir(name);
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("write a catalog");
    }
    dir
}

#[test]
fn catalogs_are_listed_with_their_item_counts() {
    let run = tplc(&["compliance", "catalogs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|line| line.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0][..4], ["Catalog", "Version", "Items", "Source"]);
    let jp = rows
        .iter()
        .find(|row| row.first() == Some(&"jp-mhlw-0523"))
        .unwrap_or_else(|| panic!("no jp-mhlw-0523 in {}", run.stdout));
    assert_eq!(jp[2..4], ["16", "built-in"]);
    assert!(
        rows.iter()
            .any(|row| row.first() == Some(&"jis-t-81001-5-1"))
    );
    assert!(
        run.stdout.ends_with("2 catalogs checked: valid\n"),
        "{}",
        run.stdout
    );

    let run = tplc(&["compliance", "catalogs", "--lang", "ja"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("医療機器の基本要件基準第12条第3項の適合性の確認について"),
        "{}",
        run.stdout
    );

    let dir = catalog_dir(
        "catalogs-extra",
        &[("fda-524b.toml", EXTRA), ("notes.txt", "x")],
    );
    let run = tplc(&[
        "compliance",
        "catalogs",
        "--catalog-dir",
        &dir.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let catalogs = listed["catalogs"].as_array().expect("catalogs");
    assert_eq!(catalogs.len(), 3, "{catalogs:?}");
    let extra = catalogs
        .iter()
        .find(|catalog| catalog["id"] == "fda-524b")
        .expect("the extra catalog");
    assert_eq!(extra["items"], 2);
    assert_eq!(
        extra["source"],
        dir.join("fda-524b.toml").display().to_string()
    );
    assert_eq!(extra["clauses_from"], "jis-t-81001-5-1");
}

#[test]
fn a_bad_catalog_dir_is_one_located_line() {
    // A catalog id already built in.
    let duplicate_catalog = EXTRA.replacen("fda-524b", "jp-mhlw-0523", 1);
    let dir = catalog_dir("catalogs-dup-id", &[("mine.toml", &duplicate_catalog)]);
    let file = dir.join("mine.toml").display().to_string();
    let run = tplc(&[
        "compliance",
        "catalogs",
        "--catalog-dir",
        &dir.display().to_string(),
    ]);
    assert_input_error(
        &run,
        &format!(
            "{file}:1:6: duplicate catalog id `jp-mhlw-0523` (also defined in \
             catalogs/jp-mhlw-0523.toml)"
        ),
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);

    // Two items with one id: the second is named.
    let duplicate_item = EXTRA.replace("524b-b-3", "524b-b-1");
    let dir = catalog_dir("catalogs-dup-item", &[("fda.toml", &duplicate_item)]);
    let file = dir.join("fda.toml").display().to_string();
    let run = tplc(&[
        "compliance",
        "catalogs",
        "--catalog-dir",
        &dir.display().to_string(),
    ]);
    assert_input_error(&run, &format!("{file}:13:6: duplicate item id `524b-b-1`"));

    // An unknown key.
    let unknown = EXTRA.replace("auto = \"sbom\"", "automatic = \"sbom\"");
    let dir = catalog_dir("catalogs-unknown-key", &[("fda.toml", &unknown)]);
    let file = dir.join("fda.toml").display().to_string();
    let run = tplc(&[
        "compliance",
        "catalogs",
        "--catalog-dir",
        &dir.display().to_string(),
    ]);
    assert_input_error(&run, &format!("{file}:16:1: unknown field `automatic`"));

    let run = tplc(&[
        "compliance",
        "catalogs",
        "--catalog-dir",
        "/nonexistent/dir",
    ]);
    assert_input_error(&run, "/nonexistent/dir: cannot read catalog");
}

/// A database with organization "Acme Medical" — product SP-200, versions 1.0 (item 1(1) a
/// approved, 1(2) b drafted) and 2.0 (inheriting), product SP-300 1.0 with every item of
/// `jp-mhlw-0523` approved — and a second organization; the data directory.
fn prepared_database(name: &str) -> String {
    use tplc_store::{
        EvidenceKind, EvidenceStatus, NewEvidenceLink, NewProduct, NewProductVersion,
        OrganizationKind,
    };
    let dir = temporary_dir(name);
    let catalogs = tplc_compliance::Catalogs::builtin().expect("catalogs");
    let items: Vec<String> = catalogs
        .get(tplc_compliance::JP_MHLW_0523)
        .expect("jp-mhlw-0523")
        .items
        .iter()
        .map(|item| item.id.clone())
        .collect();
    assert_eq!(items.len(), 16);
    let document = |item: &str, number: &str, status| NewEvidenceLink {
        document_number: number.into(),
        title: format!("Procedure {number}"),
        document_version: "2".into(),
        ..NewEvidenceLink::new(
            tplc_compliance::JP_MHLW_0523,
            item,
            EvidenceKind::Document,
            status,
            "test",
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store = tplc_store::Store::open_default(&dir).await.expect("store");
        let mut tx = store.begin().await.expect("begin");
        let org = tx
            .create_organization(OrganizationKind::Manufacturer, "Acme Medical")
            .await
            .expect("org");
        tx.create_organization(OrganizationKind::HealthcareProvider, "City Hospital")
            .await
            .expect("second org");
        let product = |name: &str| NewProduct {
            name: name.into(),
            ..NewProduct::default()
        };
        let sp200 = tx
            .create_product(org.id, &product("SP-200"))
            .await
            .expect("SP-200");
        let v1 = tx
            .create_product_version(org.id, sp200.id, &NewProductVersion::new("1.0"))
            .await
            .expect("1.0");
        tx.create_product_version(org.id, sp200.id, &NewProductVersion::new("2.0"))
            .await
            .expect("2.0");
        tx.add_evidence(
            org.id,
            v1.id,
            &document("jp0523-1-1-a", "QMS-001", EvidenceStatus::Approved),
        )
        .await
        .expect("link 1(1) a");
        tx.add_evidence(
            org.id,
            v1.id,
            &document("jp0523-1-2-b", "DEV-002", EvidenceStatus::Drafted),
        )
        .await
        .expect("link 1(2) b");
        let sp300 = tx
            .create_product(org.id, &product("SP-300"))
            .await
            .expect("SP-300");
        let complete = tx
            .create_product_version(org.id, sp300.id, &NewProductVersion::new("1.0"))
            .await
            .expect("SP-300 1.0");
        for (index, item) in items.iter().enumerate() {
            let number = format!("DOC-{index:02}");
            tx.add_evidence(
                org.id,
                complete.id,
                &document(item, &number, EvidenceStatus::Approved),
            )
            .await
            .expect("link");
        }
        tx.commit().await.expect("commit");
        store.close().await;
    });
    dir.display().to_string()
}

#[test]
fn status_lists_items_and_gaps_from_the_database() {
    let data = prepared_database("compliance-status");
    let status = |product: &str, version: &str, extra: &[&str]| {
        let mut arguments = vec![
            "compliance",
            "status",
            "--data-dir",
            &data,
            "--org",
            "Acme Medical",
            "--product",
            product,
            "--version",
            version,
        ];
        arguments.extend_from_slice(extra);
        tplc(&arguments)
    };

    let run = status("SP-200", "1.0", &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("SP-200 1.0: jp-mhlw-0523 1.0 — Confirmation of conformity"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Annex F: not recorded\nGaps: 15 of 16 items\n"),
        "{}",
        run.stdout
    );
    let row = |item: &str| {
        run.stdout
            .lines()
            .find(|line| line.starts_with(item))
            .unwrap_or_else(|| panic!("no row {item} in {}", run.stdout))
            .to_owned()
    };
    let met = row("jp0523-1-1-a");
    assert!(met.contains("Shown"), "{met}");
    assert!(
        met.contains("QMS-001 Procedure QMS-001 2 [Approved]"),
        "{met}"
    );
    assert!(row("jp0523-1-2-b").contains("No approved internal document"));
    assert!(row("jp0523-1-5-a").contains("tplc: SBOM (none yet)"));

    let run = status("SP-200", "1.0", &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["gaps"], 15);
    assert_eq!(json["items"].as_array().map(Vec::len), Some(16));
    assert_eq!(json["items"][0]["item"]["id"], "jp0523-1-1-a");
    assert_eq!(json["items"][0]["state"], "met");
    let gap_list = json["gap_list"].as_array().expect("gap list");
    assert_eq!(gap_list.len(), 15);
    let drafted = gap_list
        .iter()
        .find(|gap| gap["item_id"] == "jp0523-1-2-b")
        .expect("1(2) b is a gap");
    assert_eq!(drafted["reason"], "not_approved");

    // 2.0 inherits 1.0's evidence.
    let run = status("SP-200", "2.0", &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["gaps"], 15);
    assert_eq!(
        json["items"][0]["evidence"][0]["inherited_from"]["label"],
        "1.0"
    );
    let run = status("SP-200", "2.0", &["--lang", "ja"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("記載文書"), "{}", run.stdout);
    assert!(
        run.stdout.contains("[承認済み]（1.0から継承）"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("未確認：16項目中15項目"),
        "{}",
        run.stdout
    );

    // Every item approved: no gap, exit 0.
    let run = status("SP-300", "1.0", &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Gaps: 0 of 16 items"), "{}", run.stdout);
    assert!(run.stdout.ends_with("No gaps.\n"), "{}", run.stdout);
}

#[test]
fn status_errors_are_one_line() {
    let data = prepared_database("compliance-status-errors");
    let base = ["compliance", "status", "--data-dir", &data];
    let run = tplc(&[&base[..], &["--product", "SP-200", "--version", "1.0"]].concat());
    assert_input_error(&run, "several organizations: give --org");
    let org = ["--org", "Acme Medical"];
    let run = tplc(
        &[
            &base[..],
            &org,
            &["--product", "SP-999", "--version", "1.0"],
        ]
        .concat(),
    );
    assert_input_error(
        &run,
        "no product \"SP-999\" in organization \"Acme Medical\"",
    );
    let run = tplc(
        &[
            &base[..],
            &org,
            &["--product", "SP-200", "--version", "9.9"],
        ]
        .concat(),
    );
    assert_input_error(&run, "no version \"9.9\" of \"SP-200\" (it has 1.0, 2.0)");
    let run = tplc(
        &[
            &base[..],
            &org,
            &[
                "--product",
                "SP-200",
                "--version",
                "1.0",
                "--catalog",
                "iso-9999",
            ],
        ]
        .concat(),
    );
    assert_input_error(
        &run,
        "unknown catalog `iso-9999` (loaded: jis-t-81001-5-1, jp-mhlw-0523)",
    );
}
