"""Serving the dashboard from several worker processes: gunicorn, one app per worker.

Each worker opens its own connections (the app is built after the fork), and each request
asks the database for its newest batch (see :mod:`dashboard.analysis.snapshot`), so what one worker
commits the others show on their next request. The schema is brought up to date once,
by the master, before any worker starts.

Once its app is built, a worker keeps Python's cyclic garbage collector off what it built
(:func:`settle_collector`), and while all its threads are busy it leaves new connections to
another worker for a moment (:class:`FairThreadWorker`).
"""

from __future__ import annotations

import gc
import time
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from dashboard.config import settings
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
    about 200,000 of the 280,000 objects a busy worker tracks, as long-lived as the process) out of
    the collector's reach, and collect less often. A full collection otherwise walks all of them,
    and stops every thread of the worker while it does: 150–230 ms, about every 150 views."""
    gc.collect()  # nothing already garbage is kept for good
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


class FairThreadWorker(ThreadWorker):
    """gunicorn's threaded worker, leaving a new connection to another worker while all its threads
    are busy.

    A browser keeps its connection open between requests, and each connection stays with the
    worker that accepted it. gunicorn's own threaded worker accepts whenever it is asked, however
    busy, so whichever worker happens to be listening when several people arrive takes most of
    them: 16 viewers arriving together were split 12 and 4, 14 and 2, and once 16 and 0 between two
    workers, so one core worked while the other idled. This one takes a connection at once only
    with a thread free; with none, it stops listening for :attr:`leave_for` seconds
    (``COOPDASH_LEAVE_CONNECTIONS_SECONDS``), so a worker with a free thread takes it first, and
    when every worker is busy no one waits long. (Behind nginx, which opens a connection per
    request, each request is placed the same way.)

    It extends gunicorn 27's worker (see the pin in pyproject.toml): each connection handed to a
    thread (``enqueue_req``) comes back through ``finish_request``; ``set_accept_enabled`` is how its
    loop starts and stops listening, and the loop asks it again after every event, or after the
    wait in ``wait_for_and_dispatch_events``."""

    leave_for = 0.1  # seconds; set by serve() from the settings (0 with one worker: no one to leave it to)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.running = 0  # connections handed to a thread and not yet back (counted on the main thread)
        self.taking = False  # whether it listens for new connections
        self.busy_since = 0.0  # when it last stopped listening

    def enqueue_req(self, conn: Any) -> None:
        super().enqueue_req(conn)
        self.running += 1
        if self.leave_for and self.running >= self.cfg.threads:
            self.set_accept_enabled(False)

    def finish_request(self, conn: Any, fs: Any) -> None:
        self.running -= 1
        super().finish_request(conn, fs)

    def set_accept_enabled(self, enabled: bool | None) -> None:
        now = time.monotonic()
        free = not self.leave_for or self.running < self.cfg.threads or now - self.busy_since >= self.leave_for
        take = bool(enabled) and free
        if self.taking and not take:
            self.busy_since = now
        self.taking = take
        super().set_accept_enabled(take)

    def wait_for_and_dispatch_events(self, timeout: float | None) -> None:
        waiting = self.alive and not self.taking and self.nr_conns < self.worker_connections
        if waiting and self.running >= self.cfg.threads:  # wake when the others have had their time
            left = max(0.0, self.busy_since + self.leave_for - time.monotonic())
            timeout = left if timeout is None else min(timeout, left)
        super().wait_for_and_dispatch_events(timeout)


def serve(url: str | None, *, host: str, port: int, workers: int, threads: int, public_view: bool) -> None:
    """Serve until stopped (SIGTERM or SIGINT: finish the requests under way, then exit)."""
    FairThreadWorker.leave_for = settings().leave_connections_seconds if workers > 1 else 0.0
    Store(url).engine.dispose()  # upgrade the schema here, not in every worker at once
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": FairThreadWorker,
        "threads": threads,
        "timeout": 120,  # a report or a first read of a million records takes seconds, not minutes
        "accesslog": None,
        "errorlog": "-",
        "control_socket_disable": True,  # one socket per user: a second server on the machine would take it over
    }
    _Gunicorn(url, options, public_view, host).run()
