"""The overview's figures: adoptions over time, the world map, centres by country."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import TEXT, t
from .base import OKABE_ITO, SEQUENTIAL, empty, styled, whole_step

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
        yaxis={"rangemode": "tozero", "tickformat": "d", "dtick": whole_step(table["new"].max())},
        yaxis2={"overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False,
                "tickformat": "d", "dtick": whole_step(table["countries"].max())},
        xaxis={"dtick": 1})
    return styled(fig, title)


def world_map(table: pd.DataFrame, value: str, lang: str = "en", title: str | None = None) -> go.Figure:
    """A choropleth of ``table[value]`` by ISO3 code, showing the whole world."""
    title = title or t("map_title", lang)
    if table.empty:
        return empty(title, lang)
    fig = go.Figure(go.Choropleth(
        locations=table["iso3"], z=table[value], locationmode="ISO-3", text=table["country"],
        colorscale=[list(stop) for stop in SEQUENTIAL], marker_line_color="white", marker_line_width=0.5,
        colorbar={"title": {"text": t(value, lang) if value in TEXT else value}, "thickness": 12,
                  "tickformat": "d", "dtick": whole_step(table[value].max())},
        hovertemplate="%{text}: %{z}<extra></extra>",
    ))
    fig.update_geos(fitbounds=False, projection_type="natural earth", showframe=False,
                    showcoastlines=False, showcountries=True, countrycolor="#cbd2d9",
                    showland=True, landcolor="#f5f7fa", lataxis_range=[-58, 85])
    fig = styled(fig, title, height=440)
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
    return styled(fig, title)
