"""Import a workbook: read, validate, compare with the database, then commit all or nothing.

:func:`import_file` is the one path every upload takes, from the command line or the app.
It writes only when the whole file is valid, and then in a single transaction that
records a batch: who, when, which file (with its SHA-256 and the bytes themselves) and
what changed. Records are matched on their natural keys, so importing the same file twice
changes nothing the second time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.engine import Connection

from dashboard.batches import hooks
from dashboard.batches.matching import RECONCILED, Accept, Match, Reconciled, reconcile, with_aliases
from dashboard.config import settings
from dashboard.ingest import crosschecks
from dashboard.ingest import mapping as mappings
from dashboard.ingest.problems import HasProblems, Problem
from dashboard.ingest.readers import read
from dashboard.ingest.readers.base import RawSheet, UnreadableFile
from dashboard.ingest.validate import (
    MAX_PROBLEMS,
    ROW,
    SHEET,
    Table,
    Validation,
    near_template,
    too_many_problems,
    validate,
)
from dashboard.model.records import BY_NAME, RECORD_TYPES, Kind, RecordType, match_sheet
from dashboard.model.texts import t
from dashboard.store import profiles
from dashboard.store.schema import utcnow
from dashboard.store.store import Store

log = logging.getLogger(__name__)
UNEXPECTED = (
    "reading it failed in a way this version does not know (the details are in the server's log); "
    "save it again as .xlsx, and send it to the administrator if that does not help",
    "读取时发生了本版本未能识别的错误（详情见服务器日志）；请另存为 .xlsx 后重试，如仍不行请发给管理员",
)  # the reason given for a fault of the reader's

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
    matches: list[Match] = field(default_factory=list)
    added: list[Change] = field(default_factory=list)  # the first `listed` new records of each type
    listed: int | None = None  # how many new records of each type to list (None: every one)


ADDED_SHOWN = 50  # new records listed per record type in a preview; the counts say how many in all
Layout = Literal["template", "mapped", "profile", "own"]


@dataclass(slots=True)
class Reading:
    """How an upload's sheets are read: as the template (no mapping), with a mapping given or a
    profile's, or not at all (``own``: a layout of the office's own that no profile knows yet,
    with the proposed mapping)."""

    layout: Layout = "template"
    mapping: mappings.Mapping | None = None
    applied: mappings.Applied | None = None
    profile: profiles.Profile | None = None
    proposal: mappings.Mapping | None = None


@dataclass(slots=True)
class ImportResult(HasProblems):
    status: Status
    file_name: str
    batch: int | None = None
    counts: dict[str, Counts] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    added: list[Change] = field(default_factory=list)  # the first new records of each type (see Plan.added)
    reading: Reading = field(default_factory=Reading)
    profile: int | None = None  # the profile the mapping was read from, or saved as

    @property
    def changes_anything(self) -> bool:
        """Whether committing would write a record: a valid file that only repeats what is stored does not."""
        return any(c.new or c.updated for c in self.counts.values())

    @property
    def committable(self) -> bool:
        """Whether a preview may be committed: valid, and writing at least one record."""
        return self.status == "valid" and self.changes_anything

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        found: dict[str, Any] = {
            "status": self.status,
            "batch": self.batch,
            "file": self.file_name,
            "layout": self.reading.layout,
            "counts": {name: c.as_dict() for name, c in self.counts.items()},
            "errors": [p.as_dict(lang) for p in self.errors],
            "warnings": [p.as_dict(lang) for p in self.warnings],
            "matches": [m.as_dict(lang) for m in self.matches],
            "added": [{"record_type": a.record_type, "row": a.row, "values": a.after} for a in self.added],
        }
        if self.reading.mapping is not None:
            found["mapping"] = self.reading.mapping.as_json()
            found["profile"] = self.profile
        if self.reading.proposal is not None:
            found["proposal"] = self.reading.proposal.as_json()
        return found


def import_path(store: Store, path: str | Path, **options: Any) -> ImportResult:
    path = Path(path)
    return import_file(store, path.read_bytes(), path.name, **options)


def import_file(
    store: Store,
    data: bytes,
    file_name: str,
    *,
    user: str = "cli",
    dry_run: bool = False,
    accept_matches: Accept = False,
    mapping: mappings.Mapping | None = None,
    address: str = "cli",
    listed: int | None = ADDED_SHOWN,
) -> ImportResult:
    """Validate ``data`` and, unless ``dry_run`` or any error was found, commit it as a batch.

    A file that changes nothing is "committed" with no batch (``batch`` is None). A workbook in an
    office's own layout is read with ``mapping``, else with the profile saved for its layout; a
    committed import with a mapping saves it as that layout's profile (``address``: where the
    person importing is, for the audit). A mapping that does not fit the workbook raises
    :class:`~dashboard.ingest.mapping.MappingError` before any record is read.
    ``accept_matches``: which names proposed as known institutions to take for them
    (:mod:`dashboard.batches.matching`); the others are imported as written.
    """
    file_name = Path(file_name).name
    prefetch = _Prefetch(store)
    try:
        sheets = read(data, file_name, on_parse=prefetch.start)
        reading = _reading(store, sheets, mapping)
        applied = reading.applied
        if reading.layout == "own":  # nothing to read until its columns are mapped
            validation = validate(sheets) if near_template(sheets) else Validation()  # say what the template lacks
            validation.problems.append(Problem("own_layout"))
        elif applied:
            validation = validate(applied.sheets, types=applied.types)
            applied.restore_validation(validation)
        else:
            validation = validate(sheets)
    except mappings.MappingError:
        prefetch.join()
        raise
    except UnreadableFile as error:
        prefetch.join()  # leave no reader behind
        problem = Problem("unreadable", params={"reason": error.reason, "reason_zh": error.reason_zh})
        return ImportResult("rejected", file_name, problems=[problem])
    except (
        Exception
    ):  # a fault of the reader's or validator's: the staff member still gets an answer, the log the details
        prefetch.join()
        log.exception("reading the upload %r failed", file_name)
        problem = Problem("unreadable", params={"reason": UNEXPECTED[0], "reason_zh": UNEXPECTED[1]})
        return ImportResult("rejected", file_name, problems=[problem])

    if dry_run or validation.errors:
        with store.engine.connect() as connection:
            read_before = prefetch.take(store.newest_batch(connection))
            plan = _plan(connection, store, validation, read_before, accept_matches, listed)
        status: Status = "rejected" if validation.errors else "valid"
        return _result(status, file_name, None, plan, validation, reading)

    now = utcnow()
    profile_id = reading.profile.id if reading.profile else None
    try:
        with store.writing() as connection:  # one writer at a time: the state read here stays current
            profile_id = _remember(connection, reading, sheets, file_name, user, address) or profile_id
            batch_id = store.add_batch(
                connection,
                user=user,
                file_name=file_name,
                sha256=hashlib.sha256(data).hexdigest(),
                data=data,
                at=now,
                mapping=_mapping_record(reading, profile_id),
            )
            read_before = prefetch.take(store.newest_batch(connection, before=batch_id))
            plan = _plan(connection, store, validation, read_before, accept_matches, listed)
            if validation.errors:  # references to records that exist neither here nor in the file
                raise _WriteNothing(plan, "rejected")
            if not any(plan.inserts.values()):  # nothing new: leave no empty batch behind
                raise _WriteNothing(plan, "committed")
            for name, ids in plan.replaced.items():
                store.end_versions(connection, name, ids, batch_id=batch_id, at=now)
            for name, rows in plan.inserts.items():
                columns = [f.name for f in BY_NAME[name].fields] + ["source_row"]
                constants = {"batch_id": batch_id, "origin_batch": batch_id, "valid_from": now}
                store.add_versions(connection, name, columns, rows, constants)
            _pause_for_crash_test()
            store.set_batch_counts(connection, batch_id, {n: c.as_dict() for n, c in plan.counts.items()})
    except _WriteNothing as abandoned:  # the profile saved above went with the rest
        profile_id = reading.profile.id if reading.profile else None
        if abandoned.status == "committed":  # nothing new, but the mapping read it: remember it all the same
            with store.transaction() as connection:
                profile_id = _remember(connection, reading, sheets, file_name, user, address) or profile_id
        return _result(abandoned.status, file_name, None, abandoned.plan, validation, reading, profile_id)
    hooks.committed(store)
    return _result("committed", file_name, batch_id, plan, validation, reading, profile_id)


def _reading(store: Store, sheets: list[RawSheet], mapping: mappings.Mapping | None) -> Reading:
    """How to read ``sheets``: with ``mapping``; as the template; with the profile of their layout; or not yet."""
    if mapping is not None:
        return Reading("mapped", mapping, mappings.apply(mapping, sheets))
    if not mappings.needs_mapping(sheets):
        return Reading()
    profile = profiles.find(store, mappings.fingerprints(sheets))
    if profile is not None:
        try:
            remembered = mappings.from_json(profile.mapping)
            return Reading("profile", remembered, mappings.apply(remembered, sheets), profile)
        except mappings.MappingError:  # a profile the record model has outgrown: propose afresh
            log.warning("mapping profile %s no longer fits the record model", profile.id)
    return Reading("own", proposal=mappings.propose(sheets))


def _mapping_record(reading: Reading, profile: int | None) -> str | None:
    """What the batch records of the mapping it was read with, and of the profile that holds it."""
    if reading.mapping is None:
        return None
    return json.dumps({"profile": profile, **reading.mapping.as_json()}, ensure_ascii=False, default=str)


def _remember(
    connection: Connection, reading: Reading, sheets: list[RawSheet], file_name: str, user: str, address: str
) -> int | None:
    """Save the mapping of a committed import as the profile of its layout; its id."""
    if reading.mapping is None:
        return None
    fingerprint, parts = mappings.layout(reading.mapping, sheets)
    profile_id, _ = profiles.save(
        connection,
        fingerprint=fingerprint,
        sheets=parts,
        name=mappings.describe(reading.mapping),
        mapping=_portable(reading.mapping),
        user=user,
        address=address,
        file_name=file_name,
    )
    return profile_id


def _portable(mapping: mappings.Mapping) -> dict[str, Any]:
    """The mapping as a profile keeps it: columns, header rows and values, without this file's samples."""
    data = mapping.as_json()
    for sheet in data["sheets"]:
        sheet.pop("questions", None)
        for column in sheet["columns"]:
            column.pop("samples", None)
            column.pop("alternatives", None)
    return data


