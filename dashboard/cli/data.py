"""``coopdash import``, ``batches``, ``rollback``, ``duplicates``, ``merge`` and ``template``: data in, and undone."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UsageError, open_store
from dashboard.cli.mapping import read_mapping
from dashboard.model.records import INSTITUTION_TYPES
from dashboard.model.texts import t

if TYPE_CHECKING:
    from dashboard.batches.importer import ImportResult
    from dashboard.batches.matching import Match
    from dashboard.ingest.problems import Problem


def add_commands(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser("import", help="import a workbook (.xlsx, .xls, .ods) or a .csv")
    sub.add_argument("path", type=Path)
    sub.add_argument("--dry-run", action="store_true", help="validate and compare, write nothing")
    sub.add_argument("--json", action="store_true", help="print the result as one JSON object")
    sub.add_argument("--user", default="cli", help="who is importing (recorded with the batch)")
    sub.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the messages")
    sub.add_argument(
        "--accept-matches",
        action="store_true",
        help="take the names proposed as known institutions for them (their spellings become aliases)",
    )
    sub.add_argument(
        "--only-if-empty", action="store_true", help="do nothing when the database already holds data (for first start)"
    )
    sub.add_argument(
        "--mapping", type=Path, metavar="MAP.json", help="read a workbook in an office's own layout with this mapping"
    )
    sub.set_defaults(run=_import)

    sub = commands.add_parser("batches", help="list the committed uploads and rollbacks")
    sub.add_argument("--json", action="store_true")
    sub.set_defaults(run=_batches)

    sub = commands.add_parser("rollback", help="undo a batch: its records return to their state before it")
    sub.add_argument("batch", type=int)
    sub.add_argument("--user", default="cli")
    sub.set_defaults(run=_rollback)

    sub = commands.add_parser("duplicates", help="list stored institutions that are likely one")
    sub.add_argument("--json", action="store_true")
    sub.set_defaults(run=_duplicates)

    sub = commands.add_parser(
        "merge", help="merge institution B into A: B's records name A, B's names become A's other names (one batch)"
    )
    sub.add_argument("survivor", metavar="A", help="the stored name to keep")
    sub.add_argument("duplicate", metavar="B", help="the stored name merged into it")
    sub.add_argument("--type", choices=INSTITUTION_TYPES, help="partner or training_centre, when both hold the names")
    sub.add_argument("--user", default="cli")
    sub.set_defaults(run=_merge)

    sub = commands.add_parser("template", help="write the Excel template staff fill in")
    sub.add_argument("--out", type=Path, required=True, metavar="FILE")
    sub.set_defaults(run=_template)


def _import(args: argparse.Namespace) -> int:
    from dashboard.batches.importer import import_path
    from dashboard.ingest.mapping import MappingError

    if not args.path.is_file():
        raise UsageError(f"no such file: {args.path}")
    mapping = read_mapping(args.mapping) if args.mapping else None  # a malformed one before anything is read
    store = open_store(args)
    if args.only_if_empty and not store.is_empty():
        print(f"{store!r} already holds data: nothing imported.")
        return EXIT_OK
    try:
        result = import_path(
            store, args.path, user=args.user, dry_run=args.dry_run, mapping=mapping, accept_matches=args.accept_matches
        )
    except MappingError as error:
        raise UsageError(f"{args.mapping or 'the mapping'}: {error.text(args.lang)}") from None
    if args.json:
        print(json.dumps(result.as_json(args.lang), ensure_ascii=False, default=str, indent=2))
    else:
        print(format_result(result, args.lang))
    return EXIT_REJECTED if result.status == "rejected" else EXIT_OK


def format_result(result: ImportResult, lang: str = "en") -> str:
    """The import's outcome as a staff member reads it in a terminal."""
    outcome: str = "unchanged" if result.status == "committed" and result.batch is None else result.status
    if outcome == "valid" and not result.changes_anything:
        outcome = "valid_unchanged"
    lines = [t(f"cli.{outcome}", lang, file=result.file_name, batch=result.batch)]
    if result.reading.layout == "profile" and result.reading.profile:
        lines.append(
            t("mapping.read_with_profile", lang, id=result.reading.profile.id, name=result.reading.profile.name)
        )
    elif result.reading.layout == "mapped":
        lines.append(t("mapping.read_with_mapping", lang))
        if result.status == "committed" and result.profile:
            lines.append(t("mapping.saved_as", lang, id=result.profile))
    if result.counts:
        lines += ["", t("cli.table", lang)]
        lines += [
            f"{name:<18}{c.new:>5}{c.updated:>9}{c.unchanged:>11}{c.rejected:>10}" for name, c in result.counts.items()
        ]
    for title, matches in (
        ("cli.matches", [m for m in result.matches if m.accepted]),
        ("cli.proposals", [m for m in result.matches if not m.accepted]),
    ):
        if matches:
            lines += ["", t(title, lang, n=len(matches))]
            lines += [
                f"  {_where_match(m, lang)}“{m.value}” → {m.candidate} ({m.score:.2f}): {m.reason(lang)}"
                for m in matches
            ]
    for title, problems in (("errors", result.errors), ("warnings", result.warnings)):
        if problems:
            lines += ["", f"{t(f'cli.{title}', lang)} ({len(problems)}):"]
            lines += [f"  {_where(p, lang)}{p.message(lang)} {p.fix(lang)}" for p in problems]
    return "\n".join(lines)


