"""Serving the dashboard from several worker processes: gunicorn, one app per worker.

Each worker opens its own connections (the app is built after the fork), and each request
asks the database for its newest batch (see :mod:`dashboard.analysis.snapshot`), so what one worker
commits the others show on their next request. The schema is brought up to date once,
by the master, before any worker starts.
"""

from __future__ import annotations

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

        return create_app(Store(self.url), public_view=self.public_view, bind=self.host).server


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
