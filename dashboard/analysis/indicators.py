"""Indicators: figures kept as totals per period, combined by the rules their definitions give.

An office reports some figures as totals — students enrolled in 2023/24, teachers trained in
2023-Q2, trainees at one centre — rather than row by row. Each indicator's definition (a
record, kept in the workbook) says how its values combine:

* **over countries** (and partners): ``sum``, ``average`` or ``maximum``. A total for a whole
  country wins over the partners' figures within it for the same period, and a total for the
  whole university wins over the countries', so nothing is counted twice.
* **over time**, within a chart's year, quarter or month: ``sum`` for a flow (people trained),
  ``latest`` for a stock (students enrolled: never summed across periods), ``average`` or
  ``maximum``.

Places combine first, period by period, then periods combine within each bucket of time.
Everything here is a pure function of the records, like :mod:`dashboard.analysis.metrics`, which
hands an :class:`Indicator` here wherever a chart names one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from dashboard.analysis.memo import derived, per_frame, remembered
from dashboard.model import clock, display
from dashboard.model.countries import all_countries
from dashboard.model.i18n import pick
from dashboard.model.periods import PER_YEAR, chart_range, period_number, period_starts
from dashboard.model.periods import end as period_end
from dashboard.model.periods import freq as period_freq

Records = Mapping[str, pd.DataFrame]
START = "period_start"  # the date a period begins, added by the store
AGGREGATE = {"sum": "sum", "average": "mean", "maximum": "max"}


@dataclass(frozen=True, slots=True)
class Indicator:
    """An indicator's definition, as the records give it."""

    key: str  # its code
    en: str
    zh: str
    unit: str
    over_time: str = "sum"
    over_places: str = "sum"
    higher_is_better: bool = True
    record_type: str = "indicator_value"
    distinct: None = None  # a count series has a column here; an indicator never does
    unit_zh: str = ""  # the unit as a Chinese reader sees it, where the definition gives one

    def label(self, lang: str) -> str:
        return pick(self.en, self.zh or self.en, lang)

    def unit_in(self, lang: str) -> str:
        """The unit in ``lang``: the Chinese unit where the definition gives one, else the unit."""
        return pick(self.unit, self.unit_zh or self.unit, lang)

    @property
    def is_stock(self) -> bool:
        """A level (students enrolled) rather than a flow (people trained): never summed over time."""
        return self.over_time != "sum"


def defined(records: Records) -> list[Indicator]:
    """Every indicator the records define, in code order."""
    frame = records.get("indicator")
    if frame is None or frame.empty:
        return []
    return list(derived(frame, "defined", lambda: _defined(frame)))


def _defined(frame: pd.DataFrame) -> tuple[Indicator, ...]:
    return tuple(
        Indicator(
            key=str(row.code),
            en=str(row.name_en),
            zh=str(row.name_zh) if isinstance(row.name_zh, str) else "",
            unit=str(row.unit),
            unit_zh=display.given(row, "unit_zh"),
            over_time=str(row.over_time),
            over_places=str(row.over_places),
            higher_is_better=row.higher_is_better != "no",
        )
        for row in frame.sort_values("code").itertuples()
    )


def find(records: Records, key: str) -> Indicator | None:
    return next((i for i in defined(records) if i.key == key), None)


def _values(records: Records, indicator: Indicator) -> pd.DataFrame:
    frame = records.get("indicator_value")
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["indicator", "period", "country", "partner", "value", START])
    return frame[(frame["indicator"] == indicator.key) & frame["value"].notna()]


def _combine(grouped: pd.core.groupby.SeriesGroupBy, rule: str) -> pd.Series:
    return grouped.agg(AGGREGATE[rule])


def reported_every(records: Records, indicator: Indicator) -> str | None:
    """How often the indicator is reported: ``year`` (a year or a school year), ``quarter`` or
    ``month``: the longest period among its figures, since a chart can be no finer than that
    without splitting a figure it cannot split; None without figures."""
    periods = _values(records, indicator)["period"].dropna().unique()
    if len(periods) == 0:
        return None
    return min((period_freq(str(p)) for p in periods), key=PER_YEAR.__getitem__)


def by_place(records: Records, indicator: Indicator) -> bool:
    """Whether any of the indicator's figures names a country: one reported only for the whole
    university cannot be split by region or drawn on a map."""
    return bool(_values(records, indicator)["country"].notna().any())


OVERALL = ""  # the place of a figure for the whole university
END = "period_end"
PLACES = ["period", START, END, "place", "country", "value"]  # the columns of :func:`places`


