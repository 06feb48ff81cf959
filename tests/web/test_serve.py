"""``coopdash serve`` as an attacker meets it: a production server that names no version."""

from __future__ import annotations

import urllib.request

import pytest


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def test_one_worker_is_served_by_gunicorn_and_no_version_is_announced(server):
    with urllib.request.urlopen(server + "/") as response:
        name = response.headers.get("Server", "")
    assert "Werkzeug" not in name and "Python" not in name
    assert not any(c.isdigit() for c in name)
    assert "with 1 worker" in server.log.read_text()
