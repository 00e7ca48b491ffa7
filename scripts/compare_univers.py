#!/usr/bin/env python3
"""Compare tplc's version orderings and range containment with the Python ``univers`` library.

Three comparisons, each printed as agreement counts per ecosystem plus the disagreements,
each with an explanation (a known, documented difference) or marked UNEXPLAINED:

1. The osv-scalibr ordering vectors (``shared/testdata/osv-scalibr/semantic/testdata``): for
   every ``a op b`` line, tplc's answer, univers' answer and the expected one.
2. Version pairs sampled from the OSV advisories (``shared/data/osv/*/all.zip``): versions
   named in the events and ``versions`` lists of the same package, compared pairwise.
3. Range containment: ``vers:`` ranges built from the advisories' introduced/fixed events,
   tested against versions of the same package with ``tplc version in`` and univers'
   ``VersionRange``.

tplc is called through its CLI in batch mode (``tplc version cmp --batch`` and
``tplc version in --batch``), one process per batch. Usage::

    python3 scripts/compare_univers.py [--tplc PATH] [--shared DIR] [--pairs N] [--seed S]

Needs ``univers`` (scripts/requirements.txt). Exit status 0 when every disagreement is
explained, 1 otherwise (2 when inputs are missing).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

try:
    from univers import versions as uv
    from univers.version_range import RANGE_CLASS_BY_SCHEMES
except ImportError:  # pragma: no cover - reported to the user
    sys.exit("compare_univers.py needs univers: pip install -r scripts/requirements.txt")

REPO = Path(__file__).resolve().parent.parent

# tplc scheme name -> (univers version class, vers versioning scheme)
UNIVERS = {
    "semver": (uv.SemverVersion, "npm"),
    "go": (uv.GolangVersion, "golang"),
    "pep440": (uv.PypiVersion, "pypi"),
    "maven": (uv.MavenVersion, "maven"),
    "rubygems": (uv.RubygemsVersion, "gem"),
    "nuget": (uv.NugetVersion, "nuget"),
    "composer": (uv.ComposerVersion, "composer"),
    "dpkg": (uv.DebianVersion, "deb"),
    "rpm": (uv.RpmVersion, "rpm"),
    "apk": (uv.AlpineLinuxVersion, "apk"),
    "generic": (uv.GenericVersion, "generic"),
}

# OSV ecosystem base name -> tplc scheme (as tplc_version::Scheme::from_osv_ecosystem).
SCHEME_OF = {}
for names, scheme in [
    (["npm", "crates.io", "Hex", "Pub", "Bitnami", "Julia", "SwiftURL", "GitHub Actions"], "semver"),
    (["Go"], "go"),
    (["PyPI"], "pep440"),
    (["Maven"], "maven"),
    (["RubyGems"], "rubygems"),
    (["NuGet"], "nuget"),
    (["Packagist"], "composer"),
    (["Debian", "Ubuntu"], "dpkg"),
    (["Red Hat", "AlmaLinux", "Rocky Linux", "SUSE", "openSUSE", "Mageia", "openEuler",
      "Azure Linux", "Photon OS"], "rpm"),
    (["Alpine", "Wolfi", "Chainguard", "Alpaquita", "BellSoft Hardened Containers", "MinimOS",
      "CleanStart"], "apk"),
    (["Android", "Bioconductor", "ConanCenter", "CRAN", "Docker Hardened Images", "Echo",
      "FreeBSD", "GHC", "Hackage", "Kubernetes", "Linux", "opam", "OSS-Fuzz", "TuxCare",
      "VSCode"], "generic"),
]:
    for name in names:
        SCHEME_OF[name] = scheme

# vector file -> tplc scheme
VECTOR_FILES = {
    "semver-versions.txt": "semver",
    "pub-versions.txt": "semver",
    "pypi-versions.txt": "pep440",
    "pypi-versions-generated.txt": "pep440",
    "maven-versions.txt": "maven",
    "maven-versions-generated.txt": "maven",
    "debian-versions.txt": "dpkg",
    "debian-versions-generated.txt": "dpkg",
    "alpine-versions.txt": "apk",
    "alpine-versions-generated.txt": "apk",
    "redhat-versions.txt": "rpm",
    "rubygems-versions.txt": "rubygems",
    "rubygems-versions-generated.txt": "rubygems",
    "packagist-versions.txt": "composer",
    "packagist-versions-generated.txt": "composer",
    "nuget-versions.txt": "nuget",
    "cran-versions.txt": "generic",
    "cran-versions-generated.txt": "generic",
    "hackage-versions.txt": "generic",
}

SYMBOL = {-1: "<", 0: "=", 1: ">"}


def find_tplc(given: str | None) -> str:
    if given:
        return given
    for profile in ("release", "debug"):
        candidate = REPO / "target" / profile / "tplc"
        if candidate.exists():
            return str(candidate)
    subprocess.run(["cargo", "build", "-q", "-p", "tplc"], cwd=REPO, check=True)
    return str(REPO / "target" / "debug" / "tplc")


def tplc_batch(tplc: str, command: str, lines: list[str]) -> list[str]:
    """Runs ``tplc version COMMAND --batch`` over LINES; one result line per input line."""
    if not lines:
        return []
    result = subprocess.run(
        [tplc, "version", command, "--batch"],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        check=False,
    )
    out = result.stdout.splitlines()
    if len(out) != len(lines):
        sys.exit(f"tplc version {command} --batch gave {len(out)} lines for {len(lines)}: {result.stderr}")
    return out


def univers_cmp(scheme: str, a: str, b: str) -> str:
    """univers' relation of A and B, or ``error: ...``."""
    cls = UNIVERS[scheme][0]
    try:
        x, y = cls(a), cls(b)
        return "<" if x < y else ">" if x > y else "="
    except Exception as error:  # univers raises many kinds of errors on bad input
        return f"error: {type(error).__name__}"


