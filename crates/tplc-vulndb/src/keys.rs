//! Package keys: where an advisory's affected package and an SBOM component meet.
//!
//! A key is `<ecosystem>\0<name>`, both normalised so that the two sides compare as plain
//! strings:
//!
//! - **Language ecosystems** (npm, PyPI, Maven, Go, crates.io, …) drop any `:suffix` of the OSV
//!   ecosystem (`Packagist:https://packages.drupal.org/8` is Packagist). Names follow each
//!   registry's identity rules: PyPI names are PEP 503-normalised, NuGet and Packagist names are
//!   compared case-insensitively, Maven names are `group:artifact`, Go names module paths.
//! - **Distributions** (Debian, Ubuntu, Alpine, AlmaLinux, Rocky Linux, Red Hat, SUSE, …) keep
//!   their release: `Debian:12`, `Ubuntu:22.04`, `Alpine:v3.18`, `AlmaLinux:8`. A distribution
//!   advisory without a release, or a component without a `distro` qualifier, cannot be placed
//!   and is reported rather than matched against every release (that would be a guess).

use tplc_purl::Purl;

/// Separates the ecosystem from the name in a key.
pub(crate) const SEPARATOR: char = '\0';

/// Why an advisory's affected package gets no key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyIssue {
    /// The ecosystem is not one tplc knows.
    UnknownEcosystem(String),
    /// A distribution advisory that names no release.
    DistroWithoutRelease(String),
    /// The affected entry names no package (GIT-only records).
    NoPackage,
}

impl std::fmt::Display for KeyIssue {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownEcosystem(ecosystem) => {
                write!(formatter, "unknown ecosystem {ecosystem:?}")
            }
            Self::DistroWithoutRelease(ecosystem) => {
                write!(
                    formatter,
                    "distribution ecosystem {ecosystem:?} names no release"
                )
            }
            Self::NoPackage => formatter.write_str("no package (commit ranges only)"),
        }
    }
}

/// Distribution ecosystems, whose advisories apply to one release.
const DISTROS: &[&str] = &[
    "Debian",
    "Ubuntu",
    "Alpine",
    "AlmaLinux",
    "Rocky Linux",
    "Red Hat",
    "SUSE",
    "openSUSE",
    "Mageia",
    "Photon OS",
    "Azure Linux",
    "openEuler",
    "Alpaquita",
    "BellSoft Hardened Containers",
    "Echo",
];

/// The canonical spelling of an OSV ecosystem base name (case-insensitive lookup).
fn canonical_base(base: &str) -> Option<&'static str> {
    const KNOWN: &[&str] = &[
        "npm",
        "PyPI",
        "Maven",
        "Go",
        "crates.io",
        "RubyGems",
        "NuGet",
        "Packagist",
        "Hex",
        "Pub",
        "SwiftURL",
        "Hackage",
        "GHC",
        "CRAN",
        "Bioconductor",
        "ConanCenter",
        "Bitnami",
        "Julia",
        "opam",
        "Homebrew",
        "GitHub Actions",
        "Linux",
        "Android",
        "OSS-Fuzz",
        "CleanStart",
        "Wolfi",
        "Chainguard",
        "MinimOS",
        "VSCode",
    ];
    KNOWN
        .iter()
        .chain(DISTROS)
        .copied()
        .find(|known| known.eq_ignore_ascii_case(base))
}

/// Whether an ecosystem base name is a distribution's.
fn is_distro(base: &str) -> bool {
    DISTROS.contains(&base)
}

/// Normalises a package name under an ecosystem's identity rules.
#[must_use]
pub fn normalise_name(ecosystem: &str, name: &str) -> String {
    let name = name.trim();
    match ecosystem {
        "PyPI" => pep503(name),
        "NuGet" | "Packagist" | "Hex" | "Pub" | "Hackage" | "Homebrew" => name.to_ascii_lowercase(),
        _ => name.to_owned(),
    }
}

