"""The chrome around every page: navigation, the shared filters and the language switch.

The URL's query string is the single source of truth for the filters (see
:mod:`dashboard.analysis.filters`). Changing a control writes the query; the page re-renders from it;
navigating (or the back button) sets the controls from it.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard.analysis.filters import Filters
from dashboard.model import countries
from dashboard.model.texts import t
from dashboard.store import accounts
from dashboard.web import ids
from dashboard.web.security import access, bad_requests

FIRST_YEAR, LAST_YEAR = 2010, 2030
HIDDEN_FROM_NAV = {"/country", "/public", "/duplicates"}  # /duplicates: linked for editors only


EMBEDDED = ("/public",)  # pages shown without navigation or filters (for an iframe)


def layout() -> html.Div:
    return html.Div(
        [
            html.A(t("skip", "en"), href="#_pages_content", className="visually-hidden-focusable", id=ids.SKIP_LINK),
            html.Div(_navbar(), id=ids.NAV_WRAPPER),
            dbc.Container([_filters(), dash.page_container], fluid=True, className="pb-4"),
        ]
    )


@access.callback(
    "public", Output(ids.NAV_WRAPPER, "hidden"), Output(ids.FILTER_AREA, "hidden"), Input(ids.PAGE_LOCATION, "pathname")
)
def hide_chrome_when_embedded(pathname: str | None):
    embedded = (bad_requests.text(pathname) or "/") in EMBEDDED
    return embedded, embedded


def _navbar() -> dbc.Navbar:
    """The brand, the language and, on a narrow screen, a menu button that shows the links (on a
    wide one the links are always there)."""
    pages = [
        p for p in dash.page_registry.values() if not any(p["path"].startswith(hidden) for hidden in HIDDEN_FROM_NAV)
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand("coopdash", href="/", className="fw-bold", id=ids.NAV_BRAND),
                dbc.RadioItems(
                    id=ids.LANG_SWITCH,
                    options=[{"label": "EN", "value": "en"}, {"label": "中文", "value": "zh"}],
                    value="en",
                    inline=True,
                    className="text-white ms-auto order-lg-last",
                    input_class_name="me-1",
                    label_class_name="text-white",
                ),
                dbc.NavbarToggler(id=ids.NAV_TOGGLER, n_clicks=0, className="ms-2"),
                dbc.Collapse(
                    [
                        dbc.Nav(
                            [
                                dbc.NavItem(
                                    dbc.NavLink(
                                        page["name"],
                                        href=page["path"],
                                        active="exact",
                                        id={"type": ids.NAV_LINK, "path": page["path"]},
                                    )
                                )
                                for page in pages
                            ],
                            navbar=True,
                            className="me-auto",
                        ),
                        _role_link("Duplicates", ids.NAV_DUPLICATES, "/duplicates"),
                        _role_link("Admin", ids.NAV_ADMIN, "/admin"),
                        html.A("", id=ids.NAV_ACCOUNT, href="/login", className="nav-link text-white-50 me-3 small"),
                    ],
                    id=ids.NAV_COLLAPSE,
                    is_open=False,
                    navbar=True,
                ),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        expand="lg",
        className="mb-3",
    )


@access.callback(
    "public",
    Output(ids.NAV_COLLAPSE, "is_open"),
    Input(ids.NAV_TOGGLER, "n_clicks"),
    Input(ids.PAGE_LOCATION, "pathname"),
    State(ids.NAV_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
def toggle_menu(_clicks: int | None, _pathname: str | None, is_open: bool | None):
    """The menu button opens and closes the links; going to another page closes them."""
    return dash.ctx.triggered_id == ids.NAV_TOGGLER and not is_open


def _filters() -> html.Div:
    """The filter bar; on a narrow screen a "Filters" button opens it as a panel from the side
    (Bootstrap's responsive off-canvas: the controls are the same ones, always in the page)."""
    return html.Div(
        [
            dbc.Button(
                t("filters", "en"),
                id=ids.FILTER_OPEN,
                n_clicks=0,
                color="outline-secondary",
                size="sm",
                className="d-lg-none mb-2",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.H2(t("filters", "en"), id=ids.FILTER_TITLE, className="h5 offcanvas-title"),
                            html.Button(id=ids.FILTER_CLOSE, n_clicks=0, className="btn-close", title=t("close", "en")),
                        ],
                        className="offcanvas-header",
                    ),
                    html.Div(_filter_bar(), className="offcanvas-body"),
                ],
                id=ids.FILTER_PANEL,
                className=PANEL_CLASS,
                tabIndex="-1",
            ),
            html.Div(
                id=ids.FILTER_BACKDROP, n_clicks=0, hidden=True, className="offcanvas-backdrop fade show d-lg-none"
            ),
        ],
        id=ids.FILTER_AREA,
    )


PANEL_CLASS = "offcanvas-lg offcanvas-start filter-panel"


