"""Shared fixtures: a fresh database per test, the sample workbook, the CLI as a user runs it.

Tests marked ``databases`` run twice, on SQLite and on a PostgreSQL server the session
starts (see tests/postgres.py); every other test uses SQLite. Without PostgreSQL's binaries
those runs fail, unless ``COOPDASH_SKIP_POSTGRES=1`` skips them.

Under pytest-xdist (``make test`` runs ``pytest -n auto --dist loadscope``) every worker is a
session of its own: its own PostgreSQL server, Chromium and temporary directories, and servers
on ports the kernel picks (``coopdash serve --port 0``), so workers never share or race for one.
A module's tests run on one worker, in order, so its module-scoped servers start once.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service

from dashboard.batches.importer import import_path
from dashboard.store.store import Store
from tests.support.cli import Cli
from tests.support.paths import SAMPLE
from tests.support.postgres import PostgresServer, PostgresUnavailable
from tests.support.servers import Server
from tests.support.smtp import SmtpServer

DATABASES = ("sqlite", "postgresql")
POSTGRES_TEMPLATE = "coopdash_template"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database" in metafunc.fixturenames and metafunc.definition.get_closest_marker("databases"):
        metafunc.parametrize("database", DATABASES, indirect=True)


@pytest.fixture
def database(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on: "sqlite" unless the test is marked ``databases``."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session, with a template database at the current schema."""
    if os.environ.get("COOPDASH_SKIP_POSTGRES") == "1":
        pytest.skip("COOPDASH_SKIP_POSTGRES=1: the PostgreSQL runs are skipped")
    try:
        server = PostgresServer()
    except PostgresUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    try:
        template = server.create_database(name=POSTGRES_TEMPLATE)
        Store(server.url(template)).engine.dispose()
        yield server
    finally:
        server.stop()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coopdash.sqlite"


@pytest.fixture
def db_url(database: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty database of the test's kind."""
    if database == "sqlite":
        yield f"sqlite:///{db_path}"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = server.create_database(template=POSTGRES_TEMPLATE)
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def store(db_url: str) -> Store:
    return Store(db_url)


@pytest.fixture
def sample_store(store: Store) -> Store:
    result = import_path(store, SAMPLE)
    assert result.status == "committed", result.as_json()
    return store


@pytest.fixture
def sample_db(db_url: str) -> str:
    """The test's database holding the sample, imported in this process: for the tests of other
    commands, which need not pay a second ``coopdash import`` process for it."""
    store = Store(db_url)
    result = import_path(store, SAMPLE)
    assert result.status == "committed", result.as_json()
    store.engine.dispose()
    return db_url


@pytest.fixture
def cli(db_url: str, tmp_path: Path) -> Cli:
    return Cli(db_url, tmp_path)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """Start servers for a test module; all are stopped when it ends."""
    started: list[Server] = []

    def start(**env: str) -> Server:
        started.append(Server(tmp_path_factory.mktemp("server"), env))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    for attempt in range(3):  # chromedriver's port is chosen free, but another worker may take it first
        try:
            driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
            break
        except WebDriverException:
            if attempt == 2:
                raise
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on a free loopback port, keeping every mail it accepts."""
    server = SmtpServer()
    yield server
    server.stop()
