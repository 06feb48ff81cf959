"""Regenerate tests/corpus/: broken and hostile files, each with what the user is told.

    python scripts/make_corpus.py [--out tests/corpus]

Every upload is untrusted. Each file here is one way an upload goes wrong, by accident
(a truncated download, a CSV saved in GBK) or on purpose (a zip bomb, an XML external
entity). ``manifest.json`` records, per file, what it is, the exit status of
``coopdash import FILE --json`` and the problem the user must be shown (its code and a
piece of its English message); tests/ingest/test_corpus.py holds the importer to it, and the
README's "Troubleshooting uploads" lists the same messages.

The output is deterministic. The files are small: the largest (the zip bombs) expand to
gigabytes but are a few kilobytes on disk.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent.parent / "tests" / "corpus"

# Where the XXE and external-link files point; the tests put a secret there, which must
# never reach the output or the database.
SECRET_PATH = "/tmp/coopdash-corpus-secret.txt"
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # of every zip member

PARTNER_HEADER = ["Partner name", "Country or region", "Type", "Cooperating since"]
PARTNERS = [
    PARTNER_HEADER,
    ["Lusaka Institute of Technology", "Zambia", "University", "2024-03"],
    ["Colombo College of Engineering Skills", "Sri Lanka", "Vocational college", "2025-01"],
]
EVENT_HEADER = ["Title", "Start date", "Kind", "Participants"]
MILESTONE_HEADER = ["Title", "Date", "Kind"]


@dataclass(frozen=True)
class Case:
    """One corpus file: how it is made and what importing it must give."""

    file: str
    what: str
    exit: int  # of `coopdash import FILE --json`: 1 rejected, 0 imported
    code: str | None  # the problem the user is shown first (an error, else a warning)
    message: str | None  # a piece of that problem's English message
    build: Callable[[], bytes]


# --- builders ------------------------------------------------------------------------------


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    """An .xlsx with one sheet per entry, rows written as given."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return patched(buffer.getvalue(), {"docProps/core.xml": _fixed_dates})


def _fixed_dates(xml: bytes) -> bytes:
    """openpyxl stamps the time of saving: a fixed one keeps the corpus byte-for-byte reproducible."""
    return re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", xml)


