"""Every format staff send: .xlsx, .xlsm, .xls, .ods, CSV in any common encoding, and the
HTML tables web systems save under an .xls name."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
import xlwt
from openpyxl import Workbook

from dashboard.batches.importer import import_file

PARTNERS = [
    ["Partner name", "Country or region", "Type", "Cooperating since"],
    ["Lusaka Institute of Technology", "赞比亚", "职业院校", "2024"],
    ["Colombo College of Engineering Skills", "Sri Lanka", "Vocational college", "2025年3月"],
]


def _committed(store, data: bytes, name: str):
    result = import_file(store, data, name)
    assert result.status == "committed", result.as_json()
    frame = store.records("partner")
    assert frame["country"].tolist() == ["LKA", "ZMB"]
    assert frame["since"].tolist() == [pd.Timestamp(2025, 3, 1), pd.Timestamp(2024, 1, 1)]
    return result


def _xlsx(suffix: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Partner institutions"
    for row in PARTNERS:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_and_xlsm(store):
    _committed(store, _xlsx(".xlsx"), "partners.xlsx")
    assert import_file(store, _xlsx(".xlsm"), "partners.xlsm").status == "committed"


def test_old_xls(store):
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("合作机构")
    for r, row in enumerate(PARTNERS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _committed(store, buffer.getvalue(), "partners.xls")


def test_opendocument_ods(store):
    buffer = io.BytesIO()
    pd.DataFrame(PARTNERS[1:], columns=PARTNERS[0]).to_excel(buffer, engine="odf", index=False, sheet_name="Partners")
    _committed(store, buffer.getvalue(), "partners.ods")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_in_every_common_encoding(store, encoding):
    text = "\r\n".join(",".join(row) for row in PARTNERS) + "\r\n"
    _committed(store, text.encode(encoding), "partners.csv")


def test_html_table_saved_as_xls(store):
    cells = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in PARTNERS)
    page = f"<html><head><meta charset='utf-8'></head><body><table>{cells}</table></body></html>"
    _committed(store, page.encode("utf-8"), "export.xls")


def test_html_cells_and_rows_whose_end_tags_are_left_out(store):
    """HTML lets </td> and </tr> be omitted: the next cell, row or table ends them."""
    cells = "".join("<tr>" + "".join(f"<td>{cell}" for cell in row) for row in PARTNERS)
    _committed(store, f"<html><body><table>{cells}</table></body></html>".encode(), "export.xls")


def test_more_future_dates_than_listed_still_import_with_a_note(store, monkeypatch):
    """Too many warnings are cut short with a note; unlike too many errors, they keep the records."""
    from dashboard.ingest import validate

    monkeypatch.setattr(validate, "MAX_PROBLEMS", 2)
    soon = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    rows = "".join(f"Institute {n},Kenya,University,{soon}\n" for n in range(4))
    result = import_file(store, ("Partner name,Country or region,Type,Cooperating since\n" + rows).encode(), "p.csv")
    assert result.status == "committed"
    assert [w.code for w in result.warnings] == ["too_many_problems", "future_date", "future_date"]
    assert len(store.records("partner")) == 4


def test_other_files_are_refused_saying_what_they_are(store):
    for data, name, words in [
        (b"%PDF-1.7 ...", "report.pdf", "files ending in “.pdf” are not spreadsheets"),
        (b"<html><body><p>Session expired</p></body></html>", "export.xls", "web page (HTML) with no table"),
        (b"just some notes", "notes.xlsx", "not a spreadsheet"),
    ]:
        result = import_file(store, data, name)
        assert result.status == "rejected"
        assert words in result.errors[0].message(), result.errors[0].message()
    assert store.batches() == []


def test_a_future_date_is_imported_with_a_warning(store):
    soon = dt.date.today() + dt.timedelta(days=40)
    rows = [
        ["Partner name", "Country", "Type", "Cooperating since"],
        ["Lusaka Institute of Technology", "Zambia", "University", soon],
    ]
    workbook = Workbook()
    workbook.active.title = "Partners"
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_file(store, buffer.getvalue(), "partners.xlsx")
    assert result.status == "committed"
    [warning] = result.warnings
    assert (warning.code, warning.row, warning.column) == ("future_date", 2, "Cooperating since")


def test_a_sheet_too_large_to_read_is_refused_and_the_server_survives(store, monkeypatch):
    """.ods and .xls are read in a child process with a memory cap: when it runs out, the
    upload is refused with words, and this process carries on."""
    from dashboard.ingest.readers import isolated

    buffer = io.BytesIO()
    pd.DataFrame(PARTNERS[1:], columns=PARTNERS[0]).to_excel(buffer, engine="odf", index=False, sheet_name="Partners")
    monkeypatch.setattr(isolated, "MEMORY_LIMIT", 8 * 1024 * 1024)  # far too little for any reader
    result = import_file(store, buffer.getvalue(), "partners.ods")
    assert result.status == "rejected"
    assert "far larger than a real workbook" in result.errors[0].message()
    monkeypatch.undo()
    _committed(store, buffer.getvalue(), "partners.ods")


def test_an_xlsx_whose_cells_span_a_huge_range_is_refused_before_it_is_read(store):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Partners"
    sheet["A1"] = "Partner name"
    sheet["XFD1048576"] = "far away"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_file(store, buffer.getvalue(), "partners.xlsx")
    assert result.status == "rejected"
    assert "too large to read" in result.errors[0].message()


def test_a_sheet_spelt_unusually_is_read_apart_and_refused_when_too_large(store):
    """A hostile sheet may spell its XML unusually to slip past a naive scan: such a sheet
    is parsed in a child process, which dies on the huge range instead of the server."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Partners"
    sheet["A1"] = "Partner name"
    buffer = io.BytesIO()
    workbook.save(buffer)
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                far = b'<row spans="1:1" r="1048576"><c t="n" r="XFD1048576"><v>1</v></c></row></sheetData>'
                data = data.replace(b"</sheetData>", far)
            target.writestr(item.filename, data)
    result = import_file(store, out.getvalue(), "partners.xlsx")
    assert result.status == "rejected"
    assert "far larger than a real workbook" in result.errors[0].message()


