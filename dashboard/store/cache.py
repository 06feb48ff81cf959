"""Views worked out once and shared by every worker: a cache keyed by the data version.

A cached value is bytes (a view's JSON, a page's HTML), found by a key that names everything it
depends on: the *data version* (the newest batch's id and commit time, :meth:`Store.data_version`),
the view's normalised query (filters and language), the access level it was drawn for, the
day (figures count what is active *today*) and the code's own version. A new batch, a rollback
or a restore changes the data version, so no key made before it is asked for again: a cached
view is never stale, and nothing has to be told to forget one.

Where it lives is ``COOPDASH_CACHE_URL``: by default a folder on disk (``instance/cache``), shared
by the worker processes of one machine; ``redis://HOST:PORT/DB`` names a Redis server shared by
several machines. Each process also keeps the last few values it used in memory.

A cache that cannot be written (a full disk, Redis gone) costs speed, never an answer: the value
is worked out again and served.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import logging
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from dashboard import __version__
from dashboard.config import CACHE_SCHEMES, cache_setting
from dashboard.store.store import Store

log = logging.getLogger(__name__)

DEFAULT_FOLDER = Path("instance") / "cache"
MEMORY_ITEMS = 64  # values kept in each process's memory
FOLDER_ITEMS = 2000  # values kept on disk per data version: a flood of distinct queries cannot fill the disk
RECOUNT = 64  # a process's puts between counts of a version's values (each worker may overshoot by this many)
KEPT = "snapshot-"  # keys of the few values a data version's snapshot keeps (its aggregates): stored however full
REDIS_SECONDS = 7 * 24 * 3600  # a Redis entry no version asks for any more expires after a week


class Backend(Protocol):
    def get(self, version: str, key: str) -> bytes | None: ...

    def put(self, version: str, key: str, value: bytes) -> None: ...


_WRITES = itertools.count()


class Folder:
    """Values as files, one sub-folder per data version; a new version's first value removes
    the folders of older ones. Written to a temporary file and renamed: a reader sees a whole
    value or none."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._counts: dict[str, tuple[int, int]] = {}  # version -> (its values when counted, puts here since)
        self._counting = threading.Lock()

    def get(self, version: str, key: str) -> bytes | None:
        try:
            return (self.root / version / key).read_bytes()
        except OSError:
            return None

    def put(self, version: str, key: str, value: bytes) -> None:
        folder = self.root / version
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            with self._counting:
                self._counts.clear()
            for old in self.root.iterdir():  # values of earlier data versions are never asked for again
                if old.is_dir() and old.name != version:
                    shutil.rmtree(old, ignore_errors=True)
        elif not key.startswith(KEPT) and self._full(version, folder):
            return  # full: further views are worked out again when asked for
        # a name no other process or thread is writing (mkstemp's random names cost a third of a put)
        temporary = folder / f".new-{os.getpid()}-{threading.get_ident()}-{next(_WRITES)}"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "wb") as file:
                file.write(value)
            os.replace(temporary, folder / key)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def _full(self, version: str, folder: Path) -> bool:
        """Whether ``version`` holds :data:`FOLDER_ITEMS` values, counting every value this process
        puts since its files were last counted as written. They are counted again after
        :data:`RECOUNT` such puts (the other workers write there too), not on every put, which
        would list up to thousands of files each time, most of all when a flood has filled it."""
        with self._counting:
            counted, since = self._counts.get(version, (0, RECOUNT))
            if since >= RECOUNT:
                counted, since = sum(1 for _ in os.scandir(folder)), 0
            self._counts[version] = (counted, since + 1)
            return counted + since >= FOLDER_ITEMS


class Redis:
    """Values in a Redis server, under ``coopdash:VERSION:KEY``, each expiring a week after it was
    last written (older versions are never asked for again, so they simply expire)."""

    def __init__(self, url: str) -> None:
        import redis  # only when a Redis server is named

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def get(self, version: str, key: str) -> bytes | None:
        value = self.client.get(f"coopdash:{version}:{key}")
        return value if isinstance(value, bytes) else None

    def put(self, version: str, key: str, value: bytes) -> None:
        self.client.set(f"coopdash:{version}:{key}", value, ex=REDIS_SECONDS)


_lock = threading.Lock()
_memory: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_backends: dict[str, Backend] = {}


def backend() -> Backend:
    """The shared cache ``COOPDASH_CACHE_URL`` names (a folder by default)."""
    url = cache_setting() or ""
    with _lock:
        found = _backends.get(url)
        if found is None:
            found = _backends[url] = (
                Redis(url) if url.startswith(CACHE_SCHEMES) else Folder(Path(url) if url else DEFAULT_FOLDER)
            )
        return found


def version_of(store: Store) -> str:
    """The cache's name for the store's data version (:meth:`Store.data_version`): the batch id
    and its commit time (ids recur after a restore), the database (two may share one Redis) and
    the code's version (a new release draws anew)."""
    return version_name(store, *store.data_version())


def version_name(store: Store, batch: int, committed: dt.datetime | None) -> str:
    """:func:`version_of` for a data version already asked for."""
    stamp = committed.isoformat() if committed is not None else ""
    return hashlib.sha256(f"{__version__}|{store.url}|{batch}|{stamp}".encode()).hexdigest()[:24]


def key_of(*parts: str) -> str:
    """A file-safe key for the parts a value depends on (besides the data version)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def peek(version: str, key: str) -> bytes | None:
    """The value for (``version``, ``key``) if this process or the shared cache has it."""
    with _lock:
        value = _memory.get((version, key))
        if value is not None:
            _memory.move_to_end((version, key))
            return value
    try:
        return backend().get(version, key)
    except Exception as error:  # a cache that fails costs speed, never an answer
        log.warning("the shared cache could not be read: %s", error)
        return None


def cached(
    version: str,
    key: str,
    make: Callable[[], bytes],
    one_at_a_time: contextlib.AbstractContextManager[Any] | None = None,
) -> bytes:
    """The value for (``version``, ``key``): from this process's memory, else the shared cache,
    else ``make()`` (then kept in both). With ``one_at_a_time`` (a lock), values are made with it
    held, and this process's memory is looked at again once it is: whoever waited for the value
    being made finds it. The shared cache is read and written outside it."""
    value = peek(version, key)
    if value is not None:
        _remember(version, key, value)
        return value
    with one_at_a_time or contextlib.nullcontext():
        made = _remembered(version, key) if one_at_a_time is not None else None
        if made is not None:
            return made
        value = make()
        _remember(version, key, value)
    try:
        backend().put(version, key, value)
    except Exception as error:
        log.warning("the shared cache could not be written: %s", error)
    return value


def _remembered(version: str, key: str) -> bytes | None:
    with _lock:
        return _memory.get((version, key))


def _remember(version: str, key: str, value: bytes) -> None:
    with _lock:
        _memory[(version, key)] = value
        _memory.move_to_end((version, key))
        while len(_memory) > MEMORY_ITEMS:
            _memory.popitem(last=False)


def clear() -> None:
    """Forget what this process holds in memory (the shared cache keeps its values)."""
    with _lock:
        _memory.clear()
        _backends.clear()
