"""Data: every record type as a sortable, filterable grid, with the batch, file and row each
record came from. The record type shown is kept in the URL (``?table=adoption``)."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, Patch, clientside_callback, html

from dashboard.analysis import tables
from dashboard.analysis.filters import Filters
from dashboard.model.i18n import pick
from dashboard.model.records import BY_NAME, RECORD_TYPES, RecordType
from dashboard.model.texts import t
from dashboard.web import ids
from dashboard.web.components import empty_state
from dashboard.web.context import current_view, tab_title
from dashboard.web.security import access, bad_requests

dash.register_page(__name__, path="/data", name="Data", title=tab_title("page_data"), order=5)

DEFAULT_TABLE = RECORD_TYPES[0].name


def chosen_table(filters: Filters) -> RecordType:
    """The record type named by the URL's ``table`` setting, or the first one."""
    return BY_NAME.get(filters.extra.get("table", ""), BY_NAME[DEFAULT_TABLE])


@access.page("viewer")
def layout(**query: str) -> html.Div:
    view = current_view(query)
    lang = view.lang
    if view.snapshot.is_empty:
        return empty_state(lang)
    rt = chosen_table(view.filters)
    data = tables.grid_data(view.records[rt.name], rt, lang, files=view.snapshot.files)
    return html.Div(
        [
            html.H1(t("data.heading", lang), className="h3 mb-3"),
            _tabs(view.filters, rt, lang),
            _statuses(view.filters, rt, lang),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label(t("data.search", lang), htmlFor=ids.DATA_SEARCH, className="visually-hidden"),
                            dbc.Input(
                                id=ids.DATA_SEARCH, type="search", placeholder=t("data.search", lang), debounce=300
                            ),
                        ],
                        md=6,
                        lg=4,
                    ),
                    dbc.Col(_count(len(data.rows), data.total, lang), className="text-muted small"),
                ],
                className="g-3 mb-2 align-items-center",
            ),
            _notes(view, rt, data, lang),
            _downloads(view.filters, rt, lang),
            dag.AgGrid(
                id=ids.DATA_GRID,
                columnDefs=data.columns,
                rowData=data.rows,
                defaultColDef=tables.DEFAULT_COLUMN,
                dashGridOptions=tables.grid_options(lang, pagination=False),
                columnSize="autoSize",
                style={"height": "600px"},
            ),
            html.P(t("data.source", lang), className="small text-muted mt-2"),
        ]
    )


def _tabs(filters: Filters, current: RecordType, lang: str) -> dbc.Nav:
    """One link per record type; following one keeps every other filter."""
    return dbc.Nav(
        [
            dbc.NavItem(
                dbc.NavLink(
                    rt.plural(lang),
                    active=rt is current,
                    id=f"{ids.DATA_TAB}-{rt.name}",
                    href="/data" + filters.with_extra(table=rt.name).to_query(),
                )
            )
            for rt in RECORD_TYPES
        ],
        pills=True,
        className="mb-3",
        id=ids.DATA_TABS,
    )


def _statuses(filters: Filters, rt: RecordType, lang: str) -> dbc.Nav | html.Div:
    """Links that narrow the records to one status (kept in the URL as ``status``)."""
    field = next((f for f in rt.fields if f.name == "status"), None)
    if field is None:
        return html.Div()
    chosen = set(filters.statuses) & {c.value for c in field.choices}
    links = [("", t("data.all_statuses", lang), not chosen)] + [
        (c.value, c.label(lang), c.value in chosen) for c in field.choices
    ]
    return dbc.Nav(
        [
            dbc.NavItem(
                dbc.NavLink(label, active=active, href="/data" + filters.to_query(statuses=(value,) if value else ()))
            )
            for value, label, active in links
        ],
        pills=True,
        className="mb-3 small",
        id=ids.DATA_STATUSES,
    )


def _downloads(filters: Filters, rt: RecordType, lang: str) -> html.Div:
    """The filtered records to take away: every type as .xlsx, this one as .csv."""
    query = filters.to_query()
    joiner = "&" if query else "?"
    return html.Div(
        [
            html.A(t("data.download_xlsx", lang), href=f"/export/data.xlsx{query}", id=ids.DATA_DOWNLOAD_XLSX),
            html.Span(" · ", className="text-muted"),
            html.A(
                t("data.download_csv", lang, what=rt.plural(lang)),
                href=f"/export/data.csv{query}{joiner}record={rt.name}",
                id=ids.DATA_DOWNLOAD_CSV,
            ),
        ],
        className="small mb-2",
    )


def _count(shown: int, total: int, lang: str) -> html.Div:
    """ "Showing N of M records", N kept current as the grid is filtered."""
    before, after = t("table.shown", lang, shown="\0", total=total).split("\0")
    return html.Div([before, html.Span(str(shown), id=ids.DATA_SHOWN), after], id=ids.DATA_COUNT)


def _notes(view, rt: RecordType, data: tables.GridData, lang: str) -> html.Div:
    notes = []
    if data.truncated:
        notes.append(
            dbc.Alert(
                t("table.newest", lang, total=data.total, shown=len(data.rows)),
                color="info",
                className="py-2",
                id=ids.DATA_TRUNCATED,
            )
        )
    if not data.total:
        message = (
            t("nothing_matches", lang)
            if not view.snapshot.records[rt.name].empty
            else t("data.no_records", lang, what=pick(rt.en_plural.lower(), rt.zh, lang))
        )
        notes.append(html.P(message, className="text-muted", id=ids.DATA_NONE))
    return html.Div(notes)


@access.callback(
    "viewer", Output(ids.DATA_GRID, "dashGridOptions"), Input(ids.DATA_SEARCH, "value"), prevent_initial_call=True
)
def quick_search(text: str | None) -> Patch:
    """Narrow the grid to rows containing ``text`` in any column."""
    options = Patch()
    options["quickFilterText"] = bad_requests.text(text, limit=200) or ""
    return options


clientside_callback(
    "function (rows) { return rows ? String(rows.length) : window.dash_clientside.no_update; }",
    Output(ids.DATA_SHOWN, "children"),
    Input(ids.DATA_GRID, "virtualRowData"),
)
