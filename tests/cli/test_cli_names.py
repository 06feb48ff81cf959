"""Institution names on real workbooks: variants of known partners keep the counts, close names are
proposed and become aliases once accepted, duplicates merge in one batch that rolls back exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from dashboard.model.records import RECORD_TYPES
from dashboard.store.store import Store

PARTNER_HEADER = ["Partner name", "Country or region", "City", "Type", "Cooperating since"]


def _workbook(path: Path, partners: list[list[object]] = (), agreements: list[list[object]] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Partner institutions"
    sheet.append(PARTNER_HEADER)
    for row in partners:
        sheet.append(row)
    if agreements:
        sheet = book.create_sheet("Agreements")
        sheet.append(["Partner institution", "Kind", "Signed"])
        for row in agreements:
            sheet.append(row)
    book.save(path)
    return path


def _partners(cli) -> int:
    return cli.json("metrics")[1]["partners"]


def _state(db_url: str) -> dict[str, list]:
    """Every record type's current records, as the dashboard reads them."""
    store = Store(db_url)
    try:
        return {rt.name: store.records(rt.name).astype(str).values.tolist() for rt in RECORD_TYPES}
    finally:
        store.engine.dispose()


def test_trivial_variants_of_known_partners_are_those_partners_and_the_count_stays_28(sample_db, cli, tmp_path):
    assert _partners(cli) == 28
    book = _workbook(
        tmp_path / "variants.xlsx",
        partners=[
            ["PENANG SKILLS COLLEGE ", "Malaysia", "Kuala Lumpur", "Vocational college", dt.datetime(2016, 9, 1)],
            ["chao  phraya technical-college", "Thailand", "Bangkok", "Vocational college", dt.datetime(2015, 9, 1)],
            [
                "Ｖｉｅｎｔｉａｎｅ Technical College",
                "Laos",
                "Vientiane",
                "Vocational college",
                dt.datetime(2020, 9, 1),
            ],
            [
                "Sao Paulo Technical Education Centre",
                "Brazil",
                "São Paulo",
                "Vocational college",
                dt.datetime(2022, 9, 1),
            ],
        ],
    )
    code, result = cli.json("import", book)
    assert code == 0, result
    assert result["counts"]["partner"] == {"new": 0, "updated": 0, "unchanged": 4, "rejected": 0}
    assert result["matches"] == []
    assert _partners(cli) == 28


def test_close_names_are_proposed_then_accepted_as_aliases_and_recognised_next_time(sample_db, cli, tmp_path):
    book = _workbook(
        tmp_path / "close.xlsx",
        partners=[["Chao Phraya Tech. College", "Thailand", "Bangkok", "Vocational college", dt.datetime(2015, 9, 1)]],
        agreements=[["Chao Phraya Technical Collage", "MoU", dt.date(2025, 1, 5)]],
    )
    code, preview = cli.json("import", book, "--dry-run")
    assert code == 1 and preview["status"] == "rejected"  # not accepted: the agreement names no known partner
    assert [(m["value"], m["candidate"], m["reason"], m["accepted"]) for m in preview["matches"]] == [
        ("Chao Phraya Tech. College", "Chao Phraya Technical College", "abbreviation", False),
        ("Chao Phraya Technical Collage", "Chao Phraya Technical College", "spelling", False),
    ]
    first = preview["matches"][0]
    assert {k: first[k] for k in ("sheet", "row", "column", "record_type")} == {
        "sheet": "Partner institutions",
        "row": 2,
        "column": "Partner name",
        "record_type": "partner",
    }
    assert 0.8 < first["score"] < 1

    code, done = cli.json("import", book, "--accept-matches")
    assert code == 0 and done["status"] == "committed", done
    assert done["counts"]["partner"]["new"] == 0 and done["counts"]["agreement"]["new"] == 1
    assert _partners(cli) == 28

    code, again = cli.json("import", book)  # next month: no question asked, nothing new
    assert code == 0 and again["matches"] == [] and again["batch"] is None
    shown = cli("import", book, "--dry-run").stdout
    assert "--accept-matches" not in shown


def test_without_accepting_a_close_name_is_a_new_partner_and_an_unknown_reference_says_did_you_mean(
    sample_db, cli, tmp_path
):
    book = _workbook(tmp_path / "ref.xlsx", agreements=[["Chao Phraya Technical Collage", "MoU", dt.date(2025, 1, 5)]])
    code, result = cli.json("import", book)
    assert code == 1 and result["status"] == "rejected"
    (error,) = result["errors"]
    assert error["code"] == "unknown_reference"
    assert "Did you mean “Chao Phraya Technical College”" in error["fix"]
    zh = cli.json("import", book, "--lang", "zh")[1]["errors"][0]
    assert "您是否指：“Chao Phraya Technical College”" in zh["fix"]
    out = cli("import", book)
    assert "Names that look like known institutions (1)" in out.stdout and "--accept-matches" in out.stdout


