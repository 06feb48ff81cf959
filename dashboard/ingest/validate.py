"""Find the records in raw sheets and check every cell against the record model.

:func:`validate` never stops at the first problem: it returns every record it could read
together with every :class:`~dashboard.ingest.problems.Problem`, so a staff member can fix the
whole file in one go. References between record types (an adoption's standard, an
agreement's partner) are checked later, by the importer, against the database too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice, repeat
from operator import is_, itemgetter
from typing import Any

import pandas as pd

from dashboard.ingest.cells import CONVERTERS, is_blank, to_text
from dashboard.ingest.problems import CellError, HasProblems, Problem, Severity
from dashboard.ingest.readers.base import FormulaWithoutValue, RawSheet
from dashboard.model import clock
from dashboard.model.records import RECORD_TYPES, Field, Kind, RecordType, match_sheet
from dashboard.model.text import normalise

HEADER_SEARCH_ROWS = 30
MAX_PROBLEMS = 1_000  # problems listed for one sheet; past them the sheet is refused with a note
IGNORED_SHEETS = {
    normalise(name)
    for name in (
        "instructions",
        "readme",
        "read me",
        "notes",
        "说明",
        "填写说明",
        "使用说明",
        "Instructions 说明",
        "lists",
        "Problems 问题",
    )
}  # the template's and the marked-up workbook's own sheets
ROW = "_row"  # the column of a records frame that holds the Excel row number
SHEET = "_sheet"  # and the one that holds the sheet's name


@dataclass(slots=True)
class Table:
    """The valid records of one record type, with the sheet and Excel row each came from
    (a workbook may hold one record type on several sheets)."""

    record_type: RecordType
    sheet: str  # the first sheet it was found on
    frame: pd.DataFrame  # one column per field, plus ROW and SHEET
    columns: dict[str, dict[str, int]] = field(default_factory=dict)  # sheet → field → 0-based column

    def column(self, sheet: str, name: str) -> int | None:
        """Where field ``name`` stands in ``sheet``."""
        return self.columns.get(sheet, {}).get(name)


@dataclass(slots=True)
class Validation(HasProblems):
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def rejected_rows(self, record_type: str) -> int:
        return len({(p.sheet, p.row) for p in self.errors if p.params.get("record") == record_type and p.row})


def validate(
    sheets: Iterable[RawSheet],
    *,
    single_type: RecordType | None = None,
    types: dict[str, RecordType] | None = None,
) -> Validation:
    """Every record in ``sheets`` that passes, and every problem found.

    ``single_type`` is for a CSV: its one sheet holds that record type whatever its name;
    ``types`` names the record type of sheets made by :func:`dashboard.ingest.mapping.apply`.
    """
    result = Validation()
    sheets = list(sheets)
    for sheet in sheets:
        record_type = single_type or (types or {}).get(sheet.name) or match_sheet(sheet.name)
        if record_type is None and len(sheets) == 1:
            record_type = _guess_from_header(sheet)
        if record_type is None:
            if normalise(sheet.name) not in IGNORED_SHEETS and _has_content(sheet):
                result.problems.append(
                    Problem(
                        "unknown_sheet",
                        "warning",
                        sheet=sheet.name,
                        params={"allowed": _sheet_list(), "allowed_zh": _sheet_list_zh()},
                    )
                )
            continue
        if not _has_content(sheet):  # a blank sheet with a record type's name: no header to ask for
            continue
        if sheet.hidden:
            result.problems.append(Problem("hidden_sheet", "warning", sheet=sheet.name))
        table, problems = _validate_sheet(record_type, sheet)
        result.problems.extend(problems)
        if table is not None:
            _merge(result, table)
    for table in result.tables.values():
        result.problems.extend(check_duplicates(table))
    if not any(len(table.frame) for table in result.tables.values()) and not result.errors:
        result.problems.append(Problem("no_records", params={"allowed": _sheet_list(), "allowed_zh": _sheet_list_zh()}))
    return result


def recognised(sheets: Iterable[RawSheet]) -> bool:
    """The sheets are in the template's layout: one is named for a record type, or a lone
    sheet's header names every required column of one."""
    sheets = list(sheets)
    if any(match_sheet(sheet.name) for sheet in sheets):
        return True
    if len(sheets) != 1:
        return False
    guessed = _guess_from_header(sheets[0])
    found = guessed and _find_header(guessed, sheets[0])
    return bool(guessed and found and all(f.name in found[1] for f in guessed.fields if f.required))


