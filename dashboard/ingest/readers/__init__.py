"""One reader per file kind behind one interface (:class:`~.base.Reader`): the bytes of a file
and its name in, grids of raw cells out, one per sheet — or :class:`~.base.UnreadableFile`.

:func:`read` picks the reader by what the file is: :mod:`.csv`, :mod:`.html` (a web page
saved under an .xls name), :mod:`.xlsx` (a zip package, checked part by part before it is
parsed here: through Arrow by :mod:`.arrow` where that gives calamine's cells exactly, else by
:mod:`.calamine`) and :mod:`.isolated` (.xls, .ods and whatever cannot be checked cheaply,
parsed in a memory-capped child process). Nothing here knows about record types:
:mod:`dashboard.ingest.validate` finds the header row and the columns. Every file is
untrusted; a password-protected or renamed file is named for what it is.

May import: :mod:`dashboard.config`, :mod:`dashboard.model`, :mod:`dashboard.ingest.package_check`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dashboard.ingest.readers import csv, html, isolated, xlsx
from dashboard.ingest.readers.base import RawSheet, UnreadableFile

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}

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


def read(data: bytes, filename: str, *, on_parse: Callable[[list[str]], None] | None = None) -> list[RawSheet]:
    """Every sheet of the file, or :class:`UnreadableFile`.

    ``on_parse`` is called with the sheet names of an .xlsx or .xlsm once every check has
    passed, just before calamine parses the sheets (without holding the GIL): work it starts
    in a thread runs alongside the parse."""
    suffix = Path(filename).suffix.lower()
    if not data:
        raise UnreadableFile("the file is empty", "文件为空")
    if suffix == ".csv":
        return csv.read(data, filename)
    if suffix not in SPREADSHEET_SUFFIXES:
        raise UnreadableFile(
            f"files ending in “{suffix or '(nothing)'}” are not spreadsheets; use .xlsx, .xls, .ods or .csv",
            f"不支持“{suffix or '无扩展名'}”文件，请使用 .xlsx、.xls、.ods 或 .csv",
        )
    if html.looks_like_markup(data):
        return html.read(data, filename)
    _refuse_other_kinds(data)
    if data[:4] == b"PK\x03\x04":
        return xlsx.read(data, filename, on_parse=on_parse)
    return isolated.read(data, filename)  # an .xls or anything else whose size is not known: read it apart


def read_path(path: str | Path) -> list[RawSheet]:
    path = Path(path)
    return read(path.read_bytes(), path.name)


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