Current = dict[str, dict[Any, tuple[int, tuple[Any, ...]]]]


class _Prefetch:
    """Reads the current records an upload will be compared with, in a thread, while the
    upload is parsed (calamine parses without holding the GIL, so the two overlap).

    The records are used only if no batch was committed after they were read: :meth:`take`
    is called under the write lock and compares the newest batch id then with the one seen
    before and after the read.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.records: Current = {}
        self.version: int | None = None
        self._thread: threading.Thread | None = None

    def start(self, sheet_names: list[str]) -> None:
        """Start reading for the record types these sheets hold (see :func:`dashboard.ingest.readers.read`)."""
        types = {rt.name for name in sheet_names if (rt := match_sheet(name))}
        if types:
            self._thread = threading.Thread(target=self._read, args=(self.store, compared_types(types)), daemon=True)
            self._thread.start()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _read(self, store: Store, names: list[str]) -> None:
        try:
            with store.engine.connect() as connection:
                before = store.newest_batch(connection)
                records = {name: store.current_rows(connection, name) for name in names}
                if store.newest_batch(connection) == before:
                    self.records, self.version = records, before
        except Exception:  # only a head start: the import reads for itself when this fails
            self.records, self.version = {}, None

    def take(self, newest: int | None) -> Current:
        """The records read, if the database's newest batch is still ``newest``."""
        self.join()
        return self.records if self.version is not None and self.version == newest else {}


