"""The overview: headline figures, adoptions over time, the world map, centres by country."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import figures, metrics
from dashboard.components import empty_state, graph, kpi_card
from dashboard.view import current_view

dash.register_page(__name__, path="/", name="Overview", title="coopdash — overview", order=0)

KPI_KEYS = ("standards_adopted", "adoption_countries", "centres", "centre_countries",
            "partners", "agreements_active", "events", "milestones")


def layout(**query: str) -> html.Div:
    view = current_view(query)
    lang = view.lang
    if view.snapshot.is_empty:
        return empty_state(lang)
    records = view.history
    figures_now = metrics.headline(records)
    labels = {m.key: m.label(lang) for m in metrics.HEADLINE}
    cards = dbc.Row([dbc.Col(kpi_card(key, labels[key], figures_now[key]), xs=6, md=3, xl=True)
                     for key in KPI_KEYS], className="g-3 mb-3", id="kpis")
    adoptions = metrics.active_adoptions(records)
    by_country = metrics.by_country(adoptions, lang, count="adoptions")
    centres = metrics.by_country(metrics.built_centres(records), lang, count="centres")
    return html.Div([
        html.H1("Where we stand" if lang != "zh" else "总体情况", className="h3 mb-3"),
        cards,
        dbc.Row([
            dbc.Col(graph("adoption-map", figures.world_map(by_country, "adoptions", lang)), lg=7),
            dbc.Col(graph("adoptions-over-time",
                          figures.adoptions_over_time(metrics.adoptions_over_time(records), lang)), lg=5),
        ], className="g-3 mb-3"),
        dbc.Row([
            dbc.Col(graph("centres-by-country", figures.centres_by_country(centres, lang)), lg=6),
            dbc.Col(_milestones(records["milestone"], lang), lg=6),
        ], className="g-3"),
    ])


def _milestones(frame: pd.DataFrame, lang: str) -> dbc.Card:
    ordered = frame.sort_values("date", ascending=False)
    items = [html.Li([html.Span(row.date.strftime("%Y-%m"), className="text-muted me-2"), row.title])
             for row in ordered.itertuples()]
    title = "Milestones" if lang != "zh" else "里程碑"
    return dbc.Card(dbc.CardBody([html.H2(title, className="h5"), html.Ul(items, className="list-unstyled mb-0")]),
                    className="h-100", id="milestones")
