"""The ``coopdash`` command line.

Exit status: 0 when the command did what was asked, 1 when the data was rejected,
2 for a usage error (an unknown option, a file that does not exist).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import SettingError
from .database import DatabaseError
from .importer import ImportResult, import_path
from .problems import Problem
from .store import Store

if TYPE_CHECKING:
    from .filters import Filters
    from .view import View

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except UsageError as error:
        print(f"coopdash: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SettingError as error:
        print(f"coopdash: {error}", file=sys.stderr)
        return EXIT_USAGE
    except DatabaseError as error:
        print(f"coopdash: {error}", file=sys.stderr)
        return EXIT_REJECTED


class UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coopdash", description="Track a university's international cooperation.")
    parser.add_argument("--version", action="version", version=f"coopdash {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="SQLAlchemy database URL (default: $COOPDASH_DATABASE_URL, else sqlite:///instance/coopdash.sqlite)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    sub = commands.add_parser("import", help="import a workbook (.xlsx, .xls, .ods) or a .csv")
    sub.add_argument("path", type=Path)
    sub.add_argument("--dry-run", action="store_true", help="validate and compare, write nothing")
    sub.add_argument("--json", action="store_true", help="print the result as one JSON object")
    sub.add_argument("--user", default="cli", help="who is importing (recorded with the batch)")
    sub.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the messages")
    sub.add_argument(
        "--only-if-empty", action="store_true", help="do nothing when the database already holds data (for first start)"
    )
    sub.set_defaults(run=_import)

    sub = commands.add_parser("metrics", help="print the headline figures")
    sub.add_argument("--json", action="store_true")
    sub.add_argument("--lang", choices=("en", "zh"), default="en")
    sub.add_argument(
        "--as-of",
        type=_as_of,
        metavar="DATE",
        help="the figures as the database held them at the end of DATE (UTC), e.g. 2026-06-30",
    )
    sub.set_defaults(run=_metrics)

    sub = commands.add_parser(
        "check-figures", help="check the published figures against the records; exit 1 on a disagreement"
    )
    sub.add_argument("--json", action="store_true")
    sub.add_argument("--lang", choices=("en", "zh"), default="en")
    sub.add_argument(
        "--as-of", type=_as_of, metavar="DATE", help="check against the database as it stood at the end of DATE (UTC)"
    )
    sub.set_defaults(run=_check_figures)

    sub = commands.add_parser("batches", help="list the committed uploads and rollbacks")
    sub.add_argument("--json", action="store_true")
    sub.set_defaults(run=_batches)

    sub = commands.add_parser("rollback", help="undo a batch: its records return to their state before it")
    sub.add_argument("batch", type=int)
    sub.add_argument("--user", default="cli")
    sub.set_defaults(run=_rollback)

    users = commands.add_parser("user", help="manage who may sign in: viewers, editors, admins")
    user_commands = users.add_subparsers(title="user commands", metavar="ACTION", required=True)
    sub = user_commands.add_parser("add", help="add a user (the password is read from the terminal or stdin)")
    sub.add_argument("name")
    sub.add_argument("--role", choices=("viewer", "editor", "admin"), required=True)
    sub.set_defaults(run=_user_add)
    sub = user_commands.add_parser("passwd", help="set a user's password (ends their sessions)")
    sub.add_argument("name")
    sub.set_defaults(run=_user_passwd)
    sub = user_commands.add_parser("role", help="give a user another role (ends their sessions)")
    sub.add_argument("name")
    sub.add_argument("--role", choices=("viewer", "editor", "admin"), required=True)
    sub.set_defaults(run=_user_role)
    sub = user_commands.add_parser("remove", help="remove a user (ends their sessions)")
    sub.add_argument("name")
    sub.set_defaults(run=_user_remove)
    sub = user_commands.add_parser("list", help="list the users and their roles")
    sub.set_defaults(run=_user_list)
    sub = user_commands.add_parser("demo", help="with no users yet: add an editor with a new password and print it")
    sub.set_defaults(run=_user_demo)

    db = commands.add_parser("db", help="the database itself: schema upgrades, backups, restores")
    db_commands = db.add_subparsers(title="database commands", metavar="ACTION", required=True)
    sub = db_commands.add_parser("upgrade", help="create the schema, or bring it up to this version's")
    sub.set_defaults(run=_db_upgrade)
    sub = db_commands.add_parser("backup", help="write a consistent copy of the database to a file")
    sub.add_argument("path", type=Path)
    sub.set_defaults(run=_db_backup)
    sub = db_commands.add_parser("restore", help="replace the database's contents with a backup's")
    sub.add_argument("path", type=Path)
    sub.set_defaults(run=_db_restore)

    sub = commands.add_parser("template", help="write the Excel template staff fill in")
    sub.add_argument("--out", type=Path, required=True, metavar="FILE")
    sub.set_defaults(run=_template)

    _export_parser(commands)

    sub = commands.add_parser("serve", help="serve the dashboard")
    sub.add_argument("--host", default="127.0.0.1")
    sub.add_argument("--port", type=int, default=8050)
    sub.add_argument(
        "--debug",
        action="store_true",
        help="Dash's development server in debug mode (for development only, never on a shared server)",
    )
    sub.add_argument(
        "--workers", type=_positive, default=1, metavar="N", help="serve from N gunicorn worker processes (default 1)"
    )
    sub.add_argument("--threads", type=_positive, default=4, metavar="N", help="threads per gunicorn worker")
    sub.set_defaults(run=_serve)
    return parser


def _export_parser(commands: argparse._SubParsersAction) -> None:
    """``coopdash export``: charts as images, records as spreadsheets, ``--list`` names the charts."""
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--from", dest="start", type=int, metavar="YEAR", help="first year")
    filters.add_argument("--to", dest="end", type=int, metavar="YEAR", help="last year")
    filters.add_argument("--region", default="", metavar="CODES", help="UN M49 region codes, comma-separated (002,142)")
    filters.add_argument("--country", default="", metavar="ISO3S", help="ISO3 country codes, comma-separated")
    filters.add_argument("--lang", choices=("en", "zh"), default="en", help="language of titles and headers")

    export = commands.add_parser("export", help="export a chart as an image, or the records as .xlsx/.csv")
    export.add_argument("--list", action="store_true", help="name the charts that can be exported")
    export.set_defaults(run=_export_list)
    kinds = export.add_subparsers(title="what to export", metavar="chart|data|report")

    sub = kinds.add_parser("chart", parents=[filters], help="one chart as .png, .svg or .pdf")
    sub.add_argument("name", help="the chart's name (coopdash export --list)")
    sub.add_argument("--format", choices=("png", "svg", "pdf"), default="png")
    sub.add_argument("--out", type=Path, required=True, metavar="FILE")
    sub.set_defaults(run=_export_chart)

    sub = kinds.add_parser("data", parents=[filters], help="the filtered records as .xlsx, or one type as .csv")
    sub.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    sub.add_argument("--type", dest="record_type", metavar="RECORD_TYPE", help="the record type (required for csv)")
    sub.add_argument("--out", type=Path, required=True, metavar="FILE")
    sub.set_defaults(run=_export_data)

    sub = kinds.add_parser("report", parents=[filters], help="the monthly report as .pptx or .pdf")
    sub.add_argument("--format", choices=("pptx", "pdf"), default="pptx")
    sub.add_argument("--out", type=Path, required=True, metavar="PATH", help="a file, or a directory to name it in")
    sub.set_defaults(run=_export_report)


def _store(args: argparse.Namespace) -> Store:
    return Store(args.database)


def _import(args: argparse.Namespace) -> int:
    if not args.path.is_file():
        raise UsageError(f"no such file: {args.path}")
    store = _store(args)
    if args.only_if_empty and not store.is_empty():
        print(f"{store!r} already holds data: nothing imported.")
        return EXIT_OK
    result = import_path(store, args.path, user=args.user, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(result.as_json(args.lang), ensure_ascii=False, default=str, indent=2))
    else:
        print(format_result(result, args.lang))
    return EXIT_REJECTED if result.status == "rejected" else EXIT_OK


_WORDS = {
    "committed": ("Imported {file} as batch {batch}.", "已导入 {file}，批次 {batch}。"),
    "unchanged": ("{file} holds nothing new: the database is unchanged.", "{file} 没有新内容，数据库未改变。"),
    "valid": ("{file} is valid (dry run: nothing written).", "{file} 校验通过（试运行，未写入）。"),
    "rejected": (
        "{file} was rejected: nothing was written. Fix the errors below and import it again.",
        "{file} 未通过校验，未写入任何数据。请按下列错误修改后重新导入。",
    ),
    "table": (
        "record type        new  updated  unchanged  rejected",
        "记录类型            新增     更新       未变      拒绝",
    ),
    "errors": ("Errors", "错误"),
    "warnings": ("Warnings", "提示"),
    "sheet": ("sheet {}", "工作表“{}”"),
    "row": ("row {}", "第 {} 行"),
    "column": ("column {}", "“{}”列"),
}


def _say(key: str, lang: str) -> str:
    return _WORDS[key][lang == "zh"]


def format_result(result: ImportResult, lang: str = "en") -> str:
    """The import's outcome as a staff member reads it in a terminal."""
    outcome = "unchanged" if result.status == "committed" and result.batch is None else result.status
    lines = [_say(outcome, lang).format(file=result.file_name, batch=result.batch)]
    if result.counts:
        lines += ["", _say("table", lang)]
        lines += [
            f"{name:<18}{c.new:>5}{c.updated:>9}{c.unchanged:>11}{c.rejected:>10}" for name, c in result.counts.items()
        ]
    for title, problems in (("errors", result.errors), ("warnings", result.warnings)):
        if problems:
            lines += ["", f"{_say(title, lang)} ({len(problems)}):"]
            lines += [f"  {_where(p, lang)}{p.message(lang)} {p.fix(lang)}" for p in problems]
    return "\n".join(lines)


