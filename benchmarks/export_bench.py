"""How long exports take on the sample data: a cold command-line chart, warm chart PNGs in
one process, and the full monthly report as PowerPoint and as PDF.

    python benchmarks/export_bench.py

Prints a table, a PASS/FAIL line per target, and exits 1 if a target is missed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.analysis.filters import Filters  # noqa: E402
from dashboard.analysis.snapshot import snapshot  # noqa: E402
from dashboard.analysis.view import View  # noqa: E402
from dashboard.batches.importer import import_path  # noqa: E402
from dashboard.charts import catalogue  # noqa: E402
from dashboard.exports import images, report  # noqa: E402
from dashboard.store.store import Store  # noqa: E402

SAMPLE = ROOT / "data" / "sample_cooperation.xlsx"
COOPDASH = Path(sys.executable).with_name("coopdash")
WARM_RUNS = 10
TARGETS = {"warm chart PNG (median)": 1.0, "report, pptx": 10.0, "report, pdf (A4)": 15.0}
"""Seconds that a step may take at most."""


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes, by the wall clock."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def cold_chart(db_url: str, out: Path) -> float:
    """A fresh ``coopdash export chart adoption-map`` process, start to exit."""
    command = [str(COOPDASH), "export", "chart", "adoption-map", "--format", "png", "--out", str(out)]
    env = os.environ | {"COOPDASH_DATABASE_URL": db_url}
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"the cold export failed: {done.stderr}")
    return seconds


def measure(db_url: str, store: Store, work: Path) -> dict[str, float]:
    """Every step's seconds, in the order they run."""
    view, as_of = View(Filters(), snapshot(store)), catalogue.data_date(store)
    results = {"cold start: CLI chart PNG": cold_chart(db_url, work / "cold.png")}
    names = list(catalogue.CHARTS)

    def chart_png(name: str) -> Callable[[], bytes]:
        return lambda: images.render(catalogue.chart_figure(view, name, as_of), "png")

    results["first chart PNG (warming)"] = timed(chart_png(names[0]))
    warm = [timed(chart_png(names[i % len(names)])) for i in range(1, WARM_RUNS + 1)]
    results["warm chart PNG (median)"] = statistics.median(warm)
    results["report, pptx"] = timed(lambda: report.report_pptx(view, as_of))
    results["report, pdf (A4)"] = timed(lambda: report.report_pdf(view, as_of))
    return results


def verdicts(results: dict[str, float]) -> list[tuple[str, bool]]:
    """A PASS/FAIL line per target, and whether it passed."""
    lines = []
    for step, limit in TARGETS.items():
        passed = results[step] <= limit
        lines.append((f"{'PASS' if passed else 'FAIL'}  {step}: {results[step]:.2f} s (target ≤ {limit:g} s)", passed))
    return lines


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db_url = f"sqlite:///{work / 'bench.sqlite'}"
        store = Store(db_url)
        if import_path(store, SAMPLE).status != "committed":
            raise SystemExit("the sample workbook did not import")
        try:
            results = measure(db_url, store, work)
        finally:
            images.stop_renderer()
    width = max(map(len, results))
    print(f"{'step':<{width}}  seconds")
    for step, seconds in results.items():
        print(f"{step:<{width}}  {seconds:7.2f}")
    print()
    lines = verdicts(results)
    for line, _ in lines:
        print(line)
    return 0 if all(passed for _, passed in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
