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
Everything here is a pure function of the records, like :mod:`dashboard.metrics`, which
hands an :class:`Indicator` here wherever a chart names one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .periods import PER_YEAR, period_number, period_starts

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

    def label(self, lang: str) -> str:
        return (self.zh or self.en) if lang == "zh" else self.en

    @property
    def is_stock(self) -> bool:
        """A level (students enrolled) rather than a flow (people trained): never summed over time."""
        return self.over_time != "sum"


def defined(records: Records) -> list[Indicator]:
    """Every indicator the records define, in code order."""
    frame = records.get("indicator")
    if frame is None or frame.empty:
        return []
    return [
        Indicator(
            key=str(row.code),
            en=str(row.name_en),
            zh=str(row.name_zh) if isinstance(row.name_zh, str) else "",
            unit=str(row.unit),
            over_time=str(row.over_time),
            over_places=str(row.over_places),
            higher_is_better=row.higher_is_better != "no",
        )
        for row in frame.sort_values("code").itertuples()
    ]


def find(records: Records, key: str) -> Indicator | None:
    return next((i for i in defined(records) if i.key == key), None)


def _values(records: Records, indicator: Indicator) -> pd.DataFrame:
    frame = records.get("indicator_value")
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["indicator", "period", "country", "partner", "value", START])
    return frame[(frame["indicator"] == indicator.key) & frame["value"].notna()]


def _combine(grouped: pd.core.groupby.SeriesGroupBy, rule: str) -> pd.Series:
    return grouped.agg(AGGREGATE[rule])


