"""The administrator's page: people, their roles, emails and live sessions, their calendar feeds,
and the audit log (read-only).

Plain server-rendered HTML forms, each carrying the session's CSRF token; every value from
the database is escaped. Only admins reach any of it — checked here, on the server.
"""

from __future__ import annotations

import csv
import io
import secrets
from urllib.parse import quote

import flask
from markupsafe import escape
from werkzeug.wrappers import Response

from dashboard.config import settings
from dashboard.exports.data import inert  # no formula when the log is opened in a spreadsheet
from dashboard.store import accounts, feeds, sessions
from dashboard.web.context import current_store
from dashboard.web.security import access, auth

blueprint = flask.Blueprint("coopdash_admin", __name__)


def _store():
    return current_store()


def _csrf() -> str:
    return auth.csrf_token()


def _printable(text: str) -> str:
    return "".join(c for c in text if c.isprintable())  # a NUL would reach PostgreSQL as an error


def _check_form() -> None:
    access.require("admin")
    if not secrets.compare_digest(flask.request.form.get("csrf", ""), flask.session.get("csrf", "-")):
        flask.abort(400, "The form expired; reload the page.")


@blueprint.get("/admin")
@access.route("admin")
def page() -> str:
    access.require("admin")
    action, user = (_printable(flask.request.args.get(key, ""))[:100] for key in ("action", "user"))
    entries = accounts.entries(_store(), action=action or None, user=user or None)
    people, live = accounts.all_accounts(_store()), sessions.live(_store())
    return _render(people, live, entries, action, user, flask.request.args.get("message", ""))


@blueprint.post("/admin/users/<name>/email")
@access.route("admin")
def change_email(name: str) -> Response:
    _check_form()
    email = _printable(flask.request.form.get("email", ""))[:254]
    try:
        accounts.set_email(_store(), name, email)
    except accounts.AccountError as error:
        return flask.redirect("/admin?message=" + str(error))
    auth.audit("email_changed", name=name, email=email)
    return flask.redirect("/admin?message=Done.")


@blueprint.post("/admin/feeds")
@access.route("admin")
def create_feed() -> str | Response:
    """A new calendar feed for a user: its address is shown on this one page, and kept nowhere."""
    _check_form()
    name = flask.request.form.get("name", "")
    try:
        token = feeds.create(_store(), name)
    except accounts.AccountError as error:
        return flask.redirect("/admin?message=" + str(error))
    auth.audit("calendar_feed_created", name=name)
    base = settings().base_url or flask.request.host_url.rstrip("/")
    people, live = accounts.all_accounts(_store()), sessions.live(_store())
    return _render(
        people, live, accounts.entries(_store()), "", "", "", new_feed=(name, f"{base}/calendar.ics?token={token}")
    )


@blueprint.post("/admin/feeds/<int:feed_id>/revoke")
@access.route("admin")
def revoke_feed(feed_id: int) -> Response:
    _check_form()
    try:
        feed = feeds.revoke(_store(), feed_id)
    except accounts.AccountError as error:
        return flask.redirect("/admin?message=" + str(error))
    auth.audit("calendar_feed_revoked", name=feed.user, feed=feed_id)
    return flask.redirect("/admin?message=Done.")


@blueprint.post("/admin/users")
@access.route("admin")
def add_user() -> Response:
    _check_form()
    form = flask.request.form
    return _apply(accounts.add, "user_added", form.get("name", ""), form.get("role", ""), form.get("password", ""))


@blueprint.post("/admin/users/<name>/password")
@access.route("admin")
def change_password(name: str) -> Response:
    _check_form()
    own = flask.g.session.id if name == flask.g.get("user") else None  # changing one's own: stay signed in here
    return _apply(
        accounts.set_password, "password_changed", name, flask.request.form.get("password", ""), keep_session=own
    )


@blueprint.post("/admin/users/<name>/role")
@access.route("admin")
def change_role(name: str) -> Response:
    _check_form()
    if name == flask.g.get("user"):  # the last admin must not demote themself by a slip
        return flask.redirect("/admin?message=" + "You cannot change your own role.")
    return _apply(accounts.set_role, "role_changed", name, flask.request.form.get("role", ""))


