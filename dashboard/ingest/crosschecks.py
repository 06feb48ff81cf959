"""Checks that span two record types, run once the file's records and the database's meet.

A value's unit must be its indicator's unit, and a published figure must name something
the dashboard can compute: a tracked figure or an indicator. The indicator may come from
the same upload or from an earlier one, so these run in the importer's plan, beside the
reference checks, and reject the rows they fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.ingest.problems import Problem
from dashboard.ingest.validate import ROW, SHEET, Table, Validation, check_duplicates
from dashboard.model.records import BY_NAME, INDICATOR, TRACKED_FIGURES
from dashboard.model.text import clean_cell, normalise

Current = Mapping[str, Mapping[Any, tuple[int, tuple[Any, ...]]]]

NEEDS: dict[str, tuple[str, ...]] = {
    "indicator": (),
    "indicator_value": ("indicator",),
    "published_figure": ("indicator",),
}
"""Record type → the types whose current records its checks read."""


def check(table: Table, current: Current, validation: Validation) -> None:
    """Run the checks for ``table``'s record type; faulted rows leave ``table`` as errors."""
    checker = _CHECKS.get(table.record_type.name)
    if checker is None:
        return
    bad = checker(table, current, validation)
    if bad:
        table.frame = table.frame.drop(index=sorted(bad)).reset_index(drop=True)


def indicator_units(table_of: Mapping[str, Table], current: Current) -> dict[str, tuple[str, str | None]]:
    """Indicator code → (unit, unit in Chinese or None), the upload's definitions over the database's."""
    names = [f.name for f in INDICATOR.fields]
    unit, unit_zh = names.index("unit"), names.index("unit_zh")
    units = {code: (values[unit], values[unit_zh]) for code, (_, values) in current.get("indicator", {}).items()}
    if (defined := table_of.get("indicator")) is not None:
        units.update(zip(defined.frame["code"], zip(defined.frame["unit"], defined.frame["unit_zh"]), strict=True))
    return units


def _fault(table: Table, index: int, code: str, column: str, **params: object) -> Problem:
    """The problem ``code`` in the cell of row ``index`` and field ``column`` of ``table``."""
    frame, rt = table.frame, table.record_type
    sheet, field = frame.at[index, SHEET], rt.field(column)
    return Problem(
        code,
        sheet=sheet,
        row=int(frame.at[index, ROW]),
        column=field.en,
        value=frame.at[index, column],
        col=table.column(sheet, column),
        params={"record": rt.name, "column_zh": field.zh, **params},
    )


def _units(table: Table, current: Current, validation: Validation) -> set[int]:
    units = indicator_units(validation.tables, current)
    bad = set()
    frame = table.frame
    for index, code, unit in zip(frame.index, frame["indicator"], frame["unit"], strict=True):
        expected, expected_zh = units.get(code, (None, None))
        if (
            unit is None
            or expected is None
            or any(same_unit(unit, u) for u in (expected, expected_zh) if isinstance(u, str) and u)
        ):
            continue
        unit_zh = expected_zh if isinstance(expected_zh, str) and expected_zh else expected
        validation.problems.append(
            _fault(table, index, "unit_mismatch", "unit", indicator=code, unit=expected, unit_zh=unit_zh)
        )
        bad.add(index)
    return bad


def same_unit(a: str, b: str) -> bool:
    """Units compare as written, ignoring case and spacing: “%” is not “‰”."""
    return clean_cell(a).casefold().replace(" ", "") == clean_cell(b).casefold().replace(" ", "")


def _codes(table: Table, current: Current, validation: Validation) -> set[int]:
    """An indicator's code must not be a name of a figure the dashboard tracks: a chart or a
    published figure could not tell the two apart."""
    tracked = {normalise(s) for c in TRACKED_FIGURES for s in (c.value, c.en, c.zh, *c.aliases)}
    bad = {index for index, code in table.frame["code"].items() if normalise(code) in tracked}
    validation.problems.extend(_fault(table, index, "reserved_code", "code") for index in sorted(bad))
    return bad


def figure_names(indicators: list[str]) -> dict[str, str]:
    """Every accepted spelling (normalised) → the figure's key: tracked figures, then indicator codes."""
    names = {normalise(code): code for code in indicators}
    for choice in TRACKED_FIGURES:
        for spelling in (choice.value, choice.en, choice.zh, *choice.aliases):
            names[normalise(spelling)] = choice.value
    return names


def _figures(table: Table, current: Current, validation: Validation) -> set[int]:
    names = figure_names(list(indicator_units(validation.tables, current)))
    codes = sorted(set(names.values()) - _tracked())
    allowed = ", ".join([c.en for c in TRACKED_FIGURES] + codes)
    allowed_zh = "、".join([c.zh for c in TRACKED_FIGURES] + codes)
    frame = table.frame
    bad = {index for index, figure in frame["figure"].items() if normalise(figure) not in names}
    validation.problems.extend(
        _fault(table, i, "unknown_figure", "figure", allowed=allowed, allowed_zh=allowed_zh) for i in sorted(bad)
    )
    frame["figure"] = [names.get(normalise(figure), figure) for figure in frame["figure"]]
    if bad:
        table.frame = frame.drop(index=sorted(bad)).reset_index(drop=True)
    validation.problems.extend(check_duplicates(table))  # two spellings of one figure are one row
    return set()


def _tracked() -> set[str]:
    return {c.value for c in TRACKED_FIGURES}


_CHECKS = {"indicator": _codes, "indicator_value": _units, "published_figure": _figures}
assert set(_CHECKS) == set(NEEDS) and all(name in BY_NAME for name in NEEDS)
