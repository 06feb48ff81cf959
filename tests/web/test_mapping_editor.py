"""The upload page's mapping editor: what the drop-downs' choices make of a proposal, in both languages."""

from __future__ import annotations

from dashboard.ingest import mapping
from dashboard.ingest.readers import read_path
from dashboard.web import ids
from dashboard.web.mapping_editor import BLANK, edited, editor, field_options
from tests.support.layouts import PARTNERS_ZH


def _proposal(tmp_path) -> dict:
    return mapping.propose(read_path(PARTNERS_ZH.write(tmp_path / "p.xlsx"))).as_json()


def _ids(kind: str, key: str, numbers) -> list[dict]:
    return [{"type": kind, "sheet": 0, key: n} for n in numbers]


def test_the_editors_choices_make_the_mapping_the_person_chose(tmp_path):
    proposal = _proposal(tmp_path)
    # 负责部门 (column I) ignored as proposed; 备注 (J) now fills nothing; 院校类型 (D) cleared; the question answered.
    field_ids = _ids(ids.MAP_FIELD, "col", [1, 3])
    values = [["partner.name", "agreement.partner"], []]
    answers = [*proposal["sheets"][0]["values"], *proposal["sheets"][0]["questions"]]
    value_ids = _ids(ids.MAP_VALUE, "n", range(len(answers)))
    chosen = [BLANK] * (len(answers) - 1) + ["exchange"]
    made = edited(proposal, field_ids, values, value_ids, chosen)
    columns = {(c["column"], c["record_type"], c["field"]) for c in made["sheets"][0]["columns"]}
    assert ("院校类型", None, None) in columns  # cleared: ignored
    assert ("合作形式", "agreement", "kind") in columns  # untouched: as proposed
    assert {"record_type": "agreement", "field": "kind", "value": "学分互认", "maps_to": "exchange"} in made["sheets"][
        0
    ]["values"]
    try:
        mapping.from_json(made)
    except mapping.MappingError as refused:  # partner.type is required: clearing it is refused, with words
        assert "needs Type (partner.type)" in refused.message
    else:
        raise AssertionError("a partner without its type was accepted")


def test_the_editor_speaks_both_languages(tmp_path):
    proposal = _proposal(tmp_path)
    assert "layout of its own" in str(editor(proposal, "p.xlsx", "en"))
    assert "自有格式" in str(editor(proposal, "p.xlsx", "zh"))
    labels = {o["value"]: o["label"] for o in field_options("zh")}
    assert labels["partner.name"] == "合作机构 › 机构名称"
