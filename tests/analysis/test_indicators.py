"""Indicators kept as totals: their periods, their validation, and how their values combine."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from dashboard.analysis import indicators, metrics
from dashboard.analysis.snapshot import load
from dashboard.batches.importer import import_path
from dashboard.batches.rollback import rollback
from dashboard.charts import geo, trends
from dashboard.charts.trends import TrendSettings
from dashboard.ingest.workbook import write_workbook
from dashboard.model import periods

STUDENTS = {
    "code": "students",
    "name_en": "International students enrolled",
    "name_zh": "在校留学生人数",
    "unit": "students",
    "over_time": "Latest",
    "over_places": "Sum",
}
TRAINED = {"code": "trained", "name_en": "Teachers trained", "unit": "people", "over_time": "Sum"}


def _import(store, tmp_path, name="totals.xlsx", **records):
    return import_path(store, write_workbook(tmp_path / name, records))


# --- periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored", "first_day"),
    [
        ("2023", "2023", dt.date(2023, 1, 1)),
        (2023, "2023", dt.date(2023, 1, 1)),
        ("2023年", "2023", dt.date(2023, 1, 1)),
        ("2023-Q2", "2023-Q2", dt.date(2023, 4, 1)),
        ("2023 q2", "2023-Q2", dt.date(2023, 4, 1)),
        ("Q3 2023", "2023-Q3", dt.date(2023, 7, 1)),
        ("2023年第二季度", "2023-Q2", dt.date(2023, 4, 1)),
        ("2023年第4季度", "2023-Q4", dt.date(2023, 10, 1)),
        ("2023-05", "2023-05", dt.date(2023, 5, 1)),
        ("2023/5", "2023-05", dt.date(2023, 5, 1)),
        ("2023年5月", "2023-05", dt.date(2023, 5, 1)),
        ("May 2023", "2023-05", dt.date(2023, 5, 1)),
        (dt.datetime(2023, 5, 17), "2023-05", dt.date(2023, 5, 1)),
        ("2023/24", "2023/24", dt.date(2023, 9, 1)),
        ("2023-24", "2023/24", dt.date(2023, 9, 1)),
        ("2023-2024", "2023/24", dt.date(2023, 9, 1)),
        ("2023—2024学年", "2023/24", dt.date(2023, 9, 1)),
        ("2011-12", "2011-12", dt.date(2011, 12, 1)),  # a month: the school year is written 2011/12
    ],
)
def test_every_period_spelling_is_read_and_stored_one_way(written, stored, first_day):
    assert periods.parse(written) == stored
    assert periods.start(stored) == first_day


@pytest.mark.parametrize("written", ["2023/26", "2023-13", "2023-Q5", "next year", "1066", 12.5])
def test_what_is_not_a_period_is_refused(written):
    with pytest.raises(periods.PeriodError):
        periods.parse(written)


def test_values_in_every_period_format_import_through_the_usual_path(store, tmp_path):
    written = ["2021", "2022-Q2", "2022年第三季度", "2022-11", "2023年5月", "2023/24"]
    values = [{"indicator": "trained", "period": p, "value": f"{10 * (i + 1):,}"} for i, p in enumerate(written)]
    result = _import(store, tmp_path, indicator=[TRAINED], indicator_value=values)
    assert result.status == "committed", result.problems
    assert result.counts["indicator_value"].new == 6
    stored = store.records("indicator_value")
    assert sorted(stored["period"]) == sorted(["2021", "2022-Q2", "2022-Q3", "2022-11", "2023-05", "2023/24"])
    assert stored["value"].sum() == 210.0
    assert pd.api.types.is_datetime64_any_dtype(stored["period_start"])

    again = _import(store, tmp_path, name="again.xlsx", indicator=[TRAINED], indicator_value=values)
    assert again.status == "committed" and again.batch is None  # the same periods: nothing new


def test_bad_numbers_periods_units_and_indicators_are_reported_by_cell(store, tmp_path):
    values = [
        {"indicator": "students", "period": "2023", "value": "about 40", "unit": "students"},
        {"indicator": "students", "period": "sometime", "value": 40},
        {"indicator": "students", "period": "2024", "value": 41, "unit": "people"},
        {"indicator": "nobody", "period": "2024", "value": 3},
        {"indicator": "students", "period": "2025", "value": 42, "unit": "Students"},  # a unit's case is no error
    ]
    result = _import(store, tmp_path, indicator=[STUDENTS], indicator_value=values)
    assert result.status == "rejected"
    found = {(p.code, p.row, p.column) for p in result.errors}
    assert found == {
        ("bad_number", 2, "Value"),
        ("bad_period", 3, "Period"),
        ("unit_mismatch", 4, "Unit"),
        ("unknown_reference", 5, "Indicator code"),
    }
    mismatch = next(p for p in result.errors if p.code == "unit_mismatch")
    assert "counted in “students”" in mismatch.message() and "“people”" in mismatch.message()
    assert "单位“people”" in mismatch.message("zh")
    assert store.records("indicator_value").empty  # nothing written


def test_a_unit_is_checked_against_a_definition_imported_earlier(store, tmp_path):
    assert _import(store, tmp_path, name="defs.xlsx", indicator=[STUDENTS]).status == "committed"
    wrong = [{"indicator": "students", "period": "2024", "value": 41, "unit": "hours"}]
    result = _import(store, tmp_path, indicator_value=wrong)
    assert [p.code for p in result.errors] == ["unit_mismatch"]


def test_an_indicator_upload_rolls_back_like_any_other(store, tmp_path):
    five = [{"indicator": "trained", "period": "2023", "value": 5}]
    first = _import(store, tmp_path, indicator=[TRAINED], indicator_value=five)
    second = _import(
        store, tmp_path, name="fix.xlsx", indicator_value=[{"indicator": "trained", "period": "2023", "value": 7}]
    )
    assert second.counts["indicator_value"].updated == 1
    assert store.records("indicator_value")["value"].tolist() == [7.0]
    rollback(store, second.batch, user="test")
    assert store.records("indicator_value")["value"].tolist() == [5.0]
    assert first.batch is not None


# --- combining ----------------------------------------------------------------------------------


@pytest.fixture
def combined(store, tmp_path):
    """Students (a stock) per school year and country; teachers trained (a flow) per quarter."""
    students = [
        ("2022/23", "Thailand", 100),
        ("2023/24", "Thailand", 120),
        ("2022/23", "Kenya", 30),
        ("2023/24", "Kenya", 40),
        ("2023/24", "Egypt", 10),
    ]
    values = [
        {"indicator": "students", "period": p, "country": c, "value": v, "unit": "students"} for p, c, v in students
    ]
    values += [
        {"indicator": "trained", "period": f"2023-Q{q}", "country": "Thailand", "value": 10 * q} for q in (1, 2, 3, 4)
    ]
    values += [{"indicator": "trained", "period": "2024-Q1", "country": "Kenya", "value": 7}]
    assert _import(store, tmp_path, indicator=[STUDENTS, TRAINED], indicator_value=values).status == "committed"
    return load(store)


def _yearly(records, code, **options) -> dict:
    table = metrics.over_time(records, indicators.find(records, code), end=2024, **options)
    return {(row.period.year, getattr(row, "region_code", None)): row.value for row in table.itertuples()}


def test_a_stock_is_never_summed_over_time_and_a_flow_is(combined):
    students = metrics.over_time(combined, indicators.find(combined, "students"), end=2024)["value"].tolist()
    assert students[:2] == [130.0, 170.0] and math.isnan(students[2])  # 2024: no figure, not zero
    assert _yearly(combined, "trained") == {(2023, None): 100.0, (2024, None): 7.0}
    cumulative = metrics.over_time(combined, indicators.find(combined, "trained"), cumulative=True, end=2024)
    assert cumulative["value"].tolist() == [100.0, 107.0]
    carried = metrics.over_time(combined, indicators.find(combined, "students"), cumulative=True, end=2024)
    assert carried["value"].tolist() == [130.0, 170.0, 170.0]  # the last level carries forward


def test_by_region_places_sum_within_each_period_then_the_latest_period_counts(combined):
    by_region = _yearly(combined, "students", split="region_code")
    assert by_region[(2023, "142")] == 120.0  # Asia: Thailand
    assert by_region[(2023, "002")] == 50.0  # Africa: Kenya + Egypt
    assert by_region[(2022, "002")] == 30.0
    regions = geo.group_table(combined, indicators.find(combined, "students"), "region_code", "en")
    assert dict(zip(regions["name"], regions["value"])) == {"Asia": 120, "Africa": 50}


def test_per_country_combines_over_time_by_the_rule(combined):
    students = metrics.per_country(combined, indicators.find(combined, "students"))
    assert dict(zip(students["iso3"], students["value"])) == {"THA": 120.0, "KEN": 40.0, "EGY": 10.0}
    trained = metrics.per_country(combined, indicators.find(combined, "trained"))
    assert dict(zip(trained["iso3"], trained["value"])) == {"THA": 100.0, "KEN": 7.0}


def test_a_total_given_for_a_place_wins_over_the_figures_within_it(store, tmp_path):
    centre = {"code": "trainees", "name_en": "Trainees", "unit": "people"}
    values = [
        {"indicator": "trainees", "period": "2023", "country": "Thailand", "partner": "Centre A", "value": 5},
        {"indicator": "trainees", "period": "2023", "country": "Thailand", "partner": "Centre B", "value": 7},
        {"indicator": "trainees", "period": "2024", "country": "Thailand", "partner": "Centre A", "value": 5},
        {"indicator": "trainees", "period": "2024", "country": "Thailand", "value": 20},  # the country's own total
        {"indicator": "trainees", "period": "2024", "country": "Kenya", "value": 3},
        {"indicator": "trainees", "period": "2025", "country": "Kenya", "value": 3},
        {"indicator": "trainees", "period": "2025", "value": 50},  # the university's own total
    ]
    assert _import(store, tmp_path, indicator=[centre], indicator_value=values).status == "committed"
    records = load(store)
    table = metrics.over_time(records, indicators.find(records, "trainees"), end=2025)
    assert table["value"].tolist() == [12.0, 23.0, 50.0]


@pytest.mark.parametrize(("rule", "expected"), [("Average", 15.0), ("Maximum", 20.0), ("Sum", 30.0)])
def test_average_and_maximum_over_countries(store, tmp_path, rule, expected):
    rate = {"code": "rate", "name_en": "Rate", "unit": "%", "over_time": "Latest", "over_places": rule}
    values = [
        {"indicator": "rate", "period": "2024", "country": "Thailand", "value": 10},
        {"indicator": "rate", "period": "2024", "country": "Kenya", "value": 20},
    ]
    assert _import(store, tmp_path, indicator=[rate], indicator_value=values).status == "committed"
    records = load(store)
    assert indicators.value_at(records, indicators.find(records, "rate"), dt.date(2024, 12, 31)) == expected


def test_an_indicator_is_a_metric_of_the_trends_page_and_the_map(combined):
    assert "students" in [figure.key for figure in metrics.choices(combined)]
    settings = TrendSettings.from_extra({"metric": "students"}, combined)
    table = trends.trend_table(combined, settings, "en", end=2024)
    fig = trends.trend_figure(table, settings, combined["milestone"], "en")
    assert fig.layout.title.text.startswith("International students enrolled per year")
    assert fig.layout.yaxis.title.text == "students"
    country_table = geo.country_table(combined, settings.series, "zh")
    assert dict(zip(country_table["country"], country_table["value"])) == {"泰国": 120, "肯尼亚": 40, "埃及": 10}
    fig = geo.metric_map(country_table, settings.series, "en")
    choropleth = next(trace for trace in fig.data if trace.type == "choropleth")
    assert dict(zip(choropleth.locations, choropleth.z)) == {"THA": 120, "KEN": 40, "EGY": 10}
    assert "International students enrolled" in fig.layout.title.text


# --- edge cases a review found --------------------------------------------------------------------


def test_places_reporting_at_different_rhythms_all_count_in_a_stock(store, tmp_path):
    values = [
        {"indicator": "students", "period": "2023", "country": "Thailand", "value": 100},
        {"indicator": "students", "period": "2023-Q4", "country": "Laos", "value": 50},
        {"indicator": "students", "period": "2023-Q1", "country": "Laos", "value": 40},
    ]
    assert _import(store, tmp_path, indicator=[STUDENTS], indicator_value=values).status == "committed"
    records = load(store)
    students = indicators.find(records, "students")
    assert _yearly(records, "students")[(2023, None)] == 150.0  # each place's latest level, then the sum
    assert indicators.value_at(records, students, dt.date(2023, 12, 31)) == 150.0
    regions = geo.group_table(records, students, "region_code", "en")
    assert dict(zip(regions["name"], regions["value"])) == {"Asia": 150}


def test_a_window_with_no_figure_in_it_is_empty_not_an_error(store, tmp_path):
    planned = [{"indicator": "trained", "period": "2030", "value": 10}]
    assert _import(store, tmp_path, indicator=[TRAINED], indicator_value=planned).status == "committed"
    records = load(store)
    trained = indicators.find(records, "trained")
    assert indicators.yearly_figure(records, trained, dt.date(2026, 6, 1)) is None
    assert metrics.over_time(records, trained, start=2031).empty
    settings = TrendSettings.from_extra({"metric": "trained"}, records)
    assert trends.trend_table(records, settings, "en", start=2031).empty


def test_an_indicator_code_may_not_be_the_name_of_a_tracked_figure(store, tmp_path):
    taken = {"code": "Partners", "name_en": "Partners we count another way", "unit": "partners"}
    result = _import(store, tmp_path, indicator=[taken])
    assert [(p.code, p.row) for p in result.errors] == [("reserved_code", 2)]
    assert "Partners_total" in result.errors[0].fix()


def test_units_are_compared_as_written_so_percent_is_not_per_mille(store, tmp_path):
    rate = {"code": "rate", "name_en": "Completion rate", "unit": "%", "over_time": "Latest", "over_places": "Average"}
    values = [
        {"indicator": "rate", "period": "2024", "value": 91.5, "unit": " % "},
        {"indicator": "rate", "period": "2025", "value": 915, "unit": "‰"},
    ]
    result = _import(store, tmp_path, indicator=[rate], indicator_value=values)
    assert [(p.code, p.row) for p in result.errors] == [("unit_mismatch", 3)]


def test_a_school_year_across_the_century_reads_back(store):
    assert periods.parse("1999/00") == "1999/00"
    assert periods.end("1999/00") == dt.date(2000, 8, 31)
    assert periods.end("2024-Q4") == dt.date(2024, 12, 31) and periods.end("2024-02") == dt.date(2024, 2, 29)


def test_a_countrys_page_lists_its_indicator_figures_by_name_newest_first(combined):
    profile = geo.country_profile(combined, "THA", "en")["indicator_value"]
    first = profile.iloc[0].tolist()
    assert first[:2] == ["Teachers trained", "2023 Q4"] and first[3] == "40"  # starts in October
    students = profile[profile["Indicator code"] == "International students enrolled"]
    assert students["Period"].tolist() == ["2023/24", "2022/23"] and students["Value"].tolist() == ["120", "100"]
