//! Parse-and-model throughput and peak heap of [`tplc_spdx::read_json`] on one thread.
//!
//! `cargo run --release -p tplc-spdx --example spdx_throughput [-- COMPONENTS]` builds the
//! synthetic document of the workspace benchmark (`crates/tplc/benches/sbom_parse.rs`, 50,000
//! components by default) as a model, writes it as SPDX 2.3 JSON and reports the median MB/s
//! over seven runs, the peak heap while parsing, and the heap the resulting model holds.

use std::time::Instant;

use peak_alloc::PeakAlloc;
use tplc_model::SbomDocument;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const RUNS: usize = 7;

/// The model the CycloneDX JSON reader makes of the benchmark's synthetic BOM.
fn synthetic(count: usize) -> SbomDocument {
    tplc_cyclonedx::read_json(&tplc_test::synthetic_cyclonedx_json(count))
        .expect("the synthetic BOM is valid CycloneDX")
}

fn main() {
    let count = std::env::args()
        .skip(1)
        .find_map(|argument| argument.parse().ok())
        .unwrap_or(50_000);
    let runs = std::env::var("RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(RUNS);
    let spdx = tplc_spdx::write_json(&synthetic(count)).bytes;
    let megabytes = spdx.len() as f64 / 1e6;
    let mut times = Vec::with_capacity(runs);
    let mut peak_bytes = 0;
    let mut model_bytes = 0;
    for _ in 0..runs {
        let before = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        let start = Instant::now();
        let document = tplc_spdx::read_json(std::hint::black_box(&spdx));
        times.push(start.elapsed().as_secs_f64());
        peak_bytes = ALLOCATOR
            .peak_usage()
            .saturating_sub(before)
            .max(peak_bytes);
        model_bytes = ALLOCATOR.current_usage().saturating_sub(before);
        let document = document.expect("the synthetic document is valid");
        assert_eq!(document.component_count(), count);
    }
    times.sort_by(f64::total_cmp);
    let median = times[runs / 2];
    println!(
        "spdx-json {megabytes:.1} MB  median {:.1} ms  {:.1} MB/s  peak heap {:.1} MB = {:.2}x file  model {:.1} MB",
        median * 1e3,
        megabytes / median,
        peak_bytes as f64 / 1e6,
        peak_bytes as f64 / spdx.len() as f64,
        model_bytes as f64 / 1e6,
    );
}
