"""Exports: the records as .xlsx and .csv, every chart as PNG, SVG or PDF, and the command
line that writes them. Images are few, and drawn by one warm browser where possible."""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import openpyxl
import pypdf
import pytest

from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import load, snapshot
from dashboard.analysis.view import View
from dashboard.batches.importer import import_path
from dashboard.charts import catalogue
from dashboard.exports import images
from dashboard.exports.data import data_csv, data_workbook, inert, is_formula_like
from dashboard.model import countries
from dashboard.model.records import RECORD_TYPES
from dashboard.store.store import Store
from tests.support.paths import SAMPLE

FORMULA = '=HYPERLINK("http://x","y")'
DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: any request the browser makes fails


# --- reading images without Pillow ---------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def png_pixels(data: bytes) -> np.ndarray:
    """An 8-bit RGB or RGBA PNG as a height × width × channels array."""
    width, height = png_size(data)
    bit_depth, colour_type = data[24], data[25]
    assert bit_depth == 8 and colour_type in (2, 6), (bit_depth, colour_type)
    channels = 4 if colour_type == 6 else 3
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        if data[position + 4 : position + 8] == b"IDAT":
            chunks.append(data[position + 8 : position + 8 + length])
        position += 12 + length
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8).reshape(height, 1 + width * channels)
    image = np.zeros((height, width * channels), dtype=np.uint8)
    previous = np.zeros(width * channels, dtype=np.uint8)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:]
        image[y] = _unfilter(kind, line, previous, channels)
        previous = image[y]
    return image.reshape(height, width, channels)


def _unfilter(kind: int, line: np.ndarray, above: np.ndarray, bpp: int) -> np.ndarray:
    if kind == 0:
        return line
    if kind == 2:
        return line + above  # uint8 arithmetic wraps, as PNG wants
    if kind == 1:
        return np.cumsum(line.reshape(-1, bpp), axis=0, dtype=np.uint64).astype(np.uint8).reshape(-1)
    out = np.zeros_like(line, dtype=np.int64)  # average and Paeth depend on the byte just decoded
    line_i, above_i = line.astype(np.int64), above.astype(np.int64)
    for i in range(len(line)):
        left = out[i - bpp] if i >= bpp else 0
        upper_left = above_i[i - bpp] if i >= bpp else 0
        if kind == 3:
            out[i] = (line_i[i] + (left + above_i[i]) // 2) & 0xFF
        else:
            p = left + above_i[i] - upper_left
            pa, pb, pc = abs(p - left), abs(p - above_i[i]), abs(p - upper_left)
            predictor = left if pa <= pb and pa <= pc else (above_i[i] if pb <= pc else upper_left)
            out[i] = (line_i[i] + predictor) & 0xFF
    return out.astype(np.uint8)


def ink(data: bytes) -> float:
    """The share of a PNG's pixels that are not white background."""
    pixels = png_pixels(data)[..., :3].astype(int)
    return float((pixels.sum(axis=2) < 3 * 250).mean())


# --- data -----------------------------------------------------------------------------------------


def test_formula_like_text_is_recognised() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\n=1+1", "  =1+1", " @SUM(A1)", " \t-1"):
        assert is_formula_like(text)
        assert inert(text) == f"'{text}"
    assert inert("Bangkok") == "Bangkok" and inert(" Bangkok") == " Bangkok"


def test_the_audit_log_csv_neutralises_formulas_with_the_same_function_as_the_data_csv() -> None:
    from dashboard.web import admin

    assert admin.inert is inert


def test_workbook_has_a_typed_sheet_per_record_type(sample_store: Store) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data_workbook(load(sample_store), "en")))
    assert book.sheetnames == [rt.en for rt in RECORD_TYPES]
    adoptions = book["Adoption"]
    assert [c.value for c in adoptions[1]] == [f.en for f in RECORD_TYPES[2].fields]
    date_cell = adoptions.cell(row=2, column=4)
    assert date_cell.is_date and isinstance(date_cell.value, dt.datetime)
    assert date_cell.number_format == "yyyy-mm-dd"
    targets = book["Target"]
    assert all(isinstance(row[1].value, int) for row in targets.iter_rows(min_row=2))
    countries = {row[2].value for row in adoptions.iter_rows(min_row=2)}
    assert "Thailand" in countries and "THA" not in countries
    assert {row[4].value for row in adoptions.iter_rows(min_row=2)} <= {
        "Adopted",
        "Recognised",
        "Piloting",
        "Withdrawn",
    }


