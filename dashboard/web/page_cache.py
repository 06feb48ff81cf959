"""Page layouts drawn once per data version and shared by every worker.

A page whose layout depends on nothing but the data, its URL's query, the day and the reader's
role declares it with :func:`cached`: its layout is then kept in the shared cache
(:mod:`dashboard.store.cache`) in the JSON form Dash sends (a tree of ``{"type", "namespace",
"props"}``), under the data version and a key naming the page, the whole query, the role and the
day. The query is normalised first (:meth:`Filters.to_query`: known filters in one order, codes
sorted, the default language and unknown years left out), so equivalent URLs share one entry. The
next reader of the same view — in any worker — gets it without a record being counted or a chart
drawn; the first request after a commit draws it anew, so no layout is ever stale.

A page that also shows what belongs to the signed-in person, or something that changes without a
commit (partners: *my agreements* and the reminders sent), names it with ``also``: a function
whose answer becomes part of the key. The records grid and the upload page are not cached.

A worker draws one of these layouts (or the public page's document) at a time: :func:`turn`.
Python runs one thread's code at a time anyway; threads drawing together only take turns every
few milliseconds, so all of them finish late. Drawn one after another, the first finishes first,
and a view several people ask for at once is drawn once: whoever waited finds it drawn.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl

import flask

from dashboard.analysis.filters import Filters
from dashboard.model import clock
from dashboard.store import cache as shared
from dashboard.web import layout_json
from dashboard.web.context import current_store, current_view


def cached(page: str, also: Callable[[], str] | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Keep the layout of ``page`` (its name, part of the key) in the shared cache: put it under
    ``@access.page(…)``, which checks the reader's level before anything is looked up. ``also()``
    names what else the layout depends on (see above)."""

    def declare(layout: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(layout)
        def drawn(**query: Any) -> Any:
            if not flask.has_request_context():  # a test drawing the layout directly
                return layout(**query)
            store = current_store()
            query = normalised(query)
            key = shared.key_of(
                "page",
                page,
                json.dumps(sorted(query.items())),
                str(flask.g.get("role") or ""),
                clock.today().isoformat(),
                also() if also else "",
            )
            asked = store.data_version()  # once: the page is filed under the version it is drawn from
            body = shared.cached(
                shared.version_name(store, *asked),
                key,
                lambda: layout_json.encode(layout(**query)),
                one_at_a_time=turn(query, asked),
            )
            return layout_json.passed(body)

        return drawn

    return declare


DRAWING = threading.RLock()
"""Held while a worker draws a cached page: one at a time (reentrant: a draw may ask for another)."""


@contextlib.contextmanager
def turn(query: Mapping[str, Any] | str, asked: tuple[int, dt.datetime | None] | None = None) -> Iterator[None]:
    """A worker's turn to draw the view of ``query`` (from the data version ``asked``, if the
    request has asked already). The records it shows are read first, before the turn is taken: a
    first read, or a past view's, waits on the database without holding up the draws of views
    already read."""
    current_view(query, asked)
    with DRAWING:
        yield


def normalised(query: Mapping[str, Any]) -> dict[str, str]:
    """The query as :class:`Filters` understand it, written one way (``to_query``): the same view
    whatever order, case or spelling its URL uses."""
    return dict(parse_qsl(Filters.from_query(query).to_query().lstrip("?"), keep_blank_values=True))
