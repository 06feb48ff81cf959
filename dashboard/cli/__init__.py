"""The ``coopdash`` command line: :func:`main` assembles one parser from the command groups.

One module per group: :mod:`.data` (import, batches, rollback, template), :mod:`.mapping` (map,
mappings), :mod:`.figures`
(metrics, check-figures), :mod:`.users` (user …), :mod:`.db` (db …), :mod:`.export`
(export …), :mod:`.notify` (remind, digest), :mod:`.publish` (the public site) and :mod:`.serve`;
:mod:`.common` holds what they share.

Exit status: 0 when the command did what was asked, 1 when the data was rejected,
2 for a usage error (an unknown option, a file that does not exist).

May import any package of the project (it is a top layer, beside :mod:`dashboard.web`), but a
command imports what it runs on (pandas, sqlalchemy, plotly, dash…) inside the function that runs
it: building the parser stays light, so ``coopdash --version`` and ``--help`` answer at once
(tests/cli/test_startup.py keeps it so).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from dashboard import __version__
from dashboard.cli import data, db, export, figures, mapping, notify, publish, serve, users
from dashboard.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UsageError
from dashboard.cli.data import format_result
from dashboard.config import SettingError

__all__ = ["EXIT_OK", "EXIT_REJECTED", "EXIT_USAGE", "format_result", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        publish.install_after_commit()  # with COOPDASH_PUBLISH_DIR: the public site follows every commit
        return args.run(args)
    except BrokenPipeError:  # the reader went away (`coopdash metrics --json | head`): not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  # no second complaint when Python flushes at exit
        return EXIT_OK
    except UsageError as error:
        print(f"coopdash: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SettingError as error:
        print(f"coopdash: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:
        # A database that cannot be upgraded, backed up or restored, or a chart renderer that cannot
        # start. Named here rather than imported above: sqlalchemy and alembic load only for the
        # commands that open a store.
        from dashboard.exports import renderer_failed
        from dashboard.store.database import DatabaseError

        if not (isinstance(error, DatabaseError) or renderer_failed(error)):
            raise
        print(f"coopdash: {error}", file=sys.stderr)
        return EXIT_REJECTED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coopdash", description="Track a university's international cooperation.")
    parser.add_argument("--version", action="version", version=f"coopdash {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="SQLAlchemy database URL (default: $COOPDASH_DATABASE_URL, else sqlite:///instance/coopdash.sqlite)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for group in (data, mapping, figures, users, db, export, notify, publish, serve):
        group.add_commands(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
