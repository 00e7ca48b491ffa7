//! Performance of the vulnerability engine on the real OSV data (issue 3).
//!
//! `cargo bench -p tplc-vulndb --bench engine [-- --peer]` measures, on the main set of
//! `../shared/data/osv/` (every `all.zip` outside `malicious/`):
//!
//! 1. `import` into a fresh directory (median of 3), records/s;
//! 2. `Database::open` (median of many);
//! 3. a scan of the largest SBOM (`containers/newrelic_synthetics-minion-runner.trivy.spdx.json`,
//!    already parsed): cold (fresh open + first scan, records decoded lazily) and warm (median);
//! 4. `scan_portfolio` over a synthetic portfolio of 1,000 SBOM versions × 500 components drawn
//!    from the advisories' own package names and event versions (20 products × 50 versions, each
//!    version changing ~5 % of its components), on a 2-thread rayon pool;
//! 5. peak memory of import, of open + scan of the largest SBOM and of open + portfolio scan:
//!    each phase runs again in a child process of this bench (`--memory-child`), which reads
//!    its components from a plain TSV file, notes its resident set, resets the kernel's peak
//!    (`/proc/self/clear_refs`) and reports `VmHWM` afterwards. (No counting allocator: an
//!    atomic high-water mark costs a third of the portfolio time on two threads.)
//!
//! With `--peer` it writes the same inputs to a JSON file and runs
//! `scripts/bench_match_univers.py` (the same matching in Python with `univers`), then prints
//! the same-run speed ratios and the difference between the two finding sets. Nothing is
//! asserted on timings. `--profile evaluation` or `--profile portfolio` repeats that phase for
//! 20 s (after the setup) and prints nothing more, for `perf record`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};
use tplc_advisory::{Advisory, EventKind, RangeKind};
use tplc_purl::Purl;
use tplc_version::Scheme;
use tplc_vulndb::keys::component_candidates;
use tplc_vulndb::{ComponentInput, Database, SourceKind};

const IMPORT_RUNS: usize = 3;
const OPEN_RUNS: usize = 50;
const COLD_RUNS: usize = 5;
const WARM_RUNS: usize = 21;
const PORTFOLIO_RUNS: usize = 3;
const PRODUCTS: usize = 20;
const VERSIONS: usize = 50;
const COMPONENTS: usize = 500;
const LARGEST: &str = "sboms/containers/newrelic_synthetics-minion-runner.trivy.spdx.json";

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn ms(seconds: f64) -> String {
    format!("{:.1} ms", seconds * 1e3)
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Resets the kernel's peak-RSS counter of this process (Linux `clear_refs` 5).
fn reset_hwm() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A `/proc/self/status` figure (`VmHWM`, `VmRSS`), in bytes.
fn status_bytes(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|line| line.starts_with(field))
        .and_then(|line| line.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |kilobytes| kilobytes * 1024)
}

/// Writes SBOMs as TSV (sbom, bom-ref, name, version, purl, CPE), for the memory children.
fn write_tsv(path: &Path, sboms: &[&[ComponentInput]]) {
    let clean = |text: &Option<String>| {
        text.as_deref()
            .unwrap_or_default()
            .replace(['\t', '\n'], " ")
    };
    let mut out = String::new();
    for (index, sbom) in sboms.iter().enumerate() {
        for component in *sbom {
            out.push_str(&format!(
                "{index}\t{}\t{}\t{}\t{}\t{}\n",
                clean(&component.bom_ref),
                component.name.replace(['\t', '\n'], " "),
                clean(&component.version),
                clean(&component.purl),
                clean(&component.cpe)
            ));
        }
    }
    std::fs::write(path, out).expect("write the TSV");
}

fn read_tsv(path: &Path) -> Vec<Vec<ComponentInput>> {
    use std::io::BufRead;
    let file = std::io::BufReader::new(std::fs::File::open(path).expect("open the TSV"));
    let mut sboms: Vec<Vec<ComponentInput>> = Vec::new();
    let some = |field: &str| (!field.is_empty()).then(|| field.to_owned());
    for line in file.lines() {
        let line = line.expect("read the TSV");
        let fields: Vec<&str> = line.split('\t').collect();
        let index: usize = fields[0].parse().expect("an SBOM index");
        if sboms.len() <= index {
            sboms.resize_with(index + 1, Vec::new);
        }
        sboms[index].push(ComponentInput {
            bom_ref: some(fields[1]),
            name: fields[2].to_owned(),
            version: some(fields[3]),
            purl: some(fields[4]),
            cpe: some(fields[5]),
            excluded: false,
        });
    }
    sboms
}

