"""The current request's lookups: its store, its user, the view its URL asks for.

Everything under :mod:`dashboard.web` asks here rather than importing the app, so the app
(:mod:`.app`) imports its routes and pages and nothing imports it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import dash
import flask

from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import snapshot
from dashboard.analysis.view import View
from dashboard.model import clock
from dashboard.model.texts import t
from dashboard.store.store import Store

STORE_KEY = "coopdash.store"
"""Where :func:`dashboard.web.app.create_app` keeps the app's store (``flask.Flask.extensions``)."""


def current_store() -> Store:
    """The store of the app serving the current request."""
    return flask.current_app.extensions[STORE_KEY]


def current_user() -> str:
    """Who is making the current request (recorded with every batch)."""
    return flask.g.get("user", "web")


def current_view(
    query: Mapping[str, str | None] | str | None, asked: tuple[int, dt.datetime | None] | None = None
) -> View:
    """The view for a page layout's query parameters, read from the serving app's store: once per
    request and filters (a page drawn in its turn, :func:`dashboard.web.page_cache.turn`, has
    its records read before the turn, and asks again while drawing). ``asked``: the data version
    the request has asked for already (see :func:`dashboard.analysis.snapshot.snapshot`)."""
    filters = Filters.from_query(query)
    views: dict[Filters, View] = flask.g.setdefault("views", {}) if flask.has_request_context() else {}
    found = views.get(filters)
    if found is None:
        as_of = clock.end_of_day_utc(filters.as_of) if filters.as_of else None
        found = views[filters] = View(filters, snapshot(current_store(), as_of=as_of, asked=asked))
    return found


PAGES_LOCATION = "_pages_location.search"
"""The query string of the page being routed to, among Dash's routing callback's inputs."""


def request_lang() -> str:
    """The language of the page being drawn: the routing callback's query string, else the request's."""
    try:
        search = dash.ctx.inputs.get(PAGES_LOCATION)
    except (LookupError, dash.exceptions.MissingCallbackContextException):  # not in a callback: a page request
        search = flask.request.query_string.decode("latin-1") if flask.has_request_context() else ""
    return Filters.from_query(search if isinstance(search, str) else "").lang


def tab_title(name: Callable[[str], str] | str) -> Callable[..., str]:
    """A page's browser-tab title in the language of the request: "coopdash — 总览". ``name`` is a
    text key of the page's name, or a function of the language (and the page's path variables)."""

    def title(**path: str) -> str:
        lang = request_lang()
        page = t(name, lang) if isinstance(name, str) else name(lang, **path)
        return t("tab_title", lang, page=page)

    return title
