"""The dashboard in a real headless Chromium, served by ``coopdash serve`` as a user starts it."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By

from tests.support.browser import requested_urls, wait_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def test_overview_shows_figures_and_an_offline_map(server, browser):
    browser.get_log("performance")  # start with an empty log
    browser.get(server + "/")
    wait_for(browser, lambda d: d.find_elements(By.ID, "kpi-standards_adopted"))
    kpis = {
        key: browser.find_element(By.ID, f"kpi-{key}").text
        for key in ("standards_adopted", "adoption_countries", "centres", "centre_countries")
    }
    assert kpis == {"standards_adopted": "23", "adoption_countries": "15", "centres": "9", "centre_countries": "7"}

    # The map is drawn: one shape per adopting country or region, from the app's own topojson, and
    # a point for Macao, too small for an outline.
    drawn = "#adoption-map .choroplethlocation, #adoption-map .scattergeo .point"
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, drawn)) >= 15)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#centres-by-country .bars .point"))
    time.sleep(0.5)  # let late requests and console messages arrive

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    urls = requested_urls(browser)
    assert server + "/assets/topojson/world_110m.json" in urls
    foreign = [u for u in urls if not u.startswith((server + "/", "data:", "blob:"))]
    assert foreign == []


def test_every_response_carries_the_security_headers(server, browser):
    import urllib.request

    with urllib.request.urlopen(server + "/") as response:
        headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
