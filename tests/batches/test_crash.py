"""An import killed (SIGKILL) in the middle of its commit leaves the database with the whole
batch or none of it, intact, and the next import works: from the command line and from the
app's upload, on a workbook of 50,000 adoptions.

The importer's test hook (``COOPDASH_TEST_PAUSE_IN_COMMIT``) holds the write transaction open
with every record written, so the kill lands at the worst moment, every time.
"""

from __future__ import annotations

import base64
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from benchmarks.import_bench import workbook_path
from dashboard.config import TEST_PAUSE_IN_COMMIT as PAUSE_IN_COMMIT
from dashboard.model.records import ADOPTION
from tests.support.dash_client import post_callback
from tests.support.paths import COOPDASH, SAMPLE
from tests.support.servers import Server

ROWS = 50_000
SAMPLE_ADOPTIONS = 71


@pytest.fixture(scope="module")
def big() -> Path:
    """50,000 adoptions of 200 standards (the import benchmark's workbook, cached)."""
    return workbook_path(ROWS)


def _adoptions_and_batches(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        adoptions = connection.execute(f"SELECT count(*) FROM {ADOPTION.table} WHERE valid_to IS NULL").fetchone()[0]
        batches = connection.execute("SELECT count(*) FROM batch").fetchone()[0]
    return adoptions, batches


def _wait_for(path: Path, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, "the process ended before it reached the commit"
        assert time.monotonic() < deadline, "the commit was never reached"
        time.sleep(0.05)


def _wal_size(db: Path) -> int:
    wal = Path(f"{db}-wal")
    return wal.stat().st_size if wal.exists() else 0


def _cli(db: Path, *args: str | Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(COOPDASH), "--database", f"sqlite:///{db}", *map(str, args)],
        env=os.environ | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=db.parent,
    )


def test_a_cli_import_killed_mid_commit_leaves_nothing_half_written(big, tmp_path):
    db = tmp_path / "coopdash.sqlite"
    assert _cli(db, "import", SAMPLE).wait(timeout=120) == 0
    assert _adoptions_and_batches(db) == (SAMPLE_ADOPTIONS, 1)

    marker = tmp_path / "in-commit"
    process = _cli(db, "import", big, **{PAUSE_IN_COMMIT: str(marker)})
    _wait_for(marker, process)
    written = _wal_size(db)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=20) == -signal.SIGKILL

    assert written > 1_000_000  # the batch's pages were in the log, uncommitted, when it died
    assert _adoptions_and_batches(db) == (SAMPLE_ADOPTIONS, 1)  # none of it

    again = _cli(db, "import", big)
    assert again.wait(timeout=180) == 0, again.stderr.read().decode()
    assert _adoptions_and_batches(db) == (SAMPLE_ADOPTIONS + ROWS, 2)  # all of it


def _data_url(path: Path) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(path.read_bytes()).decode()


def _stage(server: Server, path: Path) -> str:
    """Upload through the app's upload callback; the token of the previewed upload."""
    status, body = post_callback(
        server.url,
        "upload-payload",
        "data",
        {"contents": _data_url(path), "filename": path.name},
        state={("lang", "data"): "en"},
    )
    assert status == 200, body
    token = body["response"]["upload-token"]["data"]
    assert token and body["response"]["upload-commit"]["disabled"] is False, body
    return token


def _answer(call, *args):
    """What ``call`` returned, or the OSError it raised."""
    try:
        return call(*args)
    except OSError as error:
        return error


def _commit(server: Server, token: str) -> tuple[int, dict | str]:
    return post_callback(
        server.url,
        "upload-commit",
        "n_clicks",
        1,
        state={("upload-token", "data"): token, ("lang", "data"): "en"},
    )


def test_the_app_killed_mid_commit_of_an_upload_restarts_with_the_database_whole(big, tmp_path):
    # The sample goes in first, so the server's own start-up import has nothing new to commit.
    assert _cli(tmp_path / "coopdash.sqlite", "import", SAMPLE).wait(timeout=120) == 0
    marker = tmp_path / "in-commit"
    server = Server(tmp_path, {PAUSE_IN_COMMIT: str(marker)})
    answers: list[object] = []
    try:
        token = _stage(server, big)
        posting = threading.Thread(target=lambda: answers.append(_answer(_commit, server, token)), daemon=True)
        posting.start()
        _wait_for(marker, server.process)
        written = _wal_size(server.db_path)
        # The whole server dies at once (as under `systemctl kill -s KILL`): the gunicorn worker
        # in the commit, whose id the hook wrote, and the master that would start another.
        os.kill(int(marker.read_text()), signal.SIGKILL)
        server.process.send_signal(signal.SIGKILL)
        assert server.process.wait(timeout=20) == -signal.SIGKILL
        posting.join(timeout=20)
    finally:
        server.stop()

    assert isinstance(answers[0], ConnectionError)  # the commit never answered: the server died in it
    assert written > 1_000_000
    assert _adoptions_and_batches(server.db_path) == (SAMPLE_ADOPTIONS, 1)

    restarted = Server(tmp_path)  # the same database, without the hook
    try:
        status, body = _commit(restarted, _stage(restarted, big))
        assert status == 200, body
        assert "Imported" in str(body["response"]["upload-report"]["children"]), body
    finally:
        restarted.stop()
    assert _adoptions_and_batches(server.db_path) == (SAMPLE_ADOPTIONS + ROWS, 2)