def _where(problem: Problem, lang: str) -> str:
    column = problem.params.get("column_zh", problem.column) if lang == "zh" else problem.column
    parts = [
        _say(name, lang).format(value)
        for name, value in (("sheet", problem.sheet), ("row", problem.row), ("column", column))
        if value
    ]
    return f"{(', ' if lang != 'zh' else '，').join(parts)}: " if parts else ""


def _as_of(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write it as 2026-06-30)") from None


def _metrics(args: argparse.Namespace) -> int:
    from . import metrics
    from .clock import end_of_day_utc

    as_of = end_of_day_utc(args.as_of) if args.as_of else None
    figures = metrics.headline(metrics.load(_store(args), as_of=as_of), today=args.as_of)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        width = max(len(m.label(args.lang)) for m in metrics.HEADLINE)
        for metric in metrics.HEADLINE:
            print(f"{metric.label(args.lang):<{width}}  {figures[metric.key]:>6}")
    return EXIT_OK


def _check_figures(args: argparse.Namespace) -> int:
    from . import display, metrics, published
    from .clock import end_of_day_utc

    as_of = end_of_day_utc(args.as_of) if args.as_of else None
    results = published.checks(metrics.load(_store(args), as_of=as_of))
    if args.json:
        print(json.dumps([c.as_dict(args.lang) for c in results], indent=2, ensure_ascii=False))
    elif not results:
        print("No published figures: add them on a Published figures sheet and import it.")
    for check in [] if args.json else results:
        recorded = "nothing" if check.recorded is None else f"{display.number(check.recorded):,}"
        verdict = "agrees" if check.agrees else f"DISAGREES: the records give {recorded}"
        if args.lang == "zh":
            verdict = "一致" if check.agrees else f"不一致：记录给出 {recorded}"
        print(
            f"{'✓' if check.agrees else '✗'} {check.date}  {check.label(args.lang)} = "
            f"{display.number(check.published):,}  {verdict}\n    “{check.statement}”"
        )
    return EXIT_OK if all(c.agrees for c in results) else EXIT_REJECTED