def near_template(sheets: Iterable[RawSheet]) -> bool:
    """A lone sheet whose header names at least half the required columns of one record type, as
    the template does: a template filled in with a column missing, rather than a layout of its own."""
    sheets = list(sheets)
    guessed = _guess_from_header(sheets[0]) if len(sheets) == 1 else None
    found = guessed and _find_header(guessed, sheets[0])
    if not guessed or not found:
        return False
    required = [f.name for f in guessed.fields if f.required]
    return len(found[1]) >= 2 and 2 * sum(name in found[1] for name in required) >= len(required)


def _sheet_list() -> str:
    return ", ".join(rt.en_plural for rt in RECORD_TYPES)


def _sheet_list_zh() -> str:
    return "、".join(rt.zh for rt in RECORD_TYPES)


_CJK = re.compile(r"[\u3400-\u9fff]")


def _as_written(problems: list[Problem], sheet: RawSheet, header_row: int) -> list[Problem]:
    """Chinese messages name a column as the file's header does where that header is in Chinese
    ("标题" rather than the model's "标准名称"; of "Title / 标准名称", its Chinese part)."""
    header = sheet.rows[header_row] if header_row < len(sheet.rows) else []
    named = []
    for p in problems:
        written = header[p.col] if p.col is not None and p.col < len(header) else None
        if "column_zh" in p.params and isinstance(written, str) and _CJK.search(written):
            parts = [part.strip() for part in _HEADER_PARTS.split(written) if _CJK.search(part)]
            p = dataclasses.replace(p, params={**p.params, "column_zh": parts[0] if parts else written.strip()})
        named.append(p)
    return named


def _has_content(sheet: RawSheet) -> bool:
    return any(not is_blank(cell) for row in sheet.rows[:HEADER_SEARCH_ROWS] for cell in row)


def _merge(result: Validation, table: Table) -> None:
    previous = result.tables.get(table.record_type.name)
    if previous is None:
        result.tables[table.record_type.name] = table
    else:
        previous.frame = pd.concat([previous.frame, table.frame], ignore_index=True)
        previous.columns.update(table.columns)


def _header_index(record_type: RecordType) -> dict[str, str]:
    return {normalise(name): f.name for f in record_type.fields for name in f.header_names()}


def _find_header(record_type: RecordType, sheet: RawSheet) -> tuple[int, dict[str, int]] | None:
    """The index of the header row and the column of each field found in it."""
    index = _header_index(record_type)
    best: tuple[int, dict[str, int]] | None = None
    for row_number, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            name = _header_field(index, cell)
            if name and name not in columns:
                columns[name] = col
        if columns and (best is None or len(columns) > len(best[1])):
            best = (row_number, columns)
    return best


def _header_field(index: dict[str, str], cell: Any) -> str | None:
    """The field a header cell names: its whole text, or one part of a bilingual
    header such as "Standard code / 标准编号" or "标准编号（Standard code）"."""
    if not isinstance(cell, str):
        return None
    name = index.get(normalise(cell))
    if name is None:
        for part in _HEADER_PARTS.split(cell):
            if name := index.get(normalise(part)):
                break
    return name


_HEADER_PARTS = re.compile(r"[/|\n（）()]")


def _guess_from_header(sheet: RawSheet) -> RecordType | None:
    scores = {rt.name: len(found[1]) for rt in RECORD_TYPES if (found := _find_header(rt, sheet))}
    if not scores:
        return None
    best = max(scores, key=lambda name: scores[name])
    return next(rt for rt in RECORD_TYPES if rt.name == best)


