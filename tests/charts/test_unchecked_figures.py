"""Charts are built unchecked (plotly's checks cost more than the numbers behind a chart), yet
send the browser exactly what the checked figure would: every chart, for views across filters,
metrics and both languages, is built both ways and the JSON compared."""

from __future__ import annotations

import concurrent.futures
import copy
import dataclasses
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from _plotly_utils.basevalidators import copy_to_readonly_numpy_array
from plotly.io.json import to_json_plotly

from dashboard.analysis import indicators
from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import snapshot
from dashboard.analysis.view import View
from dashboard.batches.importer import import_path
from dashboard.charts import base, catalogue
from dashboard.charts.trends import TrendSettings, trend_figure, trend_table
from dashboard.store.store import Store
from dashboard.web import layout_json
from tests.support.paths import SAMPLE

QUERIES = (
    "",
    "?region=142",
    "?from=2018&to=2022&country=KEN,THA",
    "?from=2030",  # nothing in the years: every chart empty, and saying why
    "?split=region&mode=cumulative",
    "?split=subregion&freq=quarter",
    "?metric=intl_students",
    "?metric=teachers_trained&freq=quarter&split=region",
    "?metric=centre_trainees&region=142",
    "?on=2020-06-30",
)


@pytest.fixture(scope="module")
def sample():
    store = Store("sqlite://")
    import_path(store, SAMPLE)
    return snapshot(store)


def sent(fig) -> object:
    """What the browser receives of ``fig``."""
    return json.loads(to_json_plotly(fig))


def both_ways(draw, monkeypatch) -> tuple[object, object]:
    unchecked = sent(draw())
    with monkeypatch.context() as patched:
        patched.setattr(base, "CHECKED", True)
        checked = draw()
    assert checked._validate and not draw()._validate
    return unchecked, sent(checked)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("query", QUERIES)
def test_every_chart_sends_what_plotly_checked_would(sample, monkeypatch, query, lang):
    view = View(Filters.from_query(f"{query}{'&' if query else '?'}lang={lang}"), sample)
    for name in catalogue.CHARTS:
        unchecked, checked = both_ways(lambda name=name: catalogue.chart(view, name), monkeypatch)
        assert unchecked == checked, name


def test_the_not_reported_crosses_are_sent_as_checked_too(sample, monkeypatch):
    records = dict(sample.records)
    values = records["indicator_value"]
    records["indicator_value"] = values[~((values["indicator"] == "centre_trainees") & (values["period"] == "2020"))]
    settings = dataclasses.replace(
        TrendSettings(metric="centre_trainees"), figure=indicators.find(records, "centre_trainees")
    )
    table = trend_table(records, settings, "en")
    unchecked, checked = both_ways(lambda: trend_figure(table, settings, records["milestone"], "en"), monkeypatch)
    assert unchecked == checked
    assert any(trace["name"] == "Not reported" for trace in unchecked["data"])


def test_a_misspelt_property_fails_when_checked(monkeypatch):
    """The check the comparisons lean on is live: plotly names what it does not know."""
    monkeypatch.setattr(base, "CHECKED", True)
    with pytest.raises(ValueError, match="colour"):
        base.figure([{"type": "bar", "x": [1], "y": [2], "marker": {"colour": "red"}}], "A chart")


def test_an_axis_title_given_as_bare_text_is_caught(monkeypatch):
    """Checked, plotly makes bare text an axis title's ``{"text": …}``; unchecked it would reach the
    browser as is (which plotly.js no longer reads): the comparison tells the two apart."""
    unchecked, checked = both_ways(
        lambda: base.figure([{"type": "bar", "x": [1], "y": [2]}], "A chart", xaxis={"title": "Partners"}), monkeypatch
    )
    assert checked["layout"]["xaxis"]["title"] == {"text": "Partners"} and unchecked != checked


def test_properties_given_one_dict_are_not_tied_together():
    """Unchecked, plotly keeps the dicts it is given: two axes (or two milestone lines) given one
    dict would change together. Each gets its own."""
    line = {"color": "#52606d"}
    fig = base.figure([], "A chart", xaxis=line, yaxis=line, shapes=[{"type": "line", "line": line}] * 2)
    fig.layout.xaxis.color = "red"
    fig.layout.shapes[0].line.color = "red"
    assert fig.layout.yaxis.color == "#52606d" and fig.layout.shapes[1].line.color == "#52606d"
    assert line == {"color": "#52606d"}


