"""The monthly report for a view, in English or Chinese, as a PowerPoint deck or a PDF.

Both hold the same pages, in order: a title page (the filters in words and the data date),
the headline figures with their change since the end of last year, the written summary,
one page per chart in :data:`REPORT_CHARTS`, and a data appendix (adoptions per country).

Charts are drawn by the warm browser of :mod:`dashboard.exports.images`; for the PDF the
text pages are plotly figures too, so every page comes from the same renderer and the pages
are joined with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.text.text import _Run
from pptx.util import Emu, Inches, Pt
from pypdf import PdfReader, PdfWriter

from dashboard.analysis import insights, metrics
from dashboard.analysis.view import View
from dashboard.charts import catalogue
from dashboard.charts.geo import group_names
from dashboard.exports import images
from dashboard.model import display
from dashboard.model.i18n import pick
from dashboard.model.texts import t

REPORT_FORMATS = ("pptx", "pdf")
REPORT_CHARTS = (
    "adoption-map",
    "adoptions-over-time",
    "centres-by-country",
    "regions-map",
    "trends",
    "partners-by-type",
    "partners-by-country",
    "events-per-year",
)
"""The charts in the report, in order: eight of :data:`catalogue.CHARTS`."""

APPENDIX_ROWS = 15
CJK_FONT = "Noto Sans CJK SC"
PAGE_WIDTH, PAGE_HEIGHT = 1000, 562  # layout pixels of a PDF text page (16:9)

# --- the content, shared by both formats ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Kpi:
    label: str
    value: int | float
    change: int | float | None  # since the end of last year (an indicator: since the year before)

    @property
    def change_text(self) -> str:
        if self.change is None:
            return "–"
        return f"{display.number(self.change):+,}" if self.change else "±0"

    @property
    def value_text(self) -> str:
        return f"{display.number(self.value):,}"


@dataclass(frozen=True, slots=True)
class ChartPage:
    name: str
    title: str
    figure: go.Figure


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the report says, in the view's language, before it is laid out."""

    lang: str
    title: str
    subtitle: str
    as_of: dt.date
    kpis: list[Kpi]
    since: dt.date  # the day the KPI change is measured from
    summary: str
    charts: list[ChartPage]
    appendix: pd.DataFrame  # country, region, adoptions; at most APPENDIX_ROWS rows


def headline_kpis(view: View, today: dt.date) -> list[Kpi]:
    """The overview's cards as rows (:func:`catalogue.cards`), then each indicator's newest year
    against the one before, with their labels in the view's language."""
    kpis = [Kpi(card.label, card.value, card.change) for card in catalogue.cards(view, today)]
    for card in catalogue.indicator_cards(view, today):
        indicator = card.indicator
        label = t("report.indicator", view.lang, name=indicator.label(view.lang), unit=indicator.unit, year=card.year)
        kpis.append(Kpi(label, card.value, card.change))
    return kpis


def adoptions_by_country(view: View, top: int = APPENDIX_ROWS) -> pd.DataFrame:
    """Adoptions per country, most first: columns country, region, adoptions."""
    table = metrics.by_country(metrics.active_adoptions(view.yearly), view.lang, count="adoptions")
    if table.empty:
        return pd.DataFrame(columns=["country", "region", "adoptions"])
    ranked = table.sort_values(["adoptions", "country"], ascending=[False, True], kind="stable")
    return ranked[["country", "region", "adoptions"]].head(top).reset_index(drop=True)


def build_report(view: View, as_of: dt.date, names: Sequence[str] = REPORT_CHARTS) -> Report:
    """The report's content for ``view`` with the data date ``as_of``."""
    lang, today = view.lang, catalogue.figures_day(view)
    pages = []
    for name in names:
        figure = catalogue.chart_figure(view, name, as_of)
        pages.append(ChartPage(name, figure.layout.title.text or name, figure))
    return Report(
        lang=lang,
        title=t("report.title", lang),
        subtitle=catalogue.subtitle(view.filters, as_of, lang),
        as_of=as_of,
        kpis=headline_kpis(view, today),
        since=dt.date(today.year - 1, 12, 31),
        summary=insights.summary(view.yearly, lang, today) or t("report.no_summary", lang),
        charts=pages,
        appendix=adoptions_by_country(view),
    )


def report_name(view: View, fmt: str, as_of: dt.date) -> str:
    """E.g. ``coopdash-report-2026-11-25-en.pptx``, or ``…-2026-11-25-asia-zh.pdf`` when filtered."""
    slug = filter_slug(view)
    parts = ["coopdash-report", as_of.isoformat(), *([slug] if slug else []), view.lang]
    return f"{'-'.join(parts)}.{fmt}"


def filter_slug(view: View) -> str:
    """The years, regions and countries chosen, as lower-case words for a file name."""
    filters = view.filters
    regions = group_names("region_code", "en")
    words = []
    if filters.start or filters.end:
        words.append(f"{filters.start or ''}-{filters.end or ''}".strip("-"))
    words += [regions.get(code, code) for code in filters.regions]
    words += [code.lower() for code in filters.countries]
    return re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")


