"""The overview: where the university stands, how it got there, and where in the world."""

from __future__ import annotations

import datetime as dt
import itertools

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html

from dashboard.analysis import indicators, insights, published, trace
from dashboard.charts import catalogue
from dashboard.charts.geo import country_from_click
from dashboard.charts.overview import sparkline
from dashboard.model import display, figures
from dashboard.model.countries import all_countries, by_iso3
from dashboard.model.records import TARGET
from dashboard.model.texts import t
from dashboard.web import ids, page_cache
from dashboard.web import trace as trace_view
from dashboard.web.components import catalogue_graph, empty_state, made
from dashboard.web.context import current_view, tab_title
from dashboard.web.security import access, bad_requests

dash.register_page(__name__, path="/", name="Overview", title=tab_title("page_overview"), order=0)

KPI_KEYS = tuple(f.key for f in figures.CARDS)


@access.page("viewer")
@page_cache.cached("overview")
def layout(**query: str) -> html.Div:
    view = current_view(query)
    lang = view.lang
    if view.snapshot.is_empty:
        return empty_state(lang)
    query_string = view.filters.to_query()
    records, today = view.yearly, catalogue.figures_day(view)  # yearly figures, exact and fast at any size
    return html.Div(
        [
            dcc.Store(id=ids.OVERVIEW_QUERY, data=query),
            html.Div(
                [
                    html.H1(t("overview.heading", lang), className="h3 mb-2 me-auto"),
                    dbc.Button(
                        t("overview.report_pptx", lang),
                        href=f"/export/report.pptx{query_string}",
                        external_link=True,
                        color="primary",
                        size="sm",
                        className="me-2",
                        id=ids.REPORT_PPTX,
                    ),
                    dbc.Button(
                        t("overview.report_pdf", lang),
                        href=f"/export/report.pdf{query_string}",
                        external_link=True,
                        color="outline-primary",
                        size="sm",
                        id=ids.REPORT_PDF,
                    ),
                ],
                className="d-flex flex-wrap align-items-center gap-1",
            ),
            html.P(insights.summary(records, lang, today), className="lead", id=ids.SUMMARY),
            html.P(catalogue.window_note(view, "overview"), className="small text-muted mb-2", id=ids.WINDOW_NOTE),
            dbc.Row(
                [dbc.Col(_kpi_card(card, lang, today), xs=6, md=3, xl=True) for card in catalogue.cards(view, today)],
                className="g-3 mb-1",
                id=ids.KPIS,
            ),
            html.P(t("overview.click_hint", lang), className="small text-muted mb-3"),
            _indicators_and_published(view, lang, today),
            dbc.Row(
                [
                    dbc.Col(
                        catalogue_graph(ids.ADOPTION_MAP, view, "adoption-map"),
                        lg=7,
                    ),
                    dbc.Col(
                        catalogue_graph(ids.ADOPTIONS_OVER_TIME, view, "adoptions-over-time"),
                        lg=5,
                    ),
                ],
                className="g-3 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(_targets(catalogue.targets(view, today), lang), lg=5),
                    dbc.Col(
                        catalogue_graph(ids.MILESTONES_TIMELINE, view, "milestones"),
                        lg=7,
                    ),
                ],
                className="g-3 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        catalogue_graph(ids.CENTRES_MAP, view, "centres-by-country"),
                        lg=6,
                    )
                ],
                className="g-3",
            ),
            dbc.Modal(
                [dbc.ModalHeader(dbc.ModalTitle(id=ids.TRACE_TITLE)), dbc.ModalBody(id=ids.TRACE_BODY)],
                id=ids.TRACE_MODAL,
                size="xl",
                scrollable=True,
                is_open=False,
            ),
        ]
    )


