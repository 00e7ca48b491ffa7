//! Parse-and-model throughput and peak memory of the SBOM readers.
//!
//! `cargo bench -p tplc --bench sbom_parse [-- COMPONENTS]` generates a synthetic CycloneDX 1.6
//! JSON BOM of 50,000 components (realistic fields: purl, CPE, hashes, licences, supplier,
//! properties, a dependency graph), writes it and its SPDX 2.3 JSON equivalent under
//! `target/bench/`, and reports for each reader the median MB/s over several runs on one thread
//! and the peak heap allocated while parsing, as a multiple of the file size. With
//! `--peer`, it then runs `scripts/bench_peer.py` (cyclonedx-python-lib and spdx-tools on the
//! same files) and prints the same-run ratio.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const RUNS: usize = 7;

struct Measured {
    median_seconds: f64,
    peak_bytes: usize,
}

fn measure(bytes: &[u8], parse: impl Fn(&[u8]) -> usize) -> Measured {
    let mut times = Vec::with_capacity(RUNS);
    let mut peak_bytes = 0;
    for _ in 0..RUNS {
        let before = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        let start = Instant::now();
        let components = std::hint::black_box(parse(std::hint::black_box(bytes)));
        times.push(start.elapsed().as_secs_f64());
        peak_bytes = peak_bytes.max(ALLOCATOR.peak_usage().saturating_sub(before));
        assert!(components > 0);
    }
    times.sort_by(f64::total_cmp);
    Measured {
        median_seconds: times[RUNS / 2],
        peak_bytes,
    }
}

/// Prints one reader's figures; returns its MB/s.
fn report(label: &str, bytes: &[u8], measured: &Measured) -> f64 {
    let megabytes = bytes.len() as f64 / 1e6;
    println!(
        "{label:<24} {megabytes:>7.1} MB  median {:>7.1} ms  {:>7.1} MB/s  peak heap {:>7.1} MB = {:.2}x file",
        measured.median_seconds * 1e3,
        megabytes / measured.median_seconds,
        measured.peak_bytes as f64 / 1e6,
        measured.peak_bytes as f64 / bytes.len() as f64
    );
    megabytes / measured.median_seconds
}

fn main() {
    let arguments: Vec<String> = std::env::args()
        .skip(1)
        .filter(|argument| argument != "--bench")
        .collect();
    let peer = arguments.iter().any(|argument| argument == "--peer");
    let count = arguments
        .iter()
        .find_map(|argument| argument.parse().ok())
        .unwrap_or(50_000);
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&directory).expect("target/bench is writable");

    let cyclonedx = tplc_test::synthetic_cyclonedx_json(count);
    let document = tplc_cyclonedx::read_json(&cyclonedx).expect("the synthetic BOM is valid");
    let spdx = tplc_spdx::write_json(&document).bytes;
    let xml = tplc_cyclonedx_xml::write_xml(&document).bytes;
    let cyclonedx_path = directory.join(format!("synthetic-{count}.cdx.json"));
    let spdx_path = directory.join(format!("synthetic-{count}.spdx.json"));
    std::fs::write(&cyclonedx_path, &cyclonedx).expect("write the CycloneDX file");
    std::fs::write(&spdx_path, &spdx).expect("write the SPDX file");
    println!(
        "{count} components, {} cores available, {RUNS} runs each, one thread",
        std::thread::available_parallelism().map_or(1, usize::from)
    );

    let parse_cyclonedx = |bytes: &[u8]| {
        tplc_cyclonedx::read_json(bytes).map_or(0, |document| document.component_count())
    };
    let cyclonedx_rate = report(
        "tplc cyclonedx-json",
        &cyclonedx,
        &measure(&cyclonedx, parse_cyclonedx),
    );
    let parse_xml = |bytes: &[u8]| {
        tplc_cyclonedx_xml::read_xml(bytes).map_or(0, |document| document.component_count())
    };
    let _xml_rate = report("tplc cyclonedx-xml", &xml, &measure(&xml, parse_xml));
    let parse_spdx =
        |bytes: &[u8]| tplc_spdx::read_json(bytes).map_or(0, |document| document.component_count());
    let spdx_rate = report("tplc spdx-json", &spdx, &measure(&spdx, parse_spdx));

    if peer {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/bench_peer.py");
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        let status = Command::new(python)
            .arg(script)
            .arg(&cyclonedx_path)
            .arg(&spdx_path)
            .arg(format!("--tplc-cyclonedx-mbps={cyclonedx_rate:.1}"))
            .arg(format!("--tplc-spdx-mbps={spdx_rate:.1}"))
            .status();
        if !status.is_ok_and(|status| status.success()) {
            println!("peer benchmark did not run (pip install -r scripts/requirements.txt)");
        }
    }
}
