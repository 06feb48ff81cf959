"""Sessions that end, and sign-ins that a stranger can slow down for themself but not for you.

Most tests talk to ``coopdash serve`` over HTTP as a browser would. The server trusts
127.0.0.1 as its proxy (``COOPDASH_TRUSTED_PROXIES``), so each simulated visitor names its
own address in ``X-Forwarded-For``, as nginx would; time is moved by editing the database.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dashboard.store import accounts, database, sessions, throttle
from dashboard.store.schema import metadata, user_sessions, utcnow
from dashboard.store.store import Store
from tests.support.paths import COOPDASH

PASSWORDS = {"ada": "admin-password-1", "erin": "editor-password-1", "vic": "viewer-password-1"}
ROLES = {"ada": "admin", "erin": "editor", "vic": "viewer"}


class Browser:
    """One visitor: its own cookies, and its own address (sent as a proxy would send it)."""

    def __init__(self, server, address: str, *, cookie: str | None = None, user_agent: str = "test-browser") -> None:
        self.server, self.address = server, address
        self.jar = http.cookiejar.CookieJar()
        handlers = [_NoRedirect()] if cookie else [urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()]
        self.opener = urllib.request.build_opener(*handlers)
        self.opener.addheaders = [("X-Forwarded-For", address), ("User-Agent", user_agent)]
        if cookie:
            self.opener.addheaders.append(("Cookie", cookie))

    def request(self, path: str, form: dict | None = None, headers: dict | None = None) -> tuple[int, str, dict]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.server.url + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def csrf(self, path: str = "/login") -> str:
        return re.search(r'name="csrf" value="([^"]+)"', self.request(path)[1]).group(1)

    def sign_in(self, name: str, password: str, next_: str | None = None) -> tuple[int, str, dict]:
        target = "/login" + (f"?next={next_}" if next_ is not None else "")
        return self.request(target, {"name": name, "password": password, "csrf": self.csrf()})

    def signed_in(self) -> bool:
        status, _, headers = self.request("/")
        assert status in (200, 302), status
        return status == 200

    def cookie(self) -> str:
        """The session cookie as an eavesdropper would copy it."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _cli(server, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COOPDASH), *args], input=password, text=True, env=server.env, capture_output=True, timeout=60
    )


@pytest.fixture(scope="module")
def server(serve):
    """Behind a proxy on 127.0.0.1, no anonymous viewing; an admin, an editor and a viewer."""
    started = serve(COOPDASH_PUBLIC_VIEW="0", COOPDASH_TRUSTED_PROXIES="127.0.0.1")
    for name, role in ROLES.items():
        assert _cli(started, "user", "add", name, "--role", role, password=PASSWORDS[name]).returncode == 0
    return started


def _store(server) -> Store:
    return Store(f"sqlite:///{server.db_path}", upgrade=False)


_addresses = iter(f"198.51.100.{n}" for n in range(1, 255))


def _signed_in(server, name: str, **options) -> Browser:
    """A browser signed in as ``name``, from an address of its own."""
    browser = Browser(server, next(_addresses), **options)
    status, _, headers = browser.sign_in(name, PASSWORDS[name])
    assert status == 302 and headers["Location"] == "/", headers
    assert browser.signed_in()
    return browser


def _sign_out(browser: Browser) -> None:
    status, _, headers = browser.request("/logout", {"csrf": browser.csrf("/logout")})
    assert status == 302 and headers["Location"] == "/login"


# --- sessions end -------------------------------------------------------------------------------


def test_a_cookie_captured_before_sign_out_is_refused_after_it(server):
    erin = _signed_in(server, "erin")
    stolen = Browser(server, "203.0.113.50", cookie=erin.cookie())
    assert stolen.signed_in()
    _sign_out(erin)
    assert not stolen.signed_in()
    assert not erin.signed_in()
    actions = [(e["action"], e["user"]) for e in accounts.entries(_store(server), user="erin")]
    assert ("sign_out", "erin") in actions


def test_a_sign_out_link_from_another_site_changes_nothing(server):
    erin = _signed_in(server, "erin")
    status, page, _ = erin.request(
        "/logout", headers={"Referer": "https://evil.example/", "Sec-Fetch-Site": "cross-site"}
    )
    assert status == 200 and "Sign out erin?" in page and 'method="post" action="/logout"' in page  # it only asks
    assert erin.signed_in()
    status, _, _ = erin.request("/logout", {"csrf": "forged"})  # a cross-site form cannot know the token
    assert status == 400
    assert erin.signed_in()


