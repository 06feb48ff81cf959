"""The overview's words and numbers come from the data."""

from __future__ import annotations

import datetime as dt

from dashboard.analysis import insights, snapshot, trace
from dashboard.analysis.filters import Filters, apply

TODAY = dt.date(2026, 11, 25)


def test_trend_gives_now_a_year_ago_and_yearly_history(sample_store):
    records = snapshot.load(sample_store)
    adoptions = insights.trend(records, "adoptions", TODAY)
    assert adoptions.value == 71
    assert adoptions.change == adoptions.value - adoptions.last_year == 8  # adopted in 2026
    assert adoptions.history[-1] == (2026, 71)
    assert [year for year, _ in adoptions.history] == list(range(2019, 2027))
    countries = insights.trend(records, "adoption_countries", TODAY)
    assert (countries.value, countries.change) == (15, 0)


def test_targets_show_progress_and_a_trend_forecast(sample_store):
    records = snapshot.load(sample_store)
    progress = {p.figure: p for p in insights.progress(records, TODAY)}
    assert set(progress) == {"standards_adopted", "adoption_countries", "centres", "adoptions"}
    countries = progress["adoption_countries"]
    assert (countries.value, countries.target, countries.due) == (15, 20, dt.date(2027, 1, 1))
    assert countries.forecast == 15 and not countries.on_track  # no new country in three years
    adoptions = progress["adoptions"]
    assert adoptions.forecast > adoptions.value


def test_summary_is_written_from_the_data(sample_store):
    records = snapshot.load(sample_store)
    text = insights.summary(records, "en", TODAY)
    assert text.startswith("In 2025 no new country or region adopted our standards, but there were 11 new adoptions.")
    assert "now adopted in 15 countries and regions" in text
    up_to_2021 = apply(records, Filters(end=2021), history=True)
    text = insights.summary(up_to_2021, "en", dt.date(2021, 12, 31))
    assert text.startswith("In 2021, 3 more countries and regions adopted our standards")
    assert "10 countries and regions" in text
    assert insights.summary(records, "zh", TODAY).startswith("2025 年没有新的国家和地区采用我校标准")


def test_the_records_behind_a_figure(sample_store):
    records = snapshot.load(sample_store)
    name, frame = trace.behind(records, "centre_countries")
    assert name == "training_centre" and len(frame) == 9
    name, frame = trace.behind(records, "adoptions", country="KEN")
    assert name == "adoption" and set(frame["country"].astype(str)) == {"KEN"}
    assert frame["origin_batch"].eq(1).all() and frame["source_row"].gt(3).all()


def test_distinct_figures_drawn_from_the_same_records_do_not_share_results(sample_store):
    records = snapshot.load(sample_store)
    assert insights.trend(records, "adoption_countries", TODAY).value == 15
    assert insights.trend(records, "standards_adopted", TODAY).value == 23
    assert insights.trend(records, "centre_countries", TODAY).value == 7


def test_text_from_the_data_is_never_read_as_markup_in_charts():
    import pandas as pd

    from dashboard.charts.overview import milestones_timeline

    hostile = '<a href="https://example.invalid">click</a>'
    frame = pd.DataFrame({"title": [hostile], "date": [pd.Timestamp("2022-05-01")], "kind": ["other"]})
    figure = milestones_timeline(frame, "en", {})
    assert "<a" not in figure.layout.annotations[0].text and "&lt;a" in figure.layout.annotations[0].text
    assert figure.data[0].text == ('&lt;a href="https://example.invalid"&gt;click&lt;/a&gt;',)


def test_records_without_their_optional_date_still_count(store, tmp_path):
    from dashboard.batches.importer import import_path
    from dashboard.ingest.workbook import write_workbook

    path = write_workbook(
        tmp_path / "undated.xlsx",
        {
            "partner": [{"name": "Lusaka Institute of Technology", "country": "Zambia", "type": "University"}],
            "training_centre": [{"name": "Lusaka Centre", "country": "Zambia", "status": "Operating"}],
        },
    )
    assert import_path(store, path).status == "committed"
    records = snapshot.load(store)
    assert insights.trend(records, "partners", TODAY).value == 1
    assert insights.trend(records, "centre_countries", TODAY).value == 1
    narrowed = apply(records, Filters(start=2020, end=2024))
    assert len(narrowed["partner"]) == 1 and len(narrowed["training_centre"]) == 1


def test_regions_and_countries_chosen_together_add_up(sample_store):
    records = snapshot.load(sample_store)
    africa = apply(records, Filters(regions=("002",)))["adoption"]
    both = apply(records, Filters(regions=("002",), countries=("THA",)))["adoption"]
    thailand = records["adoption"][records["adoption"]["country"] == "THA"]
    assert len(both) == len(africa) + len(thailand) > len(africa)
