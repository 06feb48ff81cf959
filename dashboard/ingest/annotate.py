"""The uploaded workbook handed back with every problem marked where it is.

:func:`annotate` fills each cell a problem points at (red for errors, yellow for
warnings), puts the messages and fixes in a cell comment, and adds a first sheet listing
every problem, so a staff member can fix the file in Excel and upload it again. An
.xlsx keeps its formatting; any other file is rebuilt cell for cell, so the row and
column numbers in the messages still point at the right cells.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.ingest.problems import Problem
from dashboard.ingest.readers import read
from dashboard.ingest.readers.base import RawSheet
from dashboard.ingest.workbook import HEADER_FILL
from dashboard.model.i18n import language, sentences
from dashboard.model.texts import t

SUMMARY_SHEET = "Problems 问题"
AUTHOR = "coopdash"
MAX_COMMENT = 2000
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
MAX_MARKED_CELLS = 1_000_000  # a bigger upload's marked workbook holds the list of problems alone
FILLS = {"error": PatternFill("solid", fgColor="F8D7DA"), "warning": PatternFill("solid", fgColor="FFF3CD")}
OPENPYXL_SUFFIXES = {".xlsx", ".xlsm"}

SUMMARY_HEADERS = ("annotate.severity", "sheet", "row", "column", "value", "annotate.problem", "annotate.fix")  # texts
Place = tuple[str, int, int]  # sheet, Excel row, 1-based column


def annotate(data: bytes, file_name: str, problems: list[Problem], lang: str = "en") -> bytes:
    """The workbook in ``data`` with ``problems`` highlighted and commented, as .xlsx bytes.

    ``problems`` are those an import of ``data`` found; when one says the file is
    unreadable, the file is not opened again and only the summary sheet is returned.
    """
    lang = language(lang)
    sheets = [] if any(p.code == "unreadable" for p in problems) else _read(data, file_name)
    if sum(len(row) for sheet in sheets for row in sheet.rows) > MAX_MARKED_CELLS:
        sheets = []  # openpyxl would need gigabytes: the summary sheet alone lists the problems
    original = _load_original(data, file_name) if sheets else None
    if original is not None:
        try:
            return _save(_annotated(original, {}, problems, lang))
        except Exception:  # a workbook openpyxl loads but cannot write back: rebuild it instead
            pass
    rebuilt, renamed = _rebuild(sheets)
    return _save(_annotated(rebuilt, renamed, problems, lang))


def _read(data: bytes, file_name: str) -> list[RawSheet]:
    try:
        return read(data, file_name)
    except Exception:  # unreadable: the summary sheet alone still lists the problems
        return []


def _load_original(data: bytes, file_name: str) -> Workbook | None:
    """The uploaded workbook with its formatting (never its macros), or None."""
    if Path(file_name).suffix.lower() not in OPENPYXL_SUFFIXES:
        return None
    try:
        return load_workbook(io.BytesIO(data), keep_vba=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on files calamine reads fine
        return None


def _rebuild(sheets: list[RawSheet]) -> tuple[Workbook, dict[str, str]]:
    """A plain workbook holding the sheets' cells at the positions the reader gave them,
    and the sheets whose names Excel would not accept: original name → title used."""
    workbook = _empty_workbook()
    renamed: dict[str, str] = {}
    for sheet in sheets:
        target = workbook.create_sheet(_sheet_title(sheet.name, workbook.sheetnames))
        if target.title != sheet.name:
            renamed[sheet.name] = target.title
        for row_number, row in enumerate(sheet.rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is not None and value != "":
                    _write_value(target.cell(row_number, column), value)
    return workbook, renamed


def _empty_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def _annotated(workbook: Workbook, renamed: dict[str, str], problems: list[Problem], lang: str) -> Workbook:
    if SUMMARY_SHEET in workbook.sheetnames:  # annotated before: list only this upload's problems
        workbook.remove(workbook[SUMMARY_SHEET])
    sheets = {sheet.title: sheet for sheet in workbook.worksheets}
    sheets.update({original: workbook[title] for original, title in renamed.items()})
    for (sheet_name, row, column), found in _by_place(problems).items():
        if (sheet := sheets.get(sheet_name)) is not None:
            _mark(_styleable_cell(sheet, row, column), found, lang)
    summary = workbook.create_sheet(SUMMARY_SHEET, 0)
    _write_summary(summary, problems, lang)
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = sheet is summary
    workbook.active = 0
    return workbook


def _by_place(problems: Iterable[Problem]) -> dict[Place, list[Problem]]:
    """Problems grouped by the cell they point at; a row without a column points at its first cell."""
    places: dict[Place, list[Problem]] = defaultdict(list)
    for problem in problems:
        if not problem.sheet or not isinstance(problem.row, int) or not 1 <= problem.row <= MAX_ROW:
            continue
        col = problem.col if isinstance(problem.col, int) and 0 <= problem.col < MAX_COLUMN else 0
        places[(str(problem.sheet), problem.row, col + 1)].append(problem)
    return places


def _styleable_cell(sheet: Worksheet, row: int, column: int) -> Cell:
    """The cell at (row, column), or the top-left cell of the merged range that covers it."""
    cell = sheet.cell(row, column)
    if isinstance(cell, MergedCell):
        for merged in sheet.merged_cells.ranges:
            if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
                return sheet.cell(merged.min_row, merged.min_col)
    return cell


def _mark(cell: Cell, problems: list[Problem], lang: str) -> None:
    severity = "error" if any(p.severity == "error" for p in problems) else "warning"
    cell.fill = FILLS[severity]
    text = "\n".join(sentences((_message(p, lang), _fix(p, lang)), lang).strip() for p in problems)
    if cell.comment is not None and cell.comment.author != AUTHOR:
        text = f"{text}\n\n{cell.comment.text}"
    cell.comment = Comment(_clean(text, MAX_COMMENT), AUTHOR, width=320, height=min(600, 60 + len(text) // 2))


def _write_summary(sheet: Worksheet, problems: list[Problem], lang: str) -> None:
    headers = [t(key, lang) for key in SUMMARY_HEADERS]
    sheet.append(headers)
    for column in range(1, len(headers) + 1):
        cell = sheet.cell(1, column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    ordered = sorted(problems, key=lambda p: p.severity != "error")
    for row_number, problem in enumerate(ordered, start=2):
        values = (
            _severity(problem, lang),
            problem.sheet,
            problem.row if isinstance(problem.row, int) else None,
            problem.column_label(lang),
            problem.value,
            _message(problem, lang),
            _fix(problem, lang),
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row_number, column)
            _write_value(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row_number, 1).fill = FILLS.get(problem.severity, FILLS["error"])
    for index, width in enumerate((10, 22, 8, 24, 24, 60, 60), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(ordered) + 1}"


def _severity(problem: Problem, lang: str) -> str:
    known = problem.severity in ("error", "warning")
    return t(f"annotate.{problem.severity}", lang) if known else str(problem.severity)


def _message(problem: Problem, lang: str) -> str:
    try:
        return problem.message(lang)
    except (KeyError, IndexError, ValueError, AttributeError):  # an unknown code or missing parameter
        return str(problem.code)


def _fix(problem: Problem, lang: str) -> str:
    try:
        return problem.fix(lang)
    except (KeyError, IndexError, ValueError, AttributeError):
        return ""


def _write_value(cell: Cell, value: Any) -> None:
    """Store ``value`` as data: text is never read as a formula, and what Excel cannot hold becomes text."""
    if value is None or isinstance(value, (bool, int, float, dt.datetime, dt.date, dt.time)):
        if isinstance(value, float) and value != value:
            value = None
        cell.value = value
        return
    cell.value = _clean(str(value), MAX_CELL_TEXT)
    cell.data_type = "s"  # "=HYPERLINK(...)" in an upload stays text


def _sheet_title(name: str, taken: list[str]) -> str:
    """``name`` made a valid, unused Excel sheet title."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in ILLEGAL_CHARACTERS_RE.sub("", str(name)))
    base = base.strip("'")[:31] or "Sheet"
    title, number = base, 1
    while title.casefold() in {t.casefold() for t in [*taken, SUMMARY_SHEET]}:
        number += 1
        title = f"{base[:27]} ({number})"
    return title


def _clean(text: str, limit: int) -> str:
    """``text`` without the control characters XML cannot hold, cut to ``limit`` characters."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
