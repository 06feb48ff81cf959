"""Plain Flask routes for files: the template, a marked-up upload, chart images and data."""

from __future__ import annotations

import fcntl
import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flask

from dashboard.analysis.snapshot import snapshot
from dashboard.batches import uploads
from dashboard.batches.importer import import_file
from dashboard.charts.catalogue import CHARTS, chart_figure, data_date
from dashboard.config import settings
from dashboard.exports import renderer_failed
from dashboard.ingest.annotate import annotate
from dashboard.ingest.template import template_bytes
from dashboard.model import clock
from dashboard.model.i18n import language
from dashboard.model.records import BY_NAME
from dashboard.store import feeds
from dashboard.web import public_site
from dashboard.web.context import current_store, current_user, current_view
from dashboard.web.security import access, auth, bad_requests

blueprint = flask.Blueprint("coopdash_files", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _send(data: bytes, download_name: str, mimetype: str = XLSX) -> flask.Response:
    return flask.send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=download_name, max_age=0
    )


@blueprint.get("/download/template.xlsx")
@access.route("viewer")
def template() -> flask.Response:
    return _send(template_bytes(), "coopdash-template.xlsx")


@blueprint.get("/upload/<token>/marked.xlsx")
@access.route("editor")
def marked_upload(token: str) -> flask.Response:
    """The uploaded workbook with every problem highlighted and commented."""
    store = current_store()
    staged = store.staged_upload(token)
    if staged is None or staged[0] != current_user():
        flask.abort(404)
    _, file_name, data = staged
    lang = language(flask.request.args.get("lang"))
    result = import_file(store, data, file_name, dry_run=True, mapping=uploads.staged_mapping(store, token))
    return _send(annotate(data, file_name, result.problems, lang), f"{_stem(file_name)}-problems.xlsx")


@blueprint.get("/upload/<token>/preview.xlsx")
@access.route("editor")
def upload_preview(token: str) -> flask.Response:
    """Everything committing the upload would write: the records it adds and every change, with
    the names proposed as known institutions that its uploader accepted (``accept``: their places
    among the preview's proposals, e.g. ``0,3``). One at a time per person, like an export: each
    is a whole dry run of the file."""
    from dashboard.exports.data import PREVIEW_LISTED, preview_workbook

    lang = language(flask.request.args.get("lang"))
    chosen = uploads.parse_chosen(flask.request.args.get("accept"))
    if chosen is None:
        flask.abort(400)
    store, user = current_store(), current_user()
    with one_export_at_a_time():
        accept: set[tuple[str, str]] = set()
        if chosen:  # the proposals, to name the ones chosen
            proposed = uploads.recheck(store, token, user=user, accept=False, listed=0)
            if proposed is None:
                flask.abort(404)
            accept = {(m.record_type, m.value) for n, m in enumerate(proposed.matches) if n in chosen}
        result = uploads.recheck(store, token, user=user, accept=accept, listed=PREVIEW_LISTED)
        if result is None:  # no such upload of this person's
            flask.abort(404)
        workbook = preview_workbook(result, lang)
    return _send(workbook, f"{_stem(result.file_name)}-preview.xlsx")


def _stem(file_name: str) -> str:
    """An uploaded file's name without its extension, safe in a header (no line breaks)."""
    return bad_requests.file_name(file_name).rsplit(".", 1)[0] or "upload"


IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


@blueprint.get("/export/chart/<name>.<fmt>")
@access.route("viewer")
def chart_image(name: str, fmt: str) -> flask.Response:
    """A chart as on screen — the URL's filters and language — drawn on the server by kaleido."""
    # the exports (kaleido, python-pptx, pypdf) load with the first download, not in every worker
    from dashboard.exports.images import render

    if name not in CHARTS or fmt not in IMAGE_TYPES:
        flask.abort(404)
    view = current_view(flask.request.args.to_dict())
    as_of = data_date(current_store())
    with one_export_at_a_time():
        _audit_export("chart", name=name, format=fmt)  # checks the role before seconds of drawing
        image = render(chart_figure(view, name, as_of), fmt)
    return _send(image, f"coopdash-{name}-{as_of:%Y-%m-%d}-{view.lang}.{fmt}", IMAGE_TYPES[fmt])


@blueprint.get("/export/data.<fmt>")
@access.route("viewer")
def data_file(fmt: str) -> flask.Response:
    """The filtered records: every record type as .xlsx, or the ``record`` type given as .csv."""
    # the exports (kaleido, python-pptx, pypdf) load with the first download, not in every worker
    from dashboard.exports.data import data_csv, data_workbook

    view = current_view(flask.request.args.to_dict())
    stamp = f"{data_date(current_store()):%Y-%m-%d}"
    _audit_export("data", format=fmt)
    if fmt == "xlsx":
        return _send(data_workbook(view.records, view.lang), f"coopdash-records-{stamp}-{view.lang}.xlsx")
    record_type = flask.request.args.get("record", "")
    if fmt != "csv" or record_type not in BY_NAME:
        flask.abort(404)
    return _send(data_csv(view.records, record_type, view.lang), f"coopdash-{record_type}-{stamp}.csv", "text/csv")


