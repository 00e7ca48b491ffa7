//! Release-mode measurement of `read_json`: parse-and-model throughput and peak heap on the
//! synthetic 50,000-component CycloneDX 1.6 BOM of the `tplc` benchmark
//! (`crates/tplc/benches/sbom_parse.rs`, same generator, same shape: pretty-printed, about 75 MB).
//!
//! `cargo run --release -p tplc-cyclonedx --example json_throughput [components] [runs]`
//! Prints the median MB/s over the runs (seven by default) and the peak heap allocated while
//! reading, as a multiple of the input size, measured as the benchmark does (the peak-tracking
//! allocator, the document dropped inside the timed region). Nothing else is asserted.

use std::time::Instant;

use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

fn main() {
    let mut arguments = std::env::args().skip(1);
    let count = arguments
        .next()
        .and_then(|text| text.parse().ok())
        .unwrap_or(50_000);
    let runs: usize = arguments
        .next()
        .and_then(|text| text.parse().ok())
        .unwrap_or(7)
        .max(1);
    let input = tplc_test::synthetic_cyclonedx_json(count);
    let megabytes = input.len() as f64 / 1e6;
    // As in the benchmark, a first document read is alive while the runs are measured (the
    // allocator's state matters: reading into a fragmented heap is slower than into a fresh one).
    let first = tplc_cyclonedx::read_json(&input).expect("the synthetic BOM is valid");
    let mut times = Vec::with_capacity(runs);
    let mut peak = 0;
    for _ in 0..runs {
        let before = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        let start = Instant::now();
        // As in the benchmark, the document is dropped inside the timed region.
        let components = std::hint::black_box(
            tplc_cyclonedx::read_json(std::hint::black_box(&input))
                .map_or(0, |document| document.component_count()),
        );
        times.push(start.elapsed().as_secs_f64());
        peak = peak.max(ALLOCATOR.peak_usage().saturating_sub(before));
        assert_eq!(components, count, "the synthetic BOM is valid");
    }
    assert_eq!(first.component_count(), count);
    times.sort_by(f64::total_cmp);
    let median = times[runs / 2];
    println!(
        "{count} components, {megabytes:.1} MB: median {:.1} ms ({:.1} best), {:.1} MB/s, peak heap {:.1} MB = {:.2}x file",
        median * 1e3,
        times[0] * 1e3,
        megabytes / median,
        peak as f64 / 1e6,
        peak as f64 / input.len() as f64
    );
}
