#!/usr/bin/env python3
"""Peer figures for the SBOM parse benchmark (`cargo bench -p tplc --bench sbom_parse -- --peer`).

Parses the same synthetic files with cyclonedx-python-lib (CycloneDX JSON into its model) and
spdx-tools (SPDX JSON into its model, as `pyspdxtools` does) and prints median MB/s and peak
memory of the Python heap (tracemalloc, in one extra untimed run) in the same format as the Rust benchmark.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

RUNS = 3


def measure(label: str, path: Path, parse) -> None:
    size = path.stat().st_size
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        parse(path)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    parse(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    median = statistics.median(times)
    megabytes = size / 1e6
    print(
        f"{label:<24} {megabytes:>7.1} MB  median {median * 1e3:>7.1} ms  {megabytes / median:>7.1} MB/s"
        f"  peak heap {peak / 1e6:>7.1} MB = {peak / size:.2f}x file"
    )


def parse_cyclonedx(path: Path) -> None:
    from cyclonedx.model.bom import Bom  # pylint: disable=import-outside-toplevel

    with path.open(encoding="utf-8") as file:
        bom = Bom.from_json(json.load(file))  # type: ignore[attr-defined]
    assert len(bom.components) > 0


def parse_spdx(path: Path) -> None:
    from spdx_tools.spdx.parser.parse_anything import parse_file  # pylint: disable=import-outside-toplevel

    document = parse_file(str(path))
    assert len(document.packages) > 0


def main() -> int:
    cyclonedx, spdx = Path(sys.argv[1]), Path(sys.argv[2])
    measure("cyclonedx-python-lib", cyclonedx, parse_cyclonedx)
    measure("spdx-tools (pyspdxtools)", spdx, parse_spdx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
