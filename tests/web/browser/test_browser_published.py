"""The overview's indicators and published figures, in the browser."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from selenium.webdriver.common.by import By

from dashboard.ingest.workbook import write_workbook
from tests.support.browser import wait_for
from tests.support.paths import COOPDASH

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def _published(browser) -> str:
    wait_for(browser, lambda d: d.find_elements(By.ID, "published-figures"))
    return browser.find_element(By.ID, "published-figures").text


def test_the_sample_shows_its_indicators_and_ticks_the_seed_figures(server, browser):
    browser.get(server + "/")
    text = _published(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#published-figures .published-agrees")) == 4
    assert not browser.find_elements(By.CSS_SELECTOR, "#published-figures .published-disagrees")
    assert "23 professional curriculum standards" in text and "✓" in text
    cards = browser.find_elements(By.CSS_SELECTOR, "#indicators .kpi")
    assert len(cards) >= 3
    assert "953 students" in browser.find_element(By.ID, "indicator-intl_students").text


def test_a_figure_the_records_no_longer_support_gets_a_warning_with_both_numbers(server, browser, tmp_path):
    claim = {"statement": "We run 10 centres", "figure": "Training centres", "value": 10, "date": dt.date(2023, 5, 5)}
    path = write_workbook(tmp_path / "claim.xlsx", {"published_figure": [claim]})
    subprocess.run([str(COOPDASH), "import", str(path)], env=server.env, check=True, capture_output=True)
    browser.get(server + "/?lang=zh")
    wait_for(browser, lambda d: d.find_elements(By.ID, "published-disagrees-centres"))
    warning = browser.find_element(By.ID, "published-disagrees-centres").text
    assert "⚠" in warning and "公布为 10，但记录在 2023-05-05 给出 9" in warning
