"""Plain Flask routes for files: the template and a marked-up upload."""

from __future__ import annotations

import io

import flask

from .importer import import_file

blueprint = flask.Blueprint("coopdash_files", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _send(data: bytes, download_name: str, mimetype: str = XLSX) -> flask.Response:
    return flask.send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=download_name, max_age=0
    )


@blueprint.get("/download/template.xlsx")
def template() -> flask.Response:
    from .template import template_bytes

    return _send(template_bytes(), "coopdash-template.xlsx")


@blueprint.get("/upload/<token>/marked.xlsx")
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