@blueprint.post("/admin/sessions/<int:session_id>/end")
@access.route("admin")
def end_session(session_id: int) -> Response:
    _check_form()
    session = sessions.get(_store(), session_id)
    if session is None or not sessions.end(_store(), session_id, "ended by an admin"):
        return flask.redirect("/admin?message=" + "That session had already ended.")
    auth.audit("session_ended", name=session.user, session=session_id, signed_in_from=session.address)
    return flask.redirect("/admin?message=Done.")


@blueprint.post("/admin/users/<name>/remove")
@access.route("admin")
def remove_user(name: str) -> Response:
    _check_form()
    if name == flask.g.get("user"):
        return flask.redirect("/admin?message=" + "You cannot remove yourself.")
    return _apply(accounts.remove, "user_removed", name)


@blueprint.get("/admin/audit.csv")
@access.route("admin")
def audit_csv() -> Response:
    access.require("admin")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["at (UTC)", "user", "address", "action", "detail"])
    for entry in accounts.entries(_store(), limit=100_000):
        writer.writerow([entry["at"], *(inert(str(entry[k])) for k in ("user", "address", "action", "detail"))])
    auth.audit("export", what="audit log")
    return flask.send_file(
        io.BytesIO(buffer.getvalue().encode("utf-8-sig")),
        mimetype="text/csv",
        as_attachment=True,
        download_name="coopdash-audit.csv",
    )


def _apply(action, audit_action: str, name: str, *args: str, **options) -> Response:
    try:
        ended = action(_store(), name, *args, **options)
    except accounts.AccountError as error:
        return flask.redirect("/admin?message=" + str(error))
    detail: dict[str, object] = {"role": args[0]} if audit_action in ("user_added", "role_changed") else {}
    if isinstance(ended, int):
        detail["sessions_ended"] = ended
    auth.audit(audit_action, name=name, **detail)
    return flask.redirect("/admin?message=Done.")


def _render(
    people, live, entries, action: str, user: str, message: str, new_feed: tuple[str, str] | None = None
) -> str:
    token = escape(_csrf())
    hidden = f'<input type="hidden" name="csrf" value="{token}">'
    roles = "".join(f"<option>{r}</option>" for r in accounts.ROLES)

    def role_choice(current: str) -> str:
        return "".join(f"<option{' selected' if r == current else ''}>{r}</option>" for r in accounts.ROLES)

    rows = "".join(
        f"<tr><td>{escape(p.name)}</td><td>{escape(p.role)}</td><td>{p.created_at:%Y-%m-%d}</td><td>"
        f'<form method="post" action="/admin/users/{escape(quote(p.name, safe=""))}/role" class="d-inline">{hidden}'
        f'<select name="role" aria-label="role">{role_choice(p.role)}</select> '
        f'<button class="btn btn-sm btn-outline-secondary">Set role</button></form> '
        f'<form method="post" action="/admin/users/{escape(quote(p.name, safe=""))}/password" class="d-inline">{hidden}'
        f'<input name="password" type="password" placeholder="new password" minlength="10" required> '
        f'<button class="btn btn-sm btn-outline-secondary">Set password</button></form> '
        f'<form method="post" action="/admin/users/{escape(quote(p.name, safe=""))}/remove" class="d-inline">{hidden}'
        f'<button class="btn btn-sm btn-outline-danger">Remove</button></form> '
        f'<form method="post" action="/admin/users/{escape(quote(p.name, safe=""))}/email" class="d-inline">{hidden}'
        f'<input name="email" type="email" placeholder="email (owner column)" value="{escape(p.email or "")}" '
        f'aria-label="email of {escape(p.name)}"> '
        f'<button class="btn btn-sm btn-outline-secondary">Set email</button></form></td></tr>'
        for p in people
    )
    names = "".join(f"<option>{escape(p.name)}</option>" for p in people)
    feed_rows = "".join(
        f'<tr id="feed-{f.id}"><td>{escape(f.user)}</td><td>{f.created_at:%Y-%m-%d %H:%M}</td><td>'
        f'<form method="post" action="/admin/feeds/{f.id}/revoke" class="d-inline">{hidden}'
        f'<button class="btn btn-sm btn-outline-danger">Revoke</button></form></td></tr>'
        for f in feeds.live(_store())
    )
    new_feed_note = (
        f'<div class="alert alert-success" id="new-feed">Calendar feed for {escape(new_feed[0])} — give this address '
        f"to their calendar program (Outlook: Add calendar › From Internet; Google Calendar: Other calendars › From "
        f"URL). It is shown only now. 日历订阅地址（仅显示一次）：<br><code>{escape(new_feed[1])}</code></div>"
        if new_feed
        else ""
    )
    own = flask.g.session.id if flask.g.get("session") else None
    session_rows = "".join(
        f'<tr id="session-{s.id}"><td>{escape(s.user)}</td><td>{s.created_at:%Y-%m-%d %H:%M}</td>'
        f"<td>{s.last_seen:%Y-%m-%d %H:%M}</td><td>{escape(s.address)}</td><td>{escape(s.user_agent[:80])}</td><td>"
        + ("this one" if s.id == own else "")
        + f'<form method="post" action="/admin/sessions/{s.id}/end" class="d-inline">{hidden}'
        f'<button class="btn btn-sm btn-outline-danger">End</button></form></td></tr>'
        for s in live
    )
    log = "".join(
        f"<tr><td>{e['at']:%Y-%m-%d %H:%M:%S}</td><td>{escape(e['user'])}</td><td>{escape(e['address'])}</td>"
        f"<td>{escape(e['action'])}</td><td><code>{escape(str(e['detail']))}</code></td></tr>"
        for e in entries
    )
    sign_out = auth.sign_out_form(_csrf(), "Sign out", "btn btn-link p-0 align-baseline")
    note = f'<div class="alert alert-info" id="admin-message">{escape(message)}</div>' if message else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Administration — coopdash</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css"></head><body class="bg-light">