def explain(scheme: str, a: str, b: str, ours: str, theirs: str, expected: str | None) -> str | None:
    """The known reason tplc and univers differ on A vs B, or None."""
    if ours.startswith("error"):
        return None
    if theirs.startswith("error"):
        return "univers cannot parse one of the versions (tplc accepts it: documented leniency)"
    if expected is not None and ours == expected:
        return "univers disagrees with the upstream vector; tplc follows it"
    text = a + " " + b
    if scheme == "semver":
        if "+" in text:
            return "build metadata: SemVer 2.0 ignores it (Pub orders it; univers may not ignore it)"
        if re.search(r"(^|\s)v", text) or re.search(r"(^|[^.\d])\d+(\.\d+)?([-+ ]|$)", text):
            return "lenient SemVer: leading v / fewer than three components read as in OSV"
        if re.search(r"\d+\.\d+\.\d+\.\d", text):
            return "components past the third are build metadata (as OSV's comparator)"
        if re.search(r"(^|[.-])0\d", text):
            return "leading zeros compared numerically"
    if scheme == "go" and "incompatible" in text:
        return "+incompatible is build metadata"
    if scheme == "pep440":
        for version in (a, b):
            try:
                from packaging.version import Version as PV  # univers depends on packaging

                PV(version)
            except Exception:
                return "legacy (non-PEP 440) version: ordered as packaging's LegacyVersion, before PEP 440 versions"
    if scheme == "maven":
        if re.search(r"\.[a-zA-Z]+[-.]?\d|[0-9]\.[a-zA-Z]", text):
            return "Maven 3.9 reads '.qualifier' as '-qualifier' (Maven 3.8 and univers do not)"
        if re.search(r"\.0(\.|$)", text) or "-" in text:
            return "ComparableVersion null-padding around 0 and '-' sub-lists (Maven 3.8 is not transitive there)"
        if re.search(r"[_]", text):
            return "'_' is no Maven separator"
        return "univers' Maven ordering differs from ComparableVersion"
    if scheme == "apk":
        if re.search(r"\.0\d|\.0[_a-z-]|[a-z]\d", text):
            return "apk-tools 2.x token rules (leading zeros, digits after a letter)"
        if re.search(r"-r\d", text):
            return "apk -rN revisions compared numerically"
        return "apk-tools 2.x ordering of invalid/unusual tails"
    if scheme == "rpm":
        if "~" in text or "^" in text:
            return "rpmvercmp tilde/caret rules"
        if ":" in text:
            return "epoch handling (missing epoch = 0)"
        if "-" in text:
            return "missing release sorts before any release"
    if scheme == "dpkg" and "~" in text:
        return "dpkg tilde rule"
    if scheme == "composer":
        return "PHP version_compare special forms (dev < alpha < beta < RC < number < pl)"
    if scheme == "rubygems":
        return "Gem::Version canonical segments (trailing zeros, pre-release letters)"
    if scheme == "nuget":
        return "NuGet four-part versions / case-insensitive pre-release labels"
    if scheme == "generic":
        return "generic ordering: numeric and alphabetic runs (univers' GenericVersion differs)"
    return None


