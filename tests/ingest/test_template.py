"""The Excel template: what staff see when they open it, and that it imports as filled in."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.batches.importer import import_file, import_path
from dashboard.ingest.template import INSTRUCTIONS_SHEET, LISTS_SHEET, markdown_table, template_bytes, write_template
from dashboard.ingest.workbook import header_text
from dashboard.model.records import BY_NAME, RECORD_TYPES, Kind, RecordType
from tests.support.paths import ROOT


def _written(tmp_path: Path) -> Path:
    path = tmp_path / "template.xlsx"
    write_template(path)
    return path


def _validations(sheet: Worksheet) -> dict[str, object]:
    """Each validated column letter → its data validation."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            found[get_column_letter(cell_range.min_col)] = validation
    return found


def _listed(workbook: Workbook, formula: str) -> list[object]:
    """The values a list validation's range (e.g. 'Sheet'!$A$2:$A$5) offers."""
    sheet, cells = formula.rsplit("!", 1)
    min_col, min_row, _, max_row = range_boundaries(cells.replace("$", ""))
    column = workbook[sheet.strip("'")].iter_rows(
        min_row=min_row, max_row=max_row, min_col=min_col, max_col=min_col, values_only=True
    )
    return [value for (value,) in column]


def _column(rt: RecordType, name: str) -> str:
    return get_column_letter([f.name for f in rt.fields].index(name) + 1)


def test_the_untouched_template_imports_none_of_its_example_rows(store):
    result = import_file(store, template_bytes(), "template.xlsx")

    assert result.status == "rejected" and [p.code for p in result.errors] == ["no_records"]
    skipped = [(p.code, p.row) for p in result.warnings]
    assert skipped == [("example_row", 2)] * len(RECORD_TYPES)  # one per sheet, each named, none imported
    assert "Example Technical College" in result.warnings[1].message("en")
    assert store.is_empty()


def test_beside_its_example_row_a_templates_own_rows_import(store, tmp_path):
    workbook = load_workbook(io.BytesIO(template_bytes()))
    sheet = workbook[BY_NAME["partner"].en_plural]
    real = ["Lusaka Institute of Technology", "Zambia", "Lusaka", "Vocational college"]
    sheet.append(real)
    workbook.save(tmp_path / "filled.xlsx")

    result = import_file(store, (tmp_path / "filled.xlsx").read_bytes(), "filled.xlsx")

    assert result.status == "committed", result.errors
    assert {name: c.new for name, c in result.counts.items() if c.new} == {"partner": 1}
    assert [(p.code, p.sheet, p.row) for p in result.warnings if p.sheet == sheet.title] == [
        ("example_row", sheet.title, 2)
    ]


def test_the_template_can_be_written_to_a_path_or_a_file_object(tmp_path):
    with open(tmp_path / "by_handle.xlsx", "wb") as handle:
        write_template(handle)
    assert load_workbook(tmp_path / "by_handle.xlsx").sheetnames == load_workbook(_written(tmp_path)).sheetnames


def test_every_record_sheet_has_a_bilingual_header_with_help(tmp_path):
    workbook = load_workbook(_written(tmp_path))

    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, *(rt.en_plural for rt in RECORD_TYPES), LISTS_SHEET]
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    for rt in RECORD_TYPES:
        sheet = workbook[rt.en_plural]
        assert [cell.value for cell in sheet[1]] == [header_text(rt, f.name) for f in rt.fields]
        assert sheet.freeze_panes == "A2"
        for f, cell in zip(rt.fields, sheet[1]):
            assert cell.font.bold and cell.fill.fgColor.rgb.endswith("DCE6F2")
            assert ("Required." if f.required else "Optional.") in cell.comment.text
            assert ("必填" if f.required else "选填") in cell.comment.text


