"""``coopdash map`` and ``coopdash mappings``: an office's own workbook layout, mapped and remembered.

``coopdash map FILE`` proposes how to read a workbook in a layout of its own (see
:mod:`dashboard.ingest.mapping`); ``--json`` writes the proposal in the form ``coopdash import
FILE --mapping MAP.json`` reads back, edited or not. ``coopdash mappings`` lists the profiles saved
by committed imports; ``coopdash mappings remove ID`` forgets one.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, open_store
from dashboard.model.i18n import pick
from dashboard.model.records import BY_NAME
from dashboard.model.texts import t

if TYPE_CHECKING:
    from dashboard.ingest import mapping as mappings


def add_commands(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser("map", help="propose how to read a workbook in an office's own layout")
    sub.add_argument("path", type=Path)
    sub.add_argument("--json", action="store_true", help="print the proposal as JSON (for import --mapping)")
    sub.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the text output")
    sub.set_defaults(run=_map)

    sub = commands.add_parser("mappings", help="list the mapping profiles saved by imports (or remove one)")
    sub.add_argument("--json", action="store_true")
    actions = sub.add_subparsers(metavar="ACTION")
    remove = actions.add_parser("remove", help="forget a mapping profile")
    remove.add_argument("id", type=int)
    remove.add_argument("--user", default="cli", help="who removes it (recorded in the audit log)")
    remove.set_defaults(run=_remove)
    sub.set_defaults(run=_list)


def read_mapping(path: Path) -> mappings.Mapping:
    """The mapping in a JSON file, or :class:`UsageError` saying what is wrong with it."""
    from dashboard.ingest import mapping as mappings

    try:
        text = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read the mapping {path}: {error.strerror}") from None
    try:
        return mappings.loads(text)
    except mappings.MappingError as error:
        raise UsageError(f"{path}: {error.message}") from None


def _map(args: argparse.Namespace) -> int:
    from dashboard.ingest import mapping as mappings
    from dashboard.ingest.readers import read_path
    from dashboard.ingest.readers.base import UnreadableFile

    if not args.path.is_file():
        raise UsageError(f"no such file: {args.path}")
    try:
        sheets = read_path(args.path)
    except UnreadableFile as error:
        print(f"coopdash: {args.path.name} cannot be read: {pick(error.reason, error.reason_zh, args.lang)}")
        return EXIT_REJECTED
    proposal = mappings.propose(sheets)
    if args.json:
        print(json.dumps(proposal.as_json(), ensure_ascii=False, indent=2))
    else:
        print(format_proposal(proposal, args.lang))
    return EXIT_OK


def _target(record_type: str | None, field: str | None, lang: str) -> str:
    if not record_type or not field:
        return t("mapping.ignored", lang)
    rt = BY_NAME[record_type]
    return f"{rt.label(lang)} › {rt.field(field).label(lang)}  ({record_type}.{field})"


def format_proposal(proposal: mappings.Mapping, lang: str = "en") -> str:
    """The proposal as a person reads it in a terminal."""
    if not proposal.sheets:
        return t("mapping.nothing", lang)
    lines: list[str] = []
    for sheet in proposal.sheets:
        types = ", ".join(BY_NAME[name].label(lang) for name in sheet.record_types) or t("mapping.ignored", lang)
        lines += [t("mapping.sheet_line", lang, sheet=sheet.sheet, row=sheet.header_row, types=types)]
        for column in sheet.columns:
            target = _target(column.record_type, column.field, lang)
            lines.append(f"  {column.letter:>3} {column.column or '—':<24} → {target}  {column.confidence:.0%}")
        for value in sheet.values:
            to = value.maps_to if value.maps_to is not None else t("mapping.blank", lang)
            lines.append(
                "  "
                + t(
                    "mapping.value_line",
                    lang,
                    value=value.value,
                    field=_target(value.record_type, value.field, lang),
                    to=to,
                )
            )
        for question in sheet.questions:
            lines.append(
                "  "
                + t(
                    "mapping.question_line",
                    lang,
                    value=question.value,
                    field=_target(question.record_type, question.field, lang),
                    options=", ".join(question.options),
                )
            )
        lines.append("")
    lines.append(t("mapping.next", lang))
    return "\n".join(lines)


def _list(args: argparse.Namespace) -> int:
    from dashboard.store import profiles

    found = profiles.profiles(open_store(args))
    if args.json:
        print(json.dumps([p.as_json() for p in found], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not found:
        print(t("mapping.no_profiles", "en"))
    for p in found:
        print(f"{p.id:>4}  {p.saved_at:%Y-%m-%d %H:%M}  {p.saved_by:<12}  {p.name}  (from {p.file_name})")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    from dashboard.store import profiles

    removed = profiles.remove(open_store(args), args.id, user=args.user, address="cli")
    if removed is None:
        raise UsageError(f"there is no mapping profile {args.id}: `coopdash mappings` lists them")
    print(f"Removed mapping profile {removed.id} ({removed.name}).")
    return EXIT_OK
