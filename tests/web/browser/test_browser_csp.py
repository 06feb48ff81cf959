"""Every page runs under the Content-Security-Policy without ``eval`` or unlisted inline
scripts: Chromium refuses nothing, and the charts, map and grid still draw."""

from __future__ import annotations

import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from tests.support.browser import wait_for
from tests.support.paths import SAMPLE

pytestmark = pytest.mark.browser

PAGES = [
    ("/", "#adoption-map .choroplethlocation"),
    ("/trends", "#trend-chart .bars .point"),
    ("/regions", "#regions-map .choroplethlocation"),
    ("/partners", "#partners-by-country .bars .point"),
    ("/events", "#events-timeline .scatterlayer .point"),
    ("/data?table=event", "#data-grid .ag-row"),
    ("/country/KEN", "#country-adoption table"),
    ("/upload", "#upload-file input[type=file]"),
    ("/public", "#public-map .choroplethlocation"),
]


@pytest.fixture(scope="module")
def server(serve):
    return serve(COOPDASH_TODAY="2026-11-25")


def _refusals(browser) -> list[str]:
    time.sleep(0.5)  # let late console messages arrive
    return [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]
    ]


def test_the_policy_allows_no_eval_and_no_inline_script_but_dashs_own(server):
    with urllib.request.urlopen(server + "/") as response:
        policy = response.headers["Content-Security-Policy"]
    scripts = next(d for d in policy.split(";") if d.strip().startswith("script-src")).split()
    assert "'unsafe-eval'" not in scripts and "'unsafe-inline'" not in scripts
    assert any(source.startswith("'sha256-") for source in scripts)


@pytest.mark.parametrize(("path", "ready"), PAGES)
def test_every_page_draws_with_nothing_refused_by_the_policy(server, browser, path, ready):
    browser.get_log("browser")  # start with an empty log
    browser.get(server + path)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ready))
    assert _refusals(browser) == []


def test_the_clientside_callbacks_run_under_the_policy(server, browser):
    browser.get(server + "/data?table=event")
    wait_for(browser, lambda d: d.find_element(By.ID, "data-shown").text.isdigit())
    browser.get_log("browser")
    browser.get(server + "/upload")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#upload-file input[type=file]"))
    browser.find_element(By.CSS_SELECTOR, "#upload-file input[type=file]").send_keys(str(SAMPLE))
    wait_for(browser, lambda d: d.find_element(By.ID, "upload-outcome").text)
    assert _refusals(browser) == []
