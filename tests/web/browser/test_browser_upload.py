"""A staff member's round trip in the browser: template, a file with mistakes, the fixed
file, preview, commit, the charts change, roll back."""

from __future__ import annotations

import datetime as dt
import io
import urllib.request

import pytest
from openpyxl import load_workbook
from selenium.webdriver.common.by import By

from dashboard.ingest.workbook import write_workbook
from tests.support.browser import text_of as _text
from tests.support.browser import upload as _upload
from tests.support.browser import wait_for

pytestmark = pytest.mark.browser

NEW_ADOPTION = {
    "standard_code": "SZPT-CS-003",
    "institution": "Lusaka Institute of Technology",
    "adopted_on": dt.date(2026, 3, 2),
    "status": "Adopted",
}


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def _kpi(browser, server, key: str) -> str:
    browser.get(server + "/")
    wait_for(browser, lambda d: d.find_elements(By.ID, f"kpi-{key}"))
    return browser.find_element(By.ID, f"kpi-{key}").text


def test_upload_fix_preview_commit_and_roll_back(server, browser, tmp_path):
    assert _kpi(browser, server, "adoption_countries") == "15"
    browser.get(server + "/upload")
    wait_for(browser, lambda d: d.find_elements(By.ID, "template-download"))
    with urllib.request.urlopen(server + "/download/template.xlsx") as response:
        template = load_workbook(io.BytesIO(response.read()))
    assert "Adoptions" in template.sheetnames

    # A workbook with a misspelt country: every problem is listed, nothing can be committed.
    wrong = write_workbook(tmp_path / "update.xlsx", {"adoption": [NEW_ADOPTION | {"country": "Zambai"}]})
    _upload(browser, wrong)
    wait_for(browser, lambda d: "cannot be imported" in _text(d, "upload-outcome"))
    errors = _text(browser, "upload-errors")
    assert "Zambai" in errors and "Did you mean Zambia?" in errors
    assert browser.find_element(By.ID, "upload-commit").get_attribute("disabled")
    marked_href = browser.find_element(By.ID, "upload-annotated").get_attribute("href")
    with urllib.request.urlopen(marked_href) as response:
        marked = load_workbook(io.BytesIO(response.read()))
    assert "Zambai" in marked["Adoptions"]["C2"].comment.text

    # The fixed workbook: a preview, then commit.
    fixed = write_workbook(tmp_path / "update-fixed.xlsx", {"adoption": [NEW_ADOPTION | {"country": "Zambia"}]})
    _upload(browser, fixed)
    wait_for(browser, lambda d: "ready to import" in _text(d, "upload-outcome"))
    assert "Adoption 1 0 0 0" in _text(browser, "upload-counts")
    added = _text(browser, "upload-added")  # the rows it will add, with their Excel row
    assert "Lusaka Institute of Technology" in added and "2026-03-02" in added
    report = browser.find_element(By.ID, "upload-report").text
    assert report.index("Records to add") > report.index("Preview")
    browser.find_element(By.ID, "upload-commit").click()
    wait_for(browser, lambda d: "Imported update-fixed.xlsx as batch 2." in _text(d, "upload-outcome"))

    # The same records again: the file changes nothing, says so, and cannot be committed.
    again = write_workbook(tmp_path / "update-again.xlsx", {"adoption": [NEW_ADOPTION | {"country": "Zambia"}]})
    _upload(browser, again)
    wait_for(browser, lambda d: "changes nothing" in _text(d, "upload-outcome"))
    assert browser.find_element(By.ID, "upload-commit").get_attribute("disabled")
    assert "update-fixed.xlsx" in _text(browser, "history-table")
    assert _kpi(browser, server, "adoption_countries") == "16"

    # Roll the batch back from the history.
    browser.get(server + "/upload")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#history-table button"))
    browser.find_element(By.CSS_SELECTOR, "#history-table button").click()  # the newest batch comes first
    wait_for(browser, lambda d: d.find_element(By.ID, "rollback-confirm").is_displayed())
    browser.find_element(By.ID, "rollback-confirm").click()
    wait_for(browser, lambda d: "Rolled back batch 2." in _text(d, "rollback-outcome"))
    assert "rolled back by batch 3" in _text(browser, "history-table")
    assert _kpi(browser, server, "adoption_countries") == "15"
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
