"""What a filter change costs with nothing left to work out: the floor under the load benchmark.

    python benchmarks/floor_bench.py [--rows 100000] [--views 25]

In one process, through Flask's test client (the server's own time, no network, no queue), for
each page the load benchmark asks for and ``--views`` of its random views:

* **drawn**: the page callback for a view nobody asked for before (what the load benchmark's
  filter changes measure);
* **cached**: the same request again, answered from the shared page cache (median of five);
* **numbers known**: the same page with nothing to work out. The view's layout is drawn once
  and written as JSON; then the page's registered layout is swapped for one that rebuilds that
  tree as Dash components and charts (``charts.base.Chart``, as the pages draw them)
  and returns it written as the pages write theirs (``layout_json``), and the page callback
  is asked for again (median of five). It costs what any code drawing that
  page under Dash costs however fast it computes: building its components and figures, writing
  them, and Dash answering the callback. The rebuilt page is checked to write the same bytes.

Each is set against ``GET /login`` (the load benchmark's baseline) measured alike, as
``login ÷ time``. The mix is the benchmark's (each page as likely): ``login ÷ mean time``. These
are one process's ratios, not the load benchmark's: served by gunicorn under load, a request cost
about 0.64–0.7× its time here plus 0.65–0.72 ms (solved from two requests of one run, in
benchmarks/README.md, *Session 11*), so a drawn view's ratio under load was about 2.7× the one
printed here and the floor's about 2.2×. Nothing here has a target of its own; it says how far the
load benchmark's targets are within reach.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import dash  # noqa: E402
import flask  # noqa: E402
from dashboard_bench import PAGES, build, page_request, random_query  # noqa: E402

from dashboard.analysis import snapshot  # noqa: E402
from dashboard.charts.base import Chart  # noqa: E402
from dashboard.web import layout_json  # noqa: E402
from dashboard.web.app import create_app  # noqa: E402

KINDS = ("drawn", "cached", "known")
AGAIN = 5  # times a cached or known view is asked for (the median counts): the first after a draw pays for its garbage
MODULES = {"dash_core_components": "dash.dcc", "dash_html_components": "dash.html", "dash_table": "dash.dash_table"}


def rebuilt(node: Any) -> Any:
    """A layout's JSON tree as Dash components again, figures as charts (``Chart``, as the pages draw them)."""
    if isinstance(node, list):
        return [rebuilt(item) for item in node]
    if not (isinstance(node, dict) and node.keys() >= {"namespace", "type", "props"}):
        return node
    component = _component(node["namespace"], node["type"])
    props = {}
    for name, value in node["props"].items():
        if name == "figure" and isinstance(value, dict) and "template" in value.get("layout", {}):
            props[name] = Chart(value["data"], value["layout"])  # a chart, as the pages draw it (a sparkline is a dict)
        else:
            props[name] = rebuilt(value)
    return component(**props)


@functools.cache
def _component(namespace: str, name: str) -> type:
    return getattr(importlib.import_module(MODULES.get(namespace, namespace)), name)


def median_ms(ask: Callable[[], object], times: int) -> float:
    found = []
    for _ in range(times):
        start = time.perf_counter()
        ask()
        found.append((time.perf_counter() - start) * 1000)
    return statistics.median(found)


def measure(client, app: dash.Dash, path: str, views: int, rng: random.Random) -> dict[str, float]:
    page = next(p for p in dash.page_registry.values() if p["path"] == path)
    registered = page["layout"]
    draw = registered
    while hasattr(draw, "__wrapped__"):  # past the access check and the page cache
        draw = draw.__wrapped__
    found: dict[str, list[float]] = {"drawn": [], "cached": [], "known": []}
    for _ in range(views):
        query = random_query(rng)
        query = (query + "&" if query else "?") + f"n={rng.random()}"  # a view nobody asked for
        found["drawn"].append(page_request(client, path, query)[0] * 1000)
        again = functools.partial(page_request, client, path, query)
        found["cached"].append(median_ms(again, AGAIN))
        with app.server.test_request_context("/" + query):
            flask.g.role = "viewer"
            body = layout_json.encode(draw(**dict(parse_qsl(query.lstrip("?")))))
        tree = json.loads(body)
        assert layout_json.encode(rebuilt(tree)) == body, f"{path}{query}: the rebuilt page differs"
        page["layout"] = lambda tree=tree, **_: layout_json.passed(layout_json.encode(rebuilt(tree)))
        try:
            found["known"].append(median_ms(again, AGAIN))
        finally:
            page["layout"] = registered
    return {kind: statistics.median(times) for kind, times in found.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--views", type=int, default=25)
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as directory:
        os.environ["COOPDASH_CACHE_URL"] = str(Path(directory) / "cache")
        store = build(args.rows, f"sqlite:///{Path(directory) / 'floor.sqlite'}")
        snapshot.clear()
        app = create_app(store)
        client = app.server.test_client()
        for path in PAGES:
            page_request(client, path, "")  # every record type read: not part of any view
        median_ms(lambda: client.get("/login"), 200)
        login = median_ms(lambda: client.get("/login"), 1000)
        print(f"{args.rows:,} adoptions, {args.views} random views a page; GET /login {login:.2f} ms\n")
        print(f"{'page':<10} {'drawn':>17} {'cached':>17} {'numbers known':>17}")
        results = {path: measure(client, app, path, args.views, rng) for path in PAGES}
        mix = {k: statistics.mean(r[k] for r in results.values()) for k in KINDS}
        for name, r in [*results.items(), ("the mix", mix)]:
            print(f"{name:<10}" + "".join(f" {r[k]:7.2f} ms ({login / r[k]:4.2f}×)" for k in KINDS))
    floor = login / mix["known"]
    print(
        f"\nIn one process, the load benchmark's mix of filter changes reaches {floor:.2f}× GET /login with every "
        f"number known; drawn as they are now, {login / mix['drawn']:.3f}×. Served under load, a drawn view's "
        "ratio has run about 2.7× higher, the floor's about 2.2× (benchmarks/README.md, Session 11)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
