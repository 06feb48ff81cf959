"""Charts and data leave the dashboard as files, drawn on the server with the view's filters."""

from __future__ import annotations

import io
import urllib.request

import pytest
from openpyxl import load_workbook
from selenium.webdriver.common.by import By

from tests.support.browser import wait_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def test_every_chart_offers_png_svg_and_pdf_for_the_view_on_screen(server, browser):
    browser.get(server + "/regions?region=002&lang=zh")
    wait_for(browser, lambda d: d.find_elements(By.ID, "regions-map-download"))
    browser.find_element(By.CSS_SELECTOR, "#regions-map-download button").click()
    menu = browser.find_elements(By.CSS_SELECTOR, "#regions-map-download .dropdown-menu a")
    links = {a.text: a.get_attribute("href") for a in menu}
    assert set(links) == {"PNG", "SVG", "PDF"}
    assert links["PNG"].endswith("/export/chart/regions-map.png?region=002&lang=zh")
    with urllib.request.urlopen(links["PNG"], timeout=120) as response:
        image = response.read()
        assert response.headers["Content-Type"] == "image/png"
        assert "coopdash-regions-map-" in response.headers["Content-Disposition"]
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) > 20_000
    with urllib.request.urlopen(links["SVG"], timeout=120) as response:
        assert b"<svg" in response.read()[:500]


def test_the_data_page_downloads_the_filtered_records(server, browser):
    browser.get(server + "/data?table=adoption&region=002")
    wait_for(browser, lambda d: d.find_elements(By.ID, "data-download-xlsx"))
    href = browser.find_element(By.ID, "data-download-xlsx").get_attribute("href")
    with urllib.request.urlopen(href, timeout=60) as response:
        workbook = load_workbook(io.BytesIO(response.read()))
    adoptions = next(ws for ws in workbook.worksheets if ws.title.startswith("Adoption"))
    countries = {row[2] for row in adoptions.iter_rows(min_row=2, values_only=True)}
    assert countries and countries <= {"Kenya", "Ethiopia", "Egypt", "South Africa"}
    csv_href = browser.find_element(By.ID, "data-download-csv").get_attribute("href")
    with urllib.request.urlopen(csv_href, timeout=60) as response:
        assert response.read().startswith(b"\xef\xbb\xbf")


def test_one_button_gives_the_report_of_the_view_on_screen(server, browser):
    from pptx import Presentation

    browser.get(server + "/?lang=zh")
    wait_for(browser, lambda d: d.find_elements(By.ID, "report-pptx"))
    href = browser.find_element(By.ID, "report-pptx").get_attribute("href")
    assert href.endswith("/export/report.pptx?lang=zh")
    with urllib.request.urlopen(href, timeout=180) as response:
        deck = Presentation(io.BytesIO(response.read()))
        assert "coopdash-report-" in response.headers["Content-Disposition"]
    shapes = [shape for slide in deck.slides for shape in slide.shapes]
    text = " ".join(shape.text_frame.text for shape in shapes if shape.has_text_frame)
    cells = " ".join(cell.text for shape in shapes if shape.has_table for row in shape.table.rows for cell in row.cells)
    assert "国际合作月度报告" in text and "境外采用的标准" in cells and "23" in cells


def test_a_name_made_of_html_shows_as_those_characters_and_runs_nothing(server, browser, tmp_path):
    import subprocess

    from selenium.common.exceptions import NoAlertPresentException

    from dashboard.ingest.workbook import write_workbook
    from tests.support.paths import COOPDASH

    hostile = "<img src=x onerror=alert(1)>"
    path = write_workbook(
        tmp_path / "hostile.xlsx", {"partner": [{"name": hostile, "country": "Kenya", "type": "University"}]}
    )
    subprocess.run([str(COOPDASH), "import", str(path)], env=server.env, check=True, capture_output=True)
    browser.get(server + "/data?table=partner")
    wait_for(browser, lambda d: d.find_elements(By.ID, "data-search"))
    browser.find_element(By.ID, "data-search").send_keys("onerror")  # the grid shows only that partner
    wait_for(browser, lambda d: hostile in d.find_element(By.ID, "data-grid").text)
    assert not browser.find_elements(By.CSS_SELECTOR, "#data-grid img")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    subprocess.run([str(COOPDASH), "rollback", "2"], env=server.env, check=True, capture_output=True)
