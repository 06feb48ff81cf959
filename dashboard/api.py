"""The figures in a notebook: the same records, metrics and charts as the dashboard.

    >>> from dashboard import api
    >>> store = api.open_store()                          # or api.open_store("sqlite:///other.sqlite")
    >>> api.headline(store)["adoption_countries"]
    >>> adoptions = api.records(store, regions=["142"])["adoption"]
    >>> api.chart(store, "adoption-map", lang="zh").show()

Every function takes the dashboard's filters: ``start`` and ``end`` years, M49 ``regions``,
ISO3 ``countries``, ``lang`` ("en" or "zh") and ``as_of`` (a past day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis import indicators, metrics, published
from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import snapshot
from dashboard.analysis.view import View
from dashboard.charts.catalogue import CHARTS, chart_figure, data_date
from dashboard.model import clock
from dashboard.store.store import Store

__all__ = [
    "chart",
    "chart_names",
    "headline",
    "indicator_definitions",
    "open_store",
    "over_time",
    "published_figures",
    "records",
    "view",
]


def open_store(url: str | None = None) -> Store:
    """The database: ``url`` (any SQLAlchemy URL), else ``COOPDASH_DATABASE_URL``, else the
    embedded SQLite file ``instance/coopdash.sqlite``."""
    return Store(url)


def view(
    store: Store,
    *,
    start: int | None = None,
    end: int | None = None,
    regions: Iterable[str] = (),
    countries: Iterable[str] = (),
    lang: str = "en",
    on: dt.date | None = None,
    as_of: dt.date | None = None,
) -> View:
    """The records seen through the dashboard's filters: ``on`` a day (what had happened by
    then), ``as_of`` a day (as the database held the records then)."""
    filters = Filters(
        start=start, end=end, regions=tuple(regions), countries=tuple(countries), lang=lang, on=on, as_of=as_of
    )
    return View(filters, snapshot(store, as_of=clock.end_of_day_utc(as_of) if as_of else None))


def records(store: Store, **filters) -> dict[str, pd.DataFrame]:
    """One DataFrame per record type (dates as datetime64, countries as ISO3 with their
    ``region_code`` and ``subregion_code``), narrowed by the filters."""
    return dict(view(store, **filters).records)


def headline(store: Store, **filters) -> dict[str, int]:
    """The headline figures, as ``coopdash metrics`` prints them, at the end of the range."""
    chosen = view(store, **filters)
    return metrics.headline(chosen.history, today=chosen.today)


def over_time(
    store: Store, figure: str, *, freq: str = "year", cumulative: bool = False, split: str | None = None, **filters
) -> pd.DataFrame:
    """A tracked figure (see ``dashboard.model.figures.TRACKED``) or an indicator code per year, quarter
    or month, an indicator combined by its own rules; ``split`` by ``"region_code"`` or
    ``"subregion_code"``."""
    chosen = view(store, **filters)
    series = metrics.find(chosen.history, figure, default=None)
    if series is None:
        raise KeyError(f"no figure or indicator called {figure!r}")
    return metrics.over_time(
        chosen.history,
        series,
        freq=freq,
        cumulative=cumulative,
        split=split,
        start=chosen.filters.start,
        end=chosen.filters.end,
    )


def chart_names() -> list[str]:
    """The charts :func:`chart` draws (the same as ``coopdash export --list``)."""
    return list(CHARTS)


def chart(store: Store, name: str, **filters) -> go.Figure:
    """A dashboard chart, framed as exports are: title, filters and data date, source."""
    return chart_figure(view(store, **filters), name, data_date(store))


def indicator_definitions(store: Store, **filters) -> pd.DataFrame:
    """The indicators kept as totals: code, names, unit and how their values combine."""
    defined = indicators.defined(view(store, **filters).history)
    columns = ["code", "name_en", "name_zh", "unit", "over_time", "over_places", "higher_is_better"]
    rows = [(i.key, i.en, i.zh, i.unit, i.over_time, i.over_places, i.higher_is_better) for i in defined]
    return pd.DataFrame(rows, columns=columns)


def published_figures(store: Store, lang: str = "en", as_of: dt.date | None = None) -> pd.DataFrame:
    """Each published figure beside what the records give for its date, and whether they agree."""
    snap = snapshot(store, as_of=clock.end_of_day_utc(as_of) if as_of else None)
    rows = [check.as_dict(lang) for check in published.checks(snap.records)]
    columns = ["statement", "figure", "label", "date", "published", "recorded", "agrees", "source"]
    return pd.DataFrame(rows, columns=columns)