# --- PowerPoint -----------------------------------------------------------------------------------

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TITLE_HEIGHT = Inches(0.9)
INK, MUTED = RGBColor(0x1F, 0x29, 0x33), RGBColor(0x52, 0x60, 0x6D)


def report_pptx(view: View, as_of: dt.date) -> bytes:
    """The report as ``.pptx`` bytes."""
    return pptx_bytes(build_report(view, as_of))


def pptx_bytes(report: Report) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _title_slide(deck, report)
    _kpi_slide(deck, report)
    _summary_slide(deck, report)
    for page in report.charts:
        _chart_slide(deck, page, report.lang)
    _appendix_slide(deck, report)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _blank(deck: Deck) -> Slide:
    return deck.slides.add_slide(deck.slide_layouts[6])


def style_run(run: _Run, lang: str, size: int, bold: bool = False, color: RGBColor = INK) -> None:
    """Size, weight and colour of a text run; in Chinese, a CJK font for both Latin and East Asian text."""
    font = run.font
    font.size, font.bold = Pt(size), bold
    font.color.rgb = color
    if lang == "zh":
        font.name = CJK_FONT
        properties = run._r.get_or_add_rPr()
        east_asian = properties.find(qn("a:ea"))
        if east_asian is None:
            east_asian = properties.makeelement(qn("a:ea"), {})
            properties.find(qn("a:latin")).addnext(east_asian)
        east_asian.set("typeface", CJK_FONT)


def _text(
    slide: Slide, text: str, lang: str, box: tuple[int, int, int, int], size: int, bold: bool = False, color=INK
) -> None:
    frame = slide.shapes.add_textbox(*map(Emu, box)).text_frame  # lengths in EMU
    frame.word_wrap = True
    for number, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        style_run(run, lang, size, bold, color)


def _slide_title(slide: Slide, text: str, lang: str) -> None:
    _text(slide, text, lang, (MARGIN, Inches(0.3), SLIDE_WIDTH - 2 * MARGIN, TITLE_HEIGHT), 28, bold=True)


def _title_slide(deck: Deck, report: Report) -> None:
    slide = _blank(deck)
    width = SLIDE_WIDTH - 2 * MARGIN
    _text(slide, report.title, report.lang, (MARGIN, Inches(2.4), width, Inches(1.2)), 40, bold=True)
    _text(slide, report.subtitle, report.lang, (MARGIN, Inches(3.8), width, Inches(0.8)), 20, color=MUTED)
    _text(
        slide,
        catalogue.source_line(report.as_of, report.lang),
        report.lang,
        (MARGIN, Inches(6.5), width, Inches(0.5)),
        12,
        color=MUTED,
    )


def _table(slide: Slide, rows: list[list[str]], lang: str, top: int, widths: Sequence[float], size: int = 16) -> None:
    """A table with a bold header row; ``widths`` are shares of the slide's inner width."""
    inner = SLIDE_WIDTH - 2 * MARGIN
    height = Inches(0.4) * len(rows)
    table = slide.shapes.add_table(len(rows), len(widths), MARGIN, Emu(top), Emu(inner), Emu(height)).table
    for column, share in enumerate(widths):
        table.columns[column].width = Emu(int(inner * share))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            frame = table.cell(r, c).text_frame
            run = frame.paragraphs[0].add_run()
            run.text = value
            style_run(run, lang, size, bold=r == 0, color=RGBColor(0xFF, 0xFF, 0xFF) if r == 0 else INK)


def kpi_rows(report: Report) -> list[list[str]]:
    """The KPI table as text: a header row, then label, value and change for each figure."""
    header = [
        t("report.figure", report.lang),
        t("report.value", report.lang),
        t("report.change", report.lang, date=report.since.isoformat()),
    ]
    return [header, *([k.label, k.value_text, k.change_text] for k in report.kpis)]


def appendix_rows(report: Report) -> list[list[str]]:
    header = [t("report.country", report.lang), t("report.region", report.lang), t("report.adoptions", report.lang)]
    body = [[str(r.country), str(r.region), str(int(r.adoptions))] for r in report.appendix.itertuples(index=False)]
    return [header, *body]


def _kpi_slide(deck: Deck, report: Report) -> None:
    slide = _blank(deck)
    _slide_title(slide, t("report.kpis", report.lang), report.lang)
    rows = kpi_rows(report)
    _table(slide, rows, report.lang, MARGIN + TITLE_HEIGHT, (0.6, 0.2, 0.2), size=18 if len(rows) <= 9 else 13)


