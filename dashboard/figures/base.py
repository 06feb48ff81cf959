"""What every figure shares: the colour-blind-safe palette, fonts, layout, and the
"no data" figure that replaces an empty axis."""

from __future__ import annotations

import plotly.graph_objects as go

from ..i18n import t

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SEQUENTIAL = ((0.0, "#deebf7"), (0.5, "#6baed6"), (1.0, "#08306b"))
FONT = "Noto Sans, Noto Sans CJK SC, Helvetica Neue, Arial, sans-serif"

def styled(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
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


def whole_step(largest: float, ticks: int = 5) -> int:
    """A whole-number tick step giving about ``ticks`` ticks up to ``largest``."""
    return max(1, -(-int(largest) // ticks))


def empty(title: str, lang: str = "en") -> go.Figure:
    """A figure that says there is nothing to show, instead of an empty axis."""
    fig = go.Figure()
    fig.add_annotation(text=t("no_data", lang), showarrow=False, font={"size": 18, "color": "#616e7c"},
                       x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return styled(fig, title)
