"""What every figure shares: the colour-blind-safe palette, fonts, layout, and the
"no data" figure that replaces an empty axis."""

from __future__ import annotations

import copy
import html
import textwrap
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.basevalidators import copy_to_readonly_numpy_array
from _plotly_utils.utils import convert_to_base64

from dashboard.model.texts import t

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SEQUENTIAL = ((0.0, "#deebf7"), (0.5, "#6baed6"), (1.0, "#08306b"))
FONT = "Noto Sans, Noto Sans CJK SC, Helvetica Neue, Arial, sans-serif"

TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT, "size": 14, "color": "#1f2933"},
        "colorway": list(OKABE_ITO),
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {"orientation": "h", "y": -0.15},
        "xaxis": {"showgrid": False, "linecolor": "#9aa5b1", "automargin": True},
        "yaxis": {"gridcolor": "#e4e7eb", "zeroline": False, "automargin": True},
        "margin": {"l": 50, "r": 20, "t": 60, "b": 40},
    }
)
pio.templates["coopdash"] = TEMPLATE
pio.templates.default = "coopdash"  # one small theme for every figure, on screen and in exports


CHECKED = False
"""Whether :func:`figure` has plotly check every property. Off: a chart is built as plain dicts,
which plotly (checking and coercing each value, trace and annotation one by one) would take
longer to read than the chart's numbers take to count. tests/charts build every chart checked
too, and compare the two as the browser receives them."""


def figure(traces: Iterable[Mapping[str, Any]], title: str, height: int = 380, **layout: Any) -> go.Figure:
    """The chart of ``traces`` (each a plain dict naming its ``type``, properties nested as
    plotly.js reads them: ``{"marker": {"color": …}}``, not ``marker_color``), titled ``title``
    and ``height`` pixels high, with ``layout`` on top of the "coopdash" template (the rest of
    its look), built in one go."""
    titled = {"title": {"text": title, "x": 0.01, "xanchor": "left"}, "height": height}
    data, own_layout = [_own(trace) for trace in traces], _own({**layout, **titled})
    template = None if CHECKED or "template" in own_layout else _default_template()
    if template is None or any(trace.get("type", "scatter") not in _TRACE_TYPES for trace in data):
        # checked; or one a chart would not send as plotly's figure does: plotly names an unknown
        # kind of trace at once, and its template is the layout's own, or no registered one
        return go.Figure({"data": data, "layout": own_layout}, _validate=CHECKED)
    return Chart(data, own_layout, template)


_TRACE_TYPES = frozenset(go.Figure()._data_validator.class_strs_map)  # every kind of trace plotly knows


class Chart(go.Figure):
    """A chart kept as the plain dicts it is drawn from until something asks it to be a plotly figure.

    Even unchecked, ``go.Figure`` makes an object of every trace and nested property and copies
    the template: about 0.3 ms a chart, more than most charts' numbers take to count. What a page
    does with its charts needs none of that: their JSON is written from the dicts
    (:meth:`to_plotly_json`, and :mod:`dashboard.web.layout_json`), and their title, height and
    mark are read from them (:func:`layout_of`). Anything else asked of a chart (``fig.layout``,
    ``update_layout``, ``to_dict``, an export, a pickle) first makes it, in place, the figure
    ``go.Figure(…, _validate=False)`` would have made from the same dicts, of class ``go.Figure``
    from then on. The JSON is the same either way but for the order of keys within a trace or the
    layout (tests/charts/test_unchecked_figures.py compares the two)."""

    def __init__(
        self, data: list[dict[str, Any]], layout: dict[str, Any], template: dict[str, Any] | None = None
    ) -> None:
        """``template``: the template plotly would add to ``layout`` (none: ``layout`` names its own)."""
        vars_of(self)["_drawn"] = (data, layout if template is None else {**layout, "template": template})

    def __getattribute__(self, name: str) -> Any:
        if name not in _PLAIN_NAMES and (name.startswith("_") or hasattr(go.Figure, name)):
            _build(self)  # a name no figure has (plotly's writer asks for ``tolist``) builds nothing
        return object.__getattribute__(self, name)

    def to_plotly_json(self) -> dict[str, Any]:
        """What ``go.Figure.to_plotly_json`` gives (``to_dict``: copies, arrays as typed arrays)."""
        drawn = plain_parts(self)
        if drawn is None:  # built meanwhile
            return go.Figure.to_plotly_json(self)
        data, layout = drawn
        figure = {"data": copy.deepcopy(data), "layout": copy.deepcopy(layout)}
        convert_to_base64(figure)
        return figure