/// Runs one phase in a child process; returns (resident before, peak resident) in bytes.
fn memory_of(phase: &str, db_dir: &Path, input: &Path, osv: &[PathBuf]) -> Option<(usize, usize)> {
    let output = Command::new(std::env::current_exe().ok()?)
        .arg("--memory-child")
        .arg(phase)
        .arg(db_dir)
        .arg(input)
        .args(osv)
        .output()
        .ok()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().find(|line| line.starts_with("memory "))?;
    let mut numbers = line
        .split_whitespace()
        .skip(1)
        .filter_map(|part| part.parse().ok());
    Some((numbers.next()?, numbers.next()?))
}

/// The child side of [`memory_of`].
fn memory_child(arguments: &[String]) {
    let [phase, db_dir, input, osv @ ..] = arguments else {
        return;
    };
    let db_dir = Path::new(db_dir);
    let sboms = if phase == "import" {
        Vec::new()
    } else {
        read_tsv(Path::new(input))
    };
    let before = status_bytes("VmRSS:");
    reset_hwm();
    match phase.as_str() {
        "import" => {
            let zips: Vec<PathBuf> = osv.iter().map(PathBuf::from).collect();
            tplc_vulndb::import(db_dir, SourceKind::Osv, &zips, &mut |_progress| {})
                .expect("import");
        }
        "scan" => {
            let db = Database::open(db_dir).expect("open");
            let report = tplc_vulndb::scan(&db, &sboms[0]).expect("scan");
            drop(std::hint::black_box(report));
        }
        _ => {
            let db = Database::open(db_dir).expect("open");
            let reports = tplc_vulndb::scan_portfolio(&db, &sboms).expect("scan");
            drop(std::hint::black_box(reports));
        }
    }
    println!("memory {before} {}", status_bytes("VmHWM:"));
}

fn mb_pair(figures: Option<(usize, usize)>) -> String {
    figures.map_or_else(
        || "?".to_owned(),
        |(before, peak)| {
            format!(
                "peak RSS {} ({} above the {} before)",
                mb(peak),
                mb(peak.saturating_sub(before)),
                mb(before)
            )
        },
    )
}

/// SplitMix64: a small deterministic generator, so every run builds the same portfolio.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn osv_zips(osv: &Path) -> Vec<PathBuf> {
    tplc_test::files_under(osv, |name| name.ends_with("all.zip"))
        .into_iter()
        .filter(|zip| !zip.components().any(|part| part.as_os_str() == "malicious"))
        .collect()
}

/// The version `text` with its last run of digits moved by `delta` (None when it has none or
/// it would go below zero).
fn nudge(text: &str, delta: i64) -> Option<String> {
    let bytes = text.as_bytes();
    let end = bytes.iter().rposition(u8::is_ascii_digit)? + 1;
    let start = bytes[..end]
        .iter()
        .rposition(|byte| !byte.is_ascii_digit())
        .map_or(0, |position| position + 1);
    let number: i64 = text[start..end].parse().ok()?;
    let moved = number.checked_add(delta).filter(|moved| *moved >= 0)?;
    Some(format!("{}{moved}{}", &text[..start], &text[end..]))
}

/// One package of the pool: how to write its purl, and versions around its events.
#[derive(Debug, Clone)]
struct Package {
    family: usize,
    purl_type: &'static str,
    namespace: Option<String>,
    name: String,
    distro: Option<String>,
    go: bool,
    versions: Vec<String>,
    /// Just above the highest version named: most often after every fix.
    latest: Option<String>,
}

/// The ecosystem families the portfolio draws from, with their share of each SBOM (percent).
const FAMILIES: &[(&str, u64)] = &[
    ("AlmaLinux", 40),
    ("Go", 20),
    ("PyPI", 15),
    ("crates.io", 10),
    ("Packagist", 5),
    ("Bitnami", 5),
    ("other", 5),
];

