"""What every command shares: exit statuses, the usage error, the store a command opens."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.store.store import Store

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command was given something it cannot use (the message says what); exit status 2."""


def open_store(args: argparse.Namespace) -> Store:
    """The store of ``--database`` (else the configured one), its schema brought up to date."""
    from dashboard.store.store import Store  # sqlalchemy and alembic: for the commands that open a store

    return Store(args.database)


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write it as 2026-06-30)") from None


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)
