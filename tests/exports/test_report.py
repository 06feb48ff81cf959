"""The monthly report: a PowerPoint deck and a PDF with the same pages, in English or Chinese,
and the command line that writes them. Each report is drawn once for the whole module and read
back from its file: python-pptx reads the deck, pypdf the PDF (and LibreOffice, where installed,
converts the deck as a second reader)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Inches
from pypdf import PdfReader

from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import snapshot
from dashboard.analysis.view import View
from dashboard.batches.importer import import_path
from dashboard.charts import catalogue
from dashboard.exports import images
from dashboard.exports.report import (
    CJK_FONT,
    Page,
    Report,
    Table,
    bare_chart,
    build_report,
    filter_slug,
    fit,
    paginate,
    pptx_bytes,
    report_charts,
    report_name,
    report_pdf,
    report_pptx,
    wrap_text,
)
from dashboard.store.store import Store
from tests.support.cli import Cli
from tests.support.paths import SAMPLE

ORG = "Example Polytechnic University"
ORG_ZH = "示例职业技术大学"
CHARTS = [
    "Where our standards are adopted",
    "Standards adopted abroad, by year",
    "Training centres by country",
    "Partners by type",
    "Partners by country or region (top 15)",
    "Events per year, by kind",
]
"""The sample's charts, each once: the regions map and the trend chart would repeat the first two."""
TITLES = [
    "International cooperation: monthly report",
    "Headline figures",
    "Summary",
    "Targets: progress and outlook",
    "Published figures checked against the records",
    "Agreements expiring in the next 90 days",
    *CHARTS,
    "Data appendix: adoptions by country (top 15)",
]
A4, LETTER = (842, 595), (792, 612)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store, dt.date]]:
    """The sample data in a database of its own, the institution named in English, and the warm
    renderer stopped at the end."""
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'db.sqlite'}"
    store = Store(url)
    assert import_path(store, SAMPLE).status == "committed"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COOPDASH_ORG_NAME", ORG)
        patch.delenv("COOPDASH_ORG_NAME_ZH", raising=False)
        patch.delenv("COOPDASH_REPORT_PAPER", raising=False)
        yield url, store, catalogue.data_date(store)
    images.stop_renderer()


@pytest.fixture(scope="module")
def english_deck(sample) -> Presentation:
    _, store, as_of = sample
    return Presentation(io.BytesIO(report_pptx(View(Filters(), snapshot(store)), as_of)))


@pytest.fixture(scope="module")
def english_pdf(sample) -> PdfReader:
    _, store, as_of = sample
    return PdfReader(io.BytesIO(report_pdf(View(Filters(), snapshot(store)), as_of)))


