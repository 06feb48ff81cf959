"""Merge two stored institutions that are one: the duplicate's records now name the survivor.

A merge is one batch (``kind = "merge"``) written in one transaction, and audited: the
survivor gets a new version whose other names (aliases) include the duplicate's names; the
duplicate's version ends; every current record that named the duplicate (an agreement's
partner, a centre's partner, an adoption's institution, an indicator value's partner) gets a
new version naming the survivor. A record that would then repeat one the survivor already
has (the same agreement entered under both names) is ended rather than copied, so it counts
once. Rolled back like an import (:mod:`dashboard.batches.rollback`), it restores exactly
the state before it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from dashboard.batches.matching import institutions_of, with_aliases
from dashboard.batches.rollback import Refused
from dashboard.model import names
from dashboard.model.records import BY_NAME, INSTITUTION_TYPES, RECORD_TYPES
from dashboard.store.engine import StoreError
from dashboard.store.schema import audit, utcnow
from dashboard.store.store import Store


class MergeRefused(Refused):
    """The merge cannot be done."""


@dataclass(frozen=True, slots=True)
class MergeResult:
    batch: int
    record_type: str
    survivor: str
    duplicate: str
    counts: dict[str, dict[str, int]]  # record type → {"updated": n, "withdrawn": n}


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two stored institutions of one type that are likely one."""

    record_type: str
    first: str
    second: str
    score: float
    reasons: tuple[str, ...]
    exact: bool


def likely_duplicates(store: Store) -> list[Duplicate]:
    """Pairs of stored institutions whose names say they are one, most alike first."""
    found: list[Duplicate] = []
    with store.engine.connect() as connection:
        for kind in INSTITUTION_TYPES:
            rows = store.current_rows(connection, kind)
            stored = institutions_of(kind, (v for _, v in rows.values()))
            for first, second, verdict in names.likely_duplicates(stored):
                if rows[second.key][0] < rows[first.key][0]:  # the one stored first is the one to keep
                    first, second = second, first
                found.append(Duplicate(kind, first.key, second.key, verdict.score, verdict.reasons, verdict.exact))
    return sorted(found, key=lambda d: (-d.score, d.record_type, d.first))


def merge(
    store: Store, survivor: str, duplicate: str, *, record_type: str | None = None, user: str = "cli", address: str = ""
) -> MergeResult:
    """Merge institution ``duplicate`` into ``survivor`` or raise :class:`MergeRefused`
    (:class:`~dashboard.store.engine.StoreError` when the database fails)."""
    try:
        return _merge(store, survivor, duplicate, record_type, user, address)
    except sa.exc.SQLAlchemyError as error:
        raise StoreError(str(error)) from error


def _merge(
    store: Store, survivor: str, duplicate: str, record_type: str | None, user: str, address: str
) -> MergeResult:
    if survivor == duplicate:
        raise MergeRefused(
            f"“{survivor}” cannot be merged into itself: name two different institutions.",
            f"“{survivor}”不能与自身合并：请指定两个不同的机构。",
        )
    now = utcnow()
    with store.writing() as connection:
        current = {kind: store.current_rows(connection, kind) for kind in INSTITUTION_TYPES}
        kind = _kind_of(current, survivor, duplicate, record_type)
        kept_id, kept = current[kind][survivor]
        gone_id, gone = current[kind][duplicate]
        fields = [f.name for f in BY_NAME[kind].fields]
        zh_at = fields.index("name_zh")
        spellings = [duplicate, *names.split_aliases(gone[fields.index("aliases")])]
        if gone[zh_at] and not kept[zh_at]:  # the survivor had no Chinese name: it takes the duplicate's
            kept = (*kept[:zh_at], gone[zh_at], *kept[zh_at + 1 :])
        elif gone[zh_at]:
            spellings.append(gone[zh_at])
        after = with_aliases(kind, kept, spellings)

        batch = store.add_batch(
            connection,
            user=user,
            file_name=f"merge of “{duplicate}” into “{survivor}” ({BY_NAME[kind].en.lower()})",
            sha256="",
            data=None,
            at=now,
            kind="merge",
        )
        constants = {"batch_id": batch, "origin_batch": batch, "valid_from": now}
        store.end_versions(connection, kind, [kept_id, gone_id], batch_id=batch, at=now)
        store.add_versions(connection, kind, [*fields, "source_row"], [(*after, None)], constants)
        counts: dict[str, dict[str, int]] = {kind: {"updated": 1, "withdrawn": 1}}
        for rt in RECORD_TYPES:
            columns = [f.name for f in rt.fields if kind in f.institutions]
            if columns:
                moved = _repoint(store, connection, rt.name, columns, duplicate, survivor, batch, now)
                for key, n in moved.items():
                    if n:
                        counts.setdefault(rt.name, {}).setdefault(key, 0)
                        counts[rt.name][key] += n
        store.set_batch_counts(connection, batch, counts)
        connection.execute(
            audit.insert().values(
                at=now,
                user=user,
                address=address,
                action="merge",
                detail=json.dumps(
                    {"batch": batch, "record_type": kind, "survivor": survivor, "duplicate": duplicate},
                    ensure_ascii=False,
                ),
            )
        )
    return MergeResult(batch, kind, survivor, duplicate, counts)


