"""Partners: partners by type and country, agreements about to expire (with their owners and the
last reminder sent), the signed-in person's own agreements, and dormant partnerships."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash
import dash_bootstrap_components as dbc
import flask
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard.analysis import partnerships, tables
from dashboard.analysis.filters import Filters
from dashboard.charts import catalogue
from dashboard.model import countries
from dashboard.model.records import AGREEMENT, PARTNER
from dashboard.model.texts import t
from dashboard.store import accounts, reminders
from dashboard.web import ids, page_cache
from dashboard.web.components import catalogue_graph, empty_state
from dashboard.web.context import current_store, current_view, tab_title
from dashboard.web.security import access, bad_requests

dash.register_page(__name__, path="/partners", name="Partners", title=tab_title("page_partners"), order=3)


def _personal() -> str:
    """What the page shows besides the data: the signed-in person's email (*my agreements*) and the
    reminders sent (they change without a commit)."""
    account = _signed_in()
    return repr((flask.g.get("user"), account.email if account else None, sorted(_last_sent().items())))


def _last_sent() -> dict:
    """:func:`reminders.last_sent`, asked of the database once a request (the page's key asks, then the page)."""
    if not flask.has_request_context():
        return reminders.last_sent(current_store())
    if "last_sent" not in flask.g:
        flask.g.last_sent = reminders.last_sent(current_store())
    return flask.g.last_sent


def _signed_in() -> accounts.Account | None:
    """The account of the person signed in, if anyone is: no one else has agreements of their own
    (nor is the database asked on their behalf)."""
    if not (flask.has_request_context() and flask.g.get("session")):
        return None
    return accounts.find(current_store(), flask.g.get("user") or "")


@access.page("viewer")
@page_cache.cached("partners", also=_personal)
def layout(**query: str) -> html.Div:
    view = current_view(query)
    lang = view.lang
    if view.snapshot.is_empty:
        return empty_state(lang)
    today = view.today
    months = partnerships.dormant_months(view.filters)
    records = view.history  # counts as they stand at the end of the chosen years
    everything = view.snapshot.records  # activity counts wherever and whenever it happened
    last = _last_sent()
    return html.Div(
        [
            html.H1(t("partners.heading", lang), className="h3 mb-2"),
            html.P(catalogue.window_note(view, "partners"), className="small text-muted mb-3", id=ids.WINDOW_NOTE),
            _controls(view.filters, months, lang),
            dbc.Row(
                [
                    dbc.Col(
                        catalogue_graph(ids.PARTNERS_BY_TYPE, view, "partners-by-type"),
                        lg=5,
                    ),
                    dbc.Col(
                        catalogue_graph(ids.PARTNERS_BY_COUNTRY, view, "partners-by-country"),
                        lg=7,
                    ),
                ],
                className="g-3 mb-3",
            ),
            _expiring_card(partnerships.expiring(records["agreement"], today), last, lang),
            _mine_card(everything, today, last, lang),
            _dormant_card(
                partnerships.dormant(everything, today, months, agreements=records["agreement"]), months, lang
            ),
        ]
    )


def _controls(filters: Filters, months: int, lang: str) -> dbc.Row:
    options = [{"label": c.label(lang), "value": c.value} for c in PARTNER.field("type").choices]
    return dbc.Row(
        [
            dbc.Col(
                [
                    html.Label(
                        t("partners.partner_type", lang), htmlFor=ids.PARTNER_TYPE, className="small fw-semibold"
                    ),
                    dcc.Dropdown(
                        options,
                        list(filters.partner_types),
                        multi=True,
                        id=ids.PARTNER_TYPE,
                        **tables.dropdown_words(lang),
                        placeholder=t("partners.all_types", lang),
                    ),
                ],
                md=6,
                lg=4,
            ),
            dbc.Col(
                [
                    html.Label(
                        t("partners.dormant_after", lang), htmlFor=ids.DORMANT_MONTHS, className="small fw-semibold"
                    ),
                    dbc.Input(
                        id=ids.DORMANT_MONTHS,
                        type="number",
                        value=months,
                        debounce=True,
                        step=1,
                        min=partnerships.DORMANT_MONTHS_RANGE[0],
                        max=partnerships.DORMANT_MONTHS_RANGE[1],
                    ),
                ],
                md=3,
                lg=2,
            ),
        ],
        className="g-3 mb-3 align-items-end",
    )


def _date(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _table(
    header: Sequence[str], rows: Sequence[Sequence[object]], table_id: str, row_classes: Sequence[str] = ()
) -> dbc.Table:
    """A plain table: every cell is text."""
    classes = list(row_classes) or [""] * len(rows)
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody(
                [
                    html.Tr([html.Td(str(cell)) for cell in row], className=cls or None)
                    for row, cls in zip(rows, classes, strict=True)
                ]
            ),
        ],
        id=table_id,
        bordered=False,
        hover=True,
        responsive=True,
        size="sm",
        className="mb-0",
    )