def _with_member(name: str, content: bytes, suffix: str = ".xlsx") -> bytes:
    """The partners workbook with one zip member replaced or added."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_xlsx(suffix)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item.filename, source.read(item.filename))
        target.writestr(name, content)
    return out.getvalue()


def test_entity_declarations_are_refused_in_any_part_and_in_utf16(store):
    """A DOCTYPE is refused wherever it hides: a part calamine never reads, or XML written
    in UTF-16 so that a byte search for "<!DOCTYPE" would miss it."""
    doctype = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><x>&e;</x>'
    for data in (
        _with_member("docProps/custom.xml", doctype.encode()),
        _with_member("xl/styles.xml", doctype.encode("utf-16")),
    ):
        result = import_file(store, data, "partners.xlsx")
        assert result.status == "rejected"
        assert "XML entity declarations" in result.errors[0].message()


def test_a_formula_whose_saved_result_is_empty_text_is_an_empty_cell_not_an_unsaved_one():
    """Excel saves a formula that yields "" as t="str" with an empty value: that result was saved."""
    from dashboard.ingest.readers import read
    from dashboard.ingest.readers.base import FormulaWithoutValue

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Partners"
    for row in PARTNERS:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    import zipfile

    xml = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")
    cells = b'<c r="E2" t="str"><f>""</f><v></v></c><c r="F2"><f>1+1</f><v></v></c></row>'
    xml = xml.replace(b"</row>", cells, 2).replace(cells, b"</row>", 1)  # the second row only
    [sheet] = read(_with_member("xl/worksheets/sheet1.xml", xml), "partners.xlsx")
    assert sheet.rows[1][4] == "" and not isinstance(sheet.rows[1][4], FormulaWithoutValue)
    assert isinstance(sheet.rows[1][5], FormulaWithoutValue) and sheet.rows[1][5] == "=1+1"


def test_a_fault_of_the_reader_still_answers_the_upload_and_is_logged(store, monkeypatch, caplog):
    """Whatever the reader fails with, the staff member gets a rejection they can act on, the
    database is untouched, and the traceback goes to the server's log."""
    from dashboard.batches import importer

    def broken(*args, **kwargs):
        raise KeyError("a case nobody foresaw")

    monkeypatch.setattr(importer, "read", broken)
    result = import_file(store, _xlsx(".xlsx"), "partners.xlsx")
    assert result.status == "rejected"
    assert "the details are in the server's log" in result.errors[0].message()
    assert "a case nobody foresaw" in caplog.text and "Traceback" in caplog.text
    assert store.records("partner").empty