fn package_of(ecosystem: &str, name: &str, versions: &BTreeSet<String>) -> Option<Package> {
    let (base, release) = ecosystem.split_once(':').unwrap_or((ecosystem, ""));
    let split = |separator: char| match name.rsplit_once(separator) {
        Some((namespace, name)) => (Some(namespace.to_owned()), name.to_owned()),
        None => (None, name.to_owned()),
    };
    let (family, purl_type, (namespace, short), distro) = match base {
        "AlmaLinux" => (
            0,
            "rpm",
            (Some("almalinux".to_owned()), name.to_owned()),
            Some(format!("almalinux-{release}")),
        ),
        "Go" => (1, "golang", split('/'), None),
        "PyPI" => (2, "pypi", (None, name.to_owned()), None),
        "crates.io" => (3, "cargo", (None, name.to_owned()), None),
        "Packagist" => (4, "composer", split('/'), None),
        "Bitnami" => (5, "bitnami", (None, name.to_owned()), None),
        "Julia" => (6, "julia", (None, name.to_owned()), None),
        "Hackage" => (6, "hackage", (None, name.to_owned()), None),
        "CRAN" => (6, "cran", (None, name.to_owned()), None),
        "opam" => (6, "opam", (None, name.to_owned()), None),
        "Maven" => (6, "maven", split(':'), None),
        _ => return None,
    };
    let mut around = BTreeSet::new();
    for version in versions {
        around.insert(version.clone());
        around.extend(nudge(version, 1));
        around.extend(nudge(version, -1));
    }
    let go = base == "Go";
    let latest = Scheme::from_osv_ecosystem(ecosystem).and_then(|scheme| {
        versions
            .iter()
            .filter(|version| scheme.parse(version).is_ok())
            .max_by(|a, b| scheme.compare(a, b).unwrap_or(std::cmp::Ordering::Equal))
            .and_then(|highest| nudge(highest, 1))
    });
    Some(Package {
        family,
        purl_type,
        namespace,
        name: short,
        distro,
        go,
        versions: around.into_iter().collect(),
        latest,
    })
}

/// Every (ecosystem, name) of the advisories, with the versions named in its events and lists.
fn pool(advisories: &[Advisory]) -> Vec<Vec<Package>> {
    let mut seen: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for advisory in advisories {
        for affected in &advisory.affected {
            let versions = seen
                .entry((affected.ecosystem.clone(), affected.name.clone()))
                .or_default();
            for range in &affected.ranges {
                if !matches!(range.kind, RangeKind::Semver | RangeKind::Ecosystem) {
                    continue;
                }
                for event in &range.events {
                    let special = (event.kind == EventKind::Introduced && event.version == "0")
                        || event.kind == EventKind::Limit;
                    if !special && !event.version.is_empty() {
                        versions.insert(event.version.clone());
                    }
                }
            }
            versions.extend(affected.versions.iter().take(8).cloned());
        }
    }
    let mut families = vec![Vec::new(); FAMILIES.len()];
    for ((ecosystem, name), versions) in &seen {
        if versions.is_empty() {
            continue;
        }
        if let Some(package) = package_of(ecosystem, name, versions) {
            families[package.family].push(package);
        }
    }
    families
}

fn component(package: &Package, version: &str, index: usize) -> Option<ComponentInput> {
    let (epoch, bare) = match version.split_once(':') {
        Some((epoch, rest)) if package.purl_type == "rpm" => (Some(epoch), rest),
        _ => (None, version),
    };
    let bare = if package.go && !bare.starts_with('v') {
        format!("v{bare}")
    } else {
        bare.to_owned()
    };
    let mut builder = Purl::builder(package.purl_type, package.name.clone()).version(bare.clone());
    if let Some(namespace) = &package.namespace {
        builder = builder.namespace(namespace.clone());
    }
    if let Some(epoch) = epoch {
        builder = builder.qualifier("epoch", epoch);
    }
    if let Some(distro) = &package.distro {
        builder = builder.qualifier("distro", distro.clone());
    }
    let purl = builder.build().ok()?.to_string();
    Some(ComponentInput {
        bom_ref: Some(format!("c{index}")),
        name: package.name.clone(),
        version: Some(bare),
        purl: Some(purl),
        cpe: None,
        excluded: false,
    })
}

/// A version of a package: half the time just above the highest version its advisories name
/// (a current release, mostly not affected), else one at or next to an event version (affected
/// or not depending on the ranges).
fn pick<'a>(package: &'a Package, rng: &mut Rng) -> &'a str {
    match &package.latest {
        Some(latest) if rng.chance(50) => latest,
        _ => &package.versions[rng.below(package.versions.len())],
    }
}

/// A package drawn for an SBOM, and one of its versions.
fn draw(
    families: &[Vec<Package>],
    rng: &mut Rng,
    alma_release: &str,
    index: usize,
) -> ComponentInput {
    loop {
        let mut roll = rng.below(100) as u64;
        let mut family = 0;
        for (position, (_, share)) in FAMILIES.iter().enumerate() {
            if roll < *share {
                family = position;
                break;
            }
            roll -= share;
        }
        let packages = &families[family];
        if packages.is_empty() {
            continue;
        }
        let package = &packages[rng.below(packages.len())];
        if family == 0 && package.distro.as_deref() != Some(alma_release) {
            continue;
        }
        if let Some(component) = component(package, pick(package, rng), index) {
            return component;
        }
    }
}