def _member(name: str, method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = method
    return info


def patched(data: bytes, changes: dict[str, Callable[[bytes], bytes] | bytes], method: int = zipfile.ZIP_DEFLATED):
    """The zip ``data`` with some members rewritten (a callable) or added (bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            change = changes.get(item.filename)
            target.writestr(_member(item.filename, method), change(content) if callable(change) else content)
        for name, content in changes.items():
            if name not in source.namelist() and isinstance(content, bytes):
                target.writestr(_member(name, method), content)
    return out.getvalue()


def replace(old: str, new: str) -> Callable[[bytes], bytes]:
    def change(content: bytes) -> bytes:
        assert old.encode() in content, old
        return content.replace(old.encode(), new.encode(), 1)

    return change


def partners_with_last_cell(xml_cell: str) -> bytes:
    """The partners workbook with one more hand-written row, for cells openpyxl won't write."""
    return patched(workbook({"Partners": PARTNERS}), {"xl/worksheets/sheet1.xml": replace("</sheetData>", xml_cell)})


def png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + b"\x00" * 4 + b"\x00" * 12


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def truncated() -> bytes:
    data = workbook({"Partners": PARTNERS})
    return data[: len(data) // 2]


def corrupt() -> bytes:
    """A whole zip whose sheet's compressed bytes were damaged (bad CRC or bad deflate data)."""
    data = bytearray(workbook({"Partners": PARTNERS}))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    member = archive.getinfo("xl/worksheets/sheet1.xml")
    name_length, extra_length = struct.unpack("<HH", data[member.header_offset + 26 : member.header_offset + 30])
    start = member.header_offset + 30 + name_length + extra_length
    for offset in range(start + 8, start + member.compress_size - 8, 7):
        data[offset] ^= 0x5A
    return bytes(data)


def zip_bomb_bzip2(gibibytes: int = 2) -> bytes:
    """A workbook whose sheet expands to gigabytes of zeros (bzip2 packs them a million to one)."""
    base = workbook({"Partners": PARTNERS})
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(_member(item.filename, zipfile.ZIP_DEFLATED), source.read(item.filename))
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", FIXED_TIME)
        info.compress_type = zipfile.ZIP_BZIP2
        chunk = bytes(1 << 24)
        with target.open(info, "w", force_zip64=True) as stream:
            for _ in range(gibibytes * 64):
                stream.write(chunk)
    return out.getvalue()


def zip_bomb_deflate() -> bytes:
    """A sheet of 150 MB of repeated rows, deflated a thousand to one: over the ratio limit."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = b"<worksheet><sheetData>" + row * (150_000_000 // len(row)) + b"</sheetData></worksheet>"
    return patched(workbook({"Partners": PARTNERS}), {"xl/worksheets/sheet1.xml": lambda _: sheet})


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE sst [\n<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


def shared_strings_workbook(prolog: str, strings: list[str]) -> bytes:
    """The partners workbook whose name cells come from a hand-written shared-strings part."""
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    sst = f'{prolog}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'
    cell = '<c r="A2" t="inlineStr"><is><t>Lusaka Institute of Technology</t></is></c>'
    return patched(
        workbook({"Partners": PARTNERS}),
        {
            "xl/sharedStrings.xml": sst.encode(),
            "xl/worksheets/sheet1.xml": replace(cell, '<c r="A2" t="s"><v>0</v></c>'),
            "xl/_rels/workbook.xml.rels": replace(
                "</Relationships>",
                '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'sharedStrings" Target="sharedStrings.xml" Id="rId9"/></Relationships>',
            ),
            "[Content_Types].xml": replace(
                "</Types>",
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            ),
        },
    )


def billion_laughs() -> bytes:
    return shared_strings_workbook(LAUGHS, ["&lol9;"])


def xxe(before_doctype: str = "") -> bytes:
    prolog = f'<?xml version="1.0"?>\n{before_doctype}<!DOCTYPE sst [<!ENTITY secret SYSTEM "file://{SECRET_PATH}">]>\n'
    return shared_strings_workbook(prolog, ["&secret;"])


def late_xxe() -> bytes:
    """The XXE with 100 KiB of comment before its DOCTYPE (legal XML): past any check of a part's start."""
    return xxe(before_doctype="<!--" + "padding " * 12_800 + "-->\n")


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (CFB version 3) holding ``streams`` of 4 KiB or more,
    the container Office uses for a password-protected .xlsx."""
    sector = 512
    end, free, fat_mark, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_mark, end]  # sector 0: the FAT itself; sector 1: the directory
    starts, body = [], b""
    for content in streams.values():
        assert len(content) >= 4096 and len(content) % sector == 0
        starts.append(len(fat))
        count = len(content) // sector
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
        body += content
    assert len(fat) <= sector // 4

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, none, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)  # shortest name first: the right sibling of each is the next
    directory = entry("Root Entry", 5, 1, none, end, 0) + b"".join(
        entry(name, 2, none, i + 2 if i + 1 < len(names) else none, starts[i], len(streams[name]))
        for i, name in enumerate(names)
    )
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *[free] * 108)
    )
    fat_sector = struct.pack(f"<{sector // 4}I", *fat, *[free] * (sector // 4 - len(fat)))
    return header + fat_sector + directory.ljust(sector, b"\0") + body


def encrypted() -> bytes:
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b'<?xml version="1.0"?><encryption/>'
    return compound_file({"EncryptionInfo": info.ljust(4096, b"\0"), "EncryptedPackage": bytes(range(256)) * 32})


def corrupt_xls() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4


def macros() -> bytes:
    """A valid .xlsm whose vbaProject.bin would run a macro when opened in Excel."""
    return patched(
        workbook({"Partners": PARTNERS}),
        {
            "xl/vbaProject.bin": compound_file({"VBA": b'Sub Auto_Open()\r\nShell "calc"\r\nEnd Sub'.ljust(4096)}),
            "[Content_Types].xml": replace(
                "</Types>",
                '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
            ),
        },
    )


def formulas_cached() -> bytes:
    """Formulas whose results Excel saved: the results are imported."""
    return partners_with_last_cell(
        '<row r="4"><c r="A4" t="str"><f>"Nairobi "&amp;"Polytechnic"</f><v>Nairobi Polytechnic</v></c>'
        '<c r="B4" t="inlineStr"><is><t>Kenya</t></is></c><c r="C4" t="inlineStr"><is><t>University</t></is></c>'
        "</row></sheetData>"
    )


def formulas_uncached() -> bytes:
    """Formulas written by a program that never calculated them: no result is saved."""
    return partners_with_last_cell(
        '<row r="4"><c r="A4"><f>CONCAT("Nairobi ","Polytechnic")</f></c>'
        '<c r="B4" t="inlineStr"><is><t>Kenya</t></is></c><c r="C4" t="inlineStr"><is><t>University</t></is></c>'
        "</row></sheetData>"
    )


def external_link(target: str = f"file://{SECRET_PATH}") -> bytes:
    """A cell whose formula reads another workbook (which is never opened: the saved value is used)."""
    link = (
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>'
    )
    link_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'externalLinkPath" Target="{target}" TargetMode="External"/></Relationships>'
    )
    data = partners_with_last_cell(
        '<row r="4"><c r="A4" t="str"><f>[1]Sheet1!A1</f><v>Nairobi Polytechnic</v></c>'
        '<c r="B4" t="inlineStr"><is><t>Kenya</t></is></c><c r="C4" t="inlineStr"><is><t>University</t></is></c>'
        "</row></sheetData>"
    )
    return patched(
        data,
        {
            "xl/externalLinks/externalLink1.xml": link.encode(),
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels.encode(),
            "xl/_rels/workbook.xml.rels": replace(
                "</Relationships>",
                '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'externalLink" Target="externalLinks/externalLink1.xml" Id="rId8"/></Relationships>',
            ),
            "xl/workbook.xml": replace(
                "<definedNames",
                '<externalReferences><externalReference r:id="rId8" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
                "</externalReferences><definedNames",
            ),
        },
    )


def long_cell() -> bytes:
    return partners_with_last_cell(
        f'<row r="4"><c r="A4" t="inlineStr"><is><t>{"Polytechnic " * 3000}</t></is></c>'
        '<c r="B4" t="inlineStr"><is><t>Kenya</t></is></c><c r="C4" t="inlineStr"><is><t>University</t></is></c>'
        "</row></sheetData>"
    )


def last_row() -> bytes:
    """A partners sheet that reaches Excel's last row, 1,048,576, where someone typed a name."""
    return partners_with_last_cell(
        '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>Stray note</t></is></c></row></sheetData>'
    )


def last_column() -> bytes:
    """A header that reaches Excel's last column, XFD (16,384)."""
    return patched(
        workbook({"Partners": PARTNERS}),
        {
            "xl/worksheets/sheet1.xml": replace(
                "</row>", '<c r="XFD1" t="inlineStr"><is><t>Checked by</t></is></c></row>'
            )
        },
    )


def huge_range() -> bytes:
    return patched(
        workbook({"Partners": PARTNERS}),
        {
            "xl/worksheets/sheet1.xml": replace(
                "</sheetData>",
                '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
            )
        },
    )


def far_cell(xml_row: str) -> bytes:
    """The partners workbook with one more row, written by hand the way no program writes it."""
    return partners_with_last_cell(xml_row + "</sheetData>")


FAR = '<c{attributes} t="inlineStr"><is><t>x</t></is></c>'


def counted_cells() -> bytes:
    """Cells with no reference, which calamine places by counting: 16,384 columns wide and
    800,000 empty rows down, in under 10 MB of XML."""
    row = "<row>" + "<c/>" * 16_383 + FAR.format(attributes="") + "</row>"
    return far_cell(row + "<row></row>" * 800_000 + "<row>" + FAR.format(attributes="") + "</row>")


def shared_strings_claim() -> bytes:
    """A shared-string table that declares two billion entries and holds one."""
    sst = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ' count="1" uniqueCount="2000000000"><si><t>x</t></si></sst>'
    )
    return patched(
        workbook({"Partners": PARTNERS}),
        {
            "xl/sharedStrings.xml": sst.encode(),
            "[Content_Types].xml": replace(
                "</Types>",
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            ),
            "xl/_rels/workbook.xml.rels": replace(
                "</Relationships>",
                '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
            ),
        },
    )


def many_parts() -> bytes:
    """The partners workbook with 10,001 more empty parts: each costs the checks a little."""
    return patched(workbook({"Partners": PARTNERS}), {f"x/{n}.xml": b"<a/>" for n in range(10_001)})


def one_part_many_sheets() -> bytes:
    """A workbook listing one sheet part seven times, under seven names: the part reaches
    XFD100 (1.6 million cells), measured once, read seven times."""

    def many(xml: bytes) -> bytes:
        sheet = re.search(rb"<sheet [^>]*/>", xml).group(0)
        copies = b"".join(
            sheet.replace(b'name="Partners"', b'name="Partners %d"' % n).replace(b'sheetId="1"', b'sheetId="%d"' % n)
            for n in range(1, 8)
        )
        return xml.replace(sheet, copies)

    far = '<row r="100"><c r="XFD100" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    return patched(
        workbook({"Partners": PARTNERS}),
        {"xl/worksheets/sheet1.xml": replace("</sheetData>", far), "xl/workbook.xml": many},
    )


