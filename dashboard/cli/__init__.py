"""The ``coopdash`` command line: :func:`main` assembles one parser from the command groups.

One module per group: :mod:`.data` (import, batches, rollback, template), :mod:`.mapping` (map,
mappings), :mod:`.figures`
(metrics, check-figures), :mod:`.users` (user …), :mod:`.db` (db …), :mod:`.export`
(export …) and :mod:`.serve`; :mod:`.common` holds what they share.

Exit status: 0 when the command did what was asked, 1 when the data was rejected,
2 for a usage error (an unknown option, a file that does not exist).

May import any package of the project (it is a top layer, beside :mod:`dashboard.web`); the
heavy ones (plotly, kaleido, python-pptx, dash) only inside the command that needs them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dashboard import __version__
from dashboard.cli import data, db, export, figures, mapping, serve, users
from dashboard.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UsageError
from dashboard.cli.data import format_result
from dashboard.config import SettingError
from dashboard.store.database import DatabaseError

__all__ = ["EXIT_OK", "EXIT_REJECTED", "EXIT_USAGE", "format_result", "main"]


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coopdash", description="Track a university's international cooperation.")
    parser.add_argument("--version", action="version", version=f"coopdash {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="SQLAlchemy database URL (default: $COOPDASH_DATABASE_URL, else sqlite:///instance/coopdash.sqlite)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for group in (data, mapping, figures, users, db, export, serve):
        group.add_commands(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
