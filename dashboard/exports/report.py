"""The monthly report for a view, in English or Chinese, as a PowerPoint deck or a PDF.

Both hold the same pages, in order: a cover (the institution, the filters in words, the data
date), the headline figures with their change since the end of last year, the written summary,
the targets with their progress, the published figures checked against the records, the
agreements expiring next, a page per chart of :data:`REPORT_CHARTS` (less a chart that would
draw the same as an earlier one: :func:`report_charts`), and a data appendix. A table too long
for one page goes on over the next, "(continued)": :func:`paginate` measures its rows once for
both formats.

Slides are 16:9, each titled in its layout's title placeholder (the outline and screen readers
read it), with the charts drawn bare (no title inside the picture). The PDF's pages are all one
size, A4 or US Letter landscape (``COOPDASH_REPORT_PAPER``): each page is a plotly figure drawn
by the warm browser of :mod:`dashboard.exports.images` (its text stays text), and pypdf joins
them and sets every page to the paper's exact size. The institution's name
(``COOPDASH_ORG_NAME``, ``COOPDASH_ORG_NAME_ZH``) is on the cover and in every page's source line.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.text.text import TextFrame, _Run
from pptx.util import Emu, Inches, Length, Pt
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, RectangleObject

from dashboard import config
from dashboard.analysis import insights, metrics, partnerships, published
from dashboard.analysis.view import View
from dashboard.charts import catalogue
from dashboard.charts.base import plain
from dashboard.charts.geo import group_names
from dashboard.charts.trends import TrendSettings
from dashboard.exports import images
from dashboard.model import display
from dashboard.model.i18n import pick
from dashboard.model.records import AGREEMENT, TARGET
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
"""The charts the report may hold, in order: eight of :data:`catalogue.CHARTS`."""

APPENDIX_ROWS = 15
CJK_FONT = "Noto Sans CJK SC"

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
class Table:
    """A table as text: the header, the rows, and each column's share of the page's width."""

    header: list[str]
    rows: list[list[str]]
    widths: tuple[float, ...]
    empty: str = ""  # said instead of the table when there are no rows
    note: str = ""  # a line under the table
    group: int | None = None  # a column whose repeats on a page are shown once (a statement over its figures)
    lang: str = "en"  # Chinese is set in a CJK font: wider Latin letters, taller lines


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the report after the cover: a table, a text or a chart, under ``title``."""

    kind: str  # kpis, summary, targets, published, expiring, chart, appendix
    title: str
    text: str = ""
    table: Table | None = None
    chart: str = ""  # the chart's name in :data:`catalogue.CHARTS`
    figure: go.Figure | None = field(default=None, compare=False)  # the chart, bare (no title inside)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the report says, in the view's language, before it is laid out."""

    lang: str
    title: str
    org: str | None  # the institution (COOPDASH_ORG_NAME / _ZH), None when unset
    subtitle: str  # the filters in words and the data date
    source: str  # the source line: the institution's records, the data date
    as_of: dt.date
    since: dt.date  # the day the KPI change is measured from
    kpis: list[Kpi]
    pages: list[Page]  # as written; :func:`paginate` splits long tables

    @property
    def charts(self) -> list[Page]:
        return [page for page in self.pages if page.kind == "chart"]


def headline_kpis(view: View, today: dt.date) -> list[Kpi]:
    """The overview's cards as rows (:func:`catalogue.cards`), then each indicator's newest year
    against the one before, with their labels in the view's language."""
    kpis = [Kpi(card.label, card.value, card.change) for card in catalogue.cards(view, today)]
    for card in catalogue.indicator_cards(view, today):
        indicator = card.indicator
        label = t(
            "report.indicator",
            view.lang,
            name=indicator.label(view.lang),
            unit=indicator.unit_in(view.lang),
            year=card.year,
        )
        kpis.append(Kpi(label, card.value, card.change))
    return kpis


def adoptions_by_country(view: View, top: int = APPENDIX_ROWS) -> pd.DataFrame:
    """Adoptions per country, most first: columns country, region, adoptions."""
    table = metrics.adoptions_by_country(view.yearly, view.lang)
    if table.empty:
        return pd.DataFrame(columns=["country", "region", "adoptions"])
    ranked = table.sort_values(["adoptions", "country"], ascending=[False, True], kind="stable")
    return ranked[["country", "region", "adoptions"]].head(top).reset_index(drop=True)