@pytest.fixture(scope="module")
def chinese_run(sample, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    """``coopdash export report --lang zh`` into a directory, run once with only the English name
    set: exit status, stderr, the directory."""
    url, _, _ = sample
    out = tmp_path_factory.mktemp("out")
    done = Cli(url, out)("export", "report", "--format", "pptx", "--lang", "zh", "--out", out)
    return done.returncode, done.stderr, out


@pytest.fixture(scope="module")
def chinese_letter_pdf(sample, tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    """The Chinese PDF from the command line, on US Letter, with the Chinese name set."""
    url, _, _ = sample
    out = tmp_path_factory.mktemp("letter")
    cli = Cli(url, out)
    cli.env |= {"COOPDASH_REPORT_PAPER": "letter", "COOPDASH_ORG_NAME_ZH": ORG_ZH}
    done = cli("export", "report", "--format", "pdf", "--lang", "zh", "--out", out)
    assert done.returncode == 0, done.stderr
    return PdfReader(next(out.glob("*.pdf")))


def slide_texts(deck: Presentation) -> list[str]:
    """All the text of each slide, text boxes and table cells alike, one string per slide."""
    texts = []
    for slide in deck.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append("\n".join(parts))
    return texts


def table_on(slide) -> list[list[str]]:
    (frame,) = [shape for shape in slide.shapes if shape.has_table]
    return [[cell.text for cell in row.cells] for row in frame.table.rows]


def titles(deck: Presentation) -> list[str]:
    return [slide.shapes.title.text for slide in deck.slides]


# --- PowerPoint -----------------------------------------------------------------------------------


def test_every_slide_is_titled_in_its_title_placeholder_in_order(english_deck: Presentation) -> None:
    for slide in english_deck.slides:
        title = slide.shapes.title
        assert title is not None and title.is_placeholder
        assert title.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    assert titles(english_deck) == TITLES  # each once: no chart twice


def test_the_cover_names_the_institution_the_filters_and_the_source(english_deck: Presentation) -> None:
    cover = slide_texts(english_deck)[0]
    assert ORG in cover and "All years · all regions" in cover
    assert f"Source: {ORG} international office records; data as of" in cover


def test_every_slide_is_16_by_9_and_nothing_runs_off_it(english_deck: Presentation, chinese_run) -> None:
    within_slides(english_deck)
    within_slides(Presentation(next(chinese_run[2].glob("*.pptx"))))  # taller lines in Chinese


def within_slides(deck: Presentation) -> None:
    width, height = deck.slide_width, deck.slide_height
    assert (width, height) == (Inches(13.333), Inches(7.5))
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= width, (number, shape.name)
            assert 0 <= shape.top and shape.top + shape.height <= height, (number, shape.name)
            if shape.has_table:
                rows = shape.table.rows
                assert shape.top + sum(row.height for row in rows) <= height, (number, len(rows))


def test_every_slide_after_the_cover_carries_the_source_and_its_number(english_deck: Presentation) -> None:
    texts = slide_texts(english_deck)
    for number, text in enumerate(texts[1:], start=2):
        assert f"Source: {ORG} international office records" in text
        assert f"{number} / {len(texts)}" in text


def test_kpi_slide_holds_the_sample_figures(english_deck: Presentation) -> None:
    rows = table_on(english_deck.slides[1])
    figures = {row[0]: row[1] for row in rows}
    assert figures["Standards adopted abroad"] == "23"
    assert figures["Countries and regions reached"] == "15"  # labelled as on the overview
    assert rows[0][2].startswith("Since")


def test_targets_show_progress_and_outlook(english_deck: Presentation) -> None:
    rows = table_on(english_deck.slides[3])
    assert rows[0] == ["Figure", "Target", "Due", "Now", "Progress", "Outlook at the recent pace"]
    adoptions = next(row for row in rows if row[0] == "Adoptions")
    assert adoptions[1:5] == ["100", "2028-01-01", "71", "71%"]
    assert adoptions[5].startswith("Behind: about 81 expected")


def test_published_figures_are_checked_against_the_records(english_deck: Presentation) -> None:
    rows = table_on(english_deck.slides[4])
    assert rows[0][0] == "Statement" and rows[0][-1] == "Check"
    assert ["2023-05-05", "Standards adopted abroad", "23", "23", "Agrees"] in [row[1:] for row in rows]
    assert rows[1][0].startswith("23 professional curriculum standards")
    assert rows[2][0] == ""  # the same statement, shown once over its figures


def test_agreements_expiring_next_are_listed_soonest_first(english_deck: Presentation) -> None:
    rows = table_on(english_deck.slides[5])
    assert rows[0] == ["Partner", "Kind", "Signed", "Expires", "Days left"]
    assert rows[1][0] == "Selangor Institute of Technology"
    days = [int(row[4]) for row in rows[1:]]
    assert days == sorted(days) and all(0 <= d <= 90 for d in days)


def test_a_fitted_picture_per_chart_described_by_its_title(english_deck: Presentation) -> None:
    chart_slides = list(english_deck.slides)[6 : 6 + len(CHARTS)]
    for slide, title in zip(chart_slides, CHARTS, strict=True):
        (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert picture.image.content_type == "image/png"
        assert picture._element.nvPicPr.cNvPr.get("descr").startswith(title)


def test_report_charts_are_drawn_without_a_title_inside(sample) -> None:
    _, store, as_of = sample
    report = build_report(View(Filters(), snapshot(store)), as_of)
    assert [page.title for page in report.charts] == CHARTS
    for page in report.charts:
        figure = bare_chart(page, (1000, 450))
        assert not figure.layout.title.text and not figure.layout.title.subtitle.text
        assert not any("Source:" in (a.text or "") for a in figure.layout.annotations)  # the page has it


def test_appendix_lists_at_most_fifteen_countries(english_deck: Presentation) -> None:
    rows = table_on(english_deck.slides[-1])
    counts = [int(row[2]) for row in rows[1:]]
    assert 0 < len(counts) <= 15
    assert counts == sorted(counts, reverse=True)


def test_a_long_table_goes_on_over_slides_each_within_the_slide(sample) -> None:
    _, store, as_of = sample
    report = build_report(View(Filters(), snapshot(store)), as_of)
    rows = [[f"Institution {n} with a name long enough to take two lines in its column", str(n)] for n in range(60)]
    long = Page("appendix", "A long table", table=Table(["Partner", "Number"], rows, (0.3, 0.7)))
    deck = Presentation(io.BytesIO(pptx_bytes(dataclasses.replace(report, pages=[long]))))
    names = titles(deck)[1:]
    assert len(names) > 3 and names[0] == "A long table"
    assert all(name == "A long table (continued)" for name in names[1:])
    shown = []
    for slide in list(deck.slides)[1:]:
        (frame,) = [s for s in slide.shapes if s.has_table]
        assert frame.top + sum(row.height for row in frame.table.rows) <= deck.slide_height
        table = table_on(slide)
        assert table[0] == ["Partner", "Number"]  # the header on every slide
        shown += [int(row[1]) for row in table[1:]]
    assert shown == list(range(60))


def test_paginate_measures_chinese_as_wide_and_cuts_an_unbroken_word() -> None:
    lines = ["国际合作月度报告国", "际合作月度报告国际", "合作月度报告国际合", "作月度报告"]
    assert wrap_text("国际合作月度报告" * 4, 100, 10) == lines  # nine wide characters to 100 points at 10
    assert wrap_text("x" * 30, 55, 10) == ["x" * 10, "x" * 10, "x" * 10]
    empty = Page("appendix", "T", table=Table(["a"], [], (1.0,), empty="nothing"))
    report = Report("en", "t", None, "s", "src", dt.date(2026, 1, 1), dt.date(2025, 12, 31), [], [empty])
    assert [page.title for page in paginate(report)] == ["T"]  # an empty table keeps its one page


def test_cli_writes_a_chinese_deck_into_a_directory(chinese_run, sample) -> None:
    status, stderr, out = chinese_run
    assert status == 0, stderr
    (path,) = out.glob("*.pptx")
    assert path.name == f"coopdash-report-{sample[2].isoformat()}-zh.pptx"
    deck = Presentation(path)
    texts = slide_texts(deck)
    assert "境外采用的标准" in texts[1] and "国际合作月度报告" in texts[0]
    assert f"来源：{ORG}国际交流处记录" in texts[0]  # no Chinese name set: the English one
    assert titles(deck)[3:6] == ["目标：进度与预测", "已公布数据与记录核对", "未来 90 天内到期的协议"]
    run = deck.slides[1].shapes.title.text_frame.paragraphs[0].runs[0]
    assert run.font.name == CJK_FONT


def test_the_chinese_deck_quotes_the_chinese_statements_and_units(chinese_run) -> None:
    status, stderr, out = chinese_run
    assert status == 0, stderr
    texts = "\n".join(slide_texts(Presentation(next(out.glob("*.pptx")))))
    assert "开发专业课程标准23个，被15个国家和地区认可和采用" in texts
    assert "23 professional curriculum standards" not in texts
    assert "students" not in texts and "trainees" not in texts  # the indicators' units in Chinese


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (libreoffice-impress-nogui) is not installed")
def test_libreoffice_reads_the_deck_as_the_same_slides(english_deck: Presentation, tmp_path: Path) -> None:
    deck = tmp_path / "report.pptx"
    english_deck.save(deck)
    command = ["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"]
    done = subprocess.run(
        [*command, "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)], capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    converted = PdfReader(tmp_path / "report.pdf")
    assert len(converted.pages) == len(TITLES)
    text = converted.pages[3].extract_text()
    assert "Targets: progress and outlook" in text and "Adoptions" in text


# --- PDF ------------------------------------------------------------------------------------------


def page_size(page) -> tuple[float, float]:
    box = page.mediabox
    return float(box.width), float(box.height)


def test_pdf_pages_are_all_a4_landscape(english_pdf: PdfReader) -> None:
    assert len(english_pdf.pages) == len(TITLES)  # the deck's pages, one for one
    for page in english_pdf.pages:
        assert page_size(page) == pytest.approx(A4, abs=1)
        assert page.cropbox == page.mediabox


def test_pdf_holds_every_section_with_the_institution(english_pdf: PdfReader) -> None:
    texts = [page.extract_text() for page in english_pdf.pages]
    for title, text in zip(TITLES, texts, strict=True):
        assert title in text
    assert ORG in texts[0] and "monthly report" in texts[0]
    assert "Standards adopted abroad" in texts[1]
    assert "71%" in texts[3] and "Agrees" in texts[4] and "Selangor Institute of Technology" in texts[5]
    assert all(f"Source: {ORG} international office records" in text for text in texts)


def test_no_chart_appears_twice_in_the_pdf(english_pdf: PdfReader) -> None:
    text = "\n".join(page.extract_text() for page in english_pdf.pages)
    for title in CHARTS:
        assert text.count(title) == 1, title
    assert "Adoptions by country and region" not in text  # the regions map, the same as the adoption map


def test_the_paper_setting_makes_every_page_us_letter_with_the_chinese_name(chinese_letter_pdf, chinese_run) -> None:
    chinese_deck = Presentation(next(chinese_run[2].glob("*.pptx")))
    assert len(chinese_letter_pdf.pages) == len(chinese_deck.slides)  # the same pages (Chinese lines are taller)
    assert all(page_size(page) == pytest.approx(LETTER, abs=1) for page in chinese_letter_pdf.pages)
    # a shared glyph can read back as its Kangxi radical (示 as ⽰): NFKC makes it the character again
    cover = unicodedata.normalize("NFKC", chinese_letter_pdf.pages[0].extract_text())
    assert ORG_ZH in cover and "国际合作月度报告" in cover


def test_cli_refuses_an_unknown_format(sample, tmp_path: Path) -> None:
    done = Cli(sample[0], tmp_path)("export", "report", "--format", "docx", "--out", tmp_path)
    assert done.returncode == 2 and "docx" in done.stderr


def test_cli_refuses_an_unknown_paper_with_the_setting_named(sample, tmp_path: Path) -> None:
    cli = Cli(sample[0], tmp_path)
    cli.env["COOPDASH_REPORT_PAPER"] = "a3"
    done = cli("export", "report", "--format", "pdf", "--out", tmp_path)
    assert done.returncode == 2 and "COOPDASH_REPORT_PAPER='a3' is not valid: one of a4, letter" in done.stderr
    assert "Traceback" not in done.stderr and not list(tmp_path.glob("*.pdf"))


# --- names and choices ----------------------------------------------------------------------------


def test_report_name_says_what_and_when() -> None:
    day = dt.date(2026, 11, 25)
    plain = View(Filters(), None)  # names need only the filters
    assert report_name(plain, "pptx", day) == "coopdash-report-2026-11-25-en.pptx"
    asia = View(Filters(regions=("142",), lang="zh"), None)
    assert report_name(asia, "pdf", day) == "coopdash-report-2026-11-25-asia-zh.pdf"
    assert filter_slug(View(Filters(start=2019, end=2024, countries=("THA",)), None)) == "2019-2024-tha"


def test_fit_keeps_the_aspect_ratio() -> None:
    assert fit((2000, 1000), (1000, 1000)) == (1000, 500)
    assert fit((1000, 2000), (1000, 500)) == (250, 500)


def test_a_chart_drawing_what_an_earlier_one_draws_is_left_out(sample) -> None:
    _, store, _ = sample
    records = snapshot(store)
    assert "regions-map" not in report_charts(View(Filters(), records))
    assert "trends" not in report_charts(View(Filters(), records))
    by_region = View(Filters(extra={"split": "region"}), records)  # the trend chart split by region
    assert "trends" in report_charts(by_region) and "regions-map" not in report_charts(by_region)


def test_an_indicator_chosen_as_the_metric_goes_on_the_map_and_its_figure_on_the_kpi_slide(sample) -> None:
    _, store, as_of = sample
    view = View(Filters(extra={"metric": "centre_trainees"}), snapshot(store))
    deck = Presentation(io.BytesIO(report_pptx(view, as_of)))
    rows = table_on(deck.slides[1])
    assert ["Trainees at overseas centres (trainees), 2025 on the year before", "1,926", "+264"] in rows
    assert "Trainees at overseas centres by country and region" in titles(deck)  # the regions map
    assert "Trainees at overseas centres per year" in titles(deck)  # the over-time chart
