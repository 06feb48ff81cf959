"""The command line answers at once: building it imports none of what the commands run on."""

from __future__ import annotations

import subprocess
import sys

from tests.support.paths import COOPDASH, ROOT

HEAVY = ("pandas", "numpy", "sqlalchemy", "alembic", "openpyxl", "python_calamine", "plotly", "dash", "flask")

# Every command's --help, in one fresh interpreter; then the heavy packages it loaded on the way.
PROBE = """
import argparse, contextlib, io, sys
from dashboard.cli import _parser, main

def commands(parser, path=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name)
                yield from commands(sub, (*path, name))

seen = list(commands(_parser()))
for words in [(), *seen]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main([*words, "--help"])
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(["--version"])
print(len(seen))
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1:]))))
"""


def test_every_commands_help_and_the_version_load_no_heavy_package() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *HEAVY], capture_output=True, text=True, cwd=ROOT, check=True, timeout=60
    )
    count, loaded = done.stdout.splitlines()
    assert int(count) >= 15, "the probe walked the commands"
    assert loaded == "", f"building the command line imported {loaded}: import it inside the command that runs on it"


def test_the_version_is_printed_by_the_installed_command() -> None:
    done = subprocess.run([str(COOPDASH), "--version"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0
    assert done.stdout.startswith("coopdash ")


def test_the_user_commands_offer_the_roles_an_account_can_have():
    from dashboard.cli.users import ROLES
    from dashboard.store.accounts import ROLES as ACCOUNT_ROLES

    assert ROLES == ACCOUNT_ROLES
