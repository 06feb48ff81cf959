"""Benchmark how fast the command line answers: ``coopdash --version`` and ``coopdash import --help``.

    python benchmarks/cli_bench.py [--repeat 15]

Each is run ``--repeat`` times as a child process, beside the baseline of the same interpreter
starting and exiting (``python -c pass``), all in this run; the medians are printed. Exits 1 when
a target is missed: each command at most 0.3 s, and at most 4× the bare interpreter's start.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

COOPDASH = str(Path(sys.executable).with_name("coopdash"))
LIMIT_S = 0.3
LIMIT_RATIO = 4.0


def median_seconds(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    baseline = median_seconds([sys.executable, "-c", "pass"], repeat)
    print(f"python -c pass (baseline)     {baseline * 1000:7.0f} ms")
    missed = []
    for words in (["--version"], ["import", "--help"]):
        seconds = median_seconds([COOPDASH, *words], repeat)
        ratio = seconds / baseline
        name = "coopdash " + " ".join(words)
        print(f"{name:<30}{seconds * 1000:7.0f} ms  {ratio:4.1f}× the baseline")
        if seconds > LIMIT_S or ratio > LIMIT_RATIO:
            missed.append(f"{name}: {seconds:.3f} s, {ratio:.1f}× (limits {LIMIT_S} s, {LIMIT_RATIO}×)")
    for line in missed:
        print(f"MISSED {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
