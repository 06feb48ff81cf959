"""Every figure on a page keeps to one window, and says so: the chosen years bound the charts,
the page names what is a total, targets show only for the whole university, an indicator is
drawn no finer than it is reported ("not reported" is not 0), and an empty chart says why."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from dashboard.analysis import indicators
from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import snapshot
from dashboard.analysis.view import View
from dashboard.batches.importer import import_path
from dashboard.charts import catalogue
from dashboard.charts.base import is_empty
from dashboard.charts.trends import TrendSettings, trend_figure, trend_rows, trend_table
from dashboard.exports import report
from dashboard.model import clock
from dashboard.store.store import Store
from tests.support.paths import SAMPLE


@pytest.fixture(scope="module")
def sample():
    """The sample's snapshot, read once for the module (SQLite: these are pure functions of it)."""
    store = Store("sqlite://")
    import_path(store, SAMPLE)
    return snapshot(store)


def view(sample, query: str) -> View:
    return View(Filters.from_query(query), sample)


def annotation(fig) -> str:
    return fig.layout.annotations[0].text.replace("<br>", " ")


def test_the_chart_by_year_shows_the_chosen_years_and_counts_what_came_before(sample):
    everything = catalogue.chart(view(sample, ""), "adoptions-over-time")
    chosen = catalogue.chart(view(sample, "?from=2020&to=2022"), "adoptions-over-time")
    bars, line = chosen.data
    assert list(bars.x) == [2020, 2021, 2022]  # not 2016–2026
    years = list(everything.data[1].x)
    assert list(line.y) == [everything.data[1].y[years.index(y)] for y in (2020, 2021, 2022)]  # running totals


def test_the_milestones_are_those_of_the_chosen_years(sample):
    shown = catalogue.chart(view(sample, "?from=2022&to=2022"), "milestones")
    dates = pd.to_datetime([d for trace in shown.data for d in trace.x])
    assert len(dates) and all(d.year == 2022 for d in dates)


@pytest.mark.parametrize(("lang", "words"), [("en", ["2022-12-31", "2020–2022"]), ("zh", ["2022-12-31", "2020–2022"])])
def test_the_overview_says_which_figures_are_totals_and_which_follow_the_years(sample, lang, words):
    chosen = view(sample, f"?from=2020&to=2022&lang={lang}")
    note = catalogue.window_note(chosen, "overview")
    assert all(word in note for word in words)
    assert ("totals" in note) if lang == "en" else ("累计" in note)
    assert "2020–2022" in catalogue.window_note(chosen, "regions")
    partners = catalogue.window_note(chosen, "partners")
    assert "2022-12-31" in partners and chosen.today.isoformat() in partners  # totals then; expiring now


def test_targets_show_for_the_whole_university_only(sample):
    assert catalogue.targets(view(sample, "?from=2020&to=2022"))  # years do not narrow what is counted
    for narrowed in ("?region=142", "?country=KEN", "?status=active"):
        assert catalogue.targets(view(sample, narrowed)) is None
    table = report.target_table(view(sample, "?region=142"), view(sample, "").today)
    assert not table.rows and "whole university" in table.empty


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_chart_emptied_by_the_filters_says_so_and_names_them(sample, lang):
    fig = catalogue.chart(view(sample, f"?from=2099&lang={lang}"), "adoptions-over-time")
    assert is_empty(fig) and "2099" in annotation(fig)
    assert "No data yet" not in annotation(fig) and "暂无数据" not in annotation(fig)


def test_an_indicator_reported_for_the_whole_university_says_it_cannot_be_split(sample):
    trained = indicators.find(sample.records, "teachers_trained")
    assert not indicators.by_place(sample.records, trained)
    chart = catalogue.trend_chart(view(sample, "?metric=teachers_trained&split=region"))
    assert is_empty(chart.figure) and "whole university" in annotation(chart.figure)
    regions = catalogue.chart(view(sample, "?metric=teachers_trained"), "regions-by-region")
    assert is_empty(regions) and "whole university" in annotation(regions)


def test_a_yearly_indicator_asked_for_by_quarter_is_drawn_by_year_and_the_page_says_why(sample):
    students = indicators.find(sample.records, "intl_students")
    assert indicators.reported_every(sample.records, students) == "year"
    chart = catalogue.trend_chart(view(sample, "?metric=intl_students&freq=quarter"))
    assert chart.asked.freq == "quarter" and chart.settings.freq == "year"
    assert "reported by year" in chart.note
    assert (chart.table["period"].dt.month == 1).all()  # a bar per year, none in three quarters of four
    quarterly = catalogue.trend_chart(view(sample, "?metric=teachers_trained&freq=quarter"))
    assert quarterly.settings.freq == "quarter" and not quarterly.note  # reported by quarter: drawn so


def test_a_year_without_a_figure_reads_not_reported_rather_than_zero(sample):
    records = dict(sample.records)
    values = records["indicator_value"]
    records["indicator_value"] = values[~((values["indicator"] == "centre_trainees") & (values["period"] == "2020"))]
    trainees = indicators.find(records, "centre_trainees")
    settings = dataclasses.replace(TrendSettings(metric="centre_trainees"), figure=trainees)
    table = trend_table(records, settings, "en")
    gap = table[table["period"].dt.year == 2020]
    assert len(gap) == 1 and gap["value"].isna().all()
    rows = trend_rows(table, settings, "en").set_index("Period")
    assert rows.loc["2020"].iloc[0] == "Not reported" and rows.loc["2021"].iloc[0] != "Not reported"
    fig = trend_figure(table, settings, records["milestone"], "en")
    marked = [trace for trace in fig.data if trace.name == "Not reported"]
    years = [pd.Timestamp(x).year for x in marked[0].x]
    assert len(marked) == 1 and 2020 in years and 2021 not in years
    assert fig.layout.showlegend  # the cross is named
    this_year = clock.today().year  # under way: not yet due, so not marked
    assert this_year not in years and rows.loc[str(this_year)].iloc[0] == "Not yet reported"
