"""The command line on real workbooks: import, re-import, rejection, metrics.

The tests that write records run on SQLite and on PostgreSQL; messages and refusals before
anything is written, on SQLite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from dashboard.ingest.workbook import write_workbook
from tests.support.database import dump
from tests.support.paths import SAMPLE

SEED_FIGURES = {"standards_adopted": 23, "adoption_countries": 15, "centres": 9, "centre_countries": 7}


@pytest.mark.databases  # on SQLite and on PostgreSQL: it writes records
def test_sample_imports_and_metrics_show_the_seed_figures(cli):
    code, result = cli.json("import", SAMPLE)
    assert code == 0
    assert result["status"] == "committed" and result["batch"] == 1
    assert result["errors"] == [] and result["warnings"] == []
    assert result["counts"]["standard"] == {"new": 23, "updated": 0, "unchanged": 0, "rejected": 0}
    assert result["counts"]["adoption"]["new"] == 71

    code, figures = cli.json("metrics")
    assert code == 0
    assert {k: figures[k] for k in SEED_FIGURES} == SEED_FIGURES
    assert figures["standards"] == 23
    assert figures["milestones"] == 4
    assert set(figures) >= {
        "standards",
        "standards_adopted",
        "adoption_countries",
        "adoptions",
        "centres",
        "centre_countries",
        "partners",
        "agreements_active",
        "events",
        "milestones",
    }


@pytest.mark.databases  # on SQLite and on PostgreSQL: it writes records
def test_reimporting_the_same_file_changes_nothing(cli, db_url):
    assert cli("import", SAMPLE).returncode == 0
    before = dump(db_url)
    code, result = cli.json("import", SAMPLE)
    assert code == 0
    assert result["status"] == "committed" and result["batch"] is None
    assert all(c["new"] == 0 and c["updated"] == 0 for c in result["counts"].values())
    assert result["counts"]["adoption"]["unchanged"] == 71
    assert dump(db_url) == before


@pytest.mark.databases  # on SQLite and on PostgreSQL: it writes records
def test_dry_run_validates_and_writes_nothing(cli, db_url):
    code, result = cli.json("import", SAMPLE, "--dry-run")
    assert code == 0 and result["status"] == "valid" and result["batch"] is None
    assert result["counts"]["adoption"]["new"] == 71
    assert cli.json("metrics")[1]["adoptions"] == 0


def test_human_output_summarises_the_import(cli):
    done = cli("import", SAMPLE)
    assert done.returncode == 0
    assert "Imported sample_cooperation.xlsx as batch 1." in done.stdout
    assert "adoption" in done.stdout and "71" in done.stdout


def _workbook_without_required_column(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Adoptions"
    sheet.append(["Standard code", "Adopting institution", "Date adopted"])  # no country column
    sheet.append(["SZPT-CS-001", "Lusaka Institute of Technology", dt.date(2024, 3, 1)])
    workbook.save(path)
    return path


def test_missing_required_column_is_rejected_naming_sheet_row_and_column(cli, db_url, tmp_path):
    assert cli("import", SAMPLE).returncode == 0
    before = dump(db_url)
    code, result = cli.json("import", _workbook_without_required_column(tmp_path / "update.xlsx"))
    assert code == 1
    assert result["status"] == "rejected" and result["batch"] is None
    [error] = result["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("Adoptions", 1, "Country or region")
    assert "no Country or region column" in error["message"]
    assert "国家或地区" in error["fix"]
    assert dump(db_url) == before


def test_unknown_country_is_rejected_with_a_suggestion(cli, db_url, tmp_path):
    assert cli("import", SAMPLE).returncode == 0
    before = dump(db_url)
    path = write_workbook(
        tmp_path / "update.xlsx",
        {
            "adoption": [
                {
                    "standard_code": "SZPT-CS-001",
                    "institution": "Lusaka Institute of Technology",
                    "country": "Zambia",
                    "adopted_on": dt.date(2024, 3, 1),
                },
                {
                    "standard_code": "SZPT-CS-002",
                    "institution": "Chiang Mai Vocational College",
                    "country": "Thailnd",
                    "adopted_on": dt.date(2024, 4, 1),
                },
            ]
        },
        title="April update",
    )
    code, result = cli.json("import", path)
    assert code == 1
    [error] = result["errors"]
    # a title row and a blank row stand above the header: the second record is on Excel row 5
    assert (error["sheet"], error["row"], error["column"], error["value"]) == (
        "Adoptions",
        5,
        "Country or region",
        "Thailnd",
    )
    assert "Did you mean Thailand" in error["fix"]
    assert result["counts"]["adoption"] == {"new": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert dump(db_url) == before

    done = cli("import", path)
    assert done.returncode == 1
    assert "sheet Adoptions, row 5, column Country or region: “Thailnd” is not a country" in done.stdout


def test_messages_in_chinese(cli, tmp_path):
    path = write_workbook(
        tmp_path / "update.xlsx",
        {
            "partner": [
                {"name": "Lusaka Institute of Technology", "country": "赞比亚", "type": "大学"},
                {"name": "Somewhere College", "country": "Atlantis", "type": "University"},
            ]
        },
    )
    code, result = cli.json("import", path, "--lang", "zh")
    assert code == 1
    [error] = result["errors"]
    assert error["message"] == "无法识别国家或地区“Atlantis”。"


def test_unreadable_file_is_rejected(cli, tmp_path):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    code, result = cli.json("import", path)
    assert code == 1
    [error] = result["errors"]
    assert error["message"].startswith("The file cannot be read as a spreadsheet")


def test_usage_errors_exit_2(cli, tmp_path):
    assert cli("import", tmp_path / "missing.xlsx").returncode == 2
    assert cli("import").returncode == 2
    assert cli("frobnicate").returncode == 2


@pytest.mark.databases  # on SQLite and on PostgreSQL: it writes records
def test_only_if_empty_skips_a_database_with_data(cli):
    assert cli("import", SAMPLE, "--only-if-empty").returncode == 0
    done = cli("import", SAMPLE, "--only-if-empty")
    assert done.returncode == 0 and "already holds data" in done.stdout


def test_a_dry_run_of_a_file_already_imported_says_it_changes_nothing(cli):
    assert cli("import", SAMPLE).returncode == 0
    again = cli("import", SAMPLE, "--dry-run")
    assert again.returncode == 0
    assert "changes nothing: every record in it is already stored" in again.stdout


def test_a_dry_run_lists_the_first_records_it_would_add(cli):
    code, result = cli.json("import", SAMPLE, "--dry-run")
    assert code == 0 and result["status"] == "valid"
    assert result["counts"]["adoption"]["new"] == 71
    adoptions = [a for a in result["added"] if a["record_type"] == "adoption"]
    assert len(adoptions) == 50  # the first fifty; the counts say how many in all
    assert adoptions[0]["row"] >= 2 and adoptions[0]["values"]["standard_code"].startswith("SZPT-")
