"""The static public site in the real browser, served by a plain static web server: the same
figures as the live public page, and the map drawn with nothing asked of any other site."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from tests.support.browser import requested_urls, wait_for
from tests.support.paths import COOPDASH
from tests.support.postgres import free_port

pytestmark = pytest.mark.browser

MAP_SHAPES = "#public-map .choroplethlocation, #public-map .scattergeo .point"


@pytest.fixture(scope="module")
def server(serve):
    return serve()


@pytest.fixture
def static_server(server, tmp_path):
    """``coopdash publish`` from the live server's database, served by Python's http.server."""
    site = tmp_path / "site"
    subprocess.run(
        [str(COOPDASH), "publish", "--out", str(site)],
        env={**server.env, "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            assert time.monotonic() < deadline and process.poll() is None, "http.server did not start"
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def _figures(browser) -> dict[str, str]:
    cards = browser.find_elements(By.CSS_SELECTOR, "#public-kpis .kpi-value")
    return {card.get_attribute("id"): card.text for card in cards}


@pytest.mark.parametrize(("page", "query"), [("index.html", ""), ("zh.html", "?lang=zh")])
def test_the_static_site_shows_the_live_public_figures_and_draws_the_map_from_its_own_files(
    server, static_server, browser, page, query
):
    browser.get(server + "/public" + query)
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, MAP_SHAPES)) >= 15)
    live = _figures(browser)
    live_labels = browser.find_element(By.ID, "public-kpis").text
    assert live["kpi-standards_adopted"] == "23"

    requested_urls(browser)  # forget the live page's requests
    browser.get(f"{static_server}/{page}")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, MAP_SHAPES)) >= 15)
    assert _figures(browser) == live
    assert browser.find_element(By.ID, "public-kpis").text == live_labels  # the same labels, in the same language
    asked = [u for u in requested_urls(browser) if not u.startswith("data:")]
    assert asked and all(u.startswith(static_server + "/") for u in asked), asked
    assert any(u.endswith("/topojson/world_110m.json") for u in asked)
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_the_app_serves_the_same_site_under_its_security_policy(server, browser):
    browser.get(server + "/public?lang=zh")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, MAP_SHAPES)) >= 15)
    live = _figures(browser)
    browser.get_log("browser")  # forget the live page's messages
    requested_urls(browser)
    browser.get(server + "/public/site/zh.html")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, MAP_SHAPES)) >= 15)
    assert _figures(browser) == live
    assert all(u.startswith(server.url + "/") for u in requested_urls(browser) if not u.startswith("data:"))
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []  # no script refused by the CSP
