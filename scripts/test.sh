#!/usr/bin/env bash
# Runs the whole test suite of tplc.
#
# Installs, when missing, the outside validators the tests check our output with:
#   - xmllint (Debian package libxml2-utils): CycloneDX XML output against the official XSD
#   - pyspdxtools, ntia-conformance-checker, jsonschema (PyPI, into target/venv)
# then runs `cargo test --workspace`, the comparison with ntia-conformance-checker, validates
# what `tplc sbom convert` writes from every SBOM available with those validators, and
# compares tplc's version orderings and range containment with the Python `univers` library,
# reads the MDS2 workbook tplc writes with openpyxl, and converts the application attachment
# DOCX with LibreOffice (text via pdftotext, page 1 as a PNG under target/attachment-check/).
# Tests that need ../shared (the peer test suites) print "skipped: ../shared not present" without it.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v xmllint >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null
  else
    echo "note: xmllint is not installed and cannot be installed here; XML schema checks will be skipped"
  fi
fi

venv=target/venv
if [ ! -f "$venv/.installed" ] || ! cmp -s scripts/requirements.txt "$venv/.installed"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements.txt
  cp scripts/requirements.txt "$venv/.installed"
fi
export PATH="$PWD/$venv/bin:$PATH"

# The SARIF 2.1.0 schema, which `tplc scan --format sarif` output is validated against: the
# npm package @microsoft/jest-sarif ships it (MIT); fetched from the npm registry once.
sarif_schema=target/sarif-schema/sarif-2.1.0-rtm.5.json
if [ ! -f "$sarif_schema" ] && command -v npm >/dev/null 2>&1; then
  mkdir -p target/sarif-schema
  if tarball=$(cd target/sarif-schema && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 2>/dev/null); then
    tar -xzf "target/sarif-schema/$tarball" -C target/sarif-schema --strip-components=3 package/lib/schemas/sarif-2.1.0-rtm.5.json
    rm -f "target/sarif-schema/$tarball"
  else
    echo "note: the SARIF schema could not be fetched from npm; SARIF output gets structural checks only"
  fi
fi

cargo test --workspace --locked
cargo build --quiet --locked -p tplc
python3 scripts/compare_ntia.py --tplc target/debug/tplc
python3 scripts/validate_outputs.py --tplc target/debug/tplc
python3 scripts/compare_univers.py --tplc target/debug/tplc
python3 scripts/check_mds2.py
bash scripts/check_attachment.sh --require-walkthrough

# The web UI in a real browser (issue 4): Debian's chromium, headless, driven by playwright-core
# (npm, pinned in crates/tplc-server/tests/browser/package-lock.json) against `tplc serve --demo`;
# a Japanese font so the screenshots under target/browser-test/ are readable.
if ! command -v chromium >/dev/null 2>&1 || [ -z "$(fc-list :lang=ja 2>/dev/null)" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipafont-gothic >/dev/null
  else
    echo "note: chromium is not installed and cannot be installed here"
  fi
fi
if command -v chromium >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  (cd crates/tplc-server/tests/browser && npm ci --no-audit --no-fund --silent)
  node crates/tplc-server/tests/browser/test.mjs
else
  echo "skipped: browser test (needs chromium and npm)"
fi
