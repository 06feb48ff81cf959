"""Institution names in an upload, reconciled with the institutions already known.

Run by the importer's plan, before records are compared with the database:

* a name equal to a known name, Chinese name or alias once folded (:func:`dashboard.model.names.fold`)
  *is* that institution: the row is written under its stored name, no question asked;
* a name confidently close to a known one is a :class:`Match`: proposed, and taken for that
  institution only when accepted (then its spelling is stored as an alias of it, in the
  same batch), else kept as written (a new institution, or an unknown reference);
* an alias or Chinese name that belongs to another institution, or a name two rows give to
  two institutions, is an error: the file is refused and nothing is written.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.ingest.problems import Problem
from dashboard.ingest.validate import ROW, SHEET, Table, Validation, check_duplicates
from dashboard.model import names
from dashboard.model.records import BY_NAME, INSTITUTION_TYPES, RECORD_TYPES
from dashboard.model.texts import t

Current = Mapping[str, Mapping[Any, tuple[int, tuple[Any, ...]]]]
Accept = bool | Collection[tuple[str, str]]
"""Which proposals to take: all (True), none (False), or those named by (record type, value)."""


RECONCILED = ("name_zh", "aliases")
"""An institution's other names: reconciled here with the stored ones whether or not the file has
their columns (an upload adds names, never removes them), so the importer leaves them to this."""


@dataclass(slots=True)
class Match:
    """A name in the upload proposed as a known institution (first place it is written)."""

    sheet: str
    row: int
    column: str
    value: str
    record_type: str  # the institution's record type
    candidate: str  # its stored name
    score: float
    reasons: tuple[str, ...]
    accepted: bool = False
    occurrences: int = 1

    def reason(self, lang: str = "en") -> str:
        return t("names.separator", lang).join(t(f"names.reason.{r}", lang) for r in self.reasons)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "record_type": self.record_type,
            "candidate": self.candidate,
            "score": self.score,
            "reason": self.reason(lang),
            "accepted": self.accepted,
            "occurrences": self.occurrences,
        }


@dataclass(slots=True)
class Reconciled:
    matches: list[Match] = field(default_factory=list)
    aliases: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (type, key) → spellings to add
    alias_rows: dict[tuple[str, str], int] = field(default_factory=dict)  # where the first came from
    indexes: dict[tuple[str, ...], names.Index] = field(default_factory=dict)

    def suggest(self, types: tuple[str, ...], value: str) -> list[str]:
        index = self.indexes.get(types)
        return index.suggest(value) if index else []


def institutions_of(record_type: str, rows: Iterable[tuple[Any, ...]]) -> list[names.Institution]:
    """The institutions of stored records (field values in model order)."""
    fields = [f.name for f in BY_NAME[record_type].fields]
    key, zh, aliases = fields.index("name"), fields.index("name_zh"), fields.index("aliases")
    return [
        names.Institution(
            record_type,
            values[key],
            tuple(n for n in (values[key], values[zh], *names.split_aliases(values[aliases])) if n),
        )
        for values in rows
    ]


def reconcile(validation: Validation, current: Current, accept: Accept = False) -> Reconciled:
    """Rename the upload's institution names to the stored ones they are, list the proposals,
    and add an error to ``validation`` for every name given to two institutions."""
    done = Reconciled()
    stored = {kind: institutions_of(kind, (v for _, v in current.get(kind, {}).values())) for kind in INSTITUTION_TYPES}
    for kind in INSTITUTION_TYPES:
        table = validation.tables.get(kind)
        if table is not None:
            _own_names(table, names.Index(stored[kind]), current.get(kind, {}), accept, done)
    file_rows = {kind: _file_institutions(validation.tables.get(kind)) for kind in INSTITUTION_TYPES}
    for rt in RECORD_TYPES:
        table = validation.tables.get(rt.name)
        if table is None:
            continue
        for f in rt.fields:
            if f.institutions:
                index = done.indexes.get(f.institutions)
                if index is None:
                    index = names.Index(i for kind in f.institutions for i in (*stored[kind], *file_rows[kind]))
                    done.indexes[f.institutions] = index
                _named(table, f.name, index, accept, done)
    for kind in INSTITUTION_TYPES:
        table = validation.tables.get(kind)
        if table is not None:
            _check_names(table, stored[kind], validation)
            _keep_stored_names(table, current.get(kind, {}), done)
            validation.problems.extend(check_duplicates(table))
    return done


def _accepted(accept: Accept, kind: str, value: str) -> bool:
    return accept if isinstance(accept, bool) else (kind, value) in accept


def _propose(
    table: Table, column: str, value: str, candidate: names.Candidate, accept: Accept, done: Reconciled
) -> Match:
    frame = table.frame
    where = frame.index[frame[column] == value]
    first = where[0]
    sheet = frame.at[first, SHEET]
    kind = candidate.institution.record_type
    found = next((m for m in done.matches if m.value == value and m.record_type == kind), None)
    if found is not None:
        found.occurrences += len(where)
        return found
    match = Match(
        sheet=sheet,
        row=int(frame.at[first, ROW]),
        column=table.record_type.field(column).en,
        value=value,
        record_type=kind,
        candidate=candidate.institution.key,
        score=candidate.verdict.score,
        reasons=candidate.verdict.reasons,
        accepted=_accepted(accept, kind, value),
        occurrences=len(where),
    )
    done.matches.append(match)
    if match.accepted:
        slot = (kind, candidate.institution.key)
        done.aliases.setdefault(slot, []).append(value)
        done.alias_rows.setdefault(slot, match.row)
    return match


def _own_names(table: Table, index: names.Index, stored: Mapping[Any, Any], accept: Accept, done: Reconciled) -> None:
    """The rows of an institution sheet: under the stored name of the institution they are."""
    frame = table.frame
    renames: dict[str, str] = {}
    for value in frame["name"].dropna().unique():
        if value in stored:
            continue
        owners = index.exact(value)
        if owners:
            renames[value] = owners[0].key
        elif (candidate := index.match(value)) is not None:
            if _propose(table, "name", value, candidate, accept, done).accepted:
                renames[value] = candidate.institution.key
    first_spelling: dict[str, str] = {}  # new names written twice in the file: one spelling
    for value in frame["name"].dropna().unique():
        name = renames.get(value, value)
        if name not in stored:
            kept = first_spelling.setdefault(names.fold(name), name)
            if kept != name:
                renames[value] = kept
    if renames:
        frame["name"] = frame["name"].map(lambda v: renames.get(v, v))


def _file_institutions(table: Table | None) -> list[names.Institution]:
    if table is None:
        return []
    kind, frame = table.record_type.name, table.frame
    found: dict[str, list[str]] = {}
    for key, zh, aliases in zip(frame["name"], frame["name_zh"], frame["aliases"], strict=True):
        if key:
            found.setdefault(key, [key]).extend(n for n in (zh, *names.split_aliases(aliases)) if n)
    return [names.Institution(kind, key, tuple(spellings)) for key, spellings in found.items()]


def _named(table: Table, column: str, index: names.Index, accept: Accept, done: Reconciled) -> None:
    """A column naming institutions: values equal to a known name once folded become that
    name; close ones are proposed (taken when accepted); the rest stay as written."""
    if not index.institutions:  # no institution known, here or in the file: no name can be one of them
        return
    frame = table.frame
    keys = {i.key for i in index.institutions}
    renames: dict[str, str] = {}
    for value in frame[column].dropna().unique():
        if value in keys:
            continue
        owners = index.exact(value)
        if owners:
            renames[value] = owners[0].key
        elif (candidate := index.match(value)) is not None:
            if _propose(table, column, value, candidate, accept, done).accepted:
                renames[value] = candidate.institution.key
    if renames:
        frame[column] = frame[column].map(lambda v: renames.get(v, v))


def _check_names(table: Table, stored: list[names.Institution], validation: Validation) -> None:
    """An error for each Chinese name or alias that another institution already has, and for each
    name two rows give to two institutions; those rows are not imported."""
    frame, rt = table.frame, table.record_type
    owner = {names.fold(n): i.key for i in stored for n in i.names if names.fold(n)}
    given: dict[str, tuple[str, int, str]] = {}  # fold → (key, row, sheet) of the first row giving it
    bad: set[Any] = set()
    for index, key, zh, aliases, row, sheet in zip(
        frame.index, frame["name"], frame["name_zh"], frame["aliases"], frame[ROW], frame[SHEET], strict=True
    ):
        for column, value in (("name", key), ("name_zh", zh), *(("aliases", a) for a in names.split_aliases(aliases))):
            folded = names.fold(value) if value else ""
            if not folded:
                continue
            if owner.get(folded, key) != key:
                code, params = "name_taken", {"other": owner[folded], "other_row": ""}
            elif folded in given and given[folded][0] != key:
                other_key, other_row, other_sheet = given[folded]
                where = str(other_row) if other_sheet == sheet else f"{other_row} ({other_sheet})"
                code, params = "name_given_twice", {"other": other_key, "other_row": where}
            else:
                given.setdefault(folded, (key, int(row), sheet))
                continue
            f = rt.field(column)
            validation.problems.append(
                Problem(
                    code,
                    sheet=sheet,
                    row=int(row),
                    column=f.en,
                    value=value,
                    col=table.column(sheet, column),
                    params={"record": rt.name, "column_zh": f.zh, **params},
                )
            )
            bad.add(index)
    if bad:
        table.frame = frame.drop(index=sorted(bad)).reset_index(drop=True)


def _keep_stored_names(table: Table, stored: Mapping[Any, tuple[int, tuple[Any, ...]]], done: Reconciled) -> None:
    """An upload adds other names, never removes them: a row's aliases are the stored ones, the
    file's and the accepted spellings; a blank Chinese name keeps the stored one."""
    frame, kind = table.frame, table.record_type.name
    fields = [f.name for f in table.record_type.fields]
    zh_at, aliases_at = fields.index("name_zh"), fields.index("aliases")
    zh_column, alias_column = [], []
    for key, zh, aliases in zip(frame["name"], frame["name_zh"], frame["aliases"], strict=True):
        before = stored.get(key)
        stored_zh = before[1][zh_at] if before else None
        stored_aliases = names.split_aliases(before[1][aliases_at]) if before else []
        zh = zh or stored_zh
        spellings = [*stored_aliases, *names.split_aliases(aliases), *done.aliases.pop((kind, key), [])]
        zh_column.append(zh)
        alias_column.append(names.join_aliases(spellings, besides=(key, zh or "")))
    if len(frame):
        frame["name_zh"] = pd.Series(zh_column, index=frame.index, dtype=object)
        frame["aliases"] = pd.Series(alias_column, index=frame.index, dtype=object)


def with_aliases(record_type: str, values: tuple[Any, ...], spellings: list[str]) -> tuple[Any, ...]:
    """A stored record's values with ``spellings`` added to its aliases."""
    fields = [f.name for f in BY_NAME[record_type].fields]
    key, zh, at = values[fields.index("name")], values[fields.index("name_zh")], fields.index("aliases")
    joined = names.join_aliases([*names.split_aliases(values[at]), *spellings], besides=(key, zh or ""))
    return (*values[:at], joined, *values[at + 1 :])
