"""An office's own workbook through the upload page: the proposed mapping, its live preview,
confirm, the usual preview and commit; next month's file in the same layout needs no mapping."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By

from dashboard.store.store import Store
from tests.support.browser import text_of as _text
from tests.support.browser import upload as _upload
from tests.support.browser import wait_for
from tests.support.layouts import PARTNERS_ZH

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def _click(browser, element_id: str) -> None:
    element = browser.find_element(By.ID, element_id)
    wait_for(browser, lambda d: element.is_enabled())
    browser.execute_script("arguments[0].click()", element)  # below the fold, under the sticky header


def test_an_own_workbook_is_mapped_previewed_committed_and_next_month_needs_no_mapping(server, browser, tmp_path):
    browser.get(server + "/upload")
    wait_for(browser, lambda d: d.find_elements(By.ID, "template-download"))
    _upload(browser, PARTNERS_ZH.write(tmp_path / "合作院校-5月.xlsx"))

    # The proposal: every column with its samples, the fields it fills and a confidence.
    wait_for(browser, lambda d: "layout of its own" in _text(d, "mapping-intro"))
    columns = _text(browser, "mapping-columns-0")
    assert "B · 院校名称" in columns and "曼谷职业技术学院" in columns
    assert "Partner institution › Partner name" in columns and "Agreement › Partner institution" in columns
    assert "Agreement › Kind" in columns and "Agreement › Signed" in columns
    values = _text(browser, "mapping-values-0")
    assert "长期" in values and "学分互认" in values

    # The live preview of the first records, as they will be read (长期 → blank, 泰国 → THA).
    wait_for(browser, lambda d: "曼谷职业技术学院" in _text(d, "map-preview-partner"))
    assert "THA" in _text(browser, "map-preview-partner")
    assert "2021-03-15" in _text(browser, "map-preview-agreement")
    assert browser.find_element(By.ID, "upload-commit").get_attribute("disabled")

    # Confirm: the usual report and preview, then commit.
    _click(browser, "map-confirm")
    wait_for(browser, lambda d: "ready to import" in _text(d, "upload-outcome"))
    assert "Read with the mapping given." in _text(browser, "upload-profile")
    counts = _text(browser, "upload-counts")
    assert "Partner institution 6 0 0 0" in counts and "Agreement 6 0 0 0" in counts
    _click(browser, "upload-commit")
    wait_for(browser, lambda d: "as batch 2." in _text(d, "upload-outcome"))
    store = Store(server.db_url)
    agreements = store.records("agreement").set_index("partner")
    assert agreements.at["新加坡理工学院", "kind"] == "other"  # 学分互认, as proposed and left
    assert store.batches()[-1]["mapping"]["sheets"][0]["sheet"] == "合作院校名单"

    # Next month, in Chinese: the same layout is read with the saved profile, no question asked.
    rows = [
        *PARTNERS_ZH.rows,
        (7, "金边理工学院", "柬埔寨", "职业院校", "合作备忘录", dt.date(2025, 6, 2), None, "", ""),
    ]
    browser.get(server + "/upload?lang=zh")
    wait_for(browser, lambda d: d.find_elements(By.ID, "template-download"))
    _upload(browser, PARTNERS_ZH.write(tmp_path / "合作院校-6月.xlsx", rows))
    wait_for(browser, lambda d: "校验通过" in _text(d, "upload-outcome"))
    assert "已按映射方案" in _text(browser, "upload-profile")
    assert not browser.find_elements(By.ID, "mapping-intro")
    _click(browser, "upload-commit")
    wait_for(browser, lambda d: "批次 3" in _text(d, "upload-outcome"))
    assert "金边理工学院" in set(store.records("partner")["name"])
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
