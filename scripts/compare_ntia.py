#!/usr/bin/env python3
"""Compares `tplc sbom check --profile ntia-2021` with the SPDX project's ntia-conformance-checker.

Runs both on every SPDX 2.x file available (the examples of this repository converted to SPDX,
and every SPDX JSON or tag-value file under ../shared/testdata and ../shared/data/sboms) and
prints, per file, both verdicts and whether they agree. Exit status 1 when a verdict differs
for a reason not listed in KNOWN_DIFFERENCES, 0 otherwise.

The checker's verdict also requires that spdx-tools finds no validation error in the document;
tplc's ntia-2021 profile checks the minimum elements only, and a document tplc cannot read at
all is reported as "unreadable" (exit 2), which is never counted as agreement.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TPLC_SHARED_DIR", REPOSITORY.parent / "shared"))


def spdx_files() -> list[Path]:
    """Every SPDX 2.x JSON or tag-value document under ../shared."""
    found: list[Path] = []
    for root in (SHARED / "testdata", SHARED / "data" / "sboms"):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.suffix not in {".json", ".spdx"}:
                continue
            head = path.read_bytes()[:4096]
            if b'"spdxVersion"' in head and b'"SPDX-2.' in path.read_bytes()[:1_000_000]:
                found.append(path)
            elif path.suffix == ".spdx" and b"SPDXVersion: SPDX-2." in head:
                found.append(path)
    return found


def checker_verdict(path: Path) -> tuple[bool | None, str]:
    """The ntia-conformance-checker verdict and, when it fails, why."""
    from ntia_conformance_checker import NTIAChecker  # pylint: disable=import-outside-toplevel

    logging.disable(logging.CRITICAL)
    try:
        checker = NTIAChecker(str(path))
    except Exception as error:  # pylint: disable=broad-except
        return None, f"checker error: {error}"
    if not getattr(checker, "doc", None):
        return None, "checker could not parse"
    reasons = [name for name, ok in checker.table_elements if not ok]
    if checker.validation_messages:
        reasons.append(f"{len(checker.validation_messages)} spdx-tools validation messages")
    return bool(checker.compliant), "; ".join(reasons)


def tplc_verdict(tplc: str, path: Path) -> tuple[bool | None, str]:
    """tplc's ntia-2021 verdict and its summary line."""
    result = subprocess.run(
        [tplc, "sbom", "check", str(path), "--profile", "ntia-2021", "--format", "json", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 2:
        return None, result.stderr.strip()
    report = json.loads(result.stdout)
    return report["passed"], report["summary"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tplc", default=str(REPOSITORY / "target" / "debug" / "tplc"))
    arguments = parser.parse_args()
    try:
        import ntia_conformance_checker  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
    except ImportError:
        print("skipped: ntia-conformance-checker not installed (pip install -r scripts/requirements.txt)")
        return 0

    with tempfile.TemporaryDirectory() as temporary:
        files = []
        for example in sorted((REPOSITORY / "examples").glob("*.cdx.json")):
            converted = Path(temporary) / (example.name.removesuffix(".cdx.json") + ".spdx.json")
            subprocess.run(
                [arguments.tplc, "sbom", "convert", str(example), "--to", "spdx-json", "-o", str(converted)],
                check=True,
                capture_output=True,
            )
            files.append(converted)
        if SHARED.is_dir():
            files.extend(spdx_files())
        else:
            print("skipped: ../shared not present (only the repository's examples are compared)")

        agreements = disagreements = 0
        for path in files:
            expected, why_expected = checker_verdict(path)
            actual, why_actual = tplc_verdict(arguments.tplc, path)
            label = str(path.relative_to(SHARED)) if path.is_relative_to(SHARED) else path.name
            verdict = lambda value: {True: "pass", False: "fail", None: "unreadable"}[value]  # noqa: E731
            if expected is not None and expected == actual:
                agreements += 1
                print(f"agree     {verdict(expected):10} {label}")
            else:
                disagreements += 1
                print(f"DISAGREE  checker={verdict(expected)} tplc={verdict(actual)}  {label}")
                print(f"          checker: {why_expected or '-'}")
                print(f"          tplc:    {why_actual}")
    print(f"{agreements} agree, {disagreements} disagree of {agreements + disagreements} SPDX documents")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
