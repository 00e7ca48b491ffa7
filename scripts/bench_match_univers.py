#!/usr/bin/env python3
"""Python reference for the vulnerability-engine benchmark (issue 3).

Run by ``cargo bench -p tplc-vulndb --bench engine -- --peer``, which writes INPUT: a JSON
object with ``osv_zips`` (the OSV ``all.zip`` archives), ``largest`` (the largest SBOM's
components) and ``portfolio`` (a list of SBOMs), each component being
``{purl, ecosystem, name, version, keys: [{ecosystem, name, version}]}`` as the Rust side mapped
it (``keys`` are the package keys to look up, with the version to evaluate there).

The reference does the same matching in its own, plain way: it reads every OSV record of the
zips with ``json`` (withdrawn records left out, as tplc does), indexes the affected packages in
a dict by (ecosystem, normalised name) (ecosystem keys and name normalisation as tplc's
``keys.rs``), and evaluates ``SEMVER`` and ``ECOSYSTEM`` ranges with univers version classes
following the OSV algorithm (events sorted, introduced / fixed / last_affected), plus the
explicit ``versions`` lists. A range with an event version the scheme cannot parse is skipped,
as tplc does. Parsed versions are cached and each distinct (purl, version) of the portfolio is
evaluated once, as tplc's ``scan_portfolio`` does; each SBOM gets a list of (component,
advisory) findings (no alias merging, severity or fixed versions: tplc's reports carry those).

Prints one JSON line of timings (seconds) and counts; ``--out FILE`` writes the finding sets for
the comparison: ``largest`` [[component index, advisory id]], ``portfolio``
[[purl, version, advisory id]] and ``portfolio_evaluated`` [[purl, version]].
``--sample N`` times only the first N SBOMs of the portfolio and extrapolates by the number of
distinct (purl, version) pairs (the unit of work).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import zipfile
from importlib import metadata

from univers import versions as uv

SEMVER_BASES = {"npm", "crates.io", "Hex", "Pub", "Bitnami", "Julia", "SwiftURL", "GitHub Actions"}
RPM_BASES = {
    "Red Hat", "AlmaLinux", "Rocky Linux", "SUSE", "openSUSE", "Mageia", "openEuler",
    "Azure Linux", "Photon OS",
}
APK_BASES = {"Alpine", "Wolfi", "Chainguard", "Alpaquita", "BellSoft Hardened Containers", "MinimOS", "CleanStart"}
GENERIC_BASES = {
    "Android", "Bioconductor", "ConanCenter", "CRAN", "Docker Hardened Images", "Echo", "FreeBSD",
    "GHC", "Hackage", "Kubernetes", "Linux", "opam", "OSS-Fuzz", "TuxCare", "VSCode",
}
DISTROS = [
    "Debian", "Ubuntu", "Alpine", "AlmaLinux", "Rocky Linux", "Red Hat", "SUSE", "openSUSE",
    "Mageia", "Photon OS", "Azure Linux", "openEuler", "Alpaquita", "BellSoft Hardened Containers",
    "Echo",
]
KNOWN = [
    "npm", "PyPI", "Maven", "Go", "crates.io", "RubyGems", "NuGet", "Packagist", "Hex", "Pub",
    "SwiftURL", "Hackage", "GHC", "CRAN", "Bioconductor", "ConanCenter", "Bitnami", "Julia", "opam",
    "Homebrew", "GitHub Actions", "Linux", "Android", "OSS-Fuzz", "CleanStart", "Wolfi",
    "Chainguard", "MinimOS", "VSCode",
] + DISTROS
CANONICAL = {name.lower(): name for name in KNOWN}


def version_class(base: str):
    """The univers class of an ecosystem's own ordering (None: never matched)."""
    if base in SEMVER_BASES:
        return uv.SemverVersion
    if base == "Go":
        return uv.GolangVersion
    if base == "PyPI":
        return uv.PypiVersion
    if base == "Maven":
        return uv.MavenVersion
    if base == "RubyGems":
        return uv.RubygemsVersion
    if base == "NuGet":
        return uv.NugetVersion
    if base == "Packagist":
        return uv.ComposerVersion
    if base in ("Debian", "Ubuntu"):
        return uv.DebianVersion
    if base in RPM_BASES:
        return uv.RpmVersion
    if base in APK_BASES:
        return uv.AlpineLinuxVersion
    if base in GENERIC_BASES:
        return uv.GenericVersion
    return None


