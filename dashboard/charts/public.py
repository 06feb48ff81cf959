"""What the public page shows, as one JSON document: the public headline figures, the adoption
map and the source line, in one language.

The live ``/public`` page, its cacheable twin (``/public/site/``, ``/public/data.json``) and the
static site of ``coopdash publish`` are all drawn from this one document, so they cannot
disagree; it is JSON (bytes) so that the shared cache (:mod:`dashboard.store.cache`) can keep it
for every worker.
"""

from __future__ import annotations

import json
from typing import Any

import plotly.io as pio

from dashboard.analysis import metrics
from dashboard.analysis.view import View
from dashboard.charts import catalogue
from dashboard.model import figures
from dashboard.model.texts import t

FORMAT = 1  # bump when the document's shape changes
MAP = "adoption-map"


def content(view: View) -> dict[str, Any]:
    """The public page for ``view`` (its filters and language) as plain JSON values."""
    lang = view.lang
    updated = view.snapshot.updated
    document: dict[str, Any] = {
        "format": FORMAT,
        "lang": lang,
        "query": view.filters.to_query(),
        "data_version": view.snapshot.version,
        "updated": updated.isoformat() if updated is not None else None,
        "heading": t("public.heading", lang),
        "source": t("public.source", lang, date=updated.strftime("%Y-%m-%d") if updated is not None else "—"),
        "empty": view.snapshot.is_empty,
    }
    if view.snapshot.is_empty:
        document |= {"figures": [], "map": None, "empty_title": t("empty_title", lang)}
        return document
    headline = metrics.headline(view.yearly)
    document["figures"] = [{"key": f.key, "label": f.label(lang), "value": headline[f.key]} for f in figures.PUBLIC]
    # through plotly's own encoder (numpy arrays, dates), then back to plain values
    document["map"] = json.loads(pio.to_json(catalogue.chart(view, MAP), validate=False))
    return document


def encode(document: dict[str, Any]) -> bytes:
    """The document as compact UTF-8 JSON (what the cache keeps and ``data.json`` holds)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
