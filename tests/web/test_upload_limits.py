"""Upload limits hold on the server, whatever the browser does, and the user is told."""

from __future__ import annotations

import base64
import urllib.error
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from dashboard.batches import uploads
from tests.support.browser import wait_for
from tests.support.dash_client import post_callback
from tests.support.database import dump
from tests.support.paths import SAMPLE

LIMIT_MB = "0.01"  # 10,485 bytes: the sample workbook is larger


@pytest.fixture(scope="module")
def server(serve):
    return serve(COOPDASH_MAX_UPLOAD_MB=LIMIT_MB)


def _data_url(data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def test_an_oversized_file_posted_straight_to_the_callback_is_refused_with_a_message(server):
    assert SAMPLE.stat().st_size > 0.01 * 2**20
    before = dump(server.db_path)
    status, body = post_callback(
        server.url,
        "upload-payload",
        "data",
        {"contents": _data_url(SAMPLE.read_bytes()), "filename": "sample.xlsx"},
        state={("lang", "data"): "en"},
    )
    assert status == 200
    report = str(body["response"]["upload-report"]["children"])
    assert "uploads are limited to 0.01 MB" in report
    assert body["response"]["upload-commit"]["disabled"] is True
    assert dump(server.db_path) == before


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(server):
    body = b"{" + b" " * (uploads.request_limit(int(0.01 * 2**20)) + 10) + b"}"
    request = urllib.request.Request(
        server + "/_dash-update-component", data=body, headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 413


def test_the_browser_says_at_once_that_a_file_is_too_large(server, browser):
    browser.get(server + "/upload")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#upload-file input[type=file]"))
    browser.find_element(By.CSS_SELECTOR, "#upload-file input[type=file]").send_keys(str(SAMPLE))
    wait_for(browser, lambda d: "uploads are limited to" in d.find_element(By.ID, "upload-client-message").text)
    assert browser.find_element(By.ID, "upload-report").text == ""


def test_not_a_spreadsheet_and_a_damaged_payload_are_refused_with_words():
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.decode(_data_url(b"hello"), "../../notes.txt", 1000)
    assert "“notes.txt” is not a spreadsheet" in refused.value.problem.message()
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.decode("data:;base64,@@@", "a.xlsx", 1000)
    assert "damaged" in refused.value.problem.message()
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.decode(_data_url(bytes(2000)), "a.xlsx", 1000)
    assert "limited to" in refused.value.problem.message()
