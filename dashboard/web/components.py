"""Pieces of layout shared by the pages."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any, TypeVar

import dash
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.analysis.metrics import choices
from dashboard.analysis.view import View
from dashboard.charts import catalogue
from dashboard.charts.base import layout_of, traces_of
from dashboard.model.texts import t
from dashboard.web import ids

MAP_TOOLS = ("zoomInGeo", "zoomOutGeo", "resetGeo")

C = TypeVar("C", bound=Component)
_KINDS: dict[type, tuple[dict[str, Any], frozenset[str], tuple[str, ...], frozenset[str]]] = {}


def made(kind: type[C], children: Any = None, **props: Any) -> C:
    """``kind(children, **props)`` for the cells, rows and items a page repeats by the dozen: the
    same component (written to JSON alike), made in a tenth of the time. Dash's constructor checks
    every argument of every call, formatting an error message for each whether or not it is wrong,
    and gives each component its own copies of its kind's lists of properties (about 6 us a
    component; a regions page has 270).

    The first component of a kind is made by Dash, with all its checks. The next share the kind's
    lists and have only what can vary from call to call checked: each property is one of the
    kind's, a component is given only where the kind takes one, and an id is text or a dict. Not
    checked again: the properties a kind requires, what a dict id holds, and Dash's warning for a
    deprecated kind; call sites give the same arguments each time, and the first call checks them."""
    known = _KINDS.get(kind)
    if known is None:
        first = kind(children=children, **props)
        own = vars(first)
        if "children" in own:  # a kind with children, all of whose arguments are properties
            shared = {name: value for name, value in own.items() if name.startswith(("_", "available_"))}
            nodes = frozenset(getattr(kind, "_base_nodes", ("children",)))  # properties that may hold components
            _KINDS[kind] = (shared, frozenset(own["_prop_names"]), tuple(own["_valid_wildcard_attributes"]), nodes)
        return first
    shared, names, wildcards, nodes = known
    for name, value in props.items():
        if (
            name not in names
            and not name.startswith(wildcards)
            or isinstance(value, Component)
            and name not in nodes
            or name == "id"
            and not isinstance(value, str | dict)
        ):
            raise TypeError(f"{kind.__name__} takes no {name}={value!r}")
    component = object.__new__(kind)
    vars(component).update(shared, children=children, **props)
    return component


def graph(
    component_id: str,
    figure: go.Figure | dict,
    description: str | None = None,
    download: str | None = None,
    tools: bool = True,
) -> dbc.Card:
    """A chart in a card, drawing maps from the app's own topojson (no CDN), named for
    screen readers by ``description`` or else by the figure's title.

    ``download`` is the chart's export link without its extension (see :func:`chart_download`):
    a menu then offers the chart as PNG, SVG and PDF, drawn on the server.

    No plotly toolbar lies over a title: charts have none (the menu exports them), and a map keeps
    only its three zoom buttons, in the top-right corner, unless ``tools`` is False (the public page).
    """
    zoom = tools and _is_map(figure)
    config: dcc.Graph.Config = {
        "topojsonURL": dash.get_asset_url("topojson/"),
        "displaylogo": False,
        "displayModeBar": zoom,
        "modeBarButtons": [list(MAP_TOOLS)] if zoom else [[]],
    }
    label = description or _title(figure)
    body: list = [
        # "aria-label" is no Python name: a keyword Dash takes, though its signatures cannot say so
        made(html.Div, dcc.Graph(id=component_id, figure=figure, config=config), role="figure", **{"aria-label": label})
    ]
    if download:
        path, _, query = download.partition("?")
        items = [
            made(
                dbc.DropdownMenuItem,
                fmt.upper(),
                href=f"{path}.{fmt}" + (f"?{query}" if query else ""),
                external_link=True,
                target="_blank",
            )
            for fmt in ("png", "svg", "pdf")
        ]
        body.insert(
            0,
            made(
                html.Div,
                made(
                    dbc.DropdownMenu,
                    items,
                    label="PNG · SVG · PDF",
                    size="sm",
                    color="light",
                    align_end=True,
                    id=f"{component_id}-download",
                ),
                className="d-flex justify-content-end chart-download",
            ),
        )
    return made(dbc.Card, body, body=True, className="h-100 chart-card")


def frame_table(frame: pd.DataFrame, **props: Any) -> dbc.Table:
    """``dbc.Table.from_dataframe(frame, **props)`` for a frame with one level of column names: the
    same table (written to JSON alike), its cells made by :func:`made` and read a column at a time
    rather than cell by cell (a trends table has hundreds)."""
    header = [made(html.Th, name, colSpan=len(list(alike))) for name, alike in itertools.groupby(frame.columns)]
    columns = [frame.iloc[:, j].tolist() for j in range(frame.shape[1])]
    rows = [made(html.Tr, [made(html.Td, value) for value in row]) for row in zip(*columns, strict=True)]
    return dbc.Table([made(html.Thead, [made(html.Tr, header)]), made(html.Tbody, rows)], **props)


def _is_map(figure: go.Figure | dict) -> bool:
    data = figure.get("data", []) if isinstance(figure, dict) else traces_of(figure)
    return any(d.get("type") in ("choropleth", "scattergeo") for d in data)


def _title(figure: go.Figure | dict) -> str:
    layout = figure.get("layout", {}) if isinstance(figure, dict) else layout_of(figure)
    title = layout.get("title") or {}
    return str(title.get("text", "") if isinstance(title, dict) else title)


def kpi_card(key: str, label: str, value: int) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(f"{value:,}", className="kpi-value", id=f"{ids.KPI_NUMBER}-{key}"),
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
        id=ids.EMPTY_STATE,
    )


def chart_download(name: str, query: str) -> str:
    """The export link of chart ``name`` (see :func:`graph`) for the page's filters."""
    return f"/export/chart/{name}{query}"


def catalogue_graph(component_id: str, view: View, name: str) -> dbc.Card:
    """Chart ``name`` of the catalogue as the view draws it, with its export menu for the same filters."""
    return graph(component_id, catalogue.chart(view, name), download=chart_download(name, view.filters.to_query()))


def metric_select(component_id: str, chosen: str, lang: str, records: Mapping[str, Any]) -> list:
    """A labelled choice of any tracked figure or indicator (the pages that chart "a metric" share it)."""
    options = [{"label": s.label(lang), "value": s.key} for s in choices(records)]
    return [
        html.Label(t("metric", lang), htmlFor=component_id, className="small fw-semibold mb-1"),
        dbc.Select(id=component_id, value=chosen, options=options),
    ]
