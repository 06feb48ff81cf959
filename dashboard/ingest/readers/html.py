"""The HTML reader: web systems often save an HTML table under an .xls name; each table is a sheet."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from dashboard.ingest.readers.base import RawSheet, Tally, UnreadableFile, decode_text

MAX_TAGS, LONG_TAG = 2_000_000, 65_536  # an HTML table's tags, and the characters of one
_LONG_TAG = re.compile(f"<[^<>]{{{LONG_TAG}}}")


def looks_like_markup(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html", b"<table", b"<?xml", b"<meta"))


def read(data: bytes, filename: str, *, on_parse: Callable[[list[str]], None] | None = None) -> list[RawSheet]:
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
