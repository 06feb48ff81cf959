"""Requests the app cannot make sense of answer 400 with a plain message, never a 500.

Each callback and route checks the values it is sent (a batch number is a whole number, a
file name has no line break…). This is the net under those checks: when a Dash callback
still raises one of the errors that values of the wrong type or shape cause (a string where
a number belongs, a list where a mapping belongs, a key missing from a hand-made request
body), the answer is 400 "The request was not understood", and the traceback goes to the
server's log alone. Failures of the server itself (the database gone, a bug that no request
can cause) go on to Flask as before: a plain 500 page, the traceback in the log (and
Werkzeug's debugger under ``coopdash serve --debug``).
"""

from __future__ import annotations

import math
import re

import dash
import flask
from werkzeug.exceptions import HTTPException

CALLBACK_PATH = "/_dash-update-component"
NOT_UNDERSTOOD = "The request was not understood."
# What a value of the wrong type, size or shape makes Python raise, and Dash when a request's
# outputs or inputs do not match the callback it names.
MALFORMED = (
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    RecursionError,
    dash.exceptions.CallbackException,
)


class Malformed(ValueError):
    """A value a client sent that no page of the app would send; the message says which."""


def refuse(message: str = NOT_UNDERSTOOD) -> flask.Response:
    return flask.Response(message, 400, {"Content-Type": "text/plain; charset=utf-8"})


def _answer(error: Exception) -> flask.Response | HTTPException:
    if isinstance(error, HTTPException):
        return error
    if isinstance(error, Malformed):
        flask.current_app.logger.info("refused a malformed request to %s: %s", flask.request.path, error)
        return refuse(str(error) or NOT_UNDERSTOOD)
    if isinstance(error, MALFORMED) and flask.request.path == CALLBACK_PATH:
        flask.current_app.logger.warning("malformed callback request refused", exc_info=error)
        return refuse()
    raise error


def install(server: flask.Flask) -> None:
    server.register_error_handler(Exception, _answer)


# --- values a callback is sent --------------------------------------------------------------------
# Each callback passes what the browser sent through these before using it: a page only ever
# sends the shapes below, so anything else is refused (400) rather than guessed at.

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def text(value: object, *, limit: int = 4_000) -> str | None:
    """A line of text (a URL's query, a search, a setting's key), or None; no control characters."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit or _CONTROL.search(value):
        raise Malformed(f"{NOT_UNDERSTOOD} A value is not a line of text of at most {limit:,} characters.")
    return value


def texts(value: object, *, count: int = 1_000) -> list[str]:
    """The values chosen in a dropdown or checklist (None: none chosen)."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > count:
        raise Malformed(f"{NOT_UNDERSTOOD} A list of choices is not a list of at most {count:,} texts.")
    return [text(item, limit=200) or "" for item in value]


def whole(value: object, *, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high`` (a batch, a year, a count of months), or None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e12:
        value = int(value)  # JavaScript has one kind of number: 2023 may arrive as 2023.0
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise Malformed(f"{NOT_UNDERSTOOD} A number is not a whole number.")
    if len(str(value).strip()) > 12 or not low <= int(value) <= high:
        raise Malformed(f"{NOT_UNDERSTOOD} A number is not from {low:,} to {high:,}.")
    return int(value)


def number(value: object) -> float | None:
    """What a number field sends: a finite number, or None (empty); its range is the page's to judge."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Malformed(f"{NOT_UNDERSTOOD} A number field sent something else.")
    return value


def mapping(value: object) -> dict:
    """An object (a chart's click, an upload's payload); None → empty."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Malformed(f"{NOT_UNDERSTOOD} A value is not an object.")
    return value


def file_name(value: object) -> str:
    """An uploaded file's name as a person could have given it: control characters (a line
    break, a NUL) become spaces, so the name is safe in a download's header and in the log."""
    if not isinstance(value, str):
        raise Malformed(f"{NOT_UNDERSTOOD} A file name is not text.")
    return _CONTROL.sub(" ", value)[:255]
