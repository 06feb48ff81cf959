"""Finding records in the sheets people really make."""

from __future__ import annotations

import datetime as dt

from dashboard.ingest.readers.base import RawSheet
from dashboard.ingest.validate import ROW, validate


def test_title_rows_chinese_headers_and_blank_rows_are_handled():
    sheet = RawSheet(
        "合作机构",
        [
            ["2024 年合作机构更新", None, None],
            [None, None, None],
            ["机构名称", "国家", "机构类型", "备注"],
            ["Lusaka Institute of Technology", "赞比亚", "职业院校", "new"],
            [None, None, None, None],
            ["Colombo College of Engineering Skills", "Sri Lanka", "Vocational college", None],
        ],
    )
    result = validate([sheet])
    assert result.errors == []
    frame = result.tables["partner"].frame
    assert list(frame["country"]) == ["ZMB", "LKA"]
    assert list(frame[ROW]) == [4, 6]
    [warning] = result.warnings
    assert (warning.code, warning.value, warning.row) == ("unknown_column", "备注", 3)


def test_bilingual_headers():
    sheet = RawSheet(
        "Milestones", [["Title / 名称", "日期（Date）", "Kind\n类型"], ["UNESCO Chair", "2022年5月", "教席"]]
    )
    result = validate([sheet])
    assert result.errors == []
    assert result.tables["milestone"].frame.iloc[0]["date"] == dt.date(2022, 5, 1)


def test_every_problem_is_reported_not_only_the_first():
    sheet = RawSheet(
        "Events",
        [
            ["Title", "Start date", "End date", "Kind", "Participants"],
            ["Forum", "someday", None, "Symposium", "many"],
            [None, "2023-05-05", "2023-05-04", "Party", 3],
        ],
    )
    result = validate([sheet])
    found = {(p.row, p.column, p.code) for p in result.errors}
    assert found == {
        (2, "Start date", "bad_date"),
        (2, "Participants", "bad_integer"),
        (3, "Title", "required"),
        (3, "Kind", "bad_choice"),
        (3, "End date", "end_before_start"),
    }


def test_duplicate_rows_warn_and_conflicting_ones_are_errors():
    header = ["Standard code", "Title", "Discipline / major"]
    sheet = RawSheet(
        "Standards",
        [
            header,
            ["S-1", "IoT", "Computing"],
            ["S-1", "IoT", "Computing"],
            ["S-2", "AI", "Computing"],
            ["S-2", "AI", "Business"],
        ],
    )
    result = validate([sheet])
    assert [(p.code, p.row, p.params["other_row"]) for p in result.problems] == [
        ("duplicate_row", 3, "2"),
        ("conflicting_duplicate", 5, "4"),
    ]
    assert list(result.tables["standard"].frame["code"]) == ["S-1", "S-2"]


def test_sheets_that_are_not_records_are_named_in_a_warning():
    result = validate(
        [
            RawSheet("Budget", [["Item", "Amount"], ["Travel", 100]]),
            RawSheet("README", [["notes"]]),
            RawSheet("Standards", [["Code", "Title", "Major"], ["S-1", "IoT", "Computing"]]),
        ]
    )
    assert [(p.code, p.sheet) for p in result.problems] == [("unknown_sheet", "Budget")]


def test_a_file_with_no_records_says_so():
    result = validate([RawSheet("Sheet1", [])])
    assert [p.code for p in result.errors] == ["no_records"]


def test_one_record_type_on_two_sheets_reports_each_problem_on_its_own_sheet(store):
    import io

    from openpyxl import Workbook

    from dashboard.batches.importer import import_file

    workbook = Workbook()
    first = workbook.active
    first.title = "Agreements"
    second = workbook.create_sheet("合作协议")
    partners = workbook.create_sheet("Partners")
    partners.append(["Partner name", "Country", "Type"])
    partners.append(["Known College", "Kenya", "University"])
    for sheet in (first, second):
        sheet.append(["Partner institution", "Kind", "Signed"])
        sheet.append(["Known College", "MoU", dt.date(2024, 1, 1 + len(sheet.title))])
    second.append(["Nobody", "MoU", dt.date(2024, 2, 1)])
    second.append(["Known College", "MoU", dt.date(2024, 1, 1 + len("Agreements"))])  # repeats Agreements row 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_file(store, buffer.getvalue(), "two-sheets.xlsx", dry_run=True)
    problems = {(p.code, p.sheet, p.row, p.col) for p in result.problems}
    assert ("unknown_reference", "合作协议", 3, 0) in problems
    assert ("duplicate_row", "合作协议", 4, None) in problems
    duplicate = next(p for p in result.problems if p.code == "duplicate_row")
    assert duplicate.params["other_row"] == "2 (Agreements)"
