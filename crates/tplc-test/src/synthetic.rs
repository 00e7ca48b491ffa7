//! A synthetic SBOM for throughput measurements.

use serde_json::json;

const ECOSYSTEMS: [(&str, &str); 5] = [
    ("npm", ""),
    ("pypi", ""),
    ("maven", "org.example."),
    ("deb", "debian/"),
    ("golang", "github.com/example/"),
];

/// A synthetic CycloneDX 1.6 JSON BOM of `count` components (plus a device as top-level
/// component) with realistic fields: supplier with URL, description, scope, SHA-256, licence id,
/// purl of five ecosystems, CPE, an external reference, two FDA properties and a dependency graph
/// of up to three edges per component; pretty-printed with keys in sorted order. The benchmark
/// `crates/tplc/benches/sbom_parse.rs` and the readers' throughput examples measure it.
#[must_use]
pub fn synthetic_cyclonedx_json(count: usize) -> Vec<u8> {
    let mut components = Vec::with_capacity(count);
    let mut dependencies = Vec::with_capacity(count + 1);
    let mut root_depends = Vec::new();
    for index in 0..count {
        let name = format!("component-{index}");
        let version = format!("{}.{}.{}", index % 7, index % 13, index % 101);
        let reference = synthetic_reference(index);
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
            .map(synthetic_reference)
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
    serde_json::to_vec_pretty(&bom).unwrap_or_default()
}

/// The `bom-ref` of the synthetic component `index` (its purl and `#index`).
#[must_use]
pub fn synthetic_reference(index: usize) -> String {
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
