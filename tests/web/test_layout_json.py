"""Pages are written to JSON by orjson in one pass (``layout_json.encode``) and passed to Dash as
they are, yet the browser receives exactly what Dash's own serialiser would have written: every
page with a layout of its own, for views across filters and both languages, on the sample and on
an empty database, is written both ways and the bytes compared."""

from __future__ import annotations

import datetime as dt
import json
import sys
from urllib.parse import parse_qsl

import _plotly_utils.utils
import dash
import flask
import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import dcc, html
from plotly.io.json import to_json_plotly

from dashboard.analysis import snapshot
from dashboard.batches.importer import import_path
from dashboard.store.store import Store
from dashboard.web import layout_json
from dashboard.web.app import create_app
from dashboard.web.components import made
from dashboard.web.public_site import document
from tests.support.paths import SAMPLE

QUERIES = ("", "?region=142&lang=zh", "?from=2018&to=2022&country=KEN,THA", "?from=2030", "?on=2020-06-30&lang=zh")


def written_both_ways(layout) -> tuple[bytes, bytes]:
    return layout_json.encode(layout), to_json_plotly(layout).encode()


@pytest.fixture(scope="module", params=["sample", "empty"])
def app(request, tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('db') / 'coopdash.sqlite'}")  # a new store has its schema
    if request.param == "sample":
        import_path(store, SAMPLE)
    snapshot.clear()
    yield create_app(store)
    snapshot.clear()


def drawn_pages() -> list[tuple[str, object]]:
    return [
        (page["path"], page["layout"])
        for page in dash.page_registry.values()
        if callable(page["layout"]) and "<" not in page["path"]
    ]


@pytest.mark.parametrize("query", QUERIES)
def test_every_page_is_written_as_dash_would_write_it(app, query):
    pages = drawn_pages()
    public = sys.modules[dash.page_registry["pages.public"]["module"]]
    assert {"/", "/trends", "/regions", "/partners", "/events", "/public"} <= {path for path, _ in pages}
    params = dict(parse_qsl(query.lstrip("?")))
    with app.server.test_request_context("/" + query):
        flask.g.role = "admin"
        for path, layout in pages:
            drawn = getattr(layout, "__wrapped__", layout)
            while hasattr(drawn, "__wrapped__"):  # past the access check and the page cache: the components
                drawn = drawn.__wrapped__
            components = public._draw(document(params)[1]) if path == "/public" else drawn(**params)
            assert not isinstance(components, orjson.Fragment), path
            ours, dashs = written_both_ways(components)
            assert ours == dashs, path + query


def test_what_plotly_cleans_is_written_as_plotly_writes_it():
    index = pd.date_range("2020-01-01", periods=3, freq="MS")
    figure = go.Figure(
        data=[
            {"type": "bar", "x": index, "y": pd.Series([1, 2, 3]), "text": np.array(["a", "b", "c"])},
            {
                "type": "scatter",
                "x": (dt.date(2020, 1, 1), dt.datetime(2021, 5, 6, 7, 8)),
                "y": np.array([1.5, np.nan, 3.0]),
            },
            {"type": "scatter", "x": np.arange(6)[::2], "y": [np.int64(4), np.float32(0.5), None]},
        ],
        layout={"xaxis": {"range": np.array([0, 5])}, "title": {"text": "</script> \u2028 <b>x</b>"}},
    )
    before = json.dumps(figure.to_dict(), default=str)
    layout = html.Div(
        [
            dcc.Graph(figure=figure),
            html.Span(pd.Timestamp("2024-02-29 12:00"), title=None, **{"data-iso3": "KEN", "aria-label": "Kenya"}),
            {"when": dt.date(2024, 1, 1), "missing": pd.NA, "nat": pd.NaT, "n": np.int32(7)},
        ],
        id={"type": "x", "index": 1},
    )
    ours, dashs = written_both_ways(layout)
    assert ours == dashs
    assert b"\\u003c\\u002fscript\\u003e" in ours and b"\\u2028" in ours
    assert json.dumps(figure.to_dict(), default=str) == before  # the figure itself is untouched


def test_components_of_one_kind_given_other_attributes_are_each_written_as_dash_writes_them():
    """What a component writes is looked up by its kind and the attributes it was given, in the
    order given: the same kind given others, or the same in another order, writes its own."""
    alike = [
        made(html.Td, "a", className="x"),
        made(html.Td, "b", className="y"),  # the same shape: its own values
        html.Td(className="x", children="c"),  # the same attributes given the other way round
        html.Td("d", id="cell", title="t"),
        made(html.Td, "e", **{"aria-label": "E", "data-iso3": "KEN"}),
        made(html.Td, "f", **{"data-iso3": "THA", "aria-label": "F"}),
        html.Td(),
    ]
    for component in alike * 2:  # the second time from what the first worked out
        ours, dashs = written_both_ways(component)
        assert ours == dashs


def test_a_passed_fragment_reaches_the_browser_unchanged():
    body = layout_json.encode(html.Div("语言 <i>"))
    assert orjson.dumps({"response": layout_json.passed(body)}) == b'{"response":' + body + b"}"


ARRAYS = {
    "small int64": np.array([1, 2, 3]),
    "int64 past int8": np.array([1, 300]),
    "int64 past int16": np.array([1, 70_000]),
    "int64 past int32": np.array([-5, 2**40]),
    "small uint64": np.array([1, 2], dtype=np.uint64),
    "large uint64": np.array([1, 2**40], dtype=np.uint64),
    "int8": np.array([-3, 4], dtype=np.int8),
    "floats with a gap": np.array([1.5, np.nan]),
    "float32": np.array([1, 2], dtype=np.float32),
    "every other float": np.array([1.0, 2.0, 3.0])[::2],
    "booleans": np.array([True, False]),
    "texts": np.array(["a", "b"]),
    "objects": np.array(["a", None], dtype=object),
    "dates": np.array(["2020-01-01", "NaT"], dtype="datetime64[us]"),
    "empty": np.array([], dtype=np.int64),
    "two dimensions": np.array([[1, 2], [3, 4]]),
    "a pandas column": pd.Series([1, 2]),
}


@pytest.mark.parametrize("array", ARRAYS.values(), ids=ARRAYS.keys())
def test_an_array_is_written_as_plotlys_typed_array(array):
    """A figure's arrays are made plotly.js typed arrays without plotly's copy of each one first:
    the same JSON, for the kinds it packs and the kinds it leaves as lists."""
    ours, plotlys = layout_json.typed_array(array), _plotly_utils.utils.to_typed_array_spec(array)
    assert layout_json.encode({"x": ours}) == layout_json.encode({"x": plotlys})
    assert type(ours) is type(plotlys)
    assert getattr(ours, "dtype", None) == getattr(plotlys, "dtype", None)  # an array left as one: plotly's type