def report_charts(view: View, names: Sequence[str] = REPORT_CHARTS) -> list[str]:
    """``names`` less each chart that would draw what an earlier one draws: the regions map of
    adoptions is the adoption map, and the trend chart at its defaults (new adoptions per year)
    is the adoptions chart. Another metric in the URL keeps them."""
    extra, records = view.filters.extra, view.snapshot.records
    twins = {}
    if metrics.find(records, extra.get("metric")).key == "adoptions":
        twins["regions-map"] = "adoption-map"
    if TrendSettings.from_extra(extra, records) == TrendSettings():
        twins["trends"] = "adoptions-over-time"
    return [name for name in names if twins.get(name) not in names[: names.index(name)]]


def kpi_table(kpis: list[Kpi], since: dt.date, lang: str) -> Table:
    header = [t("report.figure", lang), t("report.value", lang), t("report.change", lang, date=since.isoformat())]
    return Table(header, [[k.label, k.value_text, k.change_text] for k in kpis], (0.6, 0.2, 0.2), lang=lang)


def target_table(view: View, today: dt.date) -> Table:
    """Each target not yet past due: where the figure stands, the share reached, and where the
    recent pace takes it by the due date (:func:`catalogue.targets`, as on the overview)."""
    lang = view.lang
    labels = {c.value: c.label(lang) for c in TARGET.field("figure").choices}
    rows = []
    progress = catalogue.targets(view, today)
    for p in progress or ():
        outlook = t("overview.on_track" if p.on_track else "overview.behind", lang, forecast=f"{p.forecast:,}")
        rows.append(
            [
                labels.get(p.figure, p.figure),
                f"{p.target:,}",
                p.due.isoformat(),
                f"{p.value:,}",
                f"{round(p.share * 100)}%",
                outlook[:1].upper() + outlook[1:],
            ]
        )
    keys = ("report.figure", "report.target", "report.due", "report.value", "report.progress", "report.outlook")
    return Table(
        [t(key, lang) for key in keys],
        rows,
        (0.27, 0.1, 0.13, 0.1, 0.1, 0.3),
        empty=t("overview.no_targets" if progress is not None else "overview.targets_not_applicable", lang),
        note=t("report.targets_note", lang) if rows else "",
        lang=lang,
    )


def published_table(view: View) -> Table:
    """Every published figure, whatever the filters, against what the records give for its date."""
    lang, checks = view.lang, published.checks_of(view.snapshot)
    rows = []
    for check in checks:
        recorded = t("overview.nothing", lang) if check.recorded is None else f"{display.number(check.recorded):,}"
        rows.append(
            [
                check.statement_in(lang),
                check.date.isoformat(),
                check.label(lang),
                f"{display.number(check.published):,}",
                recorded,
                t("report.agrees" if check.agrees else "report.differs", lang),
            ]
        )
    keys = ("statement", "date", "figure", "published_value", "recorded", "check")
    return Table(
        [t(f"report.{key}", lang) for key in keys],
        rows,
        (0.31, 0.12, 0.22, 0.11, 0.09, 0.15),
        empty=t("report.no_published", lang),
        note=t("report.published_note", lang) if rows else "",
        group=0,
        lang=lang,
    )


def expiring_table(view: View) -> Table:
    """The active agreements that run out within :data:`partnerships.EXPIRY_WINDOW_DAYS`, soonest first."""
    lang, kind = view.lang, AGREEMENT.field("kind")
    expiring = partnerships.expiring(view.history["agreement"], view.today)
    rows = [
        [str(r.partner), kind.choice(r.kind).label(lang), _day(r.signed_on), _day(r.expires_on), str(r.days_left)]
        for r in expiring.itertuples()
    ]
    keys = ("partner", "kind", "signed", "expires", "days_left")
    return Table(
        [t(f"partners.{key}", lang) for key in keys],
        rows,
        (0.4, 0.2, 0.14, 0.14, 0.12),
        empty=t("partners.none_expiring", lang, days=partnerships.EXPIRY_WINDOW_DAYS),
        lang=lang,
    )


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def appendix_table(view: View) -> Table:
    lang = view.lang
    header = [t("report.country", lang), t("report.region", lang), t("report.adoptions", lang)]
    rows = [
        [str(r.country), str(r.region), str(int(r.adoptions))]
        for r in adoptions_by_country(view).itertuples(index=False)
    ]
    return Table(header, rows, (0.5, 0.3, 0.2), empty=t("report.none", lang), lang=lang)


