"""Charts as image files: PNG, SVG or PDF, rendered by kaleido.

Rendering drives one headless Chromium, started on the first image and kept warm for every
later one in the process (it is stopped at exit). MathJax is off and the world maps are
drawn from the topojson files shipped in ``dashboard/web/assets/topojson``, so exporting needs
no network at all. Which charts exist, and how each is drawn and framed, is
:mod:`dashboard.charts.catalogue`.
"""

from __future__ import annotations

import atexit
import threading
import time

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.charts.catalogue import WIDTH
from dashboard.config import TOPOJSON_ASSETS

FORMATS = ("png", "svg", "pdf")
SCALE = 2  # PNG pixels per layout pixel: sharp on screens and in print
TOPOJSON_URL = TOPOJSON_ASSETS.resolve().as_uri() + "/"
"""Where plotly.js finds ``world_110m.json``: a local directory, never the CDN."""

# --- rendering: one warm browser per process -------------------------------------------------------

_lock = threading.Lock()
_started = False


def start_renderer() -> None:
    """Start the one headless browser that renders every image (again only after :func:`stop_renderer`)."""
    global _started
    import kaleido

    with _lock:
        if _started:
            return
        pio.defaults.topojson = TOPOJSON_URL  # plotly's own image calls stay offline too
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        atexit.register(stop_renderer)
        _started = True


def stop_renderer() -> None:
    global _started
    import kaleido

    with _lock:
        if _started:
            kaleido.stop_sync_server(silence_warnings=True)
            _started = False


NOT_READY = "kaleido_scopes is not defined"  # kaleido's error when asked before its page has loaded


def render(fig: go.Figure, fmt: str, scale: float = SCALE) -> bytes:
    """``fig`` as PNG, SVG or PDF bytes, drawn by the warm browser with the local topojson."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}: choose one of {', '.join(FORMATS)}")
    import kaleido

    start_renderer()
    layout = fig.layout
    opts = {"format": fmt, "width": layout.width or WIDTH, "height": layout.height or 450, "scale": scale}
    try:
        return kaleido.calc_fig_sync(fig.to_dict(), opts=opts, topojson=TOPOJSON_URL)
    except Exception as error:
        if NOT_READY not in str(error):
            raise
        time.sleep(1)  # the renderer's page was still loading its scripts (seen on a busy machine): once more
        return kaleido.calc_fig_sync(fig.to_dict(), opts=opts, topojson=TOPOJSON_URL)