<main class="container py-4"><p><a href="/">← coopdash</a> · {sign_out}</p>
<h1 class="h3">Administration / 管理</h1>{note}
<h2 class="h5 mt-4">People / 用户</h2>
<table class="table table-sm" id="admin-users"><thead><tr><th>Name</th><th>Role</th><th>Since</th><th></th></tr></thead>
<tbody>{rows}</tbody></table>
<form method="post" action="/admin/users" class="row g-2 align-items-end">{hidden}
<div class="col-auto"><label class="form-label" for="new-name">Name</label>
<input class="form-control" id="new-name" name="name" required></div>
<div class="col-auto"><label class="form-label" for="new-role">Role</label>
<select class="form-select" id="new-role" name="role">{roles}</select></div>
<div class="col-auto"><label class="form-label" for="new-password">Password</label>
<input class="form-control" id="new-password" name="password" type="password" minlength="10" required></div>
<div class="col-auto"><button class="btn btn-primary">Add</button></div></form>
<h2 class="h5 mt-5">Calendar feeds / 日历订阅</h2>{new_feed_note}
<p class="small text-muted">Agreement expiries and events, for a calendar program to subscribe to. Anyone with a
feed's address reads it: revoke one that was shared too widely.</p>
<table class="table table-sm small" id="admin-feeds"><thead><tr><th>Whose</th><th>Made (UTC)</th><th></th></tr>
</thead><tbody>{feed_rows}</tbody></table>
<form method="post" action="/admin/feeds" class="row g-2 align-items-end">{hidden}
<div class="col-auto"><label class="form-label" for="feed-name">For</label>
<select class="form-select" id="feed-name" name="name">{names}</select></div>
<div class="col-auto"><button class="btn btn-primary">Make a calendar feed</button></div></form>
<h2 class="h5 mt-5">Sessions / 登录会话</h2>
<p class="small text-muted">Signed in and not yet ended (times in UTC). Ending one signs that browser out at once.</p>
<table class="table table-sm small" id="admin-sessions"><thead><tr><th>Who</th><th>Signed in</th><th>Last seen</th>
<th>From</th><th>Browser</th><th></th></tr></thead><tbody>{session_rows}</tbody></table>
<h2 class="h5 mt-5">Audit log / 审计日志</h2>
<form method="get" action="/admin" class="row g-2 mb-2">
<div class="col-auto"><input class="form-control form-control-sm" name="action" placeholder="action"
 value="{escape(action)}"></div>
<div class="col-auto"><input class="form-control form-control-sm" name="user" placeholder="user"
 value="{escape(user)}"></div>
<div class="col-auto"><button class="btn btn-sm btn-secondary">Filter</button>
<a class="btn btn-sm btn-link" href="/admin/audit.csv">Export (.csv)</a></div></form>
<table class="table table-sm small" id="admin-audit"><thead><tr><th>When (UTC)</th><th>Who</th><th>From</th>
<th>What</th><th>Details</th></tr></thead><tbody>{log}</tbody></table></main></body></html>"""
