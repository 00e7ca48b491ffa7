#!/usr/bin/env python3
"""Validates what `tplc sbom convert` writes with other projects' validators.

Converts every readable SBOM available (the repository's examples, and the CycloneDX and SPDX
documents under ../shared/testdata and ../shared/data/sboms) to each target format and checks
the output:
  - cyclonedx-json  with the official CycloneDX 1.6 JSON schema (python-jsonschema, draft-07,
                    formats asserted, the spdx and jsf schemas registered locally);
  - cyclonedx-xml   with the official CycloneDX 1.6 XSD (xmllint --schema, no network);
  - spdx-json       with spdx-tools (`pyspdxtools -i`).
Inputs tplc rejects (the `invalid-*` test documents, VEX-only files) are counted as skipped.
Exit status 1 when any output fails its validator.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TPLC_SHARED_DIR", REPOSITORY.parent / "shared"))
SCHEMA_DIR = SHARED / "testdata" / "cyclonedx-spec" / "schema"
SBOM_MARKERS = re.compile(rb'"bomFormat"|"spdxVersion"\s*:\s*"SPDX-2\.|<bom[\s>]|SPDXVersion: SPDX-2\.')


def inputs() -> list[Path]:
    """Every candidate SBOM: repository examples and shared documents that look like SBOMs."""
    found = sorted((REPOSITORY / "examples").glob("*.json"))
    for root in (SHARED / "testdata", SHARED / "data" / "sboms"):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".json", ".xml", ".spdx"} and "invalid" not in path.name:
                if "/schema/" in str(path) or path.stat().st_size > 50_000_000:
                    continue
                if SBOM_MARKERS.search(path.read_bytes()[:2_000_000]):
                    found.append(path)
    return found


def json_validator():
    """A draft-07 validator for bom-1.6.schema.json with local references."""
    import jsonschema  # pylint: disable=import-outside-toplevel
    from referencing import Registry, Resource  # pylint: disable=import-outside-toplevel

    registry = Registry()
    for name in ("spdx.schema.json", "jsf-0.82.schema.json"):
        contents = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        registry = registry.with_resource(f"http://cyclonedx.org/schema/{name}", Resource.from_contents(contents))
    schema = json.loads((SCHEMA_DIR / "bom-1.6.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, registry=registry, format_checker=jsonschema.FormatChecker())


def convert(tplc: str, source: Path, target: str, output: Path) -> str | None:
    """Converts; returns tplc's error line when it does not read the input."""
    result = subprocess.run(
        [tplc, "sbom", "convert", str(source), "--to", target, "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    return None if result.returncode == 0 else (result.stderr.strip().splitlines() or ["?"])[-1]


def check_one(tplc: str, source: Path, directory: Path, validator) -> tuple[str, list[str]]:
    """Converts one input to every target and validates; returns (status, failures)."""
    stem = re.sub(r"[^A-Za-z0-9.-]", "_", str(source))[-80:]
    failures: list[str] = []
    cdx_json = directory / f"{stem}.cdx.json"
    error = convert(tplc, source, "cyclonedx-json", cdx_json)
    if error is not None:
        return "skipped", [error]
    errors = list(validator.iter_errors(json.loads(cdx_json.read_text(encoding="utf-8"))))
    if errors:
        failures.append(f"cyclonedx-json: {len(errors)} schema errors, first: {errors[0].message[:200]} at {list(errors[0].absolute_path)}")
    if shutil.which("xmllint"):
        cdx_xml = directory / f"{stem}.cdx.xml"
        convert(tplc, source, "cyclonedx-xml", cdx_xml)
        result = subprocess.run(
            ["xmllint", "--noout", "--nonet", "--schema", str(SCHEMA_DIR / "bom-1.6.xsd"), str(cdx_xml)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "XML_CATALOG_FILES": str(SCHEMA_DIR / "xmlcatalog.xml")},
        )
        if result.returncode != 0:
            failures.append(f"cyclonedx-xml: {result.stderr.strip().splitlines()[0][:300]}")
    if shutil.which("pyspdxtools"):
        spdx = directory / f"{stem}.spdx.json"
        convert(tplc, source, "spdx-json", spdx)
        result = subprocess.run(["pyspdxtools", "-i", str(spdx)], capture_output=True, text=True, check=False)
        if result.returncode != 0 or "validation" in result.stdout.lower() and "error" in result.stdout.lower():
            lines = (result.stdout + result.stderr).strip().splitlines()
            failures.append("spdx-json: " + " | ".join(lines[:3])[:300])
    return ("failed" if failures else "valid"), failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tplc", default=str(REPOSITORY / "target" / "debug" / "tplc"))
    arguments = parser.parse_args()
    if not SCHEMA_DIR.is_dir():
        print("skipped: ../shared not present (the CycloneDX schemas are needed)")
        return 0
    try:
        validator = json_validator()
    except ImportError:
        print("skipped: jsonschema not installed (pip install -r scripts/requirements.txt)")
        return 0
    for tool in ("xmllint", "pyspdxtools"):
        if not shutil.which(tool):
            print(f"note: {tool} not installed; that format's output is not validated")

    counts = {"valid": 0, "failed": 0, "skipped": 0}
    with tempfile.TemporaryDirectory() as temporary, ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        sources = inputs()
        results = pool.map(lambda source: (source, *check_one(arguments.tplc, source, Path(temporary), validator)), sources)
        for source, status, messages in results:
            counts[status] += 1
            label = str(source.relative_to(SHARED)) if source.is_relative_to(SHARED) else str(source.relative_to(REPOSITORY))
            if status == "failed":
                print(f"FAILED   {label}")
                for message in messages:
                    print(f"         {message}")
            elif status == "skipped":
                print(f"skipped  {label}: tplc does not read it: {messages[0][:200]}")
    print(
        f"{counts['valid']} inputs converted to CycloneDX 1.6 JSON, CycloneDX 1.6 XML and SPDX 2.3 JSON with every output valid,"
        f" {counts['failed']} failed, {counts['skipped']} not SBOMs tplc reads"
    )
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
