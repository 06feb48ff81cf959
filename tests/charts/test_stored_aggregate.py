"""Every chart drawn by a new worker from the stored aggregate is the chart drawn from every record."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.analysis import snapshot
from dashboard.analysis.filters import Filters
from dashboard.analysis.view import View
from dashboard.charts import catalogue
from dashboard.store import cache

QUERIES = ("", "?from=2019&to=2021&region=002,142&lang=zh&metric=countries")


@pytest.fixture
def both(sample_store, tmp_path, monkeypatch):
    """The sample's snapshot read whole, and as a worker started afterwards reads it."""
    monkeypatch.setenv("COOPDASH_CACHE_URL", str(tmp_path / "cache"))
    snapshot.clear()
    cache.clear()
    whole = snapshot.snapshot(sample_store)
    snapshot.clear()
    cache.clear()
    stored = snapshot.snapshot(sample_store)
    assert not stored.records.is_read("adoption")
    yield whole, stored
    snapshot.clear()
    cache.clear()


@pytest.mark.parametrize("query", QUERIES)
def test_every_chart_and_card_from_the_stored_aggregate_is_the_one_from_every_record(both, query):
    whole, stored = both
    filters = Filters.from_query(query)
    for name in catalogue.CHARTS:
        assert catalogue.chart(View(filters, stored), name) == catalogue.chart(View(filters, whole), name), name
    day = dt.date(2025, 6, 30)
    assert catalogue.cards(View(filters, stored), day) == catalogue.cards(View(filters, whole), day)
    assert catalogue.indicator_cards(View(filters, stored), day) == catalogue.indicator_cards(View(filters, whole), day)
    assert not stored.records.is_read("adoption")  # drawn from the aggregate alone