/// 20 products × 50 versions × 500 components; each version changes ~5 % of the previous one
/// (two thirds of the changes a new version of the same package, one third another package).
fn portfolio(families: &[Vec<Package>]) -> Vec<Vec<ComponentInput>> {
    let mut rng = Rng(0x7D1C_2026);
    let by_key: HashMap<String, &Package> = families
        .iter()
        .flatten()
        .map(|package| (package_key(package), package))
        .collect();
    let mut sboms = Vec::with_capacity(PRODUCTS * VERSIONS);
    for product in 0..PRODUCTS {
        let alma = if product % 2 == 0 {
            "almalinux-8"
        } else {
            "almalinux-9"
        };
        let mut current: Vec<(ComponentInput, String)> = (0..COMPONENTS)
            .map(|index| {
                let component = draw(families, &mut rng, alma, index);
                let key = purl_package(&component);
                (component, key)
            })
            .collect();
        for _ in 0..VERSIONS {
            sboms.push(
                current
                    .iter()
                    .map(|(component, _)| component.clone())
                    .collect(),
            );
            for _ in 0..COMPONENTS / 20 {
                let slot = rng.below(COMPONENTS);
                let package = by_key.get(&current[slot].1).copied();
                let replaced = match package {
                    Some(package) if !rng.chance(33) => {
                        let version = pick(package, &mut rng);
                        component(package, version, slot)
                            .map(|component| (component, current[slot].1.clone()))
                    }
                    _ => None,
                };
                current[slot] = replaced.unwrap_or_else(|| {
                    let component = draw(families, &mut rng, alma, slot);
                    let key = purl_package(&component);
                    (component, key)
                });
            }
        }
    }
    sboms
}

fn package_key(package: &Package) -> String {
    format!(
        "{}/{}/{}/{}",
        package.purl_type,
        package.namespace.as_deref().unwrap_or_default(),
        package.name,
        package.distro.as_deref().unwrap_or_default()
    )
}

fn purl_package(component: &ComponentInput) -> String {
    let purl = component
        .purl
        .as_deref()
        .and_then(|purl| Purl::parse(purl).ok());
    purl.map_or_else(String::new, |purl| {
        format!(
            "{}/{}/{}/{}",
            purl.package_type(),
            purl.namespace().unwrap_or_default(),
            purl.name(),
            purl.qualifier("distro").unwrap_or_default()
        )
    })
}

/// A component as the Python reference reads it: the keys the Rust side mapped it to.
fn peer_component(component: &ComponentInput) -> Value {
    let candidates = component
        .purl
        .as_deref()
        .and_then(|purl| Purl::parse(purl).ok())
        .and_then(|purl| component_candidates(&purl, component.version.as_deref()).ok())
        .unwrap_or_default();
    let keys: Vec<Value> = candidates
        .iter()
        .map(|candidate| {
            let (ecosystem, name) = candidate
                .key
                .split_once('\0')
                .unwrap_or((&candidate.key, ""));
            json!({"ecosystem": ecosystem, "name": name, "version": candidate.version})
        })
        .collect();
    let first = keys.first().cloned().unwrap_or(Value::Null);
    // `version` is the component's own; each key carries the version to evaluate there (an rpm
    // epoch prefixed, a source package's version).
    json!({
        "purl": component.purl,
        "ecosystem": first.get("ecosystem"),
        "name": first.get("name"),
        "version": component.version,
        "keys": keys,
    })
}

/// (component index, advisory id) pairs before alias merging.
fn raw_pairs(db: &Database, components: &[ComponentInput]) -> BTreeSet<(usize, String)> {
    let (matches, _) = tplc_vulndb::raw_matches(db, components).expect("records read");
    matches
        .into_iter()
        .map(|found| (found.component, found.reason.advisory))
        .collect()
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let result = work();
    (result, start.elapsed().as_secs_f64())
}

fn met(seconds: f64, target: f64) -> &'static str {
    if seconds < target { "met" } else { "MISSED" }
}

