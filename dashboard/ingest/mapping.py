"""An office's own workbook mapped onto the record model: proposed, checked, applied.

:func:`propose` reads any workbook the way a person would: on each sheet it finds the header
row (below title rows, across blank columns and merged cells), decides which record types the
rows feed — one row may feed two related types, a partner *and* its agreement — and, for every
column, which field it fills or that it is ignored. It judges from the header texts (the record
model's labels and aliases in English and Chinese: whole names, shared words, shared characters,
a record type's name joined to a field's), from the values (countries, dates, numbers, the
choice labels) and from the fields each type requires. Every mappable field comes from
:data:`~dashboard.model.records.RECORD_TYPES`, so a field added there is mappable at once.
Values of a choice field that are no label or alias get a proposed choice or a question; a cell
meaning "none" (长期, —, 无) maps to a blank.

A :class:`Mapping` is written and read as JSON (:meth:`Mapping.as_json`, :func:`from_json`), so a
person may edit a proposal and pass it back; :func:`from_json` refuses one naming a record type
or field that does not exist, two columns for one field or a required field left unmapped, and
:func:`apply` one naming a sheet or column the workbook lacks — before any record is read.

:func:`apply` turns the user's sheets into sheets in the record model's own columns, in memory,
keeping every row where Excel numbers it; the validator reads those as it reads the template,
and :meth:`Applied.restore` then points every problem back at the user's sheet and column, as
written, so the marked-up workbook marks the user's own cells.

May import: :mod:`dashboard.model`, :mod:`dashboard.ingest.cells`, :mod:`.readers.base`, :mod:`.validate`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from openpyxl.utils import get_column_letter
from rapidfuzz import fuzz

from dashboard.ingest.cells import CONVERTERS, is_blank, parse_date, to_text
from dashboard.ingest.problems import CellError, Problem
from dashboard.ingest.readers.base import RawSheet
from dashboard.ingest.validate import SHEET, Validation, recognised
from dashboard.model import countries, periods
from dashboard.model.i18n import pick
from dashboard.model.records import BY_NAME, RECORD_TYPES, Field, Kind, RecordType
from dashboard.model.text import normalise

HEADER_ROWS = 20  # the header row is looked for among a sheet's first rows
SAMPLE_ROWS = 200  # rows read below the header to judge a column by its values
ASSIGN = 0.4  # the least score that maps a column to a field
SECOND_TYPE = 0.5  # the least score of each required field of a second record type fed by the same rows
HEADER_WEIGHT = 0.65  # a column's score: this much its header, the rest its values

NONE_WORDS = frozenset(
    normalise(word)
    for word in (
        "长期",
        "长期有效",
        "永久",
        "无期限",
        "无",
        "暂无",
        "不适用",
        "待定",
        "n/a",
        "na",
        "none",
        "nil",
        "tbd",
    )
)
"""Cells that mean "nothing here"; a cell of punctuation alone (—, -, /) means the same."""

# Words offices write for the record model's words (a header's, never a value's).
_SYNONYMS = (
    ("时间", "日期"),
    ("国别", "国家"),
    ("名字", "名称"),
    ("形式", "类型"),
    ("类别", "类型"),
    ("种类", "类型"),
    ("方式", "类型"),
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORDS = re.compile(r"[a-z0-9]+")


class MappingError(Exception):
    """A mapping that cannot be used, said in English and Chinese."""

    def __init__(self, message: str, message_zh: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh or message

    def text(self, lang: str = "en") -> str:
        return pick(self.message, self.message_zh, lang)


# --- the mapping ------------------------------------------------------------------------------


@dataclass(slots=True)
class Column:
    """One column of the user's sheet and the field it fills (both None: ignored)."""

    column: str  # the header text as written
    index: int  # 0-based
    record_type: str | None = None
    field: str | None = None
    confidence: float = 0.0
    alternatives: list[tuple[str, str, float]] = dataclasses.field(default_factory=list)
    samples: list[str] = dataclasses.field(default_factory=list)

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    def as_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "letter": self.letter,
            "record_type": self.record_type,
            "field": self.field,
            "confidence": round(self.confidence, 2),
            "alternatives": [
                {"record_type": rt, "field": name, "confidence": round(score, 2)}
                for rt, name, score in self.alternatives
            ],
            "samples": self.samples,
        }


@dataclass(slots=True)
class Value:
    """A cell value of a mapped column and what it stands for: a choice's value, or None for blank."""

    record_type: str
    field: str
    value: str
    maps_to: str | None
    confidence: float = 1.0

    def as_json(self) -> dict[str, Any]:
        return {
            "record_type": self.record_type,
            "field": self.field,
            "value": self.value,
            "maps_to": self.maps_to,
            "confidence": round(self.confidence, 2),
        }


