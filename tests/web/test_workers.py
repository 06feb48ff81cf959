"""Several app processes on one database: what one commits the others show at once, and
writers that start together take turns."""

from __future__ import annotations

import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from dashboard.batches import importer
from dashboard.batches.importer import import_path
from dashboard.ingest.workbook import write_workbook
from dashboard.store.schema import TABLES
from tests.support.dash_client import upload_and_commit
from tests.support.servers import Server

pytestmark = pytest.mark.databases  # on SQLite and on PostgreSQL


def _standards(path, title: str, new: list[str]):
    rows = [{"code": "SZPT-CS-001", "title": title, "discipline": "Computing"}]
    rows += [{"code": code, "title": f"Standard {code}", "discipline": "Energy"} for code in new]
    return write_workbook(path, {"standard": rows})


def _standards_csv(server: Server) -> str:
    with urllib.request.urlopen(server + "/export/data.csv?record=standard", timeout=30) as response:
        return response.read().decode("utf-8-sig")


def test_an_upload_committed_through_one_app_process_shows_on_the_next_request_to_another(db_url, tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one = Server(tmp_path / "one", db_url=db_url)
    try:
        two = Server(tmp_path / "two", db_url=db_url, args=("--workers", "2"))
        try:
            for _ in range(6):  # every worker of the second server reads and caches the records
                assert _standards_csv(two).count("\n") == 1 + 23
            response = upload_and_commit(one.url, _standards(tmp_path / "update.xlsx", "IoT, revised", ["SZPT-CS-901"]))
            assert "Imported update.xlsx as batch 2" in str(response), response
            for _ in range(6):
                listing = _standards_csv(two)
                assert listing.count("\n") == 1 + 24 and "SZPT-CS-901" in listing and "IoT, revised" in listing
        finally:
            two.stop()
    finally:
        one.stop()


def test_two_imports_committed_at_the_same_moment_take_turns_and_lose_nothing(sample_store, tmp_path, monkeypatch):
    plan = importer._plan

    def slow_plan(*args, **kwargs):  # hold each import's transaction open for a while after it has read
        planned = plan(*args, **kwargs)
        time.sleep(0.5)
        return planned

    monkeypatch.setattr(importer, "_plan", slow_plan)
    files = {
        title: _standards(tmp_path / f"{title}.xlsx", title, [f"{title}-{n:03}" for n in range(200)])
        for title in ("A", "B")
    }
    start = threading.Barrier(2)

    def run(title: str):
        start.wait()
        return import_path(sample_store, files[title])

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(run, files))
    first, second = sorted(results, key=lambda r: r.batch or 0)
    assert [r.status for r in (first, second)] == ["committed", "committed"]
    assert (first.batch, second.batch) == (2, 3)
    first_title, second_title = first.file_name[0], second.file_name[0]
    # the second read what the first wrote: its change is to the first's title, not to the sample's
    assert [(c.before, c.after) for c in second.changes] == [({"title": first_title}, {"title": second_title})]
    assert second.counts["standard"].as_dict() == {"new": 200, "updated": 1, "unchanged": 0, "rejected": 0}

    current = sample_store.records("standard")
    assert len(current) == 23 + 400
    assert current.set_index("code").at["SZPT-CS-001", "title"] == second_title

    table = TABLES["standard"]
    query = (
        sa.select(table.c.title, table.c.batch_id, table.c.valid_from, table.c.valid_to, table.c.ended_by)
        .where(table.c.code == "SZPT-CS-001")
        .order_by(table.c.id)
    )
    with sample_store.engine.connect() as connection:
        versions = connection.execute(query).all()
    assert [(v.batch_id, v.ended_by) for v in versions] == [(1, 2), (2, 3), (3, None)]
    assert [v.valid_to for v in versions[:2]] == [v.valid_from for v in versions[1:]]  # one after the other


def test_serve_refuses_nonsense_worker_counts_and_debug_with_workers(cli):
    assert cli("serve", "--workers", "0").returncode == 2
    done = cli("serve", "--workers", "2", "--debug")
    assert done.returncode == 2 and "--debug serves from one process" in done.stderr
