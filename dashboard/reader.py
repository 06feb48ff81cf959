"""Turn an uploaded file into grids of raw cells, one per sheet.

Spreadsheets (.xlsx, .xlsm, .xls, .ods) are read with python-calamine; a .csv becomes a
single sheet. Nothing here knows about record types: :mod:`dashboard.validate` finds the
header row and the columns. Every file is untrusted: an .xlsx is checked part by
part before calamine may parse it in this process (:mod:`dashboard.package_check`), and
what cannot be checked is parsed in a child process (:mod:`dashboard.isolated_read`). A
password-protected or renamed file is named for what it is, and a formula whose result was never saved reaches
the validator as :class:`FormulaWithoutValue`, not as an empty cell.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import python_calamine
from defusedxml import ElementTree

from .isolated_read import read_isolated
from .package_check import MAX_CELLS, UnreadableFile, check_package, column_number

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}

MAX_COLUMNS = 16_384  # Excel's last column, XFD
MAX_ROWS = 1_048_576  # Excel's last row
MAX_SHEETS = 255  # sheets (or HTML tables) in one file
MAX_TAGS, LONG_TAG = 2_000_000, 65_536  # an HTML table's tags, and the characters of one
_LONG_TAG = re.compile(f"<[^<>]{{{LONG_TAG}}}")

# A cell holding a formula (an <f> element), and the parts of it that tell whether its result was saved.
_FORMULA_CELL = re.compile(rb"<c\b([^>]*?)(?<!/)>((?:(?!<c\b).)*?)</c>", re.DOTALL)  # never past the next cell
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.DOTALL)
_SAVED_VALUE = re.compile(rb"<v>[^<]")

# The first bytes of files staff mistake for spreadsheets: what to call each.
_SIGNATURES = {
    b"\x89PNG": ("a PNG image", "PNG 图片"),
    b"\xff\xd8\xff": ("a JPEG image", "JPEG 图片"),
    b"GIF8": ("a GIF image", "GIF 图片"),
    b"%PDF": ("a PDF document", "PDF 文档"),
    b"Rar!": ("a RAR archive", "RAR 压缩包"),
    b"7z\xbc\xaf": ("a 7-Zip archive", "7-Zip 压缩包"),
    b"\x1f\x8b": ("a gzip archive", "gzip 压缩包"),
    b"{\\rtf": ("an RTF document", "RTF 文档"),
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls, .doc and encrypted Office files
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .xlsx keeps its bytes in


@dataclass(frozen=True, slots=True)
class RawSheet:
    """A sheet's cells as read; ``rows[i]`` is the row Excel numbers ``i + 1``."""

    name: str
    rows: list[list[Any]]
    hidden: bool = False  # hidden in Excel: staff cannot see what it holds


class FormulaWithoutValue(str):
    """A cell whose formula was saved without its result (as programs that write workbooks
    without calculating them do). The text is the formula, so it still reads as the cell
    Excel shows; the validator reports it instead of taking it for an empty cell."""

    __slots__ = ()


def read(data: bytes, filename: str, *, on_parse: Callable[[list[str]], None] | None = None) -> list[RawSheet]:
    """Every sheet of the file, or :class:`UnreadableFile`.

    ``on_parse`` is called with the sheet names of an .xlsx or .xlsm once every check has
    passed, just before calamine parses the sheets (without holding the GIL): work it starts
    in a thread runs alongside the parse."""
    suffix = Path(filename).suffix.lower()
    if not data:
        raise UnreadableFile("the file is empty", "文件为空")
    if suffix == ".csv":
        return [RawSheet(Path(filename).stem, _read_csv(data))]
    if suffix not in SPREADSHEET_SUFFIXES:
        raise UnreadableFile(
            f"files ending in “{suffix or '(nothing)'}” are not spreadsheets; use .xlsx, .xls, .ods or .csv",
            f"不支持“{suffix or '无扩展名'}”文件，请使用 .xlsx、.xls、.ods 或 .csv",
        )
    if _looks_like_markup(data):
        return _read_markup(data, filename)
    _refuse_other_kinds(data)
    package = check_package(data) if data[:4] == b"PK\x03\x04" else None
    if package is None:  # an .ods, an .xls or anything else whose size is not known: read it apart
        return _read_isolated(data)
    if not package.plain:  # legal XML that calamine places by rules of its own: read it apart too
        sheets = _read_isolated(data)
    else:
        sheets = read_workbook(package.data, on_parse)
    return _mark_formulas_without_value(data, sheets, package.formulas) if package.formulas else sheets


