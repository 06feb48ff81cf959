"""Check an .xlsx or .xlsm package (a zip of XML parts) before calamine may parse it.

calamine parses in the server's own process, and some files make it abort that process (a
Rust allocation failure, not an exception): a sheet whose cells span a huge range, because
it allocates the whole range, or a shared-string table declaring billions of entries. So
every part is measured first, as bytes, without trusting its XML to be written the usual way.

:func:`check_package` refuses what no real workbook is (a zip bomb, XML entities, a sheet
spanning billions of cells) and says whether the workbook is *plain*. In a plain workbook
every cell starts ``<c r="B12"`` with that as its only ``r`` attribute, which is how Excel,
LibreOffice, WPS and openpyxl write them, so the references alone give the grid calamine will
allocate. Anything else (a cell placed by counting, a namespace prefix, quotes or spaces
around a reference, UTF-16, a second ``r``) is legal XML that calamine places by rules of its
own: the reader then parses that workbook in a child process that cannot take the server
down (:mod:`dashboard.ingest.readers.isolated`). A plain workbook is handed to calamine as a copy
rebuilt from the parts measured here, so a second archive hidden in the file (which another
zip reader might follow) never reaches it.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from dashboard.ingest.readers.base import MAX_CELLS, UnreadableFile

MAX_MEMBER_BYTES = 200 * 1024 * 1024  # uncompressed size of one zip member
MAX_RATIO = 200  # uncompressed / compressed size of one member
MAX_MEMBERS = 10_000  # parts of one package (a workbook with a hundred sheets and charts has a few thousand)

# The patterns a part is measured with. Each starts with a literal, which Python's regular
# expressions scan for quickly; each runs on a block of the part's bytes.
_PLAIN_CELL, _PLAIN_ROW = b'<c r="', b'<row r="'
_NEAR = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z][1-9]\d{0,4}")')  # a cell that is not plain, or past Z or 99,999
_ODD = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]{1,3}[1-9]\d{0,6}")')  # a cell that is not plain
_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9]\d{0,6})"')
_REF_LENGTH = len(b'<c r="XFD1048576"')
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")  # <x:c …>: calamine ignores the prefix
_ANY_R = re.compile(rb"\sr(?=[\s=])")
_UNIQUE_COUNT = re.compile(rb"uniqueCount\s{0,8}=\s{0,8}[\"']\s{0,8}(\d{1,12})[\"']")
_FORMULA_TAG = re.compile(rb"<f[\s/>]")
_WIDE_ENCODING = re.compile(rb"""^[^>]*encoding\s*=\s*["']\s*(?:utf|ucs)-?(?:16|32|2|4)""", re.IGNORECASE)
_ENTITY_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_DECLARATION_LENGTH = len(b"<!DOCTYPE")
# What only calamine's own reader gives as the validator expects (merged ranges, filled in; dates written
# as ISO text, a date and time at midnight kept as such): a part showing either is read by calamine, not
# through Arrow. A false alarm only costs speed.
_NOT_COLUMNAR = (b"mergeCell", b' t="d', b" t='d")  # a cell's type, not Target="docProps/…"
_NEAR_ROWS, _NEAR_COLUMNS = 99_999, 26  # the farthest cell _NEAR lets pass
_BLOCK, _OVERLAP = 1 << 22, 64  # bytes a part is read in; a block's tail read again with the next


@dataclass(slots=True)
class Package:
    """What the checks found out about a workbook package."""

    plain: bool  # calamine may parse it in this process
    data: bytes = field(default=b"", repr=False)  # the package rebuilt from the parts measured: what calamine reads
    formulas: set[str] = field(default_factory=set)  # parts holding formulas
    columnar: bool = True  # no merged cells, no ISO-dated cells: fastexcel reads it as calamine does
    last_rows: dict[str, int] = field(default_factory=dict)  # part → the number of its last row holding a value