def two_directories() -> bytes:
    """Two workbooks in one file: the partners workbook, whose zip64 end record Python's zip
    reader follows, and huge_range.xlsx, to which the ordinary end record points (as other
    zip readers, calamine's among them, would follow)."""

    def members(data: bytes) -> list[tuple[bytes, bytes]]:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return [(item.filename.encode(), archive.read(item)) for item in archive.infolist()]

    def archive(files: list[tuple[bytes, bytes]], base: int) -> tuple[bytes, bytes]:
        parts, directory = b"", b""
        for name, content in files:
            packed, crc = zlib.compress(content)[2:-4], zlib.crc32(content)
            fields = (20, 0, 8, 0, 0x21, crc, len(packed), len(content), len(name))
            directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, base + len(parts))
            directory += name
            parts += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name + packed
        return parts, directory

    def zip64_end(count: int, size: int, offset: int) -> bytes:
        return struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size, offset)

    hostile, benign = members(huge_range()), members(workbook({"Partners": PARTNERS}))
    parts_a, directory_a = archive(hostile, 0)
    first = parts_a + directory_a + zip64_end(len(hostile), len(directory_a), len(parts_a))
    parts_b, directory_b = archive(benign, len(first))
    return (
        first
        + parts_b
        + directory_b
        + zip64_end(len(benign), len(directory_b), len(first) + len(parts_b))
        + struct.pack("<IIQI", 0x07064B50, 0, len(parts_a) + len(directory_a), 1)  # locator: the first zip64 end
        + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(hostile), len(hostile), len(directory_a), len(parts_a), 0)
    )