def _kpi_card(card: catalogue.Card, lang: str, today: dt.date) -> html.Button:
    """A headline figure as a button (keyboard and screen reader friendly) that opens the
    records behind it."""
    label = card.label
    change = f"{card.change:+,}"
    return made(
        html.Button,
        made(
            dbc.Card,
            made(
                dbc.CardBody,
                [
                    made(html.Div, f"{card.value:,}", className="kpi-value", id=f"{ids.KPI_NUMBER}-{card.key}"),
                    made(html.Div, label, className="kpi-label"),
                    made(
                        html.Div,
                        t("overview.vs_last_year", lang, change=change, year=today.year - 1),
                        className=f"kpi-change {'up' if card.change > 0 else 'flat'}",
                    ),
                    dcc.Graph(
                        figure=sparkline(card.history, label),
                        config={"staticPlot": True, "displayModeBar": False},
                        className="kpi-spark",
                        style={"height": "44px"},
                        responsive=True,  # follows its card's width (a phone's card settles after drawing)
                    ),
                ],
            ),
            className="h-100 kpi",
        ),
        id={"type": ids.KPI, "key": card.key},
        n_clicks=0,
        title=label,
        className="h-100 w-100 p-0 border-0 bg-transparent text-start kpi-button",
    )


def _indicators_and_published(view, lang: str, today: dt.date) -> dbc.Row:
    """A card per indicator (its newest year), and the published figures checked against the records."""
    cards = [
        made(dbc.Col, _indicator_card(card.indicator, card.year, card.value, card.before, lang), xs=6, md=3, xl=True)
        for card in catalogue.indicator_cards(view, today)
    ]
    # Every record, whatever the filters: worked out once per data version, not on each filter change.
    checks = published.checks_of(view.snapshot)
    row = []
    if cards:
        row.append(
            made(
                dbc.Col,
                [made(html.H2, t("overview.indicators", lang), className="h5"), made(dbc.Row, cards, className="g-3")],
                lg=8 if checks else 12,
                id=ids.INDICATORS,
            )
        )
    if checks:
        row.append(made(dbc.Col, _published(checks, lang), lg=4 if cards else 12))
    return made(dbc.Row, row, className="g-3 mb-3")


def _indicator_card(indicator: indicators.Indicator, year: int, value: float, before: float | None, lang: str):
    change = None if before is None else value - before
    good = change is not None and (change > 0) == indicator.higher_is_better and change != 0
    return made(
        dbc.Card,
        made(
            dbc.CardBody,
            [
                made(
                    html.Div,
                    [
                        f"{display.number(value):,}",
                        made(html.Span, f" {indicator.unit_in(lang)}", className="kpi-unit"),
                    ],
                    className="kpi-value",
                    id=f"{ids.INDICATOR}-{indicator.key}",
                ),
                made(html.Div, indicator.label(lang), className="kpi-label"),
                made(
                    html.Div,
                    t("overview.indicator_year", lang, year=year)
                    + (
                        ""
                        if change is None
                        else " · "
                        + t("overview.indicator_change", lang, change=f"{display.number(change):+,}", year=year - 1)
                    ),
                    className=f"kpi-change {'up' if good else 'flat'}",
                ),
            ],
        ),
        className="h-100 kpi",
    )


def _published(checks: list[published.Check], lang: str) -> dbc.Card:
    """Each published statement, and a tick or a warning (with both numbers) per figure it gives."""
    items = []
    for (statement, date), group in itertools.groupby(checks, key=lambda c: (c.statement_in(lang), c.date)):
        lines = []
        for check in group:
            shown = f"{display.number(check.published):,}"
            if check.agrees:
                verdict = [made(html.Span, "✓ ", className="text-success", title=t("overview.agrees", lang))]
                note = []
            else:
                recorded = (
                    t("overview.nothing", lang) if check.recorded is None else f"{display.number(check.recorded):,}"
                )
                verdict = [made(html.Span, "⚠ ", className="text-danger")]
                note = [
                    made(
                        html.Div,
                        t("overview.disagrees", lang, published=shown, recorded=recorded, date=date.isoformat()),
                        className="small text-danger fw-semibold",
                    )
                ]
            state = "agrees" if check.agrees else "disagrees"
            lines.append(
                made(
                    html.Div,
                    [*verdict, made(html.Strong, f"{shown} "), check.label(lang), *note],
                    className=f"published-figure published-{state}",
                    id=f"{ids.PUBLISHED}-{state}-{check.figure}",
                )
            )
        items.append(
            made(
                html.Li,
                [made(html.Div, f"“{statement}” — {date.isoformat()}", className="small text-muted mb-1"), *lines],
                className="list-group-item",
            )
        )
    return made(
        dbc.Card,
        made(
            dbc.CardBody,
            [
                made(html.H2, t("overview.published", lang), className="h5"),
                made(html.P, t("overview.published_scope", lang), className="small text-muted mb-2"),
                made(html.Ul, items, className="list-group"),
            ],
        ),
        className="h-100",
        id=ids.PUBLISHED_FIGURES,
    )


