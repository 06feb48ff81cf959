"""Benchmark the workbook import against loads that check nothing (polars, pandas), in one run.

    python benchmarks/import_bench.py [--rows 100000]

Exits 1 when any performance target is missed. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

import pandas as pd
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from dashboard.batches import importer
from dashboard.batches.importer import import_file
from dashboard.ingest.package_check import check_package
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


def fastexcel_parse(path: Path) -> None:
    """What the import's reader asks of fastexcel: every sheet into Arrow, no load."""
    import fastexcel

    reader = fastexcel.read_excel(path.read_bytes())
    for name in reader.sheet_names:
        reader.load_sheet(name, header_row=0, schema_sample_rows=None, dtype_coercion="strict").to_arrow()


def polars_load(path: Path, database: Path) -> None:
    """The issue's first baseline: ``polars.read_excel`` (fastexcel, Arrow) of every sheet, then
    ``executemany`` of its rows into a plain SQLite table, in one transaction. No check at all."""
    import polars as pl  # here, not at the top: the child measuring peak memory never loads it

    frames = pl.read_excel(path, sheet_id=0)
    connection = sqlite3.connect(database)
    with warnings.catch_warnings():  # sqlite3's default date adapter is deprecated, not gone
        warnings.simplefilter("ignore", DeprecationWarning)
        with connection:
            for number, frame in enumerate(frames.values()):
                names = ", ".join(f"c{i}" for i in range(frame.width))
                connection.execute(f"CREATE TABLE t{number} ({names})")
                marks = ", ".join("?" * frame.width)
                connection.executemany(f"INSERT INTO t{number} VALUES ({marks})", frame.iter_rows())
    connection.close()


def pandas_load(path: Path, database: Path) -> None:
    """The issue's second baseline: ``pandas.read_excel(engine="calamine")`` + ``DataFrame.to_sql``."""
    frames = pd.read_excel(path, sheet_name=None, engine="calamine")
    connection = sqlite3.connect(database)
    for number, frame in enumerate(frames.values()):
        frame.to_sql(f"t{number}", connection, index=False)
    connection.close()


def fresh(load, path: Path) -> float:
    """Seconds ``load`` takes to put ``path`` into a new SQLite file."""
    with tempfile.TemporaryDirectory() as directory:
        return timed(load, path, Path(directory) / "load.sqlite")[0]


def cli_seconds(path: Path) -> tuple[float, float]:
    """``coopdash import`` as a shell runs it (a new process: the interpreter, its imports, the
    import), into a database created beforehand: the first import and the re-import."""
    coopdash = Path(sys.executable).with_name("coopdash")
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{directory}/cli.sqlite"
        Store(url).engine.dispose()  # the schema, made before the clock starts
        env = {**os.environ, "COOPDASH_DATABASE_URL": url}
        seconds = []
        for _ in range(2):
            start = time.perf_counter()
            subprocess.run([str(coopdash), "import", str(path)], check=True, capture_output=True, env=env)
            seconds.append(time.perf_counter() - start)
    return seconds[0], seconds[1]


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
    return int(output.split()[-1]) / 1024  # the child prints its peak, in KiB


def child_import(path: Path) -> None:
    with tempfile.TemporaryDirectory() as directory:
        store = Store(f"sqlite:///{directory}/bench.sqlite")
        result = import_file(store, path.read_bytes(), path.name)
        store.engine.dispose()
        if result.status != "committed":
            sys.exit(f"child import failed: {result.status}")
    print(peak_kib())


def peak_kib() -> int:
    """This process's peak resident memory since it started its program, in KiB. Linux keeps
    ``ru_maxrss`` across exec, so a child forked from this large benchmark would report the
    parent's size; ``VmHWM`` belongs to the program's own address space."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


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
    fastexcel_seconds = statistics.median(timed(fastexcel_parse, path)[0] for _ in range(3))
    check_seconds = statistics.median(timed(check_package, data)[0] for _ in range(3))
    polars_seconds = statistics.median(fresh(polars_load, path) for _ in range(3))
    pandas_seconds = fresh(pandas_load, path)
    imports, reimports = [], []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as directory:
            store = Store(f"sqlite:///{directory}/bench.sqlite")
            with phase_clock(store) as import_phases:
                import_seconds, result = timed(import_file, store, data, path.name)
            check(result, "committed", args.rows, "new")
            with phase_clock(store) as reimport_phases:
                reimport_seconds, result = timed(import_file, store, data, path.name)
            check(result, "committed", args.rows, "unchanged")
            store.engine.dispose()
        imports.append((import_seconds, import_phases))
        reimports.append((reimport_seconds, reimport_phases))
    import_seconds, import_phases = sorted(imports, key=lambda pair: pair[0])[1]  # the median run
    reimport_seconds, reimport_phases = sorted(reimports, key=lambda pair: pair[0])[1]
    cli_import, cli_reimport = cli_seconds(path)
    peak_mb = child_peak_rss(path)

    print(f"\n{'step':<40}{'seconds':>9}{'× polars':>10}{'× pandas':>10}")
    for label, seconds, phases in (
        ("calamine parse, no load (median of 3)", calamine, None),
        ("fastexcel parse to Arrow (median of 3)", fastexcel_seconds, None),
        ("package check alone (median of 3)", check_seconds, None),
        ("polars.read_excel + executemany (med. 3)", polars_seconds, None),
        ("pandas (calamine) + to_sql (1 run)", pandas_seconds, None),
        ("coopdash import (fresh SQLite, med. 3)", import_seconds, import_phases),
        ("coopdash re-import (all unchanged)", reimport_seconds, reimport_phases),
        ("`coopdash import` command (1 run)", cli_import, None),
        ("`coopdash import` command, again", cli_reimport, None),
    ):
        print(f"{label:<40}{seconds:>9.2f}{seconds / polars_seconds:>10.2f}{seconds / pandas_seconds:>10.2f}")
        if phases is not None:  # where that time went, unprofiled; "other" is the rest (commit, hashing…)
            phases["other"] = seconds - sum(phases.values())
            print("  " + " · ".join(f"{part} {phase:.2f}" for part, phase in phases.items()))
    print(f"{'peak RSS of the import (child)':<40}{peak_mb:>9.0f} MB")

    print()
    failed = 0
    for name, value, limit, unit in (
        ("import ≤ 1.5 × polars + executemany", import_seconds / polars_seconds, 1.5, "×"),
        ("import ≤ 1.0 × pandas + to_sql", import_seconds / pandas_seconds, 1.0, "×"),
        ("re-import ≤ 1.0 × polars + executemany", reimport_seconds / polars_seconds, 1.0, "×"),
        ("peak RSS of the import ≤ 300 MB", peak_mb, 300.0, " MB"),
    ):
        ok = value <= limit
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name:<42} measured {value:.2f}{unit}  (limit ≤ {limit:g}{unit})")

    print(f"\nwhere the import's time goes (cProfile, cumulative, dashboard/ only; top 15 in {CACHE / 'profile.txt'}):")
    print("\n".join(profile_import(path, data)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