def binary_workbook() -> bytes:
    """A minimal .xlsb (binary records, no XML sheet) whose workbook part is named
    XL/workbook.bin: calamine's zip reader finds it all the same, and its sheet holds cells
    at A1 and XFD1048577."""

    def record(kind: int, body: bytes = b"") -> bytes:
        head = bytes([kind]) if kind < 0x80 else bytes([0x80 | (kind & 0x7F), kind >> 7])
        size, length = len(body), b""
        while True:
            size, low = size >> 7, size & 0x7F
            length += bytes([low | (0x80 if size else 0)])
            if not size:
                return head + length + body

    def text(value: str) -> bytes:
        return struct.pack("<I", len(value)) + value.encode("utf-16-le")

    def number(row: int, column: int, value: float) -> bytes:
        return record(0x00, struct.pack("<I", row) + b"\0" * 8) + record(0x05, struct.pack("<IId", column, 0, value))

    book = record(0x9C, struct.pack("<II", 0, 1) + text("rId1") + text("Partners")) + record(0x90) + record(0x9D)
    sheet = record(0x94, b"\0" * 16) + record(0x91) + number(0, 0, 1.0) + number(0x100000, 16383, 2.0) + record(0x92)
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in (
            ("XL/workbook.bin", book),
            ("xl/_rels/workbook.bin.rels", rels.encode()),
            ("xl/worksheets/sheet1.bin", sheet),
        ):
            target.writestr(_member(name, zipfile.ZIP_DEFLATED), content)
    return out.getvalue()


def milestone_dated(serial: int) -> bytes:
    """A milestone whose date cell holds an Excel serial number, formatted as a date."""
    rows = [MILESTONE_HEADER, ["UNESCO Chair approved", dt.date(2022, 5, 1), "UNESCO Chair"]]
    row = (
        f'<row r="3"><c r="A3" t="inlineStr"><is><t>Founded</t></is></c><c r="B3" s="1"><v>{serial}</v></c>'
        '<c r="C3" t="inlineStr"><is><t>Other</t></is></c></row>'
    )
    return patched(
        workbook({"Milestones": rows}), {"xl/worksheets/sheet1.xml": replace("</sheetData>", row + "</sheetData>")}
    )


def nan_and_infinity() -> bytes:
    """Numbers Excel cannot hold, written into the XML by another program."""
    rows = [EVENT_HEADER, ["Shenzhen symposium", dt.date(2023, 5, 5), "Symposium", 120]]
    cells = (
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Open day</t></is></c><c r="B3" s="1"><v>45000</v></c>'
        '<c r="C3" t="inlineStr"><is><t>Other</t></is></c><c r="D3"><v>NaN</v></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>Forum</t></is></c><c r="B4" s="1"><v>45001</v></c>'
        '<c r="C4" t="inlineStr"><is><t>Other</t></is></c><c r="D4"><v>INF</v></c></row>'
    )
    return patched(
        workbook({"Events": rows}), {"xl/worksheets/sheet1.xml": replace("</sheetData>", cells + "</sheetData>")}
    )


