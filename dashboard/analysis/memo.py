"""Results worked out from a DataFrame, kept while that DataFrame lives.

A snapshot's records, and the narrowed records views share (:class:`~dashboard.analysis.filters.Narrowings`),
are read once and then used by every request until the data changes: what is worked out from
them (the records a figure counts, each entity's first date, a chart's period numbers…) is
worked out once too."""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar, cast

import numpy as np
import pandas as pd

from dashboard.model import clock

T = TypeVar("T")


class _Memo:
    """Results derived from a DataFrame, kept while that DataFrame lives (a snapshot's
    records are read once and then used by every request until the data changes)."""

    def __init__(self) -> None:
        self._results: dict[int, tuple[weakref.ref[pd.DataFrame | pd.Series], dict[object, object]]] = {}
        self._lock = threading.Lock()

    def get(self, frame: pd.DataFrame | pd.Series, key: object, compute: Callable[[], T]) -> T:
        with self._lock:
            ident = id(frame)
            entry = self._results.get(ident)
            if entry is None or entry[0]() is not frame:
                entry = (weakref.ref(frame, lambda _: self._results.pop(ident, None)), {})
                self._results[ident] = entry
            results = entry[1]
        found = results.get(key, _NOTHING)
        if found is _NOTHING:  # two threads may both compute: both get the value kept first
            value = compute()
            found = results.setdefault(key, _ITSELF if value is frame else value)
        return cast(T, frame if found is _ITSELF else found)

    def known(self, frame: pd.DataFrame | pd.Series, key: object) -> object:
        """What was kept for ``frame`` and ``key``, or None."""
        with self._lock:
            entry = self._results.get(id(frame))
            found = entry[1].get(key) if entry is not None and entry[0]() is frame else None
        return frame if found is _ITSELF else found


_NOTHING = object()
_ITSELF = object()
"""Kept in place of a result that is the frame itself (a subset that keeps every row): kept as it
is, it would keep its frame alive, and the frame's entry with it, for good."""


_memo = _Memo()
derived = _memo.get
"""``derived(frame, key, compute)``: ``compute()`` once per DataFrame and key."""

_ORIGIN = ("origin",)
_SHARED = ("shared subsets",)


SMALL = 5_000  # rows: a subset of a frame this small is one frame for every narrowing that picks the same rows
SHARED = 256  # such subsets kept per frame, the least recently taken dropped beyond this many…
SHARED_ROWS = 100_000  # …or beyond this many rows in all (a URL can name any list of places)


def subset(frame: pd.DataFrame, mask: pd.Series | np.ndarray) -> pd.DataFrame:
    """The rows of ``frame`` that ``mask`` (one flag per row, in order; NA counts as not kept)
    keeps, or ``frame`` itself when it keeps them all; known as rows of ``frame``: what is worked
    out for each row of ``frame`` can then be picked out for it (:func:`origin`) instead of worked
    out again for every subset.

    Of a small frame (a record type with few records: partners, milestones, events…), the same
    rows are the same frame, however they were picked: two views whose filters leave the same
    milestones share it, and what :func:`per_frame` works out from it. So never change a subset."""
    rows = mask.to_numpy(dtype=bool, na_value=False) if isinstance(mask, pd.Series) else np.asarray(mask, dtype=bool)
    if rows.all():
        return frame
    positions = np.flatnonzero(rows)
    if len(frame) > SMALL:
        if len(positions) and positions[-1] - positions[0] + 1 == len(positions):  # one run of rows: a view, no copy
            return rows_of(frame, frame.iloc[positions[0] : positions[-1] + 1], positions)
        return rows_of(frame, frame[rows], positions)
    taken = _memo.get(frame, _SHARED, _Taken)
    return taken.get(positions, lambda: rows_of(frame, frame[rows], positions))


