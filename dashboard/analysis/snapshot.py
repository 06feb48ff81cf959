"""The records the dashboard draws from, loaded once per change of the database.

Pages and callbacks never query record tables themselves: they ask for a :class:`Snapshot`.
Each request costs one tiny query (the newest batch id); the records are read again only
when that changed, so an import committed through any process shows on the next request
of every other process, and a filter change never waits for the database.

Records come enriched for charts: every country column gains its UN M49 region and
sub-region codes, and agreements gain their partner's country and type.

Adoptions are the one record type that grows to millions. Their yearly aggregate (:func:`yearly`:
counts per country, standard, status and year, small however many adoptions there are) is kept
per data version in the shared cache (:mod:`dashboard.store.cache`), so a new worker or a restart
reads the aggregate and the other, small record types, and reads the adoptions themselves only
when a view asks for them (a trace, the records grid, figures on a day, an export). The same
adoptions summed again without their standard (:data:`~dashboard.analysis.filters.PER_PLACE`, a
few thousand rows) are worked out from the aggregate in each process, in a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.analysis.filters import PER_PLACE, Narrowings
from dashboard.analysis.memo import Answers
from dashboard.analysis.metrics import WEIGHT
from dashboard.model import countries
from dashboard.model.records import RECORD_TYPES
from dashboard.store import cache as shared
from dashboard.store.store import Store

LARGE = "adoption"  # the record type read only when a view needs its rows
KEPT = shared.KEPT  # how the keys of what a snapshot keeps in the shared cache begin (pages' are hashes)
CUBE_KEY = KEPT + shared.key_of("adoption per year", "4")  # bump the number when yearly() or _in_order() changes

_MAX_AS_OF = 4  # past views kept besides the current one


class Records(Mapping[str, pd.DataFrame]):
    """Every record type by name; the ones not yet read (the adoptions of a snapshot made from
    its stored aggregate) are read on first use, once, whichever thread asks first."""

    def __init__(
        self,
        frames: Mapping[str, pd.DataFrame],
        later: Mapping[str, Callable[[], pd.DataFrame]] | None = None,
        version: str = "",
    ) -> None:
        self._frames = dict(frames)
        self._later = dict(later or {})
        self._lock = threading.Lock()
        self._version = version  # the data version's name in the shared cache ("": nothing shared)
        self._derived: dict[str, pd.DataFrame] = {}
        self._answers = Answers()

    def remembered(self, key: object, make: Callable[[], object]) -> object:
        """``make()`` once for these records in this process (see :func:`dashboard.analysis.memo.remembered`)."""
        return self._answers.get(key, make)

    def derived(self, name: str, make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``make()``, a frame worked out from these records, once per data version for every
        worker: kept in the shared cache, so that a new worker need not read the adoptions for it."""
        found = self._derived.get(name)
        if found is None:
            if not self._version:
                found = make()
            else:
                key = KEPT + shared.key_of(name)
                try:
                    found = frame_of(shared.cached(self._version, key, lambda: frame_bytes(make())))
                except ValueError:  # a column the format does not hold
                    found = make()
            self._derived[name] = found
        return found

    def __getitem__(self, name: str) -> pd.DataFrame:
        frame = self._frames.get(name)
        if frame is None:
            if name not in self._later:
                raise KeyError(name)
            with self._lock:
                frame = self._frames.get(name)
                if frame is None:
                    frame = self._frames[name] = self._later[name]()
        return frame

    def __iter__(self) -> Iterator[str]:
        return iter([rt.name for rt in RECORD_TYPES if rt.name in self._frames or rt.name in self._later])

    def __len__(self) -> int:
        return len(set(self._frames) | set(self._later))

    def is_read(self, name: str) -> bool:
        """Whether ``name``'s rows are in memory (a test's and a benchmark's question)."""
        return name in self._frames


@dataclass(frozen=True, slots=True)
class Snapshot:
    version: int  # the newest batch id when read: any import or rollback changes it
    records: Mapping[str, pd.DataFrame]  # with origin_batch and source_row: where each came from
    files: dict[int, str]  # batch id → file name
    as_of: dt.datetime | None = None
    yearly: dict[str, pd.DataFrame] = field(default_factory=dict)
    """The same records, with adoptions summed per country, standard, status and year (a
    weight column ``n``): exact for every yearly figure, and small however many rows; and, under
    :data:`~dashboard.analysis.filters.PER_PLACE`, summed per country, status and year alone."""
    updated: dt.datetime | None = None  # when the newest batch was committed (UTC)
    cache_version: str = ""  # the data version's name in the shared cache ("": the past, not shared)
    narrowings: Narrowings = field(default_factory=Narrowings, compare=False, repr=False)

    @property
    def is_empty(self) -> bool:
        source = self.yearly or self.records  # the aggregate is empty exactly when the adoptions are
        return all(frame.empty for frame in source.values())


