"""Proposing, reading and applying a mapping of an office's own workbook, on layouts with answer keys."""

from __future__ import annotations

import json

import pytest

from dashboard.ingest import mapping
from dashboard.ingest.readers import read_path
from dashboard.ingest.validate import validate
from dashboard.model.records import RECORD_TYPES
from tests.support.layouts import PARTNERS_ZH, TUNING, UNSEEN, Layout


def _proposed(layout: Layout, path, **options) -> mapping.SheetMapping:
    proposal = mapping.propose(read_path(layout.write(path / f"{layout.name}.xlsx", **options)))
    assert len(proposal.sheets) == 1
    return proposal.sheets[0]


def _right_columns(layout: Layout, sheet: mapping.SheetMapping) -> tuple[int, int, list[str]]:
    got: dict[str, set[tuple[str, str]]] = {}
    for column in sheet.columns:
        got.setdefault(column.column, set())
        if column.record_type and column.field:
            got[column.column].add((column.record_type, column.field))
    wrong = [
        f"{c}: {sorted(got.get(c, ()))} ≠ {sorted(want)}"
        for c, want in layout.key.items()
        if got.get(c, set()) != set(want)
    ]
    return len(layout.key) - len(wrong), len(layout.key), wrong


def test_the_proposal_gets_at_least_eight_columns_in_ten_right_on_layouts_it_was_not_tuned_on(tmp_path):
    measured = {}
    for name, layouts in (("tuned on", TUNING), ("never seen", UNSEEN)):
        right = total = 0
        for layout in layouts:
            for blank_column in (False, True):
                sheet = _proposed(layout, tmp_path / str(blank_column), blank_column=blank_column)
                found, count, wrong = _right_columns(layout, sheet)
                right, total = right + found, total + count
                for line in wrong:
                    print(f"  {layout.name}{' (blank column)' if blank_column else ''}: {line}")
        measured[name] = right / total
        print(f"proposal accuracy, layouts {name}: {right}/{total} columns right = {right / total:.0%}")
    assert measured["never seen"] >= 0.8


def test_the_header_is_found_below_a_merged_title_row_and_across_a_blank_column(tmp_path):
    sheet = _proposed(PARTNERS_ZH, tmp_path, blank_column=True)
    assert sheet.header_row == 2  # row 1 is the title, merged across the columns
    assert sheet.record_types == ["partner", "agreement"]
    assert "" not in {c.column for c in sheet.columns}  # the blank column is left out


def test_one_column_feeds_the_partners_name_and_its_agreements_partner(tmp_path):
    sheet = _proposed(PARTNERS_ZH, tmp_path)
    targets = {(c.record_type, c.field) for c in sheet.columns if c.column == "院校名称"}
    assert targets == {("partner", "name"), ("agreement", "partner")}
    ignored = {c.column for c in sheet.columns if c.record_type is None}
    assert ignored == {"序号", "负责部门", "备注"}


def test_none_cells_become_blanks_and_an_unknown_choice_becomes_a_question(tmp_path):
    sheet = _proposed(PARTNERS_ZH, tmp_path)
    blanks = {v.value for v in sheet.values if v.field == "expires_on" and v.maps_to is None}
    assert blanks == {"长期", "—", "无"}
    [question] = sheet.questions
    assert (question.record_type, question.field, question.value) == ("agreement", "kind", "学分互认")
    assert "exchange" in question.options and question.suggested == "other"


@pytest.mark.parametrize("rt", RECORD_TYPES, ids=lambda rt: rt.name)
def test_every_field_of_the_record_model_is_mappable_by_its_chinese_label(rt, tmp_path):
    """Fields come from the record model, not a list of their own: a new field is mappable at once."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "自有表格"
    sheet.append(["说明：本表由国际处维护"])
    sheet.append([f.zh for f in rt.fields])
    workbook.save(tmp_path / "own.xlsx")
    proposed = mapping.propose(read_path(tmp_path / "own.xlsx")).sheets[0]
    by_column = {c.column: (c.record_type, c.field) for c in proposed.columns if c.record_type == rt.name}
    right = sum(by_column.get(f.zh) == (rt.name, f.name) for f in rt.fields)
    assert right >= 0.8 * len(rt.fields), by_column


def test_a_proposal_read_back_from_json_is_the_same_mapping(tmp_path):
    proposal = mapping.propose(read_path(PARTNERS_ZH.write(tmp_path / "p.xlsx")))
    again = mapping.loads(json.dumps(proposal.as_json(), ensure_ascii=False))
    assert [(c.column, c.record_type, c.field) for c in again.sheets[0].columns] == [
        (c.column, c.record_type, c.field) for c in proposal.sheets[0].columns
    ]


def _edited(tmp_path, change) -> dict:
    data = mapping.propose(read_path(PARTNERS_ZH.write(tmp_path / "p.xlsx"))).as_json()
    change(data["sheets"][0])
    return data


def _column(sheet: dict, header: str, field: str | None = None) -> dict:
    return next(c for c in sheet["columns"] if c["column"] == header and (field is None or c["field"] == field))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda s: _column(s, "所在国家").update(field="nation"), "has no field “nation”"),
        (lambda s: _column(s, "所在国家").update(record_type="partnr"), "no record type “partnr”"),
        (
            lambda s: _column(s, "备注").update(record_type="partner", field="country"),
            "are both mapped to partner.country",
        ),
        (lambda s: _column(s, "签约时间").update(record_type=None, field=None), "needs Signed (agreement.signed_on)"),
        (lambda s: s.update(columns="all"), "must be lists"),
        (
            lambda s: s["values"].append({"record_type": "agreement", "field": "kind", "value": "x", "maps_to": "y"}),
            "“y” (for “x”) is not a value of agreement.kind",
        ),
    ],
)
def test_a_mapping_that_cannot_be_used_is_refused_with_what_is_wrong(tmp_path, change, says):
    with pytest.raises(mapping.MappingError) as refused:
        mapping.from_json(_edited(tmp_path, change))
    assert says in refused.value.message
    assert refused.value.message_zh != refused.value.message


def test_a_mapping_naming_a_sheet_or_column_the_workbook_lacks_is_refused_before_reading(tmp_path):
    sheets = read_path(PARTNERS_ZH.write(tmp_path / "p.xlsx"))
    for change, says in (
        (lambda s: s.update(sheet="Partners 2024"), "no sheet “Partners 2024”"),
        (lambda s: _column(s, "协议到期").update(column="有效期至", letter="Z"), "“有效期至”"),
    ):
        with pytest.raises(mapping.MappingError) as refused:
            mapping.apply(mapping.from_json(_edited(tmp_path, change)), sheets)
        assert says in refused.value.message


def test_applied_sheets_keep_every_row_where_excel_numbers_it_and_problems_name_the_users_cells(tmp_path):
    sheets = read_path(PARTNERS_ZH.write(tmp_path / "p.xlsx"))
    applied = mapping.apply(mapping.propose(sheets), sheets)
    validation = validate(applied.sheets, types=applied.types)
    applied.restore_validation(validation)
    [problem] = validation.errors  # 学分互认, unanswered
    assert (problem.sheet, problem.row, problem.column, problem.col) == ("合作院校名单", 5, "合作形式", 4)
    partners = validation.tables["partner"].frame
    assert partners["_row"].tolist() == [3, 4, 5, 6, 7, 8]
    assert set(partners["_sheet"]) == {"合作院校名单"}
    agreements = validation.tables["agreement"].frame.set_index("partner")
    assert agreements.at["赞比亚大学", "expires_on"] is None  # 长期
    assert agreements.at["赞比亚大学", "kind"] == "joint_programme"
