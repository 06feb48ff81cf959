"""The .csv reader: one sheet, named after the file; UTF-8, UTF-16 or GB18030 text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard.ingest.readers.base import RawSheet, Tally, UnreadableFile, decode_text


def read(data: bytes, filename: str, *, on_parse: Callable[[list[str]], None] | None = None) -> list[RawSheet]:
    """The file as one sheet named after it."""
    return [RawSheet(Path(filename).stem, _rows(data))]


def _rows(data: bytes) -> list[list[Any]]:
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