/// PEP 503 normalisation: lower case, runs of `-`, `_`, `.` become one `-`.
fn pep503(name: &str) -> String {
    let mut normalised = String::with_capacity(name.len());
    let mut in_separator = false;
    for character in name.chars() {
        if matches!(character, '-' | '_' | '.') {
            if !in_separator {
                normalised.push('-');
            }
            in_separator = true;
        } else {
            normalised.extend(character.to_lowercase());
            in_separator = false;
        }
    }
    normalised
}

/// The release part of a distribution key, from the suffix an OSV ecosystem carries.
fn advisory_release(base: &str, suffix: &str) -> String {
    match base {
        // "22.04:LTS", "Pro:18.04:LTS", "20.04:FIPS" → drop the ":LTS" support tag only.
        "Ubuntu" => suffix.trim_end_matches(":LTS").to_owned(),
        // "enterprise_linux:8::appstream" → the major release.
        "Red Hat" => suffix
            .split([':', '_', '.'])
            .find(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()))
            .unwrap_or(suffix)
            .to_owned(),
        // "8", "9.2" → the major release for the RHEL rebuilds.
        "AlmaLinux" | "Rocky Linux" => major(suffix).to_owned(),
        _ => suffix.to_owned(),
    }
}

fn major(release: &str) -> &str {
    release.split('.').next().unwrap_or(release)
}

/// The ecosystem part of a key for an OSV ecosystem string, or why there is none.
pub fn advisory_ecosystem(ecosystem: &str) -> Result<String, KeyIssue> {
    let (base, suffix) = match ecosystem.split_once(':') {
        Some((base, suffix)) => (base.trim(), suffix.trim()),
        None => (ecosystem.trim(), ""),
    };
    let Some(base) = canonical_base(base) else {
        return Err(KeyIssue::UnknownEcosystem(ecosystem.to_owned()));
    };
    if !is_distro(base) {
        return Ok(base.to_owned());
    }
    if suffix.is_empty() {
        return Err(KeyIssue::DistroWithoutRelease(ecosystem.to_owned()));
    }
    Ok(format!("{base}:{}", advisory_release(base, suffix)))
}

/// The key of an advisory's affected package.
pub fn advisory_key(ecosystem: &str, name: &str) -> Result<String, KeyIssue> {
    if name.trim().is_empty() {
        return Err(KeyIssue::NoPackage);
    }
    let ecosystem_key = advisory_ecosystem(ecosystem)?;
    let base = ecosystem_key.split(':').next().unwrap_or(&ecosystem_key);
    Ok(key(&ecosystem_key, &normalise_name(base, name)))
}

/// Joins an ecosystem key and a normalised name.
pub(crate) fn key(ecosystem: &str, name: &str) -> String {
    let mut key = String::with_capacity(ecosystem.len() + name.len() + 1);
    key.push_str(ecosystem);
    key.push(SEPARATOR);
    key.push_str(name);
    key
}

/// One place to look an SBOM component up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The package key.
    pub key: String,
    /// The version to evaluate there (a source package's version may differ from the binary's).
    pub version: String,
    /// How the key was derived: `purl`, or `source package` for a distribution's source.
    pub via: &'static str,
}

/// Why a component cannot be looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unmapped {
    /// The purl type has no vulnerability ecosystem.
    NoEcosystem(String),
    /// A distribution package whose release is unknown (no `distro` qualifier).
    NoRelease(String),
    /// The purl (or component) carries no version.
    NoVersion,
}

impl std::fmt::Display for Unmapped {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoEcosystem(purl_type) => {
                write!(
                    formatter,
                    "purl type {purl_type:?} has no vulnerability ecosystem"
                )
            }
            Self::NoRelease(what) => write!(
                formatter,
                "{what} package without a distro qualifier: its distribution release is unknown"
            ),
            Self::NoVersion => formatter.write_str("no version"),
        }
    }
}

