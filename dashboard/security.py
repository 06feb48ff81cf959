"""Response headers that keep the browser on the app's side: a Content-Security-Policy
that still lets Dash and plotly run (scripts, styles and data only from the app itself),
no sniffing, no referrer leaving the site, and framing only where it is meant to happen.
"""

from __future__ import annotations

import flask

from .config import settings

EMBEDDABLE = ("/public",)  # pages the university's website may show in an iframe

_POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "  # Dash's start-up script; plotly compiles some code
    "style-src 'self' 'unsafe-inline'; "  # components set inline styles
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; "
)


def frame_ancestors(path: str) -> str:
    """Who may frame ``path``: the app itself, and for the public view the origins named in
    ``COOPDASH_EMBED_ORIGINS`` (space-separated, e.g. ``https://www.example.edu``)."""
    origins = settings().embed_origins if path in EMBEDDABLE else ()
    return " ".join(["'self'", *origins])


def add_headers(response: flask.Response) -> flask.Response:
    path = flask.request.path
    response.headers.setdefault("Content-Security-Policy", _POLICY + f"frame-ancestors {frame_ancestors(path)}")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def install(server: flask.Flask) -> None:
    server.after_request(add_headers)