def _pause_for_crash_test() -> None:
    """For the crash tests only: with ``COOPDASH_TEST_PAUSE_IN_COMMIT=PATH`` set, write this
    process's id to PATH and wait with the write transaction open, every record written but
    not committed, so a test can kill the process (a server's worker) at the worst moment.
    Does nothing when the variable is unset."""
    marker = settings().test_pause_in_commit
    if marker:
        draft = Path(f"{marker}.draft")
        draft.write_text(str(os.getpid()))
        draft.replace(marker)  # whole when it appears
        time.sleep(120)


class _WriteNothing(Exception):
    """Leaves the transaction without writing anything."""

    def __init__(self, plan: Plan, status: Status) -> None:
        self.plan = plan
        self.status = status


def _result(
    status: Status,
    file_name: str,
    batch: int | None,
    plan: Plan,
    validation: Validation,
    reading: Reading,
    profile: int | None = None,
) -> ImportResult:
    problems = reading.applied.restore(validation.problems) if reading.applied else validation.problems
    profile = profile if profile is not None else (reading.profile.id if reading.profile else None)
    return ImportResult(
        status,
        file_name,
        batch,
        plan.counts,
        problems,
        plan.changes,
        plan.matches,
        plan.added,
        reading=reading,
        profile=profile,
    )