def _last_reminder(row: object, last: Mapping[tuple, tuple], lang: str) -> str:
    """When the latest reminder of the agreement in ``row`` went, and at which threshold."""
    key = (row.partner, row.kind, pd.Timestamp(row.signed_on).date())  # type: ignore[attr-defined]
    found = last.get(key)
    return t("partners.reminder", lang, date=f"{found[0]:%Y-%m-%d}", days=found[1]) if found else ""


def _expiring_card(table: pd.DataFrame, last: Mapping[tuple, tuple], lang: str) -> dbc.Card:
    days = partnerships.EXPIRY_WINDOW_DAYS
    kind = AGREEMENT.field("kind")
    if table.empty:
        body: html.Div | dbc.Table = html.P(
            t("partners.none_expiring", lang, days=days), className="text-muted mb-0", id=ids.EXPIRING_NONE
        )
    else:
        rows = [
            [
                r.partner,
                kind.choice(r.kind).label(lang),
                _date(r.signed_on),
                _date(r.expires_on),
                r.days_left,
                r.owner if isinstance(getattr(r, "owner", None), str) else "",
                _last_reminder(r, last, lang),
            ]
            for r in table.itertuples()
        ]
        keys = ("partner", "kind", "signed", "expires", "days_left", "owner", "last_reminder")
        body = _table(
            [t(f"partners.{k}", lang) for k in keys],
            rows,
            ids.EXPIRING_TABLE,
            ["table-danger" if r.days_left <= 30 else "table-warning" for r in table.itertuples()],
        )
    return dbc.Card(
        dbc.CardBody([html.H2(t("partners.expiring", lang, days=days), className="h5"), body]),
        className="mb-3",
        id=ids.EXPIRING,
    )


def _mine_card(records: Mapping[str, pd.DataFrame], today, last: Mapping[tuple, tuple], lang: str) -> html.Div:
    """The signed-in person's active agreements, when their account has an email (else nothing)."""
    account = _signed_in()
    if account is None or not account.email:
        return html.Div(id=ids.MY_AGREEMENTS)
    table = partnerships.owned_by(records, account.email, today)
    kind = AGREEMENT.field("kind")
    if table.empty:
        body: html.P | dbc.Table = html.P(
            t("partners.none_mine", lang, email=account.email), className="text-muted mb-0"
        )
    else:
        rows = [
            [
                r.partner,
                kind.choice(r.kind).label(lang),
                _date(r.signed_on),
                _date(r.expires_on) or t("partners.no_end", lang),
                "" if pd.isna(r.days_left) else r.days_left,
                _last_reminder(r, last, lang),
            ]
            for r in table.itertuples()
        ]
        keys = ("partner", "kind", "signed", "expires", "days_left", "last_reminder")
        body = _table([t(f"partners.{k}", lang) for k in keys], rows, ids.MY_AGREEMENTS_TABLE)
    return html.Div(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H2(t("partners.mine", lang), className="h5"),
                    html.P(t("partners.mine_text", lang, email=account.email), className="small text-muted"),
                    body,
                ]
            ),
            className="mb-3",
        ),
        id=ids.MY_AGREEMENTS,
    )


def _dormant_card(table: pd.DataFrame, months: int, lang: str) -> dbc.Card:
    types = PARTNER.field("type")
    if table.empty:
        body: html.P | dbc.Table = html.P(
            t("partners.none_dormant", lang, months=months), className="text-muted mb-0", id=ids.DORMANT_NONE
        )
    else:
        rows = [
            [
                r.partner,
                countries.by_iso3(r.country).name(lang) if r.country else "",
                types.choice(r.type).label(lang) if r.type else "",
                r.agreements,
                _date(r.last_activity) or t("partners.never", lang),
                t(f"partners.{r.activity}", lang) if isinstance(r.activity, str) else "",
            ]
            for r in table.itertuples()
        ]
        header = [
            t(f"partners.{k}", lang) for k in ("partner", "country", "type", "agreements", "last_activity", "activity")
        ]
        body = _table(header, rows, "dormant-table")
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(t("partners.dormant", lang), className="h5"),
                html.P(t("partners.dormant_text", lang, months=months), className="small text-muted"),
                body,
            ]
        ),
        id=ids.DORMANT,
    )


@access.callback(
    "viewer",
    Output(ids.PAGE_LOCATION, "search", allow_duplicate=True),
    Input(ids.PARTNER_TYPE, "value"),
    Input(ids.DORMANT_MONTHS, "value"),
    State(ids.PAGE_LOCATION, "search"),
    prevent_initial_call=True,
)
def write_settings(types: list[str] | None, months: float | None, search: str | None):
    """Put the partner types and the dormant threshold into the URL (which re-renders the page)."""
    search, months = bad_requests.text(search), bad_requests.number(months)
    current = partnerships.with_dormant_months(Filters.from_query(search), months)
    wanted = current.to_query(partner_types=tuple(sorted(bad_requests.texts(types))))
    return dash.no_update if wanted == (search or "") else wanted
