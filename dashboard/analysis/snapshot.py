"""The records the dashboard draws from, loaded once per change of the database.

Pages and callbacks never query record tables themselves: they ask for a :class:`Snapshot`.
Each request costs one tiny query (the newest batch id); the records are read again only
when that changed, so an import committed through any process shows on the next request
of every other process, and a filter change never waits for the database.

Records come enriched for charts: every country column gains its UN M49 region and
sub-region codes, and agreements gain their partner's country and type.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd

from dashboard.analysis.metrics import WEIGHT
from dashboard.model import countries
from dashboard.model.records import RECORD_TYPES
from dashboard.store.store import Store

_MAX_AS_OF = 4  # past views kept besides the current one


@dataclass(frozen=True, slots=True)
class Snapshot:
    version: int  # the newest batch id when read: any import or rollback changes it
    records: dict[str, pd.DataFrame]  # with origin_batch and source_row: where each came from
    files: dict[int, str]  # batch id → file name
    as_of: dt.datetime | None = None
    yearly: dict[str, pd.DataFrame] = field(default_factory=dict)
    updated: dt.datetime | None = None  # when the newest batch was committed (UTC)
    """The same records, with adoptions summed per country, standard, status and year (a
    weight column ``n``): exact for every yearly figure, and small however many rows."""

    @property
    def is_empty(self) -> bool:
        return all(frame.empty for frame in self.records.values())


_lock = threading.Lock()
_current: dict[str, Snapshot] = {}  # database URL → its current snapshot
_past: OrderedDict[tuple[str, dt.datetime | None], Snapshot] = OrderedDict()  # the last few views of the past


def snapshot(store: Store, as_of: dt.datetime | None = None) -> Snapshot:
    """The records as they stand (or stood at ``as_of``), read again only after a change.

    A moment after the newest batch is the present, so it shares the current snapshot; the
    current one is never pushed out of the cache by views of the past.
    """
    version, newest = store.data_version()
    if as_of is not None and (newest is None or as_of >= newest):
        as_of = None
    key = (store.url, as_of)
    with _lock:
        cached = _current.get(store.url) if as_of is None else _past.get(key)
        if cached is not None and (cached.version, cached.updated) == (version, newest):  # ids recur after a restore
            if as_of is not None:
                _past.move_to_end(key)
            return cached
    records = load(store, as_of)
    fresh = Snapshot(version, records, store.batch_files(), as_of, yearly(records), newest)
    with _lock:
        if as_of is None:
            _current[store.url] = fresh
        else:
            _past[key] = fresh
            _past.move_to_end(key)
            while len(_past) > _MAX_AS_OF:
                _past.popitem(last=False)
    return fresh


def load(store: Store, as_of: dt.datetime | None = None) -> dict[str, pd.DataFrame]:
    """Every record type as it stands (or stood at ``as_of``), typed, traced and enriched for
    charts: the one loader of records, for a snapshot, the command line and the tests alike."""
    records = {rt.name: store.records(rt.name, as_of=as_of, traced=True) for rt in RECORD_TYPES}
    for name, frame in records.items():
        if "country" in frame.columns:
            records[name] = with_regions(frame)
    records["agreement"] = with_partner(records["agreement"], records["partner"])
    return records


def yearly(records: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``records`` with adoptions pre-aggregated by year (see :attr:`Snapshot.yearly`)."""
    adoptions = records["adoption"]
    keys = ["country", "region_code", "subregion_code", "standard_code", "status"]
    grouped = adoptions.groupby(
        [*(adoptions[k] for k in keys), adoptions["adopted_on"].dt.year.rename("year")], observed=True, dropna=False
    )
    cube = grouped["adopted_on"].agg(["min", "size"]).rename(columns={"min": "adopted_on", "size": WEIGHT})
    cube = cube.reset_index().drop(columns="year")
    for column in ("country", "region_code", "subregion_code"):
        cube[column] = cube[column].astype("category")
    return {**records, "adoption": cube}


def with_regions(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``region_code`` and ``subregion_code`` (UN M49) for the ``country`` column."""
    known = countries.all_countries()
    frame = frame.copy()
    country = frame["country"].astype("category")
    for column, attribute in (("region_code", "region_code"), ("subregion_code", "subregion_code")):
        table = {c.iso3: getattr(c, attribute) for c in known}
        frame[column] = country.map(table).astype("category")  # per category, not per row
    frame["country"] = country
    return frame


def with_partner(agreements: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Agreements with their partner's ``country`` (and regions) and ``partner_type``."""
    lookup = partners.set_index("name")
    frame = agreements.copy()
    frame["country"] = (
        frame["partner"].map(lookup["country"].astype(str))
        if len(lookup)
        else pd.Series(dtype=object, index=frame.index)
    )
    frame["partner_type"] = (
        frame["partner"].map(lookup["type"]) if len(lookup) else pd.Series(dtype=object, index=frame.index)
    )
    return with_regions(frame)


def clear() -> None:
    """Forget every snapshot (tests use it to start cold)."""
    with _lock:
        _current.clear()
        _past.clear()
