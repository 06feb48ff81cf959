"""Headline figures and the tables behind the charts, computed from the records.

Everything here is a pure function of :class:`Records` (one DataFrame per record type, as
:func:`dashboard.analysis.snapshot.load` returns them), so the command line, the dashboard and the tests all
compute a figure the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import overload

import numpy as np
import pandas as pd

from dashboard.analysis import indicators
from dashboard.analysis.filters import PER_PLACE
from dashboard.analysis.indicators import Indicator
from dashboard.analysis.memo import derived, origin, remembered, subset
from dashboard.model import clock, countries
from dashboard.model.figures import HEADLINE, TRACKED, Which
from dashboard.model.figures import Figure as Series
from dashboard.model.periods import chart_range, day_number, period_number, period_starts
from dashboard.model.records import BY_NAME

Records = Mapping[str, pd.DataFrame]

COUNTED_CENTRE_STATUSES = ("operating", "closed")  # built, whatever happened since


def active_adoptions(records: Records) -> pd.DataFrame:
    return _active(records["adoption"])


def _active(adoptions: pd.DataFrame) -> pd.DataFrame:
    return subset(adoptions, adoptions["status"] != "withdrawn")


def built_centres(records: Records) -> pd.DataFrame:
    centres = records["training_centre"]
    return subset(centres, centres["status"].isin(COUNTED_CENTRE_STATUSES))


def active_agreements(records: Records, today: dt.date) -> pd.DataFrame:
    agreements = records["agreement"]
    return subset(agreements, active_on(agreements, today))


def active_on(agreements: pd.DataFrame, today: dt.date) -> np.ndarray:
    """Which ``agreements`` are active on ``today``: active, and with no end or ending today or later."""
    expires = agreements["expires_on"].to_numpy(dtype="datetime64[us]")
    current = np.isnat(expires) | (expires >= midnight(today))
    return current & (agreements["status"].to_numpy(dtype=object) == "active")


def which(records: Records, figure: Series, today: dt.date | None = None) -> pd.DataFrame:
    """The records ``figure`` counts (its :class:`~dashboard.model.figures.Which`); ``today`` for
    agreements active on the day (default: today)."""
    if figure.which is Which.ACTIVE_ADOPTIONS:
        return active_adoptions(records)
    if figure.which is Which.BUILT_CENTRES:
        return built_centres(records)
    if figure.which is Which.ACTIVE_AGREEMENTS:
        return active_agreements(records, today or clock.today())
    return records[figure.record_type]


def headline(records: Records, today: dt.date | None = None) -> dict[str, int]:
    """The headline figures (:data:`dashboard.model.figures.HEADLINE`), by key, in order."""
    today = today or clock.today()
    values = {}
    for figure in HEADLINE:
        frame = which(records, figure, today)
        values[figure.key] = int(frame[figure.distinct].nunique()) if figure.distinct else size(frame)
    return values


ADOPTIONS_OVER_TIME_COLUMNS = ["period", "new", "new_standards", "adoptions", "countries", "standards"]


@remembered
def adoptions_over_time(
    records: Records, freq: str = "year", start: int | None = None, end: int | None = None
) -> pd.DataFrame:
    """Per period from ``start`` to ``end`` (default: the first record, today): new adoptions and
    the standards adopted for the first time, and the running totals of adoptions, countries and
    standards, which count everything before ``start`` too (pass records unfiltered before it).

    Columns: period (the period's start), new, new_standards, adoptions, countries, standards.
    """
    adopted = dated(records, SERIES_BY_KEY["adoptions"])
    span = adopted.span(freq)
    if span is None:
        return pd.DataFrame(columns=ADOPTIONS_OVER_TIME_COLUMNS)
    _, hi, shown = chart_range(*span, freq, start, end)
    if shown > hi:
        return pd.DataFrame(columns=ADOPTIONS_OVER_TIME_COLUMNS)
    adoptions = np.asarray(adopted.period_ends(freq, shown - 1, hi))
    standards = np.asarray(dated(records, SERIES_BY_KEY["standards_adopted"]).period_ends(freq, shown - 1, hi))
    countries_ = dated(records, SERIES_BY_KEY["adoption_countries"]).period_ends(freq, shown, hi)
    return pd.DataFrame(
        {
            "period": period_starts(shown, hi, freq),
            "new": np.diff(adoptions),
            "new_standards": np.diff(standards),
            "adoptions": adoptions[1:],
            "countries": np.asarray(countries_, dtype=np.int64),
            "standards": standards[1:],
        }
    )


def by_country(frame: pd.DataFrame, lang: str = "en", count: str = "records") -> pd.DataFrame:
    """Records per country with names and regions: iso3, country, region, subregion, ``count``;
    most first, ties in the order of their ISO3 codes (the same in every language). The counts are
    :func:`per_country`'s."""
    pairs = ranked(_counts_per_country(frame))
    if not pairs:  # no rows: columns of nothing (columns made of empty lists would be numbers)
        return pd.DataFrame(columns=[*countries.PLACE_COLUMNS, count])
    columns = {**countries.places([iso3 for iso3, _ in pairs], lang), count: [n for _, n in pairs]}
    return pd.DataFrame(columns, columns=[*countries.PLACE_COLUMNS, count])


def ranked(counts: pd.Series) -> list[tuple[str, int]]:
    """(value, count) for each value ``counts`` counts, largest first, ties in the order of the values
    (codes: the same order in every language): the order of every table of places."""
    return sorted(zip(counts.index.tolist(), counts.tolist(), strict=True), key=lambda pair: (-pair[1], pair[0]))


@remembered
def adoptions_by_country(records: Records, lang: str = "en") -> pd.DataFrame:
    """:func:`by_country` of the adoptions that count (not withdrawn): the map's and the report's table."""
    return by_country(counted(records, SERIES_BY_KEY["adoptions"], by_year=True), lang, count="adoptions")


@remembered
def centres_by_country(records: Records, lang: str = "en") -> pd.DataFrame:
    """:func:`by_country` of the training centres that count (built or running)."""
    return by_country(counted(records, SERIES_BY_KEY["centres"]), lang, count="centres")


WEIGHT = "n"  # in a pre-aggregated frame, how many records each row stands for


def size(frame: pd.DataFrame) -> int:
    """How many records ``frame`` holds, whether one row each or pre-aggregated."""
    return int(frame[WEIGHT].sum()) if WEIGHT in frame.columns else len(frame)


# --- metrics over time and by country ---------------------------------------------------------


SERIES = TRACKED
"""The figures charted over time (:data:`dashboard.model.figures.TRACKED`), as a chart offers them."""
SERIES_BY_KEY = {s.key: s for s in SERIES}
Figure = Series | Indicator
"""Anything a chart can show: a count of records, or an indicator kept as totals."""


def choices(records: Records) -> list[Figure]:
    """Every figure a chart can show for ``records``: the tracked counts, then the indicators."""
    return [*SERIES, *indicators.defined(records)]


@overload
def find(records: Records, key: str | None) -> Figure: ...
@overload
def find(records: Records, key: str | None, default: Figure) -> Figure: ...
@overload
def find(records: Records, key: str | None, default: None) -> Figure | None: ...
def find(records: Records, key: str | None, default: Figure | None = SERIES[0]) -> Figure | None:
    """The figure called ``key``: a tracked count first, else an indicator code, else ``default``."""
    if key in SERIES_BY_KEY:
        return SERIES_BY_KEY[key]
    return (indicators.find(records, key) if key else None) or default


FREQUENCIES = {"year": "YE", "quarter": "QE", "month": "ME"}


def counted(records: Records, series: Series, *, by_year: bool = False) -> pd.DataFrame:
    """The records a series counts (:func:`which`; withdrawn adoptions and planned centres do not count).

    Where the records hold the adoptions summed per place (:data:`~dashboard.analysis.filters.PER_PLACE`,
    a view's yearly records) and the standard does not count, adoptions come from those sums: the
    same figures from far fewer rows. Each sum is dated by its first adoption, so only a count read
    ``by_year`` (per year, or over whole years) is taken from them; the first day of each country is
    its sums' first day, read any way."""
    by_place = series.record_type == "adoption" and _by_place(series, by_year) and PER_PLACE in records
    frame = records[PER_PLACE if by_place else series.record_type]
    if series.which is Which.ALL:
        return frame
    if series.which is Which.ACTIVE_ADOPTIONS:  # of the adoptions or of their sums alike
        return derived(frame, ("counted", series.which), lambda: _active(frame))
    if series.which is Which.ACTIVE_AGREEMENTS:  # active on a day: another day, other agreements
        today = clock.today()
        return derived(frame, ("counted", series.which, today), lambda: which(records, series, today))
    return derived(frame, ("counted", series.which), lambda: which(records, series))


def _by_place(series: Series, by_year: bool) -> bool:
    return series.distinct == "country" or (series.distinct is None and by_year)


def _when(series: Series) -> str:
    return BY_NAME[series.record_type].when  # type: ignore[return-value]


def period_numbers(frame: pd.DataFrame, series: Series, freq: str) -> np.ndarray:
    """The chart period (:func:`~dashboard.model.periods.period_number`) of each of the records
    ``series`` counts in ``frame`` (NaN for an undated one), worked out once per frame."""
    return derived(frame, ("period", freq), lambda: period_number(frame[_when(series)], freq).to_numpy())


def firsts(records: Records, series: Series, split: str | None = None) -> pd.Series:
    """For a distinct series, the date each value (per ``split`` group, if given) was first reached."""
    frame = counted(records, series)
    return derived(frame, ("firsts", series.distinct, split), lambda: _firsts(frame, series, split))


_NEVER = np.iinfo(np.int64).max  # later than any date: what an undated record's date counts as in a minimum


def _firsts(frame: pd.DataFrame, series: Series, split: str | None) -> pd.Series:
    """:func:`firsts` with NumPy: each value's (and group's) code, the earliest date per code. A
    value whose records are all undated keeps NaT: it counts, at no date. (pandas' groupby took
    six times as long.)"""
    assert series.distinct is not None
    labels, codes = text_codes(frame, series.distinct)
    keep, size = codes >= 0, len(labels)
    if split:
        groups, group_codes = text_codes(frame, split)
        keep &= group_codes >= 0
        codes, size = codes * len(groups) + group_codes, size * len(groups)
    days = frame[_when(series)].to_numpy(dtype="datetime64[us]")[keep]
    ticks = np.where(np.isnat(days), _NEVER, days.view(np.int64))
    earliest = np.full(size, _NEVER, dtype=np.int64)
    np.minimum.at(earliest, codes[keep], ticks)
    seen = np.zeros(size, dtype=bool)
    seen[codes[keep]] = True
    found = np.flatnonzero(seen)
    first = earliest[found]
    first[first == _NEVER] = np.datetime64("NaT").view(np.int64)
    if split:
        index = pd.MultiIndex.from_arrays(
            [labels[found // len(groups)], groups[found % len(groups)]], names=[series.distinct, split]
        )
    else:
        index = pd.Index(labels[found], name=series.distinct)
    return pd.Series(first.view("datetime64[us]"), index=index, name=_when(series))


def over_time(
    records: Records,
    series: Figure,
    *,
    freq: str = "year",
    cumulative: bool = False,
    split: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """``series`` per period: columns ``period`` (the period's start), ``value`` and, with
    ``split`` (a column such as ``region_code``), that column. Every period from the first
    record (or ``start``) to ``end`` (or today) is there, zero where nothing happened.

    Pass records unfiltered by date: a cumulative figure counts everything before ``start``.
    An :class:`Indicator` combines by its own rules (see :mod:`dashboard.analysis.indicators`).
    """
    if isinstance(series, Indicator):
        return indicators.over_time(
            records, series, freq=freq, cumulative=cumulative, split=split, start=start, end=end
        )
    columns = ["period", *([split] if split else []), "value"]
    weights = None
    if series.distinct:
        first = firsts(records, series, split)
        numbers = derived(first, ("period", freq), lambda: period_number(pd.Series(first.to_numpy()), freq).to_numpy())
        groups = first.index.get_level_values(split).astype(str) if split else None
    else:
        frame = counted(records, series, by_year=freq == "year")  # a quarter or a month needs each day
        numbers = period_numbers(frame, series, freq)
        # a record in no group (a country in no region: Antarctica) counts in a group of its own, ""
        groups = frame[split].astype(str).fillna("").to_numpy() if split else None
        weights = frame[WEIGHT].to_numpy(dtype=float) if WEIGHT in frame.columns else None
    known = ~np.isnan(numbers)
    if not known.any():
        return pd.DataFrame(columns=columns)
    numbers = numbers[known].astype(np.int64)
    weights = weights[known] if weights is not None else None
    lo, hi, first_shown = chart_range(int(numbers.min()), int(numbers.max()), freq, start, end)
    keep = numbers <= hi
    numbers, weights = numbers[keep], (weights[keep] if weights is not None else None)
    width = hi - lo + 1
    if split:
        codes, names = pd.factorize(np.asarray(groups)[known][keep])
        counts = np.bincount(codes * width + (numbers - lo), weights, minlength=len(names) * width)
        counts = counts.reshape(len(names), width)
    else:
        names, counts = None, np.bincount(numbers - lo, weights, minlength=width)[None, :]
    if cumulative:
        counts = counts.cumsum(axis=1)
    counts = counts[:, first_shown - lo :].astype(np.int64)
    periods = period_starts(first_shown, hi, freq)
    if not split:
        return pd.DataFrame({"period": periods, "value": counts[0]}, columns=columns)
    names = np.asarray(names, dtype=object)
    order = np.argsort(names, kind="stable")  # by period, then by group: made in that order, not sorted after
    return pd.DataFrame(
        {
            "period": np.repeat(periods, len(names)),
            split: np.tile(names[order], len(periods)),
            "value": counts[order].T.ravel(),
        },
        columns=columns,
    )


def per_country(records: Records, series: Figure) -> pd.DataFrame:
    """``series`` per country: columns ``iso3`` and ``value``, largest first. The one
    per-country table: :func:`by_country` names its rows; an indicator combines by its own
    rules (:func:`dashboard.analysis.indicators.per_place`)."""
    if isinstance(series, Indicator):
        return _ranked(indicators.per_place(records, series, "country"))
    return _ranked(_counts_per_country(counted(records, series, by_year=True), series.distinct))


def _counts_per_country(frame: pd.DataFrame, distinct: str | None = None) -> pd.Series:
    """How many records name each country (a pre-aggregated row counting as many as it stands
    for), or with ``distinct`` how many distinct values of that column they hold; zeros left out."""
    if "country" not in frame.columns:
        return pd.Series(dtype="int64")
    values = per_group(frame, "country", distinct)  # a record with no country counts for none
    return values[values > 0]


def per_group(
    frame: pd.DataFrame, column: str, distinct: str | None = None, rows: np.ndarray | None = None
) -> pd.Series:
    """Per value of ``column`` (as text, in order; records without one count for none): how many
    records hold it (a pre-aggregated row counting as many as it stands for), or with ``distinct``
    how many distinct values of that column they hold. ``rows`` (a mask) picks the records to
    count; a value held only by others counts 0."""
    labels, groups = text_codes(frame, column)
    keep = groups >= 0 if rows is None else (groups >= 0) & rows
    if distinct:
        values, kinds = text_codes(frame, distinct)
        keep &= kinds >= 0
        pairs = np.unique(groups[keep].astype(np.int64) * len(values) + kinds[keep])
        counts = np.bincount(pairs // max(len(values), 1), minlength=len(labels))
    else:
        weights = frame[WEIGHT].to_numpy()[keep] if WEIGHT in frame.columns else None
        counts = np.bincount(groups[keep], weights, minlength=len(labels))
    return pd.Series(counts.astype(np.int64), index=pd.Index(labels, dtype="str"))


def text_codes(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """The values of ``column`` as text, in order, and each row's place among them (-1 for none),
    worked out once per frame."""

    def make() -> tuple[np.ndarray, np.ndarray]:
        taken = origin(frame)
        if taken is not None:  # rows of a larger frame: its codes picked out, not the texts factorised again
            whole, positions = taken
            labels, codes = text_codes(whole, column)
            return _renumbered(labels, codes[positions])
        codes, labels = pd.factorize(frame[column].astype(str), sort=True)
        return np.asarray(labels, dtype=object), np.asarray(codes, dtype=np.int64)

    return derived(frame, ("codes", column), make)


def _renumbered(labels: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Only the ``labels`` ``codes`` use, still in order, and the codes renumbered to match."""
    used = np.zeros(len(labels) + 1, dtype=bool)
    used[codes + 1] = True  # -1 (no value) marks the first place
    used = used[1:]
    if used.all():
        return labels, codes
    renumber = np.cumsum(used) - 1
    return labels[used], np.where(codes >= 0, renumber[np.maximum(codes, 0)], -1)


def _ranked(values: pd.Series) -> pd.DataFrame:
    """Values by country code as a table, ``iso3`` and ``value``: largest first, then by code."""
    table = pd.DataFrame({"iso3": values.index.astype(str), "value": values.to_numpy()})
    return table.sort_values(["value", "iso3"], ascending=[False, True], ignore_index=True)


@overload
def total(records: Records, series: Series, at: dt.date | None = None) -> int: ...
@overload
def total(records: Records, series: Indicator, at: dt.date | None = None) -> float | None: ...
def total(records: Records, series: Figure, at: dt.date | None = None) -> float | None:
    """The figure's value on ``at`` (everything up to that day), or now; an indicator's by
    :func:`dashboard.analysis.indicators.value_at` (None when it has no figure then)."""
    if isinstance(series, Indicator):
        return indicators.value_at(records, series, at)
    return dated(records, series).on(at)


@dataclass(frozen=True, slots=True)
class Dated:
    """What a counted figure counts in a set of records, ready for its value on any day: the
    dated records' days in order, with a running count of what they stand for (a distinct value
    counts once, on its first day), and what carries no date (it counts on every day, in no year)."""

    days: np.ndarray  # datetime64, ascending
    running: np.ndarray  # running[i]: what the first i days stand for (one longer than days)
    undated: int

    def on(self, day: dt.date | None = None) -> int:
        """The value on ``day`` (everything up to it, the undated too), or over all time."""
        reached = self.running[-1] if day is None else self.running[np.searchsorted(self.days, midnight(day), "right")]
        return self.undated + int(reached)

    @property
    def first_year(self) -> int | None:
        """The year of the earliest dated record, if any."""
        return int(self.days[0].astype("datetime64[Y]").astype(int)) + 1970 if len(self.days) else None

    def span(self, freq: str) -> tuple[int, int] | None:
        """The numbered periods (:func:`~dashboard.model.periods.period_number`) of the earliest
        and the latest dated record, if any."""
        if not len(self.days):
            return None
        first, last = (pd.Timestamp(day).date() for day in (self.days[0], self.days[-1]))
        return day_number(first, freq), day_number(last, freq)

    def year_ends(self, first: int, last: int) -> list[int]:
        """What the dated records stand for up to the end of each year from ``first`` to ``last``
        (a chart's running total, which leaves the undated out)."""
        return self.period_ends("year", first, last)

    def period_ends(self, freq: str, first: int, last: int) -> list[int]:
        """What the dated records stand for up to the end of each numbered period of ``freq``
        (:func:`~dashboard.model.periods.period_number`) from ``first`` to ``last``."""
        after = period_starts(first + 1, last + 1, freq).to_numpy().astype(self.days.dtype)
        return self.running[np.searchsorted(self.days, after, "left")].tolist()


def dated(records: Records, series: Series) -> Dated:
    """:class:`Dated` for ``series`` in ``records``, worked out once per set of records."""
    if series.distinct:
        first = firsts(records, series)
        return derived(first, "dated", lambda: _dated(first.to_numpy(), None))
    frame, when = counted(records, series), _when(series)
    weights = frame[WEIGHT].to_numpy() if WEIGHT in frame.columns else None
    return derived(frame, ("dated", when), lambda: _dated(frame[when].to_numpy(), weights))


def _dated(when: np.ndarray, weights: np.ndarray | None) -> Dated:
    when = np.asarray(when, dtype="datetime64[us]")
    each = np.ones(len(when), dtype=np.int64) if weights is None else np.asarray(weights, dtype=np.int64)
    known = ~np.isnat(when)
    order = np.argsort(when[known], kind="stable")
    running = np.concatenate([[0], np.cumsum(each[known][order])])
    return Dated(when[known][order], running, int(each[~known].sum()))


def midnight(day: dt.date) -> np.datetime64:
    """Midnight starting ``day``, as records' dates (datetime64 in microseconds) are compared with it."""
    return np.datetime64(pd.Timestamp(day).to_datetime64(), "us")