COLUMNS = {
    "int64": pd.Series([1, 2, 3]),
    "int32": pd.Series([1, 2], dtype="int32"),
    "float with a gap": pd.Series([1.5, np.nan]),
    "text": pd.Series(["a", None, "c"]),
    "pandas text": pd.Series(["a", None], dtype="string"),
    "arrow text": pd.Series(["a", None], dtype="string[pyarrow]"),
    "dates": pd.Series(pd.to_datetime(["2020-01-01", None]).as_unit("us")),
    "objects": pd.Series([1, "a", None], dtype=object),
    "index of numbers": pd.Index([3, 4]),
    "index of texts": pd.Index(["x", "y"]),
    "booleans": pd.Series([True, False]),
    "dates in a time zone": pd.Series(pd.to_datetime(["2020-01-01 12:00"]).tz_localize("Asia/Shanghai")),
    "nullable numbers": pd.Series([1, None], dtype="Int64"),
    "categories": pd.Series(["a", "b"], dtype="category"),
}


@pytest.mark.parametrize("text", [False, True], ids=["values", "text"])
@pytest.mark.parametrize("column", COLUMNS.values(), ids=COLUMNS.keys())
def test_a_column_becomes_the_array_plotlys_check_makes(column, text):
    """Charts copy pandas columns themselves (plotly's own copy asks narwhals about each one
    first): the same type, values, gaps and read-only flag, for the kinds they copy and the kinds
    they leave to plotly alike."""
    ours = base.column_array(column, text=text)
    plotlys = copy_to_readonly_numpy_array(column, kind="U" if text else None)
    assert ours.dtype == plotlys.dtype
    assert [repr(item) for item in ours.tolist()] == [repr(item) for item in plotlys.tolist()]
    assert not ours.flags.writeable and ours.flags.c_contiguous
    assert not np.shares_memory(ours, column.to_numpy())


def _a_chart():
    return base.figure(
        [{"type": "bar", "x": pd.Series([2020, 2021]), "y": np.array([3, 4]), "marker": {"color": "#000"}}],
        "A chart",
        yaxis={"title": {"text": "Adoptions"}},
    )


def test_a_chart_is_written_without_becoming_a_plotly_figure():
    """A page writes its charts and reads their title from the dicts they were drawn from: the chart
    stays a :class:`base.Chart` (no plotly objects made) and writes what the figure it would have
    been writes."""
    fig = _a_chart()
    ours = layout_json.encode(fig)
    dashs = to_json_plotly(fig)
    assert base.layout_of(fig)["title"]["text"] == "A chart" and base.traces_of(fig)[0]["type"] == "bar"
    assert not base.is_empty(fig)
    assert type(fig) is base.Chart and base.plain_parts(fig) is not None
    built = go.Figure(
        {
            "data": base.traces_of(fig),
            "layout": {"title": base.layout_of(fig)["title"], "height": 380, "yaxis": {"title": {"text": "Adoptions"}}},
        },
        _validate=False,
    )
    assert json.loads(ours) == json.loads(dashs) == json.loads(to_json_plotly(built))


def test_a_chart_asked_anything_else_becomes_the_plotly_figure():
    fig = _a_chart()
    written = json.loads(to_json_plotly(fig))
    assert fig.layout.title.text == "A chart"  # plotly's objects: the chart is built, in place
    assert type(fig) is go.Figure and base.plain_parts(fig) is None
    assert json.loads(to_json_plotly(fig)) == written and fig.data[0].y.tolist() == [3, 4]
    fig.update_layout(title_text="Renamed")
    assert base.layout_of(fig)["title"]["text"] == "Renamed"
    copied = copy.deepcopy(_a_chart())
    assert type(copied) is go.Figure and copied.layout.yaxis.title.text == "Adoptions"


def test_a_chart_asked_by_many_threads_at_once_is_built_once():
    fig = _a_chart()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        titles = list(pool.map(lambda _: fig.layout.title.text, range(64)))
    assert titles == ["A chart"] * 64 and type(fig) is go.Figure and len(fig.data) == 1


def test_a_chart_being_built_is_written_whole_by_another_thread(monkeypatch):
    """plotly takes a trace's type out of its dict while building it: a chart written meanwhile
    (another thread) still names it, the dicts it keeps are never the ones plotly is given."""
    fig, seen = _a_chart(), []
    original = go.Bar.__init__

    def building(self, *args, **kwargs):
        seen.append(json.loads(layout_json.encode(fig))["data"][0].get("type"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(go.Bar, "__init__", building)
    assert fig.layout.title.text == "A chart" and seen == ["bar"]


def test_what_a_chart_cannot_send_as_plotly_would_is_a_plotly_figure_at_once():
    with pytest.raises(ValueError, match="barz"):
        base.figure([{"type": "barz", "x": [1]}], "A chart")  # plotly names an unknown kind at once, as before
    assert type(base.figure([], "A chart", template="plotly_white")) is go.Figure
