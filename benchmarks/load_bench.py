"""Load test: simulated viewers browsing a ``coopdash serve --workers 2`` on loopback.

    python benchmarks/load_bench.py [--rows 1000000] [--seconds 60] [--viewers 50]
                                    [--workers 2] [--databases postgresql,sqlite] [--public]

For each database, the sample data plus ``--rows`` generated adoptions (dashboard_bench's
generator), then a server with ``--workers`` gunicorn workers, then ``--viewers`` threads,
each a viewer with its own keep-alive connection: open a page (GET), then change its filters a
few times (the POST the browser sends to render the page for a new query), with no pause.
The run stops after ``--seconds`` or ``--max-requests`` requests, whichever comes first.
Prints median and p95 per kind of request and the throughput, PostgreSQL beside SQLite.
Exits 1 on any failed request (an HTTP error, a timeout, a refused connection).

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

from dashboard_bench import PAGES, QUERIES, build, p95, page_body  # noqa: E402

from tests.support.postgres import PostgresServer, free_port  # noqa: E402

COOPDASH = Path(sys.executable).with_name("coopdash")
CHANGES_PER_PAGE = 3  # filter changes after opening a page
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

    def browse(self, until: float, limit: int) -> None:
        while time.monotonic() < until and self.results.count < limit:
            page = self.rng.choice(PAGES)
            self.request("page", "GET", page)
            for _ in range(CHANGES_PER_PAGE):
                if time.monotonic() >= until or self.results.count >= limit:
                    break
                query = self.rng.choice(QUERIES)
                body = json.dumps(page_body(page, query)).encode()
                self.request("filter", "POST", "/_dash-update-component", body)
        self.connection.close()

    def ask(self, kind: str, until: float) -> None:
        """One kind of request of the ``--public`` run, again and again until ``until``."""
        while time.monotonic() < until:
            if kind == "public-callback":
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


def run(url: str, args: argparse.Namespace, home: Path) -> dict:
    start = time.perf_counter()
    build(args.rows, url).engine.dispose()
    built = time.perf_counter() - start
    process, port = serve(url, args.workers, home)
    try:
        warm = warm_up(port, args.workers)
        if args.public:
            return {"built": built, "warm": warm, "phases": public_phases(port, args)}
        results = Results()
        until = time.monotonic() + args.seconds
        viewers = [Viewer(port, n, results) for n in range(args.viewers)]
        threads = [threading.Thread(target=v.browse, args=(until, args.max_requests)) for v in viewers]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        process.terminate()
        process.wait(timeout=60)
    return {"built": built, "warm": warm, "elapsed": elapsed, "results": results}


def public_phases(port: int, args: argparse.Namespace) -> dict[str, tuple[float, Results]]:
    """Each kind of request alone for ``--seconds``: (elapsed, results) per kind."""
    phases = {}
    for kind in PUBLIC_KINDS:
        warming = Results()
        for n in range(2 * args.workers):  # every worker draws the page once before the clock starts
            Viewer(port, n, warming).ask(kind, time.monotonic() + 0.5)
        if warming.errors:
            raise RuntimeError(f"warming up failed: {warming.errors[0]}")
        results = Results()
        viewers = [Viewer(port, n, results) for n in range(args.viewers)]
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=v.ask, args=(kind, until)) for v in viewers]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        phases[kind] = (time.perf_counter() - began, results)
    return phases


def report_public(name: str, outcome: dict) -> bool:
    """Print the ``--public`` run; whether the target was met."""
    phases: dict[str, tuple[float, Results]] = outcome["phases"]
    print(f"{name:<11} data written in {outcome['built']:5.1f} s, workers warm in {outcome['warm']:5.1f} s")
    rate = {kind: len(results.times[kind]) / elapsed for kind, (elapsed, results) in phases.items()}
    for kind, label in PUBLIC_KINDS.items():
        elapsed, results = phases[kind]
        times = results.times[kind]
        if times:
            print(
                f"{'':<11} {label:<24} {rate[kind]:7.1f} req/s ({rate[kind] / rate['login']:4.2f}× login)"
                f"  median {statistics.median(times) * 1000:5.0f} ms  p95 {p95(times) * 1000:5.0f} ms"
                f"  {len(results.errors)} errors"
            )
        for message in results.errors[:3]:
            print(f"{'':<11} error: {message}")
    met = rate["public-callback"] >= PUBLIC_TARGET * rate["login"]
    print(
        f"{'':<11} {'PASS' if met else 'FAIL'}  /public layout callback at "
        f"{rate['public-callback'] / rate['login']:.2f}× GET /login (target ≥ {PUBLIC_TARGET})"
    )
    return met


def report(name: str, outcome: dict) -> None:
    results: Results = outcome["results"]
    done = sum(map(len, results.times.values()))
    print(
        f"{name:<11} data written in {outcome['built']:5.1f} s, workers warm in {outcome['warm']:5.1f} s; "
        f"{done:,} requests in {outcome['elapsed']:.1f} s = {done / outcome['elapsed']:6.1f} req/s, "
        f"{len(results.errors)} errors"
    )
    for kind, label in (("page", "GET page"), ("filter", "POST filter change")):
        times = results.times[kind]
        if times:
            print(
                f"{'':<11} {label:<20} {len(times):>6,}  median {statistics.median(times) * 1000:6.0f} ms"
                f"  p95 {p95(times) * 1000:6.0f} ms"
            )
    for message in results.errors[:5]:
        print(f"{'':<11} error: {message}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="generated adoption records")
    parser.add_argument("--seconds", type=float, default=60, help="how long the viewers browse")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests")
    parser.add_argument("--viewers", type=int, default=50, help="concurrent simulated viewers")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--databases", default="postgresql,sqlite", help="comma-separated: postgresql, sqlite")
    parser.add_argument("--public", action="store_true", help="the public page against GET /login (see above)")
    args = parser.parse_args()
    print(
        f"{args.viewers} viewers, {args.rows:,} adoptions, {args.workers} workers, "
        f"{args.seconds:.0f} s or {args.max_requests:,} requests",
        flush=True,
    )
    outcomes = {}
    missed = 0
    with tempfile.TemporaryDirectory() as directory:
        for name in args.databases.split(","):
            home = Path(directory) / name
            home.mkdir()
            if name == "sqlite":
                outcomes[name] = run(f"sqlite:///{home / 'coopdash.sqlite'}", args, home)
            elif name == "postgresql":
                server = PostgresServer()
                try:
                    outcomes[name] = run(server.url(server.create_database()), args, home)
                finally:
                    server.stop()
            else:
                parser.error(f"unknown database {name!r}")
            if args.public:
                missed += not report_public(name, outcomes[name])
            else:
                report(name, outcomes[name])
            sys.stdout.flush()
    if args.public:
        errors = sum(len(r.errors) for o in outcomes.values() for _, r in o["phases"].values())
        print("PASS  no errors" if not errors else f"FAIL  {errors} requests failed")
        return 1 if errors or missed else 0
    if len(outcomes) == 2:
        rate = {n: sum(map(len, o["results"].times.values())) / o["elapsed"] for n, o in outcomes.items()}
        print(f"\nthroughput PostgreSQL / SQLite: {rate['postgresql'] / rate['sqlite']:.2f}")
    errors = sum(len(o["results"].errors) for o in outcomes.values())
    print("PASS  no errors" if not errors else f"FAIL  {errors} requests failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
