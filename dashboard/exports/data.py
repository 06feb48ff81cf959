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
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard.batches.importer import ImportResult
from dashboard.model import display
from dashboard.model.i18n import pick
from dashboard.model.records import BY_NAME, RECORD_TYPES, RecordType
from dashboard.model.texts import t

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


def _write_sheet(
    book: Workbook, rt: RecordType, frame: pd.DataFrame, lang: str, first: tuple[str, list[Value]] | None = None
) -> None:
    """``frame``'s records as a sheet named for ``rt``; ``first``: a column (header, values) before the fields."""
    sheet = book.create_sheet(sheet_title(rt, lang))
    names = ([first[0]] if first else []) + headers(rt, frame, lang)
    sheet.append(names)
    leading = first[1] if first else None
    for row_number, values in enumerate(rows(frame, rt, lang), start=2):
        values = [leading[row_number - 2], *values] if leading else values
        for column, value in enumerate(values, start=1):
            write_cell(sheet.cell(row=row_number, column=column), value)
    _finish(sheet, names, lang)


def _finish(sheet: Any, names: list[str], lang: str) -> None:
    """A header in bold, each column as wide as its widest cell (up to a limit), the header row
    frozen and filterable."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(name) * pick(1, 2, lang) + 2 for name in names]  # a Chinese character is two wide
    for row in sheet.iter_rows(min_row=2, values_only=True):
        for column, value in enumerate(row):
            widths[column] = max(widths[column], len(str(value or "")) + 2)
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


def preview_workbook(result: ImportResult, lang: str = "en") -> bytes:
    """What committing an upload would write, as ``.xlsx``: a sheet per record type of the records
    it adds (every one, with the Excel row each comes from), then a sheet of every change (the
    record, its row, the column, the value before and after). ``result`` is a dry run listing
    every new record (``listed=None``)."""
    book = Workbook()
    book.remove(book.active)
    row_label = t("row", lang)
    for name in dict.fromkeys(change.record_type for change in result.added):
        rt = BY_NAME[name]
        added = [change for change in result.added if change.record_type == name]
        frame = pd.DataFrame([change.after for change in added], columns=[f.name for f in rt.fields])
        _write_sheet(book, rt, frame, lang, first=(row_label, [change.row for change in added]))
    header = [t(key, lang) for key in ("record_type", "key", "row", "column", "before", "after")]
    changes = book.create_sheet(t("changes", lang)[:_SHEET_NAME_LIMIT])
    changes.append(header)
    for change in result.changes:
        rt = BY_NAME[change.record_type]
        for field_name, before in change.before.items():
            row: list[Value] = [
                rt.label(lang),
                " / ".join(map(str, change.key)),
                change.row,
                rt.field(field_name).label(lang),
                _typed(rt, field_name, before, lang),
                _typed(rt, field_name, change.after[field_name], lang),
            ]
            number = changes.max_row + 1
            for column, value in enumerate(row, start=1):  # never appended: a text like "=1+1" stays text
                write_cell(changes.cell(row=number, column=column), value)
    _finish(changes, header, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _typed(rt: RecordType, field_name: str, value: object, lang: str) -> Value:
    return display.typed(rt.field(field_name), value, lang)


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
