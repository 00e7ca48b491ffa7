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
use serde_json::json;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const RUNS: usize = 7;

const ECOSYSTEMS: [(&str, &str); 5] = [
    ("npm", ""),
    ("pypi", ""),
    ("maven", "org.example."),
    ("deb", "debian/"),
    ("golang", "github.com/example/"),
];

fn synthetic_bom(count: usize) -> Vec<u8> {
    let ecosystems = ECOSYSTEMS;
    let mut components = Vec::with_capacity(count);
    let mut dependencies = Vec::with_capacity(count + 1);
    let mut root_depends = Vec::new();
    for index in 0..count {
        let name = format!("component-{index}");
        let version = format!("{}.{}.{}", index % 7, index % 13, index % 101);
        let reference = components_ref(&ecosystems, index);
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
            .map(|target| components_ref(&ecosystems, target))
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

fn components_ref(ecosystems: &[(&str, &str)], index: usize) -> String {
    let (kind, namespace) = ecosystems[index % ecosystems.len()];
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

    let cyclonedx = synthetic_bom(count);
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
