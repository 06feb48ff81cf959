"""The two plain time settings: the figures *on* a day, and the data *as recorded on* a day."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import weakref

import pandas as pd
import pytest

from dashboard.analysis import indicators, insights, memo, metrics, partnerships
from dashboard.analysis.filters import PER_PLACE, Filters, Narrowings, narrow
from dashboard.analysis.snapshot import snapshot
from dashboard.analysis.view import View
from dashboard.charts import geo
from dashboard.model import figures
from tests.support.public import add_a_standard_adopted_in_uruguay


def test_both_days_survive_the_url():
    filters = Filters.from_query("?on=2023-05-05&as_of=2026-01-31&lang=zh")
    assert filters.on == dt.date(2023, 5, 5) and filters.as_of == dt.date(2026, 1, 31)
    assert Filters.from_query(filters.to_query()) == filters
    assert Filters.from_query("?on=not-a-day").on is None


def test_figures_on_a_day_end_the_records_that_day_and_the_charts_that_year():
    filters = Filters(end=2024, on=dt.date(2023, 5, 5))
    assert filters.date_range[1].date() == dt.date(2023, 5, 5)
    assert filters.last_year == 2023
    assert Filters(end=2021, on=dt.date(2023, 5, 5)).date_range[1].date() == dt.date(2021, 12, 31)


def test_the_overview_on_the_news_items_day_gives_its_figures(sample_store):
    view = View(Filters(on=dt.date(2023, 5, 5)), snapshot(sample_store))
    figures = metrics.headline(view.history, today=view.today)
    assert [figures[k] for k in ("standards_adopted", "adoption_countries", "centres", "centre_countries")] == [
        23,
        15,
        9,
        7,
    ]
    assert view.today == dt.date(2023, 5, 5)
    assert metrics.headline(view.yearly, today=view.today) == figures  # cut at the day, not the year


def test_views_that_narrow_alike_share_their_records_and_others_do_not(sample_store):
    snap = snapshot(sample_store)
    english = View(Filters(start=2019, end=2022, regions=("142",)), snap)
    chinese = View(Filters(start=2021, end=2022, regions=("142",), lang="zh"), snap)
    africa = View(Filters(start=2019, end=2022, regions=("002",)), snap)
    # totals count every year before the last: the first year and the language do not narrow them
    assert english.history["adoption"] is chinese.history["adoption"]
    assert english.yearly["training_centre"] is chinese.yearly["training_centre"]
    # within the chosen years, the first year does
    assert english.records["adoption"] is not chinese.records["adoption"]
    assert set(chinese.records["adoption"]["adopted_on"].dt.year) <= {2021, 2022}
    assert english.history["adoption"] is not africa.history["adoption"]
    assert set(africa.history["adoption"]["region_code"]) == {"002"}
    assert metrics.headline(africa.history) != metrics.headline(english.history)
    # and so do the answers worked out from them
    day = dt.date(2023, 5, 5)
    assert insights.trend(english.yearly, "adoptions", day) is insights.trend(chinese.yearly, "adoptions", day)
    assert insights.trend(africa.yearly, "adoptions", day) == insights.trend(snap_of(africa), "adoptions", day)


def snap_of(view: View) -> dict:
    """The view's narrowed records as a plain mapping: worked out afresh, never remembered."""
    return dict(view.yearly.items())


