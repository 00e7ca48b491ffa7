//! Times reading every `all.zip` of the shared OSV data set (the main set; `--malicious` adds
//! `malicious/`; `--sequential` turns read-ahead off) and prints records/s and MB/s of JSON.
//!
//! ```sh
//! cargo run --release -p tplc-advisory --example read_osv [-- --malicious --sequential DIR]
//! ```

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut malicious = false;
    let mut options = tplc_advisory::ReadOptions::default();
    let mut root: Option<PathBuf> = None;
    for argument in std::env::args().skip(1) {
        if argument == "--malicious" {
            malicious = true;
        } else if argument == "--sequential" {
            options.read_ahead = false;
        } else {
            root = Some(PathBuf::from(argument));
        }
    }
    let Some(root) = root.or_else(|| tplc_test::data("osv")) else {
        return;
    };
    let mut archives: Vec<PathBuf> = Vec::new();
    let mut folders = vec![root.clone()];
    if malicious {
        folders.push(root.join("malicious"));
    }
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let archive = entry.path().join("all.zip");
            if archive.is_file() {
                archives.push(archive);
            }
        }
    }
    archives.sort();
    let (mut records, mut failed, mut bytes) = (0_usize, 0_usize, 0_u64);
    let started = Instant::now();
    for archive in &archives {
        let one = Instant::now();
        let mut errors = Vec::new();
        let mut visit = |result: Result<tplc_advisory::Advisory, tplc_advisory::RecordError>| {
            if let Err(error) = result {
                errors.push(error);
            }
        };
        match tplc_advisory::read_osv_path_with(archive, &options, &mut visit) {
            Ok(summary) => {
                records += summary.read;
                failed += summary.failed;
                println!(
                    "{:>7} records {:>3} failed  {:>7.1} ms  {}",
                    summary.read,
                    summary.failed,
                    one.elapsed().as_secs_f64() * 1e3,
                    archive.display()
                );
            }
            Err(error) => {
                println!("error: {error}");
                failed += 1;
            }
        }
        for error in errors.iter().take(5) {
            println!("  {error}");
        }
        bytes += uncompressed_size(archive);
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "total: {records} records, {failed} failed, {:.1} MB of JSON in {:.3} s: {:.0} records/s, {:.1} MB/s",
        bytes as f64 / 1e6,
        seconds,
        records as f64 / seconds,
        bytes as f64 / 1e6 / seconds
    );
}

/// The sum of the archive's entries' uncompressed sizes, from its central directory.
fn uncompressed_size(archive: &PathBuf) -> u64 {
    let Ok(file) = std::fs::File::open(archive) else {
        return 0;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return 0;
    };
    (0..zip.len())
        .filter_map(|index| zip.by_index_raw(index).ok().map(|entry| entry.size()))
        .sum()
}
