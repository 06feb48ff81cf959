"""The upload preview lists the first fifty records to add of each type, and the rest is a click
away: a workbook of every record the commit would add and every change, with their Excel rows."""

from __future__ import annotations

import base64
import datetime as dt
import io
import urllib.error
import urllib.parse
import urllib.request

import pytest
from openpyxl import load_workbook

from tests.support.dash_client import post_callback
from tests.support.paths import SAMPLE

NEW = 60  # more than the preview lists


@pytest.fixture(scope="module")
def server(serve):
    return serve()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> bytes:
    """The sample with one partner's city changed (row 4) and sixty new partners below."""
    book = load_workbook(SAMPLE)
    sheet = book["Partner institutions"]
    assert sheet.cell(row=4, column=3).value == "Bangkok"
    sheet.cell(row=4, column=3).value = "Chiang Mai"
    last = sheet.max_row
    for n in range(NEW):
        sheet.append(
            [f"Rift Valley Skills Academy {n:02d}", "Kenya", "Nakuru", "Vocational college", dt.datetime(2024, 1, 1)]
        )
    assert sheet.max_row == last + NEW
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(server, data: bytes, lang: str = "en") -> dict:
    contents = "data:application/octet-stream;base64," + base64.b64encode(data).decode()
    status, body = post_callback(
        server.url,
        "upload-payload",
        "data",
        {"contents": contents, "filename": "update.xlsx"},
        state={("lang", "data"): lang},
    )
    assert status == 200, body
    return body["response"]


def _link(report: object) -> str:
    """The href of the report's download link."""
    text = str(report)
    start = text.index("'href': '/upload/") + len("'href': '")
    return text[start : text.index("'", start)]


def test_the_preview_lists_fifty_and_its_download_holds_every_record_to_add_and_every_change(server, workbook):
    response = _upload(server, workbook)
    report = response["upload-report"]["children"]
    assert f"The first 50 of {NEW} new partner institutions are listed" in str(report)
    href = _link(report)
    assert href == f"/upload/{response['upload-token']['data']}/preview.xlsx?lang=en"
    with urllib.request.urlopen(server.url + href, timeout=60) as answer:
        assert answer.status == 200 and "update-preview.xlsx" in answer.headers["Content-Disposition"]
        book = load_workbook(io.BytesIO(answer.read()))

    partners = list(book["Partner institution"].iter_rows(values_only=True))
    assert partners[0][:3] == ("Row", "Partner name", "Country or region")
    assert len(partners) == 1 + NEW  # every one, not the fifty on screen
    assert [row[1] for row in partners[1:]] == [f"Rift Valley Skills Academy {n:02d}" for n in range(NEW)]
    assert [row[0] for row in partners[1:3]] == [32, 33]  # each with its Excel row
    changes = list(book["Changed records"].iter_rows(values_only=True))
    assert ("Partner institution", "Chao Phraya Technical College", 4, "City", "Bangkok", "Chiang Mai") in changes


def test_the_download_is_the_uploaders_alone_and_a_malformed_choice_is_refused(server, workbook):
    """(Another editor's token: tests/store/test_accounts.py, with accounts.)"""
    href = _link(_upload(server, workbook)["upload-report"]["children"])
    token = href.split("/")[2]
    for path, status in (
        (f"/upload/{'x' * len(token)}/preview.xlsx", 404),  # no such upload
        (f"/upload/{token}/preview.xlsx?accept=" + urllib.parse.quote('[["partner"]]'), 400),
        (f"/upload/{token}/preview.xlsx?accept=%00%0D%0A", 400),
        (f"/upload/{token}/preview.xlsx?accept=1,-2", 400),
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url + path, timeout=60)
        assert refused.value.code == status, path
