"""Random workbooks into the reader and the validator: the only outcomes are a valid import
or the project's own report of what is wrong — never another exception."""

from __future__ import annotations

import datetime as dt
import io
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from dashboard.batches.importer import import_file
from dashboard.model.records import RECORD_TYPES
from dashboard.store.store import Store

LABELS = [name for rt in RECORD_TYPES for f in rt.fields for name in (f.en, f.zh, f.name)]
SHEETS = [name for rt in RECORD_TYPES for name in (rt.en_plural, rt.zh)] + ["Sheet1", "说明", "Notes"]

cells = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=40),
    st.sampled_from(LABELS + ["Thailand", "泰国", "THA", "Atlantis", "2023-05-05", "2023年5月", "May 2023", "=1+1"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)),
)
rows = st.lists(st.lists(cells, max_size=8), max_size=12)
sheets = st.lists(st.tuples(st.sampled_from(SHEETS), rows, st.booleans()), min_size=1, max_size=3)


def _workbook(content: list[tuple[str, list[list[object]], bool]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, (name, grid, merge) in enumerate(content):
        sheet = workbook.create_sheet(f"{name}"[:25] + ("" if index == 0 else f" {index}"))
        for row in grid:
            sheet.append([None if isinstance(v, float) and not math.isfinite(v) else v for v in row])
        if merge and sheet.max_row >= 2 and sheet.max_column >= 2:
            sheet.merge_cells(start_row=1, start_column=1, end_row=2, end_column=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(content=sheets)
def test_random_workbooks_get_a_result_never_an_exception(tmp_path, content):
    store = Store(f"sqlite:///{tmp_path / 'fuzz.sqlite'}")
    data = _workbook(content)
    result = import_file(store, data, "random.xlsx", dry_run=True)
    assert result.status in ("valid", "rejected")
    for problem in result.problems:
        assert problem.message("en") and problem.message("zh") and problem.fix("en")
