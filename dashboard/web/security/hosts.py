"""One host: the server answers only the host names it is meant to be reached by, and takes
changes only from its own pages.

**DNS rebinding.** A web page on ``attacker.example`` can point its own name at 127.0.0.1 and
then talk to a dashboard on the visitor's machine as if it were the same site: the browser
sends ``Host: attacker.example``. A fresh install on a loopback address makes everyone there
its editor, so such a page could upload and commit. Any request whose ``Host`` is not one of
the allowed names (``COOPDASH_ALLOWED_HOSTS``; serving on a loopback address the default is
``localhost``, ``127.0.0.1`` and ``[::1]``) gets 400 before any page, callback or export runs.

**Cross-site changes.** A request that changes something (a callback, a form) and carries an
``Origin`` header naming another site is refused with 403, whatever its cookies say. Browsers
send ``Origin`` with every such request; a client that sends none is not a browser another
site can drive.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import flask

from dashboard.config import settings
from dashboard.web.security import proxies

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _split(netloc: str) -> tuple[str, str]:
    """``host:port`` → (host, port), lower-cased; ``[::1]:8050`` → (``[::1]``, ``8050``)."""
    netloc = netloc.strip().lower()
    if netloc.startswith("["):
        host, _, rest = netloc.partition("]")
        return host + "]", rest.removeprefix(":")
    host, _, port = netloc.partition(":")
    return host, port


def name(host_header: str) -> str:
    """The host name of a ``Host`` header, without its port."""
    return _split(host_header)[0]


def _scheme(request: flask.Request) -> str:
    """http or https, as the visitor's browser sees it: a listed proxy says so in X-Forwarded-Proto."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").strip().lower()
    if forwarded in ("http", "https") and proxies.is_trusted(request.remote_addr or "", settings().trusted_proxies):
        return forwarded
    return request.scheme


def _same_site(origin: str, host_header: str, scheme: str) -> bool:
    """Does ``origin`` name this site: the same scheme, host name and port as the request?"""
    parts = urlsplit(origin)
    if parts.scheme != scheme or not parts.netloc:
        return False  # includes the "null" origin of sandboxed frames and file: pages
    default = "443" if scheme == "https" else "80"
    origin_host, origin_port = _split(parts.netloc)
    host, port = _split(host_header)
    return origin_host == host and (origin_port or default) == (port or default)


def check(allowed: tuple[str, ...]) -> None:
    """Before any request: refuse an unknown ``Host`` (400) and a change from another site (403)."""
    request = flask.request
    if "*" not in allowed and name(request.host) not in allowed:
        flask.abort(
            400,
            "This server does not answer to that host name. Its operator can add the name to COOPDASH_ALLOWED_HOSTS.",
        )
    origin = request.headers.get("Origin")
    if (
        request.method not in SAFE_METHODS
        and origin is not None
        and not _same_site(origin, request.host, _scheme(request))
    ):
        flask.abort(403, "Changes are accepted only from the dashboard's own pages.")


def install(server: flask.Flask, allowed: tuple[str, ...]) -> None:
    """Check every request's host first, before anything else sees it."""
    server.before_request_funcs.setdefault(None, []).insert(0, lambda: check(allowed))
