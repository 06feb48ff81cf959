"""Reporting periods: a year, a quarter, a month or a school year, read from what people write.

Totals kept by period (students enrolled in 2023/24, teachers trained in 2023-Q2) are stored
with the period in one canonical spelling, so the same period typed two ways is one key:

=============  ==============================================  ==========
period         accepted spellings (a few)                      stored as
=============  ==============================================  ==========
year           ``2023``, ``2023年``                               ``2023``
quarter        ``2023-Q2``, ``Q2 2023``, ``2023年第二季度``          ``2023-Q2``
month          ``2023-05``, ``May 2023``, ``2023年5月``, a date    ``2023-05``
school year    ``2023/24``, ``2023-2024``, ``2023-2024学年``        ``2023/24``
=============  ==============================================  ==========

A period starts on its first day (a school year on 1 September); charts place it there.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import numpy as np
import pandas as pd

from dashboard.model import clock
from dashboard.model.i18n import pick
from dashboard.model.text import clean_cell
from dashboard.model.texts import t

SCHOOL_YEAR_START_MONTH = 9
_EXCEL_EPOCH = dt.date(1899, 12, 30)

_CHINESE_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = re.compile(r"(\d{4})\s*年?(?:度)?")
_QUARTER = re.compile(r"(\d{4})\s*(?:[-/ ]?\s*q\s*([1-4])|年\s*第?\s*([一二三四1-4])\s*季度?)")
_QUARTER_FIRST = re.compile(r"q\s*([1-4])[\s,/-]*(\d{4})")
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月)")
_SCHOOL_YEAR = re.compile(r"(\d{4})\s*([-/—–~至])\s*(\d{4}|\d{2})\s*(?:学年|school year|academic year)?")
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        ((), ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
    )
    for name in names
}  # fmt: skip
_NAMED_MONTH = re.compile(r"([a-z]+)\.?,?\s+(\d{4})")


class PeriodError(ValueError):
    """Not a period we can read."""


def parse(raw: object) -> str:
    """The canonical spelling of the period ``raw`` names, or :class:`PeriodError`."""
    if isinstance(raw, dt.datetime | dt.date):
        serial = (dt.date(raw.year, raw.month, raw.day) - _EXCEL_EPOCH).days
        if 1900 <= serial <= 2100:  # a year typed into a date-formatted cell reads as mid-1905
            return str(serial)
        return f"{raw.year:04d}-{raw.month:02d}"
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if float(raw).is_integer() and 1900 <= raw <= 2100:
            return str(int(raw))
        raise PeriodError(raw)
    text = clean_cell(str(raw)).casefold().replace("学年度", "学年")
    if match := _YEAR.fullmatch(text):
        return _checked_year(match.group(1))
    if match := _QUARTER.fullmatch(text):
        year, q_latin, q_chinese = match.groups()
        return f"{_checked_year(year)}-Q{_CHINESE_QUARTERS[q_latin or q_chinese]}"
    if match := _QUARTER_FIRST.fullmatch(text):
        return f"{_checked_year(match.group(2))}-Q{match.group(1)}"
    if match := _SCHOOL_YEAR.fullmatch(text):
        school_year = _school_year(*match.groups())
        if school_year:
            return school_year
    if match := _MONTH.fullmatch(text):
        year, month_a, month_b = match.groups()
        return _month(year, month_a or month_b)
    if match := _NAMED_MONTH.fullmatch(text):
        name, year = match.groups()
        if name in _MONTH_NAMES:
            return _month(year, str(_MONTH_NAMES[name]))
    raise PeriodError(raw)


def _checked_year(text: str) -> str:
    if not 1900 <= int(text) <= 2100:
        raise PeriodError(text)
    return text


def _month(year: str, month: str) -> str:
    if not 1 <= int(month) <= 12:
        raise PeriodError(month)
    return f"{_checked_year(year)}-{int(month):02d}"


def _school_year(first: str, separator: str, second: str) -> str | None:
    """``2023/24``, or None when the text is a month after all (``2023-05``)."""
    start = int(_checked_year(first))
    end = int(second) if len(second) == 4 else (start + 1) // 100 * 100 + int(second)
    if end != start + 1:
        if len(second) == 4 or separator == "/" and int(second) > 12:
            raise PeriodError(second)
        return None
    if len(second) == 2 and separator != "/" and int(second) <= 12:
        return None  # 2011-12 reads as December 2011
    return f"{start}/{(start + 1) % 100:02d}"


def start(period: str) -> dt.date:
    """The first day of a period in canonical spelling."""
    if "/" in period:
        return dt.date(int(period[:4]), SCHOOL_YEAR_START_MONTH, 1)
    if "-Q" in period:
        return dt.date(int(period[:4]), (int(period[-1]) - 1) * 3 + 1, 1)
    if "-" in period:
        return dt.date(int(period[:4]), int(period[5:7]), 1)
    return dt.date(int(period), 1, 1)


def freq(period: str) -> str:
    """How long a period in canonical spelling is, as a chart's frequency: ``year`` (a year or a
    school year), ``quarter`` or ``month``."""
    return "year" if "/" in period or len(period) == 4 else "quarter" if "-Q" in period else "month"


def end(period: str) -> dt.date:
    """The last day of a period in canonical spelling."""
    first = start(period)
    months = 12 // PER_YEAR[freq(period)]
    following = dt.date(first.year + (first.month - 1 + months) // 12, (first.month - 1 + months) % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def starts(periods: pd.Series) -> pd.Series:
    """:func:`start` of every period in a column (missing stays missing), as datetime64."""
    distinct = {p: pd.Timestamp(start(p)) for p in periods.dropna().unique()}
    return pd.to_datetime(periods.map(distinct))


def label(period: str, lang: str) -> str:
    """``2023-Q2`` as “2023 Q2” or “2023年第2季度”, and so on."""
    year = int(period[:4])
    if "/" in period:  # 2023/24: the school year's end, as written in each language
        return t("period.school_year", lang, start=year, end=pick(period[5:], year + 1, lang))
    if "-Q" in period:
        return t("period.quarter", lang, year=year, quarter=period[-1])
    if "-" in period:
        return t("period.month", lang, year=year, month=int(period[5:7]))
    return t("period.year", lang, year=year)


# --- periods of a chart: years, quarters or months, numbered for fast counting -------------

PER_YEAR = {"year": 1, "quarter": 4, "month": 12}


def period_number(dates: pd.Series, freq: str) -> pd.Series:
    """Each date's chart period as a whole number (year × periods per year + index): cheap to count.
    NaN for no date."""
    per_year = PER_YEAR[freq]
    if not (isinstance(dates.dtype, np.dtype) and dates.dtype.kind == "M"):  # time zones and the like: pandas' way
        return (dates.dt.year * per_year + (dates.dt.month - 1) * per_year // 12).astype(float)
    values = dates.to_numpy()
    undated = np.isnat(values)
    months = _months(values, undated)
    numbers = ((months // 12 + 1970) * per_year + months % 12 * per_year // 12).astype(float)
    numbers[undated] = np.nan
    return pd.Series(numbers, index=dates.index, name=dates.name)


def _months(values: np.ndarray, undated: np.ndarray) -> np.ndarray:
    """The month of each of ``values`` (datetime64) as months since January 1970: looked up by day
    (a fifth of the time NumPy takes to work out months, a quarter of what pandas takes); the
    undated ones' are meaningless."""
    first, month_of_day = _month_of_day()
    days = (values.astype("datetime64[D]") - first).astype(np.int64)
    days[undated] = 0
    if days.size and (days.min() < 0 or days.max() >= len(month_of_day)):  # before 1900 or from 2200
        return np.where(undated, 0, values.astype("datetime64[M]").astype(np.int64))
    return month_of_day[days]


