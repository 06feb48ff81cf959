"""The ``coopdash`` command as a user runs it, against one test database (the ``cli`` fixture)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.support.paths import COOPDASH


class Cli:
    """Runs ``coopdash`` in a child process against one database, as a user would."""

    def __init__(self, db_url: str, cwd: Path) -> None:
        self.env = os.environ | {"COOPDASH_DATABASE_URL": db_url}
        self.cwd = cwd

    def __call__(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(COOPDASH), *map(str, args)], capture_output=True, text=True, env=self.env, cwd=self.cwd, timeout=120
        )

    def json(self, *args: str | Path) -> tuple[int, dict]:
        done = self(*args, "--json")
        return done.returncode, json.loads(done.stdout)
