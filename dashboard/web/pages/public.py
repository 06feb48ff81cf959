"""The public view: the headline figures and the map, read-only, for the university's
website to embed (the navigation and filters are hidden on this page).

Its content is one document per query, worked out once per data version for every worker
(:mod:`dashboard.web.public_site`); the same document is served, cacheable, at ``/public/site/``
and written as a static site by ``coopdash publish``.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.model.texts import t
from dashboard.web import ids, layout_json
from dashboard.web.components import empty_state, graph, kpi_card
from dashboard.web.context import request_lang
from dashboard.web.public_site import document
from dashboard.web.security import access


def _title(**_path: str) -> str:
    """The tab's title: the page's heading in the request's language, no app name (it is embedded elsewhere)."""
    return t("public.heading", request_lang())


dash.register_page(__name__, path="/public", name="Public view", title=_title, order=20)


# the layout per document, drawn and written as JSON once per worker (layout_json.passed)
_drawn: dict[tuple[str, str, str], Any] = {}


@access.page("public")
def layout(**query: str) -> Any:
    """The page, as the components' JSON form (what Dash would send for them): drawn once per
    document, so a request costs a lookup and not the building and serialising of components."""
    key, content = document(query)
    found = _drawn.get(key)
    if found is None:
        if len(_drawn) >= 64:
            _drawn.clear()
        found = _drawn[key] = layout_json.passed(layout_json.encode(_draw(content)))
    return found


def _draw(content: dict) -> html.Div | dbc.Alert:
    lang = content["lang"]
    if content["empty"]:
        return empty_state(lang)
    return html.Div(
        [
            html.H1(content["heading"], className="h3 mb-3"),
            dbc.Row(
                [dbc.Col(kpi_card(f["key"], f["label"], f["value"]), xs=6, lg=3) for f in content["figures"]],
                className="g-3 mb-3",
                id=ids.PUBLIC_KPIS,
            ),
            graph(ids.PUBLIC_MAP, content["map"], tools=False),  # nothing over an embed
            html.P(content["source"], className="small text-muted mt-2"),
        ],
        className="public-view",
    )