def _batches(args: argparse.Namespace) -> int:
    rows = _store(args).batches()
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
    from .history import RollbackRefused, rollback

    try:
        result = rollback(_store(args), args.batch, user=args.user)
    except RollbackRefused as refused:
        print(f"coopdash: {refused}", file=sys.stderr)
        return EXIT_REJECTED
    summary = (
        ", ".join(f"{name}: {c['withdrawn']} withdrawn, {c['restored']} restored" for name, c in result.counts.items())
        or "no records"
    )
    print(f"Rolled back batch {result.batch} (recorded as batch {result.rollback_batch}): {summary}.")
    return EXIT_OK


def _db_upgrade(args: argparse.Namespace) -> int:
    from . import database
    from .store import Store

    store = Store(args.database, upgrade=False)
    before, after = database.upgrade(store.engine)
    if before == after:
        print(f"{store!r} is up to date (revision {after}).")
    else:
        print(f"Upgraded {store!r} from revision {before or 'none'} to {after}.")
    return EXIT_OK


def _db_backup(args: argparse.Namespace) -> int:
    from . import database

    store = _store(args)
    database.backup(store.engine, args.path)
    print(f"Backed up {store!r} to {args.path}")
    return EXIT_OK


def _db_restore(args: argparse.Namespace) -> int:
    from . import database

    if not args.path.is_file():
        raise UsageError(f"no such file: {args.path}")
    store = _store(args)
    database.restore(store.engine, args.path)
    print(f"Restored {store!r} from {args.path}")
    return EXIT_OK