def pep503(name: str) -> str:
    out, separator = [], False
    for character in name:
        if character in "-_.":
            if not separator:
                out.append("-")
            separator = True
        else:
            out.append(character.lower())
            separator = False
    return "".join(out)


def normalise_name(base: str, name: str) -> str:
    name = name.strip()
    if base == "PyPI":
        return pep503(name)
    if base in ("NuGet", "Packagist", "Hex", "Pub", "Hackage", "Homebrew"):
        return name.lower()
    return name


def advisory_ecosystem(ecosystem: str):
    """tplc's ecosystem key of an OSV ecosystem string, or None."""
    base, _, suffix = ecosystem.partition(":")
    base, suffix = base.strip(), suffix.strip()
    base = CANONICAL.get(base.lower())
    if base is None:
        return None, None
    if base not in DISTROS:
        return base, base
    if not suffix:
        return None, None
    if base == "Ubuntu":
        release = suffix[:-4] if suffix.endswith(":LTS") else suffix
    elif base == "Red Hat":
        parts = [part for part in re.split(r"[:_.]", suffix) if part.isdigit()]
        release = parts[0] if parts else suffix
    elif base in ("AlmaLinux", "Rocky Linux"):
        release = suffix.split(".")[0]
    else:
        release = suffix
    return f"{base}:{release}", base


class Prepared:
    """One affected package with its ranges' events parsed (lazily, once)."""

    __slots__ = ("advisory", "affected", "base", "ranges", "listed", "listed_parsed")

    def __init__(self, advisory_id: str, affected: dict, base: str):
        self.advisory = advisory_id
        self.affected = affected
        self.base = base
        self.ranges = None
        self.listed = set(affected.get("versions") or [])
        self.listed_parsed = None

    def prepare(self):
        cls = version_class(self.base)
        self.ranges = []
        if cls is None:
            return
        for range_ in self.affected.get("ranges") or []:
            kind = range_.get("type")
            if kind == "SEMVER":
                range_cls = uv.GolangVersion if self.base == "Go" else uv.SemverVersion
            elif kind == "ECOSYSTEM":
                range_cls = cls
            else:
                continue
            events = []
            ok = True
            for event in range_.get("events") or []:
                for name, order in (("introduced", 0), ("last_affected", 1), ("fixed", 2)):
                    if name in event:
                        value = event[name]
                        if name == "introduced" and value == "0":
                            events.append(((0,), name))
                        else:
                            parsed = parse(range_cls, value)
                            if parsed is None:
                                ok = False
                            else:
                                events.append(((1, parsed, order), name, parsed))
            if not ok:
                continue
            events.sort(key=lambda item: item[0])
            self.ranges.append((range_cls, events))

    def affects(self, version: str) -> bool:
        if self.ranges is None:
            self.prepare()
        cls = version_class(self.base)
        if cls is None:
            return False
        for range_cls, events in self.ranges:
            parsed = parse(range_cls, version)
            if parsed is None:
                continue
            vulnerable = False
            for event in events:
                name = event[1]
                if name == "introduced":
                    if len(event) == 2 or parsed >= event[2]:
                        vulnerable = True
                elif name == "fixed":
                    if parsed >= event[2]:
                        vulnerable = False
                elif parsed > event[2]:
                    vulnerable = False
            if vulnerable:
                return True
        if self.listed:
            if version in self.listed:
                return True
            parsed = parse(cls, version)
            if parsed is None:
                return False
            if self.listed_parsed is None:
                self.listed_parsed = [p for p in (parse(cls, listed) for listed in self.listed) if p is not None]
            return any(parsed == listed for listed in self.listed_parsed)
        return False


PARSED: dict = {}
EVALUATION = [0.0]


