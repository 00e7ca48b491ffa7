//! `tplc scan`: SBOMs against the local vulnerability database.

use tplc_vulndb::{ComponentInput, Level};

use crate::Outcome;
use crate::cli::{FailOn, ScanArgs, ScanFormat};
use crate::scan_output::{self, ScannedSbom};
use crate::{output, sbom_io};

fn threshold(fail_on: FailOn) -> Level {
    match fail_on {
        FailOn::Low => Level::Low,
        FailOn::Medium => Level::Medium,
        FailOn::High => Level::High,
        FailOn::Critical => Level::Critical,
    }
}

pub(crate) fn run(arguments: &ScanArgs) -> anyhow::Result<Outcome> {
    let database = super::db::open(&arguments.location)?;
    let mut scanned = Vec::with_capacity(arguments.sboms.len());
    for path in &arguments.sboms {
        let document = sbom_io::read_path(path, arguments.limits.max_size)?;
        let components = ComponentInput::from_document(&document);
        let report = tplc_vulndb::scan(&database, &components)?;
        scanned.push(ScannedSbom {
            path: path.clone(),
            document,
            report,
        });
    }
    let text = match arguments.format {
        ScanFormat::Table => scan_output::table(&scanned),
        ScanFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&scan_output::json(&scanned))?
        ),
        ScanFormat::Sarif => format!(
            "{}\n",
            serde_json::to_string_pretty(&scan_output::sarif(&scanned))?
        ),
        ScanFormat::CyclonedxVex => format!(
            "{}\n",
            serde_json::to_string_pretty(&scan_output::cyclonedx_vex(&scanned))?
        ),
    };
    output::emit(text.as_bytes(), arguments.output.as_deref())?;
    let failed = arguments.fail_on.map(threshold).is_some_and(|threshold| {
        scanned
            .iter()
            .flat_map(|sbom| &sbom.report.findings)
            .any(|finding| finding.vulnerability.severity >= threshold)
    });
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}
