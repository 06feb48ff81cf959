"""The database as a whole: its schema version (Alembic migrations), backups and restores.

Every schema change is a migration in ``dashboard/store/migrations/versions/``, applied by
:func:`upgrade` — which :class:`~dashboard.store.store.Store` calls when it opens a database, and
``coopdash db upgrade`` calls on its own. A database made before migrations existed (tables
made by ``metadata.create_all``, no ``alembic_version``) is upgraded like an empty one: the
first revision creates only the tables it lacks.

Backups are one file: SQLite's online backup (a consistent copy while the app runs), or
PostgreSQL's ``pg_dump`` custom format, restored with ``pg_restore``.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.config import environment
from dashboard.store.engine import write_lock
from dashboard.store.schema import user_sessions, utcnow

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class DatabaseError(Exception):
    """A schema upgrade, backup or restore that cannot be done; the message says why."""


HEAD = "0007"
"""The newest migration's revision: a database at it needs no upgrade, which is known without
loading Alembic (0.13 s of every command's and worker's start). tests/store/test_database.py
checks that it is the head of the scripts in ``migrations/versions``."""

VERSIONS = sa.table("alembic_version", sa.column("version_num"))


def _config(connection: Connection | None = None) -> Any:
    from alembic.config import Config  # only to upgrade: an up-to-date database never loads Alembic

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@functools.cache
def _scripts() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest revision this version of coopdash knows."""
    return HEAD


def revision(connection: Connection) -> str | None:
    """The revision the database is at (None: no schema, or one made before migrations)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    versions = connection.execute(sa.select(VERSIONS.c.version_num)).scalars().all()
    return versions[0] if versions else None


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to :func:`head`; (revision before, revision after).

    Costs two small queries (is there a version table, and what does it hold) when the database is
    already up to date. Otherwise runs under the
    store's write lock, so several processes starting at once upgrade it once.
    """
    with engine.connect() as connection:
        before = revision(connection)
    if before == head():
        return before, before
    with engine.begin() as connection:
        write_lock(connection)
        before = revision(connection)
        if before is not None and before not in {script.revision for script in _scripts().walk_revisions()}:
            raise DatabaseError(
                f"the database's schema is at revision {before}, which this version of coopdash does not know "
                f"(its newest is {head()}): run the newer coopdash that upgraded it, or restore a backup"
            )
        from alembic import command

        command.upgrade(_config(connection), "head")
        after = revision(connection)
        assert after is not None  # just upgraded to the head
        return before, after


def backup(engine: Engine, path: Path) -> None:
    """Write a consistent copy of the database to ``path`` (replaced if it exists)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    if engine.dialect.name == "sqlite":
        try:
            with closing(_sqlite(engine)) as source, closing(sqlite3.connect(partial)) as target:
                source.backup(target)
        except sqlite3.Error as error:
            partial.unlink(missing_ok=True)
            raise DatabaseError(f"cannot back up to {path}: {error}") from None
    elif engine.dialect.name == "postgresql":
        _run_pg(engine, "pg_dump", "--format=custom", "--no-owner", f"--file={partial}")
    else:
        raise DatabaseError(f"backups of {engine.dialect.name} databases are not supported")
    os.replace(partial, path)


def restore(engine: Engine, path: Path) -> None:
    """Replace the database's contents with the backup at ``path``, then upgrade its schema
    (a backup taken by an older version comes back at the current one)."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            start = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror}") from None
    if engine.dialect.name == "sqlite":
        if not start.startswith(SQLITE_MAGIC):
            raise DatabaseError(f"{path} is not a backup of a SQLite database")
        backup_file = path.absolute().as_uri() + "?mode=ro"
        try:
            with closing(sqlite3.connect(backup_file, uri=True)) as source, closing(_sqlite(engine)) as target:
                source.backup(target)
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot restore from {path}: {error}") from None
    elif engine.dialect.name == "postgresql":
        if not start.startswith(PG_DUMP_MAGIC):
            raise DatabaseError(f"{path} is not a backup of a PostgreSQL database (pg_dump --format=custom)")
        database = engine.url.database or ""
        _run_pg(
            engine,
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "-d",
            database,
            str(path),
        )
    else:
        raise DatabaseError(f"restoring {engine.dialect.name} databases is not supported")
    engine.dispose()  # pooled connections may hold the schema as it was
    upgrade(engine)
    _end_restored_sessions(engine)


def _end_restored_sessions(engine: Engine) -> None:
    """A backup holds the sessions live when it was taken, some signed out since: end them all
    (everyone signs in again) rather than bring a signed-out session back."""
    with engine.begin() as connection:
        connection.execute(
            user_sessions.update()
            .where(user_sessions.c.ended_at.is_(None))
            .values(ended_at=utcnow(), ended_why="database restored")
        )


def _sqlite(engine: Engine) -> sqlite3.Connection:
    """A plain sqlite3 connection to the file ``engine`` uses."""
    database = engine.url.database
    if not database or database == ":memory:":
        raise DatabaseError("an in-memory SQLite database has nothing to back up or restore")
    return sqlite3.connect(database, timeout=30)


def _run_pg(engine: Engine, program: str, *args: str) -> None:
    done = subprocess.run([_pg_program(program), *args], env=_libpq_env(engine.url), capture_output=True, text=True)
    if done.returncode != 0:
        raise DatabaseError(f"{program} failed: {done.stderr.strip()}")


def _pg_program(name: str) -> str:
    """A PostgreSQL client program: on PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None:
        raise DatabaseError(
            f"{name} is not installed: install PostgreSQL's client programs (Debian: postgresql-client)"
        )
    return found


def _libpq_env(url: sa.URL) -> dict[str, str]:
    """The connection settings of ``url`` as libpq's environment variables (the password
    stays out of the command line, where other users could read it)."""
    return environment(
        {
            "PGHOST": url.query.get("host") or url.host,
            "PGPORT": url.port,
            "PGUSER": url.username,
            "PGPASSWORD": url.password,
            "PGDATABASE": url.database,
        }
    )
