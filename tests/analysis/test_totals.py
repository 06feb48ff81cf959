"""A figure's value on a day, and its running total at each year's end, from its records' days in
order (:class:`metrics.Dated`): undated records count on every day but in no year, a
pre-aggregated row counts as many as it stands for, and a distinct value once, on its first day."""

from __future__ import annotations

import datetime as dt
import gc
import weakref

import numpy as np
import pandas as pd

from dashboard.analysis import insights, memo, metrics

D = pd.Timestamp


def adoptions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": pd.Categorical(["KEN", "KEN", "THA", "THA", "UZB", "EGY"]),
            "region_code": pd.Categorical(["002", "002", "142", "142", "142", "002"]),
            "standard_code": pd.Categorical(["S1", "S2", "S1", "S3", "S3", "S2"]),
            "status": pd.Categorical(["adopted", "adopted", "adopted", "withdrawn", "adopted", "adopted"]),
            "adopted_on": [D("2019-03-01"), D("2021-12-31"), D("2019-01-01"), D("2020-05-05"), pd.NaT, D("2027-02-01")],
            "n": [2, 1, 3, 4, 5, 1],
        }
    )


def test_values_on_a_day_count_the_undated_and_weigh_aggregated_rows():
    records = {"adoption": adoptions()}
    count = metrics.SERIES_BY_KEY["adoptions"]  # not withdrawn: 2 + 1 + 3 + 5 (undated) + 1
    assert metrics.total(records, count) == 12
    assert metrics.total(records, count, dt.date(2018, 12, 31)) == 5  # only the undated
    assert metrics.total(records, count, dt.date(2019, 1, 1)) == 8  # the day itself counts
    assert metrics.total(records, count, dt.date(2021, 12, 31)) == 11
    standards = metrics.SERIES_BY_KEY["standards_adopted"]  # S1 2019-01-01, S2 2021-12-31, S3 undated
    assert [metrics.total(records, standards, dt.date(y, 12, 31)) for y in (2018, 2019, 2021)] == [1, 2, 3]
    dated = metrics.dated(records, count)
    assert dated.first_year == 2019 and dated.year_ends(2018, 2022) == [0, 5, 5, 6, 6]  # the undated in no year


def test_a_trend_is_the_value_now_a_year_ago_and_at_each_years_end():
    trend = insights.trend({"adoption": adoptions()}, "adoptions", dt.date(2022, 6, 30))
    assert (trend.value, trend.last_year, trend.change) == (11, 11, 0)
    assert trend.history == [(2019, 5), (2020, 5), (2021, 6), (2022, 6)]
    assert insights.trend({"adoption": adoptions().iloc[:0]}, "adoptions", dt.date(2022, 6, 30)).history == []


def test_records_per_group_weigh_rows_count_distinct_values_and_leave_out_the_unplaced():
    frame = adoptions().assign(region_code=pd.Categorical(["002", "002", "142", "142", None, "002"]))
    assert metrics.per_group(frame, "region_code").to_dict() == {"002": 4, "142": 7}  # the unplaced row counts for none
    assert metrics.per_group(frame, "region_code", "standard_code").to_dict() == {"002": 2, "142": 2}
    chosen = frame["adopted_on"].dt.year.to_numpy() == 2019
    assert metrics.per_group(frame, "region_code", rows=chosen).to_dict() == {"002": 2, "142": 3}
    assert metrics.per_group(frame, "country", "standard_code").to_dict() == {"EGY": 1, "KEN": 2, "THA": 2, "UZB": 1}


def test_the_summary_names_no_region_for_adoptions_with_none():
    frame = adoptions().assign(region_code=pd.Categorical([None] * 6, categories=["002"]))
    records, day = {"adoption": frame}, dt.date(2022, 6, 30)
    assert insights._summary_facts(records, day) == (2021, 0, 2020, None, 3, 1)  # no region; its adoption counts
    assert insights.summary(records, "en", day).startswith("In 2021 no new country")


