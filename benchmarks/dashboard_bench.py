"""Benchmark the dashboard's server time at 10,000, 100,000 and 1,000,000 adoption records.

    python benchmarks/dashboard_bench.py [--sizes 10000,100000,1000000] [--repeat 30]

For each size: the overview's first load (a fresh process's cold read of the database,
then the page), and a filter-change callback (the page re-rendered for a new query), as
median and p95 of the time the server spends, through Flask's test client — the same
request the browser sends. Also the JSON sent for one page, and a new worker's first page: a
fresh process (``--first-page``), started once the data version's aggregates are stored (the
first process drew the overview), draws the overview for a view nobody asked for yet. Exits 1
when a target is missed: p95 of a filter change at most 150 ms at 1,000,000 records, at most
1 MB of JSON a page, and a new worker's first page at most 0.5 s at 1,000,000 records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.analysis import snapshot  # noqa: E402
from dashboard.batches.importer import import_path  # noqa: E402
from dashboard.model import countries  # noqa: E402
from dashboard.model.records import ADOPTION  # noqa: E402
from dashboard.store.schema import utcnow  # noqa: E402
from dashboard.store.store import Store  # noqa: E402
from dashboard.web.app import create_app  # noqa: E402
from tests.support.dash_client import page_body  # noqa: E402

SAMPLE = ROOT / "data" / "sample_cooperation.xlsx"
P95_LIMIT_MS = 150
FIRST_PAGE_LIMIT = 0.5  # seconds: a new worker's first page at 1,000,000 records
JSON_LIMIT = 1_000_000
PAGES = ("/", "/trends", "/regions", "/partners", "/events")
QUERIES = (
    "",
    "?region=142",
    "?from=2018&to=2022",
    "?region=002&lang=zh",
    "?country=KEN,THA",
    "?to=2020",
    "?region=019,150",
    "?from=2020&region=142&lang=zh",
)


REGIONS = ("", "002", "009", "019", "142", "150")  # none, or one of the UN M49 regions


def random_query(rng: random.Random) -> str:
    """A filter change someone might make: a random year range (or none), region (or none) and
    language: thousands of distinct views, so most are not in the cache yet."""
    parts = []
    if rng.random() < 0.8:
        start = rng.randrange(2010, 2027)
        parts += [f"from={start}", f"to={rng.randrange(start, 2027)}"]
    if region := rng.choice(REGIONS):
        parts.append(f"region={region}")
    if rng.random() < 0.5:
        parts.append("lang=zh")
    return "?" + "&".join(parts) if parts else ""


def build(size: int, url: str) -> Store:
    """The sample data plus ``size`` generated adoptions, written as one batch, in the empty
    database at ``url``."""
    store = Store(url)
    import_path(store, SAMPLE)
    rng = random.Random(size)
    codes = store.records("standard")["code"].tolist()
    iso3 = [c.iso3 for c in countries.all_countries() if c.region_code][:120]
    first, days = dt.date(2010, 1, 1), (dt.date(2026, 10, 31) - dt.date(2010, 1, 1)).days
    statuses = ("adopted",) * 8 + ("recognised", "withdrawn")
    now = utcnow()
    with store.transaction() as connection:
        batch = store.add_batch(
            connection, user="bench", file_name=f"generated-{size}.xlsx", sha256="0" * 64, data=None, at=now
        )
        process = store.storage_form("adoption")
        rows = []
        for n in range(size):
            values = (
                rng.choice(codes),
                f"Generated institution {n}",
                rng.choice(iso3),
                first + dt.timedelta(days=rng.randrange(days)),
                rng.choice(statuses),
            )
            stored = tuple(p(v) if p else v for p, v in zip(process, values))
            rows.append((*stored, n + 2, batch, batch, store.stored_timestamp(now)))
        columns = [f.name for f in ADOPTION.fields] + ["source_row", "batch_id", "origin_batch", "valid_from"]
        store.add_versions(connection, "adoption", columns, rows)
    return store


def page_request(client, path: str, search: str) -> tuple[float, int]:
    """Server seconds and response bytes of rendering ``path + search``."""
    body = page_body(path, search)
    start = time.perf_counter()
    response = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    seconds = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{path}{search}: HTTP {response.status_code}")
    return seconds, len(response.data)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(size: int, directory: Path, repeat: int) -> dict[str, float]:
    store = build(size, f"sqlite:///{directory / f'bench-{size}.sqlite'}")
    snapshot.clear()
    client = create_app(store).server.test_client()
    first, _ = page_request(client, "/", "")  # cold: reads the database
    changes, largest = [], 0
    for i in range(repeat):
        seconds, size_bytes = page_request(
            client, "/", QUERIES[i % len(QUERIES)] + ("&" if "?" in QUERIES[i % len(QUERIES)] else "?") + f"n={i}"
        )
        changes.append(seconds)
        largest = max(largest, size_bytes)
    new_worker = first_page_of_new_worker(store.url)
    others = {}
    for path in PAGES[1:]:
        times = [page_request(client, path, QUERIES[i % len(QUERIES)])[0] for i in range(max(5, repeat // 3))]
        largest = max(largest, max(page_request(client, path, q)[1] for q in QUERIES[:2]))
        others[path] = (statistics.median(times), p95(times))
    return {
        "first": first,
        "median": statistics.median(changes),
        "p95": p95(changes),
        "json": largest,
        "others": others,
        "new_worker": new_worker,
    }


def first_page_of_new_worker(url: str) -> float:
    """Seconds a fresh process (sharing this one's cache) takes to draw its first page."""
    found = subprocess.run(
        [sys.executable, __file__, "--first-page", url], check=True, capture_output=True, text=True
    ).stdout
    return float(found.split()[-1])


def first_page(url: str) -> None:
    """In a new process: build the app (not timed), then draw the overview for a new view."""
    client = create_app(Store(url)).server.test_client()
    seconds, _ = page_request(client, "/", f"?from=2011&to=2025&region=142&n={random.random()}")
    print(f"{seconds:.4f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--first-page", metavar="URL", help=argparse.SUPPRESS)  # the new worker's process
    args = parser.parse_args()
    if args.first_page:
        first_page(args.first_page)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as directory:
        os.environ["COOPDASH_CACHE_URL"] = str(Path(directory) / "cache")  # shared with the new worker
        for size in sizes:
            results[size] = measure(size, Path(directory), args.repeat)
            r = results[size]
            print(
                f"{size:>9,} adoptions  first load {r['first'] * 1000:7.0f} ms   filter change median "
                f"{r['median'] * 1000:5.0f} ms  p95 {r['p95'] * 1000:5.0f} ms   largest page JSON "
                f"{r['json'] / 1000:6.0f} kB   a new worker's first page {r['new_worker'] * 1000:5.0f} ms",
                flush=True,
            )
            for path, (median, high) in r["others"].items():
                print(f"{'':>21}{path:<10} median {median * 1000:5.0f} ms  p95 {high * 1000:5.0f} ms")
    smallest, largest = results[sizes[0]], results[sizes[-1]]
    print(
        f"\ngrowth {sizes[0]:,} → {sizes[-1]:,} records: first load ×{largest['first'] / smallest['first']:.1f}, "
        f"filter-change p95 ×{largest['p95'] / smallest['p95']:.1f}"
    )
    failures = []
    if sizes[-1] >= 1_000_000 and largest["p95"] * 1000 > P95_LIMIT_MS:
        failures.append(f"filter-change p95 {largest['p95'] * 1000:.0f} ms > {P95_LIMIT_MS} ms")
    if sizes[-1] >= 1_000_000 and largest["new_worker"] > FIRST_PAGE_LIMIT:
        failures.append(f"a new worker's first page {largest['new_worker']:.2f} s > {FIRST_PAGE_LIMIT} s")
    if any(r["json"] > JSON_LIMIT for r in results.values()):
        failures.append("a page sent more than 1 MB of JSON")
    for line in failures or ["all targets met"]:
        print(("FAIL  " if failures else "PASS  ") + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
