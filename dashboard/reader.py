"""Turn an uploaded file into grids of raw cells, one per sheet.

Spreadsheets (.xlsx, .xlsm, .xls, .ods) are read with python-calamine; a .csv becomes a
single sheet. Nothing here knows about record types: :mod:`dashboard.validate` finds the
header row and the columns. Every file is untrusted, so its zip members are measured
before anything is decompressed in full, and a sheet's used range is measured before
calamine is asked to allocate it.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import python_calamine

from .isolated_read import read_isolated

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}

MAX_MEMBER_BYTES = 200 * 1024 * 1024  # uncompressed size of one zip member
MAX_RATIO = 200  # uncompressed / compressed size of one member
MAX_CELLS = 10_000_000  # rows x columns of a sheet's used range (calamine allocates all of it)

# Cell and row positions in a sheet's XML: the usual spelling (fast), and any spelling
# (attributes in another order, a namespace prefix) for blocks that use one.
_ROW_REF = re.compile(rb'<row r="(\d{1,7})"')
_COLUMN_REF = re.compile(rb'<c r="([A-Z]{1,3})\d')
_UNUSUAL = re.compile(rb"<(?:row|c) (?!r=)|<\w+:(?:row|c)\b")  # another attribute first, or a prefix
_ANY_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d{1,7})"')
_ANY_COLUMN_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})\d')


class UnreadableFile(Exception):
    """The file is not a spreadsheet we can read; ``reason`` says why in plain words."""

    def __init__(self, reason: str, reason_zh: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_zh = reason_zh or reason


@dataclass(frozen=True, slots=True)
class RawSheet:
    """A sheet's cells as read; ``rows[i]`` is the row Excel numbers ``i + 1``."""

    name: str
    rows: list[list[Any]]


def read(data: bytes, filename: str) -> list[RawSheet]:
    """Every sheet of the file, or :class:`UnreadableFile`."""
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
    checked = data[:4] == b"PK\x03\x04" and _check_zip(data)
    if not checked:  # an .ods, an .xls or anything else whose size is not known: read it apart
        return _read_isolated(data)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [RawSheet(name, merged_rows(workbook.get_sheet_by_name(name))) for name in workbook.sheet_names]
    except Exception as exc:  # calamine raises several kinds; all mean "not readable"
        raise UnreadableFile(_describe_calamine_error(data, exc), "文件已损坏或不是电子表格") from None


def _read_isolated(data: bytes) -> list[RawSheet]:
    try:
        return [RawSheet(name, rows) for name, rows in read_isolated(data)]
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
    parser = _TableParser()
    parser.feed(text)
    tables = [t for t in parser.tables if any(any(cell for cell in row) for row in t)]
    if not tables:
        raise UnreadableFile(
            "it is a web page (HTML) with no table in it, not a spreadsheet", "这是一个网页（HTML）文件，其中没有表格"
        )
    stem = Path(filename).stem
    return [RawSheet(stem if i == 0 else f"{stem} ({i + 1})", rows) for i, rows in enumerate(tables)]


class _TableParser(HTMLParser):
    """Collects the text of every <td>/<th> of every <table>, row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def sheet_names(data: bytes, filename: str) -> list[str] | None:
    """The sheet names of an .xlsx or .xlsm, read from its workbook part without parsing any
    sheet (None for any other file, or when they cannot be read cheaply and safely)."""
    if Path(filename).suffix.lower() not in (".xlsx", ".xlsm") or data[:4] != b"PK\x03\x04":
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            member = archive.getinfo("xl/workbook.xml")
            if member.file_size > 1_000_000:
                return None
            part = archive.read(member)
        return [html.unescape(name.decode("utf-8")) for name in _SHEET_NAME.findall(part)]
    except (KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        return None


_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"')


def read_path(path: str | Path) -> list[RawSheet]:
    path = Path(path)
    return read(path.read_bytes(), path.name)


def _describe_calamine_error(data: bytes, exc: Exception) -> str:
    if data[:4] == b"PK\x03\x04":
        return "the workbook is damaged or is not an Excel or OpenDocument file"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "the old-style Excel file is damaged or encrypted"
    return "its contents are not a spreadsheet (it may be another kind of file renamed)"


def _check_zip(data: bytes) -> bool:
    """Refuse a zip that would expand too far; True when it is a workbook whose sheets'
    sizes were checked too (an .xlsx or .xlsm), False for another zip (an .ods)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise UnreadableFile(
            "the workbook is damaged (its zip structure is broken or cut short)", "工作簿已损坏（压缩结构不完整）"
        ) from None
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_MEMBER_BYTES or (member.file_size > 10_000_000 and ratio > MAX_RATIO):
            raise UnreadableFile(
                f"it would expand to {member.file_size / 1e6:,.0f} MB, far more than a real workbook",
                f"解压后将达 {member.file_size / 1e6:,.0f} MB，远超正常工作簿",
            )
    sheets = [m for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")]
    for member in sheets:
        _check_used_range(archive, member)
    return bool(sheets)


def _check_used_range(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse a sheet whose cells span a huge range: calamine would allocate all of it."""
    rows: set[int] = set()
    columns: set[bytes] = set()
    with archive.open(member) as stream:
        tail = b""
        while chunk := stream.read(1 << 22):
            block = tail + chunk
            usual = _UNUSUAL.search(block, 0, len(block) - 32) is None  # a tag cut at the end is whole next time
            rows.update(map(int, (_ROW_REF if usual else _ANY_ROW_REF).findall(block)))
            columns.update((_COLUMN_REF if usual else _ANY_COLUMN_REF).findall(block))
            tail = block[-512:]
    if not rows or not columns:
        return
    numbers = [_column_number(letters) for letters in columns]
    height, width = max(rows) - min(rows) + 1, max(numbers) - min(numbers) + 1
    if height * width > MAX_CELLS:
        raise UnreadableFile(
            f"a sheet spans {height:,} rows and {width:,} columns, too large to read",
            f"某个工作表跨越 {height:,} 行、{width:,} 列，过大无法读取",
        )


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _read_csv(data: bytes) -> list[list[Any]]:
    text = decode_text(data)
    if "\x00" in text:
        raise UnreadableFile("it contains binary data, not text", "文件包含二进制数据，不是文本")
    return [row for row in csv.reader(io.StringIO(text, newline=""))]


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
