#!/usr/bin/env python3
"""Peer figures for the SBOM parse benchmark (`cargo bench -p tplc --bench sbom_parse -- --peer`).

Parses the same synthetic files with cyclonedx-python-lib (CycloneDX JSON into its model) and
spdx-tools (SPDX JSON into its model, as `pyspdxtools` does) and prints median MB/s and peak
memory of the Python heap (tracemalloc, in one extra untimed run) in the same format as the Rust benchmark.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

RUNS = 3


def measure(label: str, path: Path, parse) -> float:
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
        f"{label:<24} {megabytes:>7.1f} MB  median {median * 1e3:>7.1f} ms  {megabytes / median:>7.1f} MB/s"
        f"  peak heap {peak / 1e6:>7.1f} MB = {peak / size:.2f}x file"
    )
    return megabytes / median


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cyclonedx", type=Path)
    parser.add_argument("spdx", type=Path)
    parser.add_argument("--tplc-cyclonedx-mbps", type=float, help="tplc's figure from the same run, for the ratio")
    parser.add_argument("--tplc-spdx-mbps", type=float, help="tplc's figure from the same run, for the ratio")
    arguments = parser.parse_args()
    cyclonedx = measure("cyclonedx-python-lib", arguments.cyclonedx, parse_cyclonedx)
    spdx = measure("spdx-tools (pyspdxtools)", arguments.spdx, parse_spdx)
    if arguments.tplc_cyclonedx_mbps:
        print(f"ratio tplc cyclonedx-json / cyclonedx-python-lib: {arguments.tplc_cyclonedx_mbps / cyclonedx:.0f}x")
    if arguments.tplc_spdx_mbps:
        print(f"ratio tplc spdx-json / spdx-tools: {arguments.tplc_spdx_mbps / spdx:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