/// Debian codenames to releases.
const DEBIAN_CODENAMES: &[(&str, &str)] = &[
    ("buzz", "1.1"),
    ("rex", "1.2"),
    ("bo", "1.3"),
    ("hamm", "2.0"),
    ("slink", "2.1"),
    ("potato", "2.2"),
    ("woody", "3.0"),
    ("sarge", "3.1"),
    ("etch", "4"),
    ("lenny", "5"),
    ("squeeze", "6"),
    ("wheezy", "7"),
    ("jessie", "8"),
    ("stretch", "9"),
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
    ("trixie", "13"),
    ("forky", "14"),
];

/// Ubuntu codenames to releases.
const UBUNTU_CODENAMES: &[(&str, &str)] = &[
    ("trusty", "14.04"),
    ("xenial", "16.04"),
    ("bionic", "18.04"),
    ("cosmic", "18.10"),
    ("disco", "19.04"),
    ("eoan", "19.10"),
    ("focal", "20.04"),
    ("groovy", "20.10"),
    ("hirsute", "21.04"),
    ("impish", "21.10"),
    ("jammy", "22.04"),
    ("kinetic", "22.10"),
    ("lunar", "23.04"),
    ("mantic", "23.10"),
    ("noble", "24.04"),
    ("oracular", "24.10"),
    ("plucky", "25.04"),
    ("questing", "25.10"),
];

/// The release of a Debian or Ubuntu `distro` qualifier: `debian-12`, `debian-11.6`, `12`,
/// `bookworm`, `ubuntu-22.04`, `jammy`.
fn deb_release(distribution: &str, distro: &str) -> Option<String> {
    let lower = distro.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix(distribution)
        .map_or(lower.as_str(), |rest| {
            rest.trim_start_matches(['-', ':', '/'])
        });
    let codenames = if distribution == "ubuntu" {
        UBUNTU_CODENAMES
    } else {
        DEBIAN_CODENAMES
    };
    if let Some((_, release)) = codenames.iter().find(|(name, _)| *name == rest) {
        return Some((*release).to_owned());
    }
    if rest.is_empty() || !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(if distribution == "ubuntu" {
        // 22.04, 22.04.3 → 22.04
        rest.split('.').take(2).collect::<Vec<_>>().join(".")
    } else {
        major(rest).to_owned()
    })
}

/// The release of an Alpine `distro` qualifier: `3.18.4`, `alpine-3.18.4`, `v3.18` → `v3.18`.
fn alpine_release(distro: &str) -> Option<String> {
    let lower = distro.trim().to_ascii_lowercase();
    let rest = lower.strip_prefix("alpine").unwrap_or(&lower);
    let rest = rest.trim_start_matches(['-', ':']).trim_start_matches('v');
    let mut parts = rest.split('.');
    let major = parts.next().filter(|part| !part.is_empty())?;
    let minor = parts.next()?;
    if !major.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("v{major}.{minor}"))
}

/// The OSV ecosystem of an RPM purl's namespace and `distro` qualifier.
fn rpm_ecosystem(namespace: &str, distro: Option<&str>) -> Result<String, Unmapped> {
    let distro = distro.ok_or_else(|| Unmapped::NoRelease(format!("rpm/{namespace}")))?;
    let lower = distro.to_ascii_lowercase();
    let release = lower
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .to_owned();
    if release.is_empty() {
        return Err(Unmapped::NoRelease(format!("rpm/{namespace}")));
    }
    match namespace.to_ascii_lowercase().as_str() {
        "redhat" | "rhel" => Ok(format!("Red Hat:{}", major(&release))),
        "almalinux" | "alma" => Ok(format!("AlmaLinux:{}", major(&release))),
        "rocky" | "rockylinux" => Ok(format!("Rocky Linux:{}", major(&release))),
        "opensuse" => Ok(format!("openSUSE:Leap {release}")),
        "suse" | "sles" => {
            let (major_release, service_pack) = release.split_once('.').unwrap_or((&release, "0"));
            Ok(if service_pack == "0" {
                format!("SUSE:Linux Enterprise Server {major_release}")
            } else {
                format!("SUSE:Linux Enterprise Server {major_release} SP{service_pack}")
            })
        }
        "mageia" => Ok(format!("Mageia:{release}")),
        "photon" => Ok(format!("Photon OS:{release}")),
        "azurelinux" | "mariner" => Ok(format!("Azure Linux:{release}")),
        "openeuler" => Ok(format!("openEuler:{release}")),
        other => Err(Unmapped::NoEcosystem(format!("rpm/{other}"))),
    }
}

