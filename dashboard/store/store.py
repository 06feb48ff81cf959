"""The :class:`Store`: the records and batches of one database, read and written.

The tables are :mod:`.schema`'s; the current state is the versions whose ``valid_to`` is
empty, and ``as_of`` reads the state at a past moment. Opening a Store creates or upgrades
the schema (:func:`dashboard.store.database.upgrade`); the database is opened by :mod:`.engine`.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.model.records import Kind, record_type
from dashboard.store.database import upgrade as upgrade_schema
from dashboard.store.engine import create_engine, database_url, write_lock
from dashboard.store.schema import SQL_TYPES, TABLES, VERSION_COLUMNS, batches, pending_uploads, utcnow

if TYPE_CHECKING:
    import pandas as pd


class Store:
    """Access to the records and batches in one database."""

    def __init__(self, url: str | None = None, *, upgrade: bool = True) -> None:
        """``upgrade``: create the schema, or bring it up to date (see :mod:`dashboard.store.database`)."""
        self.url = database_url(url)
        self.engine: Engine = create_engine(self.url)
        self._asking = threading.local()  # per thread: the connection that asks for the newest batch
        if upgrade:
            upgrade_schema(self.engine)

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
        """No batch yet: nothing was ever imported."""
        return self.data_version()[0] == 0

    def records(
        self, name: str, *, as_of: dt.datetime | None = None, with_versions: bool = False, traced: bool = False
    ) -> pd.DataFrame:
        """The records of one type as they stand now (or stood at ``as_of``), typed:
        dates as ``datetime64``, whole numbers as ``Int64``, text as ``str`` or missing.

        ``traced`` adds where each came from (``origin_batch``, ``source_row``);
        ``with_versions`` adds every version column."""
        import pandas as pd  # here: the commands that read no records (accounts, batches) start without it

        from dashboard.model import periods

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
        return [SQL_TYPES[f.kind].dialect_impl(dialect).bind_processor(dialect) for f in record_type(name).fields]

    @staticmethod
    def newest_batch(connection: Connection, *, before: int | None = None) -> int:
        """The id of the newest batch (0 when there is none), or of the newest before ``before``,
        read in ``connection``'s transaction. Every import and rollback writes a batch, so a
        change of this number means a change."""
        return _newest_batch(connection, before)[0]

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

    def data_version(self) -> tuple[int, dt.datetime | None]:
        """The newest batch: its id (any import or rollback changes it) and when it was committed
        ((0, None) before the first).

        Every request of every page asks it. On a database server each thread keeps a connection
        for this question alone, in autocommit (no transaction left open, no lock held): one round
        trip, where a connection from the pool costs three (its ping, the query, its rollback). A
        connection that fails is dropped and the pool's (pinged) one answers instead."""
        if self.engine.dialect.name == "sqlite":  # in-process: nothing to save
            with self.engine.connect() as connection:
                return _newest_batch(connection)
        held: Connection | None = getattr(self._asking, "connection", None)
        try:
            if held is None:
                held = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                self._asking.connection = held
            return _newest_batch(held)
        except sa.exc.SQLAlchemyError:  # the server restarted, a restore replaced the tables…
            self._asking.connection = None
            if held is not None:
                held.invalidate()
            with self.engine.connect() as connection:
                return _newest_batch(connection)

    def batches(self) -> list[dict[str, Any]]:
        """Every batch, oldest first, without the stored files."""
        query = sa.select(*(c for c in batches.c if c.name != "file")).order_by(batches.c.id)
        with self.engine.connect() as connection:
            return [
                dict(row._mapping)
                | {"counts": json.loads(row.counts), "mapping": json.loads(row.mapping) if row.mapping else None}
                for row in connection.execute(query)
            ]

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
        self,
        token: str,
        *,
        user: str,
        file_name: str,
        data: bytes,
        keep: dt.timedelta = dt.timedelta(days=1),
        mapping: str | None = None,
    ) -> None:
        """Keep an upload until it is committed or cancelled; forget ones older than ``keep``."""
        now = utcnow()
        with self.transaction() as connection:
            connection.execute(pending_uploads.delete().where(pending_uploads.c.created_at < now - keep))
            connection.execute(
                pending_uploads.insert().values(
                    token=token, created_at=now, user=user, file_name=file_name, data=data, mapping=mapping
                )
            )

    def staged_upload(self, token: str) -> tuple[str, str, bytes] | None:
        """(user, file name, bytes) of a staged upload."""
        query = sa.select(pending_uploads.c.user, pending_uploads.c.file_name, pending_uploads.c.data).where(
            pending_uploads.c.token == token
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return tuple(row) if row else None

    def staged_mapping(self, token: str) -> str | None:
        """The mapping (JSON) confirmed for a staged upload, if any."""
        query = sa.select(pending_uploads.c.mapping).where(pending_uploads.c.token == token)
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def set_staged_mapping(self, token: str, *, user: str, mapping: str | None) -> bool:
        """Keep the mapping ``user`` confirmed for their staged upload; False when there is none of theirs."""
        where = sa.and_(pending_uploads.c.token == token, pending_uploads.c.user == user)
        with self.transaction() as connection:
            return bool(connection.execute(pending_uploads.update().where(where).values(mapping=mapping)).rowcount)

    def discard_upload(self, token: str, *, user: str) -> bool:
        """Forget ``user``'s staged upload ``token``; False when there is none of theirs."""
        where = sa.and_(pending_uploads.c.token == token, pending_uploads.c.user == user)
        with self.transaction() as connection:
            return bool(connection.execute(pending_uploads.delete().where(where)).rowcount)

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
        mapping: str | None = None,
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
                mapping=mapping,
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
        every row: the batch, say) are written as literals of the statement. On PostgreSQL the
        rows go in by ``COPY``, in the connection's transaction like any insert."""
        if not rows:
            return
        quote = connection.dialect.identifier_preparer.quote
        if connection.dialect.name == "postgresql":
            names = ", ".join(map(quote, [*columns, *(constants or {})]))
            same = tuple((constants or {}).values())
            cursor = connection.connection.cursor()
            try:
                with cursor.copy(f"COPY {quote(TABLES[name].name)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row((*row, *same))
            finally:
                cursor.close()
            return
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


def _newest_batch(connection: Connection, before: int | None = None) -> tuple[int, dt.datetime | None]:
    """The one query for the newest batch (before ``before``): its id and commit time, (0, None) for none."""
    if before is None:  # every request asks: its SQL written once per engine (:func:`_newest_sql`)
        sql, read_time = _newest_sql(connection.dialect)
        found = connection.exec_driver_sql(sql).first()
        return (int(found[0]), read_time(found[1])) if found else (0, None)
    row = connection.execute(_NEWEST.where(batches.c.id < before)).first()
    return (row.id, row.committed_at) if row else (0, None)


_NEWEST = sa.select(batches.c.id, batches.c.committed_at).order_by(batches.c.id.desc()).limit(1)


def _newest_sql(dialect: sa.Dialect) -> tuple[str, Callable[[Any], Any]]:
    """:data:`_NEWEST` written for ``dialect`` (its limit written in), and how its commit time is
    read as the column's type reads it: once per engine."""
    found = _NEWEST_SQL.get(dialect)
    if found is None:
        sql = str(_NEWEST.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        read = batches.c.committed_at.type.dialect_impl(dialect).result_processor(dialect, None)
        found = _NEWEST_SQL[dialect] = (sql, read or (lambda value: value))
    return found


_NEWEST_SQL: weakref.WeakKeyDictionary[sa.Dialect, tuple[str, Callable[[Any], Any]]] = weakref.WeakKeyDictionary()


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