class Tally:
    """What a reader has read so far. It refuses, as soon as one is passed, a sheet longer or
    wider than Excel allows, more than MAX_SHEETS sheets, or more than MAX_CELLS cells
    together: held in memory, any of them could exhaust the server's. A blank row counts as
    one cell, so a file of nothing but line breaks is refused too."""

    def __init__(self) -> None:
        self.sheets = self.cells = 0

    def sheet(self) -> None:
        self.sheets += 1
        if self.sheets > MAX_SHEETS:
            raise UnreadableFile(
                f"it holds more than {MAX_SHEETS} sheets or tables, far more than a real workbook",
                f"其中的工作表或表格超过 {MAX_SHEETS} 个，远超正常工作簿",
            )

    def row(self, number: int, width: int) -> None:
        """Count row ``number`` (1-based) of the current sheet, ``width`` cells wide."""
        self._place(number, width)
        self._count(max(width, 1))

    def grid(self, rows: int, columns: int) -> None:
        """Count a whole sheet of ``rows`` by ``columns`` cells, before it is built."""
        self._place(rows, columns, in_row=False)
        self._count(rows * columns)

    def cell(self, number: int, column: int) -> None:
        """Count one cell, in row ``number`` and ``column`` (both 1-based) of the current sheet."""
        self._place(number, column)
        self._count(1)

    def _place(self, number: int, column: int, *, in_row: bool = True) -> None:
        if number > MAX_ROWS:
            raise UnreadableFile(
                f"a sheet has more than {MAX_ROWS:,} rows, more than Excel allows",
                f"某个工作表超过 {MAX_ROWS:,} 行，超出 Excel 的上限",
            )
        if column > MAX_COLUMNS and not in_row:
            raise UnreadableFile(
                f"a sheet has more than {MAX_COLUMNS:,} columns, more than Excel allows",
                f"某个工作表超过 {MAX_COLUMNS:,} 列，超出 Excel 的上限",
            )
        if column > MAX_COLUMNS:
            raise UnreadableFile(
                f"row {number:,} has more than {MAX_COLUMNS:,} cells, the most columns Excel allows",
                f"第 {number:,} 行超过 {MAX_COLUMNS:,} 个单元格，超出 Excel 的列数上限",
            )

    def _count(self, cells: int) -> None:
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise UnreadableFile(
                f"its sheets together hold more than {MAX_CELLS:,} cells, too many to read",
                f"其工作表合计超过 {MAX_CELLS:,} 个单元格，过多无法读取",
            )


def read_workbook(data: bytes, on_parse: Callable[[list[str]], None] | None = None) -> list[RawSheet]:
    """Parse a workbook with calamine: in this process a package :func:`check_package` found
    plain, else in the child process of :mod:`dashboard.isolated_read`. A workbook may list one
    part as many sheets, so each grid is counted (:class:`Tally`) before it is built."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        if on_parse is not None:
            on_parse(list(workbook.sheet_names))
        sheets, tally = [], Tally()
        for meta in workbook.sheets_metadata:
            tally.sheet()
            sheet = workbook.get_sheet_by_name(meta.name)
            end = sheet.end  # merged_rows builds the grid from A1 to here
            tally.grid(*((end[0] + 1, end[1] + 1) if end else (0, 0)))
            sheets.append(RawSheet(meta.name, merged_rows(sheet), is_hidden(meta)))
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises several kinds; all mean "not readable"
        raise UnreadableFile(_describe_calamine_error(data, exc), "文件已损坏或不是电子表格") from None
    return sheets


def is_hidden(meta: Any) -> bool:
    """Whether calamine's sheet metadata says Excel hides the sheet (hidden or very hidden)."""
    return meta.visible != python_calamine.SheetVisibleEnum.Visible


def _refuse_other_kinds(data: bytes) -> None:
    """Name a file that is plainly not a spreadsheet, or one locked with a password."""
    for signature, (kind, kind_zh) in _SIGNATURES.items():
        if data.startswith(signature):
            raise UnreadableFile(f"it is {kind}, not a spreadsheet", f"这是{kind_zh}，不是电子表格")
    if data.startswith(_OLE) and _ENCRYPTED_PACKAGE in data:
        raise UnreadableFile(
            "it is protected with a password; open it in Excel, remove the password "
            "(File › Info › Protect Workbook › Encrypt with Password) and save it",
            "文件设有密码保护；请在 Excel 中打开，删除密码（文件 › 信息 › 保护工作簿 › 用密码进行加密）后保存",
        )