class Tally:
    """Agreement counts and examples of disagreements, per group."""

    def __init__(self) -> None:
        self.counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.examples: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
        self.unexplained = 0

    def add(self, group: str, agree: bool, reason: str | None, detail: str) -> None:
        counter = self.counts[group]
        counter["total"] += 1
        if agree:
            counter["agree"] += 1
            return
        key = reason or "UNEXPLAINED"
        counter[key] += 1
        if key == "UNEXPLAINED":
            self.unexplained += 1
        if len(self.examples[(group, key)]) < 3:
            self.examples[(group, key)].append(detail)

    def report(self, title: str) -> None:
        print(f"\n== {title} ==")
        for group in sorted(self.counts):
            counter = self.counts[group]
            print(f"{group}: {counter['agree']}/{counter['total']} agree")
            for key, count in counter.most_common():
                if key in ("agree", "total"):
                    continue
                print(f"    {count:6d}  {key}")
                for example in self.examples[(group, key)]:
                    print(f"            e.g. {example}")


def compare_vectors(tplc: str, shared: Path) -> Tally:
    tally = Tally()
    directory = shared / "testdata" / "osv-scalibr" / "semantic" / "testdata"
    for name, scheme in VECTOR_FILES.items():
        path = directory / name
        if not path.exists():
            continue
        cases = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith(("# ", "// ")):
                continue
            parts = line.split(" ")
            if len(parts) == 3 and parts[1] in ("<", "=", ">"):
                cases.append(tuple(parts))
        ours = tplc_batch(tplc, "cmp", [f"{scheme}\t{a}\t{b}" for a, _, b in cases])
        for (a, expected, b), mine in zip(cases, ours):
            theirs = univers_cmp(scheme, a, b)
            reason = explain(scheme, a, b, mine, theirs, expected)
            detail = f"{a} {expected} {b}: tplc {mine}, univers {theirs}"
            tally.add(f"{name} [{scheme}]", mine == theirs, reason, detail)
    return tally


def advisory_versions(shared: Path, limit_records: int) -> dict[str, dict[str, dict]]:
    """{scheme: {ecosystem/package: {"versions": set, "ranges": [(introduced, fixed)]}}}."""
    packages: dict[str, dict[str, dict]] = collections.defaultdict(dict)
    for archive in sorted((shared / "data" / "osv").glob("*/all.zip")):
        with zipfile.ZipFile(archive) as zf:
            for count, info in enumerate(zf.infolist()):
                if count >= limit_records:
                    break
                try:
                    record = json.loads(zf.read(info))
                except (ValueError, KeyError):
                    continue
                for affected in record.get("affected", []):
                    package = affected.get("package", {})
                    ecosystem = package.get("ecosystem", "")
                    scheme = SCHEME_OF.get(ecosystem.split(":")[0])
                    if scheme is None:
                        continue
                    key = f"{ecosystem.split(':')[0]}/{package.get('name', '')}"
                    entry = packages[scheme].setdefault(key, {"versions": set(), "ranges": []})
                    entry["versions"].update(v for v in affected.get("versions", []) if v)
                    for rng in affected.get("ranges", []):
                        if rng.get("type") not in ("ECOSYSTEM", "SEMVER"):
                            continue
                        introduced = None
                        for event in rng.get("events", []):
                            for kind, value in event.items():
                                if value and value != "0" and kind != "limit":
                                    entry["versions"].add(value)
                            if "introduced" in event:
                                introduced = event["introduced"]
                            elif "fixed" in event and introduced is not None:
                                entry["ranges"].append((introduced, event["fixed"]))
                                introduced = None
    return packages