def _validate_sheet(record_type: RecordType, sheet: RawSheet) -> tuple[Table | None, list[Problem]]:
    """One sheet's records and problems: find the header, check its columns, convert every
    cell, check each row, then keep the rows without an error."""
    found = _find_header(record_type, sheet)
    if found is None:
        columns_text = ", ".join(f.en for f in record_type.fields if f.required)
        columns_zh = "、".join(f.zh for f in record_type.fields if f.required)
        return None, [
            Problem("no_header", sheet=sheet.name, params={"columns": columns_text, "columns_zh": columns_zh})
        ]
    header_row, columns = found
    problems = _column_problems(record_type, sheet, header_row, columns)
    if any(p.severity == "error" for p in problems):
        return None, problems
    body = _body(sheet, header_row)
    first_row = header_row + 2  # the Excel number of body[0]
    problems += _skip_examples(record_type, sheet.name, body, first_row, columns)
    converted, blank, cell_problems = _convert_cells(record_type, sheet, body, first_row, columns)
    if len(cell_problems) > MAX_PROBLEMS:
        return None, _too_many(problems, cell_problems, sheet.name)
    kept = _rows_with_content(blank, columns, len(body))
    cell_problems += _row_problems(record_type, sheet.name, first_row, converted, blank, kept, columns, cell_problems)
    if len(cell_problems) > MAX_PROBLEMS:
        if any(p.severity == "error" for p in cell_problems):
            return None, _too_many(problems, cell_problems, sheet.name)
        problems.extend(_too_many([], cell_problems, sheet.name, "warning"))  # warnings only: the records stand
        cell_problems = []
    cell_problems.sort(key=lambda p: (p.row or 0, p.col or 0))
    problems.extend(_as_written(cell_problems, sheet, header_row))
    frame = _records(converted, kept, cell_problems, first_row, len(body))
    frame[SHEET] = sheet.name
    return Table(record_type, sheet.name, frame, {sheet.name: columns}), problems


def _column_problems(
    record_type: RecordType, sheet: RawSheet, header_row: int, columns: dict[str, int]
) -> list[Problem]:
    """The header's columns no field names (warnings), then the required fields it lacks (errors)."""
    problems: list[Problem] = []
    used = set(columns.values())
    for col, cell in enumerate(sheet.rows[header_row]):
        if col not in used and not is_blank(cell):
            problems.append(
                Problem(
                    "unknown_column",
                    "warning",
                    sheet=sheet.name,
                    row=header_row + 1,
                    value=to_text(cell),
                    col=col,
                    params={
                        "allowed": ", ".join(f.en for f in record_type.fields),
                        "allowed_zh": "、".join(f.zh for f in record_type.fields),
                    },
                )
            )
    for f in record_type.fields:
        if f.required and f.name not in columns:
            problems.append(
                Problem(
                    "missing_column",
                    sheet=sheet.name,
                    row=header_row + 1,
                    column=f.en,
                    params={"record": record_type.name, "column_zh": f.zh, "label_en": f.en, "label_zh": f.zh},
                )
            )
    return problems


def _body(sheet: RawSheet, header_row: int) -> list[list[Any]]:
    """The rows below the header, all as wide as the widest."""
    body = sheet.rows[header_row + 1 :]
    width = max(map(len, body), default=0)
    if min(map(len, body), default=0) != width:  # ragged rows, from a CSV or an HTML table
        body = [row + [None] * (width - len(row)) for row in body]
    return body