def test_csv_has_a_bom_and_labels_in_chinese(sample_store: Store) -> None:
    content = data_csv(load(sample_store), "adoption", "zh")
    assert content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == [f.zh for f in RECORD_TYPES[2].fields]
    assert dt.date.fromisoformat(table[1][3])
    assert "泰国" in {row[2] for row in table[1:]}


def test_cli_exports_chinese_xlsx(sample_store: Store, cli, tmp_path: Path) -> None:
    out = tmp_path / "records.xlsx"
    done = cli("export", "data", "--format", "xlsx", "--lang", "zh", "--out", out)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [rt.zh for rt in RECORD_TYPES]
    assert [c.value for c in book["合作机构"][1]][:2] == ["机构名称", "国家或地区"]
    assert book["活动"].cell(row=2, column=2).is_date


def test_region_filter_narrows_the_rows(sample_store: Store, cli, tmp_path: Path) -> None:
    counts = {}
    for label, filters in (("all", ()), ("africa", ("--region", "002"))):
        out = tmp_path / f"{label}.csv"
        done = cli("export", "data", "--format", "csv", "--type", "adoption", *filters, "--out", out)
        assert done.returncode == 0, done.stderr
        counts[label] = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))[1:]
    assert 0 < len(counts["africa"]) < len(counts["all"])
    african = {c.name("en") for c in countries.all_countries() if c.region_code == "002"}
    assert {row[2] for row in counts["africa"]} <= african
    assert "Thailand" not in {row[2] for row in counts["africa"]}


def _workbook_with_partner(path: Path, name: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Partners"
    sheet.append(["Partner name", "Country or region", "Type"])
    sheet.append(["x", "Thailand", "University"])
    sheet["A2"].value = name
    sheet["A2"].data_type = "s"  # typed as text, as a person would paste it
    book.save(path)
    return path


def test_formula_like_names_stay_inert(store: Store, cli, tmp_path: Path) -> None:
    source = _workbook_with_partner(tmp_path / "formula.xlsx", FORMULA)
    done = cli("import", source)
    assert done.returncode == 0, done.stdout + done.stderr

    xlsx = tmp_path / "out.xlsx"
    assert cli("export", "data", "--out", xlsx).returncode == 0
    cell = openpyxl.load_workbook(xlsx)["Partner institution"]["A2"]
    assert cell.value == FORMULA and cell.data_type == "s"  # text, not a formula
    assert cell.quotePrefix
    assert "<f>" not in _sheet_xml(xlsx, "Partner institution")

    out = tmp_path / "partners.csv"
    assert cli("export", "data", "--format", "csv", "--type", "partner", "--out", out).returncode == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[1][0] == f"'{FORMULA}"


def _sheet_xml(path: Path, title: str) -> str:
    """The raw XML of the sheet called ``title`` (where a formula would be an <f> element)."""
    import zipfile

    book = openpyxl.load_workbook(path)
    index = book.sheetnames.index(title) + 1
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"xl/worksheets/sheet{index}.xml").decode()


