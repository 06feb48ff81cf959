"""The overview's charts say what they count: their bars add up to the headline figure they name."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import metrics
from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import load, snapshot
from dashboard.analysis.view import View
from dashboard.charts import catalogue, trends


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