_PLAIN_NAMES = frozenset({"to_plotly_json", "__dict__", "__class__"})
_BUILDING = threading.RLock()  # a chart is built once, whichever thread asks first


def vars_of(fig: go.Figure) -> dict[str, Any]:
    """``vars(fig)``, without building a :class:`Chart`."""
    return object.__getattribute__(fig, "__dict__")


def plain_parts(fig: go.Figure) -> tuple[list[dict[str, Any]], dict[str, Any]] | None:
    """A :class:`Chart`'s traces and layout (the default template last, as plotly adds it) while it
    is not yet a plotly figure; None for any other figure. To read or write, never to change."""
    return vars_of(fig).get("_drawn")


def _build(chart: Chart) -> None:
    own = vars_of(chart)
    if "_drawn" not in own or own.get("_building") == threading.get_ident():  # built, or being built here
        return
    with _BUILDING:
        drawn = own.get("_drawn")
        if drawn is None:  # another thread built it meanwhile
            return
        own["_building"] = threading.get_ident()
        try:
            # plotly takes a trace's "type" out of its dict while it builds it: readers of the dicts
            # (another thread writing the chart) never see that, it is given copies
            traces = [dict(trace) for trace in drawn[0]]  # the layout keeps its template: plotly's own default's
            go.Figure.__init__(chart, {"data": traces, "layout": dict(drawn[1])}, _validate=False)
            object.__setattr__(chart, "__class__", go.Figure)
            del own["_drawn"]
        finally:
            own.pop("_building", None)


def _default_template() -> dict[str, Any] | None:
    """The template plotly would give a new figure now (its default's, as a dict), made once per
    template; None unless the default names a registered one."""
    name = pio.templates.default
    if not isinstance(name, str) or name not in pio.templates:
        return None
    template = pio.templates[name]
    made = _TEMPLATES.get(id(template))
    if made is None or made[0] is not template:
        made = _TEMPLATES[id(template)] = (template, template.to_plotly_json())
    return made[1]


_TEMPLATES: dict[int, tuple[go.layout.Template, dict[str, Any]]] = {}


TEXT_PROPERTIES = ("text", "hovertext")  # text properties: plotly's check makes a column of numbers in them floats