def compared_types(names: set[str]) -> list[str]:
    """The record types whose current records an upload holding ``names`` is compared with:
    its own, those they reference, and those the cross-record checks read."""
    wanted = set(names)
    for name in names:
        wanted.update(f.references for f in BY_NAME[name].fields if f.references)
        wanted.update(kind for f in BY_NAME[name].fields for kind in f.institutions)
        wanted.update(crosschecks.NEEDS.get(name, ()))
    return [rt.name for rt in RECORD_TYPES if rt.name in wanted]


def _plan(
    connection: Connection,
    store: Store,
    validation: Validation,
    read_before: Current | None = None,
    accept_matches: Accept = False,
    listed: int | None = ADDED_SHOWN,
) -> Plan:
    """Compare every valid record with the database; reference errors join ``validation``.
    ``read_before`` holds current records already read (see :class:`_Prefetch`); ``listed``: how
    many new records of each type the plan lists (None: every one)."""
    plan = Plan(listed=listed)
    read_before = read_before or {}
    current = {
        name: read_before[name] if name in read_before else store.current_rows(connection, name)
        for name in compared_types(set(validation.tables))
    }
    names = reconcile(validation, current, accept_matches)
    plan.matches = names.matches
    for rt in RECORD_TYPES:
        table = validation.tables.get(rt.name)
        if table is None:
            continue
        _check_references(table, current, validation, names)
        crosschecks.check(table, current, validation)
        plan.counts[rt.name] = Counts(rejected=validation.rejected_rows(rt.name))
        _compare(rt, table, current[rt.name], store, plan)
    _add_aliases(names, current, plan)
    for name in BY_NAME:
        rejected = validation.rejected_rows(name)
        if rejected and name not in plan.counts:
            plan.counts[name] = Counts(rejected=rejected)
    return plan


def _add_aliases(names: Reconciled, current: Current, plan: Plan) -> None:
    """Accepted spellings of institutions the upload holds no row of: a new version of each,
    its aliases grown (the rows the upload holds already took theirs)."""
    for (kind, key), spellings in names.aliases.items():
        version, values = current[kind][key]
        after = with_aliases(kind, values, spellings)
        if after == values:
            continue
        counts = plan.counts.setdefault(kind, Counts())
        counts.updated += 1
        plan.inserts.setdefault(kind, []).append((*after, names.alias_rows[(kind, key)]))
        plan.replaced.setdefault(kind, []).append(version)
        at = [f.name for f in BY_NAME[kind].fields].index("aliases")
        plan.changes.append(
            Change(kind, (key,), names.alias_rows[(kind, key)], {"aliases": values[at]}, {"aliases": after[at]})
        )


def _check_references(
    table: Table, current: dict[str, dict[tuple[Any, ...], Any]], validation: Validation, names: Reconciled
) -> None:
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
        unknown = values.index[values.notna() & ~values.isin(known)]
        bad_rows.update(unknown)
        if len(unknown) > MAX_PROBLEMS:  # list the first ones, then say there are more
            validation.problems.append(too_many_problems(table.sheet))
        for index in unknown[:MAX_PROBLEMS]:
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
                        **_did_you_mean(names.suggest(f.institutions, value) if f.institutions else []),
                        "target": target.en.lower(),
                        "target_zh": target.zh,
                        "target_sheet": target.en_plural,
                        "target_sheet_zh": target.zh,
                    },
                )
            )
    if bad_rows:
        table.frame = table.frame.drop(index=list(bad_rows)).reset_index(drop=True)


