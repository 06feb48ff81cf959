"""The overview's figures: adoptions over time, the world map, centres by country."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.memo import per_frame
from dashboard.charts.base import OKABE_ITO, SEQUENTIAL, empty, figure, plain, whole_step, wrapped
from dashboard.model import countries, display, figures
from dashboard.model.texts import TEXTS, t


def adoptions_over_time(table: pd.DataFrame, lang: str = "en") -> go.Figure:
    """The standards adopted abroad for the first time each year as bars (they add up to the
    headline's standards adopted abroad), the countries and regions reached so far as a line;
    each on its own titled axis."""
    title = t("adoptions_title", lang)
    if table.empty:
        return empty(title, lang)
    years = table["period"].dt.year
    reached = t("running_total", lang, figure=figures.BY_KEY["adoption_countries"].label(lang))
    bars = {
        "type": "bar",
        "x": years,
        "y": table["new_standards"],
        "name": t("new_standards", lang),
        "marker": {"color": OKABE_ITO[0]},
        "hovertemplate": "%{x}: %{y}<extra>%{fullData.name}</extra>",
    }
    line = {
        "type": "scatter",
        "x": years,
        "y": table["countries"],
        "name": reached,
        "mode": "lines+markers",
        "line": {"color": OKABE_ITO[1], "width": 3},
        "yaxis": "y2",
        "hovertemplate": "%{x}: %{y}<extra>%{fullData.name}</extra>",
    }
    return figure(  # the plot as high as its axes' titles are long
        [bars, line],
        title,
        height=440,
        yaxis={
            "title": {"text": t("new_standards", lang), "font": {"color": OKABE_ITO[0]}},
            "rangemode": "tozero",
            "tickformat": "d",
            "dtick": whole_step(table["new_standards"].max()),
        },
        yaxis2={
            "title": {"text": reached, "font": {"color": OKABE_ITO[1]}},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
            "tickformat": "d",
            "dtick": whole_step(table["countries"].max()),
        },
        xaxis={"dtick": 1, "tickangle": 0},
    )


def world_map(
    table: pd.DataFrame, value: str, lang: str = "en", title: str | None = None, scale: str | None = None
) -> go.Figure:
    """``table[value]`` on the whole world by ISO3 code: a country's shape filled, or a point for
    a place too small to see at this scale (Macao, Singapore, Malta…), one colour scale from 0
    titled ``scale`` (default: the value's label)."""
    title = title or t("map_title", lang)
    if table.empty:
        return empty(title, lang)
    codes = table["iso3"].to_numpy(dtype=object)  # NumPy columns: a chart of every country cut in two costs nothing
    names, values = table["country"].to_numpy(dtype=object), table[value].to_numpy()
    places = [countries.small_place(code) for code in codes.tolist()]
    is_small = np.array([p is not None for p in places], dtype=bool)
    shape = ~is_small
    traces = [
        {
            "type": "choropleth",
            "locations": codes[shape],
            "z": values[shape],
            "locationmode": "ISO-3",
            "text": names[shape],
            "coloraxis": "coloraxis",
            "marker": {"line": {"color": "white", "width": 0.5}},
            "hovertemplate": "%{text}: %{z}<extra></extra>",
        }
    ]
    if is_small.any():
        traces.append(
            {
                "type": "scattergeo",
                "lat": [p[0] for p in places if p is not None],
                "lon": [p[1] for p in places if p is not None],
                "customdata": codes[is_small],  # a click names the place's code, as a shape's location does
                "text": names[is_small],
                "mode": "markers",
                "marker": {
                    "color": values[is_small],
                    "coloraxis": "coloraxis",
                    "size": 11,
                    "line": {"color": "#323f4b", "width": 1},
                },
                "hovertemplate": "%{text}: %{marker.color}<extra></extra>",
                "showlegend": False,
            }
        )
    low, high = min(0, values.min()), values.max()
    return figure(
        traces,
        title,
        height=440,
        coloraxis={
            "colorscale": [list(stop) for stop in SEQUENTIAL],
            "cmin": low,
            "cmax": high if high > low else low + 1,
            "colorbar": {
                "title": {"text": scale or (t(value, lang) if value in TEXTS else value), "side": "right"},
                "thickness": 12,
                "tickformat": "d",
                "dtick": whole_step(high),
            },
        },
        geo={
            "fitbounds": False,
            "projection": {"type": "natural earth"},
            "showframe": False,
            "showcoastlines": False,
            "showcountries": True,
            "countrycolor": "#cbd2d9",
            "showland": True,
            "landcolor": "#f5f7fa",
            "lataxis": {"range": [-58, 85]},
        },
        margin={"l": 0, "r": 0, "t": 50, "b": 0},
    )


def centres_by_country(table: pd.DataFrame, lang: str = "en") -> go.Figure:
    title = t("centres_title", lang)
    if table.empty:
        return empty(title, lang)
    ordered = table.sort_values("centres")
    bars = {
        "type": "bar",
        "x": ordered["centres"],
        "y": ordered["country"],
        "customdata": ordered["iso3"],  # a click names the country's code
        "orientation": "h",
        "marker": {"color": OKABE_ITO[2]},
        "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    return figure([bars], title, xaxis={"dtick": 1, "title": {"text": t("centres", lang)}})


def sparkline(history: list[tuple[int, int]], label: str) -> dict:
    """A small line of a figure's value at the end of each recent year (a plain dict: eight
    of these are drawn on every overview, and building them as go.Figure costs more)."""
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": [year for year, _ in history],
                "y": [value for _, value in history],
                "name": label,
                "fill": "tozeroy",
                "line": {"color": OKABE_ITO[0], "width": 2},
                "fillcolor": "rgba(0,114,178,0.12)",
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        ],
        "layout": {
            "height": 44,
            "margin": {"l": 0, "r": 0, "t": 2, "b": 2},
            "showlegend": False,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "xaxis": {"visible": False},
            "yaxis": {"visible": False, "rangemode": "tozero"},
        },
    }


MILESTONE_SYMBOLS = {
    "unesco_chair": "star",
    "committee_seat": "diamond",
    "award": "circle",
    "accreditation": "square",
    "other": "triangle-up",
}


MILESTONE_LEVELS = (-40, 40, -100, 100)  # px from the line to a label: four lines of labels, taken in turn


def milestones_timeline(frame: pd.DataFrame, lang: str, kind_labels: dict[str, str]) -> go.Figure:
    """Each milestone on a time axis, labelled: neighbours' labels take turns on four lines, above
    and below the axis, near and far, so that two milestones close in time (or on a phone's narrow
    axis) never share a line."""
    title = t("milestones", lang)
    if frame.empty:
        return empty(title, lang)
    traces, labels = _timeline_parts(frame, lang, tuple(kind_labels.items()))
    return figure(
        traces,
        title,
        height=300 if len(labels) < 3 else 470,
        annotations=labels,
        yaxis={"visible": False, "range": [-1, 1]},
        xaxis={"showgrid": False, "type": "date"},
        legend={"orientation": "h", "y": -0.2},
    )


@per_frame
def _timeline_parts(
    frame: pd.DataFrame, lang: str, kinds: tuple[tuple[str, str], ...]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """:func:`milestones_timeline`'s traces and labels (copied by :func:`figure`, so shared safely)."""
    kind_labels = dict(kinds)
    ordered = frame.sort_values("date").reset_index(drop=True)
    ordered["title"] = display.localised_column(ordered, "title", lang)
    traces = [
        {
            "type": "scatter",
            "x": group["date"],
            "y": [0] * len(group),
            "mode": "markers",
            "name": kind_labels.get(kind, kind),
            "marker": {"size": 14, "symbol": MILESTONE_SYMBOLS.get(kind, "circle")},
            "text": [plain(title) for title in display.localised_column(group, "title", lang)],
            "hovertemplate": "%{x|%Y-%m}: %{text}<extra></extra>",
        }
        for kind, group in ordered.groupby("kind", sort=False)
    ]
    labels = [
        {
            "x": row["date"],
            "y": 0,
            "text": wrapped(row["title"], 28, most=3),
            "showarrow": True,
            "arrowhead": 0,
            "ay": MILESTONE_LEVELS[i % len(MILESTONE_LEVELS)],
            "ax": 0,
            "font": {"size": 12},
        }
        for i, row in ordered.iterrows()
    ]
    return traces, labels
