"""The partners page's figures: partners by type and by country."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import OKABE_ITO, empty, figure, whole_step
from dashboard.model.texts import t


def _bars(labels: pd.Series, values: pd.Series, title: str, color: str, lang: str) -> go.Figure:
    """Horizontal bars, the largest on top, whole-number ticks."""
    bars = {
        "type": "bar",
        "x": values[::-1],
        "y": labels[::-1],
        "orientation": "h",
        "marker": {"color": color},
        "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    return figure(
        [bars],
        title,
        height=max(300, 90 + 26 * len(labels)),
        xaxis={
            "dtick": whole_step(values.max()),
            "tickformat": "d",
            "rangemode": "tozero",
            "title": {"text": t("partners.partners", lang)},
        },
        yaxis={"automargin": True},
    )


def partners_by_type(table: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Bars from :func:`dashboard.analysis.partnerships.by_type`."""
    title = t("partners.by_type", lang)
    if table.empty:
        return empty(title, lang)
    return _bars(table["label"], table["partners"], title, OKABE_ITO[0], lang)


def partners_by_country(table: pd.DataFrame, lang: str = "en", top: int = 15) -> go.Figure:
    """Bars from :func:`dashboard.analysis.partnerships.by_country` (the title says when it is a top ``top``)."""
    title = t("partners.by_country_top", lang, n=top) if len(table) >= top else t("partners.by_country", lang)
    if table.empty:
        return empty(title, lang)
    return _bars(table["country"], table["partners"], title, OKABE_ITO[2], lang)
