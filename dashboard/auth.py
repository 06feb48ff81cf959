"""Sign-in and sessions: who is making each request, decided on the server.

:func:`_guard` runs before every request and sets ``flask.g.user`` and ``flask.g.role``;
what that role may then do, :mod:`dashboard.access` decides from each callback's, page's
and route's declared level.

- With no accounts yet (a fresh install), the app is a single-user tool on its own
  machine: everyone is an editor, and only on a loopback address.
- Once accounts exist, reading needs a sign-in unless anonymous viewing is on
  (``COOPDASH_PUBLIC_VIEW``; on by default only when serving on a loopback address), and
  writing needs an editor. The public view (``/public``) is open to all in both cases.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import flask
from markupsafe import escape

from . import access, accounts
from .config import is_loopback, settings
from .store import Store

SESSION_HOURS = 8
MAX_FAILURES = 5  # sign-in failures for one name or address within 15 minutes


def install(server: flask.Flask, store: Store, *, public_view: bool) -> None:
    server.secret_key = _secret_key(store)
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings().https,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        COOPDASH_PUBLIC_VIEW=public_view,
    )
    server.before_request(_guard)
    server.add_url_rule("/login", "login", access.route("public")(_login), methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", access.route("public")(_logout), methods=["POST", "GET"])


def public_view_default(host: str) -> bool:
    """``COOPDASH_PUBLIC_VIEW`` if set, else on only when listening on a loopback address."""
    setting = settings().public_view
    return is_loopback(host) if setting is None else setting


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
    from .app import current_store

    return current_store()


def _address() -> str:
    return flask.request.remote_addr or ""


FORWARDED_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


def is_local_request() -> bool:
    """A request from this machine itself: a loopback address and no reverse proxy's header
    saying it came from elsewhere (behind nginx on the same host every request is loopback)."""
    if flask.request.remote_addr not in ("127.0.0.1", "::1"):
        return False
    return not any(flask.request.headers.get(name) for name in FORWARDED_HEADERS)


def role() -> str | None:
    """The role of whoever makes the current request (None: anonymous, nothing granted)."""
    return flask.g.get("role")


def audit(action: str, **detail: object) -> None:
    accounts.record(_store(), user=flask.g.get("user") or "anonymous", address=_address(), action=action, **detail)


def _guard() -> None:
    """Who is asking? (What they may do, :mod:`dashboard.access` decides next.)"""
    store = _store()
    name = flask.session.get("user")
    signed_in = accounts.role_of(store, name) if name else None
    if signed_in:
        flask.g.user, flask.g.role = name, signed_in
    elif not accounts.has_accounts(store) and is_local_request():  # a fresh install: one person on their machine
        flask.g.user, flask.g.role = "local", "editor"
    else:
        public_view = flask.current_app.config["COOPDASH_PUBLIC_VIEW"]
        flask.g.user, flask.g.role = "anonymous", "viewer" if public_view else None


def _login() -> flask.Response | str:
    store = _store()
    message = ""
    if flask.request.method == "POST":
        form = flask.request.form
        name = form.get("name", "")[:100]
        if not secrets.compare_digest(form.get("csrf", ""), flask.session.get("csrf", "-")):
            message = "The form expired; please sign in again."
        elif accounts.recent_failures(store, name=name, address=_address()) >= MAX_FAILURES:
            message = "Too many failed sign-ins: wait 15 minutes and try again."
            audit("sign_in_refused", name=name)
        elif granted := accounts.authenticate(store, name, form.get("password", "")):
            flask.session.clear()
            flask.session.permanent = True
            flask.session["user"] = name
            flask.g.user = name
            audit("sign_in", role=granted)
            target = flask.request.args.get("next", "/")
            return flask.redirect(target if target.startswith("/") and not target.startswith("//") else "/")
        else:
            flask.g.user = name
            audit("sign_in_failed")
            message = "The name or the password is wrong."
    flask.session["csrf"] = secrets.token_urlsafe(24)
    return _login_page(flask.session["csrf"], message)


def _logout() -> flask.Response:
    if flask.session.get("user"):
        audit("sign_out")
    flask.session.clear()
    return flask.redirect("/login")


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
