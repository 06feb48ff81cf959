"""Pieces of layout shared by the pages."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from .i18n import t


def graph(component_id: str, figure: go.Figure | dict, description: str | None = None) -> dbc.Card:
    """A chart in a card, drawing maps from the app's own topojson (no CDN), named for
    screen readers by ``description`` or else by the figure's title."""
    config = {
        "topojsonURL": dash.get_asset_url("topojson/"),
        "displaylogo": False,
        "toImageButtonOptions": {"scale": 2},
    }
    label = description or _title(figure)
    return dbc.Card(
        html.Div(dcc.Graph(id=component_id, figure=figure, config=config), role="figure", **{"aria-label": label}),
        body=True,
        className="h-100",
    )


def _title(figure: go.Figure | dict) -> str:
    layout = figure.get("layout", {}) if isinstance(figure, dict) else figure.layout.to_plotly_json()
    title = layout.get("title") or {}
    return str(title.get("text", "") if isinstance(title, dict) else title)


def kpi_card(key: str, label: str, value: int) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(f"{value:,}", className="kpi-value", id=f"kpi-{key}"),
                html.Div(label, className="kpi-label"),
            ]
        ),
        className="h-100 kpi",
    )


def empty_state(lang: str) -> dbc.Alert:
    """What a page shows before any data is loaded: how to load some."""
    return dbc.Alert(
        [
            html.H2(t("empty_title", lang), className="h4 alert-heading"),
            html.P(t("empty_text", lang), className="mb-0"),
        ],
        color="info",
        id="empty-state",
    )