/// A source package named by an `upstream` qualifier: `openssl`, `util-linux@2.36.1-8`, or a
/// source RPM file name `openssl-1.1.1k-7.el8_6.src.rpm`.
fn upstream_source(upstream: &str, binary_version: &str) -> (String, String) {
    if let Some((name, version)) = upstream.split_once('@') {
        return (name.to_owned(), version.to_owned());
    }
    if let Some(stem) = upstream.strip_suffix(".src.rpm") {
        // name-version-release: the name is everything before the second-to-last dash.
        let mut parts = stem.rsplitn(3, '-');
        let release = parts.next().unwrap_or_default();
        let version = parts.next().unwrap_or_default();
        if let Some(name) = parts.next() {
            return (name.to_owned(), format!("{version}-{release}"));
        }
    }
    (upstream.to_owned(), binary_version.to_owned())
}

/// Every place to look a component up, from its purl and version.
///
/// `version` is the component's version when the purl carries none.
pub fn component_candidates(
    purl: &Purl,
    version: Option<&str>,
) -> Result<Vec<Candidate>, Unmapped> {
    let version = purl
        .version()
        .or(version)
        .map(str::trim)
        .filter(|version| !version.is_empty())
        .ok_or(Unmapped::NoVersion)?;
    let namespace = purl.namespace().unwrap_or_default();
    let name = purl.name();
    let joined = |separator: &str| {
        if namespace.is_empty() {
            name.to_owned()
        } else {
            format!("{namespace}{separator}{name}")
        }
    };
    let language = |ecosystem: &str, name: String| {
        Ok(vec![Candidate {
            key: key(ecosystem, &normalise_name(ecosystem, &name)),
            version: version.to_owned(),
            via: "purl",
        }])
    };
    let purl_type = purl.package_type();
    match purl_type {
        "npm" => language("npm", joined("/")),
        "pypi" => language("PyPI", name.to_owned()),
        "maven" => language("Maven", joined(":")),
        "golang" => language("Go", joined("/")),
        "cargo" => language("crates.io", name.to_owned()),
        "gem" => language("RubyGems", name.to_owned()),
        "nuget" => language("NuGet", name.to_owned()),
        "composer" => language("Packagist", joined("/")),
        "hex" => language("Hex", name.to_owned()),
        "pub" => language("Pub", name.to_owned()),
        "swift" => language("SwiftURL", joined("/")),
        "hackage" => language("Hackage", name.to_owned()),
        "cran" => language("CRAN", name.to_owned()),
        "bitnami" => language("Bitnami", name.to_owned()),
        "julia" => language("Julia", name.to_owned()),
        "opam" => language("opam", name.to_owned()),
        "brew" => language("Homebrew", name.to_owned()),
        "conan" => language("ConanCenter", name.to_owned()),
        "deb" | "apk" | "alpine" | "rpm" => distro_candidates(purl, version),
        other => Err(Unmapped::NoEcosystem(other.to_owned())),
    }
}

