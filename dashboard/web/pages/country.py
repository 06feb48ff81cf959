"""One country or region: its names and M49 region, then every record placed there —
adoptions, training centres, partners, agreements (through the partner) and events."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.analysis.filters import Filters, apply
from dashboard.charts.geo import country_profile
from dashboard.model import countries
from dashboard.model.i18n import pick
from dashboard.model.records import BY_NAME
from dashboard.model.texts import t
from dashboard.web import ids, page_cache
from dashboard.web.components import empty_state, frame_table
from dashboard.web.context import current_view, tab_title
from dashboard.web.security import access


def _name(lang: str, iso3: str = "") -> str:
    """The country's name in the tab's title, or its code when it is not one we know."""
    code = str(iso3 or "").strip().upper()[:3]
    if not code or code == "NON":
        return t("page_regions", lang)
    try:
        return countries.by_iso3(code).name(lang)
    except KeyError:
        return code


dash.register_page(
    __name__, path="/country", path_template="/country/<iso3>", name="Country", title=tab_title(_name), order=8
)


@access.page("viewer")
@page_cache.cached("country")
def layout(iso3: str = "", **query: str) -> html.Div:
    view = current_view(query)
    lang = view.lang
    if view.snapshot.is_empty:
        return empty_state(lang)
    filters = view.filters
    back = dcc.Link(t("country.back", lang), href="/regions" + filters.to_query(), id=ids.COUNTRY_BACK)
    code = str(iso3 or "").strip().upper()
    if not code or code == "NONE":
        return html.Div([dbc.Alert(t("country.choose", lang), color="info", id=ids.COUNTRY_UNKNOWN), back])
    try:
        country = countries.by_iso3(code)
    except KeyError:
        return html.Div(
            [dbc.Alert(t("country.unknown", lang, code=code[:40]), color="warning", id=ids.COUNTRY_UNKNOWN), back]
        )
    # Dates narrow what is shown; the region and country filters do not hide the country asked for.
    records = apply(view.snapshot.records, Filters(start=filters.start, end=filters.end))
    profile = country_profile(records, country.iso3, lang)
    other = pick("zh", "en", lang)
    region = pick(country.region_en, country.region_zh, lang)
    subregion = pick(country.subregion_en, country.subregion_zh, lang)
    header = [
        back,
        html.H1(
            [country.name(lang), " ", html.Small(country.name(other), className="text-muted fs-5", lang=other)],
            className="h3 mt-2 mb-1",
            id=ids.COUNTRY_NAME,
        ),
        html.P(
            " · ".join(part for part in (region, subregion, country.iso3) if part),
            className="mb-1",
            id=ids.COUNTRY_REGION,
        ),
    ]
    if filters.start or filters.end:
        header.append(
            html.P(t("country.years", lang, start=filters.start or "…", end=filters.end or "…"), className="text-muted")
        )
    return html.Div(
        # "data-iso3" is no Python name: a keyword Dash takes, though its signatures cannot say so
        [*header, *(_section(name, frame, lang) for name, frame in profile.items())],
        **{"data-iso3": country.iso3},  # type: ignore[arg-type]
    )


def _section(name: str, frame: pd.DataFrame, lang: str) -> html.Section:
    """A heading with the count, then the records as a plain table, or a line saying there are none."""
    rt = BY_NAME[name]
    heading = f"{rt.plural(lang)} ({len(frame)})"
    if frame.empty:
        body = html.P(t(f"country.{name}", lang), className="text-muted mb-0")
    else:
        body = frame_table(frame, striped=True, hover=True, size="sm", className="mb-0", responsive=True)
    return html.Section(
        dbc.Card(dbc.CardBody([html.H2(heading, className="h5"), body])),
        className="mt-3",
        id=f"{ids.COUNTRY_SECTION}-{name}",
        # "aria-label" is no Python name: a keyword Dash takes, though its signatures cannot say so
        **{"aria-label": heading},  # type: ignore[arg-type]
    )
