"""Response headers that keep the browser on the app's side: a Content-Security-Policy
under which only the app's own files and Dash's known inline scripts run (no other inline
script, no ``eval``), no sniffing, no referrer leaving the site, framing only where it is
meant to happen, and — served over HTTPS — a promise to browsers to come back only over HTTPS.
"""

from __future__ import annotations

import dash
import flask

from dashboard.config import settings

EMBEDDABLE = ("/public",)  # pages the university's website may show in an iframe
HSTS = "max-age=31536000"  # a year; not includeSubDomains: the university's other hosts are not ours to promise
_SCRIPT_HASHES = "coopdash.script_hashes"

_POLICY = (
    "default-src 'self'; "
    "script-src 'self' {hashes}; "  # Dash's start-up script and clientside callbacks, by their hashes
    "style-src 'self' 'unsafe-inline'; "  # components and plotly set inline styles
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; "
)


def frame_ancestors(path: str) -> str:
    """Who may frame ``path``: the app itself, and for the public view the origins named in
    ``COOPDASH_EMBED_ORIGINS`` (space-separated, e.g. ``https://www.example.edu``)."""
    embeddable = path in EMBEDDABLE or path.startswith("/public/site/")  # and the public page's cacheable twin
    origins = settings().embed_origins if embeddable else ()
    return " ".join(["'self'", *origins])


def policy(path: str, script_hashes: str) -> str:
    return _POLICY.format(hashes=script_hashes) + f"frame-ancestors {frame_ancestors(path)}"


def add_headers(response: flask.Response) -> flask.Response:
    path = flask.request.path
    hashes = flask.current_app.extensions.get(_SCRIPT_HASHES, "")
    response.headers.setdefault("Content-Security-Policy", policy(path, hashes))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if settings().https:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def install(app: dash.Dash) -> None:
    """Send the headers with every response of ``app``. The hashes of Dash's inline scripts are
    taken at the first request, once every page module has declared its clientside callbacks."""
    server = app.server

    @server.before_request
    def hash_inline_scripts() -> None:
        if _SCRIPT_HASHES not in server.extensions:
            server.extensions[_SCRIPT_HASHES] = " ".join(app.csp_hashes())

    server.after_request(add_headers)
