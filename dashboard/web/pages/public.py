"""The public view: the headline figures and the map, read-only, for the university's
website to embed (the navigation and filters are hidden on this page)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.analysis import metrics
from dashboard.charts import catalogue
from dashboard.model import figures
from dashboard.model.texts import t
from dashboard.web import ids
from dashboard.web.components import empty_state, graph, kpi_card
from dashboard.web.context import current_view, request_lang
from dashboard.web.security import access


def _title(**_path: str) -> str:
    """The tab's title: the page's heading in the request's language, no app name (it is embedded elsewhere)."""
    return t("public.heading", request_lang())


dash.register_page(__name__, path="/public", name="Public view", title=_title, order=20)


@access.page("public")
def layout(**query: str) -> html.Div:
    view = current_view(query)
    lang = view.lang
    if view.snapshot.is_empty:
        return empty_state(lang)
    records = view.yearly
    headline = metrics.headline(records)
    updated = view.snapshot.updated
    return html.Div(
        [
            html.H1(t("public.heading", lang), className="h3 mb-3"),
            dbc.Row(
                [dbc.Col(kpi_card(f.key, f.label(lang), headline[f.key]), xs=6, lg=3) for f in figures.PUBLIC],
                className="g-3 mb-3",
                id=ids.PUBLIC_KPIS,
            ),
            graph(ids.PUBLIC_MAP, catalogue.chart(view, "adoption-map"), tools=False),  # nothing over an embed
            html.P(
                t("public.source", lang, date=updated.strftime("%Y-%m-%d") if updated is not None else "—"),
                className="small text-muted mt-2",
            ),
        ],
        className="public-view",
    )
