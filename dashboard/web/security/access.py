"""Who may run what: every callback, page and route declares its access level where it is
defined, and the server decides from what it knows alone.

The levels rank ``public`` < ``viewer`` < ``editor`` < ``admin``. A request's own role comes
from its session (:mod:`dashboard.web.security.auth` sets ``flask.g.role``); what the request *asks for* is
never trusted to say how sensitive it is:

- **Callbacks.** Dash picks the function to run from the request's ``output`` key, checks the
  outputs against it, and binds the inputs *by position*, ignoring the ids and property names
  the request carries. So the level is looked up from the function Dash will run (declared
  with :func:`callback`), and every callback checks it again itself when it runs. An input's
  name, order or value plays no part.
- **Pages.** Dash's page router is one callback for every page; which page it draws depends on
  the path it is given. Each page's ``layout`` is declared with :func:`page` and checks its
  level when it is drawn, so a path smuggled in under another name draws nothing it may not.
- **Routes.** Flask views declare theirs with :func:`route`; Dash's own routes are listed in
  :data:`DASH_ROUTES`.

Anything with no declared level is refused (fail closed): a new callback or route that forgot
its declaration is a 403 in the tests, not an open door in production.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

import dash
import flask
from werkzeug.wrappers import Response

LEVELS = ("public", "viewer", "editor", "admin")
F = TypeVar("F", bound=Callable[..., Any])

# Dash's own routes. "page": the page's HTML shell (no data in it; the page's level is checked
# when its content is drawn) — anonymous visitors without the right are sent to sign in.
# "callback": decided per callback, from the function Dash will run.
DASH_ROUTES = {
    "_dash_assets.static": "public",
    "static": "public",
    "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>": "public",
    "/_dash-layout": "public",  # the chrome: navigation and filters, no records
    "/_dash-dependencies": "public",  # which callbacks exist (their ids), no records
    "/_favicon.ico": "public",
    "/_reload-hash": "public",
    "/": "page",
    "/<path:path>": "page",
    "/_dash-update-component": "callback",
}
# Dash's page router (registered by Dash itself on the first request): it only ever draws a
# page's layout, and each layout checks its own level (see :func:`page`).
ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."
PUBLIC_PAGES = ("/public",)


class Refused(Exception):
    """The current request may not do what it asked (401 anonymous, 403 signed in)."""


def rank(level: str | None) -> int:
    """How much a level or role allows: 0 for public (and nobody), then viewer, editor, admin."""
    return LEVELS.index(level) if level in LEVELS else 0


def allows(level: str) -> bool:
    """May whoever makes the current request do what ``level`` guards?"""
    return level == "public" or rank(flask.g.get("role")) >= rank(level)


def require(level: str) -> None:
    """Refuse the current request (401 anonymous, 403 signed in) unless its role reaches ``level``."""
    if not allows(level):
        flask.abort(401 if flask.g.get("user") in (None, "anonymous") else 403)


def _declared(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"access level {level!r}: choose one of {', '.join(LEVELS)}")
    return level


def _guarded(level: str, func: F) -> F:
    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if flask.has_request_context():  # a test calling the function directly is no request
            require(level)
        return func(*args, **kwargs)

    guarded.access = level  # type: ignore[attr-defined]
    return guarded  # type: ignore[return-value]


def callback(level: str, *args: Any, **kwargs: Any) -> Callable[[F], F]:
    """``dash.callback`` with the level needed to run it: ``@access.callback("viewer", Output(…), …)``."""
    _declared(level)

    def declare(func: F) -> F:
        return cast(F, dash.callback(*args, **kwargs)(_guarded(level, func)))  # registered and returned as is

    return declare


def page(level: str) -> Callable[[F], F]:
    """Declare a page layout's level: ``@access.page("viewer")`` above ``def layout(**query)``."""
    _declared(level)
    return functools.partial(_guarded, level)


def route(level: str) -> Callable[[F], F]:
    """Declare a Flask view's level: ``@access.route("editor")`` under ``@blueprint.get(…)``."""
    _declared(level)
    return functools.partial(_guarded, level)


def level_of_route(app: flask.Flask, endpoint: str | None) -> str | None:
    """The declared level of a Flask endpoint; None when it has none (refused)."""
    if endpoint is None:
        return None
    view = app.view_functions.get(endpoint)
    return getattr(view, "access", None) or DASH_ROUTES.get(endpoint)


UNDECLARED = "undeclared"


def level_of_callback(dash_app: dash.Dash, output: object) -> str | None:
    """The declared level of the callback Dash would run for ``output``: None when there is no
    such callback, :data:`UNDECLARED` when it declared none (both refused)."""
    if not isinstance(output, str):
        return None
    if output == ROUTER_OUTPUT:
        return "public"  # each page checks its own level as it is drawn
    found = dash_app.callback_map.get(output)
    if not found or "callback" not in found:  # clientside callbacks never reach the server
        return None
    return getattr(found["callback"], "access", UNDECLARED)


def callback_output(request: flask.Request) -> object:
    """The ``output`` key of a Dash callback request: which callback Dash will run. The body is
    parsed once: Flask keeps the result, and Dash reads the same one (an upload's body is 28 MB)."""
    body = request.get_json(silent=True)
    return body.get("output") if isinstance(body, dict) else None


def check(dash_app: dash.Dash) -> Response | None:
    """Before any request: refuse what has no declared level, or a level above the caller's.

    Pages the caller may not see send a browser to the sign-in page; everything else is
    answered 401 (anonymous) or 403 (signed in) with no data.
    """
    request = flask.request
    level = level_of_route(dash_app.server, request.endpoint)
    if level is None:
        flask.abort(404 if request.endpoint is None else 403)
    if level == "callback":
        level = level_of_callback(dash_app, callback_output(request))
        if level is None:
            flask.abort(400, "No such callback.")
        if level == UNDECLARED:
            flask.abort(403)
    elif level == "page":
        level = "public" if request.path.rstrip("/") in PUBLIC_PAGES else "viewer"
        if not allows(level):
            return flask.redirect("/login?" + urlencode({"next": request.full_path.rstrip("?")}))
    require(level)
    return None
