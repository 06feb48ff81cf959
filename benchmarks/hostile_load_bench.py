"""Viewers keep being answered while broken and hostile files are uploaded.

    python benchmarks/hostile_load_bench.py [--uploads 70] [--seconds 180] [--viewers 2]

Starts the real app (``coopdash serve``) on the sample data. First, as the baseline, viewer
threads render dashboard pages through the page callback with nothing else going on. Then
the same viewers run while one uploader posts the files of tests/corpus/ (zip bombs, XML
entities, truncated and encrypted workbooks…) through the upload callback, round-robin,
``--uploads`` of them or for ``--seconds``, whichever ends first. Prints the viewers' p50 and
p95 with and without the uploads, and the ratio of the p95s. Exits 1 when any viewer request
or upload fails (an HTTP error, no answer, no report), or when the server dies.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.dash_client import page_body  # noqa: E402  # the callback the browser posts to draw a page

SAMPLE = ROOT / "data" / "sample_cooperation.xlsx"
CORPUS = ROOT / "tests" / "corpus"
COOPDASH = Path(sys.executable).with_name("coopdash")
PAGES = ("/", "/trends", "/regions", "/partners", "/events")
QUERIES = ("", "?region=142", "?from=2018&to=2022", "?lang=zh", "?country=KEN,THA")


@dataclass
class Tally:
    """Latencies of the answered requests, and what went wrong with the others."""

    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            (self.errors.append(error) if error else self.seconds.append(seconds))


def post(url: str, body: dict, timeout: float = 60) -> tuple[int, dict]:
    request = urllib.request.Request(
        url + "/_dash-update-component", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.load(response)


def upload_body(url: str, path: Path) -> dict:
    """The upload callback's request for ``path``, built from the app's own callback list."""
    with urllib.request.urlopen(url + "/_dash-dependencies") as response:
        spec = next(c for c in json.load(response) if any(i["id"] == "upload-payload" for i in c["inputs"]))
    contents = "data:application/octet-stream;base64," + base64.b64encode(path.read_bytes()).decode()
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in spec["output"].strip(".").split("...")]
    return {
        "output": spec["output"],
        "outputs": outputs,
        "inputs": [
            {"id": "upload-payload", "property": "data", "value": {"contents": contents, "filename": path.name}}
        ],
        "state": [{"id": s["id"], "property": s["property"], "value": "en"} for s in spec["state"]],
        "changedPropIds": ["upload-payload.data"],
    }


def view(url: str, tally: Tally, keep_going, start: int, limit: int | None) -> None:
    """Draw pages, one after another, while ``keep_going()`` and at most ``limit`` of them."""
    n = start
    while keep_going() and (limit is None or n - start < limit):
        path, search = PAGES[n % len(PAGES)], QUERIES[(n // len(PAGES)) % len(QUERIES)]
        started = time.perf_counter()
        try:
            status, body = post(url, page_body(path, search))
            error = None if status == 200 and "_pages_content" in body.get("response", {}) else f"{path}: {status}"
        except (OSError, ValueError) as failure:
            error = f"{path}{search}: {failure!r}"
        tally.add(time.perf_counter() - started, error)
        n += 1


def upload(url: str, files: list[Path], count: int, deadline: float, tally: Tally, times: dict[str, float]) -> None:
    """Post corpus files round-robin; ``times`` keeps each file's longest answer."""
    bodies = {path: upload_body(url, path) for path in files}
    for n in range(count):
        if time.monotonic() > deadline:
            break
        path = files[n % len(files)]
        started = time.perf_counter()
        try:
            status, body = post(url, bodies[path], timeout=120)
            report = body.get("response", {}).get("upload-report", {}).get("children")
            error = None if status == 200 and report else f"{path.name}: status {status}, no report"
        except (OSError, ValueError) as failure:
            error = f"{path.name}: {failure!r}"
        seconds = time.perf_counter() - started
        tally.add(seconds, error)
        times[path.name] = max(seconds, times.get(path.name, 0))


def run_viewers(url: str, viewers: int, keep_going, limit: int | None = None) -> Tally:
    tally = Tally()
    threads = [threading.Thread(target=view, args=(url, tally, keep_going, i * 7, limit)) for i in range(viewers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def start_server(home: Path) -> tuple[subprocess.Popen, str]:
    env = os.environ | {"COOPDASH_DATABASE_URL": f"sqlite:///{home / 'coopdash.sqlite'}"}
    subprocess.run([str(COOPDASH), "import", str(SAMPLE)], env=env, check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (home / "serve.log").open("w")
    process = subprocess.Popen(
        [str(COOPDASH), "serve", "--port", str(port)], env=env, cwd=home, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.terminate()
                raise RuntimeError((home / "serve.log").read_text()) from None
            time.sleep(0.3)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=70, help="uploads of corpus files (default 70)")
    parser.add_argument("--seconds", type=float, default=180, help="time limit of the upload loop (default 180)")
    parser.add_argument("--viewers", type=int, default=2, help="viewer threads (default 2)")
    parser.add_argument("--baseline", type=int, default=60, help="page requests per viewer for the baseline")
    args = parser.parse_args()
    files = sorted(p for p in CORPUS.iterdir() if p.name != "manifest.json")

    with tempfile.TemporaryDirectory() as home:
        process, url = start_server(Path(home))
        try:
            baseline = run_viewers(url, args.viewers, lambda: True, limit=args.baseline)

            uploads, times = Tally(), {}
            uploader = threading.Thread(
                target=upload, args=(url, files, args.uploads, time.monotonic() + args.seconds, uploads, times)
            )
            started = time.monotonic()
            uploader.start()
            loaded = run_viewers(url, args.viewers, uploader.is_alive)
            uploader.join()
            elapsed = time.monotonic() - started
            alive = process.poll() is None
        finally:
            process.terminate()
            process.wait(timeout=30)

    base_p95, load_p95 = percentile(baseline.seconds, 0.95), percentile(loaded.seconds, 0.95)
    print(f"server: coopdash serve on the sample data; {args.viewers} viewer threads; {len(files)} corpus files")
    print(f"{'':30}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for label, tally in (("viewers, no uploads (baseline)", baseline), ("viewers, during uploads", loaded)):
        p50, p95 = percentile(tally.seconds, 0.5) * 1000, percentile(tally.seconds, 0.95) * 1000
        print(f"{label:30}{len(tally.seconds):>9}{len(tally.errors):>8}{p50:>9.0f}{p95:>9.0f}")
    upload_p50 = statistics.median(uploads.seconds) * 1000 if uploads.seconds else float("nan")
    print(f"{'hostile uploads':30}{len(uploads.seconds):>9}{len(uploads.errors):>8}{upload_p50:>9.0f}")
    slowest = sorted(times.items(), key=lambda item: -item[1])[:3]
    print("slowest uploads:", ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in slowest))
    print(f"upload loop: {elapsed:.1f} s; viewer p95 during uploads / baseline p95: {load_p95 / base_p95:.2f}")
    failures = baseline.errors + loaded.errors + uploads.errors + ([] if alive else ["the server died"])
    for failure in failures[:20]:
        print("FAILED:", failure)
    print("hostile load:", "FAILED" if failures else "ok (no viewer or upload errors, server alive)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
