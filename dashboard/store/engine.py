"""Opening a database, and its write lock.

SQLite is the embedded default (``instance/coopdash.sqlite``, WAL mode, foreign keys on);
``COOPDASH_DATABASE_URL`` can name a PostgreSQL server instead (``postgresql+psycopg://…``).
Both the :class:`~dashboard.store.store.Store` and the migrations (:mod:`dashboard.store.database`)
take the write lock from here.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.config import settings

DEFAULT_PATH = Path("instance") / "coopdash.sqlite"


class StoreError(Exception):
    """The database could not do what was asked (unreachable, locked for too long, …), raised
    by the store's callers that promise it instead of SQLAlchemy's own errors (its message)."""


def database_url(url: str | None = None) -> str:
    if url:
        return url
    return settings().database_url or f"sqlite:///{DEFAULT_PATH}"


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    for attempt in range(200):  # switching a new file to WAL fails at once, not after waiting, while
        try:  # another connection opening it at the same moment does the same: try again
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError:
            if attempt == 199:
                raise
            time.sleep(0.05)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine(url: str) -> Engine:
    """An engine for ``url``: a SQLite file (its folder made, WAL mode, foreign keys on) or a server."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


WRITE_LOCK_KEY = 0x636F6F7064617368  # "coopdash": the PostgreSQL advisory lock of writers


def write_lock(connection: Connection) -> None:
    """Take the database's write lock for the rest of ``connection``'s transaction, before
    it reads anything: a writer that reads the current state and then writes must not see
    a state another writer is about to change.

    SQLite: ``BEGIN IMMEDIATE`` (one writer at a time, waiting up to the busy timeout).
    PostgreSQL: a transaction-level advisory lock; readers are never blocked.
    """
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))
    else:
        raise NotImplementedError(f"no write lock for {dialect} databases")
