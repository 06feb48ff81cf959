"""The public page as a static site: HTML, JSON, the map's topojson, PNG and SVG charts.

``coopdash publish --out DIR`` writes it (and writes it again after every commit when
``COOPDASH_PUBLISH_DIR`` is set); the web app serves the same files at ``/public/site/``. No server
code runs for it: any static web server (a university's, a CDN) can host the folder, and the page
asks nothing of any other site — plotly.js and the topojson come with it.

The files:

- ``index.html`` (English) and ``zh.html`` (Chinese): the public figures as HTML, and the map,
  drawn by ``site.js`` from the figure embedded in the page;
- ``data.json``: the public page's document (:mod:`dashboard.charts.public`) per language;
- ``plotly.min.js``, ``site.js``, ``site.css``, ``topojson/*.json``;
- ``charts/adoption-map.{en,zh}.{png,svg}``: the map as images, framed as the exports are;
- ``.coopdash-site``: the marker that says the folder is coopdash's to replace.

Publishing writes a new folder beside ``DIR`` and swaps it in, so a reader sees the old site or the
new one, never half of one; a folder that is not a coopdash site is never replaced.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import datetime as dt
import fcntl
import html
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import plotly

from dashboard import __version__
from dashboard.config import TOPOJSON_ASSETS
from dashboard.model.i18n import LANGUAGES, pick
from dashboard.model.texts import t
from dashboard.store.store import Store

log = logging.getLogger(__name__)
MARKER = ".coopdash-site"
FILES = Path(__file__).resolve().parent / "site_files"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
PAGES = {"en": "index.html", "zh": "zh.html"}
IMAGE_FORMATS = ("png", "svg")
MAP_IMAGE = "charts/adoption-map.{lang}.{fmt}"


class PublishError(Exception):
    """The site cannot be written where asked; :meth:`text` says why and what to do."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(t(f"publish.{key}", "en", **values))
        self.key, self.values = key, values

    def text(self, lang: str = "en") -> str:
        return t(f"publish.{self.key}", lang, **self.values)


# --- the pages ------------------------------------------------------------------------------------


