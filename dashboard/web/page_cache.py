"""Page layouts drawn once per data version and shared by every worker.

A page whose layout depends on nothing but the data, its URL's query, the day and the reader's
role declares it with :func:`cached`: its layout is then kept in the shared cache
(:mod:`dashboard.store.cache`) in the JSON form Dash sends (a tree of ``{"type", "namespace",
"props"}``), under the data version and a key naming the page, the whole query, the role and the
day. The next reader of the same view — in any worker — gets it without a record being counted or
a chart drawn; the first request after a commit draws it anew, so no layout is ever stale.

Pages that show what belongs to the signed-in person (partners: *my agreements*), the records
grid and the upload page are not cached.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import flask
from plotly.io.json import to_json_plotly

from dashboard.model import clock
from dashboard.store import cache as shared
from dashboard.web.context import current_store


def cached(page: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Keep the layout of ``page`` (its name, part of the key) in the shared cache: put it under
    ``@access.page(…)``, which checks the reader's level before anything is looked up."""

    def declare(layout: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(layout)
        def drawn(**query: Any) -> Any:
            if not flask.has_request_context():  # a test drawing the layout directly
                return layout(**query)
            store = current_store()
            key = shared.key_of(
                "page",
                page,
                json.dumps(sorted(query.items()), default=str),
                str(flask.g.get("role") or ""),
                clock.today().isoformat(),
            )
            body = shared.cached(shared.version_of(store), key, lambda: to_json_plotly(layout(**query)).encode())
            return json.loads(body)

        return drawn

    return declare
