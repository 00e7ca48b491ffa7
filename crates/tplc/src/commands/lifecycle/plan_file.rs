//! The lifecycle plan file of `tplc lifecycle check --file`: versions with their EOL, EOS,
//! phase, limited-support plan and legacy flag, so CI can check a plan without a server.
//! Reading it; the format and its parser are `tplc_compliance::parse_plan_file`.

use anyhow::{Context, anyhow};
pub(crate) use tplc_compliance::PlanVersion;

/// The largest plan file read.
const MAX_SIZE: u64 = 16 * 1024 * 1024;

/// Reads and checks the plan file at `path`.
pub(crate) fn read(path: &std::path::Path) -> anyhow::Result<Vec<PlanVersion>> {
    let name = path.display().to_string();
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {name}"))?
        .len();
    if size > MAX_SIZE {
        return Err(anyhow!(
            "{name}: {size} bytes, larger than the {MAX_SIZE} accepted for a plan file"
        ));
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
    Ok(tplc_compliance::parse_plan_file(&name, &text)?)
}
