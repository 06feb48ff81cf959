"""``coopdash serve`` as an attacker meets it: a production server that names no version."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import pytest

from dashboard.web import serving


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def test_one_worker_is_served_by_gunicorn_and_no_version_is_announced(server):
    with urllib.request.urlopen(server + "/") as response:
        name = response.headers.get("Server", "")
    assert "Werkzeug" not in name and "Python" not in name
    assert not any(c.isdigit() for c in name)
    assert "with 1 worker" in server.log.read_text()


def test_a_worker_keeps_the_garbage_collector_off_what_it_built_at_start(tmp_path):
    """A full collection walks every object the collector tracks and stops the worker's threads
    while it does: a worker moves what it built at start out of its reach (in a process of its own,
    as gunicorn's worker is)."""
    script = """
import gc, json
from dashboard.web.serving import _Gunicorn, YOUNG_COLLECTION_EVERY
app = _Gunicorn("sqlite:///coopdash.sqlite", {}, False, "127.0.0.1").load()
print(json.dumps([type(app).__name__, gc.get_freeze_count(), len(gc.get_objects()), gc.get_threshold()[0]]))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    kind, frozen, tracked, young = json.loads(done.stdout.splitlines()[-1])
    assert kind == "Flask"
    assert frozen > 100_000 and tracked < frozen / 10
    assert young == serving.YOUNG_COLLECTION_EVERY > 700