def compare_advisories(tplc: str, packages: dict, pairs: int, rng: random.Random) -> tuple[Tally, Tally]:
    ordering, containment = Tally(), Tally()
    for scheme, by_package in sorted(packages.items()):
        candidates = [(key, sorted(entry["versions"])) for key, entry in by_package.items() if len(entry["versions"]) >= 2]
        sample = []
        for _ in range(pairs):
            if not candidates:
                break
            key, versions = rng.choice(candidates)
            a, b = rng.sample(versions, 2)
            if " " in a or " " in b or "\t" in a or "\t" in b:
                continue
            sample.append((key, a, b))
        ours = tplc_batch(tplc, "cmp", [f"{scheme}\t{a}\t{b}" for _, a, b in sample])
        for (key, a, b), mine in zip(sample, ours):
            theirs = univers_cmp(scheme, a, b)
            reason = explain(scheme, a, b, mine, theirs, None)
            if mine.startswith("error") and theirs.startswith("error"):
                reason = "neither parses the version"
            elif mine.startswith("error"):
                reason = f"tplc rejects it ({mine})"
            ordering.add(scheme, mine == theirs, reason, f"{key}: {a} vs {b}: tplc {mine}, univers {theirs}")

        vers_type = UNIVERS[scheme][1]
        range_class = RANGE_CLASS_BY_SCHEMES.get(vers_type)
        tests = []
        with_ranges = [(key, entry) for key, entry in by_package.items() if entry["ranges"] and entry["versions"]]
        for _ in range(pairs // 2):
            if not with_ranges:
                break
            key, entry = rng.choice(with_ranges)
            introduced, fixed = rng.choice(entry["ranges"])
            version = rng.choice(sorted(entry["versions"]))
            if any(c in s for s in (introduced, fixed, version) for c in " \t|%"):
                continue
            if introduced == "0":
                vers = f"vers:{vers_type}/<{fixed}"
            else:
                vers = f"vers:{vers_type}/>={introduced}|<{fixed}"
            tests.append((key, version, vers))
        ours = tplc_batch(tplc, "in", [f"{scheme}\t{v}\t{r}" for _, v, r in tests])
        for (key, version, vers), mine in zip(tests, ours):
            try:
                if range_class is None:
                    raise ValueError(f"no univers range class for {vers_type}")
                parsed = range_class.from_string(vers)
                theirs = str(parsed.version_class(version) in parsed).lower()
            except Exception as error:
                theirs = f"error: {type(error).__name__}"
            reason = None
            bounds = vers.split("/", 1)[1].replace(">=", "").replace("<", "").split("|")
            if mine != theirs:
                if len(bounds) == 2 and bounds[0] == bounds[1]:
                    reason = (
                        "empty OSV range (introduced = fixed): tplc keeps the tie as written "
                        "(>=X|<X, nothing), univers sorts it as <X|>=X (everything)"
                    )
                elif mine.startswith("error"):
                    reason = "tplc rejects the range or version"
                elif theirs.startswith("error"):
                    reason = "univers cannot parse the range or version"
                else:
                    orders = [explain(scheme, version, b, "", "x", None) for b in bounds]
                    reason = next((o for o in orders if o), None)
                    if reason:
                        reason = f"ordering difference: {reason}"
            containment.add(scheme, mine == theirs, reason, f"{key}: {version} in {vers}: tplc {mine}, univers {theirs}")
    return ordering, containment


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tplc", help="the tplc binary (default: target/release or target/debug, else cargo build)")
    parser.add_argument("--shared", default=str(REPO.parent / "shared"), help="the shared/ folder")
    parser.add_argument("--pairs", type=int, default=3000, help="version pairs sampled per scheme")
    parser.add_argument("--records", type=int, default=20000, help="records read per OSV archive")
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    shared = Path(arguments.shared)
    if not shared.is_dir():
        print(f"skipped: {shared} not present")
        return 2
    tplc = find_tplc(arguments.tplc)
    rng = random.Random(arguments.seed)

    vectors = compare_vectors(tplc, shared)
    vectors.report("osv-scalibr ordering vectors: tplc vs univers")
    packages = advisory_versions(shared, arguments.records)
    ordering, containment = compare_advisories(tplc, packages, arguments.pairs, rng)
    ordering.report("OSV advisory version pairs (same package): tplc vs univers")
    containment.report("OSV advisory ranges (vers: from introduced/fixed): tplc vs univers")
    unexplained = vectors.unexplained + ordering.unexplained + containment.unexplained
    print(f"\nunexplained disagreements: {unexplained}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
