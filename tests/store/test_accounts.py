"""Accounts, roles and the audit trail, enforced on the server: requests are posted straight
to the app, as anyone with curl could, and refused unless the role allows them."""

from __future__ import annotations

import base64
import http.cookiejar
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest

from dashboard.store import accounts, throttle
from dashboard.store.store import Store
from tests.support.dash_client import post_callback
from tests.support.database import dump
from tests.support.paths import COOPDASH, SAMPLE

PASSWORDS = {"erin": "editor-password-1", "vic": "viewer-password-1", "eddie": "editor-password-2"}


def test_passwords_are_kept_as_salted_scrypt_hashes(store):
    accounts.add(store, "erin", "editor", PASSWORDS["erin"])
    stored = accounts.hash_password(PASSWORDS["erin"])
    assert stored.startswith("scrypt$") and PASSWORDS["erin"] not in stored
    assert stored != accounts.hash_password(PASSWORDS["erin"])  # a new salt each time
    assert accounts.authenticate(store, "erin", PASSWORDS["erin"]).role == "editor"
    assert accounts.authenticate(store, "erin", "wrong password") is None
    assert accounts.authenticate(store, "nobody", "whatever-password") is None
    with pytest.raises(accounts.AccountError, match="at least 10 characters"):
        accounts.add(store, "short", "viewer", "short")


def test_user_commands(cli):
    def run(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(COOPDASH), *args], input=password, capture_output=True, text=True, env=cli.env, cwd=cli.cwd, timeout=60
        )

    assert run("user", "add", "erin", "--role", "editor", password="editor-password-1").returncode == 0
    assert run("user", "add", "erin", "--role", "editor", password="editor-password-1").returncode == 1
    assert run("user", "add", "vic", "--role", "chief", password="viewer-password-1").returncode == 2
    assert run("user", "add", "vic", "--role", "viewer", password="short").returncode == 1
    assert run("user", "passwd", "erin", password="another-password-2").returncode == 0
    assert run("user", "role", "erin", "--role", "viewer").returncode == 0
    assert run("user", "role", "nobody", "--role", "viewer").returncode == 1
    assert run("user", "role", "erin", "--role", "chief").returncode == 2
    assert "erin                     viewer" in run("user", "list").stdout
    changed = accounts.entries(Store(cli.env["COOPDASH_DATABASE_URL"]), action="role_changed")
    assert [(e["user"], e["detail"]["name"], e["detail"]["role"]) for e in changed] == [("cli", "erin", "viewer")]
    assert run("user", "role", "erin", "--role", "editor").returncode == 0
    listing = run("user", "list").stdout
    assert "erin" in listing and "editor" in listing
    assert run("user", "remove", "erin").returncode == 0
    assert run("user", "remove", "erin").returncode == 1
    assert "erin" not in run("user", "list").stdout
    demo = run("user", "demo").stdout
    assert re.search(r"name 'editor' and password '[\w-]{12,}'", demo)
    assert run("user", "demo").stdout == ""  # once only: there are accounts now


