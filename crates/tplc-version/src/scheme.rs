//! The version ordering schemes and how ecosystem names and purl types map to them.

use std::cmp::Ordering;

use crate::{Version, VersionError};

/// A version ordering scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scheme {
    /// SemVer 2.0 precedence (npm, crates.io, Hex, Pub, Bitnami, Julia, SwiftURL, GitHub Actions).
    Semver,
    /// Go module versions: SemVer with a leading `v`, pseudo-versions, `+incompatible`.
    Go,
    /// PEP 440 (PyPI).
    Pep440,
    /// Maven `ComparableVersion`.
    Maven,
    /// RubyGems `Gem::Version`.
    RubyGems,
    /// NuGet `NuGetVersion`: SemVer 2 plus four-part legacy versions.
    NuGet,
    /// Composer / Packagist `version_compare` after composer normalisation.
    Composer,
    /// Debian `dpkg --compare-versions` (Debian, Ubuntu).
    Dpkg,
    /// `rpmvercmp` with epoch:version-release (Red Hat, AlmaLinux, Rocky Linux, SUSE, …).
    Rpm,
    /// Alpine `apk` versions (Alpine, Wolfi, Chainguard, …).
    Apk,
    /// The generic fallback: numeric and alphabetic runs (see the crate docs).
    Generic,
}

/// Every scheme, in order.
pub(crate) const ALL_SCHEMES: [Scheme; 11] = [
    Scheme::Semver,
    Scheme::Go,
    Scheme::Pep440,
    Scheme::Maven,
    Scheme::RubyGems,
    Scheme::NuGet,
    Scheme::Composer,
    Scheme::Dpkg,
    Scheme::Rpm,
    Scheme::Apk,
    Scheme::Generic,
];