@functools.cache
def _month_of_day() -> tuple[np.datetime64, np.ndarray]:
    """The first day of the table, and the month (since January 1970) of each day from 1900 to 2199."""
    first = np.datetime64("1900-01-01", "D")
    return first, np.arange(first, np.datetime64("2200-01-01", "D")).astype("datetime64[M]").astype(np.int64)


def day_number(day: dt.date, freq: str) -> int:
    """One day's :func:`period_number`."""
    per_year = PER_YEAR[freq]
    return day.year * per_year + (day.month - 1) * per_year // 12


def chart_range(first: int, last: int, freq: str, start: int | None, end: int | None) -> tuple[int, int, int]:
    """The numbered periods a chart covers, given its data's first and last: (lo, hi, first shown).

    It runs from the first datum (or ``start``, if earlier) to ``end`` or else the later of the
    last datum and today; periods before ``start`` are counted (a cumulative line needs them)
    but not shown. ``first shown > hi`` means nothing is left to show."""
    per_year = PER_YEAR[freq]
    lo = min(first, start * per_year) if start else first
    today = day_number(clock.today(), freq)
    hi = (end + 1) * per_year - 1 if end else max(last, today)
    return lo, hi, max(lo, start * per_year) if start else lo


@functools.lru_cache(maxsize=256)
def period_starts(first: int, last: int, freq: str) -> pd.DatetimeIndex:
    """The first day of each numbered period from ``first`` to ``last``."""
    per_year = PER_YEAR[freq]
    return pd.DatetimeIndex(
        [pd.Timestamp(n // per_year, n % per_year * (12 // per_year) + 1, 1) for n in range(first, last + 1)]
    )
