"""The mapping editor of the upload page, as Dash components (pure: data in, layout out), and
the mapping a person's choices in it make.

For a workbook in an office's own layout: per sheet, a table of its columns (the header as
written, sample values, a drop-down of the fields it fills, the proposal's confidence), the values
to confirm (choices and "none" cells), and a preview of the first records. Every value from the
file is passed to components as text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.batches.uploads import Preview
from dashboard.ingest.problems import Problem
from dashboard.ingest.validate import ROW
from dashboard.model.records import BY_NAME, RECORD_TYPES, Kind
from dashboard.model.texts import t
from dashboard.web import ids

BLANK = "__blank__"  # the drop-down's value for "leave the cell blank"


def field_options(lang: str) -> list[dict[str, str]]:
    """Every field of every record type, as the drop-down offers them."""
    return [
        {"label": f"{rt.label(lang)} › {f.label(lang)}", "value": f"{rt.name}.{f.name}"}
        for rt in RECORD_TYPES
        for f in rt.fields
    ]


def _answers(sheet: dict[str, Any]) -> list[dict[str, Any]]:
    """The values of a sheet to confirm: the proposed ones, then the questions (with their suggestion)."""
    return [*sheet.get("values", []), *({**q, "maps_to": q.get("suggested")} for q in sheet.get("questions", []))]


def editor(proposal: dict[str, Any], file_name: str, lang: str) -> html.Div:
    options = field_options(lang)
    parts: list[Any] = [dbc.Alert(t("mapping.own_layout", lang, file=file_name), color="info", id=ids.MAPPING_INTRO)]
    for i, sheet in enumerate(proposal.get("sheets", [])):
        parts.append(
            html.H3(
                t("mapping.sheet_heading", lang, sheet=sheet["sheet"], row=sheet["header_row"]), className="h6 mt-3"
            )
        )
        rows = []
        by_column: dict[str, list[dict[str, Any]]] = {}
        for column in sheet["columns"]:
            by_column.setdefault(column["letter"], []).append(column)
        for letter, entries in by_column.items():
            first = entries[0]
            chosen = [f"{c['record_type']}.{c['field']}" for c in entries if c["record_type"]]
            confidence = min(c["confidence"] for c in entries)
            rows.append(
                html.Tr(
                    [
                        html.Td(f"{letter} · {first['column']}"),
                        html.Td(" · ".join(first.get("samples", [])), className="small text-muted"),
                        html.Td(
                            dcc.Dropdown(
                                id={"type": ids.MAP_FIELD, "sheet": i, "col": _index(letter)},
                                options=options,
                                value=chosen,
                                multi=True,
                                placeholder=t("mapping.choose", lang),
                            ),
                            style={"minWidth": "22rem"},
                        ),
                        html.Td(dbc.Badge(f"{confidence:.0%}", color=_colour(confidence))),
                    ]
                )
            )
        header = [t(k, lang) for k in ("mapping.column", "mapping.samples", "mapping.field", "mapping.confidence")]
        parts.append(_table(header, rows, f"mapping-columns-{i}"))
        answers = _answers(sheet)
        if answers:
            parts.append(html.H4(t("mapping.values", lang), className="h6 mt-2"))
            value_rows = [
                html.Tr(
                    [
                        html.Td(a["value"]),
                        html.Td(_field_label(a["record_type"], a["field"], lang)),
                        html.Td(
                            dcc.Dropdown(
                                id={"type": ids.MAP_VALUE, "sheet": i, "n": n},
                                options=_value_options(a["record_type"], a["field"], lang),
                                value=a.get("maps_to") or BLANK,
                                clearable=False,
                            ),
                            style={"minWidth": "16rem"},
                        ),
                    ]
                )
                for n, a in enumerate(answers)
            ]
            header = [t("mapping.value", lang), t("mapping.field", lang), t("mapping.means", lang)]
            parts.append(_table(header, value_rows, f"mapping-values-{i}"))
    parts += [
        html.Div(id=ids.MAP_PREVIEW, className="mt-3"),
        dbc.Button(t("mapping.confirm", lang), id=ids.MAP_CONFIRM, color="primary", className="mt-2"),
    ]
    return html.Div(parts)


def _index(letter: str) -> int:
    index = 0
    for ch in letter:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _colour(confidence: float) -> str:
    return "success" if confidence >= 0.75 else "warning" if confidence >= 0.5 else "secondary"


def _field_label(record_type: str, field: str, lang: str) -> str:
    rt = BY_NAME[record_type]
    return f"{rt.label(lang)} › {rt.field(field).label(lang)}"


def _value_options(record_type: str, field: str, lang: str) -> list[dict[str, str]]:
    f = BY_NAME[record_type].field(field)
    choices = [{"label": c.label(lang), "value": c.value} for c in f.choices] if f.kind is Kind.CHOICE else []
    return [{"label": t("mapping.leave_blank", lang), "value": BLANK}, *choices]


def edited(
    proposal: dict[str, Any],
    field_ids: Sequence[Any],
    field_values: Sequence[Any],
    value_ids: Sequence[Any],
    value_values: Sequence[Any],
) -> dict[str, Any]:
    """The mapping (JSON, for :func:`dashboard.ingest.mapping.from_json` to check) that the
    drop-downs' values make of ``proposal``. Anything not understood is left as proposed."""
    sheets = []
    chosen: dict[tuple[int, int], list[str]] = {}
    for id_, value in zip(field_ids, field_values):
        if isinstance(id_, dict) and isinstance(value, list):
            chosen[(id_.get("sheet"), id_.get("col"))] = [v for v in value if isinstance(v, str)][:20]  # type: ignore[index]
    answered: dict[tuple[int, int], str | None] = {}
    for id_, value in zip(value_ids, value_values):
        if isinstance(id_, dict) and isinstance(value, str):
            answered[(id_.get("sheet"), id_.get("n"))] = None if value == BLANK else value  # type: ignore[index]
    for i, sheet in enumerate(proposal.get("sheets", [])):
        columns: list[dict[str, Any]] = []
        seen: set[str] = set()
        for column in sheet["columns"]:
            if column["letter"] in seen:
                continue
            seen.add(column["letter"])
            targets = chosen.get((i, _index(column["letter"])))
            if targets is None:
                columns += [c for c in sheet["columns"] if c["letter"] == column["letter"]]
                continue
            base = {"column": column["column"], "letter": column["letter"]}
            pairs = [target.split(".", 1) for target in targets if "." in target]
            columns += [{**base, "record_type": rt, "field": name} for rt, name in pairs] or [
                {**base, "record_type": None, "field": None}
            ]
        values = [
            {k: a[k] for k in ("record_type", "field", "value")} | {"maps_to": answered.get((i, n), a.get("maps_to"))}
            for n, a in enumerate(_answers(sheet))
        ]
        sheets.append(
            {"sheet": sheet["sheet"], "header_row": sheet["header_row"], "columns": columns, "values": values}
        )
    return {"sheets": sheets}