def _kind_of(current: dict[str, dict[Any, Any]], survivor: str, duplicate: str, record_type: str | None) -> str:
    """The institution type holding both, or :class:`MergeRefused` saying what is wrong."""
    kinds = [record_type] if record_type else list(INSTITUTION_TYPES)
    both = [k for k in kinds if survivor in current[k] and duplicate in current[k]]
    if len(both) == 1:
        return both[0]
    if len(both) > 1:
        raise MergeRefused(
            f"Both names are {' and '.join(BY_NAME[k].en_plural.lower() for k in both)}: say which with --type.",
            f"两个名称同时存在于{'和'.join(BY_NAME[k].zh for k in both)}中：请用 --type 指定类型。",
        )
    for name in (survivor, duplicate):
        if not any(name in current[k] for k in kinds):
            raise MergeRefused(
                f"There is no institution named “{name}”: give a stored name exactly "
                "(coopdash duplicates lists likely duplicates).",
                f"没有名为“{name}”的机构：请准确填写已登记的名称（coopdash duplicates 可列出疑似重复）。",
            )
    first = next(BY_NAME[k] for k in kinds if survivor in current[k])
    second = next(BY_NAME[k] for k in kinds if duplicate in current[k])
    raise MergeRefused(
        f"“{survivor}” is a {first.en.lower()} and “{duplicate}” a {second.en.lower()}: "
        "only institutions of one kind can be merged.",
        f"“{survivor}”是{first.zh}，“{duplicate}”是{second.zh}：只能合并同一类型的机构。",
    )


def _repoint(
    store: Store,
    connection: sa.Connection,
    name: str,
    columns: list[str],
    duplicate: str,
    survivor: str,
    batch: int,
    now: Any,
) -> dict[str, int]:
    """The current records of type ``name`` whose ``columns`` name ``duplicate``, made to name
    ``survivor``: a new version each, or, when that repeats a record already there, none."""
    rt = BY_NAME[name]
    fields = [f.name for f in rt.fields]
    positions = [fields.index(c) for c in columns]
    rows = store.current_rows(connection, name)
    moving = {key: item for key, item in rows.items() if any(item[1][p] == duplicate for p in positions)}
    if not moving:
        return {}
    staying = {key for key in rows if key not in moving}
    inserts, ended, withdrawn = [], [], 0
    for version, values in moving.values():
        after = tuple(survivor if i in positions and v == duplicate else v for i, v in enumerate(values))
        ended.append(version)
        key = rt.key_of(after)
        if key in staying:
            withdrawn += 1
            continue
        staying.add(key)
        inserts.append((*after, None))
    store.end_versions(connection, name, ended, batch_id=batch, at=now)
    store.add_versions(
        connection,
        name,
        [*fields, "source_row"],
        inserts,
        {"batch_id": batch, "origin_batch": batch, "valid_from": now},
    )
    return {"updated": len(inserts), "withdrawn": withdrawn}