def build_report(view: View, as_of: dt.date, names: Sequence[str] = REPORT_CHARTS) -> Report:
    """The report's content for ``view`` with the data date ``as_of``."""
    lang, today = view.lang, catalogue.figures_day(view)
    since = dt.date(today.year - 1, 12, 31)
    kpis = headline_kpis(view, today)
    summary = insights.summary(view.yearly, lang, today) or t("report.no_summary", lang)
    pages = [
        Page("kpis", t("report.kpis", lang), table=kpi_table(kpis, since, lang)),
        Page("summary", t("report.summary", lang), text=summary),
        Page("targets", t("report.targets", lang), table=target_table(view, today)),
        Page("published", t("report.published", lang), table=published_table(view)),
        Page(
            "expiring",
            t("partners.expiring", lang, days=partnerships.EXPIRY_WINDOW_DAYS),
            table=expiring_table(view),
        ),
    ]
    for name in report_charts(view, names):
        figure = catalogue.chart(view, name)
        pages.append(Page("chart", figure.layout.title.text or name, chart=name, figure=figure))
    pages.append(Page("appendix", t("report.appendix", lang, n=APPENDIX_ROWS), table=appendix_table(view)))
    return Report(
        lang=lang,
        title=t("report.title", lang),
        org=config.settings().org(lang),
        subtitle=catalogue.subtitle(view.filters, as_of, lang),
        source=catalogue.source_line(as_of, lang),
        as_of=as_of,
        since=since,
        kpis=kpis,
        pages=pages,
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


# --- the page grid, shared by both formats --------------------------------------------------------
# Lengths in points of a 16:9 slide (13.333 × 7.5 in); a PDF page draws the same grid scaled to
# its width (:class:`Paper`), its extra height going to the charts.

GRID_WIDTH, GRID_HEIGHT = 960.0, 540.0
SIDE = 36.0  # left and right margin
TITLE_TOP, TITLE_HEIGHT = 18.0, 50.0
SUBTITLE_TOP = TITLE_TOP + TITLE_HEIGHT  # the filters and data date, under the title
BODY_TOP = SUBTITLE_TOP + 30.0
FOOTER_HEIGHT = 30.0  # the source line and the page number
TABLE_SIZE = 14.0  # points, every table's text
PDF_TABLE_SIZE = 13.0  # on a PDF page, in grid points: a browser sets lines further apart than PowerPoint
NOTE_HEIGHT = 26.0
CELL_PAD_X, CELL_PAD_Y = 7.2, 3.6  # PowerPoint's default cell margins, each side
LINE_HEIGHT = {"en": 1.2, "zh": 1.5}  # a line's height in ems: a CJK font's lines are taller
CHAR_WIDTH = {"en": 0.55, "zh": 0.6}  # a Latin character's width in ems, generously; a wide one counts twice
INNER_WIDTH = GRID_WIDTH - 2 * SIDE
TABLE_ROOM = GRID_HEIGHT - BODY_TOP - FOOTER_HEIGHT - 8


CLOSING = set("，。、；：！？）》」』”’,.;:!?)")
"""Marks that never begin a line: they stay at the end of the line before, a little over it."""


def text_units(text: str) -> int:
    """The width of ``text`` in half-ems: 1 for a Latin character, 2 for a wide (CJK) one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_text(text: str, width: float, size: float = TABLE_SIZE, lang: str = "en") -> list[str]:
    """``text`` broken into lines no wider than ``width`` points at ``size``: between words, and
    between any two wide (CJK) characters; a word longer than a line is cut."""
    room = max(1, int(width / (size * CHAR_WIDTH.get(lang, CHAR_WIDTH["en"]))))
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|[\u2e80-\u9fff\uff00-\uffef]\s*|\s+", paragraph):
            if line and text_units((line + token).rstrip()) > room and token.strip() not in CLOSING:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
            while text_units(line.rstrip()) > room:  # a word wider than the line
                cut = next(i for i in range(len(line), 0, -1) if text_units(line[:i]) <= room)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def cell_lines(table: Table, row: Sequence[str], size: float = TABLE_SIZE) -> list[list[str]]:
    """Each cell of ``row`` as the lines it takes in its column."""
    return [
        wrap_text(value, INNER_WIDTH * share - 2 * CELL_PAD_X, size, table.lang)
        for value, share in zip(row, table.widths, strict=True)
    ]


def row_height(table: Table, row: Sequence[str], size: float = TABLE_SIZE) -> float:
    """The height a row takes, in points: its tallest cell's lines, and the cell margins."""
    lines = max(len(cell) for cell in cell_lines(table, row, size))
    return lines * size * LINE_HEIGHT.get(table.lang, LINE_HEIGHT["en"]) + 2 * CELL_PAD_Y


def paginate(report: Report) -> list[Page]:
    """The report's pages after the cover, each table cut into pages that hold it (a header on
    each), the later ones titled "(continued)"."""
    pages = []
    for page in report.pages:
        if page.table is None or not page.table.rows:
            pages.append(page)
            continue
        table = page.table
        room = TABLE_ROOM - row_height(table, table.header) - (NOTE_HEIGHT if table.note else 0)
        chunks: list[list[list[str]]] = [[]]
        used = 0.0
        for row in table.rows:
            height = row_height(table, _grouped(table, row, chunks[-1]))
            if chunks[-1] and used + height > room:
                chunks.append([])
                used = row_height(table, row)
            else:
                used += height
            chunks[-1].append(row)
        for number, rows in enumerate(chunks):
            title = page.title if number == 0 else t("report.continued", report.lang, title=page.title)
            shown = [_grouped(table, row, rows[:i]) for i, row in enumerate(rows)]
            pages.append(replace(page, title=title, table=replace(table, rows=shown)))
    return pages


def _grouped(table: Table, row: list[str], above: list[list[str]]) -> list[str]:
    """``row`` with its group cell left blank when the row above on the same page has the same one."""
    column = table.group
    if column is None or not above or above[-1][column] != row[column]:
        return row
    return [*row[:column], "", *row[column + 1 :]]


# --- PowerPoint -----------------------------------------------------------------------------------

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
INK, MUTED = RGBColor(0x1F, 0x29, 0x33), RGBColor(0x52, 0x60, 0x6D)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5  # in python-pptx's default template
PICTURE_WIDTH = 1000  # layout pixels of a chart picture, drawn at images.SCALE


def report_pptx(view: View, as_of: dt.date) -> bytes:
    """The report as ``.pptx`` bytes."""
    return pptx_bytes(build_report(view, as_of))


def pptx_bytes(report: Report) -> bytes:
    deck = Presentation()
    _widescreen(deck)
    _cover_slide(deck, report)
    pages = paginate(report)
    for number, page in enumerate(pages, start=2):
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
        _title(slide, page.title, report.lang)
        _furniture(slide, report, t("report.page", report.lang, n=number, of=len(pages) + 1))
        if page.table is not None:
            _table_slide(slide, page.table, report.lang)
        elif page.figure is not None:
            _chart_slide(slide, page, report)
        else:
            _text(slide, page.text, report.lang, _pt_box(SIDE, BODY_TOP + 10, INNER_WIDTH, 300), 22)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


Box = tuple[Length, Length, Length, Length]


def _pt_box(left: float, top: float, width: float, height: float) -> Box:
    """A box on the grid (left, top, width, height in points), in EMU."""
    return Pt(left), Pt(top), Pt(width), Pt(height)


def _widescreen(deck: Deck) -> None:
    """16:9 slides, the master's and layouts' shapes widened with them (the default template is 4:3)."""
    factor = SLIDE_WIDTH / deck.slide_width
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    for shapes in [deck.slide_master.shapes, *(layout.shapes for layout in deck.slide_layouts)]:
        for shape in shapes:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = Emu(int(shape.left * factor)), Emu(int(shape.width * factor))


def style_run(run: _Run, lang: str, size: float, bold: bool = False, color: RGBColor = INK) -> None:
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


def _fill(
    frame: TextFrame,
    text: str,
    lang: str,
    size: float,
    bold: bool = False,
    color: RGBColor = INK,
    align: PP_ALIGN = PP_ALIGN.LEFT,
) -> None:
    """``text`` in ``frame``, a paragraph per line, each styled alike."""
    frame.word_wrap = True
    frame.clear()
    for number, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        style_run(run, lang, size, bold, color)


def _text(slide: Slide, text: str, lang: str, box: Box, size: float, **style: Any) -> Shape:
    """A text box holding ``text`` as :func:`_fill` styles it."""
    shape = slide.shapes.add_textbox(*box)
    _fill(shape.text_frame, text, lang, size, **style)
    return shape


def _title(slide: Slide, text: str, lang: str, box: Box | None = None, size: float = 26) -> None:
    """``text`` in the slide's title placeholder (the outline's and a screen reader's title)."""
    title = slide.shapes.title
    if title is None:
        raise ValueError("the slide's layout has no title placeholder")
    title.left, title.top, title.width, title.height = box or _pt_box(SIDE, TITLE_TOP, INNER_WIDTH, TITLE_HEIGHT)
    _fill(title.text_frame, text, lang, size, bold=True)


def _furniture(slide: Slide, report: Report, page_number: str) -> None:
    """What every slide after the cover carries: the filters under the title, the source and page number below."""
    lang = report.lang
    _text(slide, report.subtitle, lang, _pt_box(SIDE, SUBTITLE_TOP, INNER_WIDTH, 24), 12, color=MUTED)
    bottom = GRID_HEIGHT - FOOTER_HEIGHT
    _text(slide, report.source, lang, _pt_box(SIDE, bottom, INNER_WIDTH - 80, 22), 10, color=MUTED)
    _text(
        slide, page_number, lang, _pt_box(GRID_WIDTH - SIDE - 80, bottom, 80, 22), 10, color=MUTED, align=PP_ALIGN.RIGHT
    )


def _cover_slide(deck: Deck, report: Report) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    lang = report.lang
    _title(slide, report.title, lang, _pt_box(SIDE, 100, INNER_WIDTH, 140), size=40)
    slide.shapes.title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = _pt_box(SIDE, 256, INNER_WIDTH, 90)
    subtitle.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    lines = [report.org, report.subtitle] if report.org else [report.subtitle]
    _fill(subtitle.text_frame, "\n".join(lines), lang, 20, color=MUTED)
    _text(slide, report.source, lang, _pt_box(SIDE, GRID_HEIGHT - 50, INNER_WIDTH, 24), 12, color=MUTED)


def _table_slide(slide: Slide, table: Table, lang: str) -> None:
    if not table.rows:
        _text(slide, table.empty, lang, _pt_box(SIDE, BODY_TOP + 10, INNER_WIDTH, 40), 18)
        return
    rows = [table.header, *table.rows]
    heights = [row_height(table, row) for row in rows]
    frame = slide.shapes.add_table(len(rows), len(table.widths), *_pt_box(SIDE, BODY_TOP, INNER_WIDTH, sum(heights)))
    grid = frame.table
    for column, share in enumerate(table.widths):
        grid.columns[column].width = Pt(INNER_WIDTH * share)
    for r, (values, height) in enumerate(zip(rows, heights, strict=True)):
        grid.rows[r].height = Pt(height)
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = Pt(CELL_PAD_X)
            cell.margin_top = cell.margin_bottom = Pt(CELL_PAD_Y)
            _fill(cell.text_frame, value, lang, TABLE_SIZE, bold=r == 0, color=WHITE if r == 0 else INK)
    if table.note:
        top = BODY_TOP + sum(heights) + 6
        _text(slide, table.note, lang, _pt_box(SIDE, top, INNER_WIDTH, NOTE_HEIGHT - 6), 11, color=MUTED)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header."""
    return struct.unpack(">II", data[16:24])


def fit(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with the aspect ratio of ``size`` that fits in ``box``."""
    scale = min(box[0] / size[0], box[1] / size[1])
    return int(size[0] * scale), int(size[1] * scale)


CHART_BOX = (INNER_WIDTH, GRID_HEIGHT - BODY_TOP - FOOTER_HEIGHT)
"""Where a chart goes on a slide, in points."""


def bare_chart(page: Page, size: tuple[int, int]) -> go.Figure:
    """The page's chart framed for the report at ``size`` layout pixels: no title or subtitle
    inside (the page has them above it), no source line (the page's footer has it)."""
    if page.figure is None:
        raise ValueError(f"{page.title!r} is not a chart page")
    frame = catalogue.Frame(top=16, bottom_extra=0, side=24)
    return catalogue.framed(page.figure, None, None, frame, titled=False, size=size)


def _chart_slide(slide: Slide, page: Page, report: Report) -> None:
    width, height = CHART_BOX
    image = images.render(bare_chart(page, (PICTURE_WIDTH, round(PICTURE_WIDTH * height / width))), "png")
    shown = fit(png_size(image), (int(Pt(width)), int(Pt(height))))
    left = (SLIDE_WIDTH - shown[0]) // 2
    picture = slide.shapes.add_picture(io.BytesIO(image), Emu(left), Pt(BODY_TOP), Emu(shown[0]), Emu(shown[1]))
    picture.name = page.chart
    description = t("caption.separator", report.lang).join((page.title, report.subtitle))
    (properties,) = picture._element.xpath("./p:nvPicPr/p:cNvPr")
    properties.set("descr", description)  # the picture's alternative text


# --- PDF ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paper:
    """A PDF page: its size in points, and the layout pixels (96 an inch) a page figure is drawn at."""

    width: int
    height: int

    @classmethod
    def chosen(cls) -> Paper:
        """The paper of COOPDASH_REPORT_PAPER: A4 unless it says letter."""
        return cls(*config.settings().paper)

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * 96 / 72), round(self.height * 96 / 72)

    @property
    def scale(self) -> float:
        """Layout pixels per point of the slide grid: the grid drawn across the page's width."""
        return self.pixels[0] / GRID_WIDTH


