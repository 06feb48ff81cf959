"""The database itself, through ``coopdash db``: schema migrations, backups and restores."""

from __future__ import annotations

import threading
import time

import openpyxl
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from dashboard.batches.importer import import_path
from dashboard.ingest.workbook import write_workbook
from dashboard.model.records import BY_NAME, RECORD_TYPES
from dashboard.store import database
from dashboard.store.schema import metadata
from dashboard.store.store import Store
from tests.support.database import dump
from tests.support.paths import SAMPLE

pytestmark = pytest.mark.databases  # on SQLite and on PostgreSQL


def _update(path):
    return write_workbook(
        path, {"standard": [{"code": "SZPT-CS-901", "title": "Added after the backup", "discipline": "Computing"}]}
    )


@pytest.fixture
def empty_db_url(database, db_path, request):
    """A database with no schema at all (db_url's PostgreSQL databases are made at the current one)."""
    if database == "sqlite":
        yield f"sqlite:///{db_path}"
        return
    server = request.getfixturevalue("postgres")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


def test_processes_opening_a_new_database_at_once_create_its_schema_once(empty_db_url):
    start, opened, failed = threading.Barrier(4), [], []

    def open_store() -> None:
        start.wait()
        try:
            opened.append(Store(empty_db_url))
        except Exception as error:  # reported below, with the others'
            failed.append(error)

    threads = [threading.Thread(target=open_store, daemon=True) for _ in range(4)]  # daemons: a hang fails, not blocks
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    for thread in threads:
        thread.join(timeout=max(0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "opening the database hung"
    assert failed == [] and len(opened) == 4
    with opened[0].engine.connect() as connection:
        versions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        assert versions == [database.head()]
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []


def test_the_head_known_without_alembic_is_the_newest_migration_script():
    scripts = ScriptDirectory(str(database.MIGRATIONS))
    assert database.head() == scripts.get_current_head()  # a new migration moves database.HEAD too


def test_the_migrations_build_exactly_the_schema_the_model_describes(db_url):
    store = Store(db_url)
    with store.engine.connect() as connection:
        assert database.revision(connection) == database.head()
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []


LATER_TYPES = ("indicator_value", "indicator", "published_figure")  # added after the first releases


@pytest.mark.parametrize("release", ["recent", "older"])
def test_a_database_made_before_migrations_is_upgraded_in_place_keeping_its_data(db_url, cli, tmp_path, release):
    missing = LATER_TYPES if release == "older" else ()
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:  # empty it, then build it as releases before migrations did
        metadata.drop_all(connection)
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        metadata.create_all(connection)
        for name in missing:
            metadata.tables[name].drop(connection)
    engine.dispose()
    workbook = openpyxl.load_workbook(SAMPLE)
    for name in missing:  # the sheets of record types that release did not know
        del workbook[BY_NAME[name].en_plural]
    workbook.save(tmp_path / "sample.xlsx")
    old = Store(db_url, upgrade=False)
    assert import_path(old, tmp_path / "sample.xlsx").batch == 1
    kept = {rt.name: old.records(rt.name) for rt in RECORD_TYPES if rt.name not in missing}
    assert not sa.inspect(old.engine).has_table("alembic_version")
    old.engine.dispose()

    done = cli("db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert f"from revision none to {database.head()}" in done.stdout
    store = Store(db_url)
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    for name, records in kept.items():
        assert store.records(name).equals(records), name
    assert cli("db", "upgrade").stdout.endswith(f"is up to date (revision {database.head()}).\n")
    assert cli.json("metrics")[1]["standards"] == 23
    code, result = cli.json("import", _update(tmp_path / "update.xlsx"))
    assert code == 0 and result["batch"] == 2


def test_a_database_upgraded_by_a_newer_version_is_refused_with_words_and_left_alone(sample_db, db_url, cli, tmp_path):
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    contents = dump(db_url)
    for command in (("metrics",), ("db", "upgrade"), ("import", _update(tmp_path / "update.xlsx"))):
        done = cli(*command)
        assert done.returncode == 1, command
        assert "at revision 9999, which this version of coopdash does not know" in done.stderr
    assert dump(db_url) == contents


def test_a_backup_to_a_place_that_cannot_be_written_is_refused(sample_db, db_url, cli, tmp_path):
    done = cli("db", "backup", tmp_path / "missing" / "coopdash.backup")
    assert done.returncode == 1 and "coopdash: " in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "missing").exists()


def test_a_restored_backup_gives_the_same_figures_as_when_it_was_taken(sample_db, db_url, cli, tmp_path):
    figures, contents = cli.json("metrics")[1], dump(db_url)
    backup = tmp_path / "coopdash.backup"
    done = cli("db", "backup", backup)
    assert done.returncode == 0, done.stderr

    assert cli("import", _update(tmp_path / "update.xlsx")).returncode == 0
    assert cli.json("metrics")[1]["standards"] == figures["standards"] + 1

    done = cli("db", "restore", backup)
    assert done.returncode == 0, done.stderr
    assert cli.json("metrics")[1] == figures
    assert dump(db_url) == contents
    code, result = cli.json("import", _update(tmp_path / "again.xlsx"))  # and the data goes on from there
    assert code == 0 and result["batch"] == 2


def test_a_file_that_is_no_backup_of_this_kind_of_database_is_refused(sample_db, db_url, cli, tmp_path):
    contents = dump(db_url)
    for name, data in (("notes.backup", b"not a backup at all"), ("other.backup", b"PGDMP" + bytes(100))):
        path = tmp_path / name
        path.write_bytes(data)
        done = cli("db", "restore", path)
        if data.startswith(b"PGDMP") and db_url.startswith("postgresql"):
            assert done.returncode == 1 and "pg_restore failed" in done.stderr
        else:
            assert done.returncode == 1 and "is not a backup of a" in done.stderr
        assert dump(db_url) == contents
    assert cli("db", "restore", tmp_path / "missing.backup").returncode == 2


def test_after_a_restore_the_dashboard_shows_the_data_written_since_not_what_it_cached(sample_store, tmp_path):
    from dashboard.analysis import snapshot

    snapshot.clear()
    database.backup(sample_store.engine, tmp_path / "coopdash.backup")
    assert import_path(sample_store, _update(tmp_path / "update.xlsx")).batch == 2
    assert "SZPT-CS-901" in set(snapshot.snapshot(sample_store).records["standard"]["code"])

    database.restore(sample_store.engine, tmp_path / "coopdash.backup")
    other = write_workbook(
        tmp_path / "other.xlsx",
        {"standard": [{"code": "SZPT-CS-902", "title": "Added after the restore", "discipline": "Energy"}]},
    )
    assert import_path(sample_store, other).batch == 2  # the same batch id as the import the restore undid
    codes = set(snapshot.snapshot(sample_store).records["standard"]["code"])
    assert "SZPT-CS-902" in codes and "SZPT-CS-901" not in codes
