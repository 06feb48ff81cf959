"""The current request's lookups: its store, its user, the view its URL asks for.

Everything under :mod:`dashboard.web` asks here rather than importing the app, so the app
(:mod:`.app`) imports its routes and pages and nothing imports it back.
"""

from __future__ import annotations

from collections.abc import Mapping

import flask

from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import snapshot
from dashboard.analysis.view import View
from dashboard.model import clock
from dashboard.store.store import Store

STORE_KEY = "coopdash.store"
"""Where :func:`dashboard.web.app.create_app` keeps the app's store (``flask.Flask.extensions``)."""


def current_store() -> Store:
    """The store of the app serving the current request."""
    return flask.current_app.extensions[STORE_KEY]


def current_user() -> str:
    """Who is making the current request (recorded with every batch)."""
    return flask.g.get("user", "web")


def current_view(query: Mapping[str, str | None] | str | None) -> View:
    """The view for a page layout's query parameters, read from the serving app's store."""
    filters = Filters.from_query(query)
    as_of = clock.end_of_day_utc(filters.as_of) if filters.as_of else None
    return View(filters, snapshot(current_store(), as_of=as_of))
