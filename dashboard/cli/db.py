"""``coopdash db …``: the database itself — schema upgrades, backups, restores."""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.cli.common import EXIT_OK, UsageError, open_store


def add_commands(commands: argparse._SubParsersAction) -> None:
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


def _db_upgrade(args: argparse.Namespace) -> int:
    from dashboard.store import database
    from dashboard.store.store import Store

    store = Store(args.database, upgrade=False)
    before, after = database.upgrade(store.engine)
    if before == after:
        print(f"{store!r} is up to date (revision {after}).")
    else:
        print(f"Upgraded {store!r} from revision {before or 'none'} to {after}.")
    return EXIT_OK


def _db_backup(args: argparse.Namespace) -> int:
    from dashboard.store import database

    store = open_store(args)
    database.backup(store.engine, args.path)
    print(f"Backed up {store!r} to {args.path}")
    return EXIT_OK


def _db_restore(args: argparse.Namespace) -> int:
    if not args.path.is_file():
        raise UsageError(f"no such file: {args.path}")
    from dashboard.store import database

    store = open_store(args)
    database.restore(store.engine, args.path)
    print(f"Restored {store!r} from {args.path}")
    return EXIT_OK