def preview_tables(found: Preview, lang: str) -> html.Div:
    """The first records a mapping reads, per record type, and the first problems."""
    parts: list[Any] = [html.H4(t("mapping.preview", lang), className="h6")]
    for name, rows in found.records.items():
        rt = BY_NAME[name]
        header = [t("mapping.from_row", lang), *(f.label(lang) for f in rt.fields)]
        body = [html.Tr([html.Td(str(row[ROW])), *(html.Td(_text(row[f.name])) for f in rt.fields)]) for row in rows]
        parts += [
            html.Div(rt.label(lang), className="fw-semibold small mt-2"),
            _table(header, body, f"map-preview-{name}"),
        ]
    if found.problems:
        parts.append(html.Div(t("mapping.preview_problems", lang), className="fw-semibold small mt-2"))
        parts.append(html.Ul([html.Li(_problem(p, lang)) for p in found.problems], id=ids.MAP_PREVIEW_PROBLEMS))
    return html.Div(parts)


def _problem(problem: Problem, lang: str) -> str:
    where = ", ".join(str(part) for part in (problem.sheet, problem.row, problem.column) if part)
    return f"{where}: {problem.message(lang)}"


def _text(value: Any) -> str:
    if value is None or value != value:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _table(header: Sequence[str], rows: Sequence[Any], id: str) -> html.Div:
    return html.Div(
        dbc.Table(
            [html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(list(rows))],
            id=id,
            size="sm",
            striped=True,
            className="mb-2 align-middle",
        ),
        className="table-responsive",
    )
