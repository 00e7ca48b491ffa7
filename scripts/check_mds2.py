#!/usr/bin/env python3
"""Opens the MDS2 workbooks tplc writes with openpyxl and checks what a spreadsheet user sees.

Writes a prefilled sample in English and in Japanese through the example binary
`crates/tplc-mds2/examples/mds2_sample.rs` (into target/mds2-check/), then checks with openpyxl:
the sheet name, the header block, the question table's header and rows (240 questions, 23
sections), every answer and note the example reports as prefilled, a few specific answer cells,
and the drop-down list (data validation) on choice answers. Prints one line per failed check and
a closing "check_mds2: N passed, N failed" line; exit status 1 when a check fails.

openpyxl must be installed (the script installs nothing). Without it the script fails, unless
TPLC_ALLOW_SKIP=1, when it prints "skipped: openpyxl not installed" and exits 0.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
FORM = "ANSI/NEMA HN 1-2019"
CHOICE_LIST = '"Yes,No,N/A,See Note"'
HEADERS = {
    "en": ("Question ID", "Question", "Answer", "Note", "Form", "Manufacturer"),
    "ja": ("Question ID", "質問", "回答", "備考", "様式", "製造販売業者"),
}
QUESTIONS = 240
SECTIONS = 23


class Checks:
    """Counts passed and failed checks and prints the failures."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def expect(self, condition: bool, what: str) -> None:
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAILED: {what}")

    def equal(self, actual: object, expected: object, what: str) -> None:
        self.expect(actual == expected, f"{what}: expected {expected!r}, found {actual!r}")


def unescape(text: str) -> str:
    """Reverses the example's escaping of backslash, tab, newline and carriage return."""
    out, chars = [], iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(following, following))
        else:
            out.append(char)
    return "".join(out)


def write_sample(cargo: str, path: Path, lang: str) -> list[tuple[str, str, str]]:
    """Runs the example; returns the (id, answer, note) triples it prefilled."""
    command = [cargo, "run", "--quiet", "--locked", "-p", "tplc-mds2", "--example", "mds2_sample",
               "--", str(path), "--lang", lang]
    result = subprocess.run(command, cwd=REPOSITORY, check=True, capture_output=True, text=True)
    triples = []
    for line in result.stdout.splitlines():
        question_id, answer, note = line.split("\t")
        triples.append((question_id, unescape(answer), unescape(note)))
    return triples


def check_workbook(checks: Checks, path: Path, lang: str, prefilled: list[tuple[str, str, str]]) -> None:
    import openpyxl  # pylint: disable=import-outside-toplevel

    workbook = openpyxl.load_workbook(path)
    where = f"{path.name}"
    checks.equal(workbook.sheetnames, ["MDS2"], f"{where}: sheet names")
    if "MDS2" not in workbook.sheetnames:
        return
    sheet = workbook["MDS2"]
    id_header, question, answer, note, form_label, manufacturer_label = HEADERS[lang]
    checks.equal(sheet["A2"].value, form_label, f"{where}: A2")
    checks.equal(sheet["B2"].value, FORM, f"{where}: B2")
    checks.equal(sheet["A3"].value, manufacturer_label, f"{where}: A3")
    checks.equal(sheet["B3"].value, "Example Medical Co., Ltd.", f"{where}: B3 (manufacturer)")
    for cell, expected in (("A10", id_header), ("B10", question), ("C10", answer), ("D10", note)):
        checks.equal(sheet[cell].value, expected, f"{where}: header {cell}")

    rows: dict[str, int] = {}
    sections = 0
    for row in range(11, sheet.max_row + 1):
        value = sheet.cell(row=row, column=1).value
        if isinstance(value, str) and "-" in value:
            checks.expect(value not in rows, f"{where}: {value} appears twice")
            rows[value] = row
        elif value:
            sections += 1
    checks.equal(len(rows), QUESTIONS, f"{where}: question rows")
    checks.equal(sections, SECTIONS, f"{where}: section rows")
    checks.equal(sheet.cell(row=11, column=1).value, "DOC", f"{where}: first section row A11")
    checks.equal(rows.get("DOC-1"), 12, f"{where}: row of DOC-1")

    checks.expect(len(prefilled) > 10, f"{where}: the example prefilled {len(prefilled)} answers")
    for question_id, expected_answer, expected_note in prefilled:
        row = rows.get(question_id)
        checks.expect(row is not None, f"{where}: row of {question_id}")
        if row is None:
            continue
        checks.equal(sheet.cell(row=row, column=3).value, expected_answer, f"{where}: answer C{row} ({question_id})")
        checks.equal(sheet.cell(row=row, column=4).value or "", expected_note, f"{where}: note D{row} ({question_id})")

    def answer_of(question_id: str) -> object:
        row = rows.get(question_id)
        return None if row is None else sheet.cell(row=row, column=3).value

    checks.equal(answer_of("DOC-1"), "Example Medical Co., Ltd.", f"{where}: DOC-1 answer")
    checks.equal(answer_of("SBOM-1"), "Yes", f"{where}: SBOM-1 answer")
    checks.equal(answer_of("SBOM-2.2"), "See Note", f"{where}: SBOM-2.2 answer")
    checks.equal(answer_of("CONN-1.1"), "No", f"{where}: CONN-1.1 answer")
    checks.equal(answer_of("MPII-1"), None, f"{where}: MPII-1 is unanswered")

    validations = sheet.data_validations.dataValidation
    lists = [dv for dv in validations if dv.type == "list" and dv.formula1 == CHOICE_LIST]
    checks.equal(len(lists), len(validations), f"{where}: every data validation is the answer list")

    def has_list(question_id: str) -> bool:
        row = rows.get(question_id)
        return row is not None and any(f"C{row}" in dv.sqref for dv in lists)

    checks.expect(has_list("SBOM-1"), f"{where}: SBOM-1's answer cell has the drop-down list")
    checks.expect(has_list("RMOT-3"), f"{where}: RMOT-3's answer cell has the drop-down list")
    checks.expect(not has_list("DOC-1"), f"{where}: DOC-1 (free text) has no drop-down list")
    choice_rows = [question_id for question_id in rows if question_id not in {f"DOC-{n}" for n in range(1, 8)}]
    checks.equal(sum(1 for question_id in choice_rows if has_list(question_id)), QUESTIONS - 7,
                 f"{where}: choice answer cells with the list")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cargo", default=os.environ.get("CARGO", "cargo"), help="cargo executable")
    parser.add_argument("--out-dir", type=Path, default=REPOSITORY / "target" / "mds2-check",
                        help="where the sample workbooks are written")
    args = parser.parse_args()

    try:
        import openpyxl  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
    except ImportError:
        if os.environ.get("TPLC_ALLOW_SKIP") == "1":
            print("skipped: openpyxl not installed")
            return 0
        print("check_mds2: openpyxl is not installed (pip install openpyxl, or set TPLC_ALLOW_SKIP=1)",
              file=sys.stderr)
        return 1

    args.out_dir.mkdir(parents=True, exist_ok=True)
    checks = Checks()
    for lang in ("en", "ja"):
        path = args.out_dir / f"sample-{lang}.xlsx"
        prefilled = write_sample(args.cargo, path, lang)
        check_workbook(checks, path, lang, prefilled)
    print(f"check_mds2: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