def _move_session(server, address: str, **ago: dt.timedelta) -> None:
    """Make the session signed in from ``address`` older: created_at and/or last_seen, by ``ago``."""
    now = utcnow()
    with _store(server).engine.begin() as connection:
        connection.execute(
            user_sessions.update()
            .where(user_sessions.c.address == address)
            .values(**{column: now - delta for column, delta in ago.items()})
        )


def _ended_why(server, address: str) -> str | None:
    with _store(server).engine.connect() as connection:
        return connection.execute(
            sa.select(user_sessions.c.ended_why).where(user_sessions.c.address == address)
        ).scalar_one()


def test_a_session_left_idle_longer_than_the_idle_limit_is_refused(server):
    erin = _signed_in(server, "erin")
    _move_session(server, erin.address, last_seen=dt.timedelta(minutes=59))
    assert erin.signed_in()  # 59 minutes of the default 60: still on
    _move_session(server, erin.address, last_seen=dt.timedelta(minutes=61))
    assert not erin.signed_in()
    assert _ended_why(server, erin.address) == "idle"


def test_a_session_used_continually_still_ends_at_its_absolute_lifetime(server):
    erin = _signed_in(server, "erin")
    _move_session(server, erin.address, created_at=dt.timedelta(hours=7, minutes=59), last_seen=dt.timedelta(0))
    assert erin.signed_in()
    _move_session(server, erin.address, created_at=dt.timedelta(hours=8, minutes=1), last_seen=dt.timedelta(0))
    assert not erin.signed_in()  # used a moment ago, yet over
    assert _ended_why(server, erin.address) == "expired"


def _admin_post(admin: Browser, path: str, **form: str) -> tuple[int, str]:
    status, _, headers = admin.request(path, {"csrf": admin.csrf("/admin"), **form})
    return status, urllib.parse.unquote(headers.get("Location", ""))


@pytest.mark.parametrize("change", ["password in the admin page", "password on the CLI", "role", "removal"])
def test_a_password_change_a_role_change_or_a_removal_ends_the_users_other_sessions(server, change):
    name = "pat-" + change.split()[0] + str(len(change))
    PASSWORDS[name] = "patricia-password-1"
    assert _cli(server, "user", "add", name, "--role", "viewer", password=PASSWORDS[name]).returncode == 0
    laptop, phone = _signed_in(server, name), _signed_in(server, name)
    admin = _signed_in(server, "ada")
    if change == "password in the admin page":
        assert _admin_post(admin, f"/admin/users/{name}/password", password="another-password-2")[1].endswith("Done.")
    elif change == "password on the CLI":
        assert _cli(server, "user", "passwd", name, password="another-password-2").returncode == 0
    elif change == "role":
        assert _admin_post(admin, f"/admin/users/{name}/role", role="editor")[1].endswith("Done.")
    else:
        assert _admin_post(admin, f"/admin/users/{name}/remove")[1].endswith("Done.")
    assert not laptop.signed_in() and not phone.signed_in()
    assert admin.signed_in()


def test_an_admin_changing_their_own_password_stays_signed_in_there_only(server):
    here, elsewhere = _signed_in(server, "ada"), _signed_in(server, "ada")
    PASSWORDS["ada"] = "admin-password-2"
    assert _admin_post(here, "/admin/users/ada/password", password=PASSWORDS["ada"])[1].endswith("Done.")
    assert here.signed_in() and not elsewhere.signed_in()


def test_creating_a_removed_name_again_does_not_revive_its_old_cookie(server):
    PASSWORDS["rita"] = "rita-password-11"
    assert _cli(server, "user", "add", "rita", "--role", "editor", password=PASSWORDS["rita"]).returncode == 0
    rita = _signed_in(server, "rita")
    copied = rita.cookie()
    assert _cli(server, "user", "remove", "rita").returncode == 0
    assert _cli(server, "user", "add", "rita", "--role", "admin", password=PASSWORDS["rita"]).returncode == 0
    assert not Browser(server, "203.0.113.51", cookie=copied).signed_in()
    assert _signed_in(server, "rita").request("/admin")[0] == 200  # the new rita signs in for herself


