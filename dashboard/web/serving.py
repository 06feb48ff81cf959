"""Serving the dashboard from several worker processes: gunicorn, one app per worker.

Each worker opens its own connections (the app is built after the fork), and each request
asks the database for its newest batch (see :mod:`dashboard.analysis.snapshot`), so what one worker
commits the others show on their next request. The schema is brought up to date once,
by the master, before any worker starts.

Once its app is built, a worker keeps Python's cyclic garbage collector off what it built
(:func:`settle_collector`).
"""

from __future__ import annotations

import gc
from typing import Any

from gunicorn.app.base import BaseApplication

from dashboard.store.store import Store


class _Gunicorn(BaseApplication):
    def __init__(self, url: str | None, options: dict[str, Any], public_view: bool, host: str) -> None:
        self.url = url
        self.host = host
        self.options = options
        self.public_view = public_view
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        from dashboard.web.app import create_app  # in the worker, after the fork: dash never loads in the master

        app = create_app(Store(self.url), public_view=self.public_view, bind=self.host).server
        settle_collector()
        return app


YOUNG_COLLECTION_EVERY = 7_000
"""Objects allocated (net of those freed) between two collections of the youngest generation:
ten times Python's default, so the older generations, which each view's remembered results
reach, are collected ten times less often."""


def settle_collector() -> None:
    """Move what the worker has built so far (its modules, Dash's and plotly's classes, the app:
    about 200,000 objects, as long-lived as the process) out of the collector's reach, and collect
    less often. A full collection otherwise walks all of them, and stops every thread of the worker
    while it does: 150–230 ms, about every 150 views."""
    gc.collect()  # nothing already garbage is kept for good
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


def serve(url: str | None, *, host: str, port: int, workers: int, threads: int, public_view: bool) -> None:
    """Serve until stopped (SIGTERM or SIGINT: finish the requests under way, then exit)."""
    Store(url).engine.dispose()  # upgrade the schema here, not in every worker at once
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 120,  # a report or a first read of a million records takes seconds, not minutes
        "accesslog": None,
        "errorlog": "-",
        "control_socket_disable": True,  # one socket per user: a second server on the machine would take it over
    }
    _Gunicorn(url, options, public_view, host).run()
