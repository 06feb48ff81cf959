"""The administrator's page: people and their roles, and the audit log (read-only).

Plain server-rendered HTML forms, each carrying the session's CSRF token; every value from
the database is escaped. Only admins reach any of it — checked here, on the server.
"""

from __future__ import annotations

import csv
import io
import secrets

import flask
from markupsafe import escape

from . import accounts, auth
from .exports.data import inert  # no formula when the log is opened in a spreadsheet

blueprint = flask.Blueprint("coopdash_admin", __name__)


def _store():
    from .app import current_store

    return current_store()


def _csrf() -> str:
    token = flask.session.get("csrf") or secrets.token_urlsafe(24)
    flask.session["csrf"] = token
    return token


def _check_form() -> None:
    auth.require("admin")
    if not secrets.compare_digest(flask.request.form.get("csrf", ""), flask.session.get("csrf", "-")):
        flask.abort(400, "The form expired; reload the page.")


@blueprint.get("/admin")
def page() -> str:
    auth.require("admin")
    action, user = flask.request.args.get("action", ""), flask.request.args.get("user", "")
    entries = accounts.entries(_store(), action=action or None, user=user or None)
    return _render(accounts.all_accounts(_store()), entries, action, user, flask.request.args.get("message", ""))


@blueprint.post("/admin/users")
def add_user() -> flask.Response:
    _check_form()
    form = flask.request.form
    return _apply(accounts.add, "user_added", form.get("name", ""), form.get("role", ""), form.get("password", ""))


@blueprint.post("/admin/users/<name>/password")
def change_password(name: str) -> flask.Response:
    _check_form()
    return _apply(accounts.set_password, "password_changed", name, flask.request.form.get("password", ""))


@blueprint.post("/admin/users/<name>/remove")
def remove_user(name: str) -> flask.Response:
    _check_form()
    if name == flask.g.get("user"):
        return flask.redirect("/admin?message=" + "You cannot remove yourself.")
    return _apply(accounts.remove, "user_removed", name)


@blueprint.get("/admin/audit.csv")
def audit_csv() -> flask.Response:
    auth.require("admin")
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


def _apply(action, audit_action: str, name: str, *args: str) -> flask.Response:
    try:
        action(_store(), name, *args)
    except accounts.AccountError as error:
        return flask.redirect("/admin?message=" + str(error))
    detail = {"role": args[0]} if audit_action == "user_added" else {}
    auth.audit(audit_action, name=name, **detail)
    return flask.redirect("/admin?message=Done.")


def _render(people, entries, action: str, user: str, message: str) -> str:
    token = escape(_csrf())
    hidden = f'<input type="hidden" name="csrf" value="{token}">'
    roles = "".join(f"<option>{r}</option>" for r in accounts.ROLES)
    rows = "".join(
        f"<tr><td>{escape(p.name)}</td><td>{escape(p.role)}</td><td>{p.created_at:%Y-%m-%d}</td><td>"
        f'<form method="post" action="/admin/users/{escape(p.name)}/password" class="d-inline">{hidden}'
        f'<input name="password" type="password" placeholder="new password" minlength="10" required> '
        f'<button class="btn btn-sm btn-outline-secondary">Set password</button></form> '
        f'<form method="post" action="/admin/users/{escape(p.name)}/remove" class="d-inline">{hidden}'
        f'<button class="btn btn-sm btn-outline-danger">Remove</button></form></td></tr>'
        for p in people
    )
    log = "".join(
        f"<tr><td>{e['at']:%Y-%m-%d %H:%M:%S}</td><td>{escape(e['user'])}</td><td>{escape(e['address'])}</td>"
        f"<td>{escape(e['action'])}</td><td><code>{escape(str(e['detail']))}</code></td></tr>"
        for e in entries
    )
    note = f'<div class="alert alert-info" id="admin-message">{escape(message)}</div>' if message else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Administration — coopdash</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css"></head><body class="bg-light">
<main class="container py-4"><p><a href="/">← coopdash</a> · <a href="/logout">Sign out</a></p>
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