def _targets(progress: list[insights.Progress] | None, lang: str) -> dbc.Card:
    body: list = [made(html.H2, t("overview.targets", lang), className="h5")]
    if progress is None:
        body.append(made(html.P, t("overview.targets_not_applicable", lang), className="text-muted"))
    elif not progress:
        body.append(made(html.P, t("overview.no_targets", lang), className="text-muted"))
    labels = {c.value: c.label(lang) for c in TARGET.field("figure").choices}
    for p in progress or ():
        state = "on_track" if p.on_track else "behind"
        body += [
            made(
                html.Div,
                [
                    made(html.Strong, labels[p.figure]),
                    " ",
                    made(html.Span, t("overview.target_line", lang, value=p.value, target=p.target, due=p.due.year)),
                ],
                className="mt-2",
            ),
            dbc.Progress(
                value=round(p.share * 100),
                color="success" if p.on_track else "warning",
                className="my-1",
                label=f"{round(p.share * 100)}%",
            ),
            made(
                html.Div,
                t(f"overview.{state}", lang, forecast=p.forecast),
                className=f"small target-{state.replace('_', '-')}",
            ),
        ]
    return made(dbc.Card, made(dbc.CardBody, body), className="h-100", id=ids.TARGETS)


def _clicked(click: object, key: str) -> object:
    """``key`` of the first point of a chart click (as plotly sends it: {"points": [{…}]})."""
    points = bad_requests.mapping(click).get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        raise bad_requests.Malformed()
    return points[0].get(key)


@access.callback(
    "viewer",
    Output(ids.TRACE_MODAL, "is_open"),
    Output(ids.TRACE_TITLE, "children"),
    Output(ids.TRACE_BODY, "children"),
    Input({"type": ids.KPI, "key": ALL}, "n_clicks"),
    Input(ids.ADOPTION_MAP, "clickData"),
    Input(ids.CENTRES_MAP, "clickData"),
    Input(ids.ADOPTIONS_OVER_TIME, "clickData"),
    State(ids.OVERVIEW_QUERY, "data"),
    prevent_initial_call=True,
)
def show_records_behind(
    clicks: list[int], map_click: dict | None, centre_click: dict | None, year_click: dict | None, query: dict | None
):
    """The records behind a clicked figure, map country or bar, with their source rows."""
    view = current_view({k: bad_requests.text(v) for k, v in bad_requests.mapping(query).items()})
    lang, trigger = view.lang, ctx.triggered_id
    country: str | None = None
    year = None
    if isinstance(trigger, dict) and any(bad_requests.whole(n, low=0, high=10**9) for n in clicks or ()):
        figure = trigger.get("key")
        if figure not in KPI_KEYS:
            raise bad_requests.Malformed()
    elif trigger == ids.ADOPTION_MAP and map_click:
        figure, country = "adoptions", country_from_click(bad_requests.mapping(map_click))  # a shape or a point
        if country is None:
            raise bad_requests.Malformed()
    elif trigger == ids.CENTRES_MAP and centre_click:
        figure, country = "centres", bad_requests.text(_clicked(centre_click, "customdata"), limit=3)
    elif trigger == ids.ADOPTIONS_OVER_TIME and year_click:
        figure, year = "standards_adopted", bad_requests.whole(_clicked(year_click, "x"), low=1900, high=2100)
    else:
        return False, dash.no_update, dash.no_update
    if country is not None:
        country = bad_requests.text(country, limit=3)
        if country not in {c.iso3 for c in all_countries()}:
            raise bad_requests.Malformed()
    traced = trace.traced(view.history, figure, country, year=year, lang=lang)
    label = figures.BY_KEY[figure].label(lang)
    if country:
        label = f"{label} — {by_iso3(country).name(lang)}"
    if year:
        label = f"{label} — {year}"
    return True, trace_view.title(traced, label, lang), trace_view.body(traced, view.snapshot.files, lang)
