"""The dashboard in a real headless Chromium, served by ``coopdash serve`` as a user starts it."""

from __future__ import annotations

import json
import time

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from conftest import wait_for

pytestmark = pytest.mark.browser

def _requested_urls(driver: webdriver.Chrome) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def test_overview_shows_figures_and_an_offline_map(server, browser):
    browser.get_log("performance")  # start with an empty log
    browser.get(server + "/")
    wait_for(browser, lambda d: d.find_elements(By.ID, "kpi-standards_adopted"))
    kpis = {key: browser.find_element(By.ID, f"kpi-{key}").text
            for key in ("standards_adopted", "adoption_countries", "centres", "centre_countries")}
    assert kpis == {"standards_adopted": "23", "adoption_countries": "15", "centres": "9",
                    "centre_countries": "7"}

    # The map is drawn: one shape per adopting country or region, from the app's own topojson.
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#adoption-map .choroplethlocation")) >= 15)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#centres-by-country .bars .point"))
    time.sleep(0.5)  # let late requests and console messages arrive

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    urls = _requested_urls(browser)
    assert server + "/assets/topojson/world_110m.json" in urls
    foreign = [u for u in urls if not u.startswith((server + "/", "data:", "blob:"))]
    assert foreign == []
