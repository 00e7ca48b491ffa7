#!/usr/bin/env python3
"""Compares `tplc sbom check --profile ntia-2021` with the SPDX project's ntia-conformance-checker.

Runs both on every SPDX 2.x file available (the examples of this repository converted to SPDX,
and every SPDX JSON or tag-value file under ../shared/testdata and ../shared/data/sboms) and
prints, per file, both verdicts and whether they agree. Exit status 1 when a verdict differs,
0 otherwise. Documents that spdx-tools cannot parse get no verdict from the checker; they are
listed with tplc's verdict and counted apart.

The checker's verdict also requires that spdx-tools finds no validation error in the document;
tplc's ntia-2021 profile checks the minimum elements only, and a document tplc cannot read at
all is reported as "unreadable" (exit 2), which is never counted as agreement.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
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
            content = path.read_bytes()
            if path.suffix == ".json" and SPDX2_JSON.search(content):
                found.append(path)
            elif path.suffix == ".spdx" and b"SPDXVersion: SPDX-2." in content[:4096]:
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
        errors = [str(error) for error in getattr(checker, "parsing_errors", [])]
        first = errors[0].splitlines()[0][:160] if errors else "no document"
        return None, f"spdx-tools cannot parse it: {first}"
    reasons = [name for name, ok in checker.table_elements if not ok]
    if checker.validation_messages:
        reasons.append(f"{len(checker.validation_messages)} spdx-tools validation messages")
    return bool(checker.compliant), "; ".join(reasons)


SPDX2_JSON = re.compile(rb'"spdxVersion"\s*:\s*"SPDX-2\.')
FRACTIONAL_SECONDS = re.compile(rb'("\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.\d+Z"')


def checker_verdict_on_whole_seconds(path: Path, temporary: str) -> tuple[bool | None, str]:
    """spdx-tools rejects timestamps with fractional seconds (RFC 3339 allows them; syft writes
    them): run the checker on a copy whose timestamps are cut to whole seconds."""
    copy = Path(temporary) / ("whole-seconds-" + path.name)
    copy.write_bytes(FRACTIONAL_SECONDS.sub(rb'\1Z"', path.read_bytes()))
    verdict, why = checker_verdict(copy)
    return verdict, f"{why} (on a copy with whole-second timestamps)".lstrip()


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

        agreements = disagreements = unverifiable = 0
        for path in files:
            expected, why_expected = checker_verdict(path)
            if expected is None and "does not match format '%Y-%m-%dT%H:%M:%SZ'" in why_expected:
                expected, why_expected = checker_verdict_on_whole_seconds(path, temporary)
            actual, why_actual = tplc_verdict(arguments.tplc, path)
            label = str(path.relative_to(SHARED)) if path.is_relative_to(SHARED) else path.name
            verdict = {True: "pass", False: "fail", None: "unreadable"}
            if expected == actual:
                agreements += 1
                note = "  (checker on a copy with whole-second timestamps)" if "whole-second" in why_expected else ""
                print(f"agree        {verdict[expected]:10} {label}{note}")
            elif expected is None:
                # The checker gives no verdict on a document spdx-tools cannot parse (for
                # instance SPDX 2.2 packages without copyrightText, as syft wrote them).
                unverifiable += 1
                print(f"no verdict   tplc={verdict[actual]:6} {label}")
                print(f"             checker: {why_expected}")
                print(f"             tplc:    {why_actual}")
            else:
                disagreements += 1
                print(f"DISAGREE     checker={verdict[expected]} tplc={verdict[actual]}  {label}")
                print(f"             checker: {why_expected or '-'}")
                print(f"             tplc:    {why_actual}")
    total = agreements + disagreements + unverifiable
    print(
        f"{agreements} agree, {disagreements} disagree, {unverifiable} without a checker verdict"
        f" (spdx-tools cannot parse them) of {total} SPDX documents"
    )
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
