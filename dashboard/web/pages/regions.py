"""By region: a metric on the world map, by region and sub-region, and per country; a country
on the map or in the table opens its own page."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard.analysis.filters import Filters
from dashboard.analysis.metrics import SERIES
from dashboard.charts import catalogue
from dashboard.charts.geo import country_from_click
from dashboard.model.texts import t
from dashboard.web import ids, page_cache
from dashboard.web.components import catalogue_graph, chart_download, empty_state, graph, made, metric_select
from dashboard.web.context import current_view, tab_title
from dashboard.web.security import access, bad_requests

dash.register_page(__name__, path="/regions", name="By region", title=tab_title("page_regions"), order=2)


@access.page("viewer")
@page_cache.cached("regions")
def layout(**query: str) -> html.Div:
    view = current_view(query)
    lang = view.lang
    if view.snapshot.is_empty:
        return empty_state(lang)
    regions_map = catalogue.regions_map(view)
    series, table = regions_map.series, regions_map.table
    metric = series.label(lang)
    keep = view.filters.to_query()
    return html.Div(
        [
            html.H1(t("regions.heading", lang), className="h3 mb-2"),
            html.P(catalogue.window_note(view, "regions"), className="small text-muted mb-3", id=ids.WINDOW_NOTE),
            dbc.Card(
                dbc.CardBody(
                    dbc.Row(
                        [
                            dbc.Col(
                                metric_select(ids.REGION_METRIC, series.key, lang, view.snapshot.records),
                                lg=4,
                            ),
                            dbc.Col(html.P(t("regions.click_hint", lang), className="text-muted mb-1"), lg=8),
                        ],
                        className="g-3 align-items-end",
                    )
                ),
                className="mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        graph(
                            ids.REGION_MAP,
                            regions_map.figure,
                            download=chart_download("regions-map", view.filters.to_query()),
                        ),
                        lg=7,
                    ),
                    dbc.Col(catalogue_graph(ids.REGION_BARS, view, "regions-by-region"), lg=5),
                ],
                className="g-3 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(catalogue_graph(ids.SUBREGION_BARS, view, "regions-by-subregion"), lg=6),
                    dbc.Col(_country_table(table, metric, keep, lang), lg=6),
                ],
                className="g-3",
            ),
        ]
    )


def _country_table(table: pd.DataFrame, metric: str, keep: str, lang: str) -> dbc.Card:
    """Every country with its value, each name a link to the country's page (filters kept)."""
    caption = t("regions.caption", lang, metric=metric)
    head = html.Thead(
        html.Tr(
            [
                html.Th(t("regions.country", lang), scope="col"),
                html.Th(t("regions.region", lang), scope="col"),
                html.Th(t("regions.subregion", lang), scope="col"),
                html.Th(metric, scope="col", className="text-end"),
            ]
        )
    )
    body = html.Tbody(
        [
            made(
                html.Tr,
                [
                    made(
                        html.Th,
                        made(dcc.Link, country, href=f"/country/{iso3}{keep}", id=f"{ids.COUNTRY_LINK}-{iso3}"),
                        scope="row",
                        className="fw-normal",
                    ),
                    made(html.Td, region),
                    made(html.Td, subregion),
                    made(html.Td, str(value), className="text-end"),
                ],
                **{"data-iso3": iso3},
            )
            for country, iso3, region, subregion, value in zip(
                *(table[name].tolist() for name in ("country", "iso3", "region", "subregion", "value"))
            )
        ]
    )
    content = (
        dbc.Table(
            [html.Caption(caption, className="caption-top"), head, body],
            striped=True,
            hover=True,
            size="sm",
            id=ids.REGION_TABLE,
            className="mb-0",
        )
        if len(table)
        else html.P(t("regions.none", lang), className="mb-0", id=ids.REGION_TABLE)
    )
    return dbc.Card(
        dbc.CardBody(
            html.Div(
                content,
                tabIndex="0",
                role="region",
                # "aria-label" is no Python name: a keyword Dash takes, though its signatures cannot say so
                **{"aria-label": caption},  # type: ignore[arg-type]
                style={"maxHeight": "30rem", "overflowY": "auto"},
                className="table-responsive",  # a wide table scrolls here, not the page
            )
        ),
        className="h-100",
    )


@access.callback(
    "viewer",
    Output(ids.PAGE_LOCATION, "search", allow_duplicate=True),
    Input(ids.REGION_METRIC, "value"),
    State(ids.PAGE_LOCATION, "search"),
    prevent_initial_call=True,
)
def write_metric(metric: str | None, search: str | None):
    """Put the chosen metric into the URL (which redraws the page)."""
    metric, search = bad_requests.text(metric, limit=100), bad_requests.text(search)
    filters = Filters.from_query(search)
    keep = bool(metric) and metric != SERIES[0].key  # the first metric is the default
    wanted = filters.with_extra(metric=metric if keep else None).to_query()
    return dash.no_update if wanted == (search or "") else wanted


@access.callback(
    "viewer",
    Output(ids.PAGE_LOCATION, "pathname", allow_duplicate=True),
    Input(ids.REGION_MAP, "clickData"),
    prevent_initial_call=True,
)
def open_country(click: dict | None):
    """A click on a country opens its page; the query (filters, language) stays as it is."""
    iso3 = country_from_click(bad_requests.mapping(click))
    return f"/country/{iso3}" if iso3 else dash.no_update
