"""The trends and regions pages' pure functions on the sample data: figures, tables, settings."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.analysis import metrics
from dashboard.analysis.filters import Filters, apply
from dashboard.analysis.snapshot import load
from dashboard.charts import geo, trends
from dashboard.charts.trends import TrendSettings
from dashboard.model import countries


@pytest.fixture
def records(sample_store) -> dict[str, pd.DataFrame]:
    return load(sample_store)


def _annotation_texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


# --- over time ---------------------------------------------------------------------------------


def test_split_by_region_draws_one_trace_per_region_named_in_the_language(records):
    settings = TrendSettings(metric="adoptions", split="region")
    table = trends.trend_table(records, settings, "zh")
    fig = trends.trend_figure(table, settings, records["milestone"], "zh")
    regions = set(metrics.active_adoptions(records)["region_code"].dropna().astype(str))
    assert len(fig.data) == len(regions) >= 2
    assert {trace.name for trace in fig.data} == {countries.regions("zh")[code] for code in regions}
    assert fig.layout.showlegend is True


@pytest.mark.parametrize("series", metrics.SERIES, ids=lambda s: s.key)
def test_cumulative_ends_at_the_total(records, series):
    settings = TrendSettings(metric=series.key, mode="cumulative")
    everything = trends.trend_table(records, settings, "en")
    assert everything["value"].iloc[-1] == metrics.total(records, series)
    until_2024 = trends.trend_table(records, settings, "en", end=2024)
    assert until_2024["value"].iloc[-1] == metrics.total(records, series, at=dt.date(2024, 12, 31))


def test_cumulative_by_region_adds_up_to_the_total(records):
    settings = TrendSettings(metric="adoptions", mode="cumulative", split="region", freq="quarter")
    table = trends.trend_table(records, settings, "en", end=2023)
    last = table[table["period"] == table["period"].max()]
    assert last["value"].sum() == metrics.total(records, metrics.SERIES_BY_KEY["adoptions"], at=dt.date(2023, 12, 31))


def test_milestones_are_marked_on_the_time_axis(records):
    settings = TrendSettings()
    table = trends.trend_table(records, settings, "en")
    fig = trends.trend_figure(table, settings, records["milestone"], "en")
    shown = trends.milestones_shown(records["milestone"], table, "year")
    assert len(shown) == len(records["milestone"]) > 0
    assert len(fig.layout.shapes) == 2 * len(shown)  # a line through the plot, and on up to its title
    assert {pd.Timestamp(shape.x0) for shape in fig.layout.shapes} == set(shown["date"])
    for title in shown["title"]:
        assert any(title.startswith(text.rstrip("…")) for text in _annotation_texts(fig))

    later = trends.trend_table(records, settings, "en", start=2020)
    fig = trends.trend_figure(later, settings, records["milestone"], "en")
    assert len(fig.layout.shapes) == 2 * (records["milestone"]["date"] >= pd.Timestamp(2020, 1, 1)).sum()


def test_a_metric_without_data_says_so(records):
    bare = {**records, "training_centre": records["training_centre"].iloc[0:0]}
    settings = TrendSettings(metric="centres")
    fig = trends.trend_figure(trends.trend_table(bare, settings, "zh"), settings, records["milestone"], "zh")
    assert len(fig.data) == 0
    assert "暂无数据" in _annotation_texts(fig)


def test_the_table_holds_the_chart_numbers(records):
    settings = TrendSettings(metric="events", split="subregion", freq="quarter")
    table = trends.trend_table(records, settings, "en")
    rows = trends.trend_rows(table, settings, "en")
    assert len(rows) == table["period"].nunique()
    assert list(rows.columns[:1]) == ["Period"] and rows.columns[-1] == "Total"
    assert rows["Total"].astype(int).sum() == table["value"].sum() == len(records["event"])
    assert rows["Period"].iloc[0].startswith(str(table["period"].min().year)) and " Q" in rows["Period"].iloc[0]
    fig = trends.trend_figure(table, settings, records["milestone"], "en")
    assert sum(sum(trace.y) for trace in fig.data) == table["value"].sum()


def test_distinct_counts_get_no_total_column(records):
    settings = TrendSettings(metric="standards_adopted", split="region")
    rows = trends.trend_rows(trends.trend_table(records, settings, "zh"), settings, "zh")
    assert "合计" not in rows.columns and rows.columns[0] == "时间"


def test_settings_round_trip_through_the_url():
    settings = TrendSettings(metric="centres", freq="quarter", mode="cumulative", split="region")
    query = settings.query(Filters(start=2019, lang="zh"))
    filters = Filters.from_query(query)
    assert filters.start == 2019 and filters.lang == "zh"
    assert TrendSettings.from_extra(filters.extra) == settings
    assert TrendSettings().query(Filters()) == ""  # defaults stay out of the URL
    unknown = {"metric": "nonsense", "freq": "week", "split": "<b>"}
    assert TrendSettings.from_extra(unknown, records={}) == TrendSettings()  # no such indicator either


def test_period_labels():
    day = pd.Timestamp(2019, 7, 1)
    assert [trends.period_label(day, f, "en") for f in trends.FREQS] == ["2019", "2019 Q3", "2019-07"]
    assert [trends.period_label(day, f, "zh") for f in trends.FREQS] == ["2019年", "2019年第3季度", "2019年7月"]


# --- by region ---------------------------------------------------------------------------------


def test_country_table_is_sorted_and_named_in_chinese(records):
    series = metrics.SERIES_BY_KEY["adoptions"]
    table = geo.country_table(records, series, "zh")
    assert list(table["value"]) == sorted(table["value"], reverse=True)
    for _, codes in table.groupby("value", sort=False)["iso3"]:
        assert list(codes) == sorted(codes)  # ties by code: the same order in every language
    kenya = table.set_index("iso3").loc["KEN"]
    assert (kenya["country"], kenya["region"]) == ("肯尼亚", "非洲")
    assert table["value"].sum() == metrics.total(records, series)
    assert set(table["iso3"]) == set(metrics.per_country(records, series)["iso3"])


def test_groups_count_distinct_values_once(records):
    standards = metrics.SERIES_BY_KEY["standards_adopted"]
    by_region = geo.group_table(records, standards, "region_code", "en")
    adopted = metrics.active_adoptions(records)
    for row in by_region.itertuples():
        assert row.value == adopted[adopted["region_code"] == row.code]["standard_code"].nunique()
    by_subregion = geo.group_table(records, metrics.SERIES_BY_KEY["adoptions"], "subregion_code", "en")
    assert by_subregion["value"].sum() == len(adopted)
    assert "Eastern Africa" in set(by_subregion["name"])


def test_the_map_shows_the_whole_world_by_iso3(records):
    series = metrics.SERIES_BY_KEY["adoption_countries"]
    table = geo.country_table(records, series, "en")
    fig = geo.metric_map(table, series, "en")
    choropleth, points = fig.data
    assert choropleth.locationmode == "ISO-3" and fig.layout.geo.fitbounds is False
    assert len(table) == 15 and set(choropleth.locations) | set(points.customdata) == set(table["iso3"])
    assert list(points.customdata) == ["MAC"]  # too small for the map's outlines: a point that can be seen and clicked
    assert fig.layout.coloraxis.cmin == 0 and fig.layout.coloraxis.colorbar.title.text == series.label("en")


def test_a_click_on_a_small_places_point_names_it():
    assert geo.country_from_click({"points": [{"lat": 22.1, "lon": 113.6, "customdata": "MAC"}]}) == "MAC"


def test_a_region_filter_keeps_its_countries_only(records):
    african = apply(records, Filters(regions=("002",)))
    table = geo.country_table(african, metrics.SERIES_BY_KEY["adoptions"], "en")
    assert len(table) > 0 and set(table["region"]) == {"Africa"}


def test_a_map_click_names_a_country():
    assert geo.country_from_click({"points": [{"location": "KEN", "z": 6}]}) == "KEN"
    assert geo.country_from_click({"points": [{"x": 1}]}) is None
    assert geo.country_from_click(None) is None


# --- one country -------------------------------------------------------------------------------


def test_the_country_profile_lists_kenyas_records(records):
    profile = geo.country_profile(records, "KEN", "zh")
    for name, frame in profile.items():
        raw = records[name][records[name]["country"].astype(str) == "KEN"]
        assert len(frame) == len(raw) > 0, name
        assert all(isinstance(cell, str) for cell in frame.to_numpy().ravel())
    adoptions = profile["adoption"]
    assert set(adoptions["采用机构"]) == set(records["adoption"].query("country == 'KEN'")["institution"])
    assert list(adoptions["采用日期"]) == sorted(adoptions["采用日期"], reverse=True)
    assert set(adoptions["状态"]) <= {"已采用", "已认可", "试点中", "已撤回"}
    assert "Kenya-China Vocational Training Centre" in set(profile["training_centre"]["中心名称"])
    partners = set(profile["partner"]["机构名称"])
    assert set(profile["agreement"]["合作机构"]) <= partners  # agreements come through the partner


def test_a_country_without_records_has_empty_sections(records):
    profile = geo.country_profile(records, "ISL", "en")
    assert all(frame.empty for frame in profile.values())
    assert list(profile["adoption"].columns) == [
        "Standard code",
        "Title",
        "Adopting institution",
        "Date adopted",
        "Status",
    ]
