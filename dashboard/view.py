"""What a page shows: the filters from its URL applied to the current snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from . import clock
from .filters import Filters, apply
from .snapshot import Snapshot, snapshot


@dataclass
class View:
    filters: Filters
    snapshot: Snapshot
    _records: dict[str, pd.DataFrame] | None = field(default=None, repr=False)
    _history: dict[str, pd.DataFrame] | None = field(default=None, repr=False)
    _yearly: dict[str, pd.DataFrame] | None = field(default=None, repr=False)
    _yearly_records: dict[str, pd.DataFrame] | None = field(default=None, repr=False)

    @property
    def lang(self) -> str:
        return self.filters.lang

    @property
    def today(self) -> dt.date:
        """The day the figures are for: today, or the "data as of" day if one is chosen."""
        today = clock.today()
        return min(today, self.filters.as_of) if self.filters.as_of else today

    @property
    def records(self) -> dict[str, pd.DataFrame]:
        """The records within every filter, dates included."""
        if self._records is None:
            self._records = apply(self.snapshot.records, self.filters)
        return self._records

    @property
    def history(self) -> dict[str, pd.DataFrame]:
        """The records within the filters up to the last year, however early: for totals
        and cumulative charts."""
        if self._history is None:
            self._history = apply(self.snapshot.records, self.filters, history=True)
        return self._history

    @property
    def yearly(self) -> dict[str, pd.DataFrame]:
        """Like :attr:`history`, with adoptions pre-aggregated by year: for yearly figures,
        which it computes exactly and fast whatever the number of records."""
        if self._yearly is None:
            self._yearly = apply(self.snapshot.yearly, self.filters, history=True)
        return self._yearly

    @property
    def yearly_records(self) -> dict[str, pd.DataFrame]:
        """Like :attr:`records` (within the chosen years), with adoptions pre-aggregated by year."""
        if self._yearly_records is None:
            self._yearly_records = apply(self.snapshot.yearly, self.filters)
        return self._yearly_records


def current_view(query: Mapping[str, str | None] | str | None) -> View:
    """The view for a page layout's query parameters, read from the serving app's store."""
    from .app import current_store

    filters = Filters.from_query(query)
    as_of = clock.end_of_day_utc(filters.as_of) if filters.as_of else None
    return View(filters, snapshot(current_store(), as_of=as_of))