def test_answers_kept_with_records_start_afresh_on_a_new_day(monkeypatch):
    from dashboard.analysis.memo import Answers

    answers, worked = Answers(), []
    monkeypatch.setenv("COOPDASH_TODAY", "2026-06-30")
    assert answers.get("k", lambda: worked.append(1) or "June") == "June"
    assert answers.get("k", lambda: worked.append(1) or "again") == "June" and len(worked) == 1
    monkeypatch.setenv("COOPDASH_TODAY", "2026-07-01")
    assert answers.get("k", lambda: worked.append(1) or "July") == "July" and len(worked) == 2


def test_the_rows_a_subset_takes_are_coded_as_if_the_subset_were_coded_afresh():
    whole = pd.DataFrame(
        {
            "country": pd.Categorical(["KEN", None, "THA", "UZB", "KEN", "EGY", None, "THA"]),
            "institution": pd.Series(["b", "a", None, "c", "a", "d", "b", "c"], dtype="str"),
        }
    )
    subsets = [[True] * 8, [False] * 8, [1, 0, 1, 0, 1, 0, 1, 0], [0, 1, 0, 0, 0, 0, 1, 0], [0, 0, 1, 1, 1, 1, 0, 0]]
    for keep in subsets:
        part = memo.subset(whole, np.array(keep, dtype=bool))
        assert (memo.origin(part) is None) == all(keep)  # a subset of every row is the frame itself
        inner = memo.subset(part, np.arange(len(part)) % 2 == 0)  # and a subset of a subset
        for frame in (part, inner):
            afresh = frame.copy()  # no origin: factorised from its own texts
            assert memo.origin(afresh) is None
            for column in ("country", "institution"):
                labels, codes = metrics.text_codes(frame, column)
                expected_labels, expected_codes = metrics.text_codes(afresh, column)
                assert labels.tolist() == expected_labels.tolist() and codes.tolist() == expected_codes.tolist()
            assert metrics.per_group(frame, "country", "institution").equals(
                metrics.per_group(afresh, "country", "institution")
            )


def test_a_subset_does_not_keep_the_frame_it_was_taken_from_alive():
    for rows in (10, memo.SMALL + 1):  # a shared small subset, and a large one
        whole = pd.DataFrame({"country": pd.Categorical(["KEN", "THA"] * (rows // 2 + 1))[:rows]})
        gone = weakref.ref(whole)
        part = memo.subset(whole, np.arange(rows) % 3 == 0)
        kept = memo.derived(whole, "kept", lambda w=whole, n=rows: memo.subset(w, np.arange(n) % 2 == 0))
        assert memo.origin(part)[0] is whole  # type: ignore[index]
        metrics.text_codes(kept, "country")  # its codes picked from the whole frame's
        del whole
        gc.collect()
        assert gone() is None  # its subsets (one kept by its own memo) held it only weakly
        assert memo.origin(part) is None and metrics.text_codes(part, "country")[0].tolist() == ["KEN", "THA"]


def test_adoptions_in_a_country_in_no_region_are_counted_apart_when_split_by_region():
    """Antarctica is in no UN M49 region: its adoptions are a group of their own ("not given" on
    the trends page), not an error."""
    adoptions = pd.DataFrame(
        {
            "country": pd.Categorical(["ATA", "KEN", "KEN"]),
            "region_code": pd.Categorical([None, "002", "002"]),
            "standard_code": ["S1", "S2", "S1"],
            "status": ["adopted"] * 3,
            "adopted_on": pd.to_datetime(["2020-01-05", "2021-02-01", "2022-03-01"]),
        }
    )
    table = metrics.over_time(
        {"adoption": adoptions}, metrics.SERIES_BY_KEY["adoptions"], split="region_code", end=2022
    )
    assert table.groupby("region_code")["value"].sum().to_dict() == {"": 1, "002": 2}
