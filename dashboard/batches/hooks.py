"""What runs after a batch commits: the callbacks a top layer registers (the command line and
the web app register the public site's publishing when ``COOPDASH_PUBLISH_DIR`` is set).

The importer and the rollback call :func:`committed` once their transaction has committed, so
every way data changes — an import from the command line or the upload page, a rollback from
either — runs them. A callback that fails is logged and never undoes or fails the commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from dashboard.store.store import Store

log = logging.getLogger(__name__)

_after_commit: dict[str, Callable[[Store], None]] = {}


def after_commit(name: str, callback: Callable[[Store], None]) -> None:
    """Run ``callback(store)`` after every batch committed in this process. One callback per
    ``name``: a later one replaces it (a web worker, forked from ``coopdash serve``, publishes its own way)."""
    _after_commit[name] = callback


def committed(store: Store) -> None:
    """A batch was committed to ``store``: run the registered callbacks."""
    for callback in list(_after_commit.values()):
        try:
            callback(store)
        except Exception:
            log.exception("after a commit, %s failed (the commit stands)", getattr(callback, "__name__", callback))
