"""A checked workbook read through Arrow (fastexcel) gives exactly the cells calamine gives:
the validator cannot tell which reader read it. Sheets the Arrow reader cannot give exactly
(a title above the header, a column mixing kinds, merged cells, ISO-dated cells, times) are
read by calamine, and say so by the cells they come back with."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

import dashboard.ingest.readers  # noqa: F401  (the package first: its modules import one another)
from dashboard.ingest.package_check import check_package
from dashboard.ingest.readers import arrow, xlsx
from dashboard.ingest.readers.calamine import read_workbook


def _saved(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _workbook(
    *sheets: tuple[str, list[list[object]]],
    iso_dates: bool = False,
    merge: str = "",
    hide: str = "",
    styled_below: bool = False,
) -> bytes:
    workbook = Workbook()
    workbook.iso_dates = iso_dates
    workbook.remove(workbook.active)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if merge:
            sheet.merge_cells(merge)
        if name == hide:
            sheet.sheet_state = "hidden"
        if styled_below:  # formatted rows below the data, as a template's input rows are: cells without values
            for row in range(len(rows) + 1, 1000):
                sheet.cell(row, 1).font = Font(bold=True)
    return _saved(workbook)


TEMPLATE_LIKE = [
    ["Code", "  Title / 标准名称 ", "Adopted\n(日期)", "Count", "Active", "Empty", "Broken"],
    ["S-1", "Welding", dt.datetime(2024, 2, 29), 3, True, None, "#N/A"],
    ["S-1b", "Welding\ttab", dt.datetime(2024, 2, 29, 23, 59, 59, 999000), 1e-7, False, None, None],
    ["S-1c", "x", dt.datetime(2024, 3, 1, 9, 30, 15, 123456), 12345678901234.5, True, None, None],
    ["S-2", "  spaced  ", dt.datetime(2024, 3, 1, 9, 30), 2.5, False, None, "#DIV/0!"],
    [None, "", None, None, None, None, None],
    ["S-3", "焊接技术", dt.datetime(1999, 12, 31), -1, True, None, None],
]

MIXED = [["Code"], ["S-1"], [12], [dt.date(2020, 1, 1)]]
CASES = {  # the workbook, and the sheets Arrow reads itself
    "a template-like sheet": (_workbook(("Standards", TEMPLATE_LIKE)), {"Standards"}),
    "a hidden sheet and an empty one": (
        _workbook(("Standards", TEMPLATE_LIKE), ("Notes", [["Note"], ["x"]]), ("Empty", []), hide="Notes"),
        {"Standards", "Notes"},
    ),
    "formatted empty rows below the data": (_workbook(("Standards", TEMPLATE_LIKE), styled_below=True), {"Standards"}),
    "a title row above the header": (_workbook(("Standards", [["Standards of 2024"], *TEMPLATE_LIKE])), set()),
    "a column mixing text and numbers": (_workbook(("Standards", MIXED), ("Plain", [["A"], ["b"]])), {"Plain"}),
    "a number as a header": (_workbook(("Standards", [["Code", 2024], ["S-1", 5]])), set()),
    "a header given twice": (_workbook(("Standards", [["Code", "Code", "Code_1"], ["a", "b", "c"]])), set()),
    "a time of day": (_workbook(("Events", [["Start"], [dt.time(9, 30)]])), set()),
    "merged cells": (_workbook(("Standards", TEMPLATE_LIKE), merge="B2:B3"), set()),
    "ISO-dated cells": (_workbook(("Standards", TEMPLATE_LIKE), iso_dates=True), set()),
}


@pytest.mark.parametrize("name", CASES)
def test_a_workbook_read_through_arrow_gives_the_cells_calamine_gives(name, monkeypatch):
    data, through_arrow = CASES[name]
    package = check_package(data)
    assert package is not None and package.plain
    by_calamine: list[str] = []
    read_sheet = arrow.calamine.read_sheet
    monkeypatch.setattr(arrow.calamine, "read_sheet", lambda *a: by_calamine.append(a[1].name) or read_sheet(*a))
    read = xlsx.read(data, "upload.xlsx")
    monkeypatch.undo()
    assert repr(read) == repr(read_workbook(package.data))  # repr: NaN equals NaN, 1.0 is not True
    if through_arrow:
        assert {sheet.name for sheet in read} - set(by_calamine) == through_arrow


def test_a_sheet_whose_first_row_is_not_row_1_keeps_its_row_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Standards"
    sheet["C3"], sheet["D3"], sheet["C4"], sheet["D4"] = "Code", "Title", "S-1", "Welding"
    data = _saved(workbook)
    rows = xlsx.read(data, "upload.xlsx")[0].rows
    assert rows[2][2:] == ["Code", "Title"] and rows[3][2:] == ["S-1", "Welding"]
    assert rows == read_workbook(check_package(data).data)[0].rows
