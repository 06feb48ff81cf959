"""The filters every page shares, kept in the URL's query string.

A view is a path plus a query (``/regions?from=2019&to=2024&region=142&lang=zh``), so it can
be bookmarked, sent to a colleague, and the browser's back button works. :class:`Filters`
reads and writes that query; :func:`apply` narrows the records to it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode

import numpy as np
import pandas as pd

from dashboard.analysis.memo import Answers, derived, origin, rows_of, subset
from dashboard.model.i18n import language
from dashboard.model.records import BY_NAME

Records = Mapping[str, pd.DataFrame]


@dataclass(frozen=True, slots=True)
class Filters:
    start: int | None = None  # first year shown
    end: int | None = None  # last year shown
    regions: tuple[str, ...] = ()  # UN M49 region codes, e.g. "142" for Asia
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-3 codes
    partner_types: tuple[str, ...] = ()
    event_kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    lang: str = "en"
    on: dt.date | None = None  # the figures on this day: what had happened by then, by the records' own dates
    as_of: dt.date | None = None  # as recorded on this day: the data as the database held it at the day's end
    extra: dict[str, str] = field(default_factory=dict, compare=False)  # page-specific settings

    @classmethod
    def from_query(cls, query: Mapping[str, str | None] | str | None) -> Filters:
        """From a query string (with or without its ``?``) or the dict Dash gives a page layout."""
        if isinstance(query, str):
            query = dict(parse_qsl(query.lstrip("?")))
        query = dict(query or {})

        def codes(name: str) -> tuple[str, ...]:
            return tuple(sorted({c.strip() for c in str(query.pop(name, "")).split(",") if c.strip()}))

        return cls(
            start=_year(query.pop("from", None)),
            end=_year(query.pop("to", None)),
            regions=codes("region"),
            countries=tuple(c.upper() for c in codes("country")),
            partner_types=codes("type"),
            event_kinds=codes("kind"),
            statuses=codes("status"),
            lang=language(query.pop("lang", "en")),
            on=_day(query.pop("on", None)),
            as_of=_day(query.pop("as_of", None)),
            extra={k: str(v) for k, v in query.items() if not k.startswith("_")},
        )

    def to_query(self, **changes: Any) -> str:
        """The query string (with ``?``, or empty) for these filters, with ``changes`` applied."""
        filters = replace(self, **changes) if changes else self
        pairs = {
            "from": filters.start,
            "to": filters.end,
            "region": ",".join(filters.regions),
            "country": ",".join(filters.countries),
            "type": ",".join(filters.partner_types),
            "kind": ",".join(filters.event_kinds),
            "status": ",".join(filters.statuses),
            "lang": filters.lang if filters.lang != "en" else None,
            "on": filters.on.isoformat() if filters.on else None,
            "as_of": filters.as_of.isoformat() if filters.as_of else None,
            **filters.extra,
        }
        text = urlencode({k: v for k, v in pairs.items() if v not in (None, "")})
        return f"?{text}" if text else ""

    def with_extra(self, **settings: str | None) -> Filters:
        """These filters with page settings changed (None removes one)."""
        extra = dict(self.extra)
        for key, value in settings.items():
            if value is None:
                extra.pop(key, None)
            else:
                extra[key] = value
        return replace(self, extra=extra)

    @property
    def date_range(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """The first and last day of the records within the filters: the chosen years, ending on
        the day of :attr:`on` if that is earlier."""
        start = pd.Timestamp(self.start, 1, 1) if self.start else None
        end = pd.Timestamp(self.end, 12, 31) if self.end else None
        if self.on:
            end = min(end, pd.Timestamp(self.on)) if end is not None else pd.Timestamp(self.on)
        return start, end

    @property
    def last_year(self) -> int | None:
        """The last year a chart shows: the last year chosen, or the year of :attr:`on`."""
        years = [y for y in (self.end, self.on.year if self.on else None) if y]
        return min(years) if years else None

    @property
    def whole_university(self) -> bool:
        """No place, partner type, event kind or status narrows the records: the university's own
        targets apply only then (the years and the day do not narrow *what* is counted)."""
        return not (self.regions or self.countries or self.partner_types or self.event_kinds or self.statuses)

    @property
    def is_empty(self) -> bool:
        return self.whole_university and not (self.start or self.end)


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _year(value: object) -> int | None:
    try:
        year = int(str(value)[:4])
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 else None


def apply(records: Records, filters: Filters, *, history: bool = False) -> Narrowed:
    """Each record type narrowed to the filters that concern it, when first asked for: a page
    pays only for the record types it shows.

    ``history=True`` keeps everything before the first year too: a total or a cumulative
    figure at the end of the range counts all that came before it.
    """
    return Narrowed(records, filters, history)


ROW_BUDGET = 1_500_000  # rows of narrowed records a process keeps per snapshot (about 75 MB of the yearly aggregate)
MOST_NARROWINGS = 2_048  # and at most this many narrowings, with their answers (about 30 kB each, not in the budget)
PER_PLACE = "adoption per place"
"""In a view's yearly records (:attr:`dashboard.analysis.snapshot.Snapshot.yearly`), the adoptions
summed per country, status and year, without their standard: what
:func:`dashboard.analysis.metrics.counted` counts for a figure of adoptions that does not count standards."""
SUMMED = {PER_PLACE: "adoption"}  # records summed otherwise, narrowed as records of their type
SMALL_COLUMN = 2_000  # texts matched one by one up to this many (pandas' isin costs more to start than that)


class Narrowings:
    """Narrowed records kept while their snapshot lives, so views that narrow alike share them:
    the same places and last year, in the other language or another first year (for totals and
    running totals, which count every earlier year), narrow once. What is worked out from a
    narrowed frame (:func:`dashboard.analysis.memo.derived`) is then shared too.

    Beyond :data:`ROW_BUDGET` rows, the least recently used narrowings let go of their rows but
    keep their answers (:meth:`Narrowed.remembered`: a chart's table, a page's figures), which are
    small: a view asking again for what was worked out is answered, and narrows again only for
    what was not (its rows then count again). Beyond :data:`MOST_NARROWINGS` narrowings, the least
    recently used go whole (a URL naming places that do not exist narrows to nothing, yet is kept)."""

    def __init__(self, rows: int = ROW_BUDGET, most: int = MOST_NARROWINGS) -> None:
        self._kept: OrderedDict[tuple[object, ...], Narrowed] = OrderedDict()
        self._holding: OrderedDict[int, Narrowed] = OrderedDict()  # those holding rows, by id, the least recent first
        self._rows, self._most = rows, most
        self._held = 0  # rows the kept narrowings hold, as each tells (:meth:`grown`): not summed on every miss
        self._lock = threading.Lock()

    def get(self, records: Records, filters: Filters, *, history: bool = False) -> Narrowed:
        """:func:`apply`'s narrowing of ``records`` (one of the snapshot's, which keeps it alive)."""
        start, end = filters.date_range
        key = (
            id(records),
            None if history else start,
            end,
            filters.regions,
            filters.countries,
            filters.partner_types,
            filters.event_kinds,
            filters.statuses,
        )
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                if id(found) in self._holding:
                    self._holding.move_to_end(id(found))
                return found
            found = self._kept[key] = apply(records, filters, history=history)
            found.kept_by = self
            while len(self._kept) > self._most:
                dropped = self._kept.popitem(last=False)[1]
                dropped.kept_by = None  # no longer counted here: what it reads from now on is its own
                self._let_go_of_rows(dropped)
            self._within_budget()
            return found

    def _let_go_of_rows(self, narrowed: Narrowed) -> None:
        """``narrowed`` holds no rows: neither its frames nor their count (under the lock)."""
        narrowed.forget_rows()
        self._holding.pop(id(narrowed), None)
        self._held -= narrowed.rows
        narrowed.rows = 0

    def _within_budget(self) -> None:
        """The least recently used let go of their rows until the rest are within the budget, the
        most recent kept whatever its size (under the lock)."""
        while self._held > self._rows and len(self._holding) > 1:
            self._let_go_of_rows(next(iter(self._holding.values())))

    def grown(self, narrowed: Narrowed, rows: int) -> None:
        """``narrowed`` holds ``rows`` more rows: its count and the count kept here change together,
        under the lock a drop takes, so a drop subtracts exactly what was added (none of it, once
        ``narrowed`` is dropped whole). A kept narrowing reading its rows again after letting go of
        them is the most recent: others let go of theirs if the budget is passed."""
        with self._lock:
            narrowed.rows += rows
            if narrowed.kept_by is self:
                self._held += rows
                self._holding[id(narrowed)] = narrowed
                self._holding.move_to_end(id(narrowed))
                self._within_budget()

    @property
    def held(self) -> int:
        """Rows the kept narrowings hold."""
        return self._held


class Narrowed(Mapping[str, pd.DataFrame]):
    """``records`` narrowed to ``filters`` record type by record type, each once (see :func:`apply`).
    Records summed otherwise (:data:`PER_PLACE`) are narrowed too when asked for by name (``in``
    says whether they are there), but are no record type: iterating gives the record types."""

    def __init__(self, records: Records, filters: Filters, history: bool) -> None:
        self._records, self._filters, self._history = records, filters, history
        self._done: dict[str, pd.DataFrame] = {}
        self._answers = Answers()
        self.rows = 0
        """Rows narrowed here (a frame no filter narrowed is the records' own): a small record
        type's may be shared with other narrowings (:func:`dashboard.analysis.memo.subset`)."""
        self.kept_by: Narrowings | None = None
        """The :class:`Narrowings` keeping this one, told as it grows (None once dropped)."""

    def remembered(self, key: object, make: Callable[[], object]) -> object:
        """``make()`` once for these narrowed records (see :func:`dashboard.analysis.memo.remembered`)."""
        return self._answers.get(key, make)

    def forget_rows(self) -> None:
        """Let go of the narrowed frames (narrowed again if asked for), keeping the answers."""
        self._done = {}

    def alike(self, name: str, key: object, make: Callable[[Records], pd.DataFrame]) -> pd.DataFrame:
        """``make(records)``, a table worked out from all the records (once per set of them, for
        every narrowing), narrowed as records of type ``name`` are: for a table whose every row
        comes from records sharing the date, places and kinds :func:`narrow` looks at, and
        carrying those columns, working it out from the narrowed records gives the same rows."""
        whole = self._records[name]
        table = derived(whole, ("alike", key), lambda: make(self._records))
        return cast(pd.DataFrame, self.remembered(("alike", name, key), lambda: self._narrowed(name, table)))

    def _narrowed(self, name: str, table: pd.DataFrame) -> pd.DataFrame:
        found = narrow(name, table, self._filters, history=self._history)
        taken = origin(found)  # None when nothing was left out
        if taken is None:
            return found
        positions = taken[1]  # renumbered once per set of rows: narrowings keeping the same rows share it
        return derived(found, ("renumbered",), lambda: rows_of(table, found.reset_index(drop=True), positions))

    def __getitem__(self, name: str) -> pd.DataFrame:
        frame = self._done.get(name)
        if frame is None:
            whole = self._records[name]
            made = narrow(name, whole, self._filters, history=self._history)
            frame = self._done.setdefault(name, made)  # two threads asking at once: the first kept counts
            if frame is made and frame is not whole:
                if (keeper := self.kept_by) is not None:
                    keeper.grown(self, len(frame))
                else:  # not kept (or no longer): nothing counts on it
                    self.rows += len(frame)
        return frame

    def __iter__(self) -> Iterator[str]:
        return iter([name for name in self._records if name in BY_NAME])  # record types, not their sums

    def __len__(self) -> int:
        return sum(1 for name in self._records if name in BY_NAME)

    def __contains__(self, name: object) -> bool:
        return name in self._records


def narrow(name: str, frame: pd.DataFrame, filters: Filters, *, history: bool = False) -> pd.DataFrame:
    """The records of type ``name`` (or summed as :data:`SUMMED` says) in ``frame`` within
    ``filters`` (the dates but the first year with ``history``); ``frame`` itself when nothing is
    left out. The rows are picked with one NumPy mask: a narrowing reads a few columns, whatever
    the frame's size."""
    rt = BY_NAME[SUMMED.get(name, name)]
    mask = np.ones(len(frame), dtype=bool)
    start, end = filters.date_range
    if rt.when_column and (start is not None or end is not None):
        when = frame[rt.when_column].to_numpy()
        if when.dtype.kind != "M":
            when = pd.to_datetime(frame[rt.when_column]).to_numpy()
        undated = np.isnat(when)  # an undated record is never filtered out by dates
        if start is not None and not history:
            mask &= (when >= start.to_datetime64()) | undated
        if end is not None:
            mask &= (when <= end.to_datetime64()) | undated
    if "country" in frame.columns and (filters.countries or filters.regions):
        # places add up: "Africa" and "Thailand" means African countries and Thailand
        place = _isin(frame["country"], filters.countries) if filters.countries else np.zeros(len(frame), dtype=bool)
        if filters.regions and "region_code" in frame.columns:
            place = place | _isin(frame["region_code"], filters.regions)  # not in place: an isin may be read-only
        mask &= place
    if filters.partner_types and "partner_type" in frame.columns:
        mask &= _isin(frame["partner_type"], filters.partner_types)
    if filters.partner_types and name == "partner":
        mask &= _isin(frame["type"], filters.partner_types)
    if filters.event_kinds and name == "event":
        mask &= _isin(frame["kind"], filters.event_kinds)
    if filters.statuses and "status" in frame.columns:
        wanted = set(filters.statuses) & {c.value for c in rt.field("status").choices}
        if wanted:  # a status names one record type's states: the others are left alone
            mask &= _isin(frame["status"], tuple(wanted))
    return subset(frame, mask)


def _isin(column: pd.Series, values: tuple[str, ...]) -> np.ndarray:
    """Which values of ``column`` are among ``values``: for categories, by their codes."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        # By its categories' codes. The categories are looked up one by one (pandas' get_indexer on an
        # index of texts takes 70 us, whatever its few hundred entries), and np.take reads the small
        # codes as they are where indexing would first widen them: a third of the time.
        chosen = set(values)
        wanted = np.zeros(len(column.cat.categories) + 1, dtype=bool)  # the last place: no value (code -1)
        wanted[[i for i, category in enumerate(column.cat.categories.tolist()) if category in chosen]] = True
        return np.take(wanted, column.cat.codes.to_numpy())
    if len(column) <= SMALL_COLUMN:  # a few hundred texts: looked up one by one before pandas' isin has begun
        chosen = set(values)
        return np.fromiter((value in chosen for value in column.tolist()), dtype=bool, count=len(column))
    return column.isin(values).to_numpy(dtype=bool)
