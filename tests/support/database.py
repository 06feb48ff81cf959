"""A database's whole contents, to compare before and after."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa


def dump(database: Path | str) -> list:
    """The database's contents, given its SQLite file or its URL: equal dumps, equal contents."""
    if isinstance(database, Path):
        if not database.exists():
            return []
        with sqlite3.connect(database) as connection:
            return list(connection.iterdump())
    engine = sa.create_engine(database)
    try:
        tables = sa.MetaData()
        tables.reflect(engine)
        with engine.connect() as connection:
            return [
                (table.name, connection.execute(sa.select(table).order_by(*table.c)).all())
                for table in tables.sorted_tables
            ]
    finally:
        engine.dispose()
