"""Sign-in and sessions: who is making each request, decided on the server.

:func:`_guard` runs before every request and sets ``flask.g.user`` and ``flask.g.role``;
what that role may then do, :mod:`dashboard.web.security.access` decides from each callback's, page's
and route's declared level.

- With no accounts yet (a fresh install), the app is a single-user tool on its own
  machine: everyone is an editor, and only on a loopback address.
- Once accounts exist, reading needs a sign-in unless anonymous viewing is on
  (``COOPDASH_PUBLIC_VIEW``; on by default only when serving on a loopback address), and
  writing needs an editor. The public view (``/public``) is open to all in both cases.

Flask's signed cookie carries only a session token and the CSRF token; who is signed in is
decided by the session kept on the server (:mod:`dashboard.store.sessions`) on every request, so
signing out, or an admin ending a session, ends it for whoever holds a copy of the cookie.
Sign-ins are throttled per address and per name from an address (:mod:`dashboard.store.throttle`);
the address is the visitor's, behind a trusted proxy too (:mod:`dashboard.web.security.proxies`).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
import urllib.parse
from pathlib import Path

import flask
from markupsafe import escape
from werkzeug.wrappers import Response

from dashboard.config import is_loopback, settings
from dashboard.store import accounts, sessions, throttle
from dashboard.store.store import Store
from dashboard.web.context import current_store
from dashboard.web.security import access, hosts, proxies


def install(server: flask.Flask, store: Store, *, public_view: bool) -> None:
    server.secret_key = _secret_key(store)
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings().https,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings().session_hours),  # the server ends it sooner
        COOPDASH_PUBLIC_VIEW=public_view,
    )
    server.before_request(_guard)
    server.add_url_rule("/login", "login", access.route("public")(_login), methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", access.route("public")(_logout), methods=["POST", "GET"])


def _secret_key(store: Store) -> str:
    if key := settings().secret_key:
        return key
    path = Path("instance") / "secret_key"
    if not path.exists():  # written whole, then linked into place: workers starting together share one key
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".secret_key.{os.getpid()}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def _store() -> Store:
    return current_store()


def client_address() -> str:
    """The visitor's address: the direct peer, or what a trusted proxy says (see :mod:`.proxies`)."""
    request = flask.request
    forwarded = request.headers.getlist("X-Forwarded-For")
    return proxies.client_address(request.remote_addr or "", forwarded, settings().trusted_proxies)


FORWARDED_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


def is_local_request() -> bool:
    """A request from this machine itself: a loopback address that is not a trusted proxy, and no
    reverse proxy's header saying it came from elsewhere (behind nginx on the same host every
    request is loopback). A forwarded request is never local, whoever forwarded it."""
    peer = flask.request.remote_addr or ""
    try:
        if not ipaddress.ip_address(peer).is_loopback:
            return False
    except ValueError:
        return False
    if proxies.is_trusted(peer, settings().trusted_proxies):  # a proxy on this machine speaks for others
        return False
    if not is_loopback(hosts.name(flask.request.host)):  # a page on another site, its name rebound here
        return False
    return not any(flask.request.headers.get(name) for name in FORWARDED_HEADERS)


def role() -> str | None:
    """The role of whoever makes the current request (None: anonymous, nothing granted)."""
    return flask.g.get("role")


def audit(action: str, **detail: object) -> None:
    accounts.record(
        _store(), user=flask.g.get("user") or "anonymous", address=client_address(), action=action, **detail
    )


def _guard() -> None:
    """Who is asking? (What they may do, :mod:`dashboard.web.security.access` decides next.)"""
    store = _store()
    local = is_local_request()
    session = sessions.current(store, flask.session.get("sid", ""))
    flask.g.session = session
    if session is None and "sid" in flask.session:  # over or ended: the cookie stops naming it
        flask.session.pop("sid")
    if session:
        flask.g.user, flask.g.role = session.user, session.role
    elif local and not accounts.has_accounts(store):  # a fresh install: one person on their own machine
        flask.g.user, flask.g.role = "local", "editor"
    else:
        public_view = flask.current_app.config["COOPDASH_PUBLIC_VIEW"]
        flask.g.user, flask.g.role = "anonymous", "viewer" if public_view else None


