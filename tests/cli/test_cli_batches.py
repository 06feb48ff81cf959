"""``coopdash batches``, ``rollback`` and ``metrics --as-of`` as staff run them (on SQLite: the
batches and rollbacks themselves run on both databases in tests/batches/test_history.py)."""

from __future__ import annotations

import datetime as dt
import json

from dashboard.ingest.workbook import write_workbook
from tests.support.database import dump


def _standards(path, *rows):
    return write_workbook(path, {"standard": [{"code": c, "title": t, "discipline": "Computing"} for c, t in rows]})


def test_cli_batches_rollback_and_metrics_as_of(sample_db, cli, tmp_path, db_url):
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).date().isoformat()
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert cli.json("metrics", "--as-of", yesterday)[1]["standards"] == 0
    assert cli.json("metrics", "--as-of", today)[1]["standards"] == 23

    update = _standards(tmp_path / "update.xlsx", ("SZPT-CS-001", "IoT, revised"), ("SZPT-CS-901", "New"))
    assert cli("import", update).returncode == 0
    assert cli.json("metrics")[1]["standards"] == 24
    listing = cli("batches")
    assert "sample_cooperation.xlsx" in listing.stdout and "update.xlsx" in listing.stdout

    done = cli("rollback", "1")
    assert done.returncode == 1
    assert "Roll back batch 2 first" in done.stderr
    before = dump(db_url)
    assert cli("rollback", "99").returncode == 1
    assert dump(db_url) == before

    done = cli("rollback", "2")
    assert done.returncode == 0 and "standard: 2 withdrawn, 1 restored" in done.stdout
    assert cli.json("metrics")[1]["standards"] == 23
    assert json.loads(cli("batches", "--json").stdout)[1]["rolled_back_by"] == 3
    assert cli("metrics", "--as-of", "yesterday").returncode == 2