# --- charts ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[View, dt.date]]:
    """The sample data in a view, with the warm renderer stopped when the module ends."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('exports') / 'db.sqlite'}")
    assert import_path(store, SAMPLE).status == "committed"
    yield View(Filters(start=2018, end=2025), snapshot(store)), catalogue.data_date(store)
    images.stop_renderer()


def test_every_chart_is_built_framed(view) -> None:
    current, as_of = view
    for name in catalogue.CHARTS:
        fig = catalogue.chart_figure(current, name, as_of)
        assert fig.layout.title.text, name
        assert "2018–2025" in fig.layout.title.subtitle.text
        assert any(a.text == catalogue.source_line(as_of, "en") for a in fig.layout.annotations)


def test_an_exported_chart_names_the_institution_in_its_source_line(view, monkeypatch) -> None:
    current, as_of = view
    monkeypatch.delenv("COOPDASH_ORG_NAME", raising=False)
    monkeypatch.delenv("COOPDASH_ORG_NAME_ZH", raising=False)
    assert catalogue.source_line(as_of, "en") == f"Source: international office records; data as of {as_of}"
    assert catalogue.source_line(as_of, "zh") == f"来源：国际交流处记录；数据截至 {as_of}"
    monkeypatch.setenv("COOPDASH_ORG_NAME", "A&M Polytechnic")
    monkeypatch.setenv("COOPDASH_ORG_NAME_ZH", "示例职业技术大学")
    fig = catalogue.chart_figure(current, "partners-by-type", as_of)
    assert "Source: A&amp;M Polytechnic international office records" in fig.layout.annotations[-1].text
    assert catalogue.source_line(as_of, "zh").startswith("来源：示例职业技术大学国际交流处记录")
    svg = images.render(fig, "svg").decode()
    assert "A&amp;M Polytechnic international office records" in svg  # drawn as typed, in the image


def test_subtitle_names_filters_in_chinese() -> None:
    text = catalogue.subtitle(Filters(start=2020, regions=("002",), countries=("THA",)), dt.date(2026, 6, 30), "zh")
    assert text == "2020 年起 · 非洲、泰国 · 数据截至 2026-06-30"
    assert catalogue.source_line(dt.date(2026, 6, 30), "en").endswith("data as of 2026-06-30")


def test_images_drawn_at_the_same_moment_each_go_to_whoever_asked_for_them() -> None:
    """kaleido answers from one queue, in turn: two threads drawing at once (two viewers of one
    worker exporting) must each get their own chart, not the other's."""
    from concurrent.futures import ThreadPoolExecutor

    import plotly.graph_objects as go

    def draw(n: int) -> tuple[int, bytes]:
        fig = go.Figure(go.Bar(x=[1, 2], y=[n, n + 1]), layout={"title": {"text": f"chart number {n}"}})
        return n, images.render(fig, "svg")

    with ThreadPoolExecutor(4) as pool:
        drawn = list(pool.map(draw, range(12)))
    assert all(f"chart number {n}".encode() in svg for n, svg in drawn)


def test_png_svg_and_pdf_from_one_warm_browser(view, monkeypatch) -> None:
    import kaleido

    starts = []
    real_start = kaleido.start_sync_server
    monkeypatch.setattr(kaleido, "start_sync_server", lambda *a, **k: (starts.append(1), real_start(*a, **k))[1])
    images.stop_renderer()  # start from a cold renderer
    current, as_of = view
    fig = catalogue.chart_figure(current, "partners-by-type", as_of)
    png = images.render(fig, "png")
    assert png_size(png) == (fig.layout.width * 2, fig.layout.height * 2)
    assert ink(png) > 0.03
    svg = images.render(fig, "svg")
    pdf = images.render(fig, "pdf")
    assert ET.fromstring(svg).tag.endswith("svg")
    assert pdf.startswith(b"%PDF")
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    assert starts == [1]  # one browser started, then kept for every image
    with pytest.raises(ValueError):
        images.render(fig, "gif")


def test_map_exports_offline(sample_store: Store, cli, tmp_path: Path) -> None:
    cli.env["CHOREO_PROXY_SERVER"] = DEAD_PROXY  # the browser cannot reach the internet
    cli.process = True  # a browser of its own, started with the dead proxy (this process may have one already)
    out = tmp_path / "map.png"
    done = cli("export", "chart", "adoption-map", "--format", "png", "--out", out)
    assert done.returncode == 0, done.stderr
    image = out.read_bytes()
    width, height = png_size(image)
    assert width == catalogue.WIDTH * images.SCALE and height > 800
    assert ink(image) > 0.12  # land and borders drawn from the local topojson, not a blank frame
    land = (png_pixels(image)[..., :3] == (0xF5, 0xF7, 0xFA)).all(axis=2).mean()
    assert land > 0.05  # the map's land colour covers the continents


def test_cli_lists_charts_and_refuses_unknown_ones(cli, tmp_path: Path) -> None:
    done = cli("export", "--list")
    assert done.returncode == 0
    assert done.stdout.split() == list(catalogue.CHARTS)
    assert {"adoption-map", "trends", "regions-map", "events-timeline"} <= set(done.stdout.split())

    done = cli("export", "chart", "no-such-chart", "--out", tmp_path / "x.png")
    assert done.returncode == 2 and "no-such-chart" in done.stderr
    done = cli("export", "data", "--format", "csv", "--out", tmp_path / "x.csv")
    assert done.returncode == 2 and "--type" in done.stderr