def per_period(records: Records, indicator: Indicator, split: str | None = None) -> pd.DataFrame:
    """The indicator per reported period, places combined: columns ``period``, ``period_start``,
    the ``split`` column (such as ``country`` or ``region_code``) if given, and ``value``.

    Without ``split`` it is the figure for everything the records cover; with one, rows that
    name no country are left out (they cannot be placed).
    """
    rows = _values(records, indicator)
    columns = ["period", START, *([split] if split else []), "value"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rule = indicator.over_places
    has_country, has_partner = rows["country"].notna(), rows["partner"].notna()
    period = ["period", START]

    # A country's own total wins over its partners' figures for the same period.
    country_totals = rows[has_country & ~has_partner]
    partners = rows[has_country & has_partner]
    combined = _combine(partners.groupby([*period, "country"], observed=True)["value"], rule).reset_index()
    taken = pd.MultiIndex.from_frame(country_totals[[*period, "country"]].astype({"country": str}))
    mine = pd.MultiIndex.from_frame(combined[[*period, "country"]].astype({"country": str}))
    countries = pd.concat(
        [country_totals[[*period, "country", "value"]], combined[~mine.isin(taken)]], ignore_index=True
    )
    countries["country"] = countries["country"].astype(str)

    if split:
        if split != "country":
            countries[split] = countries["country"].map(_country_column(rows, split))
        table = _combine(countries.groupby([*period, split], observed=True)["value"], rule).reset_index()
        return table[columns]

    # The university's own total wins over the places' figures for the same period.
    places = pd.concat(
        [countries[[*period, "value"]], rows[~has_country & has_partner][[*period, "value"]]], ignore_index=True
    )
    from_places = _combine(places.groupby(period)["value"], rule)
    overall = rows[~has_country & ~has_partner].groupby(period)["value"].sum()
    table = pd.concat([overall, from_places[~from_places.index.isin(overall.index)]]).rename("value").reset_index()
    return table[columns].sort_values(START, kind="stable", ignore_index=True)


def _country_column(rows: pd.DataFrame, column: str) -> dict[str, object]:
    known = rows[rows["country"].notna()]
    return dict(zip(known["country"].astype(str), known[column].astype(object), strict=True))


def _over_time(frame: pd.DataFrame, keys: list[str], rule: str) -> pd.Series:
    """``frame`` (with ``period_start`` and ``value``) combined over periods within ``keys``."""
    if rule == "latest":
        ordered = frame.sort_values([START, "period"], kind="stable")
        return ordered.groupby(keys, observed=True)["value"].last()
    return _combine(frame.groupby(keys, observed=True)["value"], rule)


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
    """The indicator per chart period, shaped like :func:`dashboard.metrics.over_time`:
    ``period``, the ``split`` column if given, and ``value`` (a float).

    A period with no figure is 0 for a flow and missing for a stock; ``cumulative`` adds a
    flow up and carries a stock's last known level forward.
    """
    columns = ["period", *([split] if split else []), "value"]
    table = per_period(records, indicator, split)
    if table.empty:
        return pd.DataFrame(columns=columns)
    per_year = PER_YEAR[freq]
    table["bucket"] = period_number(table[START], freq).astype(np.int64)
    keys = ["bucket", *([split] if split else [])]
    values = _over_time(table, keys, indicator.over_time)
    today = int(period_number(pd.Series([pd.Timestamp(dt.date.today())]), freq).iloc[0])
    lo = min(int(table["bucket"].min()), start * per_year if start else 1 << 40)
    hi = (end + 1) * per_year - 1 if end else max(int(table["bucket"].max()), today)
    buckets = range(lo, hi + 1)
    groups = [None] if not split else sorted(table[split].dropna().astype(str).unique())
    frame = values.reset_index()
    if split:
        frame[split] = frame[split].astype(str)
        wide = frame.pivot_table(index="bucket", columns=split, values="value", aggfunc="first")
    else:
        wide = frame.set_index("bucket")[["value"]].rename(columns={"value": None})
    wide = wide.reindex(index=buckets, columns=groups)
    if indicator.over_time == "sum":
        wide = wide.fillna(0.0).cumsum() if cumulative else wide.fillna(0.0)
    elif cumulative:
        wide = wide.ffill()
    if start:
        wide = wide.loc[max(lo, start * per_year) :]
    starts = period_starts(int(wide.index.min()), int(wide.index.max()), freq)
    long = pd.DataFrame(
        {
            "period": np.tile(starts, len(groups)),
            "value": wide.to_numpy(dtype=float).T.ravel(),
        }
    )
    if split:
        long[split] = np.repeat(np.asarray(groups, dtype=object), len(starts))
        long = long.sort_values(["period", split], kind="stable", ignore_index=True)
    return long[columns]


def per_place(records: Records, indicator: Indicator, column: str) -> pd.Series:
    """The indicator per value of ``column`` (``country``, ``region_code``…) over the periods in
    ``records``, places combined period by period, then periods by the indicator's time rule."""
    table = per_period(records, indicator, column)
    if table.empty:
        return pd.Series(dtype=float, name="value")
    values = _over_time(table, [column], indicator.over_time).rename("value").dropna()
    values.index = values.index.astype(str)
    return values


def per_country(records: Records, indicator: Indicator) -> pd.DataFrame:
    """The indicator per country over the periods in ``records``: ``iso3`` and ``value``, largest first."""
    values = per_place(records, indicator, "country").rename_axis("iso3").reset_index()
    return values.sort_values(["value", "iso3"], ascending=[False, True], ignore_index=True)


def value_at(records: Records, indicator: Indicator, at: dt.date | None = None) -> float | None:
    """The figure for the whole of ``records`` on ``at`` (or now): a stock's latest level then;
    for a flow, its periods from 1 January of that year up to that day, combined."""
    at = at or dt.date.today()
    table = per_period(records, indicator)
    table = table[table[START] <= pd.Timestamp(at)]
    if indicator.is_stock and indicator.over_time == "latest":
        return None if table.empty else float(table.sort_values([START, "period"])["value"].iloc[-1])
    this_year = table[table[START].dt.year == at.year]
    if this_year.empty:
        return None
    return float(_over_time(this_year.assign(all=0), ["all"], indicator.over_time).iloc[0])


def yearly_figure(
    records: Records, indicator: Indicator, today: dt.date | None = None
) -> tuple[int, float, float | None] | None:
    """(year, value, the year before's value) for the newest year with a figure, up to ``today``."""
    today = today or dt.date.today()
    table = over_time(records, indicator, end=today.year)
    table = table.dropna(subset=["value"])
    if indicator.over_time == "sum":
        table = table[table["value"] != 0]
    if table.empty:
        return None
    last = table.iloc[-1]
    year = int(last["period"].year)
    before = table[table["period"].dt.year == year - 1]["value"]
    return year, float(last["value"]), (float(before.iloc[0]) if len(before) else None)
