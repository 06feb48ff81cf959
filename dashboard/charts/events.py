"""The events page's figures: a timeline of events by kind, and counts by kind and year."""

from __future__ import annotations

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
    dated = events[events["start_date"].notna() & events["kind"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=["kind", "year", "events"])
    counts = dated.groupby([dated["kind"].astype(str), dated["start_date"].dt.year.rename("year")]).size()
    return counts.rename("events").reset_index().astype({"year": int, "events": int})


def timeline(events: pd.DataFrame, lang: str = "en") -> go.Figure:
    """One row per kind, a marker at each event's start date; hovering shows its title."""
    title = t("events.timeline", lang)
    dated = events[events["start_date"].notna()]
    if dated.empty:
        return empty(title, lang)
    traces = []
    for index, kind in enumerate(KINDS):
        rows = dated[dated["kind"] == kind.value]
        if rows.empty:
            continue
        label = kind.label(lang)
        traces.append(
            {
                "type": "scatter",
                "x": rows["start_date"],
                "y": [label] * len(rows),
                "mode": "markers",
                "name": label,
                "showlegend": False,
                "marker": {"color": _colour(index), "size": 11, "opacity": 0.8, "line": {"color": "white", "width": 1}},
                "customdata": [plain(title) for title in rows["title"].fillna("")],
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
    years = list(range(int(table["year"].min()), int(table["year"].max()) + 1))
    traces = []
    for index, kind in enumerate(KINDS):
        rows = table[table["kind"] == kind.value].set_index("year")["events"].reindex(years, fill_value=0)
        if rows.sum():
            traces.append(
                {
                    "type": "bar",
                    "x": years,
                    "y": rows.to_numpy(),
                    "name": kind.label(lang),
                    "marker": {"color": _colour(index)},
                    "hovertemplate": f"{kind.label(lang)} %{{x}}: %{{y}}<extra></extra>",
                }
            )
    totals = table.groupby("year")["events"].sum()
    return figure(
        traces,
        title,
        barmode="stack",
        xaxis={"dtick": 1, "tickformat": "d"},
        yaxis={"dtick": whole_step(totals.max()), "tickformat": "d", "title": {"text": t("events.events", lang)}},
    )
