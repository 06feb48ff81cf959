"""Load test: simulated viewers against a ``coopdash serve --workers 2`` on loopback.

    python benchmarks/load_bench.py [--rows 100000,1000000] [--seconds 20] [--viewers 16]
                                    [--workers 2] [--databases postgresql,sqlite] [--public]

For each database and each ``--rows``, the sample data plus that many generated adoptions
(dashboard_bench's generator), then a server with ``--workers`` gunicorn workers, then
``--viewers`` threads, each with its own keep-alive connection, asking one kind of request
again and again with no pause, for ``--seconds`` per kind: first ``GET /login`` (the cheapest
answer, the baseline), then filter changes (the POST the browser sends to draw the overview,
trends, regions, partners or events page for a new query: a random page, year range, region
and language, so most views are not in the cache yet). Prints each kind's throughput, median
and p95, and checks the targets: filter changes at least ``THROUGHPUT_TARGET`` × the
baseline's throughput and a p95 at most ``P95_TARGET`` × its p95; with two ``--rows``, the
larger's throughput and p95 within ``GROWTH_TARGET`` × the smaller's. Exits 1 when a target is
missed or any request failed (an HTTP error, a timeout, a refused connection).

PostgreSQL is a throwaway server started like the tests' (tests/postgres.py: Debian's
binaries, durability off); SQLite is a file in a temporary directory.

``--public``: instead of browsing, the viewers ask one thing at a time for ``--seconds`` each,
on the same server: ``GET /login`` (the cheapest answer, the baseline), the ``/public`` page's
layout callback, and ``GET /public/site/`` (the cacheable public page); it prints each one's
throughput beside the baseline's and exits 1 when the layout callback's is below
``PUBLIC_TARGET`` × the baseline's.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from dashboard_bench import PAGES, build, p95, page_body, random_query  # noqa: E402

from tests.support.postgres import PostgresServer, free_port  # noqa: E402

COOPDASH = Path(sys.executable).with_name("coopdash")
THROUGHPUT_TARGET = 0.2  # filter changes per second, at least this × GET /login's
P95_TARGET = 10  # their p95, at most this × GET /login's
GROWTH_TARGET = 1.5  # the larger --rows' filter-change throughput and p95 within this × the smaller's
PUBLIC_TARGET = 0.5  # the /public layout callback's throughput, at least this × GET /login's
PUBLIC_QUERIES = ("", "?lang=zh")
REQUEST_TIMEOUT = 60  # seconds


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)

    @property
    def count(self) -> int:
        return sum(map(len, self.times.values())) + len(self.errors)


class Viewer:
    """One person browsing: a keep-alive connection, a page, then filter changes."""

    def __init__(self, port: int, seed: int, results: Results) -> None:
        self.port = port
        self.rng = random.Random(seed)
        self.results = results
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)

    def request(self, kind: str, method: str, path: str, body: bytes | None = None) -> None:
        headers = {"Content-Type": "application/json"} if body else {}
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()  # reconnects on the next request
            self.results.fail(f"{method} {path}: {type(error).__name__}: {error}")
            return
        if response.status != 200:
            self.results.fail(f"{method} {path}: HTTP {response.status}")
            return
        self.results.add(kind, time.perf_counter() - start)

    def ask(self, kind: str, until: float) -> None:
        """One kind of request, again and again until ``until``."""
        while time.monotonic() < until:
            if kind == "filter":
                body = json.dumps(page_body(self.rng.choice(PAGES), random_query(self.rng))).encode()
                self.request(kind, "POST", "/_dash-update-component", body)
            elif kind == "public-callback":
                body = json.dumps(page_body("/public", self.rng.choice(PUBLIC_QUERIES))).encode()
                self.request(kind, "POST", "/_dash-update-component", body)
            else:
                self.request(kind, "GET", PUBLIC_PATHS[kind])
        self.connection.close()


PUBLIC_PATHS = {"login": "/login", "public-site": "/public/site/"}
PUBLIC_KINDS = {
    "login": "GET /login (baseline)",
    "public-callback": "POST /public layout",
    "public-site": "GET /public/site/",
}
BROWSING_KINDS = {"login": "GET /login (baseline)", "filter": "POST filter change"}


def serve(url: str, workers: int, home: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = os.environ | {"COOPDASH_DATABASE_URL": url, "COOPDASH_PUBLIC_VIEW": "1"}
    log = (home / "serve.log").open("w")
    process = subprocess.Popen(
        [str(COOPDASH), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=home,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
            return process, port
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.terminate()
                raise RuntimeError((home / "serve.log").read_text()) from None
            time.sleep(0.5)


def warm_up(port: int, workers: int) -> float:
    """Have every worker read the records once (a cold read of a million rows takes seconds)."""
    start = time.perf_counter()
    results = Results()
    viewers = [Viewer(port, n, results) for n in range(4 * workers)]
    body = json.dumps(page_body("/", "")).encode()
    threads = [
        threading.Thread(target=v.request, args=("filter", "POST", "/_dash-update-component", body)) for v in viewers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if results.errors:
        raise RuntimeError(f"warming up failed: {results.errors[0]}")
    return time.perf_counter() - start


def run(url: str, rows: int, args: argparse.Namespace, home: Path) -> dict:
    start = time.perf_counter()
    build(rows, url).engine.dispose()
    built = time.perf_counter() - start
    process, port = serve(url, args.workers, home)
    try:
        warm = warm_up(port, args.workers)
        kinds = PUBLIC_KINDS if args.public else BROWSING_KINDS
        return {"built": built, "warm": warm, "phases": phases(port, args, kinds)}
    finally:
        process.terminate()
        process.wait(timeout=60)


def phases(port: int, args: argparse.Namespace, kinds: dict[str, str]) -> dict[str, tuple[float, Results]]:
    """Each kind of request alone for ``--seconds``: (elapsed, results) per kind."""
    done = {}
    for kind in kinds:
        if kind != "filter":  # a filter change's view is random: warming would only fill the cache
            warming = Results()
            for n in range(2 * args.workers):  # every worker answers a few before the clock starts
                Viewer(port, n, warming).ask(kind, time.monotonic() + 0.5)
            if warming.errors:
                raise RuntimeError(f"warming up failed: {warming.errors[0]}")
        results = Results()
        viewers = [Viewer(port, 1000 + n, results) for n in range(args.viewers)]
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=v.ask, args=(kind, until)) for v in viewers]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done[kind] = (time.perf_counter() - began, results)
    return done


def figures(outcome: dict) -> dict[str, tuple[float, float]]:
    """Per kind: (requests per second, p95 seconds)."""
    return {
        kind: (len(results.times[kind]) / elapsed, p95(results.times[kind]) if results.times[kind] else float("inf"))
        for kind, (elapsed, results) in outcome["phases"].items()
    }


def report_kinds(name: str, outcome: dict, kinds: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Print each kind's figures beside the baseline's; return :func:`figures`."""
    print(f"{name:<11} data written in {outcome['built']:5.1f} s, workers warm in {outcome['warm']:5.1f} s")
    found = figures(outcome)
    rate, high = found["login"]
    for kind, label in kinds.items():
        elapsed, results = outcome["phases"][kind]
        times = results.times[kind]
        if times:
            print(
                f"{'':<11} {label:<24} {found[kind][0]:7.1f} req/s ({found[kind][0] / rate:4.2f}× login)"
                f"  median {statistics.median(times) * 1000:5.0f} ms  p95 {found[kind][1] * 1000:5.0f} ms"
                f" ({found[kind][1] / high:5.1f}× login)  {len(results.errors)} errors"
            )
        for message in results.errors[:3]:
            print(f"{'':<11} error: {message}")
    return found