def report_pdf(view: View, as_of: dt.date, paper: Paper | None = None) -> bytes:
    """The report as PDF bytes, every page the paper's size (default: :meth:`Paper.chosen`)."""
    paper = paper or Paper.chosen()
    report = build_report(view, as_of)
    pages = paginate(report)
    writer = PdfWriter()
    writer.add_page(_pdf_page(images.render(cover_page(report, paper), "pdf", scale=1)))
    for number, page in enumerate(pages, start=2):
        figure = page_figure(report, page, paper, t("report.page", report.lang, n=number, of=len(pages) + 1))
        sheet = writer.add_page(_pdf_page(images.render(figure, "pdf", scale=1)))
        if page.figure is not None:  # the chart, drawn apart, laid between the title and the footer
            footer = round(FOOTER_HEIGHT * paper.scale)
            size = (paper.pixels[0], paper.pixels[1] - round(BODY_TOP * paper.scale) - footer)
            chart = _pdf_page(images.render(bare_chart(page, size), "pdf", scale=1))
            lay_on(writer, sheet, chart, up=footer * 72 / 96)
    for sheet in writer.pages:
        trim(sheet, paper)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def lay_on(writer: PdfWriter, sheet: PageObject, page: PageObject, up: float) -> None:
    """Draw ``page`` on ``sheet``, raised ``up`` points, as a form XObject: its content is carried
    over as it is, never parsed (pypdf's page merging reads every path of a map, for seconds)."""
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())  # type: ignore[union-attr]
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in page.mediabox),
            NameObject("/Matrix"): ArrayObject(FloatObject(v) for v in (1, 0, 0, 1, 0, up)),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    resources = cast(DictionaryObject, sheet["/Resources"].get_object())
    forms = cast(DictionaryObject, resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object())
    forms[NameObject("/Chart")] = writer._add_object(form)
    save, draw = DecodedStreamObject(), DecodedStreamObject()
    save.set_data(b"q\n")
    draw.set_data(b"\nQ\nq /Chart Do Q\n")  # the sheet's own drawing leaves its scale set: undo it first
    contents = sheet["/Contents"].get_object()
    parts = list(contents) if isinstance(contents, ArrayObject) else [sheet.raw_get("/Contents")]
    sheet[NameObject("/Contents")] = ArrayObject([writer._add_object(save), *parts, writer._add_object(draw)])


