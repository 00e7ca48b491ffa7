//! Release-mode sanity measurement: parse-and-model throughput and peak memory on a generated
//! 50,000-component CycloneDX 1.6 BOM.
//!
//! `cargo run --release -p tplc-cyclonedx --example throughput [components]`
//! Prints MB/s of `read_json` (best of five) and the growth of the peak resident set size
//! (Linux `VmHWM`) over the input size. Nothing is asserted.

use std::fmt::Write as _;
use std::time::Instant;

fn generate(count: usize) -> String {
    let mut out = String::from(
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,"metadata":{"timestamp":"2024-01-01T00:00:00Z","component":{"type":"device","name":"infusion-pump","version":"3.2.1","bom-ref":"root"}},"components":["#,
    );
    for index in 0..count {
        if index > 0 {
            out.push(',');
        }
        write!(
            out,
            r#"{{"type":"library","bom-ref":"pkg:npm/package-{index}@1.{index}.0","supplier":{{"name":"Supplier {index}"}},"group":"@scope{}","name":"package-{index}","version":"1.{index}.0","description":"A generated component number {index} for measuring throughput","scope":"required","hashes":[{{"alg":"SHA-256","content":"{:064x}"}}],"licenses":[{{"license":{{"id":"MIT"}}}}],"purl":"pkg:npm/%40scope{}/package-{index}@1.{index}.0","externalReferences":[{{"type":"vcs","url":"https://github.com/example/package-{index}"}}],"properties":[{{"name":"cdx:npm:package:path","value":"node_modules/package-{index}"}}]}}"#,
            index % 50,
            index,
            index % 50
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str(r#"],"dependencies":[{"ref":"root","dependsOn":["#);
    for index in 0..count.min(1000) {
        if index > 0 {
            out.push(',');
        }
        write!(out, r#""pkg:npm/package-{index}@1.{index}.0""#)
            .expect("writing to a String cannot fail");
    }
    out.push_str("]}]}");
    out
}

fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let count = std::env::args()
        .nth(1)
        .and_then(|text| text.parse().ok())
        .unwrap_or(50_000);
    let input = generate(count);
    let megabytes = input.len() as f64 / 1_000_000.0;
    let before = peak_resident_kib();
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        let document =
            tplc_cyclonedx::read_json(input.as_bytes()).expect("the generated BOM is valid");
        let seconds = start.elapsed().as_secs_f64();
        assert_eq!(document.component_count(), count);
        best = best.min(seconds);
    }
    let after = peak_resident_kib();
    println!(
        "{count} components, {megabytes:.1} MB: best {:.1} ms, {:.0} MB/s",
        best * 1000.0,
        megabytes / best
    );
    if let (Some(before), Some(after)) = (before, after) {
        let growth = after.saturating_sub(before) as f64 * 1024.0 / input.len() as f64;
        println!(
            "peak resident set grew by {:.2}x the input size during reading",
            growth
        );
    }
    let start = Instant::now();
    let document = tplc_cyclonedx::read_json(input.as_bytes()).expect("the generated BOM is valid");
    let written = tplc_cyclonedx::write_json(&document);
    println!(
        "write_json: {:.1} ms, {} bytes, {} omissions",
        start.elapsed().as_secs_f64() * 1000.0,
        written.bytes.len(),
        written.omissions.len()
    );
}