@dataclass(slots=True)
class _Part:
    plain: bool = True  # every cell placed by a plain reference (see the module's notes)
    formulas: bool = False
    columnar: bool = True  # none of _NOT_COLUMNAR's markers
    last_valued_row: int = 0  # the row of the last cell holding a value (0: not known)
    rows: int = 0  # the last row and column a cell reaches, counted from A1
    columns: int = 0
    near: bool = False  # some block's cells all lay within _NEAR_ROWS x _NEAR_COLUMNS
    cells: int = 0  # plain cell starts
    starts: int = 0  # plain cell and row starts
    attributes: int = 0  # r attributes of any element

    def reach(self) -> int:
        """How many cells calamine may allocate for the part, at most."""
        rows = max(self.rows, _NEAR_ROWS if self.near else 0)
        return rows * max(self.columns, _NEAR_COLUMNS if self.near else 0)


def check_package(data: bytes) -> Package | None:
    """Refuse a zip that would expand too far, is damaged, declares XML entities or holds a
    sheet too large to read. None for a zip that is not an Excel workbook (an .ods)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise UnreadableFile(
            "the workbook is damaged (its zip structure is broken or cut short)", "工作簿已损坏（压缩结构不完整）"
        ) from None
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile(
            f"it holds {len(members):,} files inside, far more than a real workbook",
            f"其中包含 {len(members):,} 个文件，远超正常工作簿",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_MEMBER_BYTES or (member.file_size > 10_000_000 and ratio > MAX_RATIO):
            raise UnreadableFile(
                f"it would expand to {member.file_size / 1e6:,.0f} MB, far more than a real workbook",
                f"解压后将达 {member.file_size / 1e6:,.0f} MB，远超正常工作簿",
            )
    names = {member.filename for member in members}
    if not any(name.startswith("xl/worksheets/") for name in names):
        return None
    package = Package(plain=not any(map(_for_another_reader, names)))
    try:
        # Each part is read once: searched for entities (any part may be read as XML: a relationship
        # names it, whatever its name) and measured (a relationship may make any of them a sheet).
        # An entity declaration is named first, then a damaged part, then a part too large to read,
        # whatever their order in the file.
        deferred: UnreadableFile | None = None
        for member in members:
            picture = member.filename.lower().endswith(PICTURES)
            try:
                part = _measure(archive, member, entities=not picture)
            except _DAMAGED:
                if not picture:
                    raise
                deferred = deferred or _damaged()  # a picture is never parsed as XML: its entities cannot count
                continue
            if part.plain and part.reach() > MAX_CELLS:
                deferred = deferred or _too_large(part)
                continue
            package.plain = package.plain and part.plain
            if part.formulas:
                package.formulas.add(member.filename)
            package.columnar = package.columnar and part.columnar
            if part.last_valued_row:
                package.last_rows[member.filename] = part.last_valued_row
        if deferred is not None:
            raise deferred
        package.data = _repacked(data, members)
    except _DAMAGED:
        raise _damaged() from None
    return package


# A bad CRC or deflate stream, an encrypted part, a header cut short…
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, struct.error)


def _damaged() -> UnreadableFile:
    return UnreadableFile(
        "the workbook is damaged (part of it cannot be decompressed)", "工作簿已损坏（部分内容无法解压）"
    )


def _too_large(part: _Part) -> UnreadableFile:
    return UnreadableFile(
        f"a sheet spans {part.rows:,} rows and {part.columns:,} columns, too large to read",
        f"某个工作表跨越 {part.rows:,} 行、{part.columns:,} 列，过大无法读取",
    )


def _repacked(data: bytes, members: list[zipfile.ZipInfo]) -> bytes:
    """The package written anew from the parts as Python's zip reader found them, each part's
    compressed bytes unchanged. calamine is given this copy, so it reads exactly what was
    measured: its own zip reader might follow another central directory hidden in the file
    (a 32-bit end record and a zip64 one that point to different archives)."""
    parts, directory = bytearray(), bytearray()
    for member in members:
        name_length, extra_length = struct.unpack_from("<HH", data, member.header_offset + 26)
        start = member.header_offset + 30 + name_length + extra_length
        content = data[start : start + member.compress_size]
        name = member.filename.encode("utf-8")
        # version 2.0, names in UTF-8, the member's method, 1 January 1980, its CRC and sizes
        fields = (20, 0x800, member.compress_type, 0, 0x21, member.CRC, len(content), member.file_size, len(name))
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, len(parts)) + name
        parts += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name + content
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(parts), 0)
    return bytes(parts + directory + end)


def _for_another_reader(name: str) -> bool:
    """Whether the part would make calamine read the package as an .xlsb or an .ods, whose
    binary or differently named sheets no pattern here measures. Its zip reader finds a part
    whatever the case of its name and the direction of its slashes."""
    name = name.replace("\\", "/").lower()
    return name in ("xl/workbook.bin", "content.xml") or (name.startswith("xl/worksheets/") and name.endswith(".bin"))


PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf")  # never parsed as XML


def _check_no_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse XML that declares entities: Excel and LibreOffice never write a DOCTYPE, and
    entities are how an XML file expands to gigabytes ("billion laughs") or reads the
    server's files (an external entity). The whole part is searched, a block at a time:
    comments or processing instructions may legally push a DOCTYPE anywhere. A part in UTF-8
    is searched by :func:`_measure` as it is measured; this reads one in UTF-16."""
    with archive.open(member) as stream:
        block = stream.read(_BLOCK)
        decoder = _utf16_decoder(block)
        tail = b""  # the end of the block before: a declaration may straddle two blocks
        while block:
            text = decoder.decode(block).encode() if decoder else block
            if _ENTITY_DECLARATION.search(tail + text):
                raise _entities()
            tail = text[-_DECLARATION_LENGTH:]
            block = stream.read(_BLOCK)


