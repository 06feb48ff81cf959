"""The partners, events and data pages in a real headless Chromium against ``coopdash serve``."""

from __future__ import annotations

import json
import subprocess
import time

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from tests.support.browser import wait_for
from tests.support.paths import COOPDASH

pytestmark = pytest.mark.browser

SAMPLE_TODAY = "2026-11-25"  # the day the sample's agreements are set around


@pytest.fixture(scope="module")
def server(serve):
    return serve(COOPDASH_TODAY=SAMPLE_TODAY)


def _start_logs(driver: webdriver.Chrome) -> None:
    driver.get_log("browser")
    driver.get_log("performance")


def _assert_clean(driver: webdriver.Chrome, server) -> None:
    """No error in the console and no request to another host."""
    time.sleep(0.5)  # let late requests and console messages arrive
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    foreign = [u for u in urls if not u.startswith((server + "/", "data:", "blob:"))]
    assert foreign == []


def _texts(driver: webdriver.Chrome, selector: str) -> list[str]:
    return [element.text for element in driver.find_elements(By.CSS_SELECTOR, selector)]


def _shown(driver: webdriver.Chrome) -> int:
    return int(driver.find_element(By.ID, "data-shown").text or -1)


@pytest.mark.parametrize(
    "path, ready",
    [
        ("/partners", "#partners-by-country .bars .point"),
        ("/events", "#events-timeline .scatterlayer .point"),
        ("/data?table=event", "#data-grid .ag-row"),
    ],
)
def test_pages_render_without_errors_or_foreign_requests(server, browser, path, ready):
    _start_logs(browser)
    browser.get(server + path)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ready))
    _assert_clean(browser, server)


def test_expiring_agreements_are_listed_soonest_first(server, browser):
    browser.get(server + "/partners")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#expiring-table tbody tr"))
    rows = [
        row.find_elements(By.TAG_NAME, "td")
        for row in browser.find_elements(By.CSS_SELECTOR, "#expiring-table tbody tr")
    ]
    partners = [cells[0].text for cells in rows]
    assert partners == [
        "Addis Ababa Technical and Vocational College",
        "Selangor Institute of Technology",
        "Nairobi National Polytechnic College",
        "Karachi Polytechnic College",
        "Macao Institute of Applied Skills",
    ]
    assert [cells[4].text for cells in rows] == ["4", "20", "43", "45", "57"]
    assert rows[1][3].text == "2026-12-15"
    assert "Colombo College of Engineering Skills" in _texts(browser, "#dormant-table tbody td")


def test_the_event_kind_filter_narrows_the_list_and_writes_the_url(server, browser):
    browser.get(server + "/events")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#events-grid .ag-row"))
    assert browser.find_element(By.ID, "events-count").text == "Event list (38)"
    browser.find_element(By.ID, "events-kind").click()
    option = wait_for(
        browser, lambda d: [o for o in d.find_elements(By.CSS_SELECTOR, "[role=option]") if o.text == "Signing"]
    )
    option[0].click()
    wait_for(browser, lambda d: "kind=signing" in d.current_url)
    wait_for(browser, lambda d: d.find_element(By.ID, "events-count").text != "Event list (38)")
    count = int(browser.find_element(By.ID, "events-count").text.split("(")[1].rstrip(")"))
    assert 0 < count < 38
    kinds = wait_for(browser, lambda d: _texts(d, "#events-grid .ag-row [col-id=kind]"))
    assert set(kinds) == {"Signing"}
    browser.back()  # the filter lives in the URL: back undoes it
    wait_for(browser, lambda d: d.find_element(By.ID, "events-count").text == "Event list (38)")


def test_data_page_shows_the_adoptions_and_quick_search_narrows_them(server, browser):
    browser.get(server + "/data")
    tab = wait_for(browser, lambda d: d.find_elements(By.ID, "data-tab-adoption"))
    tab[0].click()
    wait_for(browser, lambda d: "table=adoption" in d.current_url)
    wait_for(browser, lambda d: _shown(d) == 71)
    assert browser.execute_script("return dash_ag_grid.getApi('data-grid').getDisplayedRowCount()") == 71
    headers = _texts(browser, "#data-grid .ag-header-cell-text")
    assert headers[:2] == ["Standard code", "Adopting institution"] and "File" in headers
    browser.find_element(By.ID, "data-search").send_keys("Vientiane")
    wait_for(browser, lambda d: 0 < _shown(d) < 71)
    assert browser.execute_script("return dash_ag_grid.getApi('data-grid').getDisplayedRowCount()") == _shown(browser)
    institutions = _texts(browser, "#data-grid .ag-row [col-id=institution]")
    assert institutions and all("Vientiane" in name for name in institutions)


@pytest.mark.parametrize(
    "path, selector, expected",
    [
        (
            "/data?table=adoption&lang=zh",
            "#data-grid .ag-header-cell-text",
            {"标准编号", "采用机构", "国家或地区", "文件"},
        ),
        ("/events?lang=zh", "#events-grid .ag-header-cell-text", {"活动名称", "开始日期", "活动类型"}),
        ("/partners?lang=zh", "#expiring-table th", {"合作机构", "协议类型", "剩余天数"}),
    ],
)
def test_chinese_headers(server, browser, path, selector, expected):
    browser.get(server + path)
    headers = wait_for(browser, lambda d: set(_texts(d, selector)) >= expected and _texts(d, selector))
    assert "Partner" not in headers


def test_sections_with_nothing_to_show_say_so(server, browser):
    browser.get(server + "/partners?country=ATA")
    wait_for(browser, lambda d: d.find_elements(By.ID, "expiring-none") and d.find_elements(By.ID, "dormant-none"))
    browser.get(server + "/events?country=ATA")
    wait_for(browser, lambda d: d.find_elements(By.ID, "events-none"))
    browser.get(server + "/data?table=adoption&country=ATA")
    wait_for(browser, lambda d: d.find_elements(By.ID, "data-none"))


def test_an_empty_database_shows_the_empty_state(serve, browser):
    empty = serve()
    subprocess.run([str(COOPDASH), "rollback", "1"], env=empty.env, check=True, capture_output=True)
    for path in ("/partners", "/events", "/data"):
        _start_logs(browser)
        browser.get(empty + path)
        wait_for(browser, lambda d: d.find_elements(By.ID, "empty-state"))
        _assert_clean(browser, empty)


def test_partner_controls_write_the_url(server, browser):
    browser.get(server + "/partners")
    months = wait_for(browser, lambda d: d.find_elements(By.ID, "partners-dormant-months"))[0]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#dormant-table tbody tr")) == 4
    months.clear()
    months.send_keys("6\n")
    wait_for(browser, lambda d: "dormant_months=6" in d.current_url)
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#dormant-table tbody tr")) == 6)
    browser.find_element(By.ID, "partners-type").click()
    option = wait_for(
        browser, lambda d: [o for o in d.find_elements(By.CSS_SELECTOR, "[role=option]") if o.text == "University"]
    )
    option[0].click()
    wait_for(browser, lambda d: "type=university" in d.current_url and "dormant_months=6" in d.current_url)
    wait_for(browser, lambda d: d.find_elements(By.ID, "expiring-none"))  # no university agreement runs out