_lock = threading.Lock()
_reading = threading.Lock()  # one read of the records at a time in a process
_current: dict[str, Snapshot] = {}  # database URL → its current snapshot
_past: OrderedDict[tuple[str, dt.datetime | None], Snapshot] = OrderedDict()  # the last few views of the past


def snapshot(
    store: Store, as_of: dt.datetime | None = None, *, asked: tuple[int, dt.datetime | None] | None = None
) -> Snapshot:
    """The records as they stand (or stood at ``as_of``), read again only after a change.

    A moment after the newest batch is the present, so it shares the current snapshot; the
    current one is never pushed out of the cache by views of the past. ``asked``: the data
    version (:meth:`Store.data_version`) the caller has just asked for, not asked again.
    """
    version, newest = asked or store.data_version()
    if as_of is not None and (newest is None or as_of >= newest):
        as_of = None
    key = (store.url, as_of)
    found = _kept(key, version, newest)
    if found is not None:
        return found
    with _reading:  # the requests arriving meanwhile wait for this one's read instead of reading too
        found = _kept(key, version, newest)
        return found if found is not None else _read(store, key, version, newest)


def _kept(key: tuple[str, dt.datetime | None], version: int, newest: dt.datetime | None) -> Snapshot | None:
    url, as_of = key
    with _lock:
        cached = _current.get(url) if as_of is None else _past.get(key)
        if cached is not None and (cached.version, cached.updated) == (version, newest):  # ids recur after a restore
            if as_of is not None:
                _past.move_to_end(key)
            return cached
    return None


def _read(store: Store, key: tuple[str, dt.datetime | None], version: int, newest: dt.datetime | None) -> Snapshot:
    as_of = key[1]
    name = shared.version_name(store, version, newest) if as_of is None else ""
    if as_of is None:
        records, aggregated = _current_records(store, name)
    else:
        every = load(store, as_of)
        records, aggregated = Records(every), with_places_alone(yearly(every))
    fresh = Snapshot(version, records, store.batch_files(), as_of, aggregated, newest, name)
    with _lock:
        if as_of is None:
            _current[store.url] = fresh
        else:
            _past[key] = fresh
            _past.move_to_end(key)
            while len(_past) > _MAX_AS_OF:
                _past.popitem(last=False)
    return fresh


def load(store: Store, as_of: dt.datetime | None = None, *, skip: tuple[str, ...] = ()) -> dict[str, pd.DataFrame]:
    """Every record type (but those in ``skip``) as it stands (or stood at ``as_of``), typed,
    traced and enriched for charts: the one loader of records, for a snapshot, the command line
    and the tests alike."""
    records = {rt.name: read(store, rt.name, as_of) for rt in RECORD_TYPES if rt.name not in skip}
    records["agreement"] = with_partner(records["agreement"], records["partner"])
    return records


def kept(snap: Snapshot, name: str, make: Callable[[], bytes]) -> bytes:
    """A value worked out from every record of ``snap`` (``make()``, bytes), once per data
    version for every worker: kept in the shared cache beside the adoptions' aggregate, so a
    new worker need not read every adoption to get it."""
    if not snap.cache_version:
        return make()
    return shared.cached(snap.cache_version, KEPT + shared.key_of(name), make)


def read(store: Store, name: str, as_of: dt.datetime | None = None) -> pd.DataFrame:
    """One record type as :func:`load` gives it (agreements without their partner's columns)."""
    frame = store.records(name, as_of=as_of, traced=True)
    return with_regions(frame) if "country" in frame.columns else frame


def _current_records(store: Store, version: str) -> tuple[Records, dict[str, pd.DataFrame]]:
    """The records as they stand and their yearly aggregate: the aggregate from the shared cache
    when a worker already worked it out for this data version (the adoptions are then read only
    when asked for), else from every record (and kept there for the other workers)."""
    found = _shared_cube(version)
    if found is not None:
        small = load(store, skip=(LARGE,))
        return Records(small, {LARGE: lambda: read(store, LARGE)}, version), with_places_alone({**small, LARGE: found})
    records = load(store)
    aggregated = with_places_alone(yearly(records))
    try:
        shared.cached(version, CUBE_KEY, lambda: frame_bytes(aggregated[LARGE]))
    except ValueError:  # a column this format does not hold: the aggregate is simply not shared
        pass
    return Records(records, version=version), aggregated


def _shared_cube(version: str) -> pd.DataFrame | None:
    body = shared.peek(version, CUBE_KEY)
    if body is None:
        return None
    try:
        return frame_of(body)
    except (ValueError, KeyError, OSError):  # written by another release, or damaged: work it out again
        return None


