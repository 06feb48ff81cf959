"""What every reader shares: the sheet it returns, the errors it raises, the limits it keeps.

A reader turns the bytes of one kind of file into :class:`RawSheet` grids, or raises
:class:`UnreadableFile` saying why in plain words (English and Chinese). Every reader counts
what it reads with a :class:`Tally`, so no file can make the server hold more cells than
:data:`MAX_CELLS`.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

MAX_COLUMNS = 16_384  # Excel's last column, XFD
MAX_ROWS = 1_048_576  # Excel's last row
MAX_SHEETS = 255  # sheets (or HTML tables) in one file
MAX_CELLS = 10_000_000  # cells from A1 to a part's last cell, and of all sheets read together


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
    hidden: bool = False  # hidden in Excel: staff cannot see what it holds


class FormulaWithoutValue(str):
    """A cell whose formula was saved without its result (as programs that write workbooks
    without calculating them do). The text is the formula, so it still reads as the cell
    Excel shows; the validator reports it instead of taking it for an empty cell."""

    __slots__ = ()


class Reader(Protocol):
    """The interface of every reader (:mod:`.xlsx`, :mod:`.csv`, :mod:`.html`, :mod:`.isolated`):
    the bytes of a file and its name in, its sheets out (or :class:`UnreadableFile`).
    ``on_parse``, where a reader takes it, is called with the sheet names just before parsing."""

    def __call__(
        self, data: bytes, filename: str, *, on_parse: Callable[[list[str]], None] | None = None
    ) -> list[RawSheet]: ...


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