def _read_isolated(data: bytes) -> list[RawSheet]:
    try:
        return [RawSheet(name, rows, hidden) for name, rows, hidden in read_isolated(data)]
    except (MemoryError, TimeoutError):
        raise UnreadableFile(
            "its sheets are far larger than a real workbook (reading it would need too much memory or time)",
            "其工作表远超正常大小（读取所需内存或时间过多）",
        ) from None
    except ValueError as exc:
        raise UnreadableFile(_describe_calamine_error(data, exc), "文件已损坏或不是电子表格") from None


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


def _looks_like_markup(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html", b"<table", b"<?xml", b"<meta"))


def _read_markup(data: bytes, filename: str) -> list[RawSheet]:
    """Web systems often save an HTML table under an .xls name: read its tables."""
    text = decode_text(data)
    if "urn:schemas-microsoft-com:office:spreadsheet" in text[:4096]:
        raise UnreadableFile(
            "it is an “XML Spreadsheet 2003” file; open it in Excel and save it as .xlsx",
            "这是“XML 电子表格 2003”文件，请在 Excel 中打开并另存为 .xlsx",
        )
    if text.count("<") > MAX_TAGS or _LONG_TAG.search(text):  # Python's HTML parser would take minutes or gigabytes
        raise UnreadableFile(
            f"it is a web page (HTML) too large to read (over {MAX_TAGS:,} tags, or a tag over "
            f"{LONG_TAG:,} characters); open it in Excel and save it as .xlsx",
            f"这是一个过大的网页（HTML）文件（超过 {MAX_TAGS:,} 个标签，或某个标签超过 {LONG_TAG:,} 个字符），"
            "请在 Excel 中打开并另存为 .xlsx",
        )
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    parser.end_cell()  # a cell still open at the end of the file
    tables = [t for t in parser.tables if any(any(cell for cell in row) for row in t)]
    if not tables:
        raise UnreadableFile(
            "it is a web page (HTML) with no table in it, not a spreadsheet", "这是一个网页（HTML）文件，其中没有表格"
        )
    stem = Path(filename).stem
    return [RawSheet(stem if i == 0 else f"{stem} ({i + 1})", rows) for i, rows in enumerate(tables)]


class _TableParser(HTMLParser):
    """Collects the text of every <td>/<th> of every <table>, row by row. A cell ends at its
    end tag, or at the next cell, row or table (HTML lets those end tags be left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._tally = Tally()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("table", "tr", "td", "th"):
            self.end_cell()
        if tag == "table":
            self._tally.sheet()
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "tr", "table"):
            self.end_cell()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def end_cell(self) -> None:
        if self._cell is not None:
            row = self.tables[-1][-1]
            row.append("".join(self._cell).strip())
            self._tally.cell(len(self.tables[-1]), len(row))
            self._cell = None


def read_path(path: str | Path) -> list[RawSheet]:
    path = Path(path)
    return read(path.read_bytes(), path.name)


def _describe_calamine_error(data: bytes, exc: Exception) -> str:
    if data[:4] == b"PK\x03\x04":
        return "the workbook is damaged or is not an Excel or OpenDocument file"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "the old-style Excel file is damaged or encrypted"
    return "its contents are not a spreadsheet (it may be another kind of file renamed)"


def _mark_formulas_without_value(data: bytes, sheets: list[RawSheet], with_formulas: set[str]) -> list[RawSheet]:
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


def _read_csv(data: bytes) -> list[list[Any]]:
    text = decode_text(data)
    if "\x00" in text:
        raise UnreadableFile("it contains binary data, not text", "文件包含二进制数据，不是文本")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    line, tally = 1, Tally()  # line: the one the next record starts on
    tally.sheet()
    try:
        for row in reader:
            tally.row(len(rows) + 1, len(row))
            rows.append(row)
            line = reader.line_num + 1
    except csv.Error:  # the one error left with newline="" and no NUL: a field over csv's limit
        limit = csv.field_size_limit()
        raise UnreadableFile(
            f"a cell that starts on line {line} runs past {limit:,} characters: a quotation mark there "
            "is probably never closed, so the rest of the file reads as one cell",
            f"第 {line} 行开始的单元格超过 {limit:,} 个字符：该处的引号可能没有闭合，使文件其余部分都成了一个单元格",
        ) from None
    return rows


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")
