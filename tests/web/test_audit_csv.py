"""The audit log as a csv opens in a spreadsheet as text: a name an attacker typed into the
sign-in form never runs as a formula there, whatever spaces or line breaks lead it."""

from __future__ import annotations

import csv
import http.cookiejar
import io
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request

from tests.support.paths import COOPDASH

# Four: a fifth failure from one address would lock the admin's own sign-in out for a while.
HOSTILE_NAMES = ['\n=HYPERLINK("http://x")', " =1+1", "  @SUM(A1)", "\r+1"]


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def _sign_in(server, opener, name: str, password: str) -> None:
    with opener.open(server + "/login") as response:
        token = re.search(r'name="csrf" value="([^"]+)"', response.read().decode()).group(1)
    data = urllib.parse.urlencode({"name": name, "password": password, "csrf": token}).encode()
    try:
        opener.open(server + "/login", data=data).close()
    except urllib.error.HTTPError:
        pass


def test_names_typed_at_sign_in_reach_the_audit_csv_as_inert_text(serve):
    server = serve(COOPDASH_PUBLIC_VIEW="0")
    subprocess.run(
        [str(COOPDASH), "user", "add", "ada", "--role", "admin"],
        input="admin-password-1",
        text=True,
        env=server.env,
        check=True,
        capture_output=True,
    )
    for name in HOSTILE_NAMES:
        _sign_in(server, _opener(), name, "wrong password")

    admin = _opener()
    _sign_in(server, admin, "ada", "admin-password-1")
    with admin.open(server + "/admin/audit.csv") as response:
        rows = list(csv.reader(io.StringIO(response.read().decode("utf-8-sig"))))
    users = {row[1] for row in rows[1:]}
    for name in HOSTILE_NAMES:  # line breaks never reach the log (a name is printable); the rest is inert
        assert "'" + "".join(c for c in name if c.isprintable()) in users, (name, users)