def _skip_examples(
    record_type: RecordType, sheet: str, body: list[list[Any]], first_row: int, columns: dict[str, int]
) -> list[Problem]:
    """Blank every row that is the template's example for ``record_type`` (each mapped column
    holds its field's example, or is blank where the example is), with a warning each: an
    untouched template must never import "Example Technical College" as a partner, nor its
    example target over a real one."""
    example = {columns[f.name]: f.example for f in record_type.fields if f.name in columns}
    if not any(not is_blank(v) for v in example.values()):
        return []
    # Only the rows whose first example column holds its example can be examples: find them through
    # that column's distinct cells, then check them whole.
    first, wanted = next((col, value) for col, value in example.items() if not is_blank(value))
    width = len(body[0]) if body else 0
    cells = list(map(itemgetter(first), body)) if first < width else [None] * len(body)
    keys: list[Any] = cells
    if bool in set(map(type, cells)):  # True == 1 as a set member: tell them apart by type
        keys = list(zip(map(type, cells), cells))
    distinct = set(keys)
    matching = {key for key in distinct if _same(key[1] if keys is not cells else key, wanted)}
    found: list[Problem] = []
    if not matching:
        return found
    for i in (i for i, key in enumerate(keys) if key in matching):
        row = body[i]
        if all(_same(row[col] if col < len(row) else None, value) for col, value in example.items()):
            body[i] = [None] * len(row)
            named = next((str(v) for v in example.values() if isinstance(v, str) and v.strip()), "")
            found.append(Problem("example_row", "warning", sheet=sheet, row=first_row + i, params={"example": named}))
    return found


def _same(cell: Any, example: Any) -> bool:
    """Whether a cell holds the template's example value (a date as a date, a number as a number)."""
    if is_blank(example):
        return is_blank(cell)
    if is_blank(cell):
        return False
    if isinstance(example, dt.date):
        if isinstance(cell, dt.datetime):
            return cell.date() == example
        if isinstance(cell, dt.date):
            return cell == example
        return to_text(cell).strip()[:10] == example.isoformat()
    if isinstance(example, (int, float)) and not isinstance(example, bool):
        try:
            return float(to_text(cell).replace(",", "")) == float(example)
        except ValueError:
            return False
    return normalise(to_text(cell)) == normalise(str(example))


def _convert_cells(
    record_type: RecordType, sheet: RawSheet, body: list[list[Any]], first_row: int, columns: dict[str, int]
) -> tuple[dict[str, list[Any]], dict[str, list[bool]], list[Problem]]:
    """Every field's column converted: the values, which cells were blank, and a problem for
    each cell that could not be read (stopping once there are more than MAX_PROBLEMS).
    A field with no column takes its default in every row."""
    width = len(body[0]) if body else 0
    converted: dict[str, list[Any]] = {}
    blank: dict[str, list[bool]] = {}
    cell_problems: list[Problem] = []
    for f in record_type.fields:
        if f.name not in columns:
            converted[f.name] = [f.default] * len(body)
            blank[f.name] = [True] * len(body)
            continue
        col = columns[f.name]
        raw = list(map(itemgetter(col), body)) if col < width else [None] * len(body)
        values, is_blank_cell, errors = _convert_column(f, raw, MAX_PROBLEMS + 1 - len(cell_problems))
        converted[f.name], blank[f.name] = values, is_blank_cell
        for index, error in errors:
            cell_problems.append(
                Problem(
                    error.code,
                    sheet=sheet.name,
                    row=first_row + index,
                    column=f.en,
                    value=to_text(raw[index]),
                    col=col,
                    params={"record": record_type.name, "column_zh": f.zh, **error.params},
                )
            )
        if len(cell_problems) > MAX_PROBLEMS:
            break
    return converted, blank, cell_problems


def _rows_with_content(blank: dict[str, list[bool]], columns: dict[str, int], rows: int) -> list[int]:
    """The indexes of the body's rows with something in a field's column (blank rows are skipped)."""
    if not any(any(blank[name]) for name in columns):  # the usual case: no blank cell at all
        return list(range(rows))
    return [i for i, cells in enumerate(zip(*(blank[name] for name in columns))) if not all(cells)]


