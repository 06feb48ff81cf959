"""Owners in the app: the owner column and the last reminder on the Partners page, and a signed-in
person's own agreements."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from dashboard.store import accounts
from dashboard.store.store import Store
from tests.support.browser import wait_for
from tests.support.cli import Cli
from tests.support.owners import FALLBACK, with_owners
from tests.support.servers import Server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(serve, tmp_path_factory):
    from tests.support.smtp import SmtpServer

    home = tmp_path_factory.mktemp("owners")
    db_url = f"sqlite:///{home / 'coopdash.sqlite'}"
    cli = Cli(db_url, home)
    assert cli("import", with_owners(home / "owned.xlsx")).returncode == 0
    smtp = SmtpServer()
    try:
        cli.env |= {"COOPDASH_TODAY": "2026-11-25", "COOPDASH_SMTP_URL": smtp.url}
        assert cli("remind", "--to", FALLBACK).returncode == 0
    finally:
        smtp.stop()
    store = Store(db_url)
    accounts.add(store, "li", "viewer", "li-password-1")
    accounts.set_email(store, "li", "li.wei@example.edu")
    store.engine.dispose()
    started = Server(home, {"COOPDASH_TODAY": "2026-11-25", "COOPDASH_PUBLIC_VIEW": "0"}, db_url=db_url)
    yield started
    started.stop()


def _sign_in(server, browser, name: str, password: str) -> None:
    """Sign in over HTTP, then hand the session cookie to the browser."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(server + "/login") as response:
        token = re.search(r'name="csrf" value="([^"]+)"', response.read().decode()).group(1)
    form = urllib.parse.urlencode({"name": name, "password": password, "csrf": token}).encode()
    with opener.open(server + "/login", form) as response:  # signed in: sent on from the sign-in page
        landed, page = urllib.parse.urlsplit(response.geturl()).path, response.read().decode()
    assert landed != "/login", f"signing in as {name} failed: {re.sub(r'<[^>]+>', ' ', page)[:400]}"
    assert any(cookie.name == "session" for cookie in jar), [cookie.name for cookie in jar]
    browser.get(server + "/login")
    browser.delete_all_cookies()  # cookies are kept per host, not per port: none left from another module's server
    for cookie in jar:
        browser.add_cookie({"name": cookie.name, "value": cookie.value, "path": "/"})


def _rows(browser, selector: str) -> list[list[str]]:
    return [
        [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in browser.find_elements(By.CSS_SELECTOR, f"{selector} tbody tr")
    ]


def test_partners_show_owners_the_last_reminder_and_my_agreements(server, browser):
    _sign_in(server, browser, "li", "li-password-1")
    browser.get(server + "/partners")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#expiring-table tbody tr"), timeout=60)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#my-agreements-table tbody tr"))
    expiring = {row[0]: row for row in _rows(browser, "#expiring-table")}
    selangor = expiring["Selangor Institute of Technology"]
    assert selangor[5] == "li.wei@example.edu"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \(30-day notice\)", selangor[6]), selangor
    assert expiring["Addis Ababa Technical and Vocational College"][5] == ""  # nobody's: the fallback was reminded
    mine = _rows(browser, "#my-agreements-table")
    assert [row[0] for row in mine] == ["Selangor Institute of Technology"]
    assert mine[0][3] == "2026-12-15" and "30-day notice" in mine[0][5]


def test_the_data_page_shows_the_owner_column(server, browser):
    _sign_in(server, browser, "li", "li-password-1")
    browser.get(server + "/data?table=agreement")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#data-grid .ag-header-cell-text"))
    wait_for(
        browser,
        lambda d: (
            "Owner (email)"
            in [
                h.get_attribute("textContent")
                for h in d.find_elements(By.CSS_SELECTOR, "#data-grid .ag-header-cell-text")
            ]
        ),
    )