def _login() -> Response | str:
    store = _store()
    message = ""
    if flask.request.method == "POST":
        form = flask.request.form
        name = "".join(c for c in form.get("name", "")[:100] if c.isprintable())  # no NUL reaches the database
        if not secrets.compare_digest(form.get("csrf", ""), flask.session.get("csrf", "-")):
            message = "The form expired; please sign in again."
        elif not (counted := throttle.attempt(store, name, client_address())).allowed:
            message = f"Too many failed sign-ins: wait {counted.wait_seconds} seconds and try again."
            audit("sign_in_refused", name=name, wait=counted.wait_seconds)
        elif account := accounts.authenticate(store, name, form.get("password", "")):
            throttle.succeeded(store, counted)
            token = sessions.begin(
                store, account.id, address=client_address(), user_agent=flask.request.headers.get("User-Agent", "")
            )
            flask.session.clear()  # nothing of the anonymous visit (its CSRF token) carries over
            flask.session.permanent = True
            flask.session["sid"] = token
            flask.session["csrf"] = secrets.token_urlsafe(24)
            flask.g.user = name
            audit("sign_in", role=account.role)
            return flask.redirect(same_site_path(flask.request.args.get("next", "/")))
        else:
            flask.g.user = name
            audit("sign_in_failed")
            message = "The name or the password is wrong."
    return _login_page(csrf_token(), message)


def same_site_path(target: str) -> str:
    r"""``target`` if it is a path on this site, else "/". Browsers drop tabs and line breaks from
    a URL and read ``\`` as ``/``, so ``/<tab>/evil.example`` and ``/\evil.example`` lead
    elsewhere: read it as they will, then refuse another host (``//…``) or a scheme."""
    cleaned = target.translate({ord("\t"): None, ord("\r"): None, ord("\n"): None}).replace("\\", "/")
    parts = urllib.parse.urlsplit(cleaned)
    if not cleaned.startswith("/") or cleaned.startswith("//") or parts.scheme or parts.netloc:
        return "/"
    return cleaned


def _logout() -> Response | str:
    """GET asks (a link from another site changes nothing); POST with the form's token signs out."""
    if flask.request.method == "GET":
        return _logout_page(csrf_token())
    if not secrets.compare_digest(flask.request.form.get("csrf", ""), flask.session.get("csrf", "-")):
        flask.abort(400, "The form expired; reload the page.")
    if session := flask.g.get("session"):
        sessions.end(_store(), session.id, "signed out")
        audit("sign_out")
    flask.session.clear()
    return flask.redirect("/login")


def csrf_token() -> str:
    """The session's form token, made once: a second tab or page keeps the first one's forms valid."""
    token = flask.session.get("csrf") or secrets.token_urlsafe(24)
    flask.session["csrf"] = token
    return token


def sign_out_form(csrf: str, label: str = "Sign out / 退出", css: str = "btn btn-primary") -> str:
    """The sign-out button: a POST carrying the session's CSRF token."""
    return (
        f'<form method="post" action="/logout" class="d-inline" id="sign-out">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f'<button class="{escape(css)}" type="submit">{escape(label)}</button></form>'
    )


def _logout_page(csrf: str) -> str:
    who = flask.g.get("user")
    signed_in = who not in (None, "anonymous", "local")
    question = f"Sign out {escape(who)}? / 退出？" if signed_in else "You are not signed in. / 未登录"
    action = sign_out_form(csrf) if signed_in else '<a class="btn btn-primary" href="/login">Sign in / 登录</a>'
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out — coopdash</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css"></head>
<body class="bg-light"><main class="container" style="max-width:24rem;margin-top:10vh">
<h1 class="h4 mb-3">{question}</h1><p>{action} <a class="btn btn-link" href="/">Back / 返回</a></p>
</main></body></html>"""


def _login_page(csrf: str, message: str) -> str:
    alert = f'<div class="alert alert-danger" id="login-message">{escape(message)}</div>' if message else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in — coopdash</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css"></head>
<body class="bg-light"><main class="container" style="max-width:24rem;margin-top:10vh">
<h1 class="h4 mb-3">coopdash · 登录 / Sign in</h1>{alert}
<form method="post" class="card card-body">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<label class="form-label" for="name">Name / 用户名</label>
<input class="form-control mb-2" id="name" name="name" autocomplete="username" required>
<label class="form-label" for="password">Password / 密码</label>
<input class="form-control mb-3" id="password" name="password" type="password" autocomplete="current-password" required>
<button class="btn btn-primary" type="submit">Sign in / 登录</button></form>
<p class="small text-muted mt-3"><a href="/public">Public view / 公开页面</a></p></main></body></html>"""