def _did_you_mean(suggested: list[str]) -> dict[str, str]:
    """The "did you mean …" that starts an unknown reference's fix, in both languages."""
    if not suggested:
        return {"suggestion": "", "suggestion_zh": ""}
    return {
        lang_key: t("names.did_you_mean", lang, names=t("names.or", lang).join(f"“{n}”" for n in suggested))
        for lang_key, lang in (("suggestion", "en"), ("suggestion_zh", "zh"))
    }


def _compare(
    rt: RecordType, table: Table, current: dict[Any, tuple[int, tuple[Any, ...]]], store: Store, plan: Plan
) -> None:
    """Sort the file's records into new, updated and unchanged, comparing them with the
    current versions in the form the database stores them.

    A field the file has no column for keeps its stored value: a workbook kept in an older
    layout (without, say, the Chinese title) never blanks what a newer one recorded. A blank
    cell in a column the file has does clear it.

    Whole columns go through C-level ``zip`` and ``map``; Python code runs per row only to
    sort out the rows whose key is already in the database."""
    names = [f.name for f in rt.fields]
    columns = [
        _stored(table.frame[f.name].tolist(), process) for f, process in zip(rt.fields, store.storage_form(rt.name))
    ]
    rows = table.frame[ROW].tolist()
    counts = plan.counts[rt.name]
    replaced: list[int] = []
    if not current:  # nothing stored yet: every record is new
        inserts = list(zip(*columns, rows))
        counts.new += len(inserts)
        plan.added += [_added(rt, names, r[:-1], r[-1]) for r in inserts[: plan.listed]]
    else:
        key_columns = [columns[names.index(k)] for k in rt.key]
        keys = key_columns[0] if len(key_columns) == 1 else zip(*key_columns)
        inserts = []
        given = set().union(*table.columns.values(), RECONCILED) if table.columns else set(names)
        absent = [i for i, name in enumerate(names) if name not in given]  # no column in the file: stored values stand
        for record, row, existing in zip(zip(*columns), rows, map(current.get, keys)):
            if absent and existing is not None:
                record = tuple(existing[1][i] if i in absent else value for i, value in enumerate(record))
            if existing is None:
                counts.new += 1
                if plan.listed is None or counts.new <= plan.listed:
                    plan.added.append(_added(rt, names, record, row))
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
                        _as_tuple(rt.key_of(record)),
                        row,
                        {names[i]: before[i] for i in changed},
                        {names[i]: after[i] for i in changed},
                    )
                )
            inserts.append((*record, row))
    inserts.sort(key=_sort_key(rt))  # grouped by the key's first part: cheaper for the unique index
    plan.inserts[rt.name] = inserts
    plan.replaced[rt.name] = replaced


def _added(rt: RecordType, names: list[str], record: tuple[Any, ...], row: int) -> Change:
    """A new record as a preview lists it: nothing before, every field after."""
    return Change(rt.name, _as_tuple(rt.key_of(record)), row, {}, dict(zip(names, record, strict=True)))


def _sort_key(rt: RecordType) -> Any:
    """The first part of the natural key (None first): sorting on it alone is cheap, and keeps
    the unique index's inserts close together."""
    first = [f.name for f in rt.fields].index(rt.key[0])
    if rt.field(rt.key[0]).required:
        return itemgetter(first)
    return lambda record: (record[first] is not None, record[first] or "")


def _as_tuple(key: Any) -> tuple[Any, ...]:
    return key if isinstance(key, tuple) else (key,)


def _stored(values: list[Any], process: Any) -> list[Any]:
    """``values`` in storage form, converting each distinct value once."""
    if process is None:
        return values
    table = {value: None if value is None else process(value) for value in set(values)}
    return [table[value] for value in values]