@dataclass(slots=True)
class Question:
    """A value no choice was proposed for: the person picks one (or the cell is refused)."""

    record_type: str
    field: str
    value: str
    options: list[str]
    suggested: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "record_type": self.record_type,
            "field": self.field,
            "value": self.value,
            "options": self.options,
            "suggested": self.suggested,
        }


@dataclass(slots=True)
class SheetMapping:
    sheet: str
    header_row: int  # Excel's number
    columns: list[Column]  # one entry per target: a column feeding two fields is listed twice
    values: list[Value] = dataclasses.field(default_factory=list)
    questions: list[Question] = dataclasses.field(default_factory=list)

    @property
    def record_types(self) -> list[str]:
        fed = {c.record_type for c in self.columns if c.record_type}
        return [rt.name for rt in RECORD_TYPES if rt.name in fed]

    def targets(self) -> list[Column]:
        return [c for c in self.columns if c.record_type and c.field]

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "record_types": self.record_types,
            "columns": [c.as_json() for c in self.columns],
            "values": [v.as_json() for v in self.values],
            "questions": [q.as_json() for q in self.questions],
        }


@dataclass(slots=True)
class Mapping:
    sheets: list[SheetMapping] = dataclasses.field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"sheets": [s.as_json() for s in self.sheets]}

    def mapped(self) -> list[SheetMapping]:
        """The sheets that feed at least one record type."""
        return [s for s in self.sheets if s.targets()]


# --- similarity of texts ----------------------------------------------------------------------


def _synonyms(text: str) -> str:
    for word, model_word in _SYNONYMS:
        text = text.replace(word, model_word)
    return text


@dataclass(frozen=True, slots=True)
class _Text:
    """A text prepared for comparing: normalised, its Chinese characters, its English word stems."""

    key: str
    chars: frozenset[str]
    words: frozenset[str]

    @property
    def is_chinese(self) -> bool:
        return bool(self.chars)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@lru_cache(maxsize=65536)
def _prepare(text: str) -> _Text:
    text = _synonyms(str(text))
    key = normalise(text)
    chars = frozenset(_CJK.findall(key))
    words = frozenset(_stem(w) for w in _WORDS.findall(text.casefold()))
    return _Text(key, chars, words)


def _similar(a: _Text, b: _Text) -> float:
    """How alike two names are, 0 to 1: the same name, one inside the other, shared Chinese
    characters, shared English words (near spellings count)."""
    if not a.key or not b.key:
        return 0.0
    if a.key == b.key:
        return 1.0
    score = 0.0
    short, long = (a.key, b.key) if len(a.key) <= len(b.key) else (b.key, a.key)
    if len(short) >= 2 and short in long and (a.is_chinese or b.is_chinese or len(short) >= 4):
        score = 0.75 + 0.2 * len(short) / len(long)
    if a.chars and b.chars:
        score = max(score, 2 * len(a.chars & b.chars) / (len(a.chars) + len(b.chars)))
    if a.words and b.words and not (a.chars or b.chars):
        shared = sum(1 for w in a.words if w in b.words or any(fuzz.ratio(w, v) >= 85 for v in b.words))
        score = max(score, 2 * shared / (len(a.words) + len(b.words)))
    return min(score, 1.0)


@cache
def _field_names(rt_name: str, field_name: str) -> tuple[tuple[_Text, _Text | None], ...]:
    """The names a header may give a field, each with the field's own part: its own names, and
    its record type's joined to them (院校名称 is 合作院校 + 名称; Institution name is
    institution + name), which count only for a header sharing something with the field's part."""
    rt = BY_NAME[rt_name]
    f = rt.field(field_name)
    own = [*f.header_names(), *((f.name.replace("_", " "),) if "_" in f.name else ())]
    joined = [(_prepare(f"{r} {n}"), _prepare(n)) for r in rt.sheet_names() for n in (f.en, f.zh, *f.aliases)]
    return (
        *((_prepare(n), None) for n in own),
        *((whole, part) for whole, part in joined if len(part.key) <= 12 and (whole.chars or not part.chars)),
    )


@lru_cache(maxsize=65536)
def header_score(header: str, rt_name: str, field_name: str) -> float:
    """How well a header text names a field, 0 to 1."""
    text = _prepare(header)
    return max(
        (
            _similar(text, name)
            for name, part in _field_names(rt_name, field_name)
            if part is None or _similar(text, part) > 0
        ),
        default=0.0,
    )


def _all_fields() -> list[tuple[RecordType, Field]]:
    return [(rt, f) for rt in RECORD_TYPES for f in rt.fields]


