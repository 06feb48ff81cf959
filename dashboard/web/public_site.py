"""The public page's content from the shared cache, and the public site served with cache headers.

The ``/public`` page and the files under ``/public/site/`` (the static site of ``coopdash publish``,
served live, without the images) are drawn from one document per query
(:mod:`dashboard.charts.public`), worked out once per data version and kept in the shared cache
(:mod:`dashboard.store.cache`) for every worker. Each response names its version in an ``ETag``
and may be kept ``COOPDASH_PUBLIC_MAX_AGE`` seconds by any cache (``Cache-Control: public``), so
nginx or a CDN in front can answer for the server; asked again with ``If-None-Match``, the server
answers 304 after one tiny query (the newest batch), without drawing anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import flask

from dashboard import __version__
from dashboard.analysis.filters import Filters
from dashboard.charts import public
from dashboard.config import environment, settings
from dashboard.model import clock
from dashboard.model.i18n import LANGUAGES
from dashboard.store import cache as shared
from dashboard.store.store import Store
from dashboard.web import page_cache
from dashboard.web.context import current_store, current_view

LEVEL = "public"  # what is drawn here is what anyone may see


def _version() -> str:
    return shared.version_of(current_store())


def _key(*parts: str) -> str:
    # "today" is part of every key: a figure counts what is active on the day it is drawn
    return shared.key_of("public", str(public.FORMAT), LEVEL, clock.today().isoformat(), *parts)


def _document_bytes(version: str, query: str, asked: tuple[int, dt.datetime | None] | None = None) -> bytes:
    """The document, drawn from the data version ``asked`` if the request has asked already (as
    :func:`dashboard.web.page_cache.cached` does: the document is filed under the version it is drawn from)."""
    return shared.cached(
        version,
        _key("document", query),
        lambda: public.encode(public.content(current_view(query))),
        one_at_a_time=page_cache.turn(query, asked),
    )


def document(query: Mapping[str, str | None] | str | None) -> tuple[tuple[str, str, str], dict[str, Any]]:
    """The public page's document for a page's query (its filters and language), from the cache,
    with what names it: (data version, normalised query, day) — a key for what is drawn from it."""
    store = current_store()
    asked = store.data_version()  # once for the key and the view
    key = (shared.version_name(store, *asked), Filters.from_query(query).to_query(), clock.today().isoformat())
    found = _documents.get(key)
    if found is None:
        found = json.loads(_document_bytes(key[0], key[1], asked))
        if len(_documents) >= shared.MEMORY_ITEMS:
            _documents.clear()
        _documents[key] = found
    return key, found


_documents: dict[tuple[str, str, str], dict[str, Any]] = {}  # parsed, per key: layouts only read them


def _site_page(version: str, name: str) -> bytes:
    from dashboard.exports.site import site_text  # no kaleido: the live site has no images

    def make() -> bytes:
        documents = {lang: json.loads(_document_bytes(version, Filters(lang=lang).to_query())) for lang in LANGUAGES}
        return site_text(documents, images=False)[name]

    return shared.cached(version, _key("site", name), make)


_SITE_PAGES = ("index.html", "zh.html", "data.json")


def site_response(name: str) -> flask.Response:
    """A file of the public site (``index.html`` when ``name`` is empty), 404 for any other name."""
    from dashboard.exports.site import static_file

    name = name or "index.html"
    if name in _SITE_PAGES:
        version = _version()
        return cacheable(f"{version}-{_key('site', name)}", lambda: _site_page(version, name), name)
    path = static_file(name)
    if path is None:
        flask.abort(404)
    tag = hashlib.sha256(f"{__version__}|{name}|{path.stat().st_mtime_ns}".encode()).hexdigest()[:24]
    return cacheable(tag, lambda: _file_bytes(str(path)), name)


@cache
def _file_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def document_response(query: Mapping[str, str | None] | str | None) -> flask.Response:
    """The public page's document (JSON) for a query, with its ETag and cache headers."""
    normalised = Filters.from_query(query).to_query()
    version = _version()
    return cacheable(
        f"{version}-{_key('document', normalised)}", lambda: _document_bytes(version, normalised), "data.json"
    )


def cacheable(tag: str, body: Callable[[], bytes], name: str) -> flask.Response:
    """``body()`` under the ETag ``tag``, or 304 (no body drawn) when the request already holds it."""
    headers = {
        "ETag": f'"{tag}"',
        "Cache-Control": f"public, max-age={settings().public_max_age}",
        "Vary": "Accept-Encoding",
    }
    if flask.request.if_none_match.contains(tag):
        return flask.Response(status=304, headers=headers)
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if mimetype.startswith("text/") or mimetype in ("application/json", "application/javascript"):
        mimetype += "; charset=utf-8"
    return flask.Response(body(), headers=headers, content_type=mimetype)


def install_publishing() -> None:
    """With ``COOPDASH_PUBLISH_DIR`` set, publish the static site after each batch a request
    commits (an upload, a rollback): ``coopdash publish`` in a process of its own, so the request
    and the worker never wait for its charts to be drawn."""
    if settings().publish_dir is None:
        return
    from dashboard.batches import hooks

    hooks.after_commit("publish", _publish_in_background)


def _publish_in_background(store: Store) -> None:
    folder = settings().publish_dir
    if folder is None:
        return
    command = [sys.executable, "-c", "import sys; from dashboard.cli import main; sys.exit(main())", "publish"]
    process = subprocess.Popen(  # the database's URL (and its password) in the environment, not on a command line
        [*command, "--out", str(folder)],
        env=environment({"COOPDASH_DATABASE_URL": store.url}),
        stdin=subprocess.DEVNULL,
    )
    threading.Thread(target=process.wait, daemon=True).start()  # reaped when it ends