def mixed_types() -> bytes:
    rows = [
        EVENT_HEADER,
        ["Shenzhen symposium", dt.date(2023, 5, 5), "Symposium", 120],
        ["Bangkok forum", "2023-06-01", "Conference", "about 80"],
        ["Jakarta visit", 45100, "Incoming delegation", True],
        ["Lusaka training", "next spring", "Training", dt.date(2023, 1, 1)],
    ]
    return workbook({"Events": rows})


def all_hidden() -> bytes:
    data = workbook({"Partners": PARTNERS})
    return patched(data, {"xl/workbook.xml": replace('state="visible"', 'state="hidden"')})


def csv_text(encoding: str, bom: bytes = b"") -> bytes:
    rows = [
        PARTNER_HEADER,
        ["深圳职业技术大学合作伙伴", "泰国", "职业院校", "2024年3月"],
        ["Lusaka Institute", "赞比亚", "大学", "2024"],
    ]
    return bom + "".join(",".join(row) + "\r\n" for row in rows).encode(encoding)


def open_quote() -> bytes:
    """A CSV whose quotation mark on line 3 is never closed, over 150,000 more characters."""
    rows = "".join(f"Partner {n},Kenya,University,2024\r\n" for n in range(5000))
    return (
        ",".join(PARTNER_HEADER) + '\r\nLusaka Institute,Zambia,University,2024\r\n"Nairobi, Kenya\r\n'
    ).encode() + (rows.encode())


def repeated_rows() -> bytes:
    """An .ods of under 1 kB whose one row of bad cells is repeated 500,000 times
    (table:number-rows-repeated): 3.5 million problems, unless the validator stops listing."""

    def row(values: list[str], repeat: int = 1) -> str:
        cells = "".join(
            f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
            for value in values
        )
        return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'

    namespaces = " ".join(
        f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{prefix}:1.0"' for prefix in ("office", "table", "text")
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Events">'
        + row(EVENT_HEADER)
        + row(["Symposium", "not a date", "Symposium", "many"], 500_000)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr(_member("mimetype", zipfile.ZIP_STORED), "application/vnd.oasis.opendocument.spreadsheet")
        target.writestr(_member("content.xml", zipfile.ZIP_DEFLATED), content)
        target.writestr(
            _member("META-INF/manifest.xml", zipfile.ZIP_DEFLATED),
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument'
            ':xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-'
            'type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content'
            '.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )
    return out.getvalue()


def duplicate_keys() -> bytes:
    rows = PARTNERS + [["Lusaka Institute of Technology", "Kenya", "University", "2024-03"]]
    return workbook({"Partners": rows})


def html_no_table() -> bytes:
    return b"<html><body><p>Your session has expired. Please sign in again.</p></body></html>"


def xml_2003() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Partners"/></Workbook>'
    )


def not_a_workbook_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("photos/readme.txt", FIXED_TIME), "holiday photos")
    return out.getvalue()


# --- the corpus ------------------------------------------------------------------------------

REJECTED, IMPORTED = 1, 0
TOO_LARGE = "its sheets are far larger than a real workbook (reading it would need too much memory or time)"
ENTITIES = (
    "it contains XML entity declarations, which Excel never writes (the file may have been made to attack the server)"
)

