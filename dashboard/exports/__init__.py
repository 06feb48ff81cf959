"""Exports: the filtered records as spreadsheets, charts as image files, the monthly report.

:mod:`.data` writes ``.xlsx`` and ``.csv``; :mod:`.images` renders a chart of
:mod:`dashboard.charts.catalogue` with kaleido; :mod:`.report` builds the PowerPoint and PDF
report. The web app imports these only when someone asks for a download, so the browser that
kaleido drives is only ever started by a request or command that asks for an image.

May import: every package below :mod:`dashboard.web` (config, model, ingest, store, batches,
analysis, charts). Never the web app: what an export needs (the topojson's path) comes from
:mod:`dashboard.config`.
"""

from __future__ import annotations

import sys


def renderer_failed(error: BaseException) -> bool:
    """Whether ``error`` is :class:`.images.RendererFailed` (the chart renderer could not start or
    stopped), asked without loading the renderer: an error raised where no image was drawn cannot be one."""
    images = sys.modules.get("dashboard.exports.images")
    return images is not None and isinstance(error, images.RendererFailed)
