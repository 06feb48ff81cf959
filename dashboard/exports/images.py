"""Charts as image files: PNG, SVG or PDF, rendered by kaleido.

Rendering drives one headless Chromium, started on the first image and kept warm for every
later one in the process (it is stopped at exit). MathJax is off and the world maps are
drawn from the topojson files shipped in ``dashboard/web/assets/topojson``, so exporting needs
no network at all. Which charts exist, and how each is drawn and framed, is
:mod:`dashboard.charts.catalogue`.
"""

from __future__ import annotations

import atexit
import logging
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

RENDER_TIMEOUT = 120  # seconds an image may take before the renderer is given up as stuck

log = logging.getLogger(__name__)
_lock = threading.Lock()
_drawing = threading.Lock()  # held while an image is drawn
_started = False
_stopped_because: list[BaseException] = []  # why kaleido's browser thread died, if it did


class RendererFailed(RuntimeError):
    """The headless browser that draws chart images could not start, stopped, or stopped answering."""


def start_renderer() -> None:
    """Start the one headless browser that renders every image (again only after :func:`stop_renderer`)."""
    global _started
    import kaleido

    with _lock:
        if _started:
            return
        pio.defaults.topojson = TOPOJSON_URL  # plotly's own image calls stay offline too
        _stopped_because.clear()
        _watch_renderer_thread()
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


def _renderer_thread() -> threading.Thread | None:
    """kaleido's thread that runs the browser (None before it starts, or in a kaleido without one)."""
    import kaleido

    return getattr(getattr(kaleido, "_global_server", None), "_thread", None)


def _watch_renderer_thread() -> None:
    """When kaleido's browser fails (Chromium missing, or killed), its thread dies with a traceback
    on stderr and every later image waits for it forever: keep the reason instead, for
    :func:`render` to report in words."""
    if getattr(threading.excepthook, "coopdash", False):
        return
    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.thread is not None and args.thread is _renderer_thread():
            _stopped_because[:] = [args.exc_value or RuntimeError("stopped")]
            log.info("the chart renderer stopped: %s", _reason())
            return
        previous(args)

    hook.coopdash = True  # type: ignore[attr-defined]
    threading.excepthook = hook


def _reason() -> str:
    if not _stopped_because:
        return "it stopped"
    error = _stopped_because[0]
    first = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
    return (first or type(error).__name__).rstrip(". ")


NOT_READY = "kaleido_scopes is not defined"  # kaleido's error when asked before its page has loaded


def render(fig: go.Figure, fmt: str, scale: float = SCALE) -> bytes:
    """``fig`` as PNG, SVG or PDF bytes, drawn by the warm browser with the local topojson.

    Raises :class:`RendererFailed` (in words) when the browser cannot start or stops, instead of
    waiting for it forever."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}: choose one of {', '.join(FORMATS)}")
    layout = fig.layout
    opts = {"format": fmt, "width": layout.width or WIDTH, "height": layout.height or 450, "scale": scale}
    figure = fig.to_dict()
    with _drawing:  # kaleido hands its answers back in turn from one queue: one image at a time, or two swap
        start_renderer()
        try:
            return _drawn(figure, opts)
        except RendererFailed:
            raise
        except Exception as error:
            if NOT_READY not in str(error):
                raise
            time.sleep(1)  # the renderer's page was still loading its scripts (seen on a busy machine): once more
            return _drawn(figure, opts)


def _drawn(figure: dict, opts: dict) -> bytes:
    """kaleido's image of ``figure``, asked from a thread of its own, so that a browser that has
    died or hangs is noticed and named rather than waited for."""
    import kaleido

    answer: dict[str, object] = {}

    def ask() -> None:
        try:
            answer["image"] = kaleido.calc_fig_sync(figure, opts=opts, topojson=TOPOJSON_URL)
        except BaseException as error:  # handed to the caller
            answer["error"] = error

    asking = threading.Thread(target=ask, name="coopdash-image", daemon=True)
    asking.start()
    deadline = time.monotonic() + RENDER_TIMEOUT
    while asking.is_alive():
        asking.join(0.1)
        browser = _renderer_thread()
        if asking.is_alive() and browser is not None and not browser.is_alive():
            _abandon_renderer()
            raise RendererFailed(
                f"the chart renderer (headless Chromium, driven by kaleido) could not start or stopped: {_reason()}. "
                "Check that Chromium is installed (make run installs Debian's chromium) and that BROWSER_PATH, "
                "if set, names it."
            )
        if asking.is_alive() and time.monotonic() > deadline:
            _abandon_renderer()
            raise RendererFailed(f"the chart renderer did not answer within {RENDER_TIMEOUT} s")
    if "error" in answer:
        raise answer["error"]  # type: ignore[misc]
    return answer["image"]  # type: ignore[return-value]


def _abandon_renderer() -> None:
    """Forget kaleido's browser without waiting for its thread, which is dead or stuck in a
    drawing (its queue would hand a late answer to the next caller): the next image starts a new
    one, and the process's exit does not wait for the old."""
    global _started
    import kaleido

    with _lock:
        server = getattr(kaleido, "_global_server", None)
        if server is not None and hasattr(server, "_initialized"):
            server._initialized = False  # kaleido's close() then returns at once, at exit too
        _started = False
