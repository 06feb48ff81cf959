"""Write cooperation records to an Excel workbook laid out the way the importer reads it.

One sheet per record type, named in English; a header row naming each column in English
and Chinese; date cells formatted as dates. Used for the sample data, the template and
the tests' own workbooks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.model.records import RECORD_TYPES, Kind, RecordType

HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
DATE_FORMAT = "yyyy-mm-dd"


def header_text(rt: RecordType, name: str) -> str:
    f = rt.field(name)
    return f"{f.en} / {f.zh}"


def write_workbook(
    path: str | Path,
    records: Mapping[str, Iterable[Mapping[str, Any]]],
    *,
    title: str | None = None,
    readme: Sequence[str] = (),
) -> Path:
    """Write ``records`` (record type name → rows as dicts keyed by field name).

    ``title`` goes in a row above each sheet's header (the importer skips it); ``readme``
    lines go on a first sheet named README.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    if readme:
        sheet = workbook.create_sheet("README")
        for line in readme:
            sheet.append([line])
        sheet.column_dimensions["A"].width = 110
    for rt in RECORD_TYPES:
        if rt.name in records:
            _write_sheet(workbook, rt, list(records[rt.name]), title)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _write_sheet(workbook: Workbook, rt: RecordType, rows: list[Mapping[str, Any]], title: str | None) -> None:
    sheet = workbook.create_sheet(rt.en_plural)
    if title:
        sheet.append([f"{title} — {rt.en_plural} / {rt.zh}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
    sheet.append([header_text(rt, f.name) for f in rt.fields])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_cell(row.get(f.name)) for f in rt.fields])
    for index, f in enumerate(rt.fields, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 40 if f.kind is Kind.TEXT else 18
        if f.kind is Kind.DATE and not f.allow_year:  # a year in a date-formatted cell reads as 1905
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    return value
