"""Parsing a workbook with python-calamine: every sheet as a grid from A1, merged cells filled.

Used in this process for a package :func:`~dashboard.ingest.package_check.check_package` found
plain (:mod:`.xlsx`), and in the memory-capped child for everything else (:mod:`.isolated`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import python_calamine

from dashboard.ingest.readers.base import RawSheet, Tally, UnreadableFile


def read_workbook(data: bytes, on_parse: Callable[[list[str]], None] | None = None) -> list[RawSheet]:
    """Parse a workbook with calamine: in this process a package :func:`check_package` found
    plain, else in the child process of :mod:`.isolated`. A workbook may list one
    part as many sheets, so each grid is counted (:class:`Tally`) before it is built."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        if on_parse is not None:
            on_parse(list(workbook.sheet_names))
        sheets, tally = [], Tally()
        for meta in workbook.sheets_metadata:
            tally.sheet()
            sheets.append(read_sheet(workbook, meta, tally))
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises several kinds; all mean "not readable"
        raise UnreadableFile(describe_calamine_error(data, exc), "文件已损坏或不是电子表格") from None
    return sheets


def read_sheet(workbook: python_calamine.CalamineWorkbook, meta: Any, tally: Tally) -> RawSheet:
    """One sheet (``meta``: its entry in ``workbook.sheets_metadata``), its grid counted first."""
    sheet = workbook.get_sheet_by_name(meta.name)
    end = sheet.end  # merged_rows builds the grid from A1 to here
    tally.grid(*((end[0] + 1, end[1] + 1) if end else (0, 0)))
    return RawSheet(meta.name, merged_rows(sheet), is_hidden(meta))


def is_hidden(meta: Any) -> bool:
    """Whether calamine's sheet metadata says Excel hides the sheet (hidden or very hidden)."""
    return meta.visible != python_calamine.SheetVisibleEnum.Visible


def merged_rows(sheet: python_calamine.CalamineSheet) -> list[list[Any]]:
    """The sheet's cells from A1, each merged range filled with its top-left value."""
    rows = sheet.to_python(skip_empty_area=False)
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = value
    return rows


def describe_calamine_error(data: bytes, exc: Exception) -> str:
    if data[:4] == b"PK\x03\x04":
        return "the workbook is damaged or is not an Excel or OpenDocument file"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "the old-style Excel file is damaged or encrypted"
    return "its contents are not a spreadsheet (it may be another kind of file renamed)"
