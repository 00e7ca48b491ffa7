//! Embeds every `catalogs/*.toml` file of the crate: writes `builtin_catalogs.rs` into `OUT_DIR`
//! with one `include_str!` per file, sorted by name, so adding a catalog needs no code change.

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR not set")?);
    let dir = manifest.join("catalogs");
    println!("cargo::rerun-if-changed=catalogs");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|error| format!("{}: {error}", dir.display()))? {
        let path = entry?.path();
        if path.is_file()
            && path
                .extension()
                .is_some_and(|extension| extension == "toml")
        {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .ok_or_else(|| format!("{}: catalog file names must be UTF-8", path.display()))?
                .to_owned();
            println!("cargo::rerun-if-changed=catalogs/{name}");
            files.push((name, path));
        }
    }
    files.sort();
    let mut code = String::from(
        "/// The embedded catalog files: (`catalogs/<name>`, text), sorted by name.\n\
         pub(crate) static BUILTIN_CATALOGS: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &files {
        let path = path
            .to_str()
            .ok_or_else(|| format!("{}: path is not UTF-8", path.display()))?;
        writeln!(
            code,
            "    ({:?}, include_str!({path:?})),",
            format!("catalogs/{name}")
        )?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?);
    std::fs::write(out.join("builtin_catalogs.rs"), code)?;
    Ok(())
}