def _entities() -> UnreadableFile:
    return UnreadableFile(
        "it contains XML entity declarations, which Excel never writes (the file may have been made "
        "to attack the server)",
        "文件包含 Excel 从不写入的 XML 实体声明（可能是为攻击服务器而制作的）",
    )


def _utf16_decoder(head: bytes) -> codecs.IncrementalDecoder | None:
    """A decoder for a part written in UTF-16 (by its byte-order mark or its first ``<``), else None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return codecs.getincrementaldecoder("utf-16")(errors="replace")
    if head[:2] in (b"<\0", b"\0<"):
        return codecs.getincrementaldecoder("utf-16-le" if head[0] else "utf-16-be")(errors="replace")
    return None


def _measure(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, entities: bool = False) -> _Part:
    """Where the part's cells reach, whether they are all plain, and whether it holds formulas;
    with ``entities``, refuses XML declaring entities (see :func:`_check_no_entities`). Blocks
    overlap by more than a declaration's length, so one cut by a boundary is whole in the next."""
    part = _Part()
    for index, (block, end) in enumerate(_blocks(archive, member)):
        if entities and index == 0 and _utf16_decoder(block) is not None:
            _check_no_entities(archive, member)  # decoded first: no byte pattern matches UTF-16
            entities = False
        if entities and _ENTITY_DECLARATION.search(block):
            raise _entities()
        part.formulas = part.formulas or _found(_FORMULA_TAG, block, end)
        part.columnar = part.columnar and not any(marker in block for marker in _NOT_COLUMNAR)
        _last_valued_row(part, block)
        if not part.plain:
            continue
        if (index == 0 and _wide_text(block)) or not _plain(block, end, member.file_size):
            part.plain = False
            continue
        cells = block.count(_PLAIN_CELL, 0, end + len(_PLAIN_CELL) - 1)
        if cells or part.cells:  # from a part's first cell on: before it, no r attribute can be a cell's
            _count_references(part, block, end, cells)
        if not _found(_NEAR, block, end):
            part.near = part.near or b"<c " in block
        elif _found(_ODD, block, end):
            part.plain = False
        else:
            _reach(part, block, end)
    if part.cells and part.attributes != part.starts:  # an r attribute that starts no plain cell or row
        part.plain = False
    if not part.plain:
        return part
    if part.reach() > MAX_CELLS and part.near:  # the coarse bound was not enough: count exactly
        part.near = False
        for block, end in _blocks(archive, member):
            _reach(part, block, end)
    return part  # check_package refuses it if its reach is still more than MAX_CELLS


