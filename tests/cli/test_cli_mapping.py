"""An office's own workbooks on the command line: map, import with the mapping, next month with none.

The tests that write records or profiles run on SQLite and on PostgreSQL; proposals, messages
and refusals before anything is written, on SQLite."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from dashboard.batches.importer import import_path
from dashboard.cli.mapping import read_mapping
from dashboard.ingest.annotate import annotate
from dashboard.store import accounts
from dashboard.store.store import Store
from tests.support.database import dump
from tests.support.layouts import EVENTS_ZH_LOG, PARTNERS_ZH, STANDARDS_EN

D = dt.date


def _mapping(cli, path, tmp_path, answers=()) -> object:
    done = cli("map", path, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    for record_type, field, value, maps_to in answers:
        data["sheets"][0]["values"].append(
            {"record_type": record_type, "field": field, "value": value, "maps_to": maps_to}
        )
    out = tmp_path / f"{path.stem}.map.json"
    out.write_text(json.dumps(data, ensure_ascii=False))
    return out


EXCHANGE = [("agreement", "kind", "学分互认", "exchange")]


def test_map_prints_the_proposal_as_the_documented_json(cli, tmp_path):
    done = cli("map", PARTNERS_ZH.write(tmp_path / "partners.xlsx"), "--json")
    assert done.returncode == 0
    [sheet] = json.loads(done.stdout)["sheets"]
    assert sheet["sheet"] == "合作院校名单" and sheet["header_row"] == 2
    name = [c for c in sheet["columns"] if c["column"] == "院校名称"]
    assert {(c["record_type"], c["field"]) for c in name} == {("partner", "name"), ("agreement", "partner")}
    assert next(c for c in sheet["columns"] if c["column"] == "序号")["record_type"] is None
    assert {"confidence", "alternatives", "samples", "letter"} <= set(sheet["columns"][0])
    assert {"record_type": "agreement", "field": "expires_on", "value": "长期", "maps_to": None} in [
        {k: v[k] for k in ("record_type", "field", "value", "maps_to")} for v in sheet["values"]
    ]
    assert sheet["questions"][0]["value"] == "学分互认"
    text = cli("map", tmp_path / "partners.xlsx", "--lang", "zh").stdout
    assert "工作表“合作院校名单”：表头在第 2 行" in text


def test_a_plain_import_of_an_own_layout_says_how_to_map_it_and_writes_nothing(cli, db_url, tmp_path):
    Store(db_url).engine.dispose()  # the schema, before the first command
    before = dump(db_url)
    code, result = cli.json("import", PARTNERS_ZH.write(tmp_path / "partners.xlsx"))
    assert code == 1 and result["layout"] == "own"
    [error] = result["errors"]
    assert error["code"] == "own_layout" and "coopdash map" in error["fix"]
    assert result["proposal"]["sheets"][0]["record_types"] == ["partner", "agreement"]
    assert dump(db_url) == before


@pytest.mark.databases  # on SQLite and on PostgreSQL: it writes records
def test_the_keyed_import_commits_the_right_records_and_next_month_imports_with_no_flag(cli, db_url, tmp_path):
    workbook = PARTNERS_ZH.write(tmp_path / "partners-2025-05.xlsx")
    code, result = cli.json("import", workbook, "--mapping", _mapping(cli, workbook, tmp_path, EXCHANGE))
    assert code == 0, result
    assert result["status"] == "committed" and result["batch"] == 1 and result["layout"] == "mapped"
    assert result["counts"]["partner"]["new"] == 6 and result["counts"]["agreement"]["new"] == 6
    profile = result["profile"]
    store = Store(db_url)
    partners = store.records("partner").set_index("name")
    assert partners.at["赞比亚大学", "country"] == "ZMB" and partners.at["赞比亚大学", "type"] == "university"
    assert partners.at["开罗职业教育中心", "type"] == "government"
    agreements = store.records("agreement").set_index("partner")
    assert agreements.at["新加坡理工学院", "kind"] == "exchange"  # 学分互认, as answered
    assert agreements.at["赞比亚大学", "kind"] == "joint_programme"
    assert agreements.at["曼谷职业技术学院", "signed_on"] == dt.datetime(2021, 3, 15)
    assert agreements["expires_on"].isna().sum() == 3  # 长期, —, 无
    [batch] = store.batches()
    assert batch["mapping"]["sheets"][0]["sheet"] == "合作院校名单" and batch["mapping"]["profile"] == profile

    # Next month: two more rows, one changed, the same layout: no flag, no question.
    rows = [
        *PARTNERS_ZH.rows,
        (7, "金边理工学院", "柬埔寨", "职业院校", "合作备忘录", D(2025, 6, 2), D(2030, 6, 1), "国际处", ""),
    ]
    rows[0] = (*rows[0][:6], D(2031, 3, 14), *rows[0][7:])  # renewed
    code, result = cli.json("import", PARTNERS_ZH.write(tmp_path / "partners-2025-06.xlsx", rows))
    assert code == 0, result
    assert result["layout"] == "profile" and result["profile"] == profile
    assert result["counts"]["partner"] == {"new": 1, "updated": 0, "unchanged": 6, "rejected": 0}
    assert result["counts"]["agreement"] == {"new": 1, "updated": 1, "unchanged": 5, "rejected": 0}
    text = cli("import", tmp_path / "partners-2025-06.xlsx").stdout
    assert f"Read with mapping profile {profile} (合作院校名单 → partner, agreement)." in text

    # A mapped import is one batch, and rolls back like any other.
    assert cli("rollback", "2").returncode == 0
    assert len(store.records("partner")) == 6
    assert store.records("agreement").set_index("partner").at["曼谷职业技术学院", "expires_on"] == dt.datetime(
        2026, 3, 14
    )


def test_standards_with_their_adoptions_and_an_event_log_import_with_their_proposals(cli, db_url, tmp_path):
    standards = STANDARDS_EN.write(tmp_path / "standards.xlsx")
    code, result = cli.json("import", standards, "--mapping", _mapping(cli, standards, tmp_path))
    assert code == 0, result
    assert result["counts"]["standard"]["new"] == 5 and result["counts"]["adoption"]["new"] == 5
    adoptions = Store(db_url).records("adoption").set_index("standard_code")
    assert adoptions.at["SZPT-IT-103", "status"] == "adopted"  # "In use", an alias
    assert adoptions.at["SZPT-IT-102", "country"] == "THA"

    events = EVENTS_ZH_LOG.write(tmp_path / "events.xlsx")
    code, result = cli.json("import", events, "--mapping", _mapping(cli, events, tmp_path))
    assert code == 0, result
    frame = Store(db_url).records("event").set_index("title")
    assert frame.at["东盟职教联盟年会", "kind"] == "conference" and frame.at["东盟职教联盟年会", "participants"] == 300
    assert frame.at["一带一路职业教育研讨会", "role"] == "host"


def test_errors_name_the_users_sheet_row_and_column_and_the_marked_workbook_marks_their_cells(cli, db_url, tmp_path):
    rows = list(PARTNERS_ZH.rows)
    rows[3] = (4, "吉隆坡技术大学", "马来西压", "大学", "交流协议", D(2024, 1, 8), "—", "国际处", "")  # a typo
    workbook = PARTNERS_ZH.write(tmp_path / "partners.xlsx", rows)
    map_file = _mapping(cli, workbook, tmp_path, EXCHANGE)
    code, result = cli.json("import", workbook, "--mapping", map_file)
    assert code == 1 and result["status"] == "rejected"
    where = [(e["sheet"], e["row"], e["column"], e["value"], e["code"]) for e in result["errors"]]
    assert where == [
        ("合作院校名单", 6, "所在国家", "马来西压", "unknown_country"),
        (
            "合作院校名单",
            6,
            "院校名称",
            "吉隆坡技术大学",
            "unknown_reference",
        ),  # its agreement: the partner was refused
    ]
    checked = import_path(Store(db_url), workbook, mapping=read_mapping(map_file), dry_run=True)
    marked = load_workbook(io.BytesIO(annotate(workbook.read_bytes(), workbook.name, checked.problems)))
    assert "马来西压" in marked["合作院校名单"]["C6"].comment.text  # the user's own cells, as they laid them out
    assert "吉隆坡技术大学" in marked["合作院校名单"]["B6"].comment.text


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda m: m["sheets"][0].update(sheet="Partners"), "no sheet “Partners”"),
        (lambda m: m["sheets"][0]["columns"][1].update(column="学校"), "“学校”"),
        (lambda m: m["sheets"][0]["columns"][1].update(field="title"), "has no field “title”"),
        (
            lambda m: [
                c.update(record_type=None, field=None) for c in m["sheets"][0]["columns"] if c["column"] == "签约时间"
            ],
            "needs Signed",
        ),
        (
            lambda m: [
                c.update(record_type="partner", field="city")
                for c in m["sheets"][0]["columns"]
                if c["column"] in ("负责部门", "备注")
            ],
            "are both mapped to partner.city",
        ),
    ],
)
def test_a_mapping_that_does_not_fit_is_refused_with_exit_2_before_anything_is_written(
    cli, db_url, tmp_path, edit, says
):
    workbook = PARTNERS_ZH.write(tmp_path / "partners.xlsx")
    path = _mapping(cli, workbook, tmp_path)
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False))
    Store(db_url).engine.dispose()  # the schema, before the first command
    before = dump(db_url)
    done = cli("import", workbook, "--mapping", path)
    assert done.returncode == 2 and says in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert dump(db_url) == before


def test_a_malformed_mapping_file_exits_2(cli, tmp_path):
    workbook = PARTNERS_ZH.write(tmp_path / "partners.xlsx")
    for text in ("{not json", "[]", '{"sheets": [1]}', '{"sheets": [{"sheet": "合作院校名单", "header_row": "two"}]}'):
        (tmp_path / "bad.json").write_text(text)
        done = cli("import", workbook, "--mapping", tmp_path / "bad.json")
        assert done.returncode == 2 and "malformed" in done.stderr and "Traceback" not in done.stderr
    done = cli("import", workbook, "--mapping", tmp_path / "missing.json")
    assert done.returncode == 2 and "cannot read the mapping" in done.stderr


@pytest.mark.databases  # on SQLite and on PostgreSQL: it writes records
def test_profiles_are_listed_removed_audited_and_kept_in_backups(cli, db_url, tmp_path):
    workbook = PARTNERS_ZH.write(tmp_path / "partners.xlsx")
    assert (
        cli("import", workbook, "--mapping", _mapping(cli, workbook, tmp_path, EXCHANGE), "--user", "li").returncode
        == 0
    )
    code, listed = cli.json("mappings")
    assert code == 0 and [p["name"] for p in listed] == ["合作院校名单 → partner, agreement"]
    assert listed[0]["saved_by"] == "li" and listed[0]["file_name"] == "partners.xlsx"
    backup = tmp_path / "coopdash.backup"
    assert cli("db", "backup", backup).returncode == 0

    done = cli("mappings", "remove", str(listed[0]["id"]))
    assert done.returncode == 0 and "Removed mapping profile" in done.stdout
    assert cli.json("mappings")[1] == []
    assert cli("mappings", "remove", "99").returncode == 2
    actions = [e["action"] for e in accounts.entries(Store(db_url))]
    assert actions[:2] == ["mapping_removed", "mapping_saved"]
    assert cli("import", workbook).returncode == 1  # forgotten: the layout is unknown again

    assert cli("db", "restore", backup).returncode == 0
    assert [p["id"] for p in cli.json("mappings")[1]] == [listed[0]["id"]]
    code, result = cli.json("import", workbook)
    assert code == 0 and result["layout"] == "profile"


def test_a_template_sheet_missing_a_required_column_still_names_the_column(cli, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "April update"  # named for no record type: judged by its header
    sheet.append(["Standard code", "Adopting institution", "Date adopted"])  # no country column
    sheet.append(["SZPT-CS-001", "Lusaka Institute of Technology", D(2024, 3, 1)])
    workbook.save(tmp_path / "april.xlsx")
    code, result = cli.json("import", tmp_path / "april.xlsx")
    assert code == 1
    codes = [e["code"] for e in result["errors"]]
    assert "missing_column" in codes and "own_layout" in codes
    assert any(e["column"] == "Country or region" for e in result["errors"])
