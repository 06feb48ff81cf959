"""Parsing a checked workbook with fastexcel: each sheet as Arrow columns, then as the grid
:mod:`.calamine` would give (from A1, empty cells as ``""``, a date at midnight as a date).

fastexcel parses with calamine too, but hands over whole columns instead of one Python object
per cell; each column's distinct values become Python objects once (an error cell, which
calamine reads as empty, is empty here too). Only a package
:func:`~dashboard.ingest.package_check.check_package` found plain and ``columnar`` (no merged
range to fill, no date written as ISO text) comes here, so nothing reaches fastexcel unmeasured.

A sheet is read this way when its first row is its header, all text, and each column below
holds one kind of value: text, numbers, true/false, or dates from March 1900 on. Any other sheet
(a title above the header, a column mixing text and numbers, whole numbers, times) is read by
:func:`.calamine.read_sheet`, as before. fastexcel counts a sheet's rows from its first row
with a value; the package check's last row holding a value, less the rows read, tells that this
was row 1 (in a workbook whose rows are written in order, as every program writes them).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from typing import Any

import fastexcel
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine

from dashboard.ingest.readers import calamine
from dashboard.ingest.readers.base import RawSheet, Tally, UnreadableFile

logging.getLogger("fastexcel").setLevel(logging.ERROR)  # an empty column, read as text, is no news
_EARLIEST = dt.datetime(1900, 3, 1)  # before it Excel's serials and calamine's times need calamine's rules
_MIDNIGHT = dt.time()


class _NotColumnar(Exception):
    """A sheet this reader cannot give as calamine would."""


def read_workbook(
    data: bytes, last_rows: dict[str, int], on_parse: Callable[[list[str]], None] | None = None
) -> list[RawSheet] | None:
    """Every sheet of ``data`` (a package found plain and columnar; ``last_rows``: sheet name →
    the number of its last row holding a value), or None when calamine must read it. A sheet this reader
    cannot give exactly is read by calamine, alone. ``on_parse`` is called with the sheet
    names before any sheet is parsed."""
    try:
        reader = fastexcel.read_excel(data)
    except Exception:  # let calamine say what is wrong with it
        return None
    if on_parse is not None:
        on_parse(list(reader.sheet_names))
    sheets, tally = [], Tally()
    by_calamine: python_calamine.CalamineWorkbook | None = None
    for name in reader.sheet_names:
        tally.sheet()
        try:
            sheets.append(_read_sheet(reader, name, last_rows.get(name, 0), tally))
            continue
        except UnreadableFile:  # past a limit: refused
            raise
        except Exception:  # _NotColumnar, or anything fastexcel or Arrow cannot do: calamine reads the sheet
            pass
        try:
            if by_calamine is None:
                by_calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            meta = next(meta for meta in by_calamine.sheets_metadata if meta.name == name)
            sheets.append(calamine.read_sheet(by_calamine, meta, tally))
        except UnreadableFile:
            raise
        except Exception:  # calamine's whole reading says what is wrong with the file
            return None
    return sheets


def _read_sheet(reader: fastexcel.ExcelReader, name: str, last_row: int, tally: Tally) -> RawSheet:
    """One sheet whose first row is its header: the header's cells are all text (fastexcel
    names its columns by them) and the columns below each hold one kind of value."""
    sheet = reader.load_sheet(name, header_row=0, schema_sample_rows=None, dtype_coercion="strict")
    available = sheet.available_columns()
    if not available or last_row - sheet.height != 1:  # empty, or not starting on row 1 (see the module's notes)
        raise _NotColumnar(name)
    header = [column.name for column in available]
    if any(column.column_name_from != "looked_up" for column in available) or not _all_text(header):
        raise _NotColumnar(name)
    offset = available[0].absolute_index
    if [column.absolute_index for column in available] != list(range(offset, offset + len(available))):
        raise _NotColumnar(name)
    tally.grid(sheet.height + 1, offset + len(available))
    table = sheet.to_arrow()
    body = [[""] * sheet.height] * offset + [_cells(column) for column in table.columns]
    rows = [[""] * offset + header, *map(list, zip(*body))]
    return RawSheet(name, rows, sheet.visible != "visible")


def _all_text(names: list[str]) -> bool:
    """Whether column names fastexcel looked up can only have come from text cells: none reads
    as a number (a number cell's name) and none is another's with a suffix (a repeated name)."""
    for name in names:
        try:
            float(name)
            return False
        except ValueError:
            pass
    given = set(names)
    return len(given) == len(names) and not any(
        (base := name.rpartition("_"))[1] and base[2].isdigit() and base[0] in given for name in names
    )


def _cells(column: pa.ChunkedArray | pa.Array) -> list[Any]:
    """One column's cells as calamine's ``to_python`` gives them, each distinct value converted once."""
    kind = column.type
    if pa.types.is_null(kind):
        return [""] * len(column)
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or kind in (pa.float64(), pa.bool_())):
        if not pa.types.is_timestamp(kind):
            raise _NotColumnar(kind)  # whole numbers, durations, dates of another kind: calamine's rules
        earliest = pc.min(column).as_py()
        if earliest is not None and earliest < _EARLIEST:
            raise _NotColumnar(kind)
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = column.dictionary_encode()
    values = np.array([*map(_value, encoded.dictionary.to_pylist()), ""], dtype=object)  # "": an empty cell
    return values[pc.fill_null(encoded.indices, len(values) - 1).to_numpy()].tolist()


def _value(value: Any) -> Any:
    """A date and time at midnight is a date, as calamine gives it."""
    if isinstance(value, dt.datetime) and value.time() == _MIDNIGHT:
        return value.date()
    return value