#[allow(clippy::too_many_lines)]
fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if arguments
        .first()
        .is_some_and(|first| first == "--memory-child")
    {
        memory_child(&arguments[1..]);
        return;
    }
    let peer = arguments.iter().any(|argument| argument == "--peer");
    let profile = arguments
        .iter()
        .position(|argument| argument == "--profile")
        .and_then(|position| arguments.get(position + 1).cloned());
    let Some(osv) = tplc_test::data("osv") else {
        return;
    };
    let Some(largest_path) = tplc_test::data(LARGEST) else {
        return;
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let load_average = || {
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "vulnerability engine benchmark: {cores} cores available (std::thread::available_parallelism), scans on a 2-thread rayon pool; load average {}",
        load_average()
    );
    let zips = osv_zips(&osv);
    let pool2 = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a rayon pool");
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let scratch = tempfile::tempdir().expect("a temp dir");

    // 1. Import.
    let db_dir = scratch.path().join("db");
    let mut import_times = Vec::new();
    let mut records = 0;
    for run in 0..IMPORT_RUNS {
        let dir = scratch.path().join(format!("import-{run}"));
        let (report, seconds) = timed(|| {
            tplc_vulndb::import(&dir, SourceKind::Osv, &zips, &mut |_progress| {}).expect("import")
        });
        import_times.push(seconds);
        records = report.read;
        if run == 0 {
            std::fs::rename(&dir, &db_dir).expect("keep the first database");
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    let import_time = median(import_times);
    let db_bytes = std::fs::metadata(db_dir.join("vulndb.bin")).map_or(0, |meta| meta.len());
    let zip_arguments: Vec<PathBuf> = zips.clone();
    let import_memory = memory_of(
        "import",
        &scratch.path().join("import-memory"),
        Path::new("-"),
        &zip_arguments,
    );
    rows.push((
        format!("import main set ({records} records, {} zips)", zips.len()),
        format!("{} (median of {IMPORT_RUNS})", ms(import_time)),
        format!(
            "{:.0} records/s; file {:.1} MB; {}",
            records as f64 / import_time,
            db_bytes as f64 / 1e6,
            mb_pair(import_memory)
        ),
    ));

    // 2. Load.
    let open_time = median(
        (0..OPEN_RUNS)
            .map(|_| {
                let (db, seconds) = timed(|| Database::open(&db_dir).expect("open"));
                drop(std::hint::black_box(db));
                seconds
            })
            .collect(),
    );
    rows.push((
        "`Database::open`".into(),
        format!("{} (median of {OPEN_RUNS})", ms(open_time)),
        format!("target < 100 ms: {}", met(open_time, 0.1)),
    ));

    // 3. The largest SBOM.
    let bytes = std::fs::read(&largest_path).expect("read the largest SBOM");
    let document = tplc_spdx::read_json(&bytes).expect("the largest SBOM parses");
    let largest = ComponentInput::from_document(&document);
    let mut cold_total = Vec::new();
    let mut cold_scan = Vec::new();
    for _ in 0..COLD_RUNS {
        let (opened, seconds) = timed(|| Database::open(&db_dir).expect("open"));
        let (report, scan_seconds) =
            timed(|| pool2.install(|| tplc_vulndb::scan(&opened, &largest).expect("scan")));
        cold_total.push(seconds + scan_seconds);
        cold_scan.push(scan_seconds);
        drop(std::hint::black_box(report));
    }
    let db = Database::open(&db_dir).expect("open");
    let first = pool2.install(|| tplc_vulndb::scan(&db, &largest).expect("scan"));
    let warm = median(
        (0..WARM_RUNS)
            .map(|_| {
                let (report, seconds) =
                    timed(|| pool2.install(|| tplc_vulndb::scan(&db, &largest).expect("scan")));
                drop(std::hint::black_box(report));
                seconds
            })
            .collect(),
    );
    let largest_raw = raw_pairs(&db, &largest);
    let largest_tsv = scratch.path().join("largest.tsv");
    write_tsv(&largest_tsv, &[&largest]);
    let scan_memory = memory_of("scan", &db_dir, &largest_tsv, &[]);
    rows.push((
        format!(
            "largest SBOM ({} components, {} unscannable, {} findings), warm scan",
            largest.len(),
            first.unscannable.len(),
            first.findings.len()
        ),
        format!("{} (median of {WARM_RUNS})", ms(warm)),
        format!("target < 50 ms: {}", met(warm, 0.05)),
    ));
    let cold = median(cold_total);
    rows.push((
        "largest SBOM, cold: fresh `Database::open` + first scan".into(),
        format!("{} (median of {COLD_RUNS})", ms(cold)),
        format!(
            "of which the scan {}; {}",
            ms(median(cold_scan)),
            mb_pair(scan_memory)
        ),
    ));

    // 4. The synthetic portfolio.
    let mut advisories = Vec::new();
    for zip in &zips {
        tplc_advisory::read_osv_path(zip, &mut |record| {
            if let Ok(advisory) = record {
                advisories.push(advisory);
            }
        })
        .expect("the archive reads");
    }
    let families = pool(&advisories);
    drop(advisories);
    let sboms = portfolio(&families);
    let pool_sizes: Vec<String> = FAMILIES
        .iter()
        .zip(&families)
        .map(|((name, share), packages)| format!("{name} {share}% of {}", packages.len()))
        .collect();
    drop(families);
    let distinct: BTreeSet<(&str, &str)> = sboms
        .iter()
        .flatten()
        .filter_map(|component| Some((component.purl.as_deref()?, component.version.as_deref()?)))
        .collect();
    let distinct_components: Vec<ComponentInput> = distinct
        .iter()
        .map(|(purl, version)| ComponentInput {
            name: String::new(),
            purl: Some((*purl).to_owned()),
            version: Some((*version).to_owned()),
            ..ComponentInput::default()
        })
        .collect();
    if let Some(phase) = profile.as_deref() {
        // `--profile PHASE`: repeat one phase for 20 s under a profiler (`perf record`), no report.
        let start = Instant::now();
        while start.elapsed().as_secs() < 20 {
            pool2.install(|| match phase {
                "evaluation" => drop(tplc_vulndb::raw_matches(&db, &distinct_components)),
                _ => drop(tplc_vulndb::scan_portfolio(&db, &sboms)),
            });
        }
        return;
    }
    let mut portfolio_cold = Vec::new();
    let mut findings = 0;
    let mut affected_components = 0;
    for _ in 0..PORTFOLIO_RUNS {
        let ((reports, _), seconds) = timed(|| {
            let opened = Database::open(&db_dir).expect("open");
            let reports =
                pool2.install(|| tplc_vulndb::scan_portfolio(&opened, &sboms).expect("scan"));
            (reports, opened)
        });
        portfolio_cold.push(seconds);
        findings = reports
            .iter()
            .map(|report| report.findings.len())
            .sum::<usize>();
        affected_components = reports
            .iter()
            .map(|report| {
                report
                    .findings
                    .iter()
                    .map(|finding| finding.component)
                    .collect::<BTreeSet<_>>()
                    .len()
            })
            .sum::<usize>();
        drop(std::hint::black_box(reports));
    }
    let portfolio_warm = median(
        (0..PORTFOLIO_RUNS)
            .map(|_| {
                let (reports, seconds) = timed(|| {
                    pool2.install(|| tplc_vulndb::scan_portfolio(&db, &sboms).expect("scan"))
                });
                drop(std::hint::black_box(reports));
                seconds
            })
            .collect(),
    );
    let portfolio_time = median(portfolio_cold);
    let components_total: usize = sboms.iter().map(Vec::len).sum();
    let portfolio_tsv = scratch.path().join("portfolio.tsv");
    let sbom_slices: Vec<&[ComponentInput]> = sboms.iter().map(Vec::as_slice).collect();
    write_tsv(&portfolio_tsv, &sbom_slices);
    let portfolio_memory = memory_of("portfolio", &db_dir, &portfolio_tsv, &[]);

    // Where the portfolio time goes: the evaluation of each distinct (purl, version) once (what
    // `raw_matches` does for them as one list), against the per-SBOM report assembly.
    let evaluation = median(
        (0..PORTFOLIO_RUNS)
            .map(|_| {
                let (found, seconds) = timed(|| {
                    pool2.install(|| {
                        tplc_vulndb::raw_matches(&db, &distinct_components).expect("raw")
                    })
                });
                drop(std::hint::black_box(found));
                seconds
            })
            .collect(),
    );
    let one_sbom = median(
        sboms
            .iter()
            .step_by(50)
            .map(|sbom| timed(|| pool2.install(|| tplc_vulndb::scan(&db, sbom).expect("scan"))).1)
            .collect(),
    );
    let one_raw = median(
        sboms
            .iter()
            .step_by(50)
            .map(|sbom| {
                timed(|| pool2.install(|| tplc_vulndb::raw_matches(&db, sbom).expect("raw"))).1
            })
            .collect(),
    );
    let fresh = Database::open(&db_dir).expect("open");
    let (_, evaluation_cold) = timed(|| {
        pool2.install(|| tplc_vulndb::raw_matches(&fresh, &distinct_components).expect("raw"))
    });
    drop(fresh);

    rows.push((
        format!(
            "portfolio: {} SBOMs × {COMPONENTS} = {components_total} components ({} distinct purl+version), cold: fresh open + `scan_portfolio`",
            sboms.len(),
            distinct.len()
        ),
        format!("{} (median of {PORTFOLIO_RUNS})", ms(portfolio_time)),
        format!(
            "{findings} findings ({affected_components} affected components); target < 1 s: {}",
            met(portfolio_time, 1.0)
        ),
    ));
    rows.push((
        "portfolio, warm (records already decoded)".into(),
        format!("{} (median of {PORTFOLIO_RUNS})", ms(portfolio_warm)),
        format!(
            "{:.0} components/s; {}",
            components_total as f64 / portfolio_warm,
            mb_pair(portfolio_memory)
        ),
    ));
    rows.push((
        "portfolio phase: evaluating the distinct purl+versions once (`raw_matches` on them)"
            .into(),
        format!("{} warm, {} cold", ms(evaluation), ms(evaluation_cold)),
        format!(
            "the rest of `scan_portfolio` ({} warm) is per-SBOM report assembly",
            ms((portfolio_warm - evaluation).max(0.0))
        ),
    ));
    rows.push((
        "portfolio phase: one SBOM of it with `scan` (median of 20)".into(),
        ms(one_sbom),
        format!(
            "of which `raw_matches` (lookup + evaluation, no alias merging or finding assembly) {}; × {} SBOMs = {}",
            ms(one_raw),
            sboms.len(),
            ms(one_sbom * sboms.len() as f64)
        ),
    ));

    let mut by_distinct: HashMap<(String, String), Vec<String>> = HashMap::new();
    for (index, advisory) in raw_pairs(&db, &distinct_components) {
        let component = &distinct_components[index];
        by_distinct
            .entry((
                component.purl.clone().unwrap_or_default(),
                component.version.clone().unwrap_or_default(),
            ))
            .or_default()
            .push(advisory);
    }
    let portfolio_raw: usize = sboms
        .iter()
        .flatten()
        .map(|component| {
            by_distinct
                .get(&(
                    component.purl.clone().unwrap_or_default(),
                    component.version.clone().unwrap_or_default(),
                ))
                .map_or(0, Vec::len)
        })
        .sum();

    println!();
    println!("| measurement | time | notes |");
    println!("| --- | ---: | --- |");
    for (what, time, notes) in &rows {
        println!("| {what} | {time} | {notes} |");
    }
    println!();
    println!("portfolio draws: {}", pool_sizes.join(", "));
    println!(
        "raw (component, advisory) pairs before alias merging: largest SBOM {}, portfolio {portfolio_raw} ({} distinct purl+version+advisory)",
        largest_raw.len(),
        by_distinct.values().map(Vec::len).sum::<usize>()
    );

    if peer {
        run_peer(&PeerInputs {
            zips: &zips,
            largest: &largest,
            sboms: &sboms,
            largest_raw: &largest_raw,
            by_distinct: &by_distinct,
            portfolio_raw,
            tplc_open: open_time,
            tplc_largest: warm,
            tplc_largest_cold: cold,
            tplc_portfolio: portfolio_warm,
            tplc_portfolio_cold: portfolio_time,
            tplc_evaluation: evaluation_cold,
            scratch: scratch.path(),
        });
    }
    println!();
    println!("load average at the end: {}", load_average());
}

struct PeerInputs<'a> {
    zips: &'a [PathBuf],
    largest: &'a [ComponentInput],
    sboms: &'a [Vec<ComponentInput>],
    largest_raw: &'a BTreeSet<(usize, String)>,
    by_distinct: &'a HashMap<(String, String), Vec<String>>,
    portfolio_raw: usize,
    tplc_open: f64,
    tplc_largest: f64,
    tplc_largest_cold: f64,
    tplc_portfolio: f64,
    tplc_portfolio_cold: f64,
    tplc_evaluation: f64,
    scratch: &'a Path,
}

fn run_peer(inputs: &PeerInputs<'_>) {
    let input = json!({
        "osv_zips": inputs.zips,
        "largest": inputs.largest.iter().map(peer_component).collect::<Vec<_>>(),
        "portfolio": inputs.sboms.iter().map(|sbom| sbom.iter().map(peer_component).collect::<Vec<_>>()).collect::<Vec<_>>(),
    });
    let input_path = inputs.scratch.join("peer-input.json");
    let output_path = inputs.scratch.join("peer-output.json");
    std::fs::write(&input_path, serde_json::to_vec(&input).expect("JSON"))
        .expect("write the peer input");
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/bench_match_univers.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    println!();
    println!("running {} …", script.display());
    let output = Command::new(python)
        .arg(&script)
        .arg(&input_path)
        .arg("--out")
        .arg(&output_path)
        .output();
    let Some(output) = output.ok().filter(|output| output.status.success()) else {
        println!("peer benchmark did not run (pip install -r scripts/requirements.txt)");
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(timings) = stdout
        .lines()
        .rev()
        .find_map(|line| serde_json::from_str::<Value>(line).ok())
    else {
        println!("peer benchmark printed no JSON:\n{stdout}");
        return;
    };
    println!("python reference: {timings}");
    let seconds = |key: &str| timings.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN);
    println!();
    println!("| measurement | tplc | python + univers | ratio python/tplc |");
    println!("| --- | ---: | ---: | ---: |");
    let line = |what: &str, tplc: f64, python: f64| {
        let ratio = python / tplc;
        let ratio = if ratio >= 10.0 {
            format!("{ratio:.0}×")
        } else {
            format!("{ratio:.2}×")
        };
        println!("| {what} | {} | {} | {ratio} |", ms(tplc), ms(python));
    };
    line(
        "load (tplc: Database::open; python: read zips + index)",
        inputs.tplc_open,
        seconds("load_seconds"),
    );
    line(
        "scan of the largest SBOM (warm)",
        inputs.tplc_largest,
        seconds("largest_seconds"),
    );
    line(
        "largest SBOM cold (tplc: open + first scan; python: first scan after load)",
        inputs.tplc_largest_cold,
        seconds("largest_cold_seconds"),
    );
    let extrapolated = timings.get("portfolio_sampled").and_then(Value::as_u64);
    let portfolio_label = match extrapolated {
        Some(sample) if sample < inputs.sboms.len() as u64 => format!(
            "portfolio of {} SBOMs (python: first {sample} SBOMs timed, extrapolated by distinct components)",
            inputs.sboms.len()
        ),
        _ => format!("portfolio of {} SBOMs", inputs.sboms.len()),
    };
    line(
        &format!("{portfolio_label}, warm"),
        inputs.tplc_portfolio,
        seconds("portfolio_seconds"),
    );
    line(
        &format!("{portfolio_label}, tplc cold (open + scan) vs python scan"),
        inputs.tplc_portfolio_cold,
        seconds("portfolio_seconds"),
    );

    line(
        "portfolio phase: evaluating each distinct purl+version once (tplc: `raw_matches` on a fresh open)",
        inputs.tplc_evaluation,
        seconds("portfolio_evaluation_seconds"),
    );

    // Finding sets.
    let Ok(found) =
        std::fs::read(&output_path).map(|bytes| serde_json::from_slice::<Value>(&bytes))
    else {
        println!("no peer finding file");
        return;
    };
    let Ok(found) = found else {
        println!("unreadable peer finding file");
        return;
    };
    let python_largest: BTreeSet<(usize, String)> = found
        .get("largest")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|pair| {
            Some((
                usize::try_from(pair.get(0)?.as_u64()?).ok()?,
                pair.get(1)?.as_str()?.to_owned(),
            ))
        })
        .collect();
    report_difference(
        "largest SBOM (component, advisory)",
        inputs.largest_raw,
        &python_largest,
        |pair| pair.1.split('-').next().unwrap_or_default().to_owned(),
    );
    let python_distinct: BTreeSet<(String, String, String)> = found
        .get("portfolio")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|triple| {
            Some((
                triple.get(0)?.as_str()?.to_owned(),
                triple.get(1)?.as_str()?.to_owned(),
                triple.get(2)?.as_str()?.to_owned(),
            ))
        })
        .collect();
    // Only the distinct components the reference evaluated (all, or its sample).
    let evaluated: BTreeSet<(String, String)> = found
        .get("portfolio_evaluated")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|pair| {
            Some((
                pair.get(0)?.as_str()?.to_owned(),
                pair.get(1)?.as_str()?.to_owned(),
            ))
        })
        .collect();
    let tplc_distinct: BTreeSet<(String, String, String)> = inputs
        .by_distinct
        .iter()
        .filter(|(key, _)| evaluated.contains(*key))
        .flat_map(|((purl, version), advisories)| {
            advisories
                .iter()
                .map(move |advisory| (purl.clone(), version.clone(), advisory.clone()))
        })
        .collect();
    report_difference(
        &format!(
            "portfolio (purl, version, advisory) over {} distinct components",
            evaluated.len()
        ),
        &tplc_distinct,
        &python_distinct,
        |triple| triple.0.split('/').next().unwrap_or_default().to_owned(),
    );
    if let Some(pairs) = timings.get("portfolio_pairs").and_then(Value::as_u64) {
        println!(
            "portfolio raw pairs: tplc {} , python {pairs}{}",
            inputs.portfolio_raw,
            if extrapolated.is_some_and(|sample| sample < inputs.sboms.len() as u64) {
                " (python: its sample only)"
            } else {
                ""
            }
        );
    }
}

fn report_difference<T: Ord + std::fmt::Debug>(
    what: &str,
    tplc: &BTreeSet<T>,
    python: &BTreeSet<T>,
    kind: impl Fn(&T) -> String,
) {
    let only_tplc: Vec<&T> = tplc.difference(python).collect();
    let only_python: Vec<&T> = python.difference(tplc).collect();
    println!(
        "{what}: tplc {}, python {}, only tplc {}, only python {}",
        tplc.len(),
        python.len(),
        only_tplc.len(),
        only_python.len()
    );
    let mut by_kind: BTreeMap<String, (Vec<&T>, Vec<&T>)> = BTreeMap::new();
    for item in &only_tplc {
        by_kind.entry(kind(item)).or_default().0.push(item);
    }
    for item in &only_python {
        by_kind.entry(kind(item)).or_default().1.push(item);
    }
    for (name, (tplc_only, python_only)) in &by_kind {
        println!(
            "  {name}: only tplc {}, only python {}",
            tplc_only.len(),
            python_only.len()
        );
        for item in tplc_only.iter().take(3) {
            println!("    only tplc:   {item:?}");
        }
        for item in python_only.iter().take(3) {
            println!("    only python: {item:?}");
        }
    }
}
