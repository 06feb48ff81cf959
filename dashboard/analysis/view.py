"""What a page shows: the filters from its URL applied to a snapshot.

The web app makes the view of the current request (:func:`dashboard.web.context.current_view`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import Snapshot
from dashboard.model import clock


@dataclass
class View:
    filters: Filters
    snapshot: Snapshot
    _records: Mapping[str, pd.DataFrame] | None = field(default=None, repr=False)
    _history: Mapping[str, pd.DataFrame] | None = field(default=None, repr=False)
    _yearly: Mapping[str, pd.DataFrame] | None = field(default=None, repr=False)
    _yearly_records: Mapping[str, pd.DataFrame] | None = field(default=None, repr=False)

    @property
    def lang(self) -> str:
        return self.filters.lang

    @property
    def today(self) -> dt.date:
        """The day the figures are for: today, or the earlier of the "figures on" and "as recorded
        on" days if one is chosen."""
        return min(d for d in (clock.today(), self.filters.on, self.filters.as_of) if d)

    @property
    def records(self) -> Mapping[str, pd.DataFrame]:
        """The records within every filter, dates included."""
        if self._records is None:
            self._records = self.snapshot.narrowings.get(self.snapshot.records, self.filters)
        return self._records

    @property
    def history(self) -> Mapping[str, pd.DataFrame]:
        """The records within the filters up to the last year, however early: for totals
        and cumulative charts."""
        if self._history is None:
            self._history = self.snapshot.narrowings.get(self.snapshot.records, self.filters, history=True)
        return self._history

    @property
    def yearly(self) -> Mapping[str, pd.DataFrame]:
        """Like :attr:`history`, with adoptions pre-aggregated by year (and summed per place as
        well, :data:`~dashboard.analysis.filters.PER_PLACE`): for yearly figures, which it computes
        exactly and fast whatever the number of records. With figures on a day, the records
        themselves: a year's aggregate cannot be cut at a day."""
        if self._yearly is None:
            source = self.snapshot.records if self.filters.on else self.snapshot.yearly
            self._yearly = self.snapshot.narrowings.get(source, self.filters, history=True)
        return self._yearly

    @property
    def yearly_records(self) -> Mapping[str, pd.DataFrame]:
        """Like :attr:`records` (within the chosen years), with adoptions pre-aggregated by year."""
        if self._yearly_records is None:
            source = self.snapshot.records if self.filters.on else self.snapshot.yearly
            self._yearly_records = self.snapshot.narrowings.get(source, self.filters)
        return self._yearly_records
