"""The public page for the whole internet: its content from the shared cache, with ETag and
Cache-Control, so a proxy or CDN can answer for the server; a commit changes what it names."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.support.public import add_a_standard_adopted_in_uruguay, page_figures
from tests.support.servers import Server

pytestmark = pytest.mark.databases  # on SQLite and on PostgreSQL


def _get(url: str, etag: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def server(db_url, tmp_path):
    started = Server(tmp_path, db_url=db_url)
    yield started
    started.stop()


def test_the_public_site_is_sent_with_an_etag_and_answered_304_when_the_client_holds_it(server):
    status, headers, body = _get(server + "/public/site/")
    assert status == 200 and b'id="public-kpis"' in body and b">23<" in body
    assert headers["Cache-Control"] == "public, max-age=60"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    etag = headers["ETag"]
    status, again, body = _get(server + "/public/site/", etag)
    assert (status, body, again["ETag"]) == (304, b"", etag)
    for name in ("zh.html", "data.json", "site.js", "plotly.min.js", "topojson/world_110m.json"):
        status, headers, body = _get(server + "/public/site/" + name)
        assert status == 200 and body and "public" in headers["Cache-Control"], name
        assert _get(server + "/public/site/" + name, headers["ETag"])[0] == 304, name
    assert _get(server + "/public/site/secret_key")[0] == 404


def test_a_commit_changes_the_etag_and_the_figures_of_the_public_page(server, tmp_path):
    status, headers, body = _get(server + "/public/data.json?lang=zh")
    before = json.loads(body)
    figures = {f["key"]: f["value"] for f in before["figures"]}
    assert (before["lang"], figures["standards_adopted"], figures["adoption_countries"]) == ("zh", 23, 15)
    assert page_figures(server.url, "/public", "?lang=zh")["standards_adopted"] == "23"
    etag, site_etag = headers["ETag"], _get(server + "/public/site/data.json")[1]["ETag"]

    add_a_standard_adopted_in_uruguay(server.db_url, tmp_path)

    status, headers, body = _get(server + "/public/data.json?lang=zh", etag)
    assert status == 200 and headers["ETag"] != etag  # the held copy is stale: the whole new one comes
    after = {f["key"]: f["value"] for f in json.loads(body)["figures"]}
    assert (after["standards_adopted"], after["adoption_countries"]) == (24, 16)
    assert _get(server + "/public/site/data.json", site_etag)[0] == 200
    assert (
        page_figures(server.url, "/public", "?lang=zh")["standards_adopted"] == "24"
    )  # the page's callback: not a stale copy either
