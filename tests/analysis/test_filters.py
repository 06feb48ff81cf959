"""The two plain time settings: the figures *on* a day, and the data *as recorded on* a day."""

from __future__ import annotations

import datetime as dt

from dashboard.analysis import metrics
from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import snapshot
from dashboard.analysis.view import View


def test_both_days_survive_the_url():
    filters = Filters.from_query("?on=2023-05-05&as_of=2026-01-31&lang=zh")
    assert filters.on == dt.date(2023, 5, 5) and filters.as_of == dt.date(2026, 1, 31)
    assert Filters.from_query(filters.to_query()) == filters
    assert Filters.from_query("?on=not-a-day").on is None


def test_figures_on_a_day_end_the_records_that_day_and_the_charts_that_year():
    filters = Filters(end=2024, on=dt.date(2023, 5, 5))
    assert filters.date_range[1].date() == dt.date(2023, 5, 5)
    assert filters.last_year == 2023
    assert Filters(end=2021, on=dt.date(2023, 5, 5)).date_range[1].date() == dt.date(2021, 12, 31)


def test_the_overview_on_the_news_items_day_gives_its_figures(sample_store):
    view = View(Filters(on=dt.date(2023, 5, 5)), snapshot(sample_store))
    figures = metrics.headline(view.history, today=view.today)
    assert [figures[k] for k in ("standards_adopted", "adoption_countries", "centres", "centre_countries")] == [
        23,
        15,
        9,
        7,
    ]
    assert view.today == dt.date(2023, 5, 5)
    assert metrics.headline(view.yearly, today=view.today) == figures  # cut at the day, not the year