@access.callback(
    "public",
    Output(ids.FILTER_PANEL, "className"),
    Output(ids.FILTER_BACKDROP, "hidden"),
    Input(ids.FILTER_OPEN, "n_clicks"),
    Input(ids.FILTER_CLOSE, "n_clicks"),
    Input(ids.FILTER_BACKDROP, "n_clicks"),
    prevent_initial_call=True,
)
def toggle_filters(_open: int | None, _close: int | None, _backdrop: int | None):
    """The "Filters" button opens the panel; its close button or a tap beside it closes it."""
    opened = dash.ctx.triggered_id == ids.FILTER_OPEN
    return PANEL_CLASS + (" show" if opened else ""), not opened


def _role_link(label: str, component_id: str, href: str) -> html.A:
    """A link in the menu bar shown only to the roles that may use it (hidden until the account callback says)."""
    return html.A(label, id=component_id, href=href, hidden=True, className="nav-link text-white-50 me-2 small")


def _on_slider(year: int) -> int:
    """``year`` within the slider's reach: a URL may name any year (``?from=2031``), the slider not."""
    return min(max(year, FIRST_YEAR), LAST_YEAR)


def _filter_bar() -> dbc.Card:
    region_options = [{"label": name, "value": code} for code, name in countries.regions("en").items()]
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label(
                                t("years", "en"), id=ids.YEARS_LABEL, htmlFor=ids.YEARS, className="small fw-semibold"
                            ),
                            dcc.RangeSlider(
                                FIRST_YEAR,
                                LAST_YEAR,
                                1,
                                value=[FIRST_YEAR, LAST_YEAR],
                                id=ids.YEARS,
                                marks={y: str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1, 5)},
                                tooltip={"placement": "bottom"},
                                allowCross=False,
                            ),
                        ],
                        lg=3,
                    ),
                    dbc.Col(
                        [
                            html.Label(
                                t("regions", "en"),
                                id=ids.REGIONS_LABEL,
                                htmlFor=ids.REGIONS,
                                className="small fw-semibold",
                            ),
                            dcc.Dropdown(region_options, [], multi=True, id=ids.REGIONS, placeholder=""),
                        ],
                        lg=2,
                    ),
                    dbc.Col(
                        [
                            html.Label(
                                t("countries", "en"),
                                id=ids.COUNTRIES_LABEL,
                                htmlFor=ids.COUNTRIES,
                                className="small fw-semibold",
                            ),
                            dcc.Dropdown([], [], multi=True, id=ids.COUNTRIES, placeholder=""),
                        ],
                        lg=2,
                    ),
                    *(_date_filter(name, ids_) for name, ids_ in (("on", DATE_IDS[0]), ("as_of", DATE_IDS[1]))),
                    dbc.Col(
                        dbc.Button(t("reset", "en"), id=ids.RESET, color="link", size="sm", className="mt-4"), lg=1
                    ),
                ],
                className="g-2 align-items-end",
            )
        ),
        className="mb-3 filter-bar w-100",
        id=ids.FILTER_BAR,
    )


DATE_IDS = ((ids.ON, ids.ON_LABEL), (ids.AS_OF, ids.AS_OF_LABEL))


def _date_filter(text: str, control: tuple[str, str]) -> dbc.Col:
    """A labelled date: "Figures on" (what had happened by then) or "As recorded on" (what the
    database held then, for restating an old report)."""
    control_id, label_id = control
    return dbc.Col(
        [
            html.Label(t(text, "en"), id=label_id, htmlFor=control_id, className="small fw-semibold"),
            dcc.Input(id=control_id, type="date", debounce=True, className="form-control"),  # type: ignore[arg-type]  # the browser's date picker works; Dash's list of types leaves it out
        ],
        lg=2,
        md=3,
    )