def parse(cls, text: str):
    key = (cls, text)
    try:
        return PARSED[key]
    except KeyError:
        pass
    try:
        value = cls(text)
    except Exception:  # univers raises several kinds for bad input
        value = None
    PARSED[key] = value
    return value


def load(zips):
    index: dict = {}
    records = 0
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            for entry in archive.namelist():
                if not entry.endswith(".json"):
                    continue
                record = json.loads(archive.read(entry))
                records += 1
                if record.get("withdrawn"):
                    continue
                for affected in record.get("affected") or []:
                    package = affected.get("package") or {}
                    name = (package.get("name") or "").strip()
                    if not name:
                        continue
                    key_ecosystem, base = advisory_ecosystem(package.get("ecosystem") or "")
                    if key_ecosystem is None:
                        continue
                    key = (key_ecosystem, normalise_name(base, name))
                    index.setdefault(key, []).append(Prepared(record["id"], affected, base))
    return index, records


def component_advisories(index, component) -> set:
    found = set()
    for key in component.get("keys") or []:
        for prepared in index.get((key["ecosystem"], key["name"]), ()):
            if prepared.advisory not in found and prepared.affects(key["version"]):
                found.add(prepared.advisory)
    return found


def scan(index, components):
    pairs = []
    for position, component in enumerate(components):
        for advisory in component_advisories(index, component):
            pairs.append((position, advisory))
    return pairs


def scan_portfolio(index, sboms):
    """One finding list per SBOM: (component index, purl, version, advisory id) tuples."""
    memo: dict = {}
    reports = []
    for components in sboms:
        findings = []
        for position, component in enumerate(components):
            key = (component.get("purl"), component.get("version"))
            found = memo.get(key)
            if found is None:
                started = time.perf_counter()
                found = sorted(component_advisories(index, component))
                EVALUATION[0] += time.perf_counter() - started
                memo[key] = found
            findings.extend((position, key[0], key[1], advisory) for advisory in found)
        reports.append(findings)
    return memo, sum(len(findings) for findings in reports)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("--out")
    parser.add_argument("--sample", type=int, default=0, help="time only the first N SBOMs")
    arguments = parser.parse_args()
    with open(arguments.input, encoding="utf-8") as handle:
        data = json.load(handle)

    start = time.perf_counter()
    index, records = load(data["osv_zips"])
    load_seconds = time.perf_counter() - start

    largest = data["largest"]
    start = time.perf_counter()
    largest_pairs = scan(index, largest)
    largest_cold = time.perf_counter() - start
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        scan(index, largest)
        warm.append(time.perf_counter() - start)

    portfolio = data["portfolio"]
    sample = arguments.sample if 0 < arguments.sample < len(portfolio) else len(portfolio)
    start = time.perf_counter()
    memo, pairs = scan_portfolio(index, portfolio[:sample])
    portfolio_seconds = time.perf_counter() - start
    measured = portfolio_seconds
    if sample < len(portfolio):
        distinct = {(c.get("purl"), c.get("version")) for sbom in portfolio for c in sbom}
        portfolio_seconds *= len(distinct) / max(len(memo), 1)

    result = {
        "univers": metadata.version("univers"),
        "python": sys.version.split()[0],
        "records": records,
        "load_seconds": load_seconds,
        "largest_cold_seconds": largest_cold,
        "largest_seconds": statistics.median(warm),
        "largest_pairs": len(largest_pairs),
        "portfolio_sampled": sample,
        "portfolio_seconds": portfolio_seconds,
        "portfolio_pairs": pairs,
        "portfolio_evaluation_seconds": EVALUATION[0] * (portfolio_seconds / max(measured, 1e-9)),
        "portfolio_distinct_evaluated": len(memo),
    }
    if arguments.out:
        with open(arguments.out, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "largest": [list(pair) for pair in largest_pairs],
                    "portfolio": [[purl, version, advisory] for (purl, version), found in memo.items() for advisory in found],
                    "portfolio_evaluated": [list(key) for key in memo],
                },
                handle,
            )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
