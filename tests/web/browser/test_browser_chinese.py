"""Every page in Chinese, in a real headless Chromium: no English left in what a reader sees (the
tab's title, the text, the charts' labels), except names the data gives in English only."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.ingest.readers import read_path
from dashboard.ingest.validate import validate
from dashboard.model.countries import all_countries
from dashboard.model.records import RECORD_TYPES, Kind
from tests.support.browser import wait_for
from tests.support.paths import SAMPLE

pytestmark = pytest.mark.browser

PAGES = {  # path → an element the page has once drawn
    "/": "kpi-standards_adopted",
    "/trends": "trend-milestones",
    "/regions": "regions-map",
    "/partners": "partners-by-type",
    "/events": "events-grid",
    "/data": "data-grid",
    "/upload": "history-table",
    "/country/THA": "country-name",
    "/public": "public-kpis",
}
ALLOWED = (
    "coopdash",  # the app's name
    "PNG",  # file formats, as every office knows them
    "SVG",
    "PDF",
    "PowerPoint",
    "EN",  # the language switch's way back
    "UTC",
    "MB",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".ods",
    ".csv",
    "WFCP",  # an organisation's acronym inside a Chinese milestone title
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")

VISIBLE_TEXT = """
const parts = [document.title];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!parent || parent.closest('script, style, [hidden]')) continue;
  if (parent.closest('[lang]:not([lang^="zh"])')) continue;  // marked as another language on purpose
  if (parent.closest('svg')) { parts.push(node.textContent); continue; }  // a chart's labels
  if (parent.getClientRects().length === 0 || getComputedStyle(parent).visibility === 'hidden') continue;
  parts.push(node.textContent);
}
return parts.join('\\n');
"""


def names_in_english_only(every_text: bool = False) -> list[str]:
    """What the sample gives in English with no Chinese variant beside it in the record model: names of
    institutions, centres, cities and events, and other free text (or, ``every_text``, every text the
    records hold, as the Data page's grid of the records as stored shows them). Longest first."""
    tables = validate(read_path(SAMPLE)).tables
    names = {SAMPLE.name, "sample_cooperation"}
    for rt in RECORD_TYPES:
        given = {f.name for f in rt.fields}
        for f in rt.fields:
            english = f.name.removesuffix("_en")
            variant = f.name.endswith("_zh") or f"{english}_zh" in given
            if f.kind in (Kind.TEXT, Kind.REFERENCE) and (every_text or not variant) and rt.name in tables:
                names |= {str(v) for v in tables[rt.name].frame[f.name].dropna() if str(v).strip()}
    return sorted(names, key=len, reverse=True)


def english_words(text: str, allowed: list[str]) -> set[str]:
    for phrase in [*allowed, *ALLOWED]:
        text = text.replace(phrase, " ")
    return {word for word in WORD.findall(text) if word not in ISO_CODES}


ISO_CODES = {c.iso3 for c in all_countries()}  # a country's code, as the country page shows it


@pytest.fixture(scope="module")
def server(serve):
    return serve()


@pytest.fixture(scope="module")
def allowed() -> dict[bool, list[str]]:
    return {every: names_in_english_only(every) for every in (False, True)}


def _drawn(browser, element_id: str) -> str:
    """The page's visible text once its element and every chart are drawn and the text stands still."""
    wait_for(browser, lambda d: d.find_elements(By.ID, element_id))
    wait_for(browser, lambda d: d.title.startswith(("coopdash — ", "国际合作")) and "Dash" not in d.title)
    plots = "return [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))"
    wait_for(browser, lambda d: d.execute_script(plots))
    seen: list[str] = []
    wait_for(browser, lambda d: seen.append(d.execute_script(VISIBLE_TEXT)) or seen[-2:-1] == seen[-1:], timeout=30)
    return seen[-1]


@pytest.mark.parametrize("path", list(PAGES))
def test_a_chinese_page_shows_no_english_but_names_the_data_gives_in_english(server, browser, allowed, path):
    browser.get(f"{server}{path}?lang=zh")
    text = _drawn(browser, PAGES[path])

    assert browser.title.startswith("coopdash — ") or path == "/public"
    assert re.search(r"[\u4e00-\u9fff]", browser.title), browser.title
    assert english_words(text, allowed[path == "/data"]) == set(), text


def test_the_chinese_pages_show_the_chinese_titles_units_and_statements(server, browser):
    browser.get(f"{server}/?lang=zh")
    text = _drawn(browser, PAGES["/"])
    assert "开发专业课程标准23个，被15个国家和地区认可和采用" in text  # the published statement
    assert "联合国教科文组织职业技术教育与培训数字化教席" in re.sub(r"\s", "", text)  # a milestone (wrapped)
    assert "UNESCO Chair on Digitalization in TVET" not in text
    indicator = browser.find_element(By.ID, "indicator-intl_students").text
    assert indicator.endswith(" 人"), indicator

    browser.get(f"{server}/trends?lang=zh")
    assert "首个海外职业教育培训中心启用（泰国）" in _drawn(browser, PAGES["/trends"])


def test_an_empty_chinese_grid_says_so_in_chinese(server, browser):
    browser.get(f"{server}/events?lang=zh")
    _drawn(browser, PAGES["/events"])
    box = browser.find_element(By.CSS_SELECTOR, "#events-grid .ag-floating-filter input")
    box.send_keys("qqqqqqqq", Keys.ENTER)
    overlay = "#events-grid .ag-overlay-no-rows-center, #events-grid .ag-overlay-no-matching-rows-center"
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, overlay))
    shown = browser.find_element(By.CSS_SELECTOR, overlay).text
    assert shown == "没有符合筛选条件的记录", shown
