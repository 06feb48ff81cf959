"""Events: a timeline by kind, counts by kind and year, and the list of events."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard.analysis import tables
from dashboard.analysis.filters import Filters
from dashboard.model.records import EVENT
from dashboard.model.texts import t
from dashboard.web import ids, page_cache
from dashboard.web.components import catalogue_graph, empty_state
from dashboard.web.context import current_view, tab_title
from dashboard.web.security import access, bad_requests

dash.register_page(__name__, path="/events", name="Events", title=tab_title("page_events"), order=4)


@access.page("viewer")
@page_cache.cached("events")
def layout(**query: str) -> html.Div:
    view = current_view(query)
    lang = view.lang
    if view.snapshot.is_empty:
        return empty_state(lang)
    events = view.records["event"]
    return html.Div(
        [
            html.H1(t("events.heading", lang), className="h3 mb-3"),
            _kind_filter(view.filters, lang),
            dbc.Row(
                [
                    dbc.Col(
                        catalogue_graph(ids.EVENTS_TIMELINE, view, "events-timeline"),
                        lg=7,
                    ),
                    dbc.Col(
                        catalogue_graph(ids.EVENTS_PER_YEAR, view, "events-per-year"),
                        lg=5,
                    ),
                ],
                className="g-3 mb-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("events.list", lang, n=len(events)), className="h5", id=ids.EVENTS_COUNT),
                        _event_list(events, lang),
                    ]
                )
            ),
        ]
    )


def _kind_filter(filters: Filters, lang: str) -> dbc.Row:
    options = [{"label": c.label(lang), "value": c.value} for c in EVENT.field("kind").choices]
    return dbc.Row(
        dbc.Col(
            [
                html.Label(t("events.kind", lang), htmlFor=ids.EVENT_KIND, className="small fw-semibold"),
                dcc.Dropdown(
                    options,
                    list(filters.event_kinds),
                    multi=True,
                    id=ids.EVENT_KIND,
                    **tables.dropdown_words(lang),
                    placeholder=t("events.all_kinds", lang),
                ),
            ],
            md=6,
            lg=4,
        ),
        className="mb-3",
    )


def _event_list(events, lang: str) -> html.Div | dag.AgGrid:
    if events.empty:
        return html.P(t("nothing_matches", lang), className="text-muted mb-0", id=ids.EVENTS_NONE)
    data = tables.grid_data(events, EVENT, lang)
    return dag.AgGrid(
        id=ids.EVENTS_GRID,
        columnDefs=data.columns,
        rowData=data.rows,
        defaultColDef=tables.DEFAULT_COLUMN,
        dashGridOptions=tables.grid_options(lang),
        columnSize="autoSize",
        style={"height": "520px"},
    )


@access.callback(
    "viewer",
    Output(ids.PAGE_LOCATION, "search", allow_duplicate=True),
    Input(ids.EVENT_KIND, "value"),
    State(ids.PAGE_LOCATION, "search"),
    prevent_initial_call=True,
)
def write_kinds(kinds: list[str] | None, search: str | None):
    """Put the chosen event kinds into the URL (which re-renders the page)."""
    search = bad_requests.text(search)
    wanted = Filters.from_query(search).to_query(event_kinds=tuple(sorted(bad_requests.texts(kinds))))
    return dash.no_update if wanted == (search or "") else wanted