def _password(prompt: str = "Password: ") -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def _accounts_call(action, *args) -> int:
    """Run an accounts action; EXIT_OK, or EXIT_REJECTED with the reason on stderr."""
    code, _ = _accounts_result(action, *args)
    return code


def _accounts_result(action, *args) -> tuple[int, object]:
    from .accounts import AccountError

    try:
        return EXIT_OK, action(*args)
    except AccountError as error:
        print(f"coopdash: {error}", file=sys.stderr)
        return EXIT_REJECTED, None


def _user_add(args: argparse.Namespace) -> int:
    from . import accounts

    store = _store(args)
    code = _accounts_call(accounts.add, store, args.name, args.role, _password())
    if code == EXIT_OK:
        accounts.record(store, user="cli", address="cli", action="user_added", name=args.name, role=args.role)
        print(f"Added {args.name} ({args.role}).")
    return code


def _user_passwd(args: argparse.Namespace) -> int:
    from . import accounts

    store = _store(args)
    code, ended = _accounts_result(accounts.set_password, store, args.name, _password("New password: "))
    if code == EXIT_OK:
        accounts.record(
            store, user="cli", address="cli", action="password_changed", name=args.name, sessions_ended=ended
        )
        print(f"Changed the password of {args.name}; ended {ended} session(s).")
    return code


def _user_role(args: argparse.Namespace) -> int:
    from . import accounts

    store = _store(args)
    code, ended = _accounts_result(accounts.set_role, store, args.name, args.role)
    if code == EXIT_OK:
        accounts.record(
            store,
            user="cli",
            address="cli",
            action="role_changed",
            name=args.name,
            role=args.role,
            sessions_ended=ended,
        )
        print(f"{args.name} is now {args.role}; ended {ended} session(s).")
    return code


def _user_remove(args: argparse.Namespace) -> int:
    from . import accounts

    store = _store(args)
    code, ended = _accounts_result(accounts.remove, store, args.name)
    if code == EXIT_OK:
        accounts.record(store, user="cli", address="cli", action="user_removed", name=args.name, sessions_ended=ended)
        print(f"Removed {args.name}; ended {ended} session(s).")
    return code


def _user_list(args: argparse.Namespace) -> int:
    from . import accounts

    for account in accounts.all_accounts(_store(args)):
        print(f"{account.name:<24} {account.role:<8} since {account.created_at:%Y-%m-%d}")
    return EXIT_OK


def _user_demo(args: argparse.Namespace) -> int:
    import secrets

    from . import accounts

    store = _store(args)
    if accounts.has_accounts(store):
        return EXIT_OK
    password = secrets.token_urlsafe(12)
    accounts.add(store, "editor", "editor", password)
    accounts.record(store, user="cli", address="cli", action="user_added", name="editor", role="editor")
    print(f"Sign in as an editor of the demo with name 'editor' and password '{password}' (shown only this once).")
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from .template import write_template

    write_template(args.out)
    print(f"Wrote the template to {args.out}")
    return EXIT_OK