def page_html(document: dict[str, Any], *, images: bool) -> str:
    """The public page of ``document`` (one language) as a whole HTML page for the static site."""
    lang = document["lang"]
    other = pick("zh", "en", lang)
    e = html.escape
    if document["empty"]:
        body = f'<p id="empty-state">{e(document["empty_title"])}</p>'
    else:
        cards = "".join(
            f'<li class="kpi"><div class="kpi-value" id="kpi-{e(f["key"])}">{f["value"]:,}</div>'
            f'<div class="kpi-label">{e(f["label"])}</div></li>'
            for f in document["figures"]
        )
        figure = json.dumps(document["map"], ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        downloads = ""
        if images:
            links = " · ".join(
                f'<a href="{MAP_IMAGE.format(lang=lang, fmt=fmt)}" download>{fmt.upper()}</a>' for fmt in IMAGE_FORMATS
            )
            downloads = f'<p class="downloads">{e(t("public.download_map", lang))} {links}</p>'
        body = (
            f'<ul class="kpis" id="public-kpis">{cards}</ul>'
            f'<div class="map" id="public-map" role="figure" aria-label="{e(_title(document["map"]))}"></div>'
            f'<script type="application/json" id="map-figure">{figure}</script>{downloads}'
        )
    return (
        f'<!DOCTYPE html>\n<html lang="{pick("en", "zh-CN", lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="coopdash {e(__version__)}"><link rel="icon" href="data:,">'
        f"<title>{e(document['heading'])}</title>"
        f'<link rel="stylesheet" href="site.css"></head><body><main>'
        f'<a class="language" href="{PAGES[other]}" hreflang="{other}">{e(t("public.other_language", lang))}</a>'
        f'<h1>{e(document["heading"])}</h1>{body}<p class="source">{e(document["source"])}</p></main>'
        f'<script src="plotly.min.js"></script><script src="site.js"></script></body></html>\n'
    )


def _title(figure: dict[str, Any]) -> str:
    title = figure.get("layout", {}).get("title") or {}
    return str(title.get("text", "") if isinstance(title, dict) else title)


def site_text(documents: dict[str, dict[str, Any]], *, images: bool) -> dict[str, bytes]:
    """The site's pages and ``data.json`` for the documents of each language."""
    files = {PAGES[lang]: page_html(doc, images=images).encode() for lang, doc in documents.items()}
    files["data.json"] = json.dumps(documents, ensure_ascii=False, separators=(",", ":")).encode()
    return files


def static_file(name: str) -> Path | None:
    """The path of one of the site's fixed files (scripts, style, topojson), None for another name."""
    if name in ("site.js", "site.css"):
        return FILES / name
    if name == "plotly.min.js":
        return PLOTLY_JS
    if name.startswith("topojson/") and "/" not in name.removeprefix("topojson/"):
        path = TOPOJSON_ASSETS / name.removeprefix("topojson/")
        return path if path.suffix == ".json" and path.is_file() else None
    return None


def static_files() -> Iterator[tuple[str, Path]]:
    yield from (("site.js", FILES / "site.js"), ("site.css", FILES / "site.css"), ("plotly.min.js", PLOTLY_JS))
    for path in sorted(TOPOJSON_ASSETS.glob("*.json")):
        yield f"topojson/{path.name}", path


# --- publishing -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Published:
    folder: Path
    files: int
    data_version: int
    images_failed: str = ""  # why the map's images could not be drawn (the site went out without them)


def publish(
    out: Path,
    documents: dict[str, dict[str, Any]],
    images: Callable[[str, str], bytes] | None,
) -> Published:
    """Write the site for ``documents`` (per language) into ``out``, replacing the site there.

    ``images(lang, fmt)`` draws the map for a language as PNG or SVG (None: a site without images).
    Raises :class:`PublishError`, leaving the old site as it was, when ``out`` is not a folder
    coopdash may replace or cannot be written.
    """
    out = out.expanduser().absolute()
    _check(out)
    with _locked(out):
        _check(out)  # again: another publish may have finished meanwhile
        try:
            new = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
        except OSError as error:
            raise _cannot_write(out, error) from None
        try:
            os.chmod(new, 0o777 & ~_umask())  # mkdtemp's 0700 would hide the site from the web server
            count = _write(new, documents, images)
            _swap(new, out)
        except OSError as error:
            shutil.rmtree(new, ignore_errors=True)
            raise _cannot_write(out, error) from None
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
    version = next(iter(documents.values()))["data_version"]
    return Published(out, count, version)


def _write(folder: Path, documents: dict[str, dict[str, Any]], images: Callable[[str, str], bytes] | None) -> int:
    files = site_text(documents, images=images is not None)
    if images is not None:
        for lang, document in documents.items():
            if not document["empty"]:
                for fmt in IMAGE_FORMATS:
                    files[MAP_IMAGE.format(lang=lang, fmt=fmt)] = images(lang, fmt)
    for name, path in static_files():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    marker = {
        "coopdash": __version__,
        "published": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "data_version": next(iter(documents.values()))["data_version"],
        "languages": list(documents),
    }
    (folder / MARKER).write_text(json.dumps(marker, indent=1) + "\n")
    return len(files) + len(list(static_files()))


def _check(out: Path) -> None:
    """Refuse, before any work, a target that is not a coopdash site or cannot be written."""
    if out.exists() and not out.is_dir():
        raise PublishError("not_a_folder", out=out)
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise PublishError("not_ours", out=out, marker=MARKER)
    if not out.parent.is_dir():
        raise PublishError("no_parent", parent=out.parent)
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise PublishError("parent_not_writable", parent=out.parent, name=out.name)


def _cannot_write(out: Path, error: OSError) -> PublishError:
    return PublishError("failed", out=out, reason=error.strerror or str(error))


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One publish of ``out`` at a time (two commits in quick succession publish one after another)."""
    try:
        lock = open(out.parent / f".{out.name}.lock", "a")  # noqa: SIM115  # held for the block below
    except OSError as error:
        raise _cannot_write(out, error) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


RENAME_EXCHANGE = 2


@cache
def _renameat2() -> Any:
    library = ctypes.util.find_library("c")
    function = getattr(ctypes.CDLL(library, use_errno=True), "renameat2", None) if library else None
    if function is not None:
        function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    return function


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` where ``out`` is, in one step where the system allows it (Linux's
    ``renameat2(RENAME_EXCHANGE)``), then remove the old site."""
    if not out.exists():
        os.rename(new, out)
        return
    exchange = _renameat2()
    at_cwd = -100  # AT_FDCWD
    if exchange is not None and exchange(at_cwd, os.fsencode(new), at_cwd, os.fsencode(out), RENAME_EXCHANGE) == 0:
        shutil.rmtree(new, ignore_errors=True)  # now the old site
        return
    old = new.with_name(new.name.replace(".new-", ".old-"))
    os.rename(out, old)  # elsewhere: two renames, a moment with no site
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)


def publish_store(store: Store, out: Path, *, images: bool = True) -> Published:
    """The public site of ``store``'s records as they stand, in every language, written to ``out``."""
    from dashboard.analysis.filters import Filters
    from dashboard.analysis.snapshot import snapshot
    from dashboard.analysis.view import View
    from dashboard.charts import public
    from dashboard.charts.catalogue import chart_figure, data_date

    _check(out.expanduser().absolute())  # before seconds of drawing
    current = snapshot(store)
    views = {lang: View(Filters(lang=lang), current) for lang in LANGUAGES}
    documents = {lang: public.content(view) for lang, view in views.items()}
    as_of = data_date(store)

    def draw(lang: str, fmt: str) -> bytes:
        from dashboard.exports.images import render  # kaleido: started by the first image

        return render(chart_figure(views[lang], public.MAP, as_of), fmt)

    if not images:
        return publish(out, documents, None)
    try:
        return publish(out, documents, draw)
    except PublishError:
        raise
    except Exception as error:  # the chart renderer (kaleido, Chromium) failed: the figures matter more
        log.warning("the map's images could not be drawn (%s): publishing the site without them", error)
        return dataclasses.replace(publish(out, documents, None), images_failed=str(error) or type(error).__name__)
