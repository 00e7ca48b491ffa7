//! Writes a prefilled sample MDS2 workbook.
//!
//! ```text
//! cargo run -p tplc-mds2 --example mds2_sample -- OUT.xlsx [--lang ja|en]
//! ```
//!
//! Prints each prefilled answer as `<question id>\t<answer cell>\t<note>` on standard output,
//! in form order, so that a checker (scripts/check_mds2.py) can compare the workbook's cells.

use std::process::ExitCode;

use tplc_mds2::{KnownFacts, Lang, Mds2Form, prefill_detailed, write_xlsx_in};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("mds2_sample: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut path = None;
    let mut lang = Lang::En;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--lang" {
            let value = args.next().ok_or("--lang needs a value (ja or en)")?;
            lang = value.parse().map_err(|e| format!("--lang: {e}"))?;
        } else if path.is_none() {
            path = Some(arg);
        } else {
            return Err(format!("unexpected argument {arg:?}"));
        }
    }
    let path = path.ok_or("usage: mds2_sample OUT.xlsx [--lang ja|en]")?;

    let facts = KnownFacts {
        manufacturer: "Example Medical Co., Ltd.".into(),
        device: "Infusion pump with network connection".into(),
        model: "IP-200".into(),
        version: "2.1.0".into(),
        document_id: "MDS2-IP-200-2.1.0".into(),
        date: "2026-03-20".into(),
        security_contact: "psirt@example.com".into(),
        sbom_available: true,
        sbom_format: Some("CycloneDX 1.6".into()),
        component_count: 42,
        components_with_supplier: 40,
        components_with_version: 42,
        has_vulnerability_procedure: true,
        scope_recorded: true,
        has_network: true,
        has_wireless: false,
        has_usb: true,
        lang,
    };
    let form = Mds2Form::hn_1_2019();
    let prefilled = prefill_detailed(form, &facts);
    let bytes = write_xlsx_in(form, &prefilled.document, lang).map_err(|e| e.to_string())?;
    std::fs::write(&path, bytes).map_err(|e| format!("{path}: {e}"))?;
    for id in &prefilled.prefilled {
        let cell = prefilled
            .document
            .answer(id)
            .cell_value()
            .unwrap_or_default();
        let note = prefilled.document.note(id);
        println!("{id}\t{}\t{}", escape(cell), escape(note));
    }
    Ok(())
}

/// Tabs, newlines and backslashes escaped so each answer stays on one line.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}
