"""The committed sample workbook is what scripts/make_sample.py writes, and holds the seed's figures."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from dashboard.analysis import metrics
from dashboard.analysis.snapshot import load
from dashboard.ingest.readers import read_path
from tests.support.paths import ROOT, SAMPLE

pytestmark = pytest.mark.databases  # on SQLite and on PostgreSQL


def test_sample_workbook_is_regenerated_by_its_script(tmp_path):
    out = tmp_path / "sample.xlsx"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample.py"), "--out", str(out)], check=True, capture_output=True
    )
    assert [(s.name, s.rows) for s in read_path(out)] == [(s.name, s.rows) for s in read_path(SAMPLE)]


def test_the_published_figures_hold_on_the_day_of_the_news_item_and_today(sample_store):
    records = load(sample_store)
    adopted_by_then = records["adoption"][records["adoption"]["adopted_on"] <= "2023-05-05"]
    assert adopted_by_then["standard_code"].nunique() == 23
    assert adopted_by_then["country"].nunique() == 15
    assert records["adoption"]["adopted_on"].dt.year.agg(["min", "max"]).tolist() == [2016, 2026]
    figures = metrics.headline(records, today=dt.date(2026, 11, 25))
    assert (figures["standards_adopted"], figures["adoption_countries"]) == (23, 15)
    assert (figures["centres"], figures["centre_countries"]) == (9, 7)
    symposium = records["event"][records["event"]["start_date"] == "2023-05-05"].iloc[0]
    assert symposium["institutions"] == 13 and symposium["kind"] == "symposium"
    chair = records["milestone"][records["milestone"]["kind"] == "unesco_chair"].iloc[0]
    assert chair["date"] == dt.datetime(2022, 5, 1)


def test_hong_kong_macao_and_taiwan_count_as_regions(sample_store):
    from dashboard.model import countries

    adopting = set(metrics.active_adoptions(load(sample_store))["country"])
    regions = {iso3 for iso3 in adopting if countries.by_iso3(iso3).is_region}
    assert regions == {"MAC"}
