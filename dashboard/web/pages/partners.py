"""Partners: partners by type and country, agreements about to expire, dormant partnerships."""

from __future__ import annotations

from collections.abc import Sequence

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard.analysis import partnerships, tables
from dashboard.analysis.filters import Filters
from dashboard.charts import catalogue
from dashboard.model import countries
from dashboard.model.i18n import translate
from dashboard.model.records import AGREEMENT, PARTNER
from dashboard.web.components import chart_download, empty_state, graph
from dashboard.web.context import current_view
from dashboard.web.security import access, bad_requests
from dashboard.web.shell import PAGE_LOCATION

dash.register_page(__name__, path="/partners", name="Partners", title="coopdash — partners", order=3)

TYPE_FILTER = "partners-type"
DORMANT_MONTHS = "partners-dormant-months"

TEXT: dict[str, tuple[str, str]] = {
    "heading": ("Partners", "合作伙伴"),
    "partner_type": ("Partner type", "机构类型"),
    "all_types": ("All types", "全部类型"),
    "dormant_after": ("Dormant after (months)", "多久无活动视为休眠（月）"),
    "expiring": ("Agreements expiring in the next {days} days", "未来 {days} 天内到期的协议"),
    "none_expiring": ("No active agreement expires in the next {days} days.", "未来 {days} 天内没有到期的有效协议。"),
    "partner": ("Partner", "合作机构"),
    "kind": ("Kind", "协议类型"),
    "signed": ("Signed", "签署日期"),
    "expires": ("Expires", "到期日期"),
    "days_left": ("Days left", "剩余天数"),
    "dormant": ("Dormant partnerships", "休眠的合作关系"),
    "dormant_text": (
        "Partners with an active agreement but no adoption, training centre or event in the last {months} months.",
        "有有效协议，但近 {months} 个月内没有标准采用、培训中心或活动的合作机构。",
    ),
    "none_dormant": (
        "Every partner with an active agreement has been active in the last {months} months.",
        "所有有有效协议的合作机构在近 {months} 个月内都有活动。",
    ),
    "country": ("Country or region", "国家或地区"),
    "type": ("Type", "机构类型"),
    "agreements": ("Active agreements", "有效协议"),
    "last_activity": ("Last activity", "最近活动"),
    "activity": ("What", "活动内容"),
    "never": ("none recorded", "无记录"),
    "adoption": ("Standard adopted", "采用标准"),
    "training_centre": ("Training centre", "培训中心"),
    "event": ("Event", "活动"),
}


def _t(key: str, lang: str, **params: object) -> str:
    return translate(TEXT, key, lang, **params)


@access.page("viewer")
def layout(**query: str) -> html.Div:
    view = current_view(query)
    lang = view.lang
    if view.snapshot.is_empty:
        return empty_state(lang)
    today = view.today
    months = partnerships.dormant_months(view.filters)
    records = view.history  # counts as they stand at the end of the chosen years
    everything = view.snapshot.records  # activity counts wherever and whenever it happened
    return html.Div(
        [
            html.H1(_t("heading", lang), className="h3 mb-3"),
            _controls(view.filters, months, lang),
            dbc.Row(
                [
                    dbc.Col(
                        graph(
                            "partners-by-type",
                            catalogue.chart(view, "partners-by-type"),
                            download=chart_download("partners-by-type", view.filters.to_query()),
                        ),
                        lg=5,
                    ),
                    dbc.Col(
                        graph(
                            "partners-by-country",
                            catalogue.chart(view, "partners-by-country"),
                            download=chart_download("partners-by-country", view.filters.to_query()),
                        ),
                        lg=7,
                    ),
                ],
                className="g-3 mb-3",
            ),
            _expiring_card(partnerships.expiring(records["agreement"], today), lang),
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
                    html.Label(_t("partner_type", lang), htmlFor=TYPE_FILTER, className="small fw-semibold"),
                    dcc.Dropdown(
                        options,
                        list(filters.partner_types),
                        multi=True,
                        id=TYPE_FILTER,
                        **tables.dropdown_words(lang),
                        placeholder=_t("all_types", lang),
                    ),
                ],
                md=6,
                lg=4,
            ),
            dbc.Col(
                [
                    html.Label(_t("dormant_after", lang), htmlFor=DORMANT_MONTHS, className="small fw-semibold"),
                    dbc.Input(
                        id=DORMANT_MONTHS,
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


def _expiring_card(table: pd.DataFrame, lang: str) -> dbc.Card:
    days = partnerships.EXPIRY_WINDOW_DAYS
    kind = AGREEMENT.field("kind")
    if table.empty:
        body: html.Div | dbc.Table = html.P(
            _t("none_expiring", lang, days=days), className="text-muted mb-0", id="expiring-none"
        )
    else:
        rows = [
            [r.partner, kind.choice(r.kind).label(lang), _date(r.signed_on), _date(r.expires_on), r.days_left]
            for r in table.itertuples()
        ]
        body = _table(
            [_t(k, lang) for k in ("partner", "kind", "signed", "expires", "days_left")],
            rows,
            "expiring-table",
            ["table-danger" if r.days_left <= 30 else "table-warning" for r in table.itertuples()],
        )
    return dbc.Card(
        dbc.CardBody([html.H2(_t("expiring", lang, days=days), className="h5"), body]), className="mb-3", id="expiring"
    )


def _dormant_card(table: pd.DataFrame, months: int, lang: str) -> dbc.Card:
    types = PARTNER.field("type")
    if table.empty:
        body: html.P | dbc.Table = html.P(
            _t("none_dormant", lang, months=months), className="text-muted mb-0", id="dormant-none"
        )
    else:
        rows = [
            [
                r.partner,
                countries.by_iso3(r.country).name(lang) if r.country else "",
                types.choice(r.type).label(lang) if r.type else "",
                r.agreements,
                _date(r.last_activity) or _t("never", lang),
                _t(r.activity, lang) if isinstance(r.activity, str) else "",
            ]
            for r in table.itertuples()
        ]
        header = [_t(k, lang) for k in ("partner", "country", "type", "agreements", "last_activity", "activity")]
        body = _table(header, rows, "dormant-table")
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(_t("dormant", lang), className="h5"),
                html.P(_t("dormant_text", lang, months=months), className="small text-muted"),
                body,
            ]
        ),
        id="dormant",
    )


@access.callback(
    "viewer",
    Output(PAGE_LOCATION, "search", allow_duplicate=True),
    Input(TYPE_FILTER, "value"),
    Input(DORMANT_MONTHS, "value"),
    State(PAGE_LOCATION, "search"),
    prevent_initial_call=True,
)
def write_settings(types: list[str] | None, months: int | None, search: str | None):
    """Put the partner types and the dormant threshold into the URL (which re-renders the page)."""
    search, months = bad_requests.text(search), bad_requests.number(months)
    current = partnerships.with_dormant_months(Filters.from_query(search), months)
    wanted = current.to_query(partner_types=tuple(sorted(bad_requests.texts(types))))
    return dash.no_update if wanted == (search or "") else wanted
