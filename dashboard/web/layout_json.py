"""A page's components written as the JSON Dash sends, once, and passed through as they are.

Dash answers a callback by serialising what it returns with plotly's ``to_json_plotly``: orjson
when the tree is plain, and otherwise a walk in Python over every component, figure, list and
number first (``clean_to_json_compatible``), after copying each figure whole (``to_dict``'s
``deepcopy``). For a page that is most of what writing its answer costs.

:func:`encode` writes the same bytes (the tests compare them on every page) with orjson doing the
walk, calling back into Python only for what it cannot write itself: a component (its
``to_plotly_json``), a figure (its data and layout, with arrays as plotly.js typed arrays exactly
as ``to_dict`` gives them, copying only the containers that change) and anything else plotly
knows how to clean. :func:`passed` hands the bytes back to Dash as a fragment orjson inserts
unread, so a cached page is neither parsed nor written again.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import orjson
from _plotly_utils.basevalidators import is_homogeneous_array
from _plotly_utils.optional_imports import get_module
from _plotly_utils.utils import is_skipped_key, to_typed_array_spec
from dash.development.base_component import Component
from plotly.basedatatypes import BaseFigure
from plotly.io import json as plotly_json
from plotly.io._json import clean_to_json_compatible

from dashboard.charts.base import plain_parts

_OPTIONS = orjson.OPT_NON_STR_KEYS  # numpy goes through _plain: plotly writes some kinds its own way
_NUMPY = orjson.OPT_SERIALIZE_NUMPY
# plotly escapes these so that the JSON can sit inside an HTML <script> (plotly.io._json._safe)
_ESCAPES = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"/", b"\\u002f"))
_LINE_SEPARATORS = (("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))
_PLAIN = (str, int, float, bool, type(None))


class _Modules(dict):  # what to_json_plotly hands clean_to_json_compatible: the modules loaded by then
    def __missing__(self, name: str) -> Any:
        return get_module(
            {"sage_all": "sage.all", "np": "numpy", "pd": "pandas", "image": "PIL.Image"}[name], should_load=False
        )


_MODULES = _Modules()


def encode(layout: Any) -> bytes:
    """``to_json_plotly(layout).encode()``, written by orjson in one pass."""
    body = orjson.dumps(layout, default=_plain, option=_OPTIONS)
    for unsafe, safe in _ESCAPES + _LINE_SEPARATORS:
        if unsafe in body:
            body = body.replace(unsafe, safe)
    return body


def passed(body: bytes) -> Any:
    """What a layout callback returns for JSON already written by :func:`encode`: a fragment
    orjson inserts as it is, or the parsed JSON if plotly was told to write with the json module
    (which cannot take a fragment)."""
    if plotly_json.config.default_engine == "json":
        return orjson.loads(body)
    return orjson.Fragment(body)


def _plain(value: Any) -> Any:
    """What orjson writes in place of ``value``, a thing it cannot write itself."""
    if isinstance(value, BaseFigure):
        drawn = plain_parts(value)  # a chart not yet made a plotly figure is written from its dicts
        if drawn is not None:
            return {"data": _typed(drawn[0]), "layout": _typed(drawn[1])}
        figure = {"data": _typed(value._data), "layout": _typed(value._layout)}
        if value._frame_objs:
            figure["frames"] = _typed([frame._props for frame in value._frame_objs])
        return figure
    if isinstance(value, Component):  # its children are written (or come back here) in turn
        return _component(value)
    if isinstance(value, np.ndarray | np.generic) and value.dtype.kind in "biuf":  # plotly leaves these to orjson
        return orjson.Fragment(orjson.dumps(np.ascontiguousarray(value) if value.ndim else value, option=_NUMPY))
    return clean_to_json_compatible(value, numpy_allowed=True, datetime_allowed=True, modules=_MODULES)


def _component(component: Component) -> dict[str, Any]:
    """``component.to_plotly_json()``, read straight from its attributes. Dash's asks ``hasattr`` of
    each of the 20 to 100 properties a component could have and tests each attribute against the
    ``data-``/``aria-`` prefixes: a few microseconds a component, hundreds of components a page."""
    own = vars(component)
    names = own.get("_prop_names")
    if type(component).to_plotly_json is not _TO_PLOTLY_JSON or names is None:  # a component of its own kind
        return component.to_plotly_json()
    # which attributes are written, in Dash's order (the properties', then the others'), found once
    # for each kind and set of attributes given: a page's hundreds of cells are given the same ones
    shape = (type(component), tuple(own))
    order = _ORDERS.get(shape)
    if order is None:
        wildcards = tuple(own.get("_valid_wildcard_attributes", ()))
        order = tuple(name for name in names if name in own)
        order += tuple(name for name in own if wildcards and name.startswith(wildcards))
        if len(_ORDERS) < MOST_SHAPES:
            _ORDERS[shape] = order
    return {"props": {name: own[name] for name in order}, "type": component._type, "namespace": component._namespace}


_TO_PLOTLY_JSON = Component.to_plotly_json
_ORDERS: dict[tuple[type, tuple[str, ...]], tuple[str, ...]] = {}
MOST_SHAPES = 4_096  # the code makes a few hundred kinds of component with a few sets of attributes each


# plotly.js's names of the NumPy types it reads as typed arrays
_TYPED = {"int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4", "uint32": "u4"}
_TYPED |= {"float32": "f4", "float64": "f8"}


def typed_array(array: Any) -> Any:
    """``to_typed_array_spec(array)``: a NumPy array of numbers as plotly.js's typed array (its
    bytes in base64, 64-bit integers in the smallest type that holds them), anything else as a
    read-only array. plotly first copies the array through narwhals, which costs more than the
    rest; a NumPy array is read here as it is (and never changed). Other values go to plotly."""
    if not isinstance(array, np.ndarray):
        return to_typed_array_spec(array)
    if array.dtype.kind not in "iufOM":
        array = array.astype(object)  # texts, booleans and the like: plotly makes them objects
    if array.size == 0 or array.dtype.kind not in "iuf":
        return array
    if str(array.dtype) in ("int64", "uint64"):  # plotly's test: in the machine's byte order only
        low, high = array.min(), array.max()
        sizes = ("int8", "int16", "int32") if array.dtype.kind == "i" else ("uint8", "uint16", "uint32")
        smallest = next((size for size in sizes if np.iinfo(size).min <= low and high <= np.iinfo(size).max), None)
        if smallest is None:
            return array
        array = array.astype(smallest)
    name = _TYPED.get(str(array.dtype))
    if name is None:
        return array
    spec = {"dtype": name, "bdata": base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")}
    if array.ndim > 1:
        spec["shape"] = str(array.shape)[1:-1]
    return spec


def _typed(value: Any) -> Any:
    """``value`` as ``to_dict``'s ``convert_to_base64`` leaves its copy: arrays under a key as
    plotly.js typed arrays, except under the keys plotly leaves alone. New containers throughout,
    so the figure itself is not changed."""
    if isinstance(value, dict):
        return {
            key: item
            if isinstance(item, _PLAIN) or is_skipped_key(key)
            else _typed(item)  # no container is a homogeneous array: not asked, the most common case
            if isinstance(item, dict | list | tuple)
            else typed_array(item)
            if is_homogeneous_array(item)
            else item
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [item if isinstance(item, _PLAIN) else _typed(item) for item in value]
    return value