def _sessions_table(page: str) -> str:
    return re.search(r'<table[^>]*id="admin-sessions".*?</table>', page, re.S).group(0)


def test_an_admin_sees_each_users_live_sessions_and_ends_one(server):
    erin = _signed_in(server, "erin", user_agent="Firefox/140 on erin's laptop")
    admin = _signed_in(server, "ada")
    status, page, _ = admin.request("/admin")
    assert status == 200
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr id="session-(\d+)">.*?</tr>', _sessions_table(page))}
    mine = [sid for sid, html in rows.items() if erin.address in html]
    assert len(mine) == 1 and "<td>erin</td>" in rows[mine[0]] and "Firefox/140 on erin&#39;s laptop" in rows[mine[0]]
    assert _admin_post(admin, f"/admin/sessions/{mine[0]}/end")[1].endswith("Done.")
    assert not erin.signed_in()
    assert erin.address not in _sessions_table(admin.request("/admin")[1])
    ended = accounts.entries(_store(server), action="session_ended")[0]
    assert ended["user"] == "ada" and ended["detail"]["name"] == "erin"


def test_an_admin_changes_a_role_in_the_page_and_it_is_audited(server):
    PASSWORDS["val"] = "val-password-123"
    assert _cli(server, "user", "add", "val", "--role", "viewer", password=PASSWORDS["val"]).returncode == 0
    admin = _signed_in(server, "ada")
    status, _, _ = admin.request("/admin/users/val/role", {"role": "editor"})
    assert status == 400  # no CSRF token
    assert _admin_post(admin, "/admin/users/val/role", role="chief")[1].endswith(
        "a role is one of: viewer, editor, admin"
    )
    assert _admin_post(admin, "/admin/users/val/role", role="editor")[1].endswith("Done.")
    assert {a.name: a.role for a in accounts.all_accounts(_store(server))}["val"] == "editor"
    changed = accounts.entries(_store(server), action="role_changed")[0]
    assert changed["user"] == "ada" and changed["detail"]["name"] == "val" and changed["detail"]["role"] == "editor"
    assert _admin_post(admin, "/admin/users/ada/role", role="viewer")[1].endswith("You cannot change your own role.")


# --- where to after signing in ---------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/%09/evil.example/", "/%5Cevil.example", "https://evil.example", "//evil.example"])
def test_a_sign_in_never_leads_to_another_site(server, target):
    status, _, headers = Browser(server, next(_addresses)).sign_in("vic", PASSWORDS["vic"], next_=target)
    assert status == 302 and headers["Location"] == "/"


def test_a_sign_in_leads_back_to_the_page_asked_for(server):
    status, _, headers = Browser(server, next(_addresses)).sign_in("vic", PASSWORDS["vic"], next_="/trends%3Flang%3Dzh")
    assert status == 302 and headers["Location"] == "/trends?lang=zh"


# --- throttling ---------------------------------------------------------------------------------------


def _audit_count(server, action: str, address: str) -> int:
    return sum(e["address"] == address for e in accounts.entries(_store(server), action=action, limit=10_000))


