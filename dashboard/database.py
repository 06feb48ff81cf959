"""The database as a whole: its schema version (Alembic migrations).

Every schema change is a migration in ``dashboard/migrations/versions/``, applied by
:func:`upgrade` — which :class:`~dashboard.store.Store` calls when it opens a database, and
``coopdash db upgrade`` calls on its own. A database made before migrations existed (the
tables of the first release, no ``alembic_version``) is recognised and stamped with the
first revision, then upgraded like any other.
"""

from __future__ import annotations

import functools
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"  # the schema of the first release, made then by ``metadata.create_all``


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@functools.cache
def head() -> str:
    """The newest revision this version of coopdash knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def revision(connection: Connection) -> str | None:
    """The revision the database is at (None: no schema, or one made before migrations)."""
    heads = MigrationContext.configure(connection).get_current_heads()
    return heads[0] if heads else None


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to :func:`head`; (revision before, revision after).

    Costs one query when the database is already up to date. Otherwise runs under the
    store's write lock, so several processes starting at once upgrade it once.
    """
    with engine.connect() as connection:
        before = revision(connection)
    if before == head():
        return before, before
    from .store import write_lock

    with engine.begin() as connection:
        write_lock(connection)
        before = revision(connection)
        if before is None and sa.inspect(connection).has_table("batch"):
            command.stamp(_config(connection), FIRST_REVISION)
        command.upgrade(_config(connection), "head")
        return before, revision(connection)
