"""The Python API gives a notebook the dashboard's own numbers."""

from __future__ import annotations

import pytest

from dashboard import api

pytestmark = pytest.mark.databases  # on SQLite and on PostgreSQL


def test_the_api_gives_the_dashboards_figures_with_its_filters(sample_store):
    assert api.headline(sample_store)["adoption_countries"] == 15
    assert api.headline(sample_store, regions=["002"])["adoption_countries"] == 4
    asia = api.records(sample_store, regions=["142"])["adoption"]
    assert set(asia["region_code"].astype(str)) == {"142"}
    yearly = api.over_time(sample_store, "adoption_countries", cumulative=True, end=2023)
    assert yearly["value"].iloc[-1] == 15
    assert "adoption-map" in api.chart_names()
    figure = api.chart(sample_store, "adoption-map", lang="zh")
    assert figure.layout.title.text == "标准采用国家和地区分布"
