"""The events page's figures: a timeline of events by kind, and counts by kind and year."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import OKABE_ITO, empty, figure, plain, whole_step
from dashboard.model.records import EVENT
from dashboard.model.texts import t

KINDS = EVENT.field("kind").choices


def _colour(index: int) -> str:
    return OKABE_ITO[index % len(OKABE_ITO)]


def per_kind_and_year(events: pd.DataFrame) -> pd.DataFrame:
    """Events per kind and start year: columns ``kind``, ``year`` and ``events``."""
    kinds, years = _dated_kinds(events)
    if not len(kinds):
        return pd.DataFrame(columns=["kind", "year", "events"])
    pairs, counts = np.unique(np.rec.fromarrays([kinds, years]), return_counts=True)
    return pd.DataFrame({"kind": pairs["f0"].astype(object), "year": pairs["f1"].astype(int), "events": counts})


def _dated_kinds(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The kind (text) and start year of each event with both."""
    when = _days(events)
    kinds = events["kind"].to_numpy(dtype=object)
    known = ~np.isnat(when) & pd.notna(kinds)
    return kinds[known].astype(str), when[known].astype("datetime64[Y]").astype(int) + 1970


def _days(events: pd.DataFrame) -> np.ndarray:
    """The events' start dates as datetime64 (NaT where missing), in the column's own unit."""
    when = events["start_date"].to_numpy()
    return when if when.dtype.kind == "M" else when.astype("datetime64[us]")


def timeline(events: pd.DataFrame, lang: str = "en") -> go.Figure:
    """One row per kind, a marker at each event's start date; hovering shows its title."""
    title = t("events.timeline", lang)
    when = _days(events)
    dated = ~np.isnat(when)
    if not dated.any():
        return empty(title, lang)
    kinds = events["kind"].to_numpy(dtype=object)[dated]
    titles = events["title"].to_numpy(dtype=object)[dated]
    when = when[dated]
    traces = []
    for index, kind in enumerate(KINDS):
        rows = kinds == kind.value
        if not rows.any():
            continue
        label = kind.label(lang)
        traces.append(
            {
                "type": "scatter",
                "x": when[rows],
                "y": [label] * int(rows.sum()),
                "mode": "markers",
                "name": label,
                "showlegend": False,
                "marker": {"color": _colour(index), "size": 11, "opacity": 0.8, "line": {"color": "white", "width": 1}},
                "customdata": [plain(title if isinstance(title, str) else "") for title in titles[rows]],
                "hovertemplate": "%{customdata}<br>%{x|%Y-%m-%d}<extra></extra>",
            }
        )
    return figure(
        traces,
        title,
        height=max(300, 110 + 40 * len(traces)),
        yaxis={"type": "category", "automargin": True, "showgrid": True},
        xaxis={"tickformat": "%Y", "showgrid": True, "gridcolor": "#eef0f3"},
    )


def counts_by_kind_and_year(table: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Stacked bars from :func:`per_kind_and_year`, one colour per kind."""
    title = t("events.per_year", lang)
    if table.empty:
        return empty(title, lang)
    kinds, years = table["kind"].to_numpy(dtype=object), table["year"].to_numpy(dtype=np.int64)
    counts = table["events"].to_numpy(dtype=np.int64)
    first, last = int(years.min()), int(years.max())
    traces = []
    for index, kind in enumerate(KINDS):
        rows = kinds == kind.value
        per_year = np.bincount(years[rows] - first, counts[rows], minlength=last - first + 1).astype(np.int64)
        if per_year.sum():
            traces.append(
                {
                    "type": "bar",
                    "x": list(range(first, last + 1)),
                    "y": per_year,
                    "name": kind.label(lang),
                    "marker": {"color": _colour(index)},
                    "hovertemplate": f"{kind.label(lang)} %{{x}}: %{{y}}<extra></extra>",
                }
            )
    totals = np.bincount(years - first, counts)
    return figure(
        traces,
        title,
        barmode="stack",
        xaxis={"dtick": 1, "tickformat": "d"},
        yaxis={"dtick": whole_step(totals.max()), "tickformat": "d", "title": {"text": t("events.events", lang)}},
    )