@blueprint.get("/public/data.json")
@access.route("public")
def public_document() -> flask.Response:
    """The public page's figures and map as JSON, for the query's filters and language (cacheable)."""
    return public_site.document_response(flask.request.args.to_dict())


@blueprint.get("/public/site/", defaults={"name": ""})
@blueprint.get("/public/site/<path:name>")
@access.route("public")
def public_site_file(name: str) -> flask.Response:
    """The static public site of ``coopdash publish``, served live (without its images; cacheable)."""
    return public_site.site_response(name)


@blueprint.get("/calendar.ics")
@access.route("public")  # a calendar program cannot sign in: the feed's token is its authorisation
def calendar_feed() -> flask.Response:
    """Agreement expiries and events as iCalendar, for the holder of a live feed token (else 404)."""
    from dashboard.notify.calendar import feed  # icalendar: loaded by the first feed read

    store = current_store()
    if feeds.account_for(store, flask.request.args.get("token", "")) is None:
        flask.abort(404)
    lang = language(flask.request.args.get("lang"))
    config = settings()
    base_url = config.base_url or flask.request.host_url.rstrip("/")
    body = feed(snapshot(store).records, clock.today(), lang, config.org(lang) or "coopdash", base_url)
    return flask.Response(
        body,
        mimetype="text/calendar",
        headers={"Cache-Control": "private, no-store", "Content-Disposition": 'inline; filename="coopdash.ics"'},
    )


REPORT_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


@blueprint.get("/export/report.<fmt>")
@access.route("viewer")
def report_file(fmt: str) -> flask.Response:
    """The report of the view on screen (its filters and language) as PowerPoint or PDF."""
    # the exports (kaleido, python-pptx, pypdf) load with the first download, not in every worker
    from dashboard.exports.report import report_name, report_pdf, report_pptx

    if fmt not in REPORT_TYPES:
        flask.abort(404)
    view = current_view(flask.request.args.to_dict())
    as_of = data_date(current_store())
    with one_export_at_a_time():
        _audit_export("report", format=fmt)
        content = report_pptx(view, as_of) if fmt == "pptx" else report_pdf(view, as_of)
    return _send(content, report_name(view, fmt, as_of), REPORT_TYPES[fmt])


def _audit_export(what: str, **detail: object) -> None:
    auth.audit("export", what=what, query=flask.request.query_string.decode(errors="replace"), **detail)


EXPORT_LOCKS = Path("instance") / "export-locks"
EXPORT_BUSY = "An export of yours is still being made; try again when it finishes."
EXPORT_RETRY_SECONDS = 5  # a chart or a report takes 3 to 6 s of CPU
RENDERER_FAILED = "Charts cannot be drawn as images on this server at the moment (the reason is in its log)."
_LOCK_SLOTS = 16**4  # lock files, at most: who they are is hashed into one of them


@contextmanager
def one_export_at_a_time() -> Iterator[None]:
    """Draw one chart or report at a time per person (per signed-in name, or per address for
    an anonymous viewer), across the threads and worker processes of one machine; another
    request of theirs meanwhile is answered 429 at once. Each export takes seconds of CPU:
    without this, one person could keep every core busy.

    The lock is ``flock`` on a file under ``instance/export-locks``, released by the system
    when the request ends, however it ends. People are hashed into a fixed number of files, so
    no caller can fill the disk with them; two people sharing a file (one chance in 65,536)
    only wait for each other."""
    who = flask.g.get("user") or "anonymous"
    if who == "anonymous":
        who = f"anonymous@{auth.client_address()}"  # the visitor's, not the proxy's
    slot = int(hashlib.sha256(who.encode()).hexdigest(), 16) % _LOCK_SLOTS
    EXPORT_LOCKS.mkdir(parents=True, exist_ok=True)
    with open(EXPORT_LOCKS / f"{slot:04x}.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            flask.abort(
                flask.Response(
                    EXPORT_BUSY,
                    429,
                    {"Retry-After": str(EXPORT_RETRY_SECONDS), "Content-Type": "text/plain; charset=utf-8"},
                )
            )
        try:
            yield
        except Exception as error:
            if not renderer_failed(error):  # a data or preview download's error is not one
                raise
            flask.current_app.logger.error("an export could not be drawn: %s", error)
            flask.abort(flask.Response(RENDERER_FAILED, 503, {"Content-Type": "text/plain; charset=utf-8"}))
