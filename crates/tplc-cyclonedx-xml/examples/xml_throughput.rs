//! Parse-and-model throughput and peak heap of [`tplc_cyclonedx_xml::read_xml`] on one thread.
//!
//! `cargo run --release -p tplc-cyclonedx-xml --example xml_throughput [-- COMPONENTS]` builds the
//! synthetic document of the workspace benchmark (`crates/tplc/benches/sbom_parse.rs`, 50,000
//! components by default) as a model, writes it as CycloneDX XML and reports the median MB/s
//! over seven runs, the peak heap while parsing, and the heap the resulting model holds.

use std::time::Instant;

use peak_alloc::PeakAlloc;
use tplc_model::{
    Component, ComponentType, Dependency, ExternalReference, Hash, HashAlgorithm, LicenseChoice,
    LicenseKind, OrganizationalContact, OrganizationalEntity, Property, SbomDocument, Scope,
    SourceFormat,
};

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

fn reference(index: usize) -> String {
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

/// The model the CycloneDX JSON reader makes of the benchmark's synthetic BOM.
fn synthetic(count: usize) -> SbomDocument {
    let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.6");
    document.serial_number = Some("urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427".into());
    document.version = Some(1);
    document.metadata.timestamp = Some("2026-11-23T00:00:00Z".into());
    document
        .metadata
        .authors
        .push(OrganizationalContact::named("Benchmark"));
    let mut device = Component::new(ComponentType::Device, "Synthetic Device");
    device.bom_ref = Some("device".into());
    device.version = Some("1.0".into());
    device.supplier = Some(OrganizationalEntity::named("ACME Medical"));
    document.metadata.component = Some(Box::new(device));
    let mut root = Dependency::new("device");
    for index in 0..count {
        let name = format!("component-{index}");
        let version = format!("{}.{}.{}", index % 7, index % 13, index % 101);
        let reference = reference(index);
        let mut component = Component::new(ComponentType::Library, name.clone());
        component.purl = reference.split('#').next().map(str::to_owned);
        component.bom_ref = Some(reference.clone());
        let mut supplier = OrganizationalEntity::named(format!("Supplier {}", index % 500));
        supplier
            .urls
            .push(format!("https://supplier{}.example", index % 500));
        component.supplier = Some(supplier);
        component.cpe = Some(format!(
            "cpe:2.3:a:supplier{}:{name}:{version}:*:*:*:*:*:*:*",
            index % 500
        ));
        component.version = Some(version);
        component.description =
            Some("A synthetic component used to measure parsing throughput.".into());
        component.scope = Some(Scope::Required);
        component.hashes.push(Hash {
            algorithm: HashAlgorithm::Sha256,
            value: format!("{:064x}", index as u128 * 0x9e37_79b9_7f4a_7c15),
        });
        let license = if index % 3 == 0 { "MIT" } else { "Apache-2.0" };
        component
            .licenses
            .push(LicenseChoice::new(LicenseKind::Id(license.into())));
        component.external_references.push(ExternalReference::new(
            "website",
            format!("https://example.org/{name}"),
        ));
        component.properties.push(Property::new(
            "cdx:fda:level-of-support",
            "actively maintained",
        ));
        component
            .properties
            .push(Property::new("cdx:fda:end-of-support-date", "2030-12-31"));
        if index < 32 {
            root.depends_on.push(reference.clone());
        }
        let mut dependency = Dependency::new(reference);
        dependency.depends_on = (1..=3)
            .map(|step| index + step * 97)
            .filter(|target| *target < count)
            .map(self::reference)
            .collect();
        document.dependencies.push(dependency);
        document.components.push(component);
    }
    document.dependencies.push(root);
    document
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
    let xml = tplc_cyclonedx_xml::write_xml(&synthetic(count)).bytes;
    let megabytes = xml.len() as f64 / 1e6;
    let mut times = Vec::with_capacity(runs);
    let mut peak_bytes = 0;
    let mut model_bytes = 0;
    for _ in 0..runs {
        let before = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        let start = Instant::now();
        let document = tplc_cyclonedx_xml::read_xml(std::hint::black_box(&xml));
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
        "cyclonedx-xml {megabytes:.1} MB  median {:.1} ms  {:.1} MB/s  peak heap {:.1} MB = {:.2}x file  model {:.1} MB",
        median * 1e3,
        megabytes / median,
        peak_bytes as f64 / 1e6,
        peak_bytes as f64 / xml.len() as f64,
        model_bytes as f64 / 1e6,
    );
}