def _row_problems(
    record_type: RecordType,
    sheet: str,
    first_row: int,
    converted: dict[str, list[Any]],
    blank: dict[str, list[bool]],
    kept: list[int],
    columns: dict[str, int],
    so_far: list[Problem],
) -> list[Problem]:
    """The kept rows' problems beyond their cells: a required cell left blank, dates out of
    order, dates in the future; listed until, with ``so_far``, there are more than MAX_PROBLEMS."""
    found: list[Problem] = []
    for f in record_type.fields:
        if f.required and f.name in columns and any(blank[f.name]):
            column_blank = blank[f.name]
            required = (
                Problem(
                    "required",
                    sheet=sheet,
                    row=first_row + i,
                    column=f.en,
                    col=columns[f.name],
                    params={"record": record_type.name, "column_zh": f.zh},
                )
                for i in kept
                if column_blank[i]
            )
            found.extend(islice(required, MAX_PROBLEMS + 1 - len(so_far) - len(found)))
    for check in (_check_date_order, _check_future_dates):
        checked = check(record_type, sheet, first_row, converted, kept, columns)
        found.extend(islice(checked, max(MAX_PROBLEMS + 1 - len(so_far) - len(found), 0)))
    return found


def _records(
    converted: dict[str, list[Any]], kept: list[int], problems: list[Problem], first_row: int, rows: int
) -> pd.DataFrame:
    """The kept rows that have no error, one column per field plus their Excel row (ROW)."""
    rejected = {p.row - first_row for p in problems if p.severity == "error" and p.row}
    if rejected:
        kept = [i for i in kept if i not in rejected]
    if len(kept) < rows:
        converted = {name: [values[i] for i in kept] for name, values in converted.items()}
    frame = pd.DataFrame(converted, dtype=object)  # keep Python values: dates, ints, None
    frame[ROW] = [first_row + i for i in kept] if len(kept) < rows else range(first_row, first_row + rows)
    return frame


_BLANK = object()


def _convert_column(f: Field, raw: list[Any], limit: int) -> tuple[list[Any], list[bool], list[tuple[int, CellError]]]:
    """Convert a whole column through a table of its distinct values.

    Returns the values (the field's default for a blank or unreadable cell), which cells
    were blank, and (index, error) for every cell that could not be read, or for the first
    ``limit`` of them: once more distinct values than that have failed, the rest are left
    unconverted (the sheet is refused for having too many problems anyway).
    """
    keys: list[Any] = raw
    if bool in set(map(type, raw)):  # True == 1 as a dict key: tell them apart by type
        keys = [(type(value), value) for value in raw]
    table: dict[Any, Any] = dict(zip(keys, raw))  # each distinct cell once
    convert = CONVERTERS[f.kind]
    failed = 0
    for key, value in table.items():
        try:
            checked = _checked(value)
            table[key] = _BLANK if is_blank(checked) else convert(f, checked)
        except CellError as error:
            table[key] = error
            failed += 1
            if failed >= limit:
                found = ((i, table[key]) for i, key in enumerate(keys) if isinstance(table[key], CellError))
                return [f.default] * len(raw), [False] * len(raw), list(islice(found, limit))
    mapped = list(map(table.__getitem__, keys))
    is_blank_cell = list(map(is_, mapped, repeat(_BLANK)))
    if not any(value is _BLANK or isinstance(value, CellError) for value in table.values()):
        return mapped, is_blank_cell, []
    errors = list(islice(((i, value) for i, value in enumerate(mapped) if isinstance(value, CellError)), limit))
    values = [f.default if value is _BLANK or isinstance(value, CellError) else value for value in mapped]
    return values, is_blank_cell, errors


def _too_many(
    problems: list[Problem], cell_problems: list[Problem], sheet: str, severity: Severity = "error"
) -> list[Problem]:
    """The sheet's problems when there are too many: a note saying so, then the first MAX_PROBLEMS."""
    listed = sorted(cell_problems[:MAX_PROBLEMS], key=lambda p: (p.row or 0, p.col or 0))
    return [*problems, too_many_problems(sheet, severity), *listed]


def too_many_problems(sheet: str, severity: Severity = "error") -> Problem:
    """The note that a sheet had more problems than the MAX_PROBLEMS listed."""
    return Problem("too_many_problems", severity, sheet=sheet, params={"limit": f"{MAX_PROBLEMS:,}"})