@access.callback(
    "public",
    Output(ids.YEARS, "value"),
    Output(ids.REGIONS, "value"),
    Output(ids.REGIONS, "options"),
    Output(ids.COUNTRIES, "value"),
    Output(ids.COUNTRIES, "options"),
    Output(ids.LANG_SWITCH, "value"),
    Output(ids.YEARS_LABEL, "children"),
    Output(ids.REGIONS_LABEL, "children"),
    Output(ids.COUNTRIES_LABEL, "children"),
    Output(ids.RESET, "children"),
    Output(ids.ON, "value"),
    Output(ids.ON_LABEL, "children"),
    Output(ids.AS_OF, "value"),
    Output(ids.AS_OF_LABEL, "children"),
    Output({"type": ids.NAV_LINK, "path": dash.ALL}, "href"),
    Output({"type": ids.NAV_LINK, "path": dash.ALL}, "children"),
    Output(ids.FILTER_OPEN, "children"),
    Output(ids.FILTER_TITLE, "children"),
    Output(ids.FILTER_CLOSE, "title"),
    Output(ids.SKIP_LINK, "children"),
    Input(ids.PAGE_LOCATION, "search"),
    State({"type": ids.NAV_LINK, "path": dash.ALL}, "id"),
)
def show_filters(search: str | None, links: list[dict]):
    """Set the controls, labels and links from the URL."""
    filters = Filters.from_query(bad_requests.text(search))
    if not isinstance(links, list) or not all(isinstance(link, dict) for link in links):
        raise bad_requests.Malformed()
    paths = [bad_requests.text(link.get("path"), limit=100) or "/" for link in links]
    lang = filters.lang
    keep = filters.to_query()  # links carry the filters to the next page
    region_options = [{"label": name, "value": code} for code, name in countries.regions(lang).items()]
    country_options = sorted(
        ({"label": c.name(lang), "value": c.iso3} for c in countries.all_countries()),
        key=lambda option: option["label"],
    )
    return (
        [_on_slider(filters.start or FIRST_YEAR), _on_slider(filters.end or LAST_YEAR)],  # the URL's, within reach
        list(filters.regions),
        region_options,
        list(filters.countries),
        country_options,
        lang,
        t("years", lang),
        t("regions", lang),
        t("countries", lang),
        t("reset", lang),
        filters.on.isoformat() if filters.on else "",
        t("on", lang),
        filters.as_of.isoformat() if filters.as_of else "",
        t("as_of", lang),
        [path + keep for path in paths],
        [t(f"page_{path.strip('/') or 'overview'}", lang) for path in paths],
        t("filters_active", lang, count=chosen) if (chosen := _chosen(filters)) else t("filters", lang),
        t("filters", lang),
        t("close", lang),
        t("skip", lang),
    )


def _chosen(filters: Filters) -> int:
    """How many filters narrow the view (the years, regions, countries, a day, a day recorded)."""
    return sum(
        (
            bool(filters.start or filters.end),
            bool(filters.regions),
            bool(filters.countries),
            bool(filters.on),
            bool(filters.as_of),
        )
    )


@access.callback(
    "public",
    Output(ids.PAGE_LOCATION, "search", allow_duplicate=True),
    Input(ids.YEARS, "value"),
    Input(ids.REGIONS, "value"),
    Input(ids.COUNTRIES, "value"),
    Input(ids.LANG_SWITCH, "value"),
    Input(ids.ON, "value"),
    Input(ids.AS_OF, "value"),
    Input(ids.RESET, "n_clicks"),
    State(ids.PAGE_LOCATION, "search"),
    prevent_initial_call=True,
)
def write_filters(
    years: list[int | None] | None,
    regions: list[str],
    chosen: list[str],
    lang: str | None,
    on: str | None,
    as_of: str | None,
    _reset: int | None,
    search: str | None,
):
    """Put the controls' values into the URL (which re-renders the page)."""
    current = Filters.from_query(bad_requests.text(search))
    years = [bad_requests.whole(year, low=FIRST_YEAR, high=LAST_YEAR) for year in years or ()]
    regions, chosen = bad_requests.texts(regions), bad_requests.texts(chosen)
    lang, on, as_of = (
        bad_requests.text(lang, limit=10),
        bad_requests.text(on, limit=40),
        bad_requests.text(as_of, limit=40),
    )
    if years and (len(years) != 2 or None in years):
        raise bad_requests.Malformed()
    if dash.ctx.triggered_id == ids.RESET:
        wanted = Filters(lang=current.lang, extra=current.extra).to_query()
    else:
        start, end = years or [FIRST_YEAR, LAST_YEAR]
        wanted = current.to_query(
            start=start if start != FIRST_YEAR else None,
            end=end if end != LAST_YEAR else None,
            regions=tuple(sorted(regions or ())),
            countries=tuple(sorted(chosen or ())),
            lang=lang or "en",
            on=Filters.from_query({"on": on}).on if on else None,
            as_of=Filters.from_query({"as_of": as_of}).as_of if as_of else None,
        )
    return dash.no_update if wanted == current.to_query() else wanted  # same view: no second draw


@access.callback(
    "public",
    Output(ids.NAV_ACCOUNT, "children"),
    Output(ids.NAV_ACCOUNT, "href"),
    Output(ids.NAV_ADMIN, "hidden"),
    Output(ids.NAV_DUPLICATES, "hidden"),
    Output(ids.NAV_DUPLICATES, "children"),
    Input(ids.PAGE_LOCATION, "pathname"),
    Input(ids.PAGE_LOCATION, "search"),
)
def show_account(_pathname: str | None, search: str | None):
    """Who is signed in, with the way out (and to administration, for admins); or the way in."""
    import flask

    lang = Filters.from_query(bad_requests.text(search)).lang
    user = flask.g.get("user")
    not_editor = accounts.rank(flask.g.get("role")) < accounts.rank("editor")
    duplicates = t("page_duplicates", lang)
    if user in (None, "anonymous", "local"):
        return t("sign_in", lang), "/login", True, not_editor, duplicates
    return f"{user} · {t('sign_out', lang)}", "/logout", flask.g.get("role") != "admin", not_editor, duplicates