class Session:
    """A browser-like client: cookies kept, the sign-in form filled in with its CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str, dict]:
        try:
            with self.opener.open(self.base + path) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def sign_in(self, name: str, password: str) -> tuple[int, str, dict]:
        _, page, _ = self.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"name": name, "password": password, "csrf": token}).encode()
        try:
            with self.opener.open(self.base + "/login", data=data) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def locked(serve):
    """A server whose database has an editor and a viewer, without anonymous viewing."""
    server = serve(COOPDASH_PUBLIC_VIEW="0")
    for name, role in (("erin", "editor"), ("vic", "viewer"), ("eddie", "editor")):
        subprocess.run(
            [str(COOPDASH), "user", "add", name, "--role", role],
            input=PASSWORDS[name],
            text=True,
            env=server.env,
            check=True,
            capture_output=True,
        )
    return server


def _upload(server, session: Session | None) -> tuple[int, object]:
    payload = {"contents": "data:;base64," + base64.b64encode(SAMPLE.read_bytes()).decode(), "filename": "s.xlsx"}
    return post_callback(
        server.url,
        "upload-payload",
        "data",
        payload,
        state={("lang", "data"): "en"},
        opener=session.opener if session else None,
    )


def test_an_editor_cannot_cancel_another_editors_upload(locked):
    erin, eddie = Session(locked.url), Session(locked.url)
    erin.sign_in("erin", PASSWORDS["erin"])
    eddie.sign_in("eddie", PASSWORDS["eddie"])
    status, body = _upload(locked, erin)
    token = body["response"]["upload-token"]["data"]
    store = Store(f"sqlite:///{locked.db_path}")
    assert store.staged_upload(token)[0] == "erin"
    status, body = post_callback(
        locked.url,
        "upload-cancel",
        "n_clicks",
        1,
        state={("upload-token", "data"): token, ("lang", "data"): "en"},
        opener=eddie.opener,
    )
    assert status == 200 and "no longer available" in str(body)
    assert store.staged_upload(token) is not None  # erin's upload is still there for her
    assert eddie.get(f"/upload/{token}/preview.xlsx")[0] == 404  # nor download what it would write
    assert eddie.get(f"/upload/{token}/marked.xlsx")[0] == 404
    post_callback(
        locked.url,
        "upload-cancel",
        "n_clicks",
        1,
        state={("upload-token", "data"): token, ("lang", "data"): "en"},
        opener=erin.opener,
    )
    assert store.staged_upload(token) is None


def _records(db_path) -> list[str]:
    """The database but its audit trail (which records the refusals themselves) and the sign-ins'
    bookkeeping (sessions, throttling)."""
    bookkeeping = ('INTO "audit"', 'INTO "user_session"', 'INTO "sign_in_throttle"')
    return [line for line in dump(db_path) if not any(table in line for table in bookkeeping)]


def test_anonymous_and_viewers_are_refused_writes_and_nothing_changes(locked):
    before = _records(locked.db_path)
    status, _ = _upload(locked, None)
    assert status == 401
    viewer = Session(locked.url)
    assert viewer.sign_in("vic", PASSWORDS["vic"])[0] == 302
    status, _ = _upload(locked, viewer)
    assert status == 403
    assert viewer.get("/upload/anything/marked.xlsx")[0] == 403
    assert viewer.get("/upload/anything/preview.xlsx")[0] == 403
    assert _records(locked.db_path) == before


def test_an_editor_may_upload(locked):
    editor = Session(locked.url)
    status, _, headers = editor.sign_in("erin", PASSWORDS["erin"])
    assert status == 302
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie  # a session that ends
    status, body = _upload(locked, editor)
    assert status == 200 and ("changes nothing" in str(body) or "ready to import" in str(body))


def test_without_anonymous_viewing_pages_ask_for_a_sign_in_but_the_public_view_is_open(locked):
    anonymous = Session(locked.url)
    status, _, headers = anonymous.get("/")
    assert status == 302 and headers["Location"].startswith("/login")
    status, body = post_callback(locked.url, "_pages_location", "pathname", "/public", output="_pages_content")
    assert status == 200 and "public-kpis" in str(body)
    status, _ = post_callback(locked.url, "_pages_location", "pathname", "/", output="_pages_content")
    assert status == 401


def test_an_admin_sees_the_upload_in_the_audit_log_and_manages_people(locked):
    subprocess.run(
        [str(COOPDASH), "user", "add", "ada", "--role", "admin"],
        input="admin-password-1",
        text=True,
        env=locked.env,
        check=True,
        capture_output=True,
    )
    editor = Session(locked.url)
    editor.sign_in("erin", PASSWORDS["erin"])
    assert editor.get("/admin")[0] == 403
    assert _upload(locked, editor)[0] == 200

    admin = Session(locked.url)
    assert admin.sign_in("ada", "admin-password-1")[0] == 302
    status, page, _ = admin.get("/admin?action=upload&user=erin")
    assert status == 200 and "erin" in page and "upload" in page and "s.xlsx" in page
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    def post(path: str, **form: str) -> int:
        data = urllib.parse.urlencode(form).encode()
        try:
            with admin.opener.open(locked.url + path, data=data) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert post("/admin/users", name="<b>bob<b>", role="viewer", password="viewer-password-2") == 400  # no token
    assert post("/admin/users", name="<b>bob<b>", role="viewer", password="viewer-password-2", csrf=token) == 302
    status, page, _ = admin.get("/admin")
    assert "&lt;b&gt;bob&lt;b&gt;" in page and "<b>bob<b>" not in page  # shown as text
    assert post("/admin/users/vic/remove", csrf=token) == 302
    names = [a.name for a in accounts.all_accounts(Store(f"sqlite:///{locked.db_path}"))]
    assert "vic" not in names and "<b>bob<b>" in names
    status, csv_text, headers = admin.get("/admin/audit.csv")
    assert status == 200 and "user_added" in csv_text and "user_removed" in csv_text


def test_no_stack_trace_or_sql_reaches_a_user(locked):
    editor = Session(locked.url)
    editor.sign_in("erin", PASSWORDS["erin"])
    request = urllib.request.Request(
        locked.url + "/_dash-update-component",
        data=b'{"output": "x..y", broken',
        headers={"Content-Type": "application/json"},
    )
    try:
        with editor.opener.open(request) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode(errors="replace")
    assert status >= 400
    assert "Traceback" not in body and 'File "' not in body and "sqlalchemy" not in body.lower()


# Last: after it, sign-ins as erin from this address wait a while.
def test_sign_ins_are_audited_and_slowed_down(locked):
    attacker = Session(locked.url)
    for _ in range(throttle.FREE_PER_NAME):
        assert "wrong" in attacker.sign_in("erin", "not-the-password")[1]
    status, page, _ = attacker.sign_in("erin", PASSWORDS["erin"])
    assert status == 200 and "Too many failed sign-ins: wait 1 seconds" in page
    store = Store(f"sqlite:///{locked.db_path}")
    actions = [entry["action"] for entry in accounts.entries(store)]
    assert "sign_in_failed" in actions and "sign_in" in actions and "upload" in actions and "sign_in_refused" in actions


def test_behind_a_proxy_a_fresh_install_grants_no_one_the_local_editor(serve):
    """With no account yet, a request from this machine is its one user, an editor. A request a
    reverse proxy on this machine passed on (it names where it came from) is not."""
    server = serve()  # no accounts
    assert _upload(server, Session(server.url))[0] == 200
    proxied = Session(server.url)
    proxied.opener.addheaders = [("X-Forwarded-For", "203.0.113.9")]
    before = _records(server.db_path)
    status, _ = _upload(server, proxied)
    assert status == 401
    assert _records(server.db_path) == before


def test_once_an_account_exists_the_fresh_install_rule_is_not_asked_again(tmp_path):
    """Every anonymous request asks whether any account exists; the process remembers a yes, the
    safe answer (no local editor) even after every account is removed, and never remembers a no."""
    store = Store(f"sqlite:///{tmp_path / 'accounts.sqlite'}")
    assert not accounts.has_accounts(store)
    accounts.add(store, "erin", "editor", PASSWORDS["erin"])
    assert accounts.has_accounts(store)  # a no was not remembered
    accounts.remove(store, "erin")
    assert accounts.has_accounts(store)  # a yes is
    assert not accounts.has_accounts(Store(store.url))  # another process (a restart) asks again
