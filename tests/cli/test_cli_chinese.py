"""Chinese variants of the texts leadership reads, through the command line on real workbooks: the
template carries them, an import stores them, messages name the file's own Chinese headers."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook

from dashboard.model.records import RECORD_TYPES
from tests.support.paths import SAMPLE


def _chinese_workbook(path, rows):
    """A workbook of curriculum standards as a Chinese office writes it: its own Chinese headers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "课程标准"
    sheet.append(["编号", "标题", "专业", "中文标题"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_the_template_has_a_column_for_every_chinese_variant(cli, tmp_path):
    done = cli("template", "--out", tmp_path / "template.xlsx")
    assert done.returncode == 0, done.stderr
    workbook = load_workbook(tmp_path / "template.xlsx")

    variants = {(rt.en_plural, f.en, f.zh) for rt in RECORD_TYPES for f in rt.fields if f.name.endswith("_zh")}
    headers = {(sheet, f"{en} / {zh}") for sheet, en, zh in variants}
    found = {(ws.title, cell.value) for ws in workbook.worksheets for cell in ws[1] if cell.value}
    assert {
        ("Curriculum standards", "Title in Chinese / 标准中文名称"),
        ("Indicator definitions", "Unit in Chinese / 中文单位"),
    } <= found
    # standard and milestone titles, units, statements, indicator names, partner and centre names
    assert headers <= found and len(variants) == 7


def test_an_import_with_chinese_titles_stores_them_with_their_own_punctuation(cli, tmp_path):
    path = _chinese_workbook(
        tmp_path / "标准.xlsx",
        [
            ["SZPT-AI-007", "Applied AI", "Computing", "人工智能应用（试点）"],
            ["SZPT-AI-008", "Robotics", "Computing", None],
        ],
    )
    code, result = cli.json("import", path)
    assert code == 0, result

    out = tmp_path / "standards.csv"
    done = cli("export", "data", "--format", "csv", "--type", "standard", "--out", out)
    assert done.returncode == 0, done.stderr
    standards = out.read_text(encoding="utf-8-sig")
    assert "人工智能应用（试点）" in standards  # the full-width brackets kept, not folded to ASCII


def test_a_chinese_message_names_the_column_as_the_file_heads_it(cli, tmp_path):
    path = _chinese_workbook(tmp_path / "标准.xlsx", [["SZPT-AI-007", None, "Computing", "人工智能应用"]])
    code, result = cli.json("import", path, "--lang", "zh")
    assert code == 1
    [error] = result["errors"]
    assert error["sheet"] == "课程标准"
    assert error["message"] == "“标题”为空。"  # the file's header, not the model's 标准名称 nor Title


def test_check_figures_in_chinese_quotes_the_chinese_statement(cli):
    code, _ = cli.json("import", SAMPLE)
    assert code == 0
    done = cli("check-figures", "--lang", "zh")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "开发专业课程标准23个，被15个国家和地区认可和采用" in done.stdout
    assert "23 professional curriculum standards" not in done.stdout
