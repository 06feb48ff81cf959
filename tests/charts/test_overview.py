"""The overview's charts say what they count: their bars add up to the headline figure they name."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import metrics
from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import load, snapshot
from dashboard.analysis.view import View
from dashboard.charts import catalogue, geo, trends


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_standards_chart_counts_standards_and_titles_both_axes(sample_store, lang):
    fig = catalogue.chart(View(Filters(lang=lang), snapshot(sample_store)), "adoptions-over-time")
    bars, line = fig.data
    standards = metrics.headline(load(sample_store))["standards_adopted"]
    assert sum(bars.y) == standards == 23  # standards adopted for the first time each year, not 71 adoptions
    assert max(line.y) == 15
    assert fig.layout.yaxis.title.text == bars.name and fig.layout.yaxis2.title.text == line.name


def test_a_yearly_axis_spans_exactly_the_years_shown_with_labels_in_their_middle():
    periods = pd.Series(pd.to_datetime(["2016-01-01", "2020-01-01", "2026-01-01"]))
    axis = trends.period_axis(periods, "year")
    assert axis["range"] == [pd.Timestamp("2016-01-01"), pd.Timestamp("2027-01-01")]  # no empty 2027 bar slot
    assert axis["ticklabelmode"] == "period" and axis["tickangle"] == 0 and axis["tickformat"] == "%Y"


def test_ties_are_broken_the_same_way_in_every_language(sample_store):
    records = load(sample_store)
    series = metrics.SERIES_BY_KEY["adoptions"]
    english, chinese = (geo.country_table(records, series, lang) for lang in ("en", "zh"))
    assert list(english["iso3"]) == list(chinese["iso3"])
    assert english["value"].duplicated().any(), "the sample has ties to break"
    by_country = [metrics.by_country(records["adoption"], lang)["iso3"].tolist() for lang in ("en", "zh")]
    assert by_country[0] == by_country[1]


def test_milestone_titles_stand_above_the_plot_where_no_bar_can_be_under_them(sample_store):
    fig = catalogue.chart(View(Filters(), snapshot(sample_store)), "trends")
    labels = [a for a in fig.layout.annotations if a.hovertext]
    assert len(labels) == 4
    assert all(a.y == 1 and a.yanchor == "bottom" and a.yshift > 0 for a in labels)
    assert fig.layout.margin.t >= 60 + 3 * 20  # the band they stand in
    framed = catalogue.framed(fig, "subtitle", "source")
    assert framed.layout.margin.t - catalogue.Frame().top == fig.layout.margin.t - 60  # kept in the export