def _export_list(args: argparse.Namespace) -> int:
    if not args.list:
        raise UsageError(
            "say what to export: `coopdash export chart NAME`, `coopdash export data`, "
            "`coopdash export report`, or --list"
        )
    from .exports.charts import CHARTS

    print("\n".join(CHARTS))
    return EXIT_OK


def _export_filters(args: argparse.Namespace) -> Filters:
    """The filters named by ``--from``, ``--to``, ``--region``, ``--country`` and ``--lang``."""
    from .filters import Filters

    def codes(text: str) -> tuple[str, ...]:
        return tuple(sorted({c.strip() for c in text.split(",") if c.strip()}))

    return Filters(
        start=args.start,
        end=args.end,
        regions=codes(args.region),
        countries=tuple(c.upper() for c in codes(args.country)),
        lang=args.lang,
    )


def _export_view(args: argparse.Namespace, store: Store) -> View:
    from .snapshot import snapshot
    from .view import View

    return View(_export_filters(args), snapshot(store))


def _export_chart(args: argparse.Namespace) -> int:
    from .exports.charts import CHARTS, chart_figure, data_date, render

    if args.name not in CHARTS:
        raise UsageError(f"no chart named {args.name!r}; the charts are: {', '.join(CHARTS)}")
    store = _store(args)
    image = render(chart_figure(_export_view(args, store), args.name, data_date(store)), args.format)
    args.out.write_bytes(image)
    print(f"Wrote {args.name} to {args.out}")
    return EXIT_OK


def _export_data(args: argparse.Namespace) -> int:
    from .exports.data import data_csv, data_workbook
    from .records import BY_NAME

    if args.format == "csv" and not args.record_type:
        raise UsageError(f"a csv holds one record type: add --type ({', '.join(BY_NAME)})")
    if args.record_type and args.record_type not in BY_NAME:
        raise UsageError(f"no record type {args.record_type!r}: choose one of {', '.join(BY_NAME)}")
    records = _export_view(args, _store(args)).records
    if args.format == "csv":
        content = data_csv(records, args.record_type, args.lang)
    else:
        chosen = {args.record_type: records[args.record_type]} if args.record_type else records
        content = data_workbook(chosen, args.lang)
    args.out.write_bytes(content)
    print(f"Wrote the records to {args.out}")
    return EXIT_OK


def _export_report(args: argparse.Namespace) -> int:
    from .exports.charts import data_date
    from .exports.report import report_name, report_pdf, report_pptx

    store = _store(args)
    view, as_of = _export_view(args, store), data_date(store)
    content = report_pptx(view, as_of) if args.format == "pptx" else report_pdf(view, as_of)
    out = args.out / report_name(view, args.format, as_of) if args.out.is_dir() else args.out
    out.write_bytes(content)
    print(f"Wrote the report to {out}")
    return EXIT_OK


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def _serve(args: argparse.Namespace) -> int:
    """Serve with gunicorn, one worker or many; ``--debug`` alone runs Dash's development server
    (reloading, tracebacks in the browser): for a developer's machine, never for others to reach."""
    from .config import settings

    chosen = settings()  # a bad COOPDASH_* setting stops here, before any worker starts
    public_view = chosen.public_view_for(args.host)
    if args.debug:
        if args.workers > 1:
            raise UsageError("--debug serves from one process: leave out --workers")
        from .app import create_app

        app = create_app(_store(args), public_view=public_view, bind=args.host)
        print(f"coopdash: DEVELOPMENT server on http://{args.host}:{args.port} (--debug: never on a shared server)")
        app.run(host=args.host, port=args.port, debug=True)
        return EXIT_OK
    from .serving import serve

    workers = f"{args.workers} worker{'s' if args.workers > 1 else ''}"
    print(f"coopdash: serving on http://{args.host}:{args.port} with {workers}", flush=True)
    names = ", ".join(chosen.hosts_for(args.host))
    print(f"coopdash: answering the host names {names} (COOPDASH_ALLOWED_HOSTS sets them)", flush=True)
    serve(
        args.database,
        host=args.host,
        port=args.port,
        workers=args.workers,
        threads=args.threads,
        public_view=public_view,
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