CASES = [
    Case("empty.xlsx", "a file of zero bytes", REJECTED, "unreadable", "the file is empty", lambda: b""),
    Case(
        "zero_rows.xlsx",
        "a workbook whose only sheet is blank",
        REJECTED,
        "no_records",
        "The file holds no records",
        lambda: workbook({"Partners": []}),
    ),
    Case(
        "header_only.xlsx",
        "a partners sheet with its header row and nothing below",
        REJECTED,
        "no_records",
        "The file holds no records",
        lambda: workbook({"Partners": [PARTNER_HEADER]}),
    ),
    Case(
        "image.xlsx", "a PNG image renamed .xlsx", REJECTED, "unreadable", "it is a PNG image, not a spreadsheet", png
    ),
    Case(
        "document.xlsx",
        "a PDF document renamed .xlsx",
        REJECTED,
        "unreadable",
        "it is a PDF document, not a spreadsheet",
        pdf,
    ),
    Case(
        "notes.xlsx",
        "a text file renamed .xlsx",
        REJECTED,
        "unreadable",
        "its contents are not a spreadsheet (it may be another kind of file renamed)",
        lambda: b"Minutes of the partners meeting\nAttendees: ...\n",
    ),
    Case(
        "report.pdf",
        "a PDF under its own name",
        REJECTED,
        "unreadable",
        "files ending in “.pdf” are not spreadsheets; use .xlsx, .xls, .ods or .csv",
        pdf,
    ),
    Case(
        "truncated.xlsx",
        "a workbook cut off half way (an interrupted download)",
        REJECTED,
        "unreadable",
        "the workbook is damaged (its zip structure is broken or cut short)",
        truncated,
    ),
    Case(
        "corrupt.xlsx",
        "a workbook whose compressed sheet data is damaged",
        REJECTED,
        "unreadable",
        "the workbook is damaged (part of it cannot be decompressed)",
        corrupt,
    ),
    Case(
        "not_a_workbook.xlsx",
        "a zip of other files named .xlsx",
        REJECTED,
        "unreadable",
        "the workbook is damaged or is not an Excel or OpenDocument file",
        not_a_workbook_zip,
    ),
    Case(
        "zip_bomb.xlsx",
        "a few KB whose sheet expands to 2 GiB (bzip2)",
        REJECTED,
        "unreadable",
        "it would expand to 2,147 MB, far more than a real workbook",
        zip_bomb_bzip2,
    ),
    Case(
        "zip_bomb_ratio.xlsx",
        "150 MB of sheet deflated a thousand to one",
        REJECTED,
        "unreadable",
        "it would expand to 150 MB, far more than a real workbook",
        zip_bomb_deflate,
    ),
    Case(
        "billion_laughs.xlsx",
        "nested XML entities that expand to gigabytes",
        REJECTED,
        "unreadable",
        ENTITIES,
        billion_laughs,
    ),
    Case(
        "xxe.xlsx",
        "an XML external entity pointing at a local file",
        REJECTED,
        "unreadable",
        ENTITIES,
        xxe,
    ),
    Case(
        "late_xxe.xlsx",
        "an XML external entity declared after 100 KiB of comment",
        REJECTED,
        "unreadable",
        ENTITIES,
        late_xxe,
    ),
    Case(
        "encrypted.xlsx",
        "a password-protected workbook (an encrypted OLE package)",
        REJECTED,
        "unreadable",
        "it is protected with a password; open it in Excel, remove the password "
        "(File › Info › Protect Workbook › Encrypt with Password) and save it",
        encrypted,
    ),
    Case(
        "damaged.xls",
        "an old-style Excel file whose contents are garbage",
        REJECTED,
        "unreadable",
        "the old-style Excel file is damaged or encrypted",
        corrupt_xls,
    ),
    Case("macros.xlsm", "a valid macro-enabled workbook (its macros are never run)", IMPORTED, None, None, macros),
    Case("formulas.xlsx", "formulas with saved results", IMPORTED, None, None, formulas_cached),
    Case(
        "formulas_uncalculated.xlsx",
        "a formula with no saved result",
        REJECTED,
        "formula_without_value",
        "holds a formula whose result was never saved",
        formulas_uncached,
    ),
    Case("external_link.xlsx", "a formula reading another workbook on disk", IMPORTED, None, None, external_link),
    Case(
        "long_cell.xlsx",
        "a cell of 36,000 characters (Excel's own limit is 32,767)",
        REJECTED,
        "too_long",
        "The text in Partner name is 35999 characters long",
        long_cell,
    ),
    Case(
        "last_row.xlsx", "a sheet reaching row 1,048,576", REJECTED, "required", "Country or region is empty", last_row
    ),
    Case(
        "last_column.xlsx",
        "a header reaching column 16,384 (XFD)",
        IMPORTED,
        "unknown_column",
        "The column “Checked by” is not used",
        last_column,
    ),
    Case(
        "huge_range.xlsx",
        "cells at A1 and XFD1048576: 17 billion cells",
        REJECTED,
        "unreadable",
        "a sheet spans 1,048,576 rows and 16,384 columns, too large to read",
        huge_range,
    ),
    Case(
        "cell_outside_its_row.xlsx",
        "a cell at XFD1048576 written inside row 5",
        REJECTED,
        "unreadable",
        "a sheet spans 1,048,576 rows and 16,384 columns, too large to read",
        lambda: far_cell('<row r="5">' + FAR.format(attributes=' r="XFD1048576"') + "</row>"),
    ),
    Case(
        "second_reference.xlsx",
        'a cell with two references, r="A5" and r="XFD1048576"',
        REJECTED,
        "unreadable",
        TOO_LARGE,
        lambda: far_cell('<row r="5">' + FAR.format(attributes=' r="A5" r="XFD1048576"') + "</row>"),
    ),
    Case(
        "spaced_reference.xlsx",
        "references written with spaces, single quotes and a line break: r = 'XFD1048576'",
        REJECTED,
        "unreadable",
        TOO_LARGE,
        lambda: far_cell("<row\nr = '1048576'>" + FAR.format(attributes="\n r = 'XFD1048576'") + "</row>"),
    ),
    Case(
        "prefixed_cells.xlsx",
        "a row and cell at XFD1048576 with a namespace prefix (x:row, x:c)",
        REJECTED,
        "unreadable",
        TOO_LARGE,
        lambda: far_cell(
            '<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="1048576">'
            '<x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>'
        ),
    ),
    Case(
        "beyond_the_grid.xlsx",
        "references past Excel's last row and column (ZZZZ5, A99999999)",
        REJECTED,
        "unreadable",
        TOO_LARGE,
        lambda: far_cell(
            '<row r="5">'
            + FAR.format(attributes=' r="ZZZZ5"')
            + '</row><row r="99999999">'
            + FAR.format(attributes=' r="A99999999"')
            + "</row>"
        ),
    ),
    Case(
        "counted_cells.xlsx",
        "cells without references, placed by counting over 16,384 columns and 800,000 rows",
        REJECTED,
        "unreadable",
        TOO_LARGE,
        counted_cells,
    ),
    Case(
        "shared_strings_claim.xlsx",
        "a shared-string table declaring two billion entries",
        REJECTED,
        "unreadable",
        TOO_LARGE,
        shared_strings_claim,
    ),
    Case(
        "many_parts.xlsx",
        "a zip of 10,010 parts, 10,001 of them empty",
        REJECTED,
        "unreadable",
        "it holds 10,010 files inside, far more than a real workbook",
        many_parts,
    ),
    Case(
        "one_part_many_sheets.xlsx",
        "one sheet part of 1.6 million cells listed as seven sheets",
        REJECTED,
        "unreadable",
        "its sheets together hold more than 10,000,000 cells, too many to read",
        one_part_many_sheets,
    ),
    Case(
        "two_directories.xlsx",
        "two workbooks in one zip, a zip64 record pointing to one and the end record to the other",
        IMPORTED,
        None,
        None,
        two_directories,
    ),
    Case(
        "binary_workbook.xlsx",
        "an .xlsb's binary parts named .xlsx, its workbook part spelt XL/workbook.bin",
        REJECTED,
        "unreadable",
        TOO_LARGE,
        binary_workbook,
    ),
    Case(
        "before_1900.xlsx",
        "a date before 1900 (a negative Excel serial)",
        REJECTED,
        "time_not_date",
        "“00:00:00” is a time of day with no date",
        lambda: milestone_dated(-3000),
    ),
    Case(
        "leap_day_1900.xlsx",
        "serial 60: Excel's 29 February 1900, a day that never was",
        REJECTED,
        "early_excel_date",
        "is in Excel's first two months of 1900",
        lambda: milestone_dated(60),
    ),
    Case(
        "nan_infinity.xlsx",
        "NaN and INF written as numbers",
        REJECTED,
        "not_finite",
        "“nan” is not a number Excel can hold",
        nan_and_infinity,
    ),
    Case(
        "mixed_types.xlsx",
        "dates, text, numbers and booleans in the same columns",
        REJECTED,
        "bad_integer",
        "“about 80” is not a whole number",
        mixed_types,
    ),
    Case(
        "all_hidden.xlsx",
        "a workbook whose every sheet is hidden",
        IMPORTED,
        "hidden_sheet",
        "The sheet “Partners” is hidden in Excel",
        all_hidden,
    ),
    Case(
        "partners_gbk.csv",
        "a CSV saved in GBK (Chinese Excel's default)",
        IMPORTED,
        None,
        None,
        lambda: csv_text("gbk"),
    ),
    Case(
        "partners_utf16.csv",
        "a CSV saved as UTF-16 with a byte-order mark",
        IMPORTED,
        None,
        None,
        lambda: csv_text("utf-16-le", codecs.BOM_UTF16_LE),
    ),
    Case(
        "binary.csv",
        "binary data named .csv",
        REJECTED,
        "unreadable",
        "it contains binary data, not text",
        lambda: b"Partner name,Country\x00\x01\x02\x00",
    ),
    Case(
        "open_quote.csv",
        "a CSV with a quotation mark left open, so the rest of the file is one cell",
        REJECTED,
        "unreadable",
        "a cell that starts on line 3 runs past 131,072 characters",
        open_quote,
    ),
    Case(
        "blank_lines.csv",
        "a CSV of a header and 1,048,577 empty lines",
        REJECTED,
        "unreadable",
        "a sheet has more than 1,048,576 rows, more than Excel allows",
        lambda: (",".join(PARTNER_HEADER) + "\n" * 1_048_577).encode(),
    ),
    Case(
        "wide_row.csv",
        "a CSV header of 16,385 columns",
        REJECTED,
        "unreadable",
        "row 1 has more than 16,384 cells, the most columns Excel allows",
        lambda: (",".join(PARTNER_HEADER) + ",x" * 16_381 + "\n").encode(),
    ),
    Case(
        "many_tables.xls",
        "a web page of 256 one-cell tables saved as .xls",
        REJECTED,
        "unreadable",
        "it holds more than 255 sheets or tables, far more than a real workbook",
        lambda: b"<html><body>" + b"<table><tr><td>x</td></tr></table>" * 256 + b"</body></html>",
    ),
    Case(
        "long_tag.xls",
        "a web page saved as .xls whose one tag has 40,000 attributes",
        REJECTED,
        "unreadable",
        "it is a web page (HTML) too large to read",
        lambda: b"<html><table><tr><td>x<a " + b"b " * 40_000 + b"></a></td></tr></table></html>",
    ),
    Case(
        "repeated_rows.ods",
        "an .ods of under 1 kB repeating a row of bad cells 500,000 times",
        REJECTED,
        "too_many_problems",
        "The sheet has more than 1,000 problems; the first 1,000 found are listed",
        repeated_rows,
    ),
    Case(
        "unknown_countries.csv",
        "2,000 partners, each in a different country nobody has heard of",
        REJECTED,
        "too_many_problems",
        "The sheet has more than 1,000 problems",
        lambda: (
            ",".join(PARTNER_HEADER) + "\n" + "".join(f"P{n},Zzq{n:05d},University,2024\n" for n in range(2000))
        ).encode(),
    ),
    Case(
        "duplicate_keys.xlsx",
        "two different rows for the same partner",
        REJECTED,
        "conflicting_duplicate",
        "same Partner name as row 2 but different values",
        duplicate_keys,
    ),
    Case(
        "session_expired.xls",
        "a web page saved as .xls, with no table",
        REJECTED,
        "unreadable",
        "it is a web page (HTML) with no table in it, not a spreadsheet",
        html_no_table,
    ),
    Case(
        "spreadsheet_2003.xls",
        "an “XML Spreadsheet 2003” file",
        REJECTED,
        "unreadable",
        "it is an “XML Spreadsheet 2003” file; open it in Excel and save it as .xlsx",
        xml_2003,
    ),
]


