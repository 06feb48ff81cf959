"""Record tables for the data grid, in the reader's language."""

from __future__ import annotations

import pandas as pd

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
