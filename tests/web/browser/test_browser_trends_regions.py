"""The trends, regions and country pages in a real headless Chromium against ``coopdash serve``."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from dashboard.analysis.snapshot import load
from dashboard.charts.geo import country_profile
from dashboard.model import countries
from tests.support.browser import requested_urls, wait_for

pytestmark = pytest.mark.browser

CHART_TITLE = "#trend-chart .gtitle"
MAP_SHAPES = "#regions-map .choroplethlocation"
MAP_POINTS = "#regions-map .scattergeo .point"  # places too small for an outline: Macao


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def _text(driver: webdriver.Chrome, css: str) -> str:
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0].text if found else ""


def _query(driver: webdriver.Chrome) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def _open_trends(browser, url: str) -> None:
    browser.get(url)
    wait_for(browser, lambda d: _text(d, CHART_TITLE))


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/trends", CHART_TITLE),
        ("/trends?metric=agreements&mode=cumulative&split=subregion&freq=month", "#trend-chart .scatterlayer .trace"),
        ("/regions", MAP_SHAPES),
        ("/regions?metric=partners&lang=zh", "#regions-by-subregion .bars .point"),
        ("/country/KEN", "#country-adoption table"),
        ("/country/XYZ", "#country-unknown"),
    ],
)
def test_each_page_renders_cleanly_and_offline(server, browser, path, ready):
    browser.get_log("performance")  # start with empty logs
    browser.get_log("browser")
    browser.get(server + path)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ready))
    time.sleep(0.5)  # let late requests and console messages arrive
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    foreign = [u for u in requested_urls(browser) if not u.startswith((server + "/", "data:", "blob:"))]
    assert foreign == []


def test_choosing_a_metric_redraws_and_the_url_keeps_it(server, browser):
    _open_trends(browser, server + "/trends?from=2016")
    wait_for(browser, lambda d: _text(d, CHART_TITLE) == "Adoptions: new per year")
    wait_for(browser, lambda d: Select(d.find_element(By.ID, "trend-metric")).select_by_value("events") or True)
    wait_for(browser, lambda d: _text(d, CHART_TITLE) == "Events: new per year")
    assert _query(browser)["metric"] == ["events"] and _query(browser)["from"] == ["2016"]

    wait_for(
        browser, lambda d: d.find_element(By.CSS_SELECTOR, "#trend-mode input[value='cumulative']").click() or True
    )
    wait_for(browser, lambda d: _text(d, CHART_TITLE) == "Events: cumulative total")
    assert _query(browser)["mode"] == ["cumulative"]
    wait_for(browser, lambda d: _text(d, "#trend-table tbody tr").startswith("2016"))

    browser.back()  # each setting is a step in the browser's history
    wait_for(browser, lambda d: _text(d, CHART_TITLE) == "Events: new per year")


def test_a_url_restores_the_view_in_chinese(server, browser):
    _open_trends(browser, server + "/trends?metric=centres&freq=quarter&lang=zh")
    # The shell may rewrite the query in its own order and redraw: every check waits it out.
    wait_for(browser, lambda d: Select(d.find_element(By.ID, "trend-metric")).first_selected_option.text == "培训中心")
    wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#trend-freq input[value='quarter']").is_selected())
    wait_for(browser, lambda d: _text(d, CHART_TITLE) == "培训中心：每季度新增")
    wait_for(browser, lambda d: _text(d, "h1") == "趋势" and _text(d, "#trend-table thead th") == "时间")
    wait_for(browser, lambda d: "季度" in _text(d, "#trend-table tbody tr"))
    wait_for(browser, lambda d: _text(d, "#filter-years-label") == "年份")  # the shell follows the URL
    assert _query(browser) == {"metric": ["centres"], "freq": ["quarter"], "lang": ["zh"]}


def test_the_map_shows_every_adopting_country(server, browser):
    browser.get(server + "/regions")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, f"{MAP_SHAPES}, {MAP_POINTS}")) >= 15)
    links = browser.find_elements(By.CSS_SELECTOR, "#regions-table tbody tr")
    assert len(links) == len(browser.find_elements(By.CSS_SELECTOR, f"{MAP_SHAPES}, {MAP_POINTS}"))


def test_a_place_too_small_for_an_outline_is_a_point_that_opens_it(server, browser):
    browser.get(server + "/regions?metric=adoption_countries")
    point = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, MAP_POINTS))[0]
    ActionChains(browser).move_to_element(point).click().perform()
    wait_for(browser, lambda d: urlsplit(d.current_url).path == "/country/MAC")
    wait_for(browser, lambda d: _text(d, "#country-name").startswith("Macao"))


def test_a_click_on_the_map_opens_that_country(server, browser):
    browser.get(server + "/regions?metric=adoption_countries")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, MAP_SHAPES)) >= 14)
    shapes = browser.find_elements(By.CSS_SELECTOR, MAP_SHAPES)
    largest = max(shapes, key=lambda s: s.size["width"] * s.size["height"])  # big enough to hit its middle
    ActionChains(browser).move_to_element(largest).click().perform()
    wait_for(browser, lambda d: "/country/" in d.current_url)
    iso3 = urlsplit(browser.current_url).path.rsplit("/", 1)[1]
    assert _query(browser)["metric"] == ["adoption_countries"]  # the query is kept
    wait_for(browser, lambda d: _text(d, "#country-name").startswith(countries.by_iso3(iso3).name_en))
    assert "(0)" not in _text(browser, "#country-adoption h2")


def test_a_table_link_opens_the_country_with_its_records(server, browser, sample_store):
    browser.get(server + "/regions?lang=zh")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#regions-by-subregion .bars .point"))
    link = browser.find_element(By.ID, "country-link-KEN")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", link)
    link.click()
    wait_for(browser, lambda d: _text(d, "#country-name").startswith("肯尼亚"))
    assert urlsplit(browser.current_url).path == "/country/KEN" and _query(browser)["lang"] == ["zh"]
    assert "非洲" in _text(browser, "#country-region")
    expected = country_profile(load(sample_store), "KEN", "zh")
    for name, frame in expected.items():
        assert _text(browser, f"#country-{name} h2").endswith(f"({len(frame)})")
        cells = [c.text for c in browser.find_elements(By.CSS_SELECTOR, f"#country-{name} tbody td")]
        assert cells == [str(v) for v in frame.to_numpy().ravel()]


def test_a_region_filter_keeps_its_countries_only(server, browser):
    browser.get(server + "/regions?region=002")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#regions-table tbody tr"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#regions-table tbody tr")
    regions = {row.find_elements(By.TAG_NAME, "td")[0].text for row in rows}
    assert regions == {"Africa"}
    african = {c.iso3 for c in countries.all_countries() if c.region_code == "002"}
    assert {row.get_attribute("data-iso3") for row in rows} <= african
