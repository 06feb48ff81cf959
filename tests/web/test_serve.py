"""``coopdash serve`` as an attacker meets it: a production server that names no version."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.web import serving
from tests.support.servers import Server


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


def _workers(master: int) -> list[int]:
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def _listening(pid: int) -> bool:
    """Whether the worker ``pid`` has built its app and waits for connections: its event loop
    (an epoll instance) watches its task queue and the listening socket (read from /proc)."""
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        if os.readlink(fd) == "anon_inode:[eventpoll]":
            return Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text().count("tfd:") >= 2
    return False


def _connections_held(pid: int, port: int) -> int:
    """How many established TCP connections to ``port`` the process ``pid`` holds (read from /proc)."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":  # 01: ESTABLISHED
                established.add(fields[9])  # the socket's inode
    held = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        held += target.startswith("socket:[") and target[8:-1] in established
    return held


def test_a_busy_worker_leaves_new_connections_to_a_free_one_for_a_moment(tmp_path):
    """Eight people arrive at once at two workers of two threads: each worker takes two at once,
    the others are left for a worker with a free thread (instead of queueing behind a busy one for
    as long as they stay connected), then taken all the same; everyone is answered."""
    server = Server(tmp_path, args=("--workers", "2", "--threads", "2"))
    try:
        port = int(server.url.rsplit(":", 1)[1])
        workers = _workers(server.process.pid)
        assert len(workers) == 2
        deadline = time.monotonic() + 60
        while not all(_listening(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        arriving = [socket.create_connection(("127.0.0.1", port)) for _ in range(8)]
        time.sleep(0.5)  # each taken connection holds its thread, waiting for a request (for up to 5 s)
        assert [_connections_held(pid, port) for pid in workers] == [2, 2]
        deadline = time.monotonic() + 20
        while sum(_connections_held(pid, port) for pid in workers) < 8:
            assert time.monotonic() < deadline, "connections left waiting"
            time.sleep(0.1)
        answers = []
        for connection in arriving:
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            client.sock = connection
            client.request("GET", "/login")
            answers.append(client.getresponse().status)
            client.close()
        assert answers == [200] * 8
    finally:
        server.stop()