def test_narrowed_records_beyond_their_budget_let_go_of_their_rows_oldest_first_keeping_their_answers(sample_store):
    records = snapshot(sample_store).records
    kept = Narrowings(rows=len(records["adoption"]) // 2)
    asia = kept.get(records, Filters(regions=("142",)))
    assert kept.get(records, Filters(regions=("142",), lang="zh")) is asia
    asia_adoptions = asia["adoption"]  # narrowed when first read
    answer = metrics.adoptions_by_country(asia)
    africa = kept.get(records, Filters(regions=("002",)))
    africa["adoption"]  # noqa: B018 (over the budget: Asia, the oldest, lets go of its rows)
    americas = kept.get(records, Filters(regions=("019",)))
    assert kept.get(records, Filters(regions=("002",))) is africa and africa.rows > 0
    assert kept.get(records, Filters(regions=("142",))) is asia and asia.rows == 0
    assert kept.held == africa.rows + americas.rows
    assert metrics.adoptions_by_country(asia) is answer  # what was worked out is kept: not worked out again
    africa_rows = africa.rows
    again = asia["adoption"]  # narrowed again (a small frame's same rows: the same frame), and counted again…
    assert again.equals(asia_adoptions)
    assert asia.rows == len(again) and africa_rows + asia.rows > len(records["adoption"]) // 2
    assert africa.rows == 0 and kept.held == asia.rows  # …the most recent: Africa, now the oldest, lets go


def test_the_rows_held_are_counted_as_narrowings_grow_and_go(sample_store):
    """The budget is counted as each narrowing narrows, not summed over all of them on every new
    one; a narrowing read after it was dropped no longer counts."""
    records = snapshot(sample_store).records
    kept = Narrowings(most=2)
    places = [kept.get(records, Filters(regions=(code,))) for code in ("142", "002")]
    for narrowed in places:
        narrowed["adoption"]  # noqa: B018
        narrowed["partner"]  # noqa: B018
    assert kept.held == sum(n.rows for n in places) > 0
    dropped = places[0]
    americas = kept.get(records, Filters(regions=("019",)))  # Asia goes
    assert kept.held == places[1].rows
    dropped["event"]  # noqa: B018 (read after it went: not counted)
    americas["adoption"]  # noqa: B018
    assert kept.held == places[1].rows + americas.rows
    # a thread that found it kept, telling after another dropped it: its rows, not the budget's
    rows_before, held_before = dropped.rows, kept.held
    kept.grown(dropped, 10)
    assert (dropped.rows, kept.held) == (rows_before + 10, held_before)


def test_narrowings_that_cut_nothing_out_are_kept_only_up_to_their_number(sample_store):
    records = snapshot(sample_store).records
    kept = Narrowings(most=3)
    first = kept.get(records, Filters(countries=("ZZ1",)))  # no such place: narrowed to nothing, 0 rows
    first["adoption"]  # noqa: B018
    for code in ("ZZ2", "ZZ3", "ZZ4"):
        kept.get(records, Filters(countries=(code,)))["adoption"]  # noqa: B018
    assert kept.get(records, Filters(countries=("ZZ1",))) is not first  # the oldest went


def test_an_answer_that_runs_to_today_is_not_kept_past_midnight(sample_store, monkeypatch):
    view = View(Filters(regions=("142",)), snapshot(sample_store))
    monkeypatch.setenv("COOPDASH_TODAY", "2026-06-30")
    before = metrics.adoptions_over_time(view.yearly)
    monkeypatch.setenv("COOPDASH_TODAY", "2027-01-02")
    after = metrics.adoptions_over_time(view.yearly)
    assert before["period"].max().year == 2026 and after["period"].max().year == 2027


def test_a_snapshots_records_remember_what_the_partners_and_regions_pages_work_out(sample_store, tmp_path):
    snap = snapshot(sample_store)
    day = dt.date(2026, 6, 30)
    assert partnerships.activities(snap.records) is partnerships.activities(snap.records)
    assert partnerships.dormant(snap.records, day).equals(partnerships.dormant(dict(snap.records.items()), day))
    asia, chinese = (View(Filters(regions=("142",), lang=lang), snap) for lang in ("en", "zh"))
    series = metrics.SERIES_BY_KEY["adoptions"]
    table = geo.group_table(asia.yearly_records, series, "subregion_code", "en")
    assert geo.group_table(chinese.yearly_records, series, "subregion_code", "en") is table
    assert geo.group_table(chinese.yearly_records, series, "subregion_code", "zh") is not table
    add_a_standard_adopted_in_uruguay(sample_store.url, tmp_path)  # a new data version works its answers out anew
    newer = snapshot(sample_store)
    assert newer is not snap
    assert partnerships.activities(newer.records) is not partnerships.activities(snap.records)


def test_the_chart_by_year_reads_the_same_from_the_aggregate_and_counts_the_years_before_its_first(sample_store):
    snap = snapshot(sample_store)
    for end in (None, 2021):
        view = View(Filters(end=end), snap)
        whole = metrics.adoptions_over_time(view.yearly, "year", None, end)
        from_records = metrics.adoptions_over_time(dict(view.history.items()), "year", None, end)
        assert len(whole) > 5 and whole.equals(from_records)
        for start in (2016, 2019, 2021):
            cut = metrics.adoptions_over_time(view.yearly, "year", start, end)
            assert cut.equals(whole[whole["period"].dt.year >= start].reset_index(drop=True)), (end, start)
        later = metrics.adoptions_over_time(view.yearly, "year", 2021, end)
        assert later["adoptions"].iloc[0] > later["new"].iloc[0]  # the running total counts the years before


def test_the_summary_in_either_language_is_worked_out_once(sample_store):
    view = View(Filters(regions=("002",)), snapshot(sample_store))
    day = dt.date(2026, 6, 30)
    english, chinese = (insights.summary(view.yearly, lang, day) for lang in ("en", "zh"))
    assert english != chinese
    assert insights._summary_facts(view.yearly, day) is insights._summary_facts(view.yearly, day)
    assert (english, chinese) == tuple(insights.summary(dict(view.yearly.items()), lang, day) for lang in ("en", "zh"))


def test_an_indicators_places_are_worked_out_once_and_narrowed_like_its_records(sample_store, monkeypatch):
    snap = snapshot(sample_store)
    calls = []
    places = indicators._places
    monkeypatch.setattr(indicators, "_places", lambda records, indicator: calls.append(1) or places(records, indicator))
    views = [
        View(Filters(regions=("142",)), snap),
        View(Filters(regions=("002",), end=2021), snap),
        View(Filters(countries=("KEN", "THA"), start=2020), snap),
        View(Filters(end=2019, lang="zh"), snap),
    ]
    for indicator in indicators.defined(snap.records):
        figures = []  # the narrowed figures each plain mapping holds (views keeping the same rows share them)
        for view in views:
            for records in (view.yearly, view.records):
                narrowed = indicators.places(records, indicator)
                alone = indicators.places(dict(records.items()), indicator).reset_index(drop=True)
                assert narrowed.reset_index(drop=True).equals(alone), (indicator.key, view.filters)
                figures.append(records["indicator_value"])
        distinct = len({id(frame) for frame in figures})
        assert 1 < distinct < 2 * len(views)
        assert calls.count(1) == 1 + distinct  # once for every record, once per set of narrowed figures
        calls.clear()


def test_views_that_leave_a_small_record_type_the_same_rows_share_them_and_what_is_worked_out(
    sample_store, monkeypatch
):
    snap = snapshot(sample_store)
    agreements = snap.records["agreement"]
    day = dt.date(2026, 6, 30)
    first, second = (View(Filters(end=end, regions=("142",)), snap) for end in (2040, 2041))
    assert first.history is not second.history  # two narrowings…
    assert first.history["agreement"] is second.history["agreement"]  # …that keep the same agreements
    assert len(first.history["agreement"]) < len(agreements)
    soon = partnerships.expiring(first.history["agreement"], day, 400)
    assert not soon.empty
    assert partnerships.expiring(second.history["agreement"], day, 400) is soon  # worked out once
    alone = partnerships.expiring.__wrapped__(first.history["agreement"].copy(), day, 400)  # type: ignore[attr-defined]
    assert soon.equals(alone)
    assert partnerships.expiring(second.history["agreement"], dt.date(2026, 7, 1), 400) is not soon  # another day
    shared = [  # an indicator's figures in Asia, narrowed alike, are shared too, and its card with them
        indicator
        for indicator in indicators.defined(snap.records)
        if not (table := indicators.places(first.yearly, indicator)).empty
        and table is indicators.places(second.yearly, indicator)
        and indicators.yearly_figure(second.yearly, indicator, day)
        is indicators.yearly_figure(first.yearly, indicator, day)
        is not None
    ]
    assert shared

    monkeypatch.setattr(memo, "SHARED", 2)  # beyond this many subsets of a frame, the oldest is dropped
    subsets = [memo.subset(agreements, agreements.index.to_numpy() % k == 0) for k in (2, 3, 5)]
    assert memo.subset(agreements, agreements.index.to_numpy() % 5 == 0) is subsets[2]
    assert memo.subset(agreements, agreements.index.to_numpy() % 2 == 0) is not subsets[0]


def test_the_agreements_counted_as_active_are_those_of_the_day_asked_on(sample_store, monkeypatch):
    records = snapshot(sample_store).records  # lives as long as the data: across midnights
    active = figures.BY_KEY["agreements_active"]
    agreements = records["agreement"]
    day = agreements[agreements["status"] == "active"]["expires_on"].max().date()  # the last to end ends that day
    monkeypatch.setenv("COOPDASH_TODAY", day.isoformat())
    before = len(metrics.counted(records, active))
    monkeypatch.setenv("COOPDASH_TODAY", (day + dt.timedelta(days=1)).isoformat())
    after = metrics.counted(records, active)
    assert len(after) < before
    assert after.equals(metrics.active_agreements(records, day + dt.timedelta(days=1)))


def test_places_add_up_whether_their_columns_are_categories_or_texts():
    codes = ["KEN", "THA", "UZB", "EGY", None]
    regions = ["002", "142", "142", "002", None]
    for kind in ("category", "str"):
        frame = pd.DataFrame({"country": pd.Series(codes, dtype=kind), "region_code": pd.Series(regions, dtype=kind)})
        both = narrow("partner", frame, Filters(regions=("142",), countries=("KEN",)))
        assert both["country"].tolist() == ["KEN", "THA", "UZB"], kind  # Asia, and Kenya
        assert narrow("partner", frame, Filters(regions=("002",)))["country"].tolist() == ["KEN", "EGY"], kind
        assert narrow("partner", frame, Filters(countries=("UZB", "ZZZ")))["country"].tolist() == ["UZB"], kind


def test_what_is_worked_out_from_a_frame_never_keeps_the_frame_alive():
    """A subset that keeps every row is the frame itself: remembered for the frame, it must not
    keep the frame (and all worked out from it) alive once nothing else holds it."""
    frame = pd.DataFrame({"country": ["KEN", "THA", "KEN"] * 3_000})
    gone = weakref.ref(frame)
    everything = _located(frame)
    assert everything is frame
    assert memo.derived(frame, ("located",), lambda: 1 / 0) is frame  # remembered, not worked out again
    part = memo.subset(frame, (frame["country"] == "KEN").to_numpy())
    assert memo.origin(part)[0] is frame
    del frame, everything
    gc.collect()
    assert gone() is None
    assert memo.origin(part) is None  # a part does not keep what it was taken from either


def _located(frame: pd.DataFrame) -> pd.DataFrame:
    return memo.derived(frame, ("located",), lambda: memo.subset(frame, frame["country"].notna()))


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(start=2019, end=2022, regions=("142",)),
        Filters(end=2021, regions=("002", "150")),
        Filters(statuses=("withdrawn",)),
        Filters(start=2020, countries=("KEN", "THA")),
    ],
    ids=["everything", "Asia 2019-2022", "Africa and Europe to 2021", "withdrawn", "Kenya and Thailand from 2020"],
)
def test_figures_not_counting_standards_are_the_same_from_the_adoptions_summed_per_place(sample_store, filters):
    """A view's yearly records hold the adoptions summed per country, status and year as well
    (filters.PER_PLACE, far fewer rows at scale): every figure that does not count standards,
    worked out from them, is the one the adoptions per standard give."""
    snap = snapshot(sample_store)
    assert len(snap.yearly[PER_PLACE]) <= len(snap.yearly["adoption"])
    per_standard = {name: frame for name, frame in snap.yearly.items() if name != PER_PLACE}
    view, alone = View(filters, snap), Narrowings()
    for history in (True, False):
        summed = view.yearly if history else view.yearly_records
        assert PER_PLACE in summed and PER_PLACE not in list(summed)  # summed records, not a record type
        plain = alone.get(per_standard, filters, history=history)
        for key in ("adoptions", "adoption_countries"):
            series = metrics.SERIES_BY_KEY[key]
            assert metrics.counted(summed, series, by_year=True) is not metrics.counted(plain, series, by_year=True)
            for split, freq in itertools.product((None, "region_code", "subregion_code"), ("year", "quarter")):
                for cumulative in (False, True):  # a quarter's count needs each adoption's day: not from the sums
                    pd.testing.assert_frame_equal(
                        metrics.over_time(summed, series, freq=freq, cumulative=cumulative, split=split),
                        metrics.over_time(plain, series, freq=freq, cumulative=cumulative, split=split),
                    )
            for column in ("region_code", "subregion_code"):
                pd.testing.assert_frame_equal(
                    geo.group_table(summed, series, column, "zh"), geo.group_table(plain, series, column, "zh")
                )
            pd.testing.assert_frame_equal(
                geo.country_table(summed, series, "en"), geo.country_table(plain, series, "en")
            )
            for day in (dt.date(2019, 6, 30), dt.date(2023, 5, 5), None):
                assert metrics.dated(summed, series).on(day) == metrics.dated(plain, series).on(day)
        pd.testing.assert_frame_equal(metrics.adoptions_over_time(summed), metrics.adoptions_over_time(plain))
