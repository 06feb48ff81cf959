"""The ``coopdash`` command as a user runs it, against one test database (the ``cli`` fixture).

A command runs through the console script's own entry point, :func:`dashboard.cli.main`, with
the arguments, environment, working folder, standard streams and exit code a shell would give
it, in the test's process: starting a Python process with pandas and SQLAlchemy for each of the
suite's few hundred commands cost more than the commands. What only a process of its own can
show (what a command imports as it starts, a kill in mid-commit, a browser that cannot start in a
process that already has one) is tested with ``Cli(..., process=True)`` or a subprocess of its own.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import subprocess
import sys
import traceback
import weakref
from collections.abc import Iterator
from pathlib import Path

from tests.support.paths import COOPDASH


class Cli:
    """Runs ``coopdash`` against one database, as a user would."""

    def __init__(self, db_url: str, cwd: Path, *, process: bool = False) -> None:
        self.env = os.environ | {"COOPDASH_DATABASE_URL": db_url}
        self.cwd = cwd
        self.process = process  # a child process of its own for each command

    def __call__(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        argv = [str(COOPDASH), *map(str, args)]
        if self.process:
            return subprocess.run(argv, capture_output=True, text=True, env=self.env, cwd=self.cwd, timeout=120)
        return _in_this_process(argv, self.env, self.cwd)

    def json(self, *args: str | Path) -> tuple[int, dict]:
        done = self(*args, "--json")
        return done.returncode, json.loads(done.stdout)


def _in_this_process(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    from dashboard.cli import main

    _watch_engines()
    out, err = io.StringIO(), io.StringIO()
    with _as_a_shell_runs_it(argv, env, cwd, out, err):
        try:
            code = main(argv[1:])
        except SystemExit as stop:  # argparse's usage errors and --help
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
            if stop.code is not None and not isinstance(stop.code, int):
                print(stop.code, file=sys.stderr)
        except Exception:  # what Python would print before exiting 1
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess(argv, code or 0, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _as_a_shell_runs_it(
    argv: list[str], env: dict[str, str], cwd: Path, out: io.StringIO, err: io.StringIO
) -> Iterator[None]:
    saved_env, saved_cwd, saved_argv = dict(os.environ), os.getcwd(), sys.argv
    streams = (sys.stdin, sys.stdout, sys.stderr)
    # a process of its own has no logging handler: Python's last resort writes warnings to stderr
    to_stderr = logging.StreamHandler(err)
    to_stderr.setLevel(logging.WARNING)
    root = logging.getLogger()
    try:
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        sys.argv = argv
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), out, err
        root.addHandler(to_stderr)
        yield
    finally:
        root.removeHandler(to_stderr)
        sys.stdin, sys.stdout, sys.stderr = streams
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        _close_connections()
        _forget_what_a_process_would()


def _forget_what_a_process_would() -> None:
    """The next command starts as a new process would: no snapshot of the records or cached page
    kept from this one (the modules are cleared only if a command loaded them)."""
    for name in ("dashboard.analysis.snapshot", "dashboard.store.cache"):
        module = sys.modules.get(name)
        if module is not None:
            module.clear()


_engines: weakref.WeakSet = weakref.WeakSet()  # engines that connected during a command


def _connected(connection) -> None:  # noqa: ANN001  (SQLAlchemy's engine_connect event)
    _engines.add(connection.engine)


def _close_connections() -> None:
    """Close the database connections the command's engines keep in their pools, as its exit
    would: a PostgreSQL database with a connection open cannot be dropped or restored."""
    for engine in list(_engines):
        engine.dispose()
    _engines.clear()


def _watch_engines() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not event.contains(Engine, "engine_connect", _connected):
        event.listen(Engine, "engine_connect", _connected)