impl Scheme {
    /// Every scheme, in order.
    #[must_use]
    pub fn all() -> &'static [Self] {
        &ALL_SCHEMES
    }

    /// The scheme for an OSV ecosystem name as it appears in `affected[].package.ecosystem`,
    /// with or without a `:release` suffix ("npm", "PyPI", "Debian:12", "AlmaLinux:8",
    /// "Alpine:v3.18", "Ubuntu:22.04:LTS", "Red Hat:enterprise_linux:9::appstream", …).
    ///
    /// The name before the first `:` must be spelled exactly as in the OSV schema's
    /// `ecosystems.json` (OSV names are case-sensitive). Which ecosystems get which scheme is
    /// listed in the crate docs; the ecosystems without a dedicated ordering (Android,
    /// Bioconductor, ConanCenter, CRAN, Docker Hardened Images, Echo, FreeBSD, GHC, Hackage,
    /// Kubernetes, Linux, opam, OSS-Fuzz, TuxCare, VSCode) get [`Scheme::Generic`]. `Root` is
    /// resolved through its variant: `Root:Alpine:3.18` is Apk, `Root:PyPI` is PEP 440, an
    /// unknown variant is Generic. An unknown name gives `None`.
    #[must_use]
    pub fn from_osv_ecosystem(ecosystem: &str) -> Option<Self> {
        let (base, rest) = match ecosystem.split_once(':') {
            Some((base, rest)) => (base, Some(rest)),
            None => (ecosystem, None),
        };
        let scheme = match base {
            "npm" | "crates.io" | "Hex" | "Pub" | "Bitnami" | "Julia" | "SwiftURL"
            | "GitHub Actions" => Self::Semver,
            "Go" => Self::Go,
            "PyPI" => Self::Pep440,
            "Maven" => Self::Maven,
            "RubyGems" => Self::RubyGems,
            "NuGet" => Self::NuGet,
            "Packagist" => Self::Composer,
            "Debian" | "Ubuntu" => Self::Dpkg,
            "Red Hat" | "AlmaLinux" | "Rocky Linux" | "SUSE" | "openSUSE" | "Mageia"
            | "openEuler" | "Azure Linux" | "Photon OS" => Self::Rpm,
            "Alpine"
            | "Wolfi"
            | "Chainguard"
            | "Alpaquita"
            | "BellSoft Hardened Containers"
            | "MinimOS"
            | "CleanStart" => Self::Apk,
            "Android"
            | "Bioconductor"
            | "ConanCenter"
            | "CRAN"
            | "Docker Hardened Images"
            | "Echo"
            | "FreeBSD"
            | "GHC"
            | "Hackage"
            | "Kubernetes"
            | "Linux"
            | "opam"
            | "OSS-Fuzz"
            | "TuxCare"
            | "VSCode" => Self::Generic,
            "Root" => {
                return Some(
                    rest.and_then(|variant| {
                        let variant = variant.split(':').next().unwrap_or_default();
                        Self::from_osv_ecosystem(variant)
                            .or_else(|| Self::from_purl_type(&variant.to_ascii_lowercase()))
                    })
                    .unwrap_or(Self::Generic),
                );
            }
            _ => return None,
        };
        Some(scheme)
    }

    /// The scheme for a purl type (npm, pypi, maven, golang, cargo, gem, nuget, composer, hex,
    /// pub, deb, rpm, apk, alpine (old syft), conan, swift, github, generic, …) or `None` when
    /// unknown. Types are matched as given (purl types are lowercase).
    #[must_use]
    pub fn from_purl_type(purl_type: &str) -> Option<Self> {
        let scheme =
            match purl_type {
                "npm" | "cargo" | "hex" | "pub" | "swift" | "bitnami" | "julia"
                | "githubactions" => Self::Semver,
                "golang" => Self::Go,
                "pypi" => Self::Pep440,
                "maven" => Self::Maven,
                "gem" => Self::RubyGems,
                "nuget" => Self::NuGet,
                "composer" => Self::Composer,
                "deb" => Self::Dpkg,
                "rpm" => Self::Rpm,
                "apk" | "alpine" => Self::Apk,
                "conan" | "github" | "generic" | "cran" | "hackage" | "opam" | "bitbucket"
                | "docker" | "oci" | "cocoapods" | "conda" | "cpan" | "huggingface" | "mlflow"
                | "qpkg" | "swid" | "luarocks" | "vscode" | "android" | "bazel" | "otp"
                | "yocto" => Self::Generic,
                _ => return None,
            };
        Some(scheme)
    }

    /// An OSV ecosystem name or a purl type, as a user types it on the command line
    /// (case-insensitive; a `:release` suffix is allowed), or a scheme [name](Self::name).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim();
        let base = name.split(':').next().unwrap_or_default();
        let lower = base.to_ascii_lowercase();
        if let Some(scheme) = ALL_SCHEMES.iter().find(|s| s.name() == lower) {
            return Some(*scheme);
        }
        if let Some(scheme) = Self::from_purl_type(&lower) {
            return Some(scheme);
        }
        let canonical = OSV_ECOSYSTEMS
            .iter()
            .find(|known| known.eq_ignore_ascii_case(base))?;
        let rest = &name[base.len()..];
        Self::from_osv_ecosystem(&format!("{canonical}{rest}"))
    }

    /// A short lower-case name ("semver", "pep440", "dpkg", …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Semver => "semver",
            Self::Go => "go",
            Self::Pep440 => "pep440",
            Self::Maven => "maven",
            Self::RubyGems => "rubygems",
            Self::NuGet => "nuget",
            Self::Composer => "composer",
            Self::Dpkg => "dpkg",
            Self::Rpm => "rpm",
            Self::Apk => "apk",
            Self::Generic => "generic",
        }
    }

    /// Parses a version under this scheme.
    ///
    /// # Errors
    ///
    /// When `text` is not a version of this scheme (empty, or a shape the scheme rejects).
    pub fn parse(self, text: &str) -> Result<Version, VersionError> {
        Version::parse(self, text)
    }

    /// Compares two version strings.
    ///
    /// # Errors
    ///
    /// When either string is not a version of this scheme.
    pub fn compare(self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        Ok(self.parse(a)?.cmp(&self.parse(b)?))
    }
}

impl std::fmt::Display for Scheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The ecosystem names of the OSV schema (`ecosystems.json`), as spelled there.
pub(crate) const OSV_ECOSYSTEMS: &[&str] = &[
    "AlmaLinux",
    "Alpaquita",
    "Alpine",
    "Android",
    "Azure Linux",
    "BellSoft Hardened Containers",
    "Bioconductor",
    "Bitnami",
    "Chainguard",
    "CleanStart",
    "ConanCenter",
    "CRAN",
    "crates.io",
    "Debian",
    "Docker Hardened Images",
    "Echo",
    "FreeBSD",
    "GHC",
    "GitHub Actions",
    "Go",
    "Hackage",
    "Hex",
    "Julia",
    "Kubernetes",
    "Linux",
    "Mageia",
    "Maven",
    "MinimOS",
    "npm",
    "NuGet",
    "opam",
    "openEuler",
    "openSUSE",
    "OSS-Fuzz",
    "Packagist",
    "Photon OS",
    "Pub",
    "PyPI",
    "Red Hat",
    "Rocky Linux",
    "Root",
    "RubyGems",
    "SUSE",
    "SwiftURL",
    "TuxCare",
    "Ubuntu",
    "VSCode",
    "Wolfi",
];
