"""Plain Flask routes for files: the template, a marked-up upload, chart images and data."""

from __future__ import annotations

import io

import flask

from . import access
from .importer import import_file

blueprint = flask.Blueprint("coopdash_files", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _send(data: bytes, download_name: str, mimetype: str = XLSX) -> flask.Response:
    return flask.send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=download_name, max_age=0
    )


@blueprint.get("/download/template.xlsx")
@access.route("viewer")
def template() -> flask.Response:
    from .template import template_bytes

    return _send(template_bytes(), "coopdash-template.xlsx")


@blueprint.get("/upload/<token>/marked.xlsx")
@access.route("editor")
def marked_upload(token: str) -> flask.Response:
    """The uploaded workbook with every problem highlighted and commented."""
    from .annotate import annotate
    from .app import current_store, current_user

    store = current_store()
    staged = store.staged_upload(token)
    if staged is None or staged[0] != current_user():
        flask.abort(404)
    _, file_name, data = staged
    lang = "zh" if flask.request.args.get("lang") == "zh" else "en"
    result = import_file(store, data, file_name, dry_run=True)
    stem = file_name.rsplit(".", 1)[0] or "upload"
    return _send(annotate(data, file_name, result.problems, lang), f"{stem}-problems.xlsx")


IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


@blueprint.get("/export/chart/<name>.<fmt>")
@access.route("viewer")
def chart_image(name: str, fmt: str) -> flask.Response:
    """A chart as on screen — the URL's filters and language — drawn on the server by kaleido."""
    from .exports.charts import CHARTS, chart_figure, data_date, render
    from .view import current_view

    if name not in CHARTS or fmt not in IMAGE_TYPES:
        flask.abort(404)
    from .app import current_store

    view = current_view(flask.request.args.to_dict())
    as_of = data_date(current_store())
    image = render(chart_figure(view, name, as_of), fmt)
    _audit_export("chart", name=name, format=fmt)
    return _send(image, f"coopdash-{name}-{as_of:%Y-%m-%d}-{view.lang}.{fmt}", IMAGE_TYPES[fmt])


@blueprint.get("/export/data.<fmt>")
@access.route("viewer")
def data_file(fmt: str) -> flask.Response:
    """The filtered records: every record type as .xlsx, or the ``record`` type given as .csv."""
    from .app import current_store
    from .exports.charts import data_date
    from .exports.data import data_csv, data_workbook
    from .records import BY_NAME
    from .view import current_view

    view = current_view(flask.request.args.to_dict())
    stamp = f"{data_date(current_store()):%Y-%m-%d}"
    _audit_export("data", format=fmt)
    if fmt == "xlsx":
        return _send(data_workbook(view.records, view.lang), f"coopdash-records-{stamp}-{view.lang}.xlsx")
    record_type = flask.request.args.get("record", "")
    if fmt != "csv" or record_type not in BY_NAME:
        flask.abort(404)
    return _send(data_csv(view.records, record_type, view.lang), f"coopdash-{record_type}-{stamp}.csv", "text/csv")


REPORT_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


@blueprint.get("/export/report.<fmt>")
@access.route("viewer")
def report_file(fmt: str) -> flask.Response:
    """The report of the view on screen (its filters and language) as PowerPoint or PDF."""
    from .app import current_store
    from .exports.charts import data_date
    from .exports.report import report_name, report_pdf, report_pptx
    from .view import current_view

    if fmt not in REPORT_TYPES:
        flask.abort(404)
    view = current_view(flask.request.args.to_dict())
    as_of = data_date(current_store())
    content = report_pptx(view, as_of) if fmt == "pptx" else report_pdf(view, as_of)
    _audit_export("report", format=fmt)
    return _send(content, report_name(view, fmt, as_of), REPORT_TYPES[fmt])


def _audit_export(what: str, **detail: object) -> None:
    from . import auth

    auth.audit("export", what=what, query=flask.request.query_string.decode(errors="replace"), **detail)
