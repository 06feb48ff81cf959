"""Published figures checked against the records: in the model, on the command line."""

from __future__ import annotations

import datetime as dt

from dashboard.analysis import published
from dashboard.analysis.snapshot import load
from dashboard.batches.importer import import_path
from dashboard.ingest.workbook import write_workbook

NEWS = "SZPT news, 5 May 2023"


def _figure(statement: str, figure: str, value, date=dt.date(2023, 5, 5)) -> dict:
    return {"statement": statement, "figure": figure, "value": value, "date": date, "source": NEWS}


def test_the_seed_figures_in_the_sample_agree_with_its_records(sample_store):
    checks = published.checks(load(sample_store))
    assert {(c.figure, c.published, c.recorded) for c in checks} == {
        ("standards_adopted", 23, 23),
        ("adoption_countries", 15, 15),
        ("centres", 9, 9),
        ("centre_countries", 7, 7),
    }
    assert all(c.agrees for c in checks)


def test_check_figures_exits_0_when_all_agree_and_1_on_a_disagreement(sample_store, cli, tmp_path):
    done = cli("check-figures")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("✓") == 4 and "DISAGREES" not in done.stdout

    claim = "10 vocational training centres"  # one more centre than the records hold on that day
    path = write_workbook(tmp_path / "claims.xlsx", {"published_figure": [_figure(claim, "培训中心", 10)]})
    assert import_path(sample_store, path).status == "committed"
    done = cli("check-figures")
    assert done.returncode == 1
    assert "✗ 2023-05-05  Training centres = 10  DISAGREES: the records give 9" in done.stdout
    code, rows = cli.json("check-figures")
    assert code == 1
    wrong = [row for row in rows if not row["agrees"]]
    assert wrong == [
        {
            "statement": claim,
            "figure": "centres",
            "label": "Training centres",
            "date": "2023-05-05",
            "published": 10,
            "recorded": 9,
            "agrees": False,
            "source": NEWS,
        }
    ]
    assert "不一致：记录给出 9" in cli("check-figures", "--lang", "zh").stdout


def test_a_published_indicator_figure_is_checked_by_the_indicators_rules(store, tmp_path):
    students = {"code": "students", "name_en": "Students", "unit": "students", "over_time": "Latest"}
    values = [
        {"indicator": "students", "period": "2022/23", "country": "Thailand", "value": 100},
        {"indicator": "students", "period": "2022/23", "country": "Kenya", "value": 20},
        {"indicator": "students", "period": "2023/24", "country": "Thailand", "value": 140},
    ]
    claims = [
        _figure("120 students in May 2023", "students", 120),  # the 2022/23 level
        _figure("140 students now", "Students", 140, dt.date(2024, 1, 31)),  # 2023/24: Kenya not reported yet
    ]
    path = write_workbook(
        tmp_path / "w.xlsx", {"indicator": [students], "indicator_value": values, "published_figure": claims}
    )
    assert import_path(store, path).status == "committed"
    checks = published.checks(load(store))
    assert [(c.recorded, c.agrees) for c in checks] == [(120, True), (140, True)]


def test_a_published_figure_must_name_something_the_records_can_give(store, tmp_path):
    path = write_workbook(tmp_path / "w.xlsx", {"published_figure": [_figure("13 universities", "universities", 13)]})
    result = import_path(store, path)
    assert result.status == "rejected"
    [problem] = result.errors
    assert problem.code == "unknown_figure" and problem.row == 2 and problem.column == "Figure"
    assert "Standards adopted abroad" in problem.fix()


def test_two_spellings_of_one_figure_in_one_statement_are_one_row(store, tmp_path):
    claims = [_figure("9 centres", "Training centres", 9), _figure("9 centres", "培训中心", 10)]
    result = import_path(store, write_workbook(tmp_path / "w.xlsx", {"published_figure": claims}))
    assert result.status == "rejected"
    assert [p.code for p in result.errors] == ["conflicting_duplicate"]


def test_a_figure_published_rounded_agrees_with_the_unrounded_records():
    check = published.Check("2/3 of them", "rate", "Rate", "比率", 66.67, 200 / 3, dt.date(2024, 1, 1), "")
    assert check.agrees and check.as_dict()["recorded"] == 66.67
    assert not published.Check("", "rate", "", "", 66.6, 200 / 3, dt.date(2024, 1, 1), "").agrees
