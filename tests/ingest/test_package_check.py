"""The checks an .xlsx passes before calamine may parse it in the server's process.

The corpus (test_corpus.py) sends whole hostile files through the command line; these tests
pin the edges of the byte-level measure itself: matches cut by a block boundary, the coarse
bound and the exact count behind it, and workbooks written the usual way staying on the fast
path (a plain workbook read in a child process would still be right, only slow)."""

from __future__ import annotations

import io
import zipfile

import pytest

from dashboard.ingest import package_check
from dashboard.ingest.package_check import check_package
from dashboard.ingest.readers.base import UnreadableFile
from dashboard.ingest.template import template_bytes
from scripts import make_corpus
from tests.support.paths import SAMPLE

SHEET = "xl/worksheets/sheet1.xml"


def workbook_with_rows(rows: bytes) -> bytes:
    """A one-sheet workbook whose sheet holds a two-column header row, then ``rows``."""
    header = make_corpus.workbook({"Partners": [["Partner name", "Country or region"]]})
    return make_corpus.patched(header, {SHEET: make_corpus.replace("</sheetData>", rows.decode() + "</sheetData>")})


def cells(first: int, count: int, text: str = "x") -> bytes:
    return b"".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{text}</t></is></c></row>'.encode()
        for n in range(first, first + count)
    )


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 1 KiB, so a few rows cross several block boundaries."""
    monkeypatch.setattr(package_check, "_BLOCK", 1024)


def test_workbooks_written_the_usual_way_are_plain():
    """The sample, the template and a sheet with line breaks in its text (which sends the
    count of r attributes down its slow path) are all parsed in this process."""
    for data in (SAMPLE.read_bytes(), template_bytes(), workbook_with_rows(cells(2, 50, "line one\nroad two"))):
        package = check_package(data)
        assert package is not None and package.plain


def test_cells_split_by_a_block_boundary_are_measured_whole(small_blocks):
    """Every cell reference is whole in exactly one block, wherever the boundaries fall."""
    for padding in range(0, 40, 3):
        far = f'<row r="900"><c r="AB{900 + padding}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
        data = workbook_with_rows(cells(2, 30, "p" * padding) + far)
        part = package_check._measure(*_sheet(data))
        assert part.plain
        assert (part.rows, part.columns) == (900 + padding, 28)


def test_a_second_reference_beyond_the_overlap_still_makes_the_sheet_unplain(small_blocks):
    """A cell's tag may run past the next block boundary; its other r attribute is counted there."""
    for padding in (10, 700, 1500):
        tag = f'<row r="40"><c r="A40" t="inlineStr"{" " * padding}r="XFD1048576"><is><t>x</t></is></c></row>'
        data = workbook_with_rows(cells(2, 30) + tag.encode())
        assert not check_package(data).plain


def test_a_sheet_past_the_coarse_bound_is_counted_exactly(monkeypatch):
    """Blocks whose cells all lie within A..Z and rows 1..99,999 count as that whole box; a
    sheet that box makes look too large is measured cell by cell before it is refused."""
    far = b'<row r="150000"><c r="B150000"><v>1</v></c></row>'
    data = workbook_with_rows(cells(2, 10) + far)
    monkeypatch.setattr(package_check, "MAX_CELLS", 1_000_000)  # 150,000 x 26 is over; 150,000 x 2 is not
    assert check_package(data).plain
    monkeypatch.setattr(package_check, "MAX_CELLS", 250_000)
    with pytest.raises(UnreadableFile, match="spans 150,000 rows and 2 columns"):
        check_package(data)


@pytest.mark.parametrize(
    "rows",
    [
        b'<row r="5"><c r="A5"/><c/></row>',  # a cell placed by counting
        b'<row r="5"><c  r="A5"/></row>',  # two spaces
        b"<row r='5'><c r='A5'/></row>",  # single quotes
        b'<row r="5"><c r="a5"/></row>',  # lower case
        b'<row r="5"><c r="A0"/></row>',  # row 0
        b'<row r="5"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="A5"/></row>',
    ],
)
def test_any_other_spelling_of_a_cell_is_not_plain(rows):
    assert not check_package(workbook_with_rows(rows)).plain


def test_a_sheet_in_utf16_is_not_plain():
    data = make_corpus.patched(workbook_with_rows(b""), {SHEET: lambda xml: xml.decode().encode("utf-16")})
    assert not check_package(data).plain


def _sheet(data: bytes) -> tuple[zipfile.ZipFile, zipfile.ZipInfo]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive, archive.getinfo(SHEET)


def test_calamine_is_given_a_faithful_copy_of_the_parts_measured():
    """The copy holds every part, byte for byte, and calamine reads it as it reads the original."""
    from python_calamine import CalamineWorkbook

    data = SAMPLE.read_bytes()
    original, copy = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(check_package(data).data))
    assert [(i.filename, original.read(i)) for i in original.infolist()] == [
        (i.filename, copy.read(i)) for i in copy.infolist()
    ]
    for name in CalamineWorkbook.from_object(io.BytesIO(data)).sheet_names:
        assert (
            CalamineWorkbook.from_object(io.BytesIO(data)).get_sheet_by_name(name).to_python()
            == CalamineWorkbook.from_object(io.BytesIO(check_package(data).data)).get_sheet_by_name(name).to_python()
        )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be"])
def test_an_entity_declaration_is_found_wherever_a_block_boundary_cuts_it(small_blocks, encoding):
    """A DOCTYPE after comments is legal XML: the whole part is searched, in any encoding it may be in."""
    for padding in range(1000, 1040, 3):
        prolog = "<!--" + "c" * padding + "-->" + '<!DOCTYPE sst [<!ENTITY e "x">]>'
        data = make_corpus.patched(
            make_corpus.shared_strings_workbook(prolog, ["&e;"]),
            {"xl/sharedStrings.xml": lambda xml: xml.decode().encode(encoding)},
        )
        with pytest.raises(UnreadableFile, match="XML entity declarations"):
            check_package(data)