def places(records: Records, indicator: Indicator) -> pd.DataFrame:
    """The indicator's figures per reported period and place: columns ``period``,
    ``period_start``, ``period_end``, ``place``, ``country`` and ``value``.

    A place is a country (its own total, else its partners' figures combined), a partner
    named without a country, or :data:`OVERALL` (the university's own total). Worked out once
    per set of records (:func:`~dashboard.analysis.memo.derived`): treat the table as read-only.
    """
    frame = records.get("indicator_value")
    if frame is None:
        return _places(records, indicator)
    alike = getattr(records, "alike", None)
    if alike is not None:  # narrowed records: the whole table, narrowed (a row keeps its records' period and country)
        key = ("indicator places", indicator)
        placed = cast(pd.DataFrame, alike("indicator_value", key, lambda whole: _regions(_places(whole, indicator))))
        if not len(placed):
            return pd.DataFrame(columns=PLACES)
        return derived(placed, ("places",), lambda: placed[PLACES])  # one table per set of rows, shared
    return derived(frame, ("indicator places", indicator), lambda: _places(records, indicator))


def _regions(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each row's ``region_code`` (none for a row with no country), to narrow it by."""
    regions = {c.iso3: c.region_code for c in all_countries()}
    return table.assign(region_code=table["country"].map(regions))


def _places(records: Records, indicator: Indicator) -> pd.DataFrame:
    rows = _values(records, indicator)
    columns = PLACES
    if rows.empty:
        return pd.DataFrame(columns=columns)
    period = ["period", START]
    has_country, has_partner = rows["country"].notna(), rows["partner"].notna()
    country_totals = rows[has_country & ~has_partner][[*period, "country", "value"]]
    partners = rows[has_country & has_partner]
    combined = _combine(partners.groupby([*period, "country"], observed=True)["value"], indicator.over_places)
    combined = combined.reset_index()
    taken = pd.MultiIndex.from_frame(country_totals[[*period, "country"]].astype({"country": str}))
    mine = pd.MultiIndex.from_frame(combined[[*period, "country"]].astype({"country": str}))
    countries = pd.concat([country_totals, combined[~mine.isin(taken)]], ignore_index=True)
    countries["country"] = countries["country"].astype(str)
    countries["place"] = countries["country"]
    loose = rows[~has_country & has_partner]
    loose = pd.DataFrame(
        {
            "period": loose["period"],
            START: loose[START],
            "place": "partner: " + loose["partner"].astype(str),
            "country": None,
            "value": loose["value"],
        }
    )
    overall = rows[~has_country & ~has_partner].groupby(period)["value"].sum().reset_index()
    overall = overall.assign(place=OVERALL, country=None)
    table = pd.concat([frame for frame in (countries, loose, overall) if not frame.empty], ignore_index=True)
    table[END] = pd.to_datetime(table["period"].map({p: pd.Timestamp(period_end(p)) for p in table["period"].unique()}))
    return table[columns]


def _combined(table: pd.DataFrame, indicator: Indicator, keys: list[str]) -> pd.Series:
    """``table`` (from :func:`places`, with the ``keys`` columns) combined within each group of
    ``keys``: places by the indicator's place rule, periods by its time rule.

    A stock (``latest``) takes each place's latest level first, then combines the places, so
    places that report at different rhythms all count. Otherwise places combine period by
    period, then the periods. Either way the university's own total, where given, wins.
    """
    if table.empty:
        return pd.Series(dtype=float, name="value")
    if indicator.over_time == "latest":
        ordered = table.sort_values([END, START], kind="stable")
        levels = ordered.groupby([*keys, "place"], observed=True, dropna=False)["value"].last().reset_index()
        return _places_combined(levels, indicator, keys)
    per_period = _places_combined(table, indicator, [*keys, "period"]).reset_index()
    return _combine(per_period.groupby(keys, observed=True, dropna=False)["value"], indicator.over_time)


def _places_combined(table: pd.DataFrame, indicator: Indicator, keys: list[str]) -> pd.Series:
    """Places combined within each group of ``keys``; the university's own total wins."""
    own = table[table["place"] == OVERALL].groupby(keys, observed=True, dropna=False)["value"].sum()
    rest = table[table["place"] != OVERALL]
    others = _combine(rest.groupby(keys, observed=True, dropna=False)["value"], indicator.over_places)
    return pd.concat([own, others[~others.index.isin(own.index)]]).rename("value")


def _placed(table: pd.DataFrame, records: Records, split: str) -> pd.DataFrame:
    """The rows of ``table`` that name a country, with the ``split`` column (``country``,
    ``region_code``…) beside them."""
    table = table[table["country"].notna()].copy()
    if split != "country" and not table.empty:
        rows = records["indicator_value"]
        known = rows[rows["country"].notna()]
        lookup = dict(zip(known["country"].astype(str), known[split].astype(object), strict=True))
        table[split] = table["country"].map(lookup)
    elif split != "country":
        table[split] = pd.Series(dtype=object)
    return table


def over_time(
    records: Records,
    indicator: Indicator,
    *,
    freq: str = "year",
    cumulative: bool = False,
    split: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """The indicator per chart period, shaped like :func:`dashboard.analysis.metrics.over_time`:
    ``period``, the ``split`` column if given, and ``value`` (a float).

    A period with no figure is missing ("not reported", never 0); ``cumulative`` adds a flow
    up and carries a stock's last known level forward. Chart periods finer than the figures'
    own (quarters of a yearly figure) cannot be filled: chart it by :func:`reported_every`.
    """
    columns = ["period", *([split] if split else []), "value"]
    table = places(records, indicator)
    if split:
        table = _placed(table, records, split)
    if table.empty:
        return pd.DataFrame(columns=columns)
    table = table.assign(bucket=period_number(table[START], freq).astype(np.int64))
    keys = ["bucket", *([split] if split else [])]
    values = _combined(table, indicator, keys)
    lo, hi, first_shown = chart_range(int(table["bucket"].min()), int(table["bucket"].max()), freq, start, end)
    if first_shown > hi:
        return pd.DataFrame(columns=columns)
    groups = [None] if not split else sorted(table[split].dropna().astype(str).unique())
    frame = values.reset_index()
    if split:
        frame[split] = frame[split].astype(str)
        wide = frame.pivot_table(index="bucket", columns=split, values="value", aggfunc="first")
    else:
        wide = frame.set_index("bucket")[["value"]].rename(columns={"value": None})
    wide = wide.reindex(index=range(lo, hi + 1), columns=groups)
    if indicator.over_time == "sum":
        wide = wide.fillna(0.0).cumsum() if cumulative else wide
    elif cumulative:
        wide = wide.ffill()
    wide = wide.loc[first_shown:]
    starts = period_starts(first_shown, hi, freq)
    long = pd.DataFrame({"period": np.tile(starts, len(groups)), "value": wide.to_numpy(dtype=float).T.ravel()})
    if split:
        long[split] = np.repeat(np.asarray(groups, dtype=object), len(starts))
        long = long.sort_values(["period", split], kind="stable", ignore_index=True)
    return long[columns]


def per_place(records: Records, indicator: Indicator, column: str) -> pd.Series:
    """The indicator per value of ``column`` (``country``, ``region_code``…) over all the
    periods in ``records``, combined by the indicator's rules."""
    table = _placed(places(records, indicator), records, column)
    values = _combined(table, indicator, [column]).dropna()
    values.index = values.index.astype(str)
    return values.rename("value")


def value_at(records: Records, indicator: Indicator, at: dt.date | None = None) -> float | None:
    """The figure for the whole of ``records`` on ``at`` (or today), as the yearly chart shows
    it: for a stock, the year of its newest period begun by then; for a flow, that day's year
    (its periods begun by then)."""
    at = at or clock.today()
    table = places(records, indicator)
    table = table[table[START] <= pd.Timestamp(at)]
    if table.empty:
        return None
    year = table[START].max().year if indicator.over_time == "latest" else at.year
    table = table[table[START].dt.year == year]
    if table.empty:
        return None
    return float(_combined(table.assign(all=0), indicator, ["all"]).iloc[0])


@remembered
def yearly_figure(
    records: Records, indicator: Indicator, today: dt.date | None = None
) -> tuple[int, float, float | None] | None:
    """(year, value, the year before's value) for the newest year with a figure, up to ``today``:
    the last two points of :func:`over_time`'s yearly chart, worked out without drawing it."""
    return _yearly_figure(places(records, indicator), indicator, (today or clock.today()).year)


@per_frame
def _yearly_figure(table: pd.DataFrame, indicator: Indicator, this_year: int) -> tuple[int, float, float | None] | None:
    """:func:`yearly_figure` from the indicator's places (once per set of them: views whose filters
    keep the same figures share it)."""
    if table.empty:
        return None
    years = table[START].dt.year.to_numpy(dtype=np.int64)
    values = _combined(table.assign(bucket=years), indicator, ["bucket"])
    shown = values[(values.index <= this_year) & values.notna()].sort_index()
    if indicator.over_time == "sum":
        shown = shown[shown != 0]
    if shown.empty:
        return None
    year, value = int(shown.index[-1]), float(shown.iloc[-1])
    before = shown.get(year - 1)
    return year, value, (float(before) if before is not None else None)
