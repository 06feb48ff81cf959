"""The database itself, through ``coopdash db``: schema migrations."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest import SAMPLE

from dashboard import database, metrics
from dashboard.importer import import_path
from dashboard.store import Store, metadata
from dashboard.workbook import write_workbook

pytestmark = pytest.mark.databases  # on SQLite and on PostgreSQL


def _update(path):
    return write_workbook(
        path, {"standard": [{"code": "SZPT-CS-901", "title": "Added after the backup", "discipline": "Computing"}]}
    )


def test_the_migrations_build_exactly_the_schema_the_model_describes(db_url):
    store = Store(db_url)
    with store.engine.connect() as connection:
        assert database.revision(connection) == database.head()
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []


def test_a_database_made_before_migrations_is_upgraded_in_place_keeping_its_data(db_url, cli, tmp_path):
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:  # empty it, then build it as the first release did
        metadata.drop_all(connection)
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        metadata.create_all(connection)
    engine.dispose()
    old = Store(db_url, upgrade=False)
    assert import_path(old, SAMPLE).batch == 1
    figures = json.loads(json.dumps(metrics.headline(metrics.load(old))))
    assert not sa.inspect(old.engine).has_table("alembic_version")
    old.engine.dispose()

    done = cli("db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert f"from revision none to {database.head()}" in done.stdout
    assert cli.json("metrics")[1] == figures
    assert cli("db", "upgrade").stdout.endswith(f"is up to date (revision {database.head()}).\n")
    code, result = cli.json("import", _update(tmp_path / "update.xlsx"))
    assert code == 0 and result["batch"] == 2
