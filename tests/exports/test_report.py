"""The monthly report: a PowerPoint deck and a PDF with the same pages, in English or Chinese,
and the command line that writes them. Each report is drawn once for the whole module."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import snapshot
from dashboard.analysis.view import View
from dashboard.batches.importer import import_path
from dashboard.charts import catalogue
from dashboard.exports import images
from dashboard.exports.report import CJK_FONT, REPORT_CHARTS, filter_slug, fit, report_name, report_pdf, report_pptx
from dashboard.store.store import Store
from tests.support.cli import Cli
from tests.support.paths import SAMPLE

PAGES = 3 + len(REPORT_CHARTS) + 1  # title, KPIs, summary, the charts, the appendix


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store, dt.date]]:
    """The sample data in a database of its own, with the warm renderer stopped at the end."""
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'db.sqlite'}"
    store = Store(url)
    assert import_path(store, SAMPLE).status == "committed"
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
    """``coopdash export report --lang zh`` into a directory, run once: exit status, stderr, the directory."""
    url, _, _ = sample
    out = tmp_path_factory.mktemp("out")
    done = Cli(url, out)("export", "report", "--format", "pptx", "--lang", "zh", "--out", out)
    return done.returncode, done.stderr, out


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


def test_deck_has_every_page_in_order(english_deck: Presentation) -> None:
    texts = slide_texts(english_deck)
    assert len(texts) == PAGES
    assert "monthly report" in texts[0] and "All years · all regions" in texts[0]
    assert "Headline figures" in texts[1]
    assert texts[2].startswith("Summary") and "countries and regions" in texts[2]
    assert texts[-1].startswith("Data appendix")


def test_kpi_slide_holds_the_sample_figures(english_deck: Presentation) -> None:
    table = next(s for s in english_deck.slides[1].shapes if s.has_table).table
    figures = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert figures["Standards adopted abroad"] == "23"
    assert figures["Countries and regions reached"] == "15"  # labelled as on the overview
    assert table.cell(0, 2).text.startswith("Since")


def test_a_fitted_picture_per_chart(english_deck: Presentation) -> None:
    chart_slides = list(english_deck.slides)[3 : 3 + len(REPORT_CHARTS)]
    for slide in chart_slides:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        picture = pictures[0]
        assert picture.left >= 0 and picture.left + picture.width <= english_deck.slide_width
        assert picture.top + picture.height <= english_deck.slide_height
        assert picture.image.content_type == "image/png"


def test_appendix_lists_at_most_fifteen_countries(english_deck: Presentation) -> None:
    table = next(s for s in english_deck.slides[-1].shapes if s.has_table).table
    counts = [int(row.cells[2].text) for row in list(table.rows)[1:]]
    assert 0 < len(counts) <= 15
    assert counts == sorted(counts, reverse=True)


def test_pdf_has_the_same_pages_with_text(english_pdf: PdfReader) -> None:
    assert len(english_pdf.pages) == PAGES
    assert "Standards adopted abroad" in english_pdf.pages[1].extract_text()
    assert "monthly report" in english_pdf.pages[0].extract_text()


def test_cli_writes_a_chinese_deck_into_a_directory(chinese_run, sample) -> None:
    status, stderr, out = chinese_run
    assert status == 0, stderr
    (path,) = out.glob("*.pptx")
    assert path.name == f"coopdash-report-{sample[2].isoformat()}-zh.pptx"
    deck = Presentation(path)
    texts = slide_texts(deck)
    assert "境外采用的标准" in texts[1] and "国际合作月度报告" in texts[0]
    run = deck.slides[1].shapes[0].text_frame.paragraphs[0].runs[0]
    assert run.font.name == CJK_FONT


def test_cli_refuses_an_unknown_format(sample, tmp_path: Path) -> None:
    done = Cli(sample[0], tmp_path)("export", "report", "--format", "docx", "--out", tmp_path)
    assert done.returncode == 2 and "docx" in done.stderr


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


def test_an_indicator_chosen_as_the_metric_goes_on_the_map_and_its_figure_on_the_kpi_slide(sample) -> None:
    _, store, as_of = sample
    view = View(Filters(extra={"metric": "centre_trainees"}), snapshot(store))
    texts = slide_texts(Presentation(io.BytesIO(report_pptx(view, as_of))))
    assert "Trainees at overseas centres (trainees), 2025 on the year before\n1,926\n+264" in texts[1]
    titles = [text.splitlines()[0] for text in texts]
    assert "Trainees at overseas centres by country and region" in titles  # the regions map
    assert "Trainees at overseas centres per year" in titles  # the over-time chart
