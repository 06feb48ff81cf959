"""The annotated workbook staff download to see, and fix, every problem in their upload."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from dashboard.batches.importer import import_file
from dashboard.ingest.annotate import SUMMARY_SHEET, annotate
from dashboard.ingest.problems import Problem
from dashboard.ingest.workbook import write_workbook

RED, YELLOW = "F8D7DA", "FFF3CD"


@pytest.fixture
def upload(tmp_path: Path) -> bytes:
    """A workbook with two bad partner cells and agreement dates in the wrong order."""
    path = write_workbook(
        tmp_path / "cooperation.xlsx",
        {
            "partner": [
                {"name": "Lusaka Institute", "country": "Zambiaa", "type": "University"},
                {"name": "Colombo College", "country": "Sri Lanka", "type": "Bank"},
                {"name": "Hanoi College", "country": "Viet Nam", "type": "University"},
            ],
            "agreement": [
                {
                    "partner": "Hanoi College",
                    "kind": "MOU",
                    "signed_on": dt.date(2024, 6, 1),
                    "expires_on": dt.date(2023, 6, 1),
                }
            ],
        },
    )
    return path.read_bytes()


def _problems(store, data: bytes, name: str) -> list[Problem]:
    return import_file(store, data, name, dry_run=True).problems


def _reopen(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def _colour(cell) -> str:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else ""


def _summary(workbook: Workbook) -> list[tuple]:
    return list(workbook[SUMMARY_SHEET].iter_rows(min_row=2, values_only=True))


def test_bad_cells_are_filled_red_and_carry_the_message_as_a_comment(store, upload):
    problems = _problems(store, upload, "cooperation.xlsx")
    partners = _reopen(annotate(upload, "cooperation.xlsx", problems))["Partner institutions"]

    bad_country = next(p for p in problems if p.code == "unknown_country")
    assert _colour(partners["B2"]) == RED
    assert partners["B2"].comment.author == "coopdash"
    assert bad_country.message() in partners["B2"].comment.text
    assert "Did you mean Zambia?" in partners["B2"].comment.text
    assert _colour(partners["D3"]) == RED and "“Bank” is not an allowed value" in partners["D3"].comment.text
    assert _colour(partners["A2"]) == "" and partners["A2"].comment is None
    assert partners["A1"].font.bold  # the upload's own formatting is kept


def test_a_warning_cell_is_yellow(store, upload):
    agreements = _reopen(annotate(upload, "cooperation.xlsx", _problems(store, upload, "cooperation.xlsx")))[
        "Agreements"
    ]

    assert _colour(agreements["D2"]) == YELLOW
    assert "is before Signed" in agreements["D2"].comment.text


def test_an_error_wins_over_a_warning_and_every_message_is_in_the_comment(upload):
    problems = [
        Problem("future_date", "warning", sheet="Partner institutions", row=4, column="Cooperating since", col=4),
        Problem("bad_date", sheet="Partner institutions", row=4, column="Cooperating since", col=4, value="soon"),
    ]
    cell = _reopen(annotate(upload, "cooperation.xlsx", problems))["Partner institutions"]["E4"]

    assert _colour(cell) == RED
    assert "is in the future" in cell.comment.text and "“soon” is not a date" in cell.comment.text


def test_the_problems_sheet_lists_every_problem_with_its_row_errors_first(store, upload):
    problems = _problems(store, upload, "cooperation.xlsx")
    workbook = _reopen(annotate(upload, "cooperation.xlsx", problems))

    assert workbook.sheetnames[0] == SUMMARY_SHEET
    sheet = workbook[SUMMARY_SHEET]
    assert [cell.value for cell in sheet[1]] == ["Severity", "Sheet", "Row", "Column", "Value", "Problem", "How to fix"]
    assert sheet.auto_filter.ref == f"A1:G{len(problems) + 1}"
    rows = _summary(workbook)
    assert sorted((row[1], row[2], row[5]) for row in rows) == sorted((p.sheet, p.row, p.message()) for p in problems)
    severities = [row[0] for row in rows]
    assert severities == sorted(severities) and severities[-1] == "Warning"  # "Error" sorts first


def test_problems_without_a_cell_mark_the_row_or_are_only_listed(upload):
    problems = [
        Problem("duplicate_row", "warning", sheet="Partner institutions", row=3, params={"other_row": 2}),
        Problem("unknown_sheet", "warning", sheet="Budget", params={"allowed": "Events"}),
        Problem("required", sheet="No such sheet", row=2, column="Title", col=0),
        Problem("no_records", params={"allowed": "Events"}),
    ]
    workbook = _reopen(annotate(upload, "cooperation.xlsx", problems))

    assert _colour(workbook["Partner institutions"]["A3"]) == YELLOW
    assert "This row repeats row 2." in workbook["Partner institutions"]["A3"].comment.text
    assert [row[1] for row in _summary(workbook)] == ["No such sheet", None, "Partner institutions", "Budget"]


def test_a_very_long_comment_is_capped(upload):
    problems = [
        Problem(
            "bad_choice",
            sheet="Partner institutions",
            row=2,
            column="Type",
            col=3,
            value=f"wrong {n}",
            params={"allowed": "University, " * 20},
        )
        for n in range(40)
    ]
    comment = _reopen(annotate(upload, "cooperation.xlsx", problems))["Partner institutions"]["D2"].comment

    assert 1000 < len(comment.text) <= 2000


def test_a_csv_upload_comes_back_as_a_workbook_with_its_cells_in_place(store):
    data = (
        b"Partner name,Country or region,City,Type\n"
        b'Lusaka Institute,Zambia,=HYPERLINK("x"),University\n'
        b"Colombo College,Sri Lankaa,Colombo,Vocational college\n"
    )
    problems = _problems(store, data, "partners.csv")
    workbook = _reopen(annotate(data, "partners.csv", problems))

    assert workbook.sheetnames == [SUMMARY_SHEET, "partners"]
    sheet = workbook["partners"]
    assert sheet["A1"].value == "Partner name" and sheet["B3"].value == "Sri Lankaa"
    assert _colour(sheet["B3"]) == RED and "Sri Lankaa" in sheet["B3"].comment.text
    assert sheet["C2"].data_type == "s"  # text from an upload never becomes a formula
    assert [(row[1], row[2]) for row in _summary(workbook)] == [("partners", 3)]


def test_chinese_messages_with_lang_zh(store, upload):
    problems = _problems(store, upload, "cooperation.xlsx")
    workbook = _reopen(annotate(upload, "cooperation.xlsx", problems, lang="zh"))

    comment = workbook["Partner institutions"]["B2"].comment.text
    assert "无法识别国家或地区“Zambiaa”" in comment and "赞比亚" in comment
    assert [cell.value for cell in workbook[SUMMARY_SHEET][1]] == [
        "类型",
        "工作表",
        "行",
        "列",
        "值",
        "问题",
        "修改方法",
    ]
    assert {row[0] for row in _summary(workbook)} == {"错误", "警告"}
    assert "国家或地区" in {row[3] for row in _summary(workbook)}


def test_macros_are_dropped_and_the_result_is_a_plain_workbook(upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(upload)) as source, zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        target.writestr("xl/vbaProject.bin", b"not really a macro")
    problem = Problem("required", sheet="Partner institutions", row=2, column="Partner name", col=0)

    result = annotate(buffer.getvalue(), "cooperation.xlsm", [problem])

    assert "xl/vbaProject.bin" not in zipfile.ZipFile(io.BytesIO(result)).namelist()
    assert _colour(_reopen(result)["Partner institutions"]["A2"]) == RED


def test_an_unreadable_upload_still_gets_a_problems_sheet(store):
    data = b"this is not a spreadsheet"
    problems = _problems(store, data, "broken.xlsx")
    workbook = _reopen(annotate(data, "broken.xlsx", problems))

    assert workbook.sheetnames == [SUMMARY_SHEET]
    [row] = _summary(workbook)
    assert row[0] == "Error" and "cannot be read" in row[5]


def test_an_upload_too_big_to_mark_up_gets_the_problems_sheet_alone(store, upload, monkeypatch):
    """Marking cells means holding the whole workbook in openpyxl, about 500 bytes a cell: past
    MAX_MARKED_CELLS the download lists the problems without reopening the upload."""
    from dashboard.ingest import annotate as module

    problems = _problems(store, upload, "cooperation.xlsx")
    monkeypatch.setattr(module, "MAX_MARKED_CELLS", 10)
    monkeypatch.setattr(module, "load_workbook", None)  # must not be called
    workbook = _reopen(annotate(upload, "cooperation.xlsx", problems))
    assert workbook.sheetnames == [SUMMARY_SHEET]
    assert len(_summary(workbook)) == len(problems)


def test_a_styled_upload_keeps_its_look(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Events"
    sheet.append(["Title", "Start date", "Kind"])
    sheet.append(["Forum", "someday", "Symposium"])
    sheet["A2"].font = Font(italic=True)
    sheet.merge_cells("B2:B3")
    workbook.save(tmp_path / "events.xlsx")
    problem = Problem("bad_date", sheet="Events", row=3, column="Start date", col=1, value="someday")

    result = _reopen(annotate((tmp_path / "events.xlsx").read_bytes(), "events.xlsx", [problem]))["Events"]

    assert result["A2"].font.italic
    assert _colour(result["B2"]) == RED  # a merged range is marked at its top-left cell


@pytest.mark.parametrize("file_name", ["odd [name]: *?.csv", "events.xlsx", "events.ods", "events"])
def test_odd_problems_never_break_the_download(file_name):
    data = b"Title,Start date,Kind\nForum,someday,Symposium\n"
    sheet = "odd [name]: *?"
    problems = [
        Problem("bad_date", sheet=sheet, row=2, col=1, value=dt.timedelta(days=1)),
        Problem("no_such_code", sheet=sheet, row=0, col=-3),
        Problem("required", sheet=None, row=5, col=2),
        Problem("required", sheet=sheet, row=2_000_000, col=99_999),
        Problem("bad_choice", sheet=sheet, row=2, col=2, value="\x01=bad"),
    ]

    workbook = _reopen(annotate(data, file_name, problems, lang="fr"))

    assert len(_summary(workbook)) == len(problems)
    if file_name.endswith(".csv"):
        [marked] = workbook.worksheets[1:]
        assert marked.title == "odd _name__ __"
        assert _colour(marked["B2"]) == RED and _colour(marked["C2"]) == RED
