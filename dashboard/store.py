"""The database: one table per record type, derived from the record model, plus batches.

Every table keeps versions, not just the latest state. A version is valid from the moment
its batch was committed until a later batch (or a rollback) replaces it, so the store can
answer "what did we hold on 30 June?" and can undo a batch exactly. The current state is
the versions whose ``valid_to`` is empty; a partial unique index keeps one current version
per natural key.

SQLite is the embedded default (``instance/coopdash.sqlite``, WAL mode, foreign keys on);
``COOPDASH_DATABASE_URL`` can name a PostgreSQL server instead (``postgresql+psycopg://…``).
The schema is created and upgraded by migrations (:mod:`dashboard.database`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import periods
from .config import settings
from .records import RECORD_TYPES, Kind, RecordType, record_type

DEFAULT_PATH = Path("instance") / "coopdash.sqlite"

_SQL_TYPES: dict[Kind, sa.types.TypeEngine[Any]] = {
    Kind.TEXT: sa.Text(),
    Kind.REFERENCE: sa.Text(),
    Kind.CHOICE: sa.Text(),
    Kind.COUNTRY: sa.String(3),
    Kind.INTEGER: sa.Integer(),
    Kind.NUMBER: sa.Float(),
    Kind.PERIOD: sa.String(16),
    Kind.DATE: sa.Date(),
}

metadata = sa.MetaData()

batches = sa.Table(
    "batch",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False, server_default="import"),  # import | rollback
    sa.Column("committed_at", sa.DateTime, nullable=False),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("counts", sa.Text, nullable=False),  # JSON: {record_type: {new, updated, ...}}
    sa.Column("rolls_back", sa.ForeignKey("batch.id")),  # for a rollback: the batch it undid
    sa.Column("rolled_back_by", sa.ForeignKey("batch.id")),  # for an import: the rollback that undid it
    sa.Column("file", sa.LargeBinary),  # the upload as received
)


pending_uploads = sa.Table(  # uploads checked and previewed, waiting for the user to commit or cancel
    "pending_upload",
    metadata,
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)


accounts = sa.Table(
    "account",
    metadata,
    # Never reused (AUTOINCREMENT on SQLite, a sequence on PostgreSQL): sessions name the id, so a
    # name removed and created again is a new person to them.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sqlite_autoincrement=True,
)

user_sessions = sa.Table(  # one row per sign-in; the cookie holds a token whose hash is kept here
    "user_session",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("account_id", sa.Integer, nullable=False, index=True),  # no foreign key: outlives a removal
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_seen", sa.DateTime, nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("user_agent", sa.Text, nullable=False),
    sa.Column("ended_at", sa.DateTime),
    sa.Column("ended_why", sa.String(32)),
)

sign_in_throttle = sa.Table(  # failed (or under way) sign-ins per address, and per name from an address
    "sign_in_throttle",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_at", sa.DateTime, nullable=False),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("action", sa.String(32), nullable=False, index=True),
    sa.Column("detail", sa.Text, nullable=False),
)


def _record_table(rt: RecordType) -> sa.Table:
    current = sa.text("valid_to IS NULL")
    return sa.Table(
        rt.table,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        *(sa.Column(f.name, _SQL_TYPES[f.kind], nullable=not (f.required or f.default)) for f in rt.fields),
        sa.Column("batch_id", sa.ForeignKey("batch.id"), nullable=False, index=True),  # wrote this version
        sa.Column("origin_batch", sa.ForeignKey("batch.id"), nullable=False),  # upload it came from
        sa.Column("source_row", sa.Integer),  # its Excel row in that upload
        sa.Column("valid_from", sa.DateTime, nullable=False),
        sa.Column("valid_to", sa.DateTime),
        sa.Column("ended_by", sa.ForeignKey("batch.id")),  # the batch that replaced it
        sa.Index(f"ix_{rt.table}_current_key", *rt.key, unique=True, sqlite_where=current, postgresql_where=current),
    )


TABLES: dict[str, sa.Table] = {rt.name: _record_table(rt) for rt in RECORD_TYPES}
VERSION_COLUMNS = ("id", "batch_id", "origin_batch", "source_row", "valid_from", "valid_to", "ended_by")


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


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Store:
    """Access to the records and batches in one database."""

    def __init__(self, url: str | None = None, *, upgrade: bool = True) -> None:
        """``upgrade``: create the schema, or bring it up to date (see :mod:`dashboard.database`)."""
        self.url = database_url(url)
        self.engine: Engine = self._create_engine(self.url)
        if upgrade:
            from .database import upgrade as upgrade_schema

            upgrade_schema(self.engine)

    @staticmethod
    def _create_engine(url: str) -> Engine:
        parsed = sa.make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url)
            sa.event.listen(engine, "connect", _on_sqlite_connect)
            return engine
        return sa.create_engine(url, pool_pre_ping=True)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A transaction that holds the write lock from its start (see :func:`write_lock`):
        imports and rollbacks, from any process, run one after the other."""
        with self.engine.begin() as connection:
            write_lock(connection)
            yield connection

    # --- reading ---------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).select_from(batches)).scalar_one() == 0

    def records(
        self, name: str, *, as_of: dt.datetime | None = None, with_versions: bool = False, traced: bool = False
    ) -> pd.DataFrame:
        """The records of one type as they stand now (or stood at ``as_of``), typed:
        dates as ``datetime64``, whole numbers as ``Int64``, text as ``str`` or missing.

        ``traced`` adds where each came from (``origin_batch``, ``source_row``);
        ``with_versions`` adds every version column."""
        rt, table = record_type(name), TABLES[name]
        columns = [table.c[f.name] for f in rt.fields]
        if with_versions:
            columns += [table.c[c] for c in VERSION_COLUMNS]
        elif traced:
            columns += [table.c.origin_batch, table.c.source_row]
        query = sa.select(*columns).where(_valid_at(table, as_of)).order_by(*(table.c[k] for k in rt.key))
        frame = pd.DataFrame(self._fetch_raw(query), columns=[c.name for c in columns])
        for f in rt.fields:
            if f.kind is Kind.DATE:
                frame[f.name] = pd.to_datetime(frame[f.name], format="ISO8601")
            elif f.kind is Kind.INTEGER:
                frame[f.name] = frame[f.name].astype("Int64")
            elif f.kind is Kind.NUMBER:
                frame[f.name] = frame[f.name].astype(float)
            elif f.kind is Kind.PERIOD:
                frame[f"{f.name}_start"] = periods.starts(frame[f.name])
        for name in ("valid_from", "valid_to"):
            if name in frame.columns:
                frame[name] = pd.to_datetime(frame[name], format="ISO8601")
        return frame

    def _fetch_raw(self, query: sa.Select) -> Sequence[tuple[Any, ...]]:
        """Rows as the driver returns them (dates as ISO text on SQLite): a million rows
        load in a fraction of the time SQLAlchemy's typed rows take."""
        dialect = self.engine.dialect
        compiled = query.compile(dialect=dialect)
        params = {
            name: self.stored_timestamp(value) if isinstance(value, dt.datetime) else value
            for name, value in compiled.construct_params().items()
        }
        order = compiled.positiontup  # the parameters' order, for a driver with positional ones
        args = tuple(params[name] for name in order) if compiled.positional and order is not None else params
        with self.engine.connect() as connection:
            cursor = connection.connection.cursor()
            try:
                cursor.execute(str(compiled), args)
                return cursor.fetchall()
            finally:
                cursor.close()

    def storage_form(self, name: str) -> list[Callable[[Any], Any] | None]:
        """Per field, the function that turns a Python value into what this database stores
        (a date into ISO text on SQLite, say), or None where the value is stored as is."""
        dialect = self.engine.dialect
        return [_SQL_TYPES[f.kind].dialect_impl(dialect).bind_processor(dialect) for f in record_type(name).fields]

    @staticmethod
    def newest_batch(connection: Connection, *, before: int | None = None) -> int:
        """The id of the newest batch (0 when there is none), or of the newest before ``before``.
        Every import and rollback writes a batch, so a change of this number means a change."""
        query = sa.select(sa.func.max(batches.c.id))
        if before is not None:
            query = query.where(batches.c.id < before)
        return connection.execute(query).scalar() or 0

    def current_rows(self, connection: Connection, name: str) -> dict[Any, tuple[int, tuple[Any, ...]]]:
        """Natural key → (version id, field values in storage form) of every current record.
        A one-field key is the bare value, a longer one a tuple.

        Read through the driver, without per-value conversion: this runs on every import.
        """
        rt = record_type(name)
        names = [f.name for f in rt.fields]
        quote = connection.dialect.identifier_preparer.quote
        sql = f"SELECT id, {', '.join(map(quote, names))} FROM {quote(rt.table)} WHERE valid_to IS NULL"
        cursor = connection.connection.cursor()  # the DB-API cursor: plain tuples, no Row objects
        try:
            cursor.execute(sql)
            rows = cursor.fetchall()
        finally:
            cursor.close()
        key_of = rt.key_of
        return {key_of(values): (row[0], values) for row in rows for values in (tuple(row[1:]),)}

    def batches(self) -> list[dict[str, Any]]:
        """Every batch, oldest first, without the stored files."""
        query = sa.select(*(c for c in batches.c if c.name != "file")).order_by(batches.c.id)
        with self.engine.connect() as connection:
            return [dict(row._mapping) | {"counts": json.loads(row.counts)} for row in connection.execute(query)]

    def batch_files(self) -> dict[int, str]:
        """Batch id → the name of the file it imported."""
        with self.engine.connect() as connection:
            return dict(connection.execute(sa.select(batches.c.id, batches.c.file_name)).all())

    def batch_file(self, batch_id: int) -> tuple[str, bytes] | None:
        """The file name and bytes of an upload as it was received."""
        query = sa.select(batches.c.file_name, batches.c.file).where(batches.c.id == batch_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return (row.file_name, row.file) if row and row.file is not None else None

    # --- uploads waiting for commit ---------------------------------------------------------

    def stage_upload(
        self, token: str, *, user: str, file_name: str, data: bytes, keep: dt.timedelta = dt.timedelta(days=1)
    ) -> None:
        """Keep an upload until it is committed or cancelled; forget ones older than ``keep``."""
        now = utcnow()
        with self.transaction() as connection:
            connection.execute(pending_uploads.delete().where(pending_uploads.c.created_at < now - keep))
            connection.execute(
                pending_uploads.insert().values(token=token, created_at=now, user=user, file_name=file_name, data=data)
            )

    def staged_upload(self, token: str) -> tuple[str, str, bytes] | None:
        """(user, file name, bytes) of a staged upload."""
        query = sa.select(pending_uploads.c.user, pending_uploads.c.file_name, pending_uploads.c.data).where(
            pending_uploads.c.token == token
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return tuple(row) if row else None

    def discard_upload(self, token: str) -> None:
        with self.transaction() as connection:
            connection.execute(pending_uploads.delete().where(pending_uploads.c.token == token))

    # --- writing ---------------------------------------------------------------------------

    @staticmethod
    def add_batch(
        connection: Connection,
        *,
        user: str,
        file_name: str,
        sha256: str,
        data: bytes | None,
        at: dt.datetime,
        kind: str = "import",
        rolls_back: int | None = None,
    ) -> int:
        inserted = connection.execute(
            batches.insert().values(
                kind=kind,
                committed_at=at,
                user=user,
                file_name=file_name,
                sha256=sha256,
                counts="{}",
                file=data,
                rolls_back=rolls_back,
            )
        ).inserted_primary_key
        assert inserted is not None  # an insert of one row names its key
        return inserted[0]

    @staticmethod
    def set_batch_counts(connection: Connection, batch_id: int, counts: dict[str, Any]) -> None:
        connection.execute(batches.update().where(batches.c.id == batch_id).values(counts=json.dumps(counts)))

    @staticmethod
    def end_versions(connection: Connection, name: str, ids: Sequence[int], *, batch_id: int, at: dt.datetime) -> None:
        table = TABLES[name]
        for chunk in _chunks(ids, 500):
            connection.execute(table.update().where(table.c.id.in_(chunk)).values(valid_to=at, ended_by=batch_id))

    def add_versions(
        self,
        connection: Connection,
        name: str,
        columns: Sequence[str],
        rows: list[tuple[Any, ...]],
        constants: Mapping[str, Any] | None = None,
    ) -> None:
        """Insert versions given in storage form, straight through the driver (fast for
        100,000 rows: no per-value conversion). ``constants`` (column → value, the same for
        every row: the batch, say) are written as literals of the statement."""
        if not rows:
            return
        quote = connection.dialect.identifier_preparer.quote
        marks = _placeholders(connection.dialect.paramstyle, len(columns))
        table = TABLES[name]
        literals = [
            str(sa.literal(value, table.c[column].type).compile(connection, compile_kwargs={"literal_binds": True}))
            for column, value in (constants or {}).items()
        ]
        names = ", ".join(map(quote, [*columns, *(constants or {})]))
        values = ", ".join([marks, *literals])
        connection.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({values})", rows)

    def stored_timestamp(self, moment: dt.datetime) -> Any:
        """A timestamp in the form this database stores it (for :meth:`add_versions`)."""
        dialect = self.engine.dialect
        process = sa.DateTime().dialect_impl(dialect).bind_processor(dialect)
        return process(moment) if process else moment


def _placeholders(paramstyle: str, count: int) -> str:
    if paramstyle == "qmark":
        return ", ".join("?" * count)
    if paramstyle == "numeric":
        return ", ".join(f":{i}" for i in range(1, count + 1))
    return ", ".join(["%s"] * count)  # format and pyformat (psycopg)


def _valid_at(table: sa.Table, as_of: dt.datetime | None) -> sa.ColumnElement[bool]:
    if as_of is None:
        return table.c.valid_to.is_(None)
    return sa.and_(table.c.valid_from <= as_of, sa.or_(table.c.valid_to.is_(None), table.c.valid_to > as_of))


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