def _summary_slide(deck: Deck, report: Report) -> None:
    slide = _blank(deck)
    _slide_title(slide, t("report.summary", report.lang), report.lang)
    box = (MARGIN, MARGIN + TITLE_HEIGHT, SLIDE_WIDTH - 2 * MARGIN, Inches(4))
    _text(slide, report.summary, report.lang, box, 22)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header."""
    return struct.unpack(">II", data[16:24])


def fit(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with the aspect ratio of ``size`` that fits in ``box``."""
    scale = min(box[0] / size[0], box[1] / size[1])
    return int(size[0] * scale), int(size[1] * scale)


def _chart_slide(deck: Deck, page: ChartPage, lang: str) -> None:
    slide = _blank(deck)
    _slide_title(slide, page.title, lang)
    image = images.render(page.figure, "png")
    top = MARGIN + TITLE_HEIGHT
    box = (SLIDE_WIDTH - 2 * MARGIN, SLIDE_HEIGHT - top - MARGIN // 2)
    width, height = fit(png_size(image), box)
    left = (SLIDE_WIDTH - width) // 2
    slide.shapes.add_picture(io.BytesIO(image), Emu(left), Emu(top), Emu(width), Emu(height))


def _appendix_slide(deck: Deck, report: Report) -> None:
    slide = _blank(deck)
    _slide_title(slide, t("report.appendix", report.lang, n=APPENDIX_ROWS), report.lang)
    if report.appendix.empty:
        _text(slide, t("report.none", report.lang), report.lang, (MARGIN, Inches(1.5), Inches(8), Inches(1)), 18)
        return
    _table(slide, appendix_rows(report), report.lang, MARGIN + TITLE_HEIGHT - Inches(0.2), (0.5, 0.3, 0.2), size=12)


# --- PDF ------------------------------------------------------------------------------------------


def report_pdf(view: View, as_of: dt.date) -> bytes:
    """The report as PDF bytes: text pages and charts, each drawn by the warm browser."""
    report = build_report(view, as_of)
    pages = [text_page(report, "title"), text_page(report, "kpis"), text_page(report, "summary")]
    pages += [page.figure for page in report.charts]
    pages.append(text_page(report, "appendix"))
    return merge_pdfs([images.render(fig, "pdf") for fig in pages])


def merge_pdfs(documents: Sequence[bytes]) -> bytes:
    """The pages of every document, in order, as one PDF."""
    writer = PdfWriter()
    for document in documents:
        for page in PdfReader(io.BytesIO(document)).pages:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _page(lang: str) -> go.Figure:
    fig = go.Figure()
    family = pick("Arial, sans-serif", f"Arial, {CJK_FONT}, sans-serif", lang)  # digits from a Latin font
    fig.update_layout(
        width=PAGE_WIDTH,
        height=PAGE_HEIGHT,
        margin={"t": 90, "b": 40, "l": 40, "r": 40},
        font={"family": family, "color": "#1f2933"},
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    return fig


def _note(fig: go.Figure, text: str, y: float, size: int, colour: str = "#1f2933") -> None:
    fig.add_annotation(
        text=text,
        x=0,
        y=y,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": size, "color": colour},
    )


def wrap(text: str, lang: str, width: int = 80) -> str:
    """``text`` broken into lines for a plotly annotation (Chinese by characters, at half the width)."""
    if lang == "zh":
        step = width // 2
        return "<br>".join(text[i : i + step] for i in range(0, len(text), step))
    return "<br>".join(textwrap.wrap(text, width))


def _table_trace(rows: list[list[str]]) -> go.Table:
    header, body = rows[0], rows[1:]
    columns = [list(column) for column in zip(*body)] if body else [[] for _ in header]
    return go.Table(
        header={"values": header, "fill_color": "#3b4a5a", "font": {"color": "white", "size": 14}, "align": "left"},
        cells={"values": columns, "font": {"size": 13}, "align": "left", "height": 26},
    )


def text_page(report: Report, kind: str) -> go.Figure:
    """A text page of the PDF: ``title``, ``kpis``, ``summary`` or ``appendix``."""
    lang = report.lang
    fig = _page(lang)
    if kind == "title":
        _note(fig, f"<b>{report.title}</b>", 0.7, 30)
        _note(fig, report.subtitle, 0.5, 17, "#52606d")
        _note(fig, catalogue.source_line(report.as_of, lang), 0.05, 11, "#7b8794")
        return fig
    if kind == "summary":
        fig.update_layout(title={"text": t("report.summary", lang), "font": {"size": 22}, "x": 0.04})
        _note(fig, wrap(report.summary, lang), 0.95, 17)
        return fig
    rows = kpi_rows(report) if kind == "kpis" else appendix_rows(report)
    title = t("report.kpis", lang) if kind == "kpis" else t("report.appendix", lang, n=APPENDIX_ROWS)
    fig.add_trace(_table_trace(rows))
    fig.update_layout(title={"text": title, "font": {"size": 22}, "x": 0.04})
    if kind == "appendix":
        fig.update_layout(height=max(PAGE_HEIGHT, 140 + 27 * len(rows)))
    return fig
