"""Undo a batch: every record it touched goes back to exactly its state before the batch.

A rollback is itself a batch (``kind = "rollback"``), written in one transaction. It ends
the versions the batch wrote and writes copies of the versions the batch had replaced, so
the history stays complete: ``Store.records(as_of=...)`` still shows what the database
held at any moment, rolled-back batches included. A batch whose records a later batch has
changed again cannot be rolled back until that later batch is.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from dashboard.batches import hooks
from dashboard.model.records import RECORD_TYPES
from dashboard.store.engine import StoreError
from dashboard.store.schema import TABLES, batches, utcnow
from dashboard.store.store import Store


class Refused(Exception):
    """A change to the records that cannot be done; the message says why and what to do instead,
    in English (``str``) and Chinese (``message_zh``)."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


class RollbackRefused(Refused):
    """The rollback cannot be done."""


@dataclass(frozen=True, slots=True)
class RollbackResult:
    batch: int  # the batch rolled back
    rollback_batch: int  # the batch that records the rollback
    counts: dict[str, dict[str, int]]  # record type → {"withdrawn": n, "restored": n}


def rollback(store: Store, batch_id: int, *, user: str = "cli") -> RollbackResult:
    """Roll back ``batch_id`` or raise :class:`RollbackRefused` (or
    :class:`~dashboard.store.engine.StoreError` when the database fails)."""
    try:
        return _rollback(store, batch_id, user=user)
    except sa.exc.SQLAlchemyError as error:
        raise StoreError(str(error)) from error


def _rollback(store: Store, batch_id: int, *, user: str) -> RollbackResult:
    now = utcnow()
    with store.writing() as connection:  # no other rollback or import changes what the checks read
        batch = connection.execute(sa.select(batches).where(batches.c.id == batch_id)).first()
        if batch is None:
            raise RollbackRefused(f"There is no batch {batch_id}.", f"不存在批次 {batch_id}。")
        if batch.kind not in ("import", "merge"):
            raise RollbackRefused(
                f"Batch {batch_id} is itself a rollback; import the file again instead.",
                f"批次 {batch_id} 本身是一次撤销；如需恢复，请重新导入文件。",
            )
        if batch.rolled_back_by is not None:
            raise RollbackRefused(
                f"Batch {batch_id} was already rolled back by batch {batch.rolled_back_by}.",
                f"批次 {batch_id} 已由批次 {batch.rolled_back_by} 撤销。",
            )
        _refuse_if_changed_later(connection, batch_id)

        rollback_id = store.add_batch(
            connection,
            user=user,
            file_name=f"rollback of batch {batch_id}",
            sha256="",
            data=None,
            at=now,
            kind="rollback",
            rolls_back=batch_id,
        )
        counts = {}
        for rt in RECORD_TYPES:
            table = TABLES[rt.name]
            withdrawn = connection.execute(
                table.update()
                .where(table.c.valid_to.is_(None), table.c.origin_batch == batch_id)
                .values(valid_to=now, ended_by=rollback_id)
            ).rowcount
            copied = [table.c[f.name] for f in rt.fields] + [table.c.origin_batch, table.c.source_row]
            restored = connection.execute(
                table.insert().from_select(
                    [c.name for c in copied] + ["batch_id", "valid_from"],
                    sa.select(*copied, sa.literal(rollback_id), sa.literal(now, sa.DateTime)).where(
                        table.c.ended_by == batch_id
                    ),
                ),
                execution_options={"preserve_rowcount": True},  # an INSERT's count is otherwise -1 on psycopg
            ).rowcount
            if withdrawn or restored:
                counts[rt.name] = {"withdrawn": withdrawn, "restored": restored}
        store.set_batch_counts(connection, rollback_id, counts)
        connection.execute(batches.update().where(batches.c.id == batch_id).values(rolled_back_by=rollback_id))
    hooks.committed(store)
    return RollbackResult(batch_id, rollback_id, counts)


def _refuse_if_changed_later(connection: sa.Connection, batch_id: int) -> None:
    """Refuse when a record the batch wrote now holds another batch's version."""
    later: set[int] = set()
    for rt in RECORD_TYPES:
        table = TABLES[rt.name]
        mine, now = table.alias("mine"), table.alias("now")
        same_key = sa.and_(*(mine.c[k] == now.c[k] for k in rt.key))
        query = (
            sa.select(now.c.origin_batch)
            .distinct()
            .join_from(mine, now, same_key)
            .where(mine.c.batch_id == batch_id, now.c.valid_to.is_(None), now.c.origin_batch != batch_id)
        )
        later.update(connection.execute(query).scalars())
    if later:
        names = ", ".join(str(b) for b in sorted(later))
        raise RollbackRefused(
            f"Batch {batch_id} cannot be rolled back: batch {names} changed its records later. "
            f"Roll back batch {names} first.",
            f"无法撤销批次 {batch_id}：其记录后来被批次 {names} 修改。请先撤销批次 {names}。",
        )