def _checked(value: Any) -> Any:
    """``value``, unless it is a cell no column can take: a formula with no saved result,
    or a number Excel cannot hold."""
    if isinstance(value, FormulaWithoutValue):
        raise CellError("formula_without_value")
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError("not_finite")
    return value


def _check_future_dates(
    rt: RecordType,
    sheet: str,
    first_row: int,
    converted: dict[str, list[Any]],
    kept: list[int],
    columns: dict[str, int],
) -> Iterator[Problem]:
    today = clock.today()
    for f in rt.fields:
        if f.kind is Kind.DATE and not f.future_ok and f.name in columns:
            values = converted[f.name]
            if not any(isinstance(v, dt.date) and v > today for v in set(values)):
                continue
            yield from (
                Problem(
                    "future_date",
                    "warning",
                    sheet=sheet,
                    row=first_row + i,
                    column=f.en,
                    value=values[i].isoformat(),
                    col=columns[f.name],
                    params={"record": rt.name, "column_zh": f.zh},
                )
                for i in kept
                if isinstance(values[i], dt.date) and values[i] > today
            )


def _check_date_order(
    rt: RecordType,
    sheet: str,
    first_row: int,
    converted: dict[str, list[Any]],
    kept: list[int],
    columns: dict[str, int],
) -> Iterator[Problem]:
    for earlier, later, written in rt.date_order:
        severity: Severity = "warning" if written == "warning" else "error"
        firsts, seconds = converted[earlier], converted[later]
        for i in kept:
            first, second = firsts[i], seconds[i]
            if isinstance(first, dt.date) and isinstance(second, dt.date) and second < first:
                yield Problem(
                    "end_before_start",
                    severity,
                    sheet=sheet,
                    row=first_row + i,
                    column=rt.field(later).en,
                    value=second.isoformat(),
                    col=columns.get(later),
                    params={
                        "record": rt.name,
                        "column_zh": rt.field(later).zh,
                        "other_column": rt.field(earlier).en,
                        "other_column_zh": rt.field(earlier).zh,
                        "other_value": first.isoformat(),
                    },
                )


def check_duplicates(table: Table) -> list[Problem]:
    """Rows sharing a natural key: a warning (and one kept) when identical, else an error.
    At most MAX_PROBLEMS are listed, then a note (an error if any row conflicts)."""
    rt, frame = table.record_type, table.frame
    key = list(rt.key)
    dupes = frame[frame.duplicated(key, keep=False)]
    if dupes.empty:
        return []
    problems: list[Problem] = []
    data_columns = [f.name for f in rt.fields]
    key_label = " + ".join(rt.field(name).en for name in key)
    for _, group in dupes.groupby(key, sort=False, dropna=False):
        first = group.iloc[0]
        for _index, row in group.iloc[1 : MAX_PROBLEMS + 2 - len(problems)].iterrows():
            same = _comparable(first[data_columns]) == _comparable(row[data_columns])
            problems.append(
                Problem(
                    "duplicate_row" if same else "conflicting_duplicate",
                    "warning" if same else "error",
                    sheet=row[SHEET],
                    row=int(row[ROW]),
                    params={"record": rt.name, "other_row": _where(first, row), "key": key_label},
                )
            )
        if len(problems) > MAX_PROBLEMS:
            conflicting = dupes.drop_duplicates(data_columns).duplicated(key).any()
            severity: Severity = "error" if conflicting else "warning"
            problems = _too_many([], problems, table.sheet, severity)
            break
    table.frame = frame[~frame.duplicated(key, keep="first")].reset_index(drop=True)
    return problems


def _where(first: pd.Series, row: pd.Series) -> str:
    """The first row's number, with its sheet when that is another sheet."""
    return str(int(first[ROW])) if first[SHEET] == row[SHEET] else f"{int(first[ROW])} ({first[SHEET]})"


def _comparable(values: pd.Series) -> tuple[Any, ...]:
    return tuple(None if value is None or (isinstance(value, float) and value != value) else value for value in values)
