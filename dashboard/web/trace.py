"""The records behind a headline figure as a table, with the batch, file and row each came from
(which records: :func:`dashboard.analysis.trace.behind`)."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.model import display
from dashboard.model.records import BY_NAME
from dashboard.model.texts import t
from dashboard.web import ids

MAX_ROWS = 200


def table(name: str, frame: pd.DataFrame, files: Mapping[int, str], lang: str) -> html.Div:
    """The records as a readable table, with the batch, file and row each came from."""
    rt = BY_NAME[name]
    shown = frame.head(MAX_ROWS)
    header = [f.label(lang) for f in rt.fields] + [t(f"trace.{k}", lang) for k in ("batch", "file", "row")]
    body = [
        html.Tr(
            [html.Td(display.text(f, getattr(row, f.name), lang)) for f in rt.fields]
            + [
                html.Td(str(row.origin_batch)),
                html.Td(files.get(int(row.origin_batch), "")),
                html.Td(str(row.source_row)),
            ]
        )
        for row in shown.itertuples(index=False)
    ]
    parts = [
        dbc.Table(
            [html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)],
            size="sm",
            striped=True,
            className="small",
            id=ids.TRACE_TABLE,
        )
    ]
    if len(frame) > len(shown):
        parts.append(html.P(t("trace.shown", lang, shown=len(shown), total=len(frame)), className="text-muted"))
    return html.Div(parts, className="table-responsive")