class _Taken:
    """The subsets of one small frame, by the rows they take (at most :data:`SHARED` of them and
    :data:`SHARED_ROWS` rows)."""

    def __init__(self) -> None:
        self._found: OrderedDict[bytes, pd.DataFrame] = OrderedDict()
        self._rows = 0
        self._lock = threading.Lock()

    def get(self, positions: np.ndarray, take: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        key = positions.tobytes()
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
                return found
        made = take()
        with self._lock:
            found = self._found.setdefault(key, made)
            if found is made:
                self._rows += len(made)
            while (len(self._found) > SHARED or self._rows > SHARED_ROWS) and len(self._found) > 1:
                self._rows -= len(self._found.popitem(last=False)[1])
            return found


def rows_of(frame: pd.DataFrame, part: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """``part``, known to be the rows of ``frame`` at ``positions`` (ascending), in that order.
    Only a weak reference to ``frame`` is kept: ``frame`` usually keeps ``part`` (a subset it
    shares, the records a figure counts), and the two must not keep each other alive."""
    _memo.get(part, _ORIGIN, lambda: (weakref.ref(frame), positions))
    return part


def origin(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray] | None:
    """The frame :func:`subset` took ``frame`` from, if it still lives, and the positions of
    ``frame``'s rows in it."""
    found = cast("tuple[weakref.ref[pd.DataFrame], np.ndarray] | None", _memo.known(frame, _ORIGIN))
    if found is None:
        return None
    whole = found[0]()
    return None if whole is None else (whole, found[1])


class Answers:
    """Answers worked out from one set of records, kept while the records live (see
    :func:`remembered`) for the day they were worked out on: a new day starts afresh, yesterday's
    answers are dropped, not kept beside today's until the data changes. Two threads asking at
    once may both work an answer out; both get the one kept first."""

    def __init__(self) -> None:
        self._day: object = None
        self._found: dict[object, object] = {}
        self._lock = threading.Lock()

    def get(self, key: object, make: Callable[[], T]) -> T:
        today = clock.today()
        with self._lock:
            if self._day != today:
                self._day, self._found = today, {}
            if key in self._found:
                return cast(T, self._found[key])
        value = make()
        with self._lock:
            return cast(T, self._found.setdefault(key, value) if self._day == today else value)


R = TypeVar("R")


def remembered(function: Callable[..., R]) -> Callable[..., R]:
    """``function(records, *args)`` worked out once per set of records and arguments, when the
    records can remember (they have a ``remembered(key, make)`` method, as the narrowed records
    views share do): another view narrowed alike gets the same answer without working it out.
    For functions of the records, hashable arguments and today's date alone, whose answers nobody
    changes."""

    @functools.wraps(function)
    def wrapper(records: object, *args: object, **kwargs: object) -> R:
        remember = getattr(records, "remembered", None)
        if remember is None:
            return function(records, *args, **kwargs)
        # no day in the key: the records' Answers start afresh each day, so an answer that runs to
        # today (a chart with no last year) is not kept past midnight
        key = _call_key(function, args, kwargs)
        if key is None:
            return function(records, *args, **kwargs)
        return cast(R, remember(key, lambda: function(records, *args, **kwargs)))

    return wrapper


def per_frame(function: Callable[..., R]) -> Callable[..., R]:
    """``function(frame, *args)`` worked out once per DataFrame and (hashable) arguments, kept while
    the frame lives (:func:`derived`): a small record type's narrowed frames are shared by every
    view that keeps the same rows (:func:`subset`), and so is this. For functions of the frame and
    their arguments alone (today's date among them, if they need it), whose answers nobody changes."""

    @functools.wraps(function)
    def wrapper(frame: pd.DataFrame, *args: object, **kwargs: object) -> R:
        key = _call_key(function, args, kwargs)
        if key is None:
            return function(frame, *args, **kwargs)
        return derived(frame, key, lambda: function(frame, *args, **kwargs))

    return wrapper


def _call_key(function: Callable[..., object], args: tuple[object, ...], kwargs: dict[str, object]) -> object:
    """What names a call of ``function`` with these arguments, or None if an argument cannot be a
    key (such a call is worked out every time)."""
    key = (function.__module__, function.__qualname__, args, tuple(sorted(kwargs.items())))
    try:
        hash(key)
    except TypeError:
        return None
    return key
