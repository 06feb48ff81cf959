"""A date's chart period, worked out by NumPy from a table of days, is the one its calendar year
and month give, for any date, unit and missing value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.model.periods import PER_YEAR, period_number


def by_calendar(dates: pd.Series, freq: str) -> pd.Series:
    per_year = PER_YEAR[freq]
    return (dates.dt.year * per_year + (dates.dt.month - 1) * per_year // 12).astype(float)


DAYS = [
    "1969-12-31 23:59",  # the day before NumPy's epoch: a month below zero
    "1970-01-01",
    "1899-12-31",  # before the table of days
    "1900-01-01",
    "2024-02-29 12:00",
    "2024-03-31",
    "2199-12-31 23:00",
    "2200-01-01",  # after it
    "2262-04-11",
    None,
]


@pytest.mark.parametrize("freq", list(PER_YEAR))
@pytest.mark.parametrize("unit", ["ns", "us", "s"])
def test_every_date_falls_in_its_calendar_period(freq, unit):
    rng = np.random.default_rng(7)
    spread = pd.to_datetime(rng.integers(-(10**9), 2 * 10**9, 5_000), unit="s")
    dates = pd.Series([*pd.to_datetime(DAYS, format="mixed"), *spread], name="adopted_on").astype(f"datetime64[{unit}]")
    dates[::9] = pd.NaT
    pd.testing.assert_series_equal(period_number(dates, freq), by_calendar(dates, freq))
    for part in (dates.iloc[0:0], dates.iloc[-1:0:-3], pd.Series([pd.NaT] * 3, dtype=f"datetime64[{unit}]")):
        pd.testing.assert_series_equal(period_number(part, freq), by_calendar(part, freq))


def test_dates_with_a_time_zone_are_read_in_it():
    dates = pd.Series(pd.to_datetime(["2023-12-31 23:30", "2024-01-01 00:30"]).tz_localize("Asia/Shanghai"))
    assert period_number(dates, "year").tolist() == [2023.0, 2024.0]
