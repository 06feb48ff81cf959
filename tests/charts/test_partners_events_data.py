"""Partners, events and data pages: the pure functions behind them, on the sample and on
small datasets made here."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from dashboard.analysis import partnerships, tables
from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import load
from dashboard.charts.events import counts_by_kind_and_year, per_kind_and_year, timeline
from dashboard.charts.partners import partners_by_country, partners_by_type
from dashboard.model.records import ADOPTION, AGREEMENT, EVENT, RECORD_TYPES, Field, Kind, RecordType
from dashboard.model.texts import t

SAMPLE_TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def sample(sample_store) -> dict[str, pd.DataFrame]:
    return load(sample_store)


def frame(rt: RecordType, *rows: dict) -> pd.DataFrame:
    """Records of one type as the store gives them: every field a column, dates typed."""
    table = pd.DataFrame(list(rows), columns=[f.name for f in rt.fields])
    for f in rt.fields:
        if f.kind is Kind.DATE:
            table[f.name] = pd.to_datetime(table[f.name])
    return table


# --- agreements about to expire -----------------------------------------------------------


def test_expiring_agreements_on_the_sample_soonest_first(sample):
    soon = partnerships.expiring(sample["agreement"], SAMPLE_TODAY)
    # The two the sample plants 20 and 45 days ahead, and three whose terms happen to end then.
    assert {"Selangor Institute of Technology", "Karachi Polytechnic College"} <= set(soon["partner"])
    assert list(soon["days_left"]) == [4, 20, 43, 45, 57]
    assert soon["expires_on"].is_monotonic_increasing
    assert (soon["expires_on"] <= pd.Timestamp(SAMPLE_TODAY + dt.timedelta(days=90))).all()
    assert soon.loc[soon["partner"] == "Selangor Institute of Technology", "expires_on"].iloc[0] == pd.Timestamp(
        2026, 12, 15
    )


def test_expiring_leaves_out_ended_and_later_agreements():
    agreements = frame(
        AGREEMENT,
        {"partner": "A", "kind": "mou", "signed_on": "2020-01-01", "expires_on": "2026-07-10", "status": "active"},
        {"partner": "B", "kind": "mou", "signed_on": "2020-01-01", "expires_on": "2026-07-10", "status": "terminated"},
        {"partner": "C", "kind": "mou", "signed_on": "2020-01-01", "expires_on": "2026-06-29", "status": "active"},
        {"partner": "D", "kind": "mou", "signed_on": "2020-01-01", "expires_on": "2026-12-31", "status": "active"},
        {"partner": "E", "kind": "mou", "signed_on": "2020-01-01", "expires_on": None, "status": "active"},
        {"partner": "F", "kind": "mou", "signed_on": "2020-01-01", "expires_on": "2026-06-30", "status": "active"},
    )
    soon = partnerships.expiring(agreements, dt.date(2026, 6, 30))
    assert list(soon["partner"]) == ["F", "A"]
    assert list(soon["days_left"]) == [0, 10]
    assert partnerships.expiring(agreements.iloc[0:0], dt.date(2026, 6, 30)).empty


# --- dormant partnerships -----------------------------------------------------------------


@pytest.fixture
def small() -> dict[str, pd.DataFrame]:
    """Six partners, today 2026-06-30: who did what, when."""
    by_name = {rt.name: rt for rt in RECORD_TYPES}
    names = ["Quiet College", "Busy College", "Titled College", "Centre Partner", "Never College", "Expired College"]
    partners = frame(by_name["partner"], *({"name": n, "country": "THA", "type": "vocational_college"} for n in names))
    agreements = frame(
        by_name["agreement"],
        *(
            {
                "partner": n,
                "kind": "mou",
                "signed_on": "2020-01-01",
                "expires_on": "2020-12-31" if n == "Expired College" else "2029-01-01",
                "status": "expired" if n == "Expired College" else "active",
            }
            for n in names
        ),
    )
    return {
        "partner": partners,
        "agreement": agreements,
        "standard": frame(by_name["standard"]),
        "adoption": frame(
            ADOPTION,
            {
                "standard_code": "S1",
                "institution": "Quiet College",
                "country": "THA",
                "adopted_on": "2020-03-01",
                "status": "adopted",
            },
        ),
        "training_centre": frame(
            by_name["training_centre"],
            {"name": "C1", "country": "THA", "partner": "Centre Partner", "opened_on": "2025-03-01"},
        ),
        "event": frame(
            EVENT,
            {"title": "Forum", "start_date": "2026-01-10", "kind": "symposium", "host": "Busy College"},
            {
                "title": "Visit to titled college",
                "start_date": "2025-05-01",
                "kind": "delegation_out",
                "host": "Someone else",
            },
            {"title": "Old visit", "start_date": "2019-01-01", "kind": "other", "host": "Quiet College"},
        ),
        "milestone": frame(by_name["milestone"]),
    }


def test_dormant_partners_with_no_recent_activity(small):
    quiet = partnerships.dormant(small, dt.date(2026, 6, 30), months=18)
    assert list(quiet["partner"]) == ["Never College", "Quiet College"]  # never active first
    never, old = quiet.iloc[0], quiet.iloc[1]
    assert pd.isna(never["last_activity"]) and never["agreements"] == 1
    assert old["last_activity"] == pd.Timestamp(2020, 3, 1) and old["activity"] == "adoption"
    assert old["country"] == "THA" and old["type"] == "vocational_college"


def test_a_shorter_threshold_flags_more_partners(small):
    quiet = partnerships.dormant(small, dt.date(2026, 6, 30), months=6)
    assert set(quiet["partner"]) == {"Never College", "Quiet College", "Titled College", "Centre Partner"}
    titled = quiet.set_index("partner").loc["Titled College"]
    assert titled["last_activity"] == pd.Timestamp(2025, 5, 1) and titled["activity"] == "event"


def test_dormant_looks_only_at_the_agreements_given(small):
    some = small["agreement"][small["agreement"]["partner"] == "Quiet College"]
    assert list(partnerships.dormant(small, dt.date(2026, 6, 30), agreements=some)["partner"]) == ["Quiet College"]


def test_dormant_on_the_sample(sample):
    quiet = partnerships.dormant(sample, SAMPLE_TODAY)
    assert "Colombo College of Engineering Skills" in set(quiet["partner"])  # agreements, nothing else
    assert quiet["partner"].is_unique


def test_dormant_months_setting_in_the_url():
    assert partnerships.dormant_months(Filters()) == 18
    assert partnerships.dormant_months(Filters.from_query("?dormant_months=6")) == 6
    assert partnerships.dormant_months(Filters.from_query("?dormant_months=abc")) == 18
    assert partnerships.dormant_months(Filters.from_query("?dormant_months=0")) == 1
    filters = Filters.from_query("?type=university&lang=zh")
    assert partnerships.with_dormant_months(filters, 24).to_query() == "?type=university&lang=zh&dormant_months=24"
    assert partnerships.with_dormant_months(Filters.from_query("?dormant_months=24"), 18).to_query() == ""
    assert partnerships.with_dormant_months(filters, None) == filters


def test_partners_by_type_and_country(sample):
    types = partnerships.by_type(sample["partner"], "zh")
    assert types.iloc[0].to_dict() == {"type": "vocational_college", "label": "职业院校", "partners": 22}
    assert types["partners"].sum() == len(sample["partner"])
    top = partnerships.by_country(sample["partner"], "en")
    assert len(top) == 15 and top["partners"].is_monotonic_decreasing
    assert len(partners_by_type(types, "zh").data) == 1
    assert "(top 15)" in partners_by_country(top, "en").layout.title.text
    assert partners_by_country(top.iloc[0:0], "en").layout.annotations  # "no data"


# --- events ---------------------------------------------------------------------------------


def test_events_per_kind_and_year(sample):
    table = per_kind_and_year(sample["event"])
    assert table["events"].sum() == len(sample["event"]) == 38
    assert table[(table["kind"] == "symposium") & (table["year"] == 2023)]["events"].tolist() == [1]
    figure = counts_by_kind_and_year(table, "zh")
    assert {trace.name for trace in figure.data} >= {"研讨会", "签约"}


def test_timeline_hover_shows_titles_as_text():
    events = frame(EVENT, {"title": "<b>Bold</b> & co", "start_date": "2025-01-01", "kind": "signing"})
    figure = timeline(events, "en")
    assert list(figure.data[0].customdata) == ["&lt;b&gt;Bold&lt;/b&gt; &amp; co"]
    assert figure.data[0].y == ("Signing",)
    assert timeline(events.iloc[0:0], "en").layout.annotations


# --- data tables ----------------------------------------------------------------------------


def test_columns_follow_the_record_model_in_chinese():
    columns = tables.column_defs(ADOPTION, "zh", provenance=True)
    assert [c["headerName"] for c in columns] == [
        "标准编号",
        "采用机构",
        "国家或地区",
        "采用日期",
        "状态",
        "批次",
        "文件",
        "行",
    ]
    assert [c["field"] for c in columns][:5] == [f.name for f in ADOPTION.fields]
    extra = replace(ADOPTION, fields=(*ADOPTION.fields, Field("note", Kind.TEXT, "Note", "备注")))
    assert tables.column_defs(extra, "en")[-1]["headerName"] == "Note"  # a new field, a new column


def test_rows_show_labels_names_and_dates_with_provenance(sample_store, sample):
    files = {b["id"]: b["file_name"] for b in sample_store.batches()}
    data = tables.grid_data(sample["adoption"], ADOPTION, "zh", files=files)
    assert [c["headerName"] for c in data.columns][-3:] == ["批次", "文件", "行"]
    assert data.total == len(data.rows) == 71 and not data.truncated
    row = next(
        r
        for r in data.rows
        if r["institution"] == "Chao Phraya Technical College" and r["standard_code"] == "SZPT-CS-001"
    )
    assert row["country"] == "泰国" and row["status"] == "已采用" and row["adopted_on"] == "2016-05-02"
    assert row["source_file"] == "sample_cooperation.xlsx" and row["source_batch"] == 1
    assert isinstance(row["source_row"], int) and row["source_row"] > 1
    assert len({r["source_row"] for r in data.rows}) == 71
    dates = [r["adopted_on"] for r in data.rows]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_large_tables_show_the_newest_rows(sample):
    data = tables.grid_data(sample["event"], EVENT, "en", limit=10)
    assert data.truncated and data.total == 38 and len(data.rows) == 10
    assert data.rows[0]["start_date"] == sample["event"]["start_date"].max().strftime("%Y-%m-%d")
    assert {r["kind"] for r in data.rows} <= {c.en for c in EVENT.field("kind").choices}
    assert all(isinstance(r["participants"], int) or r["participants"] is None for r in data.rows)
    assert "newest 10" in t("table.newest", "en", total=data.total, shown=10)


def test_missing_values_stay_missing_and_whole_numbers_whole():
    events = frame(
        EVENT,
        {"title": "A", "start_date": "2025-01-01", "kind": "other", "participants": 12},
        {"title": "B", "start_date": "2024-01-01", "kind": "other"},
    )
    events["participants"] = events["participants"].astype("Int64")
    rows = tables.grid_data(events, EVENT, "en").rows
    assert [(r["participants"], r["end_date"], r["country"]) for r in rows] == [(12, None, None), (None, None, None)]
    assert type(rows[0]["participants"]) is int


def test_every_record_type_has_a_grid_even_when_empty(sample):
    for rt in RECORD_TYPES:
        data = tables.grid_data(sample[rt.name].iloc[0:0], rt, "en")
        assert data.rows == [] and len(data.columns) == len(rt.fields)