@lru_cache(maxsize=8192)
def _best_header(header: str) -> float:
    return max((header_score(header, rt.name, f.name) for rt, f in _all_fields()), default=0.0)


# --- values -----------------------------------------------------------------------------------


def is_none_word(value: Any) -> bool:
    """A cell that means nothing is there: 长期, 无, N/A, or punctuation alone (—, -, /)."""
    if not isinstance(value, str) or is_blank(value):
        return False
    key = normalise(value)
    return key == "" or key in NONE_WORDS


def _choice_spellings(f: Field) -> list[tuple[str, _Text]]:
    return [
        (choice.value, _prepare(spelling))
        for choice in f.choices
        for spelling in (choice.value.replace("_", " "), choice.en, choice.zh, *choice.aliases)
    ]


def closest_choice(f: Field, value: str) -> tuple[str | None, float]:
    """The choice of ``f`` a value most likely means, and how likely (0 to 1)."""
    text = _prepare(value)
    best, score = None, 0.0
    for choice, spelling in _choice_spellings(f):
        similar = _similar(text, spelling)
        if similar > score:
            best, score = choice, similar
    return best, score


def _converts(f: Field, value: Any) -> bool:
    try:
        CONVERTERS[f.kind](f, value)
        return True
    except (CellError, ValueError, TypeError):
        return False


def _value_fit(f: Field, values: Sequence[Any]) -> float:
    """How well a column's values suit a field, 0 to 1 (0.5: they say nothing either way)."""
    if not values:
        return 0.5
    if f.kind in (Kind.TEXT, Kind.REFERENCE):
        plain = [v for v in values if isinstance(v, str) and not _looks_numeric(v)]
        return 0.5 * len(plain) / len(values)
    if f.kind is Kind.DATE:
        return _share(values, lambda v: _is_date(v))
    if f.kind is Kind.COUNTRY:
        return _share(values, lambda v: countries.resolve(to_text(v)) is not None)
    if f.kind is Kind.PERIOD:
        return _share(values, lambda v: _is_period(v))
    if f.kind is Kind.CHOICE:
        return sum(1.0 if _converts(f, v) else 0.6 * closest_choice(f, to_text(v))[1] for v in values) / len(values)
    return _share(values, lambda v: _converts(f, v))  # integers and numbers


def _share(values: Sequence[Any], test: Any) -> float:
    return sum(1 for v in values if test(v)) / len(values)


def _looks_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s.,%-]+", text))


