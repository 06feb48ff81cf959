"""The zip-package reader: .xlsx and .xlsm (and an .ods, handed on to :mod:`.isolated`).

Every untrusted package is checked part by part before calamine may parse it in this process
(:mod:`dashboard.ingest.package_check`); what it cannot vouch for is parsed in the child
process of :mod:`.isolated`. A checked package is read through Arrow (:mod:`.arrow`, fastexcel)
where that gives exactly calamine's cells, else by :mod:`.calamine`. A formula whose result was
never saved reaches the validator as :class:`~.base.FormulaWithoutValue`, not as an empty cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from defusedxml import ElementTree

from dashboard.ingest.package_check import check_package, column_number
from dashboard.ingest.readers import arrow, isolated
from dashboard.ingest.readers.base import MAX_COLUMNS, FormulaWithoutValue, RawSheet
from dashboard.ingest.readers.calamine import read_workbook

# A cell holding a formula (an <f> element), and the parts of it that tell whether its result was saved.
_FORMULA_CELL = re.compile(rb"<c\b([^>]*?)(?<!/)>((?:(?!<c\b).)*?)</c>", re.DOTALL)  # never past the next cell
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.DOTALL)
_SAVED_VALUE = re.compile(rb"<v>[^<]")


def read(data: bytes, filename: str, *, on_parse: Callable[[list[str]], None] | None = None) -> list[RawSheet]:
    """The sheets of a zip package (.xlsx, .xlsm, or an .ods), checked part by part first.

    ``on_parse`` is called with the sheet names of an .xlsx or .xlsm once every check has
    passed, just before calamine parses the sheets (without holding the GIL): work it starts
    in a thread runs alongside the parse."""
    package = check_package(data)
    if package is None:  # an .ods or another package whose size is not known: read it apart
        return isolated.read(data, filename)
    if not package.plain:  # legal XML that calamine places by rules of its own: read it apart too
        sheets = isolated.read(data, filename)
    else:
        once, through_arrow = _once(on_parse), None
        if package.columnar:
            paths = _sheet_paths(zipfile.ZipFile(io.BytesIO(package.data)))
            last_rows = {name: package.last_rows.get(path, 0) for name, path in paths.items()}
            through_arrow = arrow.read_workbook(package.data, last_rows, once)
        # cells fastexcel would give otherwise than calamine: calamine's own reading
        sheets = through_arrow if through_arrow is not None else read_workbook(package.data, once)
    return mark_formulas_without_value(data, sheets, package.formulas) if package.formulas else sheets


def _once(on_parse: Callable[[list[str]], None] | None) -> Callable[[list[str]], None] | None:
    """``on_parse``, called the first time only (a workbook read through Arrow may fall back to calamine)."""
    if on_parse is None:
        return None
    called: list[bool] = []

    def call(names: list[str]) -> None:
        if not called:
            called.append(True)
            on_parse(names)

    return call


def mark_formulas_without_value(data: bytes, sheets: list[RawSheet], with_formulas: set[str]) -> list[RawSheet]:
    """Put a :class:`FormulaWithoutValue` where a cell of an .xlsx sheet (one of the zip
    members ``with_formulas``) holds a formula but no saved result: calamine reads those
    as empty. Only cells inside the grid calamine read are marked."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    by_name = {sheet.name: sheet for sheet in sheets}
    for name, path in _sheet_paths(archive).items():
        sheet = by_name.get(name)
        if sheet is None or path not in with_formulas:
            continue
        for row, col, formula in _formulas_without_value(archive, path):
            if row >= len(sheet.rows) or col >= MAX_COLUMNS:
                continue
            cells = sheet.rows[row]
            if col >= len(cells):
                cells.extend([""] * (col + 1 - len(cells)))
            if cells[col] in ("", None):
                cells[col] = FormulaWithoutValue(formula)
    return sheets


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding it, from the workbook part and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations}
    paths = {}
    for sheet in workbook.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        paths[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return paths


def _formulas_without_value(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, str]]:
    """(0-based row, 0-based column, "=formula") of each formula cell with no saved result.
    A text result may be empty (``t="str"`` with an empty value): that one was saved."""
    found = []
    with archive.open(path) as stream:
        tail = b""
        while chunk := stream.read(1 << 22):
            block = tail + chunk
            end = 0
            if b"<f" in block:
                for match in _FORMULA_CELL.finditer(block):
                    end = match.end()
                    attributes, body = match.groups()
                    formula, ref = _FORMULA.search(body), _CELL_REF.search(attributes)
                    if formula is None or ref is None or _SAVED_VALUE.search(body):
                        continue
                    if b't="str"' in attributes and b"<v" in body:
                        continue
                    text = (formula.group(1) or b"").decode("utf-8", errors="replace")
                    found.append((int(ref.group(2)) - 1, column_number(ref.group(1)) - 1, "=" + text))
            tail = block[max(end, len(block) - (1 << 20)) :]  # a cell cut at the end is whole next time
    return found