def trim(sheet: PageObject, paper: Paper) -> None:
    """Set the page to the paper's exact size. The browser's page is within a point of it (its
    pixels rounded) and has a white margin of some 7 points, so nothing drawn is cut."""
    exact = RectangleObject((0, 0, paper.width, paper.height))
    sheet.mediabox = sheet.cropbox = sheet.trimbox = exact


def _pdf_page(document: bytes) -> PageObject:
    """The one page of a PDF the browser drew."""
    return PdfReader(io.BytesIO(document)).pages[0]


def _font(lang: str) -> str:
    return pick("Arial, sans-serif", f"Arial, {CJK_FONT}, sans-serif", lang)  # digits from a Latin font


def _blank_page(lang: str, paper: Paper) -> go.Figure:
    """A white page whose invisible axes span it, one unit a layout pixel: text is placed in pixels."""
    width, height = paper.pixels
    fig = go.Figure()
    fig.update_layout(
        width=width,
        height=height,
        margin={"t": 0, "b": 0, "l": 0, "r": 0, "autoexpand": False},
        font={"family": _font(lang), "color": "#1f2933"},
        xaxis={"visible": False, "range": [0, width], "fixedrange": True},
        yaxis={"visible": False, "range": [0, height], "fixedrange": True},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
    )
    return fig