def _is_date(value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not 1900 <= value <= 2100:
        return False  # a serial number or a count, not a date anyone typed
    try:
        parse_date(value, allow_year=True)
        return True
    except CellError:
        return False


def _is_period(value: Any) -> bool:
    try:
        periods.parse(value)
        return True
    except periods.PeriodError:
        return False


def _is_serial(values: Sequence[Any]) -> bool:
    """1, 2, 3, …: the row numbers many offices keep in a first column."""
    numbers = []
    for v in values:
        try:
            numbers.append(float(to_text(v)))
        except ValueError:
            return False
    return len(numbers) >= 3 and numbers == [float(n) for n in range(int(numbers[0]), int(numbers[0]) + len(numbers))]


# --- proposing --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Sheet:
    """A sheet as the proposal sees it: its header row and its columns' headers and values."""

    raw: RawSheet
    header_row: int  # 0-based
    headers: list[str]
    values: list[list[Any]]  # per column, the non-blank cells below the header (up to SAMPLE_ROWS)
    scores: dict[tuple[int, str, str], float] = field(default_factory=dict)


def find_header_row(sheet: RawSheet) -> int | None:
    """The 0-based index of the row that best reads as the header, or None for an empty sheet."""
    best, best_score = None, 0.0
    for index, row in enumerate(sheet.rows[:HEADER_ROWS]):
        texts = list(dict.fromkeys(to_text(c) for c in row if isinstance(c, str) and not is_blank(c)))
        texts = [text for text in texts if not _looks_numeric(text)]
        if len(texts) < 2:  # a title (one cell, or merged: the reader repeats it across) or a blank row
            continue
        named = sum(_best_header(text) for text in texts)
        filled = sum(1 for c in row if not is_blank(c))
        below = sheet.rows[index + 1 : index + 4]
        data = any(sum(1 for c in r if not is_blank(c)) >= 2 for r in below)
        score = named + 0.1 * len(texts) / max(filled, 1) + (0.5 if data else 0)
        if score > best_score + 1e-9:
            best, best_score = index, score
    return best


_TYPED = (Kind.DATE, Kind.COUNTRY, Kind.CHOICE, Kind.PERIOD)


def _read_sheet(sheet: RawSheet, header_row: int) -> _Sheet:
    header = sheet.rows[header_row]
    body = sheet.rows[header_row + 1 : header_row + 1 + SAMPLE_ROWS]
    width = max([len(header), *(len(r) for r in body)], default=0)
    headers = [to_text(header[i]) if i < len(header) and not is_blank(header[i]) else "" for i in range(width)]
    values = [
        [r[i] for r in body if i < len(r) and not is_blank(r[i]) and not is_none_word(r[i])] for i in range(width)
    ]
    return _Sheet(sheet, header_row, headers, values)


def _score(sheet: _Sheet, col: int, rt: RecordType, f: Field) -> float:
    key = (col, rt.name, f.name)
    if key not in sheet.scores:
        header = sheet.headers[col]
        values = sheet.values[col]
        if not header and not values:
            score = 0.0
        else:
            h = header_score(header, rt.name, f.name) if header else 0.0
            distinct = list(dict.fromkeys(values))[:50]
            fit = _value_fit(f, distinct)
            score = HEADER_WEIGHT * h + (1 - HEADER_WEIGHT) * fit
            if f.kind in _TYPED and fit >= 0.9:  # values only such a field takes: they speak for the column
                score += 0.1
            if _is_serial(values) and h < 0.9:  # a row number, not a count
                score = 0.0
        sheet.scores[key] = min(score, 1.0)
    return sheet.scores[key]


def _assign(
    sheet: _Sheet, types: Sequence[RecordType], columns: set[int], fixed: dict[tuple[str, str], int] | None = None
) -> dict[str, dict[str, tuple[int, float]]]:
    """Record type → field → (column, score), for record types fed by the same rows: the best
    pairs first, each column and each field once (``fixed`` pairs aside)."""
    chosen: dict[str, dict[str, tuple[int, float]]] = {rt.name: {} for rt in types}
    for (rt_name, name), col in (fixed or {}).items():
        chosen[rt_name][name] = (col, 1.0)
    order = {(rt.name, f.name): i for i, (rt, f) in enumerate((rt, f) for rt in types for f in rt.fields)}
    pairs = sorted(
        (
            (_score(sheet, col, rt, f), col, rt.name, f.name)
            for rt in types
            for f in rt.fields
            if f.name not in chosen[rt.name]
            for col in columns
        ),
        key=lambda p: (-p[0], p[1], order[(p[2], p[3])]),
    )
    used: set[int] = set()
    for score, col, rt_name, name in pairs:
        if score < ASSIGN:
            break
        if name in chosen[rt_name] or col in used:
            continue
        chosen[rt_name][name] = (col, score)
        used.add(col)
    return chosen


def _type_score(sheet: _Sheet, rt: RecordType, assigned: dict[str, tuple[int, float]]) -> float:
    required = [f for f in rt.fields if f.required]
    covered = sum(1 for f in required if f.name in assigned)
    total = sum(score * (1.0 if rt.field(name).required else 0.5) for name, (_, score) in assigned.items())
    named = max((_similar(_prepare(sheet.raw.name), _prepare(n)) for n in rt.sheet_names()), default=0.0)
    return (covered == len(required)) * 10 + total + named


def _link(first: RecordType, second: RecordType) -> tuple[str, str] | None:
    """(field of ``second``, field of ``first``) sharing one column when one type names the other's key."""
    for f in second.fields:
        if f.references == first.name and len(first.key) == 1:
            return f.name, first.key[0]
    for f in first.fields:
        if f.references == second.name and len(second.key) == 1:
            return second.key[0], f.name
    return None


def _propose_sheet(raw: RawSheet) -> SheetMapping | None:
    header_row = find_header_row(raw)
    if header_row is None:
        return None
    sheet = _read_sheet(raw, header_row)
    columns = set(range(len(sheet.headers)))
    ranked = sorted(
        ((_type_score(sheet, rt, _assign(sheet, [rt], columns)[rt.name]), rt) for rt in RECORD_TYPES),
        key=lambda item: -item[0],
    )
    primary = ranked[0][1]
    fed = [(primary, _assign(sheet, [primary], columns)[primary.name])]
    for _, second in ranked[1:]:  # the rows may feed a second type, one naming the other's key
        link = _link(primary, second)
        if link is None or link[1] not in fed[0][1]:
            continue
        both = _assign(sheet, [primary, second], columns, {(second.name, link[0]): fed[0][1][link[1]][0]})
        required = [f.name for f in second.fields if f.required and f.name != link[0]]
        first_required = [f.name for f in primary.fields if f.required]
        if (
            required
            and all(name in both[second.name] and both[second.name][name][1] >= SECOND_TYPE for name in required)
            and all(name in both[primary.name] for name in first_required)
        ):
            fed = [(primary, both[primary.name]), (second, both[second.name])]
            break
    _fill_required(sheet, fed, columns)
    return _sheet_mapping(sheet, fed)


def _fill_required(
    sheet: _Sheet, fed: list[tuple[RecordType, dict[str, tuple[int, float]]]], columns: set[int]
) -> None:
    """A required field still without a column takes the best free column, however weak."""
    used = {col for _, found in fed for col, _ in found.values()}
    for rt, found in fed:
        for f in rt.fields:
            if f.required and f.name not in found:
                free = sorted(((_score(sheet, c, rt, f), c) for c in columns - used if sheet.headers[c]), reverse=True)
                if free and free[0][0] > 0.2:
                    found[f.name] = (free[0][1], free[0][0])
                    used.add(free[0][1])


def _sheet_mapping(sheet: _Sheet, fed: list[tuple[RecordType, dict[str, tuple[int, float]]]]) -> SheetMapping:
    by_column: dict[int, list[tuple[str, str, float]]] = {}
    for rt, found in fed:
        for name, (col, score) in found.items():
            by_column.setdefault(col, []).append((rt.name, name, score))
    columns: list[Column] = []
    for col, header in enumerate(sheet.headers):
        if not header and not sheet.values[col]:
            continue  # a blank column between the others
        samples = [to_text(v) for v in dict.fromkeys(sheet.values[col])][:3]
        others = _alternatives(sheet, col, {(rt, name) for rt, name, _ in by_column.get(col, [])})
        targets: list[tuple[str | None, str | None, float]] = [*by_column.get(col, [])] or [(None, None, 0.0)]
        for target_type, target_field, score in targets:
            confidence = score if target_type else 1 - max((s for *_, s in others), default=0.0)
            columns.append(Column(header, col, target_type, target_field, confidence, others, samples))
    mapping = SheetMapping(sheet.raw.name, sheet.header_row + 1, columns)
    _propose_values(sheet, mapping)
    return mapping


def _alternatives(sheet: _Sheet, col: int, taken: set[tuple[str | None, str | None]]) -> list[tuple[str, str, float]]:
    scored = sorted(
        (
            (score, rt.name, f.name)
            for rt, f in _all_fields()
            if (rt.name, f.name) not in taken and (score := _score(sheet, col, rt, f)) >= 0.3
        ),
        reverse=True,
    )
    return [(rt, name, score) for score, rt, name in scored[:3]]


def _propose_values(sheet: _Sheet, mapping: SheetMapping) -> None:
    """What each unreadable cell value of a mapped column stands for: a blank for a "none"
    cell, the closest choice of a choice field, else a question."""
    body = sheet.raw.rows[sheet.header_row + 1 :]
    for column in mapping.targets():
        assert column.record_type and column.field
        f = BY_NAME[column.record_type].field(column.field)
        cells = (r[column.index] for r in body if column.index < len(r) and not is_blank(r[column.index]))
        seen: dict[str, Any] = {}
        for cell in cells:
            seen.setdefault(to_text(cell), cell)
            if len(seen) > 500:
                break
        for text, cell in seen.items():
            if _converts(f, cell):
                continue
            if is_none_word(cell):
                mapping.values.append(Value(column.record_type, column.field, text, None))
            elif f.kind is Kind.CHOICE:
                choice, score = closest_choice(f, text)
                options = [c.value for c in f.choices]
                if choice is not None and score >= 0.5:
                    mapping.values.append(Value(column.record_type, column.field, text, choice, score))
                else:
                    fallback = "other" if "other" in options else choice
                    mapping.questions.append(Question(column.record_type, column.field, text, options, fallback))


def propose(sheets: Iterable[RawSheet]) -> Mapping:
    """The proposed mapping of every sheet that holds something (see the module's text)."""
    mapping = Mapping()
    for raw in sheets:
        found = _propose_sheet(raw)
        if found is not None:
            mapping.sheets.append(found)
    return mapping


def needs_mapping(sheets: Sequence[RawSheet]) -> bool:
    """The workbook is not in the template's layout: no sheet is named for a record type, and
    no single sheet's header names a record type's required columns."""
    return not recognised(sheets)


# --- reading and checking a mapping -----------------------------------------------------------


def _malformed(what: str, what_zh: str) -> MappingError:
    return MappingError(f"the mapping is malformed: {what}", f"映射格式有误：{what_zh}")


def _text_of(item: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str | None:
    value = item.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _malformed(f"{where}: “{key}” must be text", f"{where}：“{key}”须为文字")
    return value


def from_json(data: Any) -> Mapping:
    """A mapping from its JSON form (as :meth:`Mapping.as_json` writes it, edited or not),
    checked against the record model; :class:`MappingError` says what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("sheets"), list):
        raise _malformed("it must be an object with a list “sheets”", "须为包含列表“sheets”的对象")
    mapping = Mapping()
    for number, item in enumerate(data["sheets"], start=1):
        where = f"sheet entry {number}"
        if not isinstance(item, dict):
            raise _malformed(f"{where} is not an object", f"第 {number} 个工作表条目不是对象")
        sheet = _text_of(item, "sheet", where)
        header_row = item.get("header_row", 1)
        if not isinstance(header_row, int) or isinstance(header_row, bool) or not 1 <= header_row <= HEADER_ROWS * 5:
            raise _malformed(f"{where}: “header_row” must be a row number", f"{where}：“header_row”须为行号")
        if not isinstance(item.get("columns", []), list) or not isinstance(item.get("values", []), list):
            raise _malformed(f"{where}: “columns” and “values” must be lists", f"{where}：“columns”和“values”须为列表")
        assert sheet is not None
        columns = [_column_from_json(c, where) for c in item.get("columns", [])]
        values = [_value_from_json(v, where) for v in item.get("values", [])]
        mapping.sheets.append(SheetMapping(sheet, header_row, columns, values))
    check(mapping)
    return mapping


def loads(text: str | bytes) -> Mapping:
    """A mapping from JSON text; :class:`MappingError` for text that is not JSON."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise _malformed(f"it is not JSON ({error})", f"不是 JSON（{error}）") from None
    return from_json(data)


def _column_from_json(item: Any, where: str) -> Column:
    if not isinstance(item, dict):
        raise _malformed(f"{where}: a column entry is not an object", f"{where}：列条目不是对象")
    column = _text_of(item, "column", where)
    rt = _text_of(item, "record_type", where, optional=True)
    name = _text_of(item, "field", where, optional=True)
    letter = _text_of(item, "letter", where, optional=True)
    assert column is not None
    if (rt is None) != (name is None):
        raise MappingError(
            f"{where}, column “{column}”: give both a record type and a field, or neither (ignored)",
            f"{where}，列“{column}”：须同时给出记录类型和字段，或都不给（忽略该列）",
        )
    if rt is not None and rt not in BY_NAME:
        raise MappingError(
            f"{where}, column “{column}”: there is no record type “{rt}”; use one of {', '.join(BY_NAME)}",
            f"{where}，列“{column}”：没有记录类型“{rt}”；可用：{', '.join(BY_NAME)}",
        )
    if rt is not None and name not in {f.name for f in BY_NAME[rt].fields}:
        names = ", ".join(f.name for f in BY_NAME[rt].fields)
        raise MappingError(
            f"{where}, column “{column}”: record type {rt} has no field “{name}”; use one of {names}",
            f"{where}，列“{column}”：记录类型 {rt} 没有字段“{name}”；可用：{names}",
        )
    index = _letter_index(letter) if letter else -1
    return Column(column, index, rt, name)


def _letter_index(letter: str) -> int:
    if not re.fullmatch(r"[A-Za-z]{1,3}", letter):
        raise _malformed(f"“{letter}” is not a column letter", f"“{letter}”不是列字母")
    index = 0
    for ch in letter.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def _value_from_json(item: Any, where: str) -> Value:
    if not isinstance(item, dict):
        raise _malformed(f"{where}: a value entry is not an object", f"{where}：取值条目不是对象")
    rt, name = _text_of(item, "record_type", where), _text_of(item, "field", where)
    value = item.get("value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = to_text(value)
    if not isinstance(value, str):
        raise _malformed(f"{where}: a value entry's “value” must be text", f"{where}：取值条目的“value”须为文字")
    maps_to = _text_of(item, "maps_to", where, optional=True)
    assert rt is not None and name is not None
    if rt not in BY_NAME or name not in {f.name for f in BY_NAME[rt].fields}:
        raise MappingError(
            f"{where}: the value “{value}” names a field {rt}.{name} that does not exist",
            f"{where}：取值“{value}”所指字段 {rt}.{name} 不存在",
        )
    f = BY_NAME[rt].field(name)
    if maps_to is not None and f.kind is Kind.CHOICE:
        if not _converts(f, maps_to):
            allowed = ", ".join(c.value for c in f.choices)
            raise MappingError(
                f"{where}: “{maps_to}” (for “{value}”) is not a value of {rt}.{name}; use one of {allowed}, or null",
                f"{where}：“{maps_to}”（对应“{value}”）不是 {rt}.{name} 的取值；可用：{allowed}，或 null",
            )
        maps_to = CONVERTERS[f.kind](f, maps_to)
    return Value(rt, name, value, maps_to)


def check(mapping: Mapping) -> None:
    """Refuse a mapping with two columns for one field, or a record type fed without one of its required fields."""
    for sheet in mapping.sheets:
        seen: dict[tuple[str, str], str] = {}
        for column in sheet.targets():
            assert column.record_type and column.field
            key = (column.record_type, column.field)
            if key in seen:
                raise MappingError(
                    f"sheet “{sheet.sheet}”: the columns “{seen[key]}” and “{column.column}” are both mapped to "
                    f"{column.record_type}.{column.field}; map one of them to another field, or ignore it",
                    f"工作表“{sheet.sheet}”：“{seen[key]}”和“{column.column}”两列都映射到 "
                    f"{column.record_type}.{column.field}；请将其中一列改为其他字段或忽略",
                )
            seen[key] = column.column
        for rt_name in sheet.record_types:
            rt = BY_NAME[rt_name]
            for f in rt.fields:
                if f.required and (rt_name, f.name) not in seen:
                    raise MappingError(
                        f"sheet “{sheet.sheet}”: {rt.en} needs {f.en} ({rt_name}.{f.name}), but no column is mapped "
                        "to it; map a column to it, or map no column to that record type",
                        f"工作表“{sheet.sheet}”：{rt.zh}须有“{f.zh}”（{rt_name}.{f.name}），但没有列映射到它；"
                        "请映射一列，或不映射到该记录类型",
                    )
    if not any(sheet.targets() for sheet in mapping.sheets):
        raise MappingError("the mapping maps no column to a field", "映射中没有任何列对应到字段")


# --- applying a mapping -----------------------------------------------------------------------


@dataclass(slots=True)
class Applied:
    """The user's sheets in the record model's columns, and where each came from."""

    sheets: list[RawSheet]
    types: dict[str, RecordType]  # made sheet → the record type it holds
    origin: dict[str, tuple[str, list[int]]]  # made sheet → (user's sheet, its column of each made column)
    headers: dict[tuple[str, int], str]  # (user's sheet, 0-based column) → the header as written

    def restore(self, problems: Iterable[Problem]) -> list[Problem]:
        """``problems`` pointing at the user's sheet, column and header text."""
        return [self.restore_one(p) for p in problems]

    def restore_one(self, problem: Problem) -> Problem:
        sheet, col = problem.sheet, problem.col
        if sheet in self.origin:
            sheet, columns = self.origin[sheet]
            col = columns[col] if col is not None and 0 <= col < len(columns) else None
        header = self.headers.get((sheet, col)) if sheet is not None and col is not None else None
        if header is None:
            return dataclasses.replace(problem, sheet=sheet, col=col)
        params = problem.params | ({"column_zh": header} if "column_zh" in problem.params else {})
        return dataclasses.replace(problem, sheet=sheet, col=col, column=header, params=params)

    def restore_validation(self, validation: Validation) -> None:
        """Point the validation's problems, and its tables' sheets and columns, at the user's file."""
        validation.problems[:] = self.restore(validation.problems)
        for table in validation.tables.values():
            columns: dict[str, dict[str, int]] = {}
            for made, fields in table.columns.items():
                sheet, sources = self.origin.get(made, (made, []))
                columns.setdefault(sheet, {}).update(
                    {name: sources[col] if col < len(sources) else col for name, col in fields.items()}
                )
            table.columns = columns
            if table.sheet in self.origin:
                table.sheet = self.origin[table.sheet][0]
            table.frame[SHEET] = table.frame[SHEET].map(lambda made: self.origin.get(made, (made,))[0])


def _locate(sheet_mapping: SheetMapping, raw: RawSheet) -> tuple[int, dict[int, int]]:
    """The header row (0-based) of ``raw`` holding the mapping's columns, and each mapped
    column's place there (entry index → 0-based column); :class:`MappingError` if absent."""
    wanted = [c for c in sheet_mapping.columns if c.column or c.index >= 0]
    rows = [sheet_mapping.header_row - 1, *range(min(HEADER_ROWS, len(raw.rows)))]
    missing: list[str] = []
    for index in dict.fromkeys(rows):
        if not 0 <= index < len(raw.rows):
            continue
        row = raw.rows[index]
        places: dict[int, int] = {}
        lost: list[str] = []
        for entry, column in enumerate(wanted):
            found = _place(row, column)
            if found is None:
                lost.append(column.column or column.letter)
            else:
                places[entry] = found
        if not lost:
            return index, {sheet_mapping.columns.index(wanted[e]): col for e, col in places.items()}
        if not missing or len(lost) < len(missing):
            missing = lost
    names = "”, “".join(missing)
    raise MappingError(
        f"sheet “{raw.name}” has no header row with the column(s) “{names}” the mapping names; "
        "map the workbook again (coopdash map FILE)",
        f"工作表“{raw.name}”中找不到映射所列的列“{names}”；请重新生成映射（coopdash map FILE）",
    )


def _place(row: list[Any], column: Column) -> int | None:
    texts = [normalise(to_text(c)) if not is_blank(c) else "" for c in row]
    key = normalise(column.column)
    if column.index >= 0 and column.index < len(texts) and texts[column.index] == key:
        return column.index
    if key and Counter(texts)[key] == 1:
        return texts.index(key)
    if not key and column.index >= 0:
        return column.index
    return None


def apply(mapping: Mapping, sheets: Sequence[RawSheet]) -> Applied:
    """The sheets the validator reads for ``mapping``: one per (user's sheet, record type), in the
    record model's columns, every row where Excel numbers it in the user's sheet."""
    by_name = {s.name: s for s in sheets}
    made: list[RawSheet] = []
    applied = Applied(made, {}, {}, {})
    for sheet_mapping in mapping.mapped():
        raw = by_name.get(sheet_mapping.sheet)
        if raw is None:
            raise MappingError(
                f"the workbook has no sheet “{sheet_mapping.sheet}” (it has: {', '.join(by_name) or 'none'})",
                f"工作簿中没有工作表“{sheet_mapping.sheet}”（现有：{'、'.join(by_name) or '无'}）",
            )
        header_row, places = _locate(sheet_mapping, raw)
        for entry, column in enumerate(sheet_mapping.columns):
            if entry in places:
                applied.headers[(raw.name, places[entry])] = column.column or get_column_letter(places[entry] + 1)
        values = {
            (v.record_type, v.field, normalise(v.value)): v.maps_to for v in sheet_mapping.values if normalise(v.value)
        }
        values |= {(v.record_type, v.field, v.value.strip()): v.maps_to for v in sheet_mapping.values}
        for rt_name in sheet_mapping.record_types:
            rt = BY_NAME[rt_name]
            entries = [
                (BY_NAME[rt_name].field(c.field or ""), places[e])
                for e, c in enumerate(sheet_mapping.columns)
                if c.record_type == rt_name and e in places
            ]
            entries.sort(key=lambda item: [f.name for f in rt.fields].index(item[0].name))
            name = f"{raw.name}/{rt_name}"  # "/" cannot be in a sheet's name: no clash with the user's
            rows: list[list[Any]] = [[] for _ in range(header_row)]
            rows.append([f.en for f, _ in entries])
            for row in raw.rows[header_row + 1 :]:
                rows.append([_cell(row, col, rt_name, f, values) for f, col in entries])
            made.append(RawSheet(name, rows, raw.hidden))
            applied.types[name] = rt
            applied.origin[name] = (raw.name, [col for _, col in entries])
    return applied


def _cell(row: list[Any], col: int, rt_name: str, f: Field, values: dict[tuple[str, str, str], str | None]) -> Any:
    cell = row[col] if col < len(row) else None
    if is_blank(cell):
        return None
    if isinstance(cell, str):
        for key in (cell.strip(), normalise(cell)):
            if (rt_name, f.name, key) in values:
                return values[(rt_name, f.name, key)]
        if is_none_word(cell) and f.kind is not Kind.TEXT and not _converts(f, cell):
            return None
    return cell


# --- layouts ----------------------------------------------------------------------------------


def sheet_fingerprint(sheet_name: str, headers: Iterable[Any]) -> str:
    """The layout of one sheet: its name and its header texts, whatever their spacing or case."""
    texts = [normalise(to_text(h)) for h in headers if not is_blank(h)]
    return hashlib.sha256(json.dumps([normalise(sheet_name), texts], ensure_ascii=False).encode()).hexdigest()[:32]


def layout(mapping: Mapping, sheets: Sequence[RawSheet]) -> tuple[str, list[str]]:
    """The fingerprint of the layout ``mapping`` reads in ``sheets`` (its key as a profile),
    and the fingerprints of its sheets."""
    by_name = {s.name: s for s in sheets}
    parts = []
    for sheet_mapping in mapping.mapped():
        raw = by_name[sheet_mapping.sheet]
        header_row, _ = _locate(sheet_mapping, raw)
        parts.append(sheet_fingerprint(raw.name, raw.rows[header_row]))
    parts.sort()
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32], parts


def fingerprints(sheets: Sequence[RawSheet]) -> set[str]:
    """Every layout a sheet of ``sheets`` may be in: one per row where a header may be."""
    return {sheet_fingerprint(s.name, row) for s in sheets for row in s.rows[:HEADER_ROWS] if row}


def describe(mapping: Mapping) -> str:
    """A short name for a mapping: its sheets and what they feed."""
    return "; ".join(f"{s.sheet} → {', '.join(s.record_types)}" for s in mapping.mapped())
