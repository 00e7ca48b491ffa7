//! Writes the sample attachment and evidence pack into a directory, for `scripts/check_attachment.sh`
//! and for looking at the output by hand.
//!
//! ```text
//! cargo run -p tplc-attachment --example attachment_sample -- target/attachment-check
//! ```
//!
//! Writes `attachment.{docx,html}` (Japanese, documents per row), `attachment-annex-f.{docx,html}`
//! (Japanese, Annex F applied), `attachment-en.{docx,html}` (English), `evidence-pack.zip`
//! (Japanese), and for each DOCX a `<name>.expected.txt` with the strings its text must contain
//! (every row title, every document number and the Annex F sentence, one a line).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tplc_attachment::sample::{sample_pack, sample_table};
use tplc_attachment::{AttachmentTable, Lang, to_docx, to_html, write_pack};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        eprintln!("usage: attachment_sample <output directory>");
        return ExitCode::from(2);
    };
    match run(&PathBuf::from(dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("attachment_sample: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    for (name, table) in [
        ("attachment", sample_table(Lang::Ja, false)),
        ("attachment-annex-f", sample_table(Lang::Ja, true)),
        ("attachment-en", sample_table(Lang::En, false)),
    ] {
        let docx = to_docx(&table).map_err(|error| format!("{name}.docx: {error}"))?;
        write(&dir.join(format!("{name}.docx")), &docx)?;
        write(
            &dir.join(format!("{name}.html")),
            to_html(&table).as_bytes(),
        )?;
        write(
            &dir.join(format!("{name}.expected.txt")),
            expected(&table).as_bytes(),
        )?;
    }
    let pack = write_pack(&sample_pack(Lang::Ja, false))
        .map_err(|error| format!("evidence-pack.zip: {error}"))?;
    write(&dir.join("evidence-pack.zip"), &pack)?;
    println!(
        "wrote the sample attachment and evidence pack to {}",
        dir.display()
    );
    Ok(())
}

/// Every row title, every document number and the Annex F sentence of `table`, one a line.
fn expected(table: &AttachmentTable) -> String {
    let mut lines: Vec<&str> = table.rows.iter().map(|row| row.title.as_str()).collect();
    lines.extend(table.annex_f.as_deref());
    lines.extend(
        table
            .rows
            .iter()
            .flat_map(|row| &row.cell)
            .map(|document| document.number.as_str()),
    );
    lines.iter().map(|line| format!("{line}\n")).collect()
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|error| format!("{}: {error}", path.display()))
}