def test_look_alike_new_institutions_are_added_as_new(sample_db, cli, tmp_path):
    book = _workbook(
        tmp_path / "lookalikes.xlsx",
        partners=[
            ["Western Seaboard Polytechnic", "Thailand", "Rayong", "Vocational college", 2024],
            ["Chao Phraya Nursing College", "Thailand", "Bangkok", "Vocational college", 2024],
        ],
    )
    code, result = cli.json("import", book, "--accept-matches")
    assert code == 0 and result["matches"] == []
    assert result["counts"]["partner"]["new"] == 2
    assert _partners(cli) == 30


def test_an_alias_of_another_institution_or_one_name_for_two_rows_is_refused_and_nothing_written(
    sample_db, cli, tmp_path, db_url
):
    before = _state(db_url)
    book = Workbook()
    sheet = book.active
    sheet.title = "Partner institutions"
    sheet.append([*PARTNER_HEADER, "Other names"])
    sheet.append(["Brand New College", "Thailand", "Bangkok", "Vocational college", 2024, "Penang Skills College"])
    sheet.append(["Another New College", "Thailand", "Bangkok", "Vocational college", 2024, "ANC; BNC"])
    sheet.append(["Third New College", "Thailand", "Bangkok", "Vocational college", 2024, "bnc"])
    book.save(tmp_path / "clash.xlsx")
    code, result = cli.json("import", tmp_path / "clash.xlsx")
    assert code == 1 and result["status"] == "rejected"
    assert [(e["code"], e["row"], e["value"]) for e in result["errors"]] == [
        ("name_taken", 2, "Penang Skills College"),
        ("name_given_twice", 4, "bnc"),
    ]
    assert "Penang Skills College" in result["errors"][0]["message"]
    assert _state(db_url) == before


@pytest.mark.databases
def test_a_merge_repoints_records_keeps_the_name_as_alias_and_its_rollback_restores_the_exact_state(
    sample_db, cli, tmp_path, db_url
):
    book = _workbook(
        tmp_path / "dup.xlsx",
        partners=[["Penang Skills Colege", "Malaysia", "Kuala Lumpur", "Vocational college", 2016]],
        agreements=[["Penang Skills Colege", "MoU", dt.date(2025, 1, 5)]],
    )
    assert cli("import", book).returncode == 0  # not accepted: a second partner
    assert _partners(cli) == 29
    code, found = cli.json("duplicates")
    assert code == 0
    assert [(d["first"], d["second"]) for d in found] == [("Penang Skills College", "Penang Skills Colege")]
    before = _state(db_url)

    done = cli("merge", "Penang Skills College", "Penang Skills Colege")
    assert done.returncode == 0, done.stderr
    assert "batch 3" in done.stdout
    assert _partners(cli) == 28
    assert cli.json("duplicates")[1] == []
    store = Store(db_url)
    partners = store.records("partner").set_index("name")
    assert partners.at["Penang Skills College", "aliases"] == "Penang Skills Colege"
    assert set(store.records("agreement")["partner"]) >= {"Penang Skills College"}
    assert "Penang Skills Colege" not in set(store.records("agreement")["partner"])
    store.engine.dispose()
    code, batches = cli.json("batches")
    assert batches[-1]["kind"] == "merge"

    again = _workbook(tmp_path / "again.xlsx", agreements=[["Penang Skills Colege", "MoU", dt.date(2025, 1, 5)]])
    assert cli.json("import", again)[1]["batch"] is None  # the old spelling is now an alias: nothing new

    assert cli("rollback", "3").returncode == 0
    assert _state(db_url) == before
    assert _partners(cli) == 29


def test_a_merge_into_itself_across_types_or_of_an_unknown_name_is_refused_with_words(sample_db, cli, db_url):
    before = _state(db_url)
    for args, words in [
        (("Penang Skills College", "Penang Skills College"), "into itself"),
        (("Penang Skills College", "Sino-Thai Digital Technology Training Centre"), "only institutions of one kind"),
        (("Penang Skills College", "Nowhere College"), "no institution named “Nowhere College”"),
    ]:
        done = cli("merge", *args)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
    assert _state(db_url) == before
    assert len(cli.json("batches")[1]) == 1
