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
use serde_json::json;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const ECOSYSTEMS: [(&str, &str); 5] = [
    ("npm", ""),
    ("pypi", ""),
    ("maven", "org.example."),
    ("deb", "debian/"),
    ("golang", "github.com/example/"),
];

fn synthetic_bom(count: usize) -> Vec<u8> {
    let mut components = Vec::with_capacity(count);
    let mut dependencies = Vec::with_capacity(count + 1);
    let mut root_depends = Vec::new();
    for index in 0..count {
        let name = format!("component-{index}");
        let version = format!("{}.{}.{}", index % 7, index % 13, index % 101);
        let reference = components_ref(index);
        let purl = reference.split('#').next().unwrap_or_default().to_owned();
        components.push(json!({
            "type": "library",
            "bom-ref": reference,
            "supplier": {"name": format!("Supplier {}", index % 500), "url": [format!("https://supplier{}.example", index % 500)]},
            "name": name,
            "version": version,
            "description": "A synthetic component used to measure parsing throughput.",
            "scope": "required",
            "hashes": [{"alg": "SHA-256", "content": format!("{:064x}", index as u128 * 0x9e37_79b9_7f4a_7c15)}],
            "licenses": [{"license": {"id": if index % 3 == 0 { "MIT" } else { "Apache-2.0" }}}],
            "purl": purl,
            "cpe": format!("cpe:2.3:a:supplier{}:{name}:{version}:*:*:*:*:*:*:*", index % 500),
            "externalReferences": [{"type": "website", "url": format!("https://example.org/{name}")}],
            "properties": [{"name": "cdx:fda:level-of-support", "value": "actively maintained"}, {"name": "cdx:fda:end-of-support-date", "value": "2030-12-31"}],
        }));
        if index < 32 {
            root_depends.push(reference.clone());
        }
        let depends_on: Vec<String> = (1..=3)
            .map(|step| index + step * 97)
            .filter(|target| *target < count)
            .map(components_ref)
            .collect();
        dependencies.push(json!({"ref": reference, "dependsOn": depends_on}));
    }
    dependencies.push(json!({"ref": "device", "dependsOn": root_depends}));
    let bom = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        "version": 1,
        "metadata": {
            "timestamp": "2026-11-23T00:00:00Z",
            "authors": [{"name": "Benchmark"}],
            "component": {"type": "device", "bom-ref": "device", "name": "Synthetic Device", "version": "1.0", "supplier": {"name": "ACME Medical"}},
        },
        "components": components,
        "dependencies": dependencies,
    });
    serde_json::to_vec_pretty(&bom).expect("a JSON value serialises")
}

fn components_ref(index: usize) -> String {
    let (kind, namespace) = ECOSYSTEMS[index % ECOSYSTEMS.len()];
    let name = format!("component-{index}");
    let version = format!("{}.{}.{}", index % 7, index % 13, index % 101);
    let purl = match kind {
        "maven" => format!("pkg:maven/{namespace}group{}/{name}@{version}", index % 50),
        "deb" => format!("pkg:deb/{namespace}{name}@{version}-1?arch=amd64&distro=debian-12"),
        "golang" => format!("pkg:golang/{namespace}{name}@v{version}"),
        _ => format!("pkg:{kind}/{name}@{version}"),
    };
    format!("{purl}#{index}")
}

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
    let input = synthetic_bom(count);
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