def test_sixteen_wrong_passwords_at_once_get_only_the_free_ones_checked_and_erin_signs_in_from_elsewhere(server):
    attacker = "203.0.113.66"
    browsers = [Browser(server, attacker) for _ in range(16)]
    tokens = [b.csrf() for b in browsers]  # every form fetched first: then all sixteen are sent together
    start, pages = threading.Barrier(16), []

    def guess(browser: Browser, token: str) -> None:
        start.wait()
        pages.append(browser.request("/login", {"name": "erin", "password": "guess-password", "csrf": token})[1])

    threads = [threading.Thread(target=guess, args=pair, daemon=True) for pair in zip(browsers, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(pages) == 16
    checked = _audit_count(server, "sign_in_failed", attacker)
    assert 1 <= checked <= throttle.FREE_PER_NAME
    assert sum("Too many failed sign-ins" in page for page in pages) == 16 - checked
    assert _audit_count(server, "sign_in_refused", attacker) == 16 - checked

    started = time.monotonic()
    status, _, headers = Browser(server, "198.51.100.250").sign_in("erin", PASSWORDS["erin"])
    assert status == 302 and headers["Location"] == "/"  # at once: the stranger's failures are the stranger's
    assert time.monotonic() - started < 5


def test_the_wait_grows_after_the_free_attempts_and_says_how_long(server):
    guesser = Browser(server, "203.0.113.77")
    for _ in range(throttle.FREE_PER_NAME):
        assert "The name or the password is wrong" in guesser.sign_in("vic", "guess-password")[1]
    for wait in (1, 2):
        assert f"wait {wait} seconds" in guesser.sign_in("vic", PASSWORDS["vic"])[1]  # not checked, even if right
        time.sleep(wait + 0.2)
        assert "The name or the password is wrong" in guesser.sign_in("vic", "guess-password")[1]
    assert "wait 4 seconds" in guesser.sign_in("vic", "guess-password")[1]


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_counted(server):
    Browser(server, "203.0.113.9").sign_in("vic", "guess-password")
    assert _audit_count(server, "sign_in_failed", "203.0.113.9") == 1
    # A client can write its own X-Forwarded-For; the proxy appends the address it really saw.
    Browser(server, "192.0.2.1, 203.0.113.10").sign_in("vic", "guess-password")
    assert _audit_count(server, "sign_in_failed", "203.0.113.10") == 1
    assert _audit_count(server, "sign_in_failed", "192.0.2.1") == 0


def test_from_a_proxy_that_is_not_trusted_the_forwarded_address_is_ignored(serve):
    untrusted = serve(COOPDASH_PUBLIC_VIEW="0")
    assert _cli(untrusted, "user", "add", "vic", "--role", "viewer", password=PASSWORDS["vic"]).returncode == 0
    Browser(untrusted, "203.0.113.9").sign_in("vic", "guess-password")
    assert _audit_count(untrusted, "sign_in_failed", "203.0.113.9") == 0
    assert _audit_count(untrusted, "sign_in_failed", "127.0.0.1") == 1


# --- the storage underneath, on SQLite and PostgreSQL ----------------------------------------------


@pytest.mark.databases
def test_attempts_sent_at_once_are_counted_one_after_another(store):
    start, outcomes = threading.Barrier(16), []

    def attempt() -> None:
        start.wait()
        outcomes.append(throttle.attempt(store, "erin", "203.0.113.9").allowed)

    threads = [threading.Thread(target=attempt, daemon=True) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 16 and sum(outcomes) == throttle.FREE_PER_NAME
    assert throttle.attempt(store, "erin", "198.51.100.1").allowed  # from elsewhere: no wait


@pytest.mark.databases
def test_each_wait_doubles_is_capped_and_a_quiet_hour_forgets(store):
    t0 = dt.datetime(2026, 6, 30, 9, 0)
    for _ in range(throttle.FREE_PER_NAME):
        assert throttle.attempt(store, "erin", "203.0.113.9", now=t0).allowed
    assert throttle.attempt(store, "erin", "203.0.113.9", now=t0 + dt.timedelta(seconds=0.5)).wait == 0.5
    at, waits = t0, []
    for _ in range(12):
        at += dt.timedelta(seconds=throttle.LONGEST_WAIT)
        counted = throttle.attempt(store, "erin", "203.0.113.9", now=at)
        assert counted.allowed
        waits.append(throttle.attempt(store, "erin", "203.0.113.9", now=at).wait)
    assert waits[:4] == [2, 4, 8, 16] and waits[-1] == throttle.LONGEST_WAIT
    later = at + throttle.FORGET_AFTER
    assert all(throttle.attempt(store, "erin", "203.0.113.9", now=later).allowed for _ in range(5))


@pytest.mark.databases
def test_a_session_is_found_by_its_token_alone_and_ends_for_good(store):
    accounts.add(store, "erin", "editor", PASSWORDS["erin"])
    erin = accounts.authenticate(store, "erin", PASSWORDS["erin"])
    token = sessions.begin(store, erin.id, address="198.51.100.1", user_agent="test")
    with store.engine.connect() as connection:
        assert token not in str(connection.execute(sa.select(user_sessions)).all())  # only its hash is kept
    found = sessions.current(store, token)
    assert (found.user, found.role) == ("erin", "editor")
    assert sessions.current(store, token).last_seen == found.last_seen  # not written on every request
    with store.engine.begin() as connection:
        connection.execute(user_sessions.update().values(last_seen=found.last_seen - dt.timedelta(minutes=2)))
    sessions.current(store, token)
    assert sessions.current(store, token).last_seen > found.last_seen  # but about once a minute
    assert sessions.current(store, token[:-1] + "x") is None
    assert sessions.end(store, found.id, "signed out")
    assert sessions.current(store, token) is None
    assert not sessions.end(store, found.id, "signed out")


@pytest.fixture
def empty_db_url(database, db_path, request):
    if database == "sqlite":
        yield f"sqlite:///{db_path}"
        return
    server = request.getfixturevalue("postgres")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


@pytest.mark.databases
def test_a_database_at_the_first_schema_numbers_its_accounts_and_never_reuses_a_number(empty_db_url):
    engine = sa.create_engine(empty_db_url)
    with engine.begin() as connection:
        command.upgrade(database._config(connection), "0001")
        for name, day in (("vic", 2), ("ada", 1)):
            connection.execute(
                sa.text("INSERT INTO account (name, role, password_hash, created_at) VALUES (:n, 'admin', 'x', :at)"),
                {"n": name, "at": dt.datetime(2026, 1, day)},
            )
    engine.dispose()
    store = Store(empty_db_url)
    with store.engine.connect() as connection:
        assert database.revision(connection) == database.head()
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    assert [(a.id, a.name) for a in accounts.all_accounts(store)] == [(1, "ada"), (2, "vic")]  # in order of creation
    accounts.remove(store, "vic")
    accounts.add(store, "vic", "viewer", PASSWORDS["vic"])
    assert {a.name: a.id for a in accounts.all_accounts(store)}["vic"] == 3


@pytest.mark.databases
def test_a_restored_backup_brings_back_the_accounts_but_no_session(store, tmp_path):
    accounts.add(store, "erin", "editor", PASSWORDS["erin"])
    token = sessions.begin(store, accounts.all_accounts(store)[0].id, address="198.51.100.1", user_agent="test")
    database.backup(store.engine, tmp_path / "before.backup")
    database.restore(store.engine, tmp_path / "before.backup")
    assert sessions.current(store, token) is None  # it may have been signed out after the backup
    assert accounts.authenticate(store, "erin", PASSWORDS["erin"]).name == "erin"


@pytest.mark.databases
def test_a_session_in_use_under_a_one_minute_idle_limit_never_looks_idle(store, monkeypatch):
    monkeypatch.setenv("COOPDASH_SESSION_IDLE_MINUTES", "1")
    accounts.add(store, "erin", "editor", PASSWORDS["erin"])
    token = sessions.begin(store, accounts.authenticate(store, "erin", PASSWORDS["erin"]).id, address="", user_agent="")
    for _ in range(4):  # used every 30 seconds for two minutes
        with store.engine.begin() as connection:
            seen = connection.execute(sa.select(user_sessions.c.last_seen)).scalar_one()
            connection.execute(user_sessions.update().values(last_seen=seen - dt.timedelta(seconds=30)))
        assert sessions.current(store, token) is not None


@pytest.mark.databases
def test_a_sign_in_name_with_a_nul_is_a_wrong_name_not_a_server_error(database, db_url):
    from dashboard.web.app import create_app

    store = Store(db_url)
    accounts.add(store, "vic", "viewer", PASSWORDS["vic"])
    client = create_app(store, public_view=False).server.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert client.get("/login").get_data(as_text=True).count(token) == 1  # a second look keeps the form valid
    answer = client.post("/login", data={"name": "vic\x00", "password": "x", "csrf": token})
    assert answer.status_code == 200 and "wrong" in answer.get_data(as_text=True)


def test_a_name_that_would_change_the_admin_pages_addresses_or_pose_as_nobody_is_refused(store):
    for name in ("bob/remove#", "a?b", "50%", "back\\slash", "local", "Anonymous"):
        with pytest.raises(accounts.AccountError):
            accounts.add(store, name, "viewer", "viewer-password-1")


def test_an_ipv6_visitor_is_counted_by_its_64_block_not_by_each_address():
    first, _ = throttle._keys("erin", "2001:db8:1:2::1")
    second, _ = throttle._keys("erin", "2001:db8:1:2:ffff::9")
    elsewhere, _ = throttle._keys("erin", "2001:db8:1:3::1")
    assert first == second != elsewhere
    assert throttle._keys("erin", "::ffff:198.51.100.7")[1][0] == "198.51.100.7"