def _where(problem: Problem, lang: str) -> str:
    column = problem.column_label(lang)
    parts = [
        t(f"cli.{name}", lang, value=value)
        for name, value in (("sheet", problem.sheet), ("row", problem.row), ("column", column))
        if value
    ]
    return f"{t('cli.separator', lang).join(parts)}: " if parts else ""


def _where_match(match: Match, lang: str) -> str:
    parts = [t(f"cli.{name}", lang, value=value) for name, value in (("sheet", match.sheet), ("row", match.row))]
    return f"{t('cli.separator', lang).join(parts)}: "


def _batches(args: argparse.Namespace) -> int:
    rows = open_store(args).batches()
    if args.json:
        print(json.dumps(rows, default=str, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("No batches yet: import a workbook with `coopdash import FILE`.")
    for b in rows:
        changed = sum(
            n
            for counts in b["counts"].values()
            for key, n in counts.items()
            if key in ("new", "updated", "withdrawn", "restored")
        )
        state = f"  rolled back by batch {b['rolled_back_by']}" if b["rolled_back_by"] else ""
        print(
            f"{b['id']:>5}  {b['committed_at']:%Y-%m-%d %H:%M}  {b['kind']:<8}  {b['user']:<12}  "
            f"{changed:>7} changed  {b['file_name']}{state}"
        )
    return EXIT_OK


def _rollback(args: argparse.Namespace) -> int:
    from dashboard.batches.rollback import RollbackRefused, rollback

    try:
        result = rollback(open_store(args), args.batch, user=args.user)
    except RollbackRefused as refused:
        print(f"coopdash: {refused}", file=sys.stderr)
        return EXIT_REJECTED
    summary = (
        ", ".join(f"{name}: {c['withdrawn']} withdrawn, {c['restored']} restored" for name, c in result.counts.items())
        or "no records"
    )
    print(f"Rolled back batch {result.batch} (recorded as batch {result.rollback_batch}): {summary}.")
    return EXIT_OK


def _duplicates(args: argparse.Namespace) -> int:
    from dashboard.batches.merge import likely_duplicates

    found = likely_duplicates(open_store(args))
    if args.json:
        print(json.dumps([asdict(d) for d in found], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not found:
        print("No likely duplicates among the stored institutions.")
    for d in found:
        why = "same name" if d.exact else ", ".join(t(f"names.reason.{r}") for r in d.reasons)
        print(f"{d.record_type:<16} {d.score:.2f}  “{d.first}”  ~  “{d.second}”  ({why})")
    if found:
        print('\nMerge a pair with: coopdash merge "KEEP" "MERGE INTO IT"')
    return EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    from dashboard.batches.merge import MergeRefused, merge

    try:
        done = merge(open_store(args), args.survivor, args.duplicate, record_type=args.type, user=args.user)
    except MergeRefused as refused:
        print(f"coopdash: {refused}", file=sys.stderr)
        return EXIT_USAGE
    summary = ", ".join(
        f"{name}: " + ", ".join(f"{n} {key}" for key, n in c.items()) for name, c in done.counts.items()
    )
    print(f"Merged “{done.duplicate}” into “{done.survivor}” as batch {done.batch} ({summary}).")
    print(f"Undo it with: coopdash rollback {done.batch}")
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from dashboard.ingest.template import write_template

    write_template(args.out)
    print(f"Wrote the template to {args.out}")
    return EXIT_OK