def _note(
    fig: go.Figure,
    text: str,
    paper: Paper,
    at: tuple[float, float],
    size: float,
    colour: str = "#1f2933",
    anchor: str = "left",
) -> None:
    """``text`` (plain: escaped here) with its top-left corner (``anchor="right"``: top-right) at
    ``at``, in points of the grid from the page's top-left corner (a negative top: from its bottom)."""
    k, height = paper.scale, paper.pixels[1]
    left, top = at
    fig.add_annotation(
        text="<br>".join(plain(line) for line in text.split("\n")),
        x=left * k,
        y=height - top * k if top >= 0 else -top * k,
        xref="x",
        yref="y",
        xanchor=anchor,
        yanchor="top",
        align=anchor,
        showarrow=False,
        font={"size": size * k, "color": colour},
    )


def cover_page(report: Report, paper: Paper) -> go.Figure:
    fig = _blank_page(report.lang, paper)
    if report.org:
        _note(fig, report.org, paper, (SIDE, 120), 22, "#52606d")
    _note(fig, report.title, paper, (SIDE, 160), 34)
    _note(fig, report.subtitle, paper, (SIDE, 225), 18, "#52606d")
    _note(fig, report.source, paper, (SIDE, -(FOOTER_HEIGHT - 8)), 11, "#7b8794")
    return fig


