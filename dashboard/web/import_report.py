"""The import report and the batch history as Dash components (pure: data in, layout out).

Every value from a file or the database is passed to components as text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard.batches.importer import Change, ImportResult
from dashboard.ingest.problems import Problem
from dashboard.model.records import BY_NAME
from dashboard.model.texts import t
from dashboard.web import ids

MAX_PROBLEM_ROWS = 300
MAX_CHANGE_ROWS = 100


def outcome(result: ImportResult, lang: str) -> dbc.Alert:
    if result.status == "committed":
        key, color = ("committed", "success") if result.batch else ("unchanged", "info")
    elif result.status == "valid" and not result.changes_anything:
        key, color = "nothing_to_commit", "info"
    else:
        key, color = result.status, ("success" if result.status == "valid" else "danger")
    return dbc.Alert(t(key, lang, file=result.file_name, batch=result.batch), color=color, id=ids.UPLOAD_OUTCOME)


def import_report(result: ImportResult, lang: str, download: str = "") -> html.Div:
    """Outcome, errors and warnings first, then the counts per record type, the records to add
    (the first of each type) and the records to change; ``download``: where every record to add and
    every change can be downloaded as a workbook (the preview's, while it is not committed)."""
    parts: list[Any] = [outcome(result, lang)]
    profile = result.reading.profile
    if result.reading.layout == "profile" and profile is not None:
        parts.append(
            html.P(t("mapping.read_with_profile", lang, id=profile.id, name=profile.name), id=ids.UPLOAD_PROFILE)
        )
    elif result.reading.layout == "mapped":
        parts.append(html.P(t("mapping.read_with_mapping", lang), id=ids.UPLOAD_PROFILE))
    if result.status == "committed" and result.reading.layout == "mapped" and result.profile:
        parts.append(html.P(t("mapping.saved_as", lang, id=result.profile), id=ids.UPLOAD_PROFILE_SAVED))
    for key, problems, table_id in (
        ("errors", result.errors, ids.UPLOAD_ERRORS),
        ("warnings", result.warnings, ids.UPLOAD_WARNINGS),
    ):
        if problems:
            parts += [
                html.H3(f"{t(key, lang)} ({len(problems)})", className="h6 mt-3"),
                problems_table(problems, lang, id=table_id),
            ]
    if result.counts:
        parts += [html.H3(t("preview", lang), className="h6 mt-3"), counts_table(result, lang)]
    if download and result.status == "valid" and (result.added or result.changes):
        link = html.A(t("preview_download", lang), href=download, id=ids.UPLOAD_PREVIEW_DOWNLOAD)
        parts.append(html.P(link, className="small"))
    if result.added:
        parts += [html.H3(t("added", lang), className="h6 mt-3"), added_table(result, lang)]
    if result.changes:
        parts += [html.H3(t("changes", lang), className="h6 mt-3"), changes_table(result.changes, lang)]
    return html.Div(parts)


def matches_panel(result: ImportResult, lang: str) -> html.Div | str:
    """Each name proposed as a known institution, with accept / keep as new (keep is chosen)."""
    if not result.matches:
        return ""
    header = [t(k, lang) for k in ("sheet", "row", "names.written", "names.known", "names.score", "names.reason")]
    rows = [
        html.Tr(
            [
                html.Td(m.sheet),
                html.Td(str(m.row)),
                html.Td(m.value),
                html.Td(m.candidate),
                html.Td(f"{m.score:.2f}"),
                html.Td(m.reason(lang)),
                html.Td(
                    dbc.RadioItems(
                        id={"type": ids.MATCH_CHOICE, "index": n},
                        options=[
                            {"label": t("names.accept", lang), "value": "accept"},
                            {"label": t("names.keep", lang), "value": "keep"},
                        ],
                        value="accept" if m.accepted else "keep",
                        inline=True,
                    )
                ),
            ]
        )
        for n, m in enumerate(result.matches)
    ]
    return html.Div(
        [
            html.H3(t("names.proposals", lang), className="h6 mt-3"),
            html.P(t("names.proposals_help", lang), className="small text-muted"),
            html.Div(
                dbc.Table(
                    [html.Thead(html.Tr([html.Th(h, scope="col") for h in [*header, ""]])), html.Tbody(rows)],
                    id=ids.UPLOAD_MATCHES_TABLE,
                    size="sm",
                    striped=True,
                ),
                className="table-responsive",
            ),
        ]
    )


def counts_table(result: ImportResult, lang: str) -> dbc.Table:
    header = [t(k, lang) for k in ("record_type", "new", "updated", "unchanged_count", "rejected_count")]
    rows = [[BY_NAME[name].label(lang), c.new, c.updated, c.unchanged, c.rejected] for name, c in result.counts.items()]
    return _table(header, rows, id=ids.UPLOAD_COUNTS)


def added_table(result: ImportResult, lang: str) -> html.Div:
    """The first new records of each type, as they would be stored, with their rows; a note where
    a type adds more than are listed."""
    parts: list[Any] = []
    for name in dict.fromkeys(change.record_type for change in result.added):
        rt = BY_NAME[name]
        shown = [change for change in result.added if change.record_type == name]
        fields = [f for f in rt.fields if any(not _blank(change.after.get(f.name)) for change in shown)]
        header = [t("row", lang), *(f.label(lang) for f in fields)]
        rows = [[change.row, *(_text(change.after.get(f.name)) for f in fields)] for change in shown]
        parts += [
            html.H4(rt.label(lang), className="h6 small text-muted mt-2"),
            _table(header, rows, id=f"{ids.UPLOAD_ADDED}-{name}"),
        ]
        total = result.counts[name].new if name in result.counts else len(shown)
        if total > len(shown):
            more = t("added_more", lang, shown=len(shown), total=f"{total:,}", record=rt.plural(lang).lower())
            parts.append(html.P(more, className="small text-muted"))
    return html.Div(parts, className="table-responsive", id=ids.UPLOAD_ADDED)


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def changes_table(changes: Sequence[Change], lang: str) -> html.Div:
    rows = []
    for change in changes[:MAX_CHANGE_ROWS]:
        rt = BY_NAME[change.record_type]
        for name, before in change.before.items():
            rows.append(
                [
                    rt.label(lang),
                    " / ".join(map(str, change.key)),
                    change.row,
                    rt.field(name).label(lang),
                    _text(before),
                    _text(change.after[name]),
                ]
            )
    header = [
        t("record_type", lang),
        t("key", lang),
        t("row", lang),
        t("column", lang),
        t("before", lang),
        t("after", lang),
    ]
    return html.Div(_table(header, rows, id=ids.UPLOAD_CHANGES), className="table-responsive")


def problems_table(problems: Sequence[Problem], lang: str, id: str) -> html.Div:
    shown = problems[:MAX_PROBLEM_ROWS]
    rows = [
        [p.sheet or "", p.row or "", p.column_label(lang) or "", _text(p.value), p.message(lang), p.fix(lang)]
        for p in shown
    ]
    header = [t(k, lang) for k in ("sheet", "row", "column", "value", "problem", "fix")]
    parts: list[Any] = [_table(header, rows, id=id)]
    if len(problems) > len(shown):
        parts.append(html.P(t("more_problems", lang, n=len(problems) - len(shown)), className="text-muted"))
    return html.Div(parts, className="table-responsive")


def history_table(batches: Sequence[dict[str, Any]], lang: str) -> html.Div | html.P:
    if not batches:
        return html.P(t("no_batches", lang), className="text-muted")
    header = [t(k, lang) for k in ("batch", "when", "who", "file", "changed", "state")] + [""]
    rows = []
    for b in reversed(batches):
        changed = sum(
            n
            for counts in b["counts"].values()
            for key, n in counts.items()
            if key in ("new", "updated", "withdrawn", "restored")
        )
        if b["kind"] == "rollback":
            state, action = t("rollback_of", lang, batch=b["rolls_back"]), ""
        elif b["rolled_back_by"]:
            state, action = t("rolled_back_by", lang, batch=b["rolled_back_by"]), ""
        else:
            state = ""
            action = dbc.Button(
                t("roll_back", lang), id={"type": ids.ROLLBACK, "batch": b["id"]}, size="sm", color="outline-danger"
            )
        who = t("who_cli", lang) if b["user"] == "cli" else b["user"]  # the command line's default name
        rows.append([b["id"], f"{b['committed_at']:%Y-%m-%d %H:%M}", who, b["file_name"], changed, state, action])
    return html.Div(_table(header, rows, id=ids.HISTORY_TABLE), className="table-responsive")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], id: str) -> dbc.Table:
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody(
                [
                    html.Tr([html.Td(cell if not isinstance(cell, (int, float)) else f"{cell}") for cell in row])
                    for row in rows
                ]
            ),
        ],
        id=id,
        size="sm",
        striped=True,
        hover=True,
        className="mb-2",
    )
