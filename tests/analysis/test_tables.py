"""Record tables for the data grid, in the reader's language."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import tables
from dashboard.model.records import PARTNER


def test_the_chinese_table_shows_an_institutions_chinese_name_where_one_is_known():
    frame = pd.DataFrame(
        {
            "name": ["Chao Phraya Technical College", "Penang Skills College"],
            "country": ["THA", "MYS"],
            "city": [None, None],
            "type": ["vocational_college", "vocational_college"],
            "since": pd.to_datetime(["2015-09-01", "2016-09-01"]),
            "name_zh": ["湄南理工学院", None],
            "aliases": [None, None],
        }
    )
    zh = tables.row_data(frame, PARTNER, "zh")
    assert [row["name"] for row in zh] == ["湄南理工学院", "Penang Skills College"]
    assert [row["name"] for row in tables.row_data(frame, PARTNER, "en")] == list(frame["name"])


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (pd.Series([1, 2]), [1, 2]),
        (pd.Series(np.array([3], dtype=np.uint8)), [3]),
        (pd.Series([1.5, np.nan]), [1.5, None]),
        (pd.Series(["a", None], dtype=object), ["a", None]),
        (pd.Series(["a", None], dtype="string"), ["a", None]),
        (pd.Series([1, None], dtype="Int64"), [1, None]),
        (pd.Series([1, "x", None], dtype=object), [1, "x", None]),
        (pd.Series(pd.to_datetime(["2020-01-02", None])), ["2020-01-02 00:00:00", None]),
    ],
    ids=["int64", "uint8", "floats with a gap", "object texts", "pandas texts", "nullable ints", "objects", "dates"],
)
def test_a_grid_cell_is_what_json_can_carry(column, expected):
    """Numbers as Python numbers, anything else as text, a missing value as None, whatever the
    column's type (each kind read its own way: a grid has thousands of cells)."""
    cells = tables._plain(column)
    assert cells == expected
    assert [type(cell) for cell in cells] == [type(value) for value in expected]