def frame_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as bytes :func:`frame_of` reads back equal: numpy arrays in an ``.npz`` (no
    pickles, so a shared cache cannot hand a worker code to run). Columns may be categorical,
    text, dates or numbers; anything else raises ValueError."""
    arrays: dict[str, np.ndarray] = {}
    kinds = []
    for number, (name, column) in enumerate(frame.items()):
        key = f"c{number}"
        if isinstance(column.dtype, pd.CategoricalDtype):
            kind = "category:" + str(column.cat.categories.dtype)
            arrays[key] = column.cat.codes.to_numpy()
            arrays[key + "v"] = _texts(column.cat.categories)
        elif pd.api.types.is_datetime64_dtype(column.dtype):
            kind = str(column.dtype)
            arrays[key] = column.to_numpy().view("int64")
        elif pd.api.types.is_string_dtype(column.dtype):
            kind = "text:" + str(column.dtype)
            codes, uniques = pd.factorize(column, use_na_sentinel=True)
            arrays[key] = codes
            arrays[key + "v"] = _texts(uniques)
        elif pd.api.types.is_numeric_dtype(column.dtype) and column.dtype.kind in "biuf":
            kind = "number"
            arrays[key] = column.to_numpy()
        else:
            raise ValueError(f"column {name!r} of type {column.dtype} cannot be stored")
        kinds.append((str(name), kind))
    arrays["columns"] = np.array([name for name, _ in kinds], dtype=str)
    arrays["kinds"] = np.array([kind for _, kind in kinds], dtype=str)
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()


def frame_of(body: bytes) -> pd.DataFrame:
    """The frame :func:`frame_bytes` stored."""
    with np.load(io.BytesIO(body), allow_pickle=False) as stored:
        columns = {}
        for number, (name, kind) in enumerate(zip(stored["columns"].tolist(), stored["kinds"].tolist())):
            values = stored[f"c{number}"]
            if kind.startswith("category:"):
                categories = pd.Index(stored[f"c{number}v"].astype(object), dtype=kind.removeprefix("category:"))
                columns[name] = pd.Categorical.from_codes(values, categories=categories)
            elif kind.startswith("text:"):
                uniques = stored[f"c{number}v"].astype(object)
                texts = np.where(values >= 0, uniques[np.maximum(values, 0)] if len(uniques) else None, None)
                columns[name] = pd.Series(texts, dtype=kind.removeprefix("text:"))
            elif kind == "number":
                columns[name] = values
            else:
                columns[name] = values.view(kind)
    return pd.DataFrame(columns)


def _texts(values: pd.Index | np.ndarray) -> np.ndarray:
    if any(not isinstance(v, str) for v in values):
        raise ValueError("only text values can be stored")
    return np.array(list(values), dtype=str)


def with_places_alone(aggregated: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``aggregated`` (:func:`yearly`) with the adoptions summed again without their standard
    (:data:`~dashboard.analysis.filters.PER_PLACE`): per country, status and year, a few thousand
    rows however many adoptions there are, for every figure that does not count standards."""
    cube = aggregated[LARGE]
    keys = ["country", "region_code", "subregion_code", "status"]
    grouped = cube.groupby(
        [*(cube[k] for k in keys), cube["adopted_on"].dt.year.rename("year")], observed=True, dropna=False
    )
    places = grouped.agg(adopted_on=("adopted_on", "min"), n=(WEIGHT, "sum")).reset_index().drop(columns="year")
    places = _in_order(places)
    for column in keys:
        places[column] = places[column].astype(cube[column].dtype)  # the same categories: codes mean the same
    return {**aggregated, PER_PLACE: places}


def _in_order(cube: pd.DataFrame) -> pd.DataFrame:
    """The adoptions that count (not withdrawn) first, each part in date order. A view's rows keep
    that order, so the ones that count are its first rows, taken without a copy (memo.subset), and
    what sorts them by date (a running total, a first date per standard) finds them sorted."""
    ordered = cube.assign(withdrawn=cube["status"] == "withdrawn").sort_values(
        ["withdrawn", "adopted_on"], kind="stable", ignore_index=True
    )
    return ordered.drop(columns="withdrawn")


def yearly(records: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``records`` with adoptions pre-aggregated by year (see :attr:`Snapshot.yearly`)."""
    adoptions = records["adoption"]
    keys = ["country", "region_code", "subregion_code", "standard_code", "status"]
    grouped = adoptions.groupby(
        [*(adoptions[k] for k in keys), adoptions["adopted_on"].dt.year.rename("year")], observed=True, dropna=False
    )
    cube = grouped["adopted_on"].agg(["min", "size"]).rename(columns={"min": "adopted_on", "size": WEIGHT})
    cube = _in_order(cube.reset_index().drop(columns="year"))
    for column in keys:  # a few distinct values each: rows are picked by their codes, not by copying texts
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
