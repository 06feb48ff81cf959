"""Figures: pure functions from metric tables to plotly figures.

The dashboard and the exports draw with the same functions. Colours come from the
Okabe–Ito palette, which stays distinguishable for the common kinds of colour blindness.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .i18n import TEXT, t

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SEQUENTIAL = ((0.0, "#deebf7"), (0.5, "#6baed6"), (1.0, "#08306b"))
FONT = "Noto Sans, Noto Sans CJK SC, Helvetica Neue, Arial, sans-serif"

def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        font={"family": FONT, "size": 14, "color": "#1f2933"},
        colorway=OKABE_ITO, height=height, margin={"l": 50, "r": 20, "t": 60, "b": 40},
        paper_bgcolor="white", plot_bgcolor="white", hoverlabel={"font_family": FONT},
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(showgrid=False, linecolor="#9aa5b1")
    fig.update_yaxes(gridcolor="#e4e7eb", zeroline=False)
    return fig


def _whole_step(largest: float, ticks: int = 5) -> int:
    """A whole-number tick step giving about ``ticks`` ticks up to ``largest``."""
    return max(1, -(-int(largest) // ticks))


def empty(title: str, lang: str = "en") -> go.Figure:
    """A figure that says there is nothing to show, instead of an empty axis."""
    fig = go.Figure()
    fig.add_annotation(text=t("no_data", lang), showarrow=False, font={"size": 18, "color": "#616e7c"},
                       x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title)


def adoptions_over_time(table: pd.DataFrame, lang: str = "en") -> go.Figure:
    """New adoptions per year as bars, the running total of countries reached as a line."""
    title = t("adoptions_title", lang)
    if table.empty:
        return empty(title, lang)
    years = table["period"].dt.year
    fig = go.Figure()
    fig.add_bar(x=years, y=table["new"], name=t("new_adoptions", lang), marker_color=OKABE_ITO[0],
                hovertemplate="%{x}: %{y}<extra></extra>")
    fig.add_scatter(x=years, y=table["countries"], name=t("countries_reached", lang), mode="lines+markers",
                    line={"color": OKABE_ITO[1], "width": 3}, yaxis="y2",
                    hovertemplate="%{x}: %{y}<extra></extra>")
    fig.update_layout(
        yaxis={"rangemode": "tozero", "tickformat": "d", "dtick": _whole_step(table["new"].max())},
        yaxis2={"overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False,
                "tickformat": "d", "dtick": _whole_step(table["countries"].max())},
        xaxis={"dtick": 1})
    return _layout(fig, title)


def world_map(table: pd.DataFrame, value: str, lang: str = "en", title: str | None = None) -> go.Figure:
    """A choropleth of ``table[value]`` by ISO3 code, showing the whole world."""
    title = title or t("map_title", lang)
    if table.empty:
        return empty(title, lang)
    fig = go.Figure(go.Choropleth(
        locations=table["iso3"], z=table[value], locationmode="ISO-3", text=table["country"],
        colorscale=[list(stop) for stop in SEQUENTIAL], marker_line_color="white", marker_line_width=0.5,
        colorbar={"title": {"text": t(value, lang) if value in TEXT else value}, "thickness": 12,
                  "tickformat": "d", "dtick": _whole_step(table[value].max())},
        hovertemplate="%{text}: %{z}<extra></extra>",
    ))
    fig.update_geos(fitbounds=False, projection_type="natural earth", showframe=False,
                    showcoastlines=False, showcountries=True, countrycolor="#cbd2d9",
                    showland=True, landcolor="#f5f7fa", lataxis_range=[-58, 85])
    fig = _layout(fig, title, height=440)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 50, "b": 0})
    return fig


def centres_by_country(table: pd.DataFrame, lang: str = "en") -> go.Figure:
    title = t("centres_title", lang)
    if table.empty:
        return empty(title, lang)
    ordered = table.sort_values("centres")
    fig = go.Figure(go.Bar(x=ordered["centres"], y=ordered["country"], orientation="h",
                           marker_color=OKABE_ITO[2], hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_xaxes(dtick=1, title=t("centres", lang))
    return _layout(fig, title)