def _own(props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` as plotly's check would have made them: every pandas column in them a read-only
    numpy array (so that dates and numbers are written the same either way), and every dict and
    list a new one (unchecked, plotly keeps what it is given: two lines given one dict would share it)."""
    return {key: _owned(key, value) for key, value in props.items()}


def _owned(key: str, value: Any) -> Any:
    if isinstance(value, pd.Series | pd.Index):
        return column_array(value, text=key in TEXT_PROPERTIES)
    if isinstance(value, Mapping):
        return _own(value)
    if isinstance(value, list | tuple):
        return [item if isinstance(item, _PLAIN) else _owned(key, item) for item in value]
    return value


_PLAIN = (str, int, float, type(None))  # nothing in these to copy: a list of them is copied without a call per item


def column_array(column: pd.Series | pd.Index, *, text: bool = False) -> np.ndarray:
    """The read-only NumPy copy of ``column`` plotly's check makes of it
    (``copy_to_readonly_numpy_array``, ``kind="U"`` for a ``text`` property), made directly for
    the columns charts are given: NumPy numbers, dates and objects, and pandas texts. plotly
    first asks narwhals what kind of column it is, which takes longer than the copy; any other
    column (time zones, booleans, categories, nullable numbers) is left to plotly."""
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
        array = column.to_numpy(dtype="float64" if text else None, copy=True)  # numbers in a text: floats
    elif isinstance(dtype, np.dtype) and dtype.kind in "MO" or isinstance(dtype, pd.StringDtype):
        array = column.to_numpy(dtype=object if dtype.kind != "M" else None, copy=True)
    else:
        return copy_to_readonly_numpy_array(column, kind="U" if text else None)
    array.flags.writeable = False
    return array


def plain(text: object) -> str:
    """Text from the data made safe for plotly, which reads a few HTML tags (links among
    them) in labels and hover text: shown exactly as typed."""
    return html.escape(str(text), quote=False)


def whole_step(largest: float, ticks: int = 5) -> int:
    """A whole-number tick step giving about ``ticks`` ticks up to ``largest``."""
    return max(1, -(-int(largest) // ticks))


REASON_WIDTH = 36  # characters a line of an empty chart's reason: it fits a phone's column (plotly never wraps)
EMPTY = "empty"  # the mark (in a figure's layout.meta) of a chart with nothing to show


def empty(title: str, lang: str = "en", reason: str | None = None, *, height: int = 380) -> go.Figure:
    """A figure that says there is nothing to show, and why (``reason``, default "No data yet"),
    instead of an empty axis. A chart given its reason is marked as explained (:func:`explained`
    keeps the first reason: the most particular)."""
    note = {
        "text": wrapped(t("no_data", lang) if reason is None else reason, REASON_WIDTH),
        "showarrow": False,
        "font": {"size": 15, "color": "#616e7c"},
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
    }
    hidden = {"visible": False}  # each axis gets its own copy (see _own)
    meta = {EMPTY: True} if reason is None else {EMPTY: True, "explained": True}
    return figure([], title, height, annotations=[note], xaxis=hidden, yaxis=hidden, meta=meta)


def layout_of(fig: go.Figure) -> Mapping[str, Any]:
    """The layout of ``fig`` as a dict, as plotly itself keeps it or as a :class:`Chart` was drawn:
    to read, never to change. Asking ``fig.layout.meta`` makes plotly build the property's object
    first (about 30 us), and a chart a figure."""
    drawn = plain_parts(fig)
    return fig._layout if drawn is None else drawn[1]


def traces_of(fig: go.Figure) -> Sequence[Mapping[str, Any]]:
    """The traces of ``fig`` as dicts (see :func:`layout_of`)."""
    drawn = plain_parts(fig)
    return fig._data if drawn is None else drawn[0]


def is_empty(fig: go.Figure) -> bool:
    """Whether ``fig`` is :func:`empty`'s: a chart with nothing to show."""
    meta = layout_of(fig).get("meta")
    return isinstance(meta, dict) and bool(meta.get(EMPTY))


def explained(fig: go.Figure, reason: Callable[[], str]) -> go.Figure:
    """``fig`` saying ``reason()`` if it has nothing to show: a chart's function knows only that it
    has nothing, its caller (who knows the filters) why. The reason is worked out only then, not for
    every chart drawn. An empty chart is drawn again, with its title and height, saying why (setting
    the note's text and the mark on plotly's objects costs twice as much): it is :func:`empty`'s,
    which nothing changes."""
    layout = layout_of(fig)
    if is_empty(fig) and not layout["meta"].get("explained"):  # the first (the most particular) reason stands
        return empty(layout["title"]["text"], reason=reason(), height=layout["height"])
    return fig


def wrapped(text: str, width: int = 56, most: int | None = None) -> str:
    """``text`` made safe (:func:`plain`) and broken into lines (at most ``most``) plotly can show:
    it never wraps an annotation itself. Chinese (twice as wide a character) is broken every
    ``width // 2`` characters."""
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):  # Chinese: no spaces to break at
        lines = [text[i : i + width // 2] for i in range(0, len(text), width // 2)]
    else:
        lines = textwrap.wrap(text, width) or [""]
    return "<br>".join(plain(line) for line in lines[:most])
