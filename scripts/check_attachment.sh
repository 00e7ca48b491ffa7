#!/usr/bin/env bash
# Checks that the application attachment DOCX written by tplc opens in LibreOffice (issue 5).
#
# Writes the sample attachments of crates/tplc-attachment/examples/attachment_sample.rs
# (Japanese with documents, Japanese with Annex F, English) into target/attachment-check/,
# converts them with `libreoffice --headless --convert-to pdf`, extracts the text with
# `pdftotext`, and checks that every row title, every document number and the Annex F sentence
# are in it (white space removed on both sides, since table cells wrap lines). Page 1 of each is
# kept as a PNG for review: target/attachment-check/page1.png (Japanese), page1-annex-f.png,
# page1-en.png.
#
# Needs the Debian packages libreoffice-writer-nogui (or libreoffice-writer), poppler-utils and
# fonts-ipafont-mincho (IPAMincho, which LibreOffice puts in for the MS Mincho the DOCX names);
# installs the missing ones with apt-get when run as root. Without them it fails, unless
# TPLC_ALLOW_SKIP=1, when it prints "skipped: ..." and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/attachment-check
variants=(attachment attachment-annex-f attachment-en)

missing=()
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -q 'IPAMincho' || missing+=(fonts-ipafont-mincho)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif [ "${TPLC_ALLOW_SKIP:-}" = 1 ]; then
    echo "skipped: ${missing[*]} not installed and cannot be installed here"
    exit 0
  else
    echo "error: ${missing[*]} not installed and cannot be installed here (not root or no apt-get)" >&2
    exit 1
  fi
fi
office=$(command -v soffice || command -v libreoffice)

rm -rf "$out"
mkdir -p "$out"
cargo run --quiet --locked -p tplc-attachment --example attachment_sample -- "$out"

# The real exports of the API walkthrough test (crates/tplc-server/tests/compliance_walkthrough.rs
# writes them with the strings they must hold when `cargo test` runs): version 2 with all 16
# items linked, version 1 with Annex F. `--require-walkthrough` (scripts/test.sh) fails without them.
walkthrough=target/tmp/compliance-walkthrough
for name in walkthrough-v2 walkthrough-v1-annex-f; do
  if [ -s "$walkthrough/$name.docx" ] && [ -s "$walkthrough/$name.expected.txt" ]; then
    cp "$walkthrough/$name.docx" "$walkthrough/$name.expected.txt" "$out/"
    variants+=("$name")
  elif [ "${1:-}" = --require-walkthrough ]; then
    echo "error: $walkthrough/$name.docx is missing: run cargo test -p tplc-server --test compliance_walkthrough first" >&2
    exit 1
  else
    echo "note: $walkthrough/$name.docx not found (run the walkthrough test to check the real export too)"
  fi
done

# A profile of our own, so that a LibreOffice already running for the user does not take the job.
profile="file://$PWD/$out/lo-profile"
docs=()
for variant in "${variants[@]}"; do docs+=("$out/$variant.docx"); done
start=$(date +%s%N)
timeout 300 "$office" "-env:UserInstallation=$profile" --headless --convert-to pdf --outdir "$out" "${docs[@]}" >"$out/libreoffice.log" 2>&1 || {
  echo "error: libreoffice failed to convert the DOCX files:" >&2
  cat "$out/libreoffice.log" >&2
  exit 1
}
end=$(date +%s%N)
elapsed_ms=$(((end - start) / 1000000))
printf 'converted %d DOCX files to PDF in %d.%03d s\n' "${#docs[@]}" $((elapsed_ms / 1000)) $((elapsed_ms % 1000))

failures=0
for variant in "${variants[@]}"; do
  pdf="$out/$variant.pdf"
  if [ ! -s "$pdf" ]; then
    echo "FAIL $variant: no PDF written (see $out/libreoffice.log)"
    failures=$((failures + 1))
    continue
  fi
  pdftotext -enc UTF-8 "$pdf" "$out/$variant.txt"
  text=$(tr -d ' \t\r\n\f' <"$out/$variant.txt")
  checked=0
  before=$failures
  while IFS= read -r expected || [ -n "$expected" ]; do
    [ -z "$expected" ] && continue
    needle=$(printf '%s' "$expected" | tr -d ' \t\r\n\f')
    checked=$((checked + 1))
    if [[ "$text" != *"$needle"* ]]; then
      echo "FAIL $variant: \"$expected\" is not in the text of $pdf"
      failures=$((failures + 1))
    fi
  done <"$out/$variant.expected.txt"
  if [ "$checked" = 0 ]; then
    echo "FAIL $variant: nothing to check in $out/$variant.expected.txt"
    failures=$((failures + 1))
  fi
  if [ "$variant" != attachment-en ] && ! pdffonts "$pdf" 2>/dev/null | grep -Eqi 'mincho|gothic|ipa|cjk'; then
    echo "FAIL $variant: no Japanese font embedded in $pdf (Japanese would not render)"
    failures=$((failures + 1))
  fi
  case "$variant" in
    attachment*) png="$out/page1${variant#attachment}" ;;
    *) png="$out/page1-$variant" ;;
  esac
  pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$pdf" "$png"
  if [ "$failures" = "$before" ]; then
    echo "ok   $variant: $checked strings found; page 1 in $png.png"
  fi
done

if [ "$failures" -gt 0 ]; then
  echo "check_attachment: $failures failure(s)" >&2
  exit 1
fi
echo "check_attachment: all attachments convert and contain every row title and document number"