def _last_valued_row(part: _Part, block: bytes) -> None:
    """Follow the row of the part's last cell holding a value (its ``</v>`` or ``</is>``, inside
    the last plain cell start before it): where calamine's grid ends, cells being written in order."""
    valued = max(block.rfind(b"</v>"), block.rfind(b"</is>"))
    if valued >= 0:
        at = block.rfind(_PLAIN_CELL, 0, valued)
        reference = _REF.match(block, at) if at >= 0 else None
        part.last_valued_row = int(reference.group(2)) if reference else 0  # 0: not known


def _blocks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[tuple[bytes, int]]:
    """The part's bytes in blocks, each with the offset before which a match belongs to it:
    a match that starts later is found again, whole, at the start of the next block."""
    with archive.open(member) as stream:
        block, following = stream.read(_BLOCK), stream.read(_BLOCK)
        while block:
            end = max(len(block) - _OVERLAP, 0) if following else len(block)
            yield block, end
            block = block[end:] + following
            following = stream.read(_BLOCK) if following else b""


def _found(pattern: re.Pattern[bytes], block: bytes, end: int) -> bool:
    match = pattern.search(block)  # the first match: if it starts past ``end``, so does every other
    return match is not None and match.start() < end


def _wide_text(head: bytes) -> bool:
    """Whether the part is XML in UTF-16 or UTF-32, where no byte pattern here would match."""
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or bool(
        head[:4] in (b"<\0?\0", b"\0<\0?") or b"\0\0" in head[:4] or _WIDE_ENCODING.match(head[:200])
    )


def _plain(block: bytes, end: int, size: int) -> bool:
    """Whether no cell or row in the block has a namespace prefix, and no shared-string
    table declares more entries than its part's ``size`` could hold (calamine reserves
    room for them all)."""
    if _found(_PREFIXED, block, end):
        return False
    if b"uniqueCount" not in block:
        return True
    counts = [int(match.group(1)) for match in _UNIQUE_COUNT.finditer(block) if match.start() < end]
    return len(counts) == block.count(b"uniqueCount", 0, end + 10) and all(n <= size // 5 for n in counts)


def _count_references(part: _Part, block: bytes, end: int, cells: int) -> None:
    """Count the block's plain cell and row starts, and its r attributes of any element:
    in a sheet the two must agree, or some cell has an r attribute of another kind."""
    part.cells += cells
    part.starts += cells + block.count(_PLAIN_ROW, 0, end + len(_PLAIN_ROW) - 1)
    if _spaced_r(block):
        part.attributes += sum(1 for match in _ANY_R.finditer(block) if match.start() < end)
    else:
        part.attributes += block.count(b" r=", 0, end + 2)


def _spaced_r(block: bytes) -> bool:
    """Whether an r attribute may be written other than `` r=`` (after a tab or a line break,
    or with white space before its "="): then only the slow pattern counts them all."""
    if b" r " in block:
        return True
    return any(space in block and (space + b"r" in block or b" r" + space in block) for space in (b"\t", b"\n", b"\r"))


def _reach(part: _Part, block: bytes, end: int) -> None:
    """Extend the part's reach by the references of the cells in the block."""
    refs = _REF.findall(block, 0, end + _REF_LENGTH)  # a few matches past ``end`` count twice: no harm to a maximum
    if refs:
        part.rows = max(part.rows, max(int(row) for row in {row for _, row in refs}))
        part.columns = max(part.columns, max(column_number(letters) for letters in {letters for letters, _ in refs}))


def column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number
