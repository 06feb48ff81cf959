"""Import a workbook: read, validate, compare with the database, then commit all or nothing.

:func:`import_file` is the one path every upload takes, from the command line or the app.
It writes only when the whole file is valid, and then in a single transaction that
records a batch: who, when, which file (with its SHA-256 and the bytes themselves) and
what changed. Records are matched on their natural keys, so importing the same file twice
changes nothing the second time.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.engine import Connection

from .problems import HasProblems, Problem
from .reader import UnreadableFile, read
from .records import BY_NAME, RECORD_TYPES, Kind, RecordType
from .store import Store, utcnow
from .validate import ROW, SHEET, Table, Validation, validate

Status = Literal["committed", "valid", "rejected"]


@dataclass(slots=True)
class Change:
    """One record that the import would change: its key and the fields before and after."""

    record_type: str
    key: tuple[Any, ...]
    row: int
    before: dict[str, Any]
    after: dict[str, Any]


@dataclass(slots=True)
class Counts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged, "rejected": self.rejected}


@dataclass(slots=True)
class Plan:
    """What committing would write, per record type."""

    inserts: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)  # field values…, source row
    replaced: dict[str, list[int]] = field(default_factory=dict)  # version ids a new version ends
    counts: dict[str, Counts] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult(HasProblems):
    status: Status
    file_name: str
    batch: int | None = None
    counts: dict[str, Counts] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "status": self.status,
            "batch": self.batch,
            "file": self.file_name,
            "counts": {name: c.as_dict() for name, c in self.counts.items()},
            "errors": [p.as_dict(lang) for p in self.errors],
            "warnings": [p.as_dict(lang) for p in self.warnings],
        }


def import_path(store: Store, path: str | Path, **options: Any) -> ImportResult:
    path = Path(path)
    return import_file(store, path.read_bytes(), path.name, **options)


def import_file(store: Store, data: bytes, file_name: str, *, user: str = "cli", dry_run: bool = False) -> ImportResult:
    """Validate ``data`` and, unless ``dry_run`` or any error was found, commit it as a batch.

    A file that changes nothing is "committed" with no batch (``batch`` is None).
    """
    file_name = Path(file_name).name
    try:
        sheets = read(data, file_name)
    except UnreadableFile as error:
        problem = Problem("unreadable", params={"reason": error.reason, "reason_zh": error.reason_zh})
        return ImportResult("rejected", file_name, problems=[problem])
    validation = validate(sheets)

    if dry_run or validation.errors:
        with store.engine.connect() as connection:
            plan = _plan(connection, store, validation)
        status: Status = "rejected" if validation.errors else "valid"
        return _result(status, file_name, None, plan, validation)

    now = utcnow()
    try:
        with store.transaction() as connection:
            # The batch is written first: that takes the write lock before the current state is read.
            batch_id = store.add_batch(
                connection, user=user, file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), data=data, at=now
            )
            plan = _plan(connection, store, validation)
            if validation.errors:  # references to records that exist neither here nor in the file
                raise _WriteNothing(plan, "rejected")
            if not any(plan.inserts.values()):  # nothing new: leave no empty batch behind
                raise _WriteNothing(plan, "committed")
            for name, ids in plan.replaced.items():
                store.end_versions(connection, name, ids, batch_id=batch_id, at=now)
            stamp = store.stored_timestamp(now)
            for name, rows in plan.inserts.items():
                columns = [f.name for f in BY_NAME[name].fields] + [
                    "source_row",
                    "batch_id",
                    "origin_batch",
                    "valid_from",
                ]
                store.add_versions(connection, name, columns, [(*row, batch_id, batch_id, stamp) for row in rows])
            _pause_for_crash_test()
            store.set_batch_counts(connection, batch_id, {n: c.as_dict() for n, c in plan.counts.items()})
    except _WriteNothing as abandoned:
        return _result(abandoned.status, file_name, None, abandoned.plan, validation)
    return _result("committed", file_name, batch_id, plan, validation)


PAUSE_IN_COMMIT = "COOPDASH_TEST_PAUSE_IN_COMMIT"  # test hook: see _pause_for_crash_test


def _pause_for_crash_test() -> None:
    """For the crash tests only: with ``COOPDASH_TEST_PAUSE_IN_COMMIT=PATH`` set, create PATH
    and wait with the write transaction open, every record written but not committed, so a
    test can kill the process at the worst moment. Does nothing when the variable is unset."""
    marker = os.environ.get(PAUSE_IN_COMMIT)
    if marker:
        Path(marker).touch()
        time.sleep(120)


class _WriteNothing(Exception):
    """Leaves the transaction without writing anything."""

    def __init__(self, plan: Plan, status: Status) -> None:
        self.plan = plan
        self.status = status


def _result(status: Status, file_name: str, batch: int | None, plan: Plan, validation: Validation) -> ImportResult:
    return ImportResult(status, file_name, batch, plan.counts, validation.problems, plan.changes)


def _plan(connection: Connection, store: Store, validation: Validation) -> Plan:
    """Compare every valid record with the database; reference errors join ``validation``."""
    plan = Plan()
    current = {
        rt.name: store.current_rows(connection, rt.name)
        for rt in RECORD_TYPES
        if rt.name in validation.tables or _is_referenced(rt, validation.tables)
    }
    for rt in RECORD_TYPES:
        table = validation.tables.get(rt.name)
        if table is None:
            continue
        _check_references(table, current, validation)
        plan.counts[rt.name] = Counts(rejected=validation.rejected_rows(rt.name))
        _compare(rt, table, current[rt.name], store, plan)
    for name in BY_NAME:
        rejected = validation.rejected_rows(name)
        if rejected and name not in plan.counts:
            plan.counts[name] = Counts(rejected=rejected)
    return plan


def _is_referenced(rt: RecordType, tables: dict[str, Table]) -> bool:
    return any(f.references == rt.name for name in tables for f in BY_NAME[name].fields)


def _check_references(table: Table, current: dict[str, dict[tuple[Any, ...], Any]], validation: Validation) -> None:
    rt = table.record_type
    bad_rows: set[int] = set()
    for f in rt.fields:
        if f.kind is not Kind.REFERENCE or f.references is None:
            continue
        target = BY_NAME[f.references]
        known = set(current.get(target.name, {}))
        if target.name in validation.tables:
            known.update(validation.tables[target.name].frame[target.key[0]])
        values = table.frame[f.name]
        for index in values.index[values.notna() & ~values.isin(known)]:
            value, row, sheet = values.at[index], int(table.frame.at[index, ROW]), table.frame.at[index, SHEET]
            validation.problems.append(
                Problem(
                    "unknown_reference",
                    sheet=sheet,
                    row=row,
                    column=f.en,
                    value=value,
                    col=table.column(sheet, f.name),
                    params={
                        "record": rt.name,
                        "column_zh": f.zh,
                        "target": target.en.lower(),
                        "target_zh": target.zh,
                        "target_sheet": target.en_plural,
                        "target_sheet_zh": target.zh,
                    },
                )
            )
            bad_rows.add(index)
    if bad_rows:
        table.frame = table.frame.drop(index=list(bad_rows)).reset_index(drop=True)


def _compare(
    rt: RecordType, table: Table, current: dict[Any, tuple[int, tuple[Any, ...]]], store: Store, plan: Plan
) -> None:
    """Sort the file's records into new, updated and unchanged, comparing them with the
    current versions in the form the database stores them."""
    names = [f.name for f in rt.fields]
    key_of = rt.key_of
    columns = [
        _stored(table.frame[f.name].tolist(), process) for f, process in zip(rt.fields, store.storage_form(rt.name))
    ]
    counts = plan.counts[rt.name]
    inserts: list[tuple[Any, ...]] = []
    replaced: list[int] = []
    for record, row in zip(zip(*columns), table.frame[ROW].tolist()):
        existing = current.get(key_of(record))
        if existing is None:
            counts.new += 1
        elif existing[1] == record:
            counts.unchanged += 1
            continue
        else:
            counts.updated += 1
            replaced.append(existing[0])
            before, after = existing[1], record
            changed = [i for i, (old, new) in enumerate(zip(before, after)) if old != new]
            plan.changes.append(
                Change(
                    rt.name,
                    _as_tuple(key_of(record)),
                    row,
                    {names[i]: before[i] for i in changed},
                    {names[i]: after[i] for i in changed},
                )
            )
        inserts.append((*record, row))
    inserts.sort(key=key_of)  # in key order: cheaper for the unique index
    plan.inserts[rt.name] = inserts
    plan.replaced[rt.name] = replaced


def _as_tuple(key: Any) -> tuple[Any, ...]:
    return key if isinstance(key, tuple) else (key,)


def _stored(values: list[Any], process: Any) -> list[Any]:
    """``values`` in storage form, converting each distinct value once."""
    if process is None:
        return values
    table = {value: None if value is None else process(value) for value in set(values)}
    return [table[value] for value in values]