def manifest() -> list[dict[str, object]]:
    return [{k: v for k, v in asdict(case).items() if k != "build"} for case in CASES]


# --- the README's list of messages -----------------------------------------------------------

README = OUT.parent.parent / "README.md"
README_START = "<!-- troubleshooting: generated by scripts/make_corpus.py --readme -->"
README_END = "<!-- troubleshooting: end -->"


def troubleshooting() -> str:
    """The README's list of what staff can be told: every reason a file cannot be read (from
    the corpus), then every problem in a sheet or a cell (from dashboard.ingest.problems)."""
    from dashboard.ingest.problems import MESSAGES

    lines = [
        README_START,
        "",
        "**“The file cannot be read as a spreadsheet: …”** Save the file from Excel as .xlsx (or .csv)",
        "and upload it again. What follows the colon says what is wrong:",
        "",
        "| the file | what follows the colon |",
        "| --- | --- |",
    ]
    lines += [f"| {case.what} | {case.message} |" for case in CASES if case.code == "unreadable"]
    lines += [
        "",
        "**Problems in a sheet, a row or a cell.** *Italics* stand for the column, value or row named in",
        "the report; every problem comes with its fix (also in Chinese, with `--lang zh`).",
        "",
        "| code | message | fix |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| `{code}` | {_placeholders(message)} | {_placeholders(fix)} |"
        for code, (message, fix, _, _) in MESSAGES.items()
        if code != "unreadable"
    ]
    return "\n".join([*lines, "", README_END])


def _placeholders(template: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: f"*{m.group(1).replace('_', ' ')}*", template).replace("|", "\\|")


def write_readme(path: Path = README) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    path.write_text(text[:start] + troubleshooting() + text[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--readme", action="store_true", help="also rewrite the README's list of messages")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (args.out / case.file).write_bytes(case.build())
    text = json.dumps(manifest(), ensure_ascii=False, indent=1)
    (args.out / "manifest.json").write_text(text + "\n", encoding="utf-8")
    print(f"{len(CASES)} files in {args.out}")
    if args.readme:
        write_readme()
        print(f"the list of messages in {README}")


if __name__ == "__main__":
    main()
