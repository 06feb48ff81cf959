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
import itertools
from collections.abc import Iterable, Iterator, Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
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
    book = Workbook(write_only=True)  # rows go straight to the file: memory does not grow with them
    for rt in RECORD_TYPES:
        if rt.name in records:
            frame = ordered(records[rt.name], rt)
            _write_sheet(book, sheet_title(rt.label(lang)), headers(rt, frame, lang), rows(frame, rt, lang), lang)
    return _saved(book)


def sheet_title(label: str) -> str:
    """``label`` cut to Excel's limit for a sheet's name and free of the characters it forbids."""
    for forbidden in "[]:*?/\\":
        label = label.replace(forbidden, " ")
    return label[:_SHEET_NAME_LIMIT]


WIDTH_SAMPLE = 500  # rows read to size a sheet's columns (a write-only sheet is sized before its rows)


def _write_sheet(book: Workbook, title: str, names: list[str], values: Iterable[list[Value]], lang: str) -> None:
    """A sheet of ``values`` under the header ``names``: the header in bold, frozen and filterable,
    each column as wide as its widest cell among the first rows (up to a limit)."""
    sheet = book.create_sheet(title)
    values = iter(values)
    first = list(itertools.islice(values, WIDTH_SAMPLE))
    widths = [len(name) * pick(1, 2, lang) + 2 for name in names]  # a Chinese character is two wide
    for row in first:
        for column, value in enumerate(row):
            widths[column] = max(widths[column], len(str(value if value is not None else "")) + 2)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width, _WIDEST)
    sheet.freeze_panes = "A2"
    header = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in itertools.chain(first, values):
        written = []
        for value in row:
            cell = WriteOnlyCell(sheet)
            write_cell(cell, value)
            written.append(cell)
        sheet.append(written)
        count += 1
    if names:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{count + 1}"


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_cell(cell: Cell, value: Value) -> None:
    """Put ``value`` in ``cell``: dates with a date format, text that looks like a formula
    kept as a string cell marked with Excel's quote prefix, so it is shown and never run."""
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and (cell.data_type == "f" or is_formula_like(value)):
        cell.data_type = "s"
        cell.quotePrefix = True


PREVIEW_LISTED = 50_000  # records to add listed per type in a preview's download; the rest are counted


def preview_workbook(result: ImportResult, lang: str = "en") -> bytes:
    """What committing an upload would write, as ``.xlsx``: a sheet per record type of the records
    it adds (with the Excel row each comes from; up to :data:`PREVIEW_LISTED`, then a line counting
    the rest), then a sheet of every change (the record, its row, the column, the value before and
    after). ``result`` is a dry run listing the new records (``listed=PREVIEW_LISTED``)."""
    book = Workbook(write_only=True)
    row_label = t("row", lang)
    for name in dict.fromkeys(change.record_type for change in result.added):
        rt = BY_NAME[name]
        added = [change for change in result.added if change.record_type == name]
        fields = rt.fields
        lines: list[list[Value]] = [
            [change.row, *(_typed(rt, f.name, change.after.get(f.name), lang) for f in fields)] for change in added
        ]
        total = result.counts[name].new if name in result.counts else len(added)
        if total > len(added):
            lines.append([t("preview_more", lang, more=f"{total - len(added):,}")])
        names = [row_label, *(f.label(lang) for f in fields)]
        _write_sheet(book, sheet_title(rt.label(lang)), names, lines, lang)
    header = [t(key, lang) for key in ("record_type", "key", "row", "column", "before", "after")]
    changes: list[list[Value]] = []
    for change in result.changes:
        rt = BY_NAME[change.record_type]
        key = " / ".join(display.text(rt.field(k), v, lang) for k, v in zip(rt.key, change.key, strict=False))
        for field_name, before in change.before.items():
            label = rt.field(field_name).label(lang)
            values = (_typed(rt, field_name, v, lang) for v in (before, change.after[field_name]))
            changes.append([rt.label(lang), key, change.row, label, *values])
    _write_sheet(book, sheet_title(t("changes", lang)), header, changes, lang)
    return _saved(book)


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
