"""The figures registry is the one home of every figure: each is whole, and everything that
names a figure names one of it; every chart of the catalogue draws from the sample data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import plotly.graph_objects as go
import pytest

from dashboard.analysis import metrics, trace
from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import load, snapshot
from dashboard.analysis.view import View
from dashboard.batches.importer import import_path
from dashboard.charts import catalogue
from dashboard.model import figures
from dashboard.model.figures import FIGURES, Which
from dashboard.model.records import BY_NAME, TARGET
from dashboard.store.store import Store
from tests.support.paths import SAMPLE

TODAY = dt.date(2026, 6, 30)
WHICH_RECORD_TYPE = {
    Which.ACTIVE_ADOPTIONS: "adoption",
    Which.BUILT_CENTRES: "training_centre",
    Which.ACTIVE_AGREEMENTS: "agreement",
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('figures') / 'db.sqlite'}")
    assert import_path(store, SAMPLE).status == "committed"
    yield store


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.key)
def test_every_figure_has_both_labels_and_counts_a_column_that_exists(figure):
    assert figure.en.strip() and figure.zh.strip()
    assert figure.label("en") == figure.en and figure.label("zh") == figure.zh
    assert figure.record_type in BY_NAME
    if figure.distinct:
        assert figure.distinct in {f.name for f in BY_NAME[figure.record_type].fields}
    if figure.which is not Which.ALL:
        assert WHICH_RECORD_TYPE[figure.which] == figure.record_type


def test_every_figure_has_its_own_key_and_labels():
    for attribute in ("key", "en", "zh"):
        values = [getattr(f, attribute) for f in FIGURES]
        assert len(values) == len(set(values)), attribute


def test_the_target_sheet_offers_exactly_the_tracked_figures():
    choices = TARGET.field("figure").choices
    tracked = figures.TRACKED
    assert [(c.value, c.en, c.zh, c.aliases) for c in choices] == [(f.key, f.en, f.zh, f.aliases) for f in tracked]
    assert set(figures.TRACKED_ORDER) == {f.key for f in FIGURES if f.tracked}
    assert len(figures.TRACKED_ORDER) == len(set(figures.TRACKED_ORDER))


def test_headline_cards_public_and_series_name_registry_figures():
    assert set(figures.HEADLINE) <= set(FIGURES)
    assert figures.CARDS and all(f.tracked for f in figures.CARDS)  # each card has a change and a sparkline
    assert figures.PUBLIC and set(figures.PUBLIC) <= set(figures.HEADLINE)  # the public page shows headline values
    assert metrics.SERIES == figures.TRACKED and metrics.SERIES[0].key == "adoptions"  # the charts' default


def test_the_headline_gives_every_headline_figure_in_order(sample):
    values = metrics.headline(load(sample), today=TODAY)
    assert list(values) == [f.key for f in figures.HEADLINE]
    assert all(isinstance(v, int) for v in values.values())


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.key)
def test_the_records_behind_every_figure_are_the_ones_it_counts(sample, figure):
    records = load(sample)
    name, frame = trace.behind(records, figure.key, today=TODAY)
    assert name == figure.record_type
    counted = frame[figure.distinct].nunique() if figure.distinct else len(frame)
    if figure.headline:
        assert counted == metrics.headline(records, today=TODAY)[figure.key]
    if figure.tracked:
        assert counted == metrics.total(records, metrics.SERIES_BY_KEY[figure.key])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_catalogue_chart_and_card_draws_from_the_sample_data(sample, lang):
    view = View(Filters(start=2018, end=2025, lang=lang), snapshot(sample))
    for name in catalogue.CHARTS:
        fig = catalogue.chart(view, name)
        assert isinstance(fig, go.Figure) and fig.data, name
        assert fig.layout.title.text, name
        fig.to_json()  # every value serialisable, as the browser and the renderer receive it
    cards = catalogue.cards(view)
    assert [c.key for c in cards] == [f.key for f in figures.CARDS]
    assert [c.label for c in cards] == [f.label(lang) for f in figures.CARDS]
    assert all(c.history and c.history[-1][1] == c.value for c in cards)


@pytest.mark.parametrize("figure", figures.HEADLINE, ids=lambda f: f.key)
def test_what_every_headline_figure_counts_is_exactly_that_many_things(sample, figure):
    """Clicking a headline figure lists as many rows as the figure says: 23 standards for
    "23 standards adopted abroad", 15 countries for "15 countries and regions", not 71 adoptions."""
    records = load(sample)
    traced = trace.traced(records, figure.key, today=TODAY)
    value = metrics.headline(records, today=TODAY)[figure.key]
    assert traced.count == value
    if figure.distinct:
        assert traced.items is not None and len(traced.items) == value
        assert traced.items["records"].sum() == len(traced.records)  # every record behind one of them
        assert traced.items["key"].is_unique