def page_figure(report: Report, page: Page, paper: Paper, page_number: str) -> go.Figure:
    """A page after the cover: its title, the filters, its table or text (a chart is drawn apart
    and laid on the page by :func:`report_pdf`), the source line and the page number."""
    fig = _blank_page(report.lang, paper)
    _note(fig, page.title, paper, (SIDE, TITLE_TOP + 12), 24)
    _note(fig, report.subtitle, paper, (SIDE, SUBTITLE_TOP + 2), 12, "#52606d")
    _note(fig, report.source, paper, (SIDE, -(FOOTER_HEIGHT - 8)), 10, "#7b8794")
    _note(fig, page_number, paper, (GRID_WIDTH - SIDE, -(FOOTER_HEIGHT - 8)), 10, "#7b8794", anchor="right")
    if page.figure is not None:
        return fig
    if page.table is None:
        _note(fig, "\n".join(wrap_text(page.text, INNER_WIDTH, 20, report.lang)), paper, (SIDE, BODY_TOP + 14), 20)
    elif not page.table.rows:
        _note(fig, page.table.empty, paper, (SIDE, BODY_TOP + 14), 18)
    else:
        _table_pdf(fig, page.table, paper)
        if page.table.note:
            _note(fig, page.table.note, paper, (SIDE, -(FOOTER_HEIGHT + NOTE_HEIGHT - 4)), 11, "#52606d")
    return fig


def _lines(cells: list[list[str]]) -> list[str]:
    return ["<br>".join(plain(line) for line in cell) for cell in cells]


def _table_pdf(fig: go.Figure, table: Table, paper: Paper) -> None:
    """The table as a plotly table under the page's title, its rows broken into the lines
    :func:`row_height` counted. The page is taller for its width than a slide, so a table
    :func:`paginate` fitted to a slide has room to spare down to the note and footer."""
    k, (width, height) = paper.scale, paper.pixels
    body = [_lines(cell_lines(table, row)) for row in table.rows]
    top, bottom = BODY_TOP * k / height, (FOOTER_HEIGHT + (NOTE_HEIGHT if table.note else 0)) * k / height
    size = PDF_TABLE_SIZE * k
    fig.add_trace(
        go.Table(
            domain={"x": [SIDE * k / width, 1 - SIDE * k / width], "y": [bottom, 1 - top]},
            columnwidth=list(table.widths),
            header={
                "values": _lines(cell_lines(table, table.header)),
                "fill_color": "#3b4a5a",
                "line_color": "#3b4a5a",
                "font": {"color": "white", "size": size},
                "align": "left",
                "height": size * 1.9,
            },
            cells={
                "values": [list(column) for column in zip(*body, strict=True)],
                "fill_color": [["#ffffff" if i % 2 == 0 else "#f0f3f6" for i in range(len(body))]],
                "line_color": "#d9dee3",
                "font": {"size": size},
                "align": "left",
                "height": size * 1.9,
            },
        )
    )
