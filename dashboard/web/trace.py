"""What a headline figure counts, as tables: the standards or countries a distinct figure counts,
one row each, and the records behind them, each with the batch, file and row it came from
(which: :func:`dashboard.analysis.trace.traced`)."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.analysis.trace import Traced
from dashboard.model import display
from dashboard.model.figures import BY_KEY
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


def title(traced: Traced, label: str, lang: str) -> str:
    """The modal's title: what the figure counts and how many (``label`` names the figure)."""
    distinct = BY_KEY[traced.figure].distinct
    key = f"trace.counted.{distinct}" if distinct else "trace.behind"
    return t(key, lang, count=traced.count, figure=label)


def body(traced: Traced, files: Mapping[int, str], lang: str) -> html.Div:
    """The items a distinct figure counts, then the records behind them; or the records alone."""
    records = table(traced.record_type, traced.records.sort_values(traced.records.columns[0]), files, lang)
    if traced.items is None:
        return records
    return html.Div(
        [items_table(traced, lang), html.H6(t("trace.records_below", lang, count=len(traced.records))), records]
    )


def items_table(traced: Traced, lang: str) -> html.Div:
    """One row per standard or country counted: its name, how many records reached it, when first,
    and the countries (of a standard) or standards (of a country) those records name."""
    assert traced.items is not None
    distinct = BY_KEY[traced.figure].distinct
    header = [
        t(f"trace.item.{distinct}", lang),
        BY_NAME[traced.record_type].label(lang),
        t("trace.first", lang),
        t(f"trace.with.{distinct}", lang),
    ]
    body = [
        html.Tr(
            [
                html.Td(row.name),
                html.Td(str(row.records)),
                html.Td("" if pd.isna(row.first) else f"{row.first:%Y-%m-%d}"),
                html.Td(row.with_),
            ]
        )
        for row in traced.items.rename(columns={"with": "with_"}).itertuples(index=False)
    ]
    return html.Div(
        dbc.Table(
            [html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)],
            size="sm",
            striped=True,
            className="small",
            id=ids.TRACE_ITEMS,
        ),
        className="table-responsive",
    )