def check_browsing(name: str, found: dict[str, tuple[float, float]]) -> list[str]:
    """The filter-change targets against the same run's baseline: the ones missed."""
    (rate, high), (filter_rate, filter_high) = found["login"], found["filter"]
    missed = []
    for met, text in (
        (
            filter_rate >= THROUGHPUT_TARGET * rate,
            f"throughput {filter_rate / rate:.2f}× login (target ≥ {THROUGHPUT_TARGET})",
        ),
        (filter_high <= P95_TARGET * high, f"p95 {filter_high / high:.1f}× login's (target ≤ {P95_TARGET})"),
    ):
        print(f"{'':<11} {'PASS' if met else 'FAIL'}  filter changes: {text}")
        missed += [] if met else [f"{name}: filter changes' {text}"]
    return missed


def report_public(name: str, outcome: dict) -> bool:
    """Print the ``--public`` run; whether the target was met."""
    found = report_kinds(name, outcome, PUBLIC_KINDS)
    ratio = found["public-callback"][0] / found["login"][0]
    met = ratio >= PUBLIC_TARGET
    verdict = "PASS" if met else "FAIL"
    print(f"{'':<11} {verdict}  /public layout callback at {ratio:.2f}× GET /login (target ≥ {PUBLIC_TARGET})")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="100000,1000000", help="generated adoptions, or two sizes to compare")
    parser.add_argument("--seconds", type=float, default=20, help="how long each kind of request is asked")
    parser.add_argument("--viewers", type=int, default=16, help="concurrent simulated viewers")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--databases", default="postgresql,sqlite", help="comma-separated: postgresql, sqlite")
    parser.add_argument("--public", action="store_true", help="the public page against GET /login (see above)")
    args = parser.parse_args()
    sizes = [int(r) for r in args.rows.split(",")]
    print(f"{args.viewers} viewers, {args.workers} workers, {args.seconds:.0f} s per kind of request", flush=True)
    missed: list[str] = []
    errors = 0
    with tempfile.TemporaryDirectory() as directory:
        for name in args.databases.split(","):
            found = {}
            for rows in sizes:
                home = Path(directory) / f"{name}-{rows}"
                home.mkdir()
                label = f"{name} {rows // 1000:,}k"
                if name == "sqlite":
                    outcome = run(f"sqlite:///{home / 'coopdash.sqlite'}", rows, args, home)
                elif name == "postgresql":
                    server = PostgresServer()
                    try:
                        outcome = run(server.url(server.create_database()), rows, args, home)
                    finally:
                        server.stop()
                else:
                    parser.error(f"unknown database {name!r}")
                errors += sum(len(r.errors) for _, r in outcome["phases"].values())
                if args.public:
                    missed += [] if report_public(label, outcome) else [f"{label}: /public layout callback"]
                else:
                    found[rows] = report_kinds(label, outcome, BROWSING_KINDS)
                    missed += check_browsing(label, found[rows])
                sys.stdout.flush()
            if not args.public and len(sizes) == 2:
                missed += check_growth(name, sizes, found)
    if errors:
        missed.append(f"{errors} requests failed")
    for line in missed or ["all targets met, no errors"]:
        print(("FAIL  " if missed else "PASS  ") + line)
    return 1 if missed else 0


def check_growth(name: str, sizes: list[int], found: dict[int, dict[str, tuple[float, float]]]) -> list[str]:
    """The larger size's filter changes against the smaller's: the targets missed."""
    (small_rate, small_high), (large_rate, large_high) = found[sizes[0]]["filter"], found[sizes[1]]["filter"]
    missed = []
    for met, text in (
        (large_rate * GROWTH_TARGET >= small_rate, f"throughput {large_rate / small_rate:.2f}× the smaller's"),
        (large_high <= GROWTH_TARGET * small_high, f"p95 {large_high / small_high:.2f}× the smaller's"),
    ):
        verdict = "PASS" if met else "FAIL"
        print(f"{name:<11} {verdict}  {sizes[1]:,} against {sizes[0]:,} adoptions: {text} (within {GROWTH_TARGET}×)")
        missed += [] if met else [f"{name}: {sizes[1]:,} adoptions: {text}"]
    return missed


if __name__ == "__main__":
    sys.exit(main())