def test_choice_country_and_reference_columns_have_drop_downs(tmp_path):
    workbook = load_workbook(_written(tmp_path))
    countries = _listed(workbook, _validations(workbook["Partner institutions"])["B"].formula1)
    assert "Thailand" in countries and countries == sorted(countries) and len(countries) > 240

    for rt in RECORD_TYPES:
        validations = _validations(workbook[rt.en_plural])
        for f in rt.fields:
            if f.kind not in (Kind.CHOICE, Kind.COUNTRY, Kind.REFERENCE):
                continue
            validation = validations[_column(rt, f.name)]
            assert validation.type == "list"
            assert str(validation.sqref).endswith("1000")
            if f.kind is Kind.CHOICE:
                assert _listed(workbook, validation.formula1) == [c.en for c in f.choices]
            # other spellings (已认可, 泰国, THA) and records imported earlier must still be allowed
            assert validation.errorStyle == "warning"

    assert _validations(workbook["Adoptions"])["A"].formula1 == "'Curriculum standards'!$A$2:$A$1000"
    assert _validations(workbook["Agreements"])["A"].formula1 == "'Partner institutions'!$A$2:$A$1000"


def test_counts_must_be_whole_numbers(tmp_path):
    events = load_workbook(_written(tmp_path))["Events"]
    validation = _validations(events)["I"]  # Participants

    assert (validation.type, validation.operator, validation.formula1) == ("whole", "greaterThanOrEqual", "0")


def test_date_cells_are_date_formatted_and_year_columns_accept_a_plain_year(tmp_path):
    workbook = load_workbook(_written(tmp_path))

    for rt in RECORD_TYPES:
        sheet = workbook[rt.en_plural]
        for f in rt.fields:
            if f.kind is not Kind.DATE:
                continue
            letter = _column(rt, f.name)
            validation = _validations(sheet)[letter]
            assert validation.type == "date"
            if f.allow_year:
                assert validation.errorStyle == "warning"
            else:
                assert sheet[f"{letter}2"].is_date
                assert {sheet[f"{letter}{row}"].number_format for row in (2, 3, 500, 1000)} == {"yyyy-mm-dd"}
    assert workbook["Partner institutions"]["E2"].value == 2024  # shown as 2024, not as 1905-07-16


def test_the_instructions_are_in_english_and_chinese_and_name_every_sheet_and_column(tmp_path):
    sheet = load_workbook(_written(tmp_path))[INSTRUCTIONS_SHEET]
    text = "\n".join(
        str(value) for row in sheet.iter_rows(max_col=7, values_only=True) for value in row if value is not None
    )

    assert "How to fill in this template" in text and "填写说明" in text
    assert "2023-05-05" in text and "泰国" in text
    for rt in RECORD_TYPES:
        assert rt.en_plural in text
        for f in rt.fields:
            assert f.en in text and f.zh in text
    assert "Incoming delegation / 来访" in text
    assert "yes / 是" in text and "no / 否" in text


def test_a_filled_in_template_imports_cleanly(store, tmp_path):
    path = _written(tmp_path)
    workbook = load_workbook(path)
    _fill(workbook["Curriculum standards"], 3, ["SZPT-AI-007", "Applied AI", "Computing"])
    _fill(workbook["Partner institutions"], 3, ["Colombo College of Skills", "斯里兰卡", "Colombo", "职业院校", 2019])
    _fill(workbook["Adoptions"], 3, ["SZPT-AI-007", "Colombo College of Skills", "LKA", dt.date(2024, 3, 1), "已认可"])
    _fill(workbook["Adoptions"], 4, ["SZPT-AI-007", "Kandy Technical College", "Sri Lanka", "2024-05-05", None])
    workbook.save(path)

    result = import_path(store, path)

    assert result.status == "committed", result.as_json()
    assert result.errors == [] and {p.code for p in result.warnings} == {"example_row"}  # row 2 left as it came
    new = {name: counts.new for name, counts in result.counts.items() if counts.new}
    assert new == {"standard": 1, "partner": 1, "adoption": 2}
    adoptions = store.records("adoption").set_index("institution")
    assert adoptions.loc["Colombo College of Skills", "status"] == "recognised"
    assert adoptions.loc["Colombo College of Skills", "country"] == "LKA"
    partners = store.records("partner").set_index("name")
    assert partners.loc["Colombo College of Skills", "country"] == "LKA"
    assert partners.loc["Colombo College of Skills", "type"] == "vocational_college"


def _fill(sheet: Worksheet, row: int, values: list[object]) -> None:
    """Type ``values`` into a row, as a staff member would below the example."""
    for column, value in enumerate(values, start=1):
        sheet.cell(row, column, value)


def test_the_readme_lists_every_record_type_as_the_model_describes_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme
