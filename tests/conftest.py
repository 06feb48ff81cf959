"""Shared fixtures: a fresh database per test, the sample workbook, the CLI as a user runs it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.importer import import_path
from dashboard.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample_cooperation.xlsx"
COOPDASH = Path(sys.executable).with_name("coopdash")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coopdash.sqlite"


@pytest.fixture
def db_url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"


@pytest.fixture
def store(db_url: str) -> Store:
    return Store(db_url)


@pytest.fixture
def sample_store(store: Store) -> Store:
    result = import_path(store, SAMPLE)
    assert result.status == "committed", result.as_json()
    return store


class Cli:
    """Runs ``coopdash`` in a child process against one database, as a user would."""

    def __init__(self, db_url: str, cwd: Path) -> None:
        self.env = os.environ | {"COOPDASH_DATABASE_URL": db_url}
        self.cwd = cwd

    def __call__(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(COOPDASH), *map(str, args)], capture_output=True, text=True,
                              env=self.env, cwd=self.cwd, timeout=120)

    def json(self, *args: str | Path) -> tuple[int, dict]:
        done = self(*args, "--json")
        return done.returncode, json.loads(done.stdout)


@pytest.fixture
def cli(db_url: str, tmp_path: Path) -> Cli:
    return Cli(db_url, tmp_path)


def dump(db_path: Path) -> list[str]:
    """Every statement that would rebuild the database: equal dumps, equal contents."""
    if not db_path.exists():
        return []
    with sqlite3.connect(db_path) as connection:
        return list(connection.iterdump())
