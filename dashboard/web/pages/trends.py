"""Over time: any metric per year, quarter or month, new or cumulative, optionally split by
region, with the milestones on the time axis and the numbers as a table below the chart."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, html

from dashboard.analysis.filters import Filters
from dashboard.analysis.metrics import Records
from dashboard.charts import catalogue
from dashboard.charts.trends import (
    FREQS,
    MODES,
    SPLITS,
    TrendSettings,
    milestones_shown,
    title,
    trend_rows,
)
from dashboard.model import display
from dashboard.model.texts import t
from dashboard.web import ids, page_cache
from dashboard.web.components import chart_download, empty_state, frame_table, graph, metric_select
from dashboard.web.context import current_view, tab_title
from dashboard.web.security import access, bad_requests

dash.register_page(__name__, path="/trends", name="Over time", title=tab_title("page_trends"), order=1)


@access.page("viewer")
@page_cache.cached("trends")
def layout(**query: str) -> html.Div:
    view = current_view(query)
    lang = view.lang
    if view.snapshot.is_empty:
        return empty_state(lang)
    chart = catalogue.trend_chart(view)
    settings, table, figure = chart.settings, chart.table, chart.figure
    milestones = view.records["milestone"]
    return html.Div(
        [
            html.H1(t("trends.heading", lang), className="h3 mb-3"),
            _controls(chart.asked, lang, view.snapshot.records),
            html.P(chart.note, className="small text-muted", id=ids.TREND_NOTE) if chart.note else None,
            dbc.Row(
                dbc.Col(graph(ids.TREND_CHART, figure, download=chart_download("trends", view.filters.to_query()))),
                className="g-3 mb-3",
            ),
            _data_table(
                trend_rows(table, settings, lang),
                t("trends.caption", lang, title=title(settings, lang)),
                _milestone_list(milestones_shown(milestones, table, settings.freq), lang),
            ),
        ]
    )


def _controls(settings: TrendSettings, lang: str, records: Records) -> dbc.Card:
    def choices(component_id: str, legend: str, values: tuple[str, ...], value: str) -> html.Fieldset:
        return html.Fieldset(
            [
                html.Legend(t(f"trends.{legend}", lang), className="small fw-semibold mb-1 fs-6"),
                dbc.RadioItems(
                    id=component_id,
                    options=[{"label": t(f"trends.{v}", lang), "value": v} for v in values],
                    value=value,
                    inline=True,
                ),
            ]
        )

    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        metric_select(ids.TREND_METRIC, settings.metric, lang, records),
                        lg=4,
                    ),
                    dbc.Col(choices(ids.TREND_FREQ, "freq", FREQS, settings.freq), lg="auto"),
                    dbc.Col(choices(ids.TREND_MODE, "mode", MODES, settings.mode), lg="auto"),
                    dbc.Col(choices(ids.TREND_SPLIT, "split", tuple(SPLITS), settings.split), lg="auto"),
                ],
                className="g-3 align-items-end",
            )
        ),
        className="mb-3",
        id=ids.TREND_CONTROLS,
    )


def _data_table(rows: pd.DataFrame, caption: str, milestones: html.Div) -> dbc.Card:
    """The chart's text alternative: every number it draws (scrollable by keyboard too), and
    the milestones it marks."""
    table = frame_table(rows, striped=True, hover=True, size="sm", id=ids.TREND_TABLE, className="mb-0")
    table.children = [html.Caption(caption, className="caption-top"), *table.children]
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    table,
                    tabIndex="0",
                    role="region",
                    # "aria-label" is no Python name: a keyword Dash takes, though its signatures cannot say so
                    **{"aria-label": caption},  # type: ignore[arg-type]
                    style={"maxHeight": "22rem", "overflowY": "auto"},
                    className="table-responsive",  # a wide table scrolls here, not the page
                ),
                milestones,
            ]
        )
    )


def _milestone_list(shown: pd.DataFrame, lang: str) -> html.Div:
    if shown.empty:
        return html.Div(id=ids.TREND_MILESTONES)
    items = [
        html.Li([html.Span(f"{row.date:%Y-%m-%d}", className="text-muted me-2"), display.localised(row, "title", lang)])
        for row in shown.itertuples()
    ]
    return html.Div(
        [html.H2(t("trends.milestones", lang), className="h6 mt-3"), html.Ol(items, className="mb-0 ps-4")],
        id=ids.TREND_MILESTONES,
    )


@access.callback(
    "viewer",
    Output(ids.PAGE_LOCATION, "search", allow_duplicate=True),
    Input(ids.TREND_METRIC, "value"),
    Input(ids.TREND_FREQ, "value"),
    Input(ids.TREND_MODE, "value"),
    Input(ids.TREND_SPLIT, "value"),
    State(ids.PAGE_LOCATION, "search"),
    prevent_initial_call=True,
)
def write_settings(metric: str | None, freq: str | None, mode: str | None, split: str | None, search: str | None):
    """Put the chosen settings into the URL (which redraws the page)."""
    metric, freq, mode, split = (bad_requests.text(value, limit=100) for value in (metric, freq, mode, split))
    search = bad_requests.text(search)
    settings = TrendSettings.from_extra({"metric": metric, "freq": freq, "mode": mode, "split": split})
    wanted = settings.query(Filters.from_query(search))
    return dash.no_update if wanted == (search or "") else wanted