fn distro_candidates(purl: &Purl, version: &str) -> Result<Vec<Candidate>, Unmapped> {
    let namespace = purl.namespace().unwrap_or_default().to_ascii_lowercase();
    let distro = purl.qualifier("distro");
    let ecosystem = match purl.package_type() {
        "deb" => {
            let distribution = if namespace == "ubuntu" {
                "ubuntu"
            } else {
                "debian"
            };
            if namespace != "debian" && namespace != "ubuntu" {
                return Err(Unmapped::NoEcosystem(format!("deb/{namespace}")));
            }
            let release = distro
                .and_then(|distro| deb_release(distribution, distro))
                .ok_or_else(|| Unmapped::NoRelease(format!("deb/{namespace}")))?;
            let base = if distribution == "ubuntu" {
                "Ubuntu"
            } else {
                "Debian"
            };
            format!("{base}:{release}")
        }
        "rpm" => rpm_ecosystem(&namespace, distro)?,
        // apk and the old syft `pkg:alpine/…` type.
        _ => {
            if !namespace.is_empty() && namespace != "alpine" {
                return Err(Unmapped::NoEcosystem(format!("apk/{namespace}")));
            }
            let release = distro
                .and_then(alpine_release)
                .ok_or_else(|| Unmapped::NoRelease("apk/alpine".to_owned()))?;
            format!("Alpine:{release}")
        }
    };
    let version = match purl.qualifier("epoch") {
        Some(epoch) if purl.package_type() == "rpm" && !version.contains(':') => {
            format!("{epoch}:{version}")
        }
        _ => version.to_owned(),
    };
    let mut candidates = vec![Candidate {
        key: key(&ecosystem, purl.name()),
        version: version.clone(),
        via: "purl",
    }];
    let upstream = purl
        .qualifier("upstream")
        .or_else(|| purl.qualifier("source"));
    if let Some(upstream) = upstream {
        let (source, source_version) = upstream_source(upstream, &version);
        if source != purl.name() && !source.is_empty() {
            candidates.push(Candidate {
                key: key(&ecosystem, &source),
                version: source_version,
                via: "source package",
            });
        }
    }
    Ok(candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(purl: &str) -> Vec<(String, String)> {
        component_candidates(&Purl::parse(purl).unwrap(), None)
            .unwrap()
            .into_iter()
            .map(|candidate| (candidate.key.replace(SEPARATOR, " "), candidate.version))
            .collect()
    }

    #[test]
    fn language_ecosystems_normalise_names() {
        assert_eq!(
            candidates("pkg:pypi/Django_Rest.framework@3.0"),
            [("PyPI django-rest-framework".into(), "3.0".into())]
        );
        assert_eq!(
            candidates("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
            [(
                "Maven org.apache.logging.log4j:log4j-core".into(),
                "2.14.1".into()
            )]
        );
        assert_eq!(
            candidates("pkg:npm/%40babel/core@7.0.0"),
            [("npm @babel/core".into(), "7.0.0".into())]
        );
        assert_eq!(
            candidates("pkg:golang/github.com/gin-gonic/gin@v1.6.0"),
            [("Go github.com/gin-gonic/gin".into(), "v1.6.0".into())]
        );
        assert_eq!(
            candidates("pkg:nuget/Newtonsoft.Json@12.0.1"),
            [("NuGet newtonsoft.json".into(), "12.0.1".into())]
        );
        assert_eq!(
            advisory_key("PyPI", "Django-REST-Framework").unwrap(),
            key("PyPI", "django-rest-framework")
        );
        assert_eq!(
            advisory_key("Packagist:https://packages.drupal.org/8", "drupal/core").unwrap(),
            key("Packagist", "drupal/core")
        );
    }

    #[test]
    fn distro_releases_map_from_qualifiers_and_codenames() {
        assert_eq!(
            candidates("pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12")[0].0,
            "Debian:12 openssl"
        );
        assert_eq!(
            candidates("pkg:deb/debian/openssl@3.0.11?distro=bookworm")[0].0,
            "Debian:12 openssl"
        );
        assert_eq!(
            candidates("pkg:deb/debian/openssl@1.1.1n?distro=debian-11.6")[0].0,
            "Debian:11 openssl"
        );
        assert_eq!(
            candidates("pkg:deb/ubuntu/openssl@3.0.2?distro=jammy")[0].0,
            "Ubuntu:22.04 openssl"
        );
        assert_eq!(
            candidates("pkg:deb/ubuntu/openssl@1.1.1f?distro=ubuntu-20.04")[0].0,
            "Ubuntu:20.04 openssl"
        );
        assert_eq!(
            candidates("pkg:apk/alpine/busybox@1.36.1-r2?distro=3.18.4")[0].0,
            "Alpine:v3.18 busybox"
        );
        assert_eq!(
            candidates("pkg:alpine/busybox@1.36.1-r2?distro=alpine-3.16.0")[0].0,
            "Alpine:v3.16 busybox"
        );
        assert_eq!(
            candidates("pkg:rpm/almalinux/openssl@1.1.1k-7.el8?distro=almalinux-8.9")[0].0,
            "AlmaLinux:8 openssl"
        );
        assert_eq!(
            advisory_key("Ubuntu:22.04:LTS", "openssl").unwrap(),
            key("Ubuntu:22.04", "openssl")
        );
        assert_eq!(
            advisory_key("Red Hat:enterprise_linux:8::appstream", "openssl").unwrap(),
            key("Red Hat:8", "openssl")
        );
        assert_eq!(
            candidates("pkg:rpm/redhat/openssl@1.1.1k-7.el8_6?distro=redhat-8.6")[0].0,
            "Red Hat:8 openssl"
        );
    }

    #[test]
    fn source_packages_are_candidates_too() {
        let found = candidates(
            "pkg:deb/debian/bsdutils@1:2.36.1-8+deb11u1?arch=amd64&upstream=util-linux%402.36.1-8+deb11u1&distro=debian-11",
        );
        assert_eq!(
            found[1],
            ("Debian:11 util-linux".into(), "2.36.1-8+deb11u1".into())
        );
        let found =
            candidates("pkg:deb/debian/dirmngr@2.2.27-2+deb11u2?upstream=gnupg2&distro=debian-11");
        assert_eq!(
            found[1],
            ("Debian:11 gnupg2".into(), "2.2.27-2+deb11u2".into())
        );
        let found = candidates(
            "pkg:rpm/redhat/openssl-libs@1.1.1k-7.el8_6?epoch=1&upstream=openssl-1.1.1k-7.el8_6.src.rpm&distro=redhat-8.6",
        );
        assert_eq!(found[0].1, "1:1.1.1k-7.el8_6");
        assert_eq!(
            found[1],
            ("Red Hat:8 openssl".into(), "1.1.1k-7.el8_6".into())
        );
    }

    #[test]
    fn unmapped_components_say_why() {
        let purl = Purl::parse("pkg:deb/debian/openssl@3.0.11").unwrap();
        assert_eq!(
            component_candidates(&purl, None),
            Err(Unmapped::NoRelease("deb/debian".into()))
        );
        let purl = Purl::parse("pkg:generic/openssl@3.0.11").unwrap();
        assert_eq!(
            component_candidates(&purl, None),
            Err(Unmapped::NoEcosystem("generic".into()))
        );
        let purl = Purl::parse("pkg:npm/left-pad").unwrap();
        assert_eq!(component_candidates(&purl, None), Err(Unmapped::NoVersion));
        assert_eq!(
            candidates_with_version("pkg:npm/left-pad", "1.0.0"),
            "1.0.0"
        );
        assert_eq!(
            advisory_key("Debian", "openssl"),
            Err(KeyIssue::DistroWithoutRelease("Debian".into()))
        );
        assert_eq!(
            advisory_key("Alpine", "openssl"),
            Err(KeyIssue::DistroWithoutRelease("Alpine".into()))
        );
        assert_eq!(
            advisory_key("Nonsense", "x"),
            Err(KeyIssue::UnknownEcosystem("Nonsense".into()))
        );
        assert_eq!(advisory_key("GIT", ""), Err(KeyIssue::NoPackage));
    }

    fn candidates_with_version(purl: &str, version: &str) -> String {
        component_candidates(&Purl::parse(purl).unwrap(), Some(version)).unwrap()[0]
            .version
            .clone()
    }
}
