"""Pieces of layout shared by the pages."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from .i18n import t


def graph(component_id: str, figure: go.Figure) -> dbc.Card:
    """A chart in a card, drawing maps from the app's own topojson (no CDN)."""
    config = {"topojsonURL": dash.get_asset_url("topojson/"), "displaylogo": False,
              "toImageButtonOptions": {"scale": 2}}
    return dbc.Card(dcc.Graph(id=component_id, figure=figure, config=config), body=True, className="h-100")


def kpi_card(key: str, label: str, value: int) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.Div(f"{value:,}", className="kpi-value", id=f"kpi-{key}"),
        html.Div(label, className="kpi-label"),
    ]), className="h-100 kpi")


def empty_state(lang: str) -> dbc.Alert:
    """What a page shows before any data is loaded: how to load some."""
    return dbc.Alert([html.H2(t("empty_title", lang), className="h4 alert-heading"),
                      html.P(t("empty_text", lang), className="mb-0")], color="info", id="empty-state")
