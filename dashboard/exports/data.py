"""The filtered records as a spreadsheet: ``.xlsx`` with a sheet per record type, or one
record type as ``.csv``.

Cells are typed as a person reading the file expects: dates are real dates, whole numbers
are numbers, choices read as their labels and countries as their names, in the chosen
language. Text that a spreadsheet would run as a formula (it begins with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or a line feed, perhaps after spaces) is written so that it
stays text. :func:`inert` does the same for every csv the app writes (the audit log too).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard.model import display
from dashboard.model.i18n import pick
from dashboard.model.records import RECORD_TYPES, RecordType

Records = Mapping[str, pd.DataFrame]
Value = str | int | float | dt.date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What makes a spreadsheet read a text cell as a formula (or a command, in some programs).
Excel and LibreOffice skip leading spaces before looking, so these count after spaces too."""

DATE_FORMAT = "yyyy-mm-dd"
_SHEET_NAME_LIMIT = 31  # Excel's limit on a sheet name
_WIDEST = 60  # characters: no column is made wider than this


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet program could take ``text`` for a formula."""
    return text.lstrip(" ").startswith(FORMULA_STARTS)


def inert(text: str) -> str:
    """``text`` as csv text no spreadsheet evaluates: prefixed with ``'`` when it looks like a formula."""
    return f"'{text}" if is_formula_like(text) else text


def rows(frame: pd.DataFrame, rt: RecordType, lang: str) -> Iterator[list[Value]]:
    """The records of one type, a list of typed values per record in field order."""
    fields = [f for f in rt.fields if f.name in frame.columns]
    columns = [frame[f.name].astype(object).tolist() for f in fields]
    for values in zip(*columns):
        yield [display.typed(f, v, lang) for v, f in zip(values, fields)]


def headers(rt: RecordType, frame: pd.DataFrame, lang: str) -> list[str]:
    return [f.label(lang) for f in rt.fields if f.name in frame.columns]


def ordered(frame: pd.DataFrame, rt: RecordType) -> pd.DataFrame:
    """Oldest first by the type's date (undated last), so the file reads as a history."""
    if rt.when_column and rt.when_column in frame.columns:
        return frame.sort_values(rt.when_column, na_position="last", kind="stable")
    return frame


# --- xlsx ----------------------------------------------------------------------------------------


def data_workbook(records: Records, lang: str = "en") -> bytes:
    """Every record type in ``records`` as a sheet named by its label in ``lang``; ``.xlsx`` bytes."""
    book = Workbook()
    book.remove(book.active)
    for rt in RECORD_TYPES:
        if rt.name in records:
            _write_sheet(book, rt, ordered(records[rt.name], rt), lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_title(rt: RecordType, lang: str) -> str:
    """The record type's label, cut to Excel's limit and free of the characters it forbids."""
    title = rt.label(lang)
    for forbidden in "[]:*?/\\":
        title = title.replace(forbidden, " ")
    return title[:_SHEET_NAME_LIMIT]


def _write_sheet(book: Workbook, rt: RecordType, frame: pd.DataFrame, lang: str) -> None:
    sheet = book.create_sheet(sheet_title(rt, lang))
    names = headers(rt, frame, lang)
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(name) * pick(1, 2, lang) + 2 for name in names]  # a Chinese character is two wide
    for row_number, values in enumerate(rows(frame, rt, lang), start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column)
            write_cell(cell, value)
            widths[column - 1] = max(widths[column - 1], len(str(value or "")) + 2)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width, _WIDEST)
    sheet.freeze_panes = "A2"
    if names:
        sheet.auto_filter.ref = sheet.dimensions


def write_cell(cell: Cell, value: Value) -> None:
    """Put ``value`` in ``cell``: dates with a date format, text that looks like a formula
    kept as a string cell marked with Excel's quote prefix, so it is shown and never run."""
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and (cell.data_type == "f" or is_formula_like(value)):
        cell.data_type = "s"
        cell.quotePrefix = True


# --- csv -----------------------------------------------------------------------------------------


def data_csv(records: Records, record_type: str, lang: str = "en") -> bytes:
    """One record type as UTF-8 csv with a byte-order mark (so Excel reads Chinese right)."""
    rt = next(rt for rt in RECORD_TYPES if rt.name == record_type)
    frame = ordered(records[rt.name], rt)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headers(rt, frame, lang))
    writer.writerows([_csv_text(v) for v in values] for values in rows(frame, rt, lang))
    return text.getvalue().encode("utf-8-sig")


def _csv_text(value: Value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return inert(value)
    return value
