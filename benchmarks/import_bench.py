"""Benchmark the workbook import against plain calamine and pandas/openpyxl, in one run.

    python benchmarks/import_bench.py [--rows 100000]

Exits 1 when any performance target is missed. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

import pandas as pd
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from dashboard.batches import importer
from dashboard.batches.importer import import_file
from dashboard.ingest.workbook import header_text
from dashboard.model.records import ADOPTION, STANDARD
from dashboard.store.store import Store

CACHE = Path(__file__).resolve().parent / ".cache"
GENERATOR_VERSION = 1  # bump when the generated workbook changes
STANDARDS = 200
PER_INSTITUTION = 20  # standards each institution adopts, all different
COUNTRIES = (
    "Thailand, Malaysia, Indonesia, Vietnam, Cambodia, Laos, Myanmar, Philippines, Singapore, Brunei, "
    "Mongolia, Kazakhstan, Uzbekistan, Kyrgyzstan, Tajikistan, Pakistan, Bangladesh, Sri Lanka, Nepal, "
    "India, Iran, Turkey, Egypt, Saudi Arabia, United Arab Emirates, Jordan, Kenya, Ethiopia, Tanzania, "
    "Uganda, Rwanda, Nigeria, Ghana, Zambia, South Africa, Morocco, Algeria, Senegal, Mozambique, "
    "Zimbabwe, Russia, Belarus, Serbia, Hungary, Poland, Germany, France, United Kingdom, Spain, Italy, "
    "Portugal, Brazil, Chile, Peru, Mexico, Argentina, Ecuador, Australia, New Zealand, Fiji"
).split(", ")
DISCIPLINES = "Logistics Electronics Software Automotive Business Tourism Mechatronics Nursing Design".split()
PLACES = "Northern Central Eastern Western Coastal Highland Capital Riverside Lakeside Southern Valley".split()
KINDS = (
    "Polytechnic",
    "Technical College",
    "Vocational Institute",
    "University of Applied Sciences",
    "Training Academy",
    "Community College",
)
STATUSES = ("Adopted",) * 6 + ("Recognised", "Recognized", "Piloting", "Withdrawn")
PHASES = (("read", importer, "read"), ("validate", importer, "validate"), ("plan", importer, "_plan"))


def workbook_path(rows: int) -> Path:
    """The cached benchmark workbook for ``rows`` adoptions, generated on first use."""
    path = CACHE / f"adoptions-{rows}-v{GENERATOR_VERSION}.xlsx"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    rng = random.Random(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(STANDARD.en_plural)
    sheet.append([header_text(STANDARD, f.name) for f in STANDARD.fields])
    for s in range(STANDARDS):
        discipline = DISCIPLINES[s % len(DISCIPLINES)]
        sheet.append([f"BENCH-{s:03d}", f"{discipline} standard {s // len(DISCIPLINES) + 1}", discipline])
    sheet = workbook.create_sheet(ADOPTION.en_plural)
    sheet.append([header_text(ADOPTION, f.name) for f in ADOPTION.fields])
    first_day, days = dt.date(2016, 1, 1), (dt.date(2026, 6, 30) - dt.date(2016, 1, 1)).days
    for row in range(rows):
        # Institution i adopts PER_INSTITUTION distinct standards (11 is coprime with 200),
        # and its name carries its number, so (standard, institution, country) never repeats.
        i, k = divmod(row, PER_INSTITUTION)
        if k == 0:
            country = COUNTRIES[rng.randrange(len(COUNTRIES))]
            name = f"{rng.choice(PLACES)} {country} {rng.choice(KINDS)} No. {i + 1}"
        sheet.append(
            [
                f"BENCH-{(i * 37 + k * 11) % STANDARDS:03d}",
                name,
                country,
                first_day + dt.timedelta(days=rng.randrange(days)),
                rng.choice(STATUSES),
            ]
        )
    partial = path.with_suffix(".partial")
    workbook.save(partial)
    partial.rename(path)
    return path


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def calamine_parse(path: Path) -> None:
    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python()


@contextmanager
def phase_clock(store: Store):
    """Wall-clock seconds per phase of the imports run inside (no profiler to distort them)."""
    spent: dict[str, float] = {}

    def clocked(label, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start

        return wrapper

    with ExitStack() as stack:
        for label, owner, name in PHASES + (("write", store, "add_versions"), ("write", store, "end_versions")):
            if hasattr(owner, name):  # tolerate the importer being reorganised
                stack.enter_context(mock.patch.object(owner, name, clocked(label, getattr(owner, name))))
        yield spent


def check(result, status: str, rows: int, field: str) -> None:
    counts = result.counts.get("adoption")
    if result.status != status or counts is None or getattr(counts, field) != rows:
        sys.exit(
            f"unexpected import result: {result.status} {result.as_json()['counts']} "
            f"{[p.as_dict('en') for p in result.errors[:3]]}"
        )


def child_peak_rss(path: Path) -> float:
    """Peak RSS (MB) of a separate process that runs one full import into a fresh database."""
    output = subprocess.run(
        [sys.executable, __file__, "--child-import", str(path)], check=True, capture_output=True, text=True
    ).stdout
    return int(output.split()[-1]) / 1024  # the child prints its ru_maxrss, in KiB on Linux


def child_import(path: Path) -> None:
    with tempfile.TemporaryDirectory() as directory:
        store = Store(f"sqlite:///{directory}/bench.sqlite")
        result = import_file(store, path.read_bytes(), path.name)
        store.engine.dispose()
        if result.status != "committed":
            sys.exit(f"child import failed: {result.status}")
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def profile_import(path: Path, data: bytes, top: int = 15) -> list[str]:
    """Profile one import into a fresh database; the report goes to .cache/profile.txt."""
    with tempfile.TemporaryDirectory() as directory:
        store = Store(f"sqlite:///{directory}/bench.sqlite")
        profiler = cProfile.Profile()
        profiler.runcall(import_file, store, data, path.name)
        store.engine.dispose()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(r"dashboard[/\\]", top)
    (CACHE / "profile.txt").write_text(stream.getvalue())
    lines = stream.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return lines[start : start + 11]  # the column heading and the top 10 functions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="adoption rows (default 100,000)")
    parser.add_argument("--child-import", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_import:
        child_import(args.child_import)
        return 0

    path = workbook_path(args.rows)
    print(f"workbook: {path} ({path.stat().st_size / 1e6:.1f} MB, {args.rows:,} adoptions, {STANDARDS} standards)")
    data = path.read_bytes()

    calamine = statistics.median(timed(calamine_parse, path)[0] for _ in range(3))
    pandas_seconds, _ = timed(lambda: pd.read_excel(path, sheet_name=None, engine="openpyxl"))
    with tempfile.TemporaryDirectory() as directory:
        store = Store(f"sqlite:///{directory}/bench.sqlite")
        with phase_clock(store) as import_phases:
            import_seconds, result = timed(import_file, store, data, path.name)
        check(result, "committed", args.rows, "new")
        with phase_clock(store) as reimport_phases:
            reimport_seconds, result = timed(import_file, store, data, path.name)
        check(result, "committed", args.rows, "unchanged")
        store.engine.dispose()
    peak_mb = child_peak_rss(path)

    print(f"\n{'step':<36}{'seconds':>9}{'× calamine':>12}{'× pandas':>10}")
    for label, seconds, phases in (
        ("calamine parse (median of 3)", calamine, None),
        ("pandas.read_excel (openpyxl, 1 run)", pandas_seconds, None),
        ("coopdash import (fresh SQLite)", import_seconds, import_phases),
        ("coopdash re-import (all unchanged)", reimport_seconds, reimport_phases),
    ):
        print(f"{label:<36}{seconds:>9.2f}{seconds / calamine:>12.2f}{seconds / pandas_seconds:>10.3f}")
        if phases is not None:  # where that time went, unprofiled; "other" is the rest (commit, hashing…)
            phases["other"] = seconds - sum(phases.values())
            print("  " + " · ".join(f"{part} {phase:.2f}" for part, phase in phases.items()))
    print(f"{'peak RSS of the import (child)':<36}{peak_mb:>9.0f} MB")

    print()
    failed = 0
    for name, value, limit, at_most, unit in (
        ("import ≤ 2.0 × calamine parse", import_seconds / calamine, 2.0, True, "×"),
        ("import ≥ 5 × faster than pandas/openpyxl", pandas_seconds / import_seconds, 5.0, False, "×"),
        ("re-import ≤ 1.5 × calamine parse", reimport_seconds / calamine, 1.5, True, "×"),
        ("peak RSS of the import ≤ 500 MB", peak_mb, 500.0, True, " MB"),
    ):
        ok = value <= limit if at_most else value >= limit
        failed += not ok
        print(
            f"{'PASS' if ok else 'FAIL'}  {name:<42} measured {value:.2f}{unit}  "
            f"(limit {'≤' if at_most else '≥'} {limit:g}{unit})"
        )

    print(f"\nwhere the import's time goes (cProfile, cumulative, dashboard/ only; top 15 in {CACHE / 'profile.txt'}):")
    print("\n".join(profile_import(path, data)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
