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
from collections.abc import Callable
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


def _links(pid: int) -> list[tuple[str, str]]:
    """(descriptor, what it names) for each open file of ``pid``, read from /proc."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            found.append((fd.name, os.readlink(fd)))
        except OSError:  # closed meanwhile
            continue
    return found


def _listening(pid: int) -> bool:
    """Whether the worker ``pid`` has built its app and waits for connections: its event loop
    (an epoll instance) watches its task queue and the listening socket."""
    for fd, target in _links(pid):
        if target == "anon_inode:[eventpoll]":
            return Path(f"/proc/{pid}/fdinfo/{fd}").read_text().count("tfd:") >= 2
    return False


def _held(workers: list[int], port: int) -> list[int]:
    """How many established connections to ``port`` each worker holds."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":  # 01: ESTABLISHED
                established.add(f"socket:[{fields[9]}]")  # the socket's inode
    return [sum(target in established for _, target in _links(pid)) for pid in workers]


def _arrive(tmp_path: Path, count: int, **env: str) -> tuple[Server, int, list[int], list[socket.socket]]:
    """``count`` connections opened at once, sending nothing yet, to two workers of two threads."""
    server = Server(tmp_path, env=env, args=("--workers", "2", "--threads", "2"))
    port = int(server.url.rsplit(":", 1)[1])
    workers = _workers(server.process.pid)
    assert len(workers) == 2
    _until(lambda: all(_listening(pid) for pid in workers), 60)
    return server, port, workers, [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]


def _until(done: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.05)


def _ask(port: int, connection: socket.socket) -> int:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    client.sock = connection
    client.request("GET", "/login")
    status = client.getresponse().status
    client.close()
    return status


def test_a_busy_worker_leaves_new_connections_to_a_free_one(tmp_path):
    """Eight people arrive at once at two workers of two threads (each connection taken holds its
    thread, waiting for a request): each worker takes two, and leaves the others for a worker with
    a free thread instead of queueing them behind its own; then everyone is answered."""
    server, port, workers, arriving = _arrive(tmp_path, 8, COOPDASH_LEAVE_CONNECTIONS_SECONDS="30")
    try:
        _until(lambda: sum(_held(workers, port)) >= 4, 10)
        time.sleep(0.3)
        assert _held(workers, port) == [2, 2]
        assert [_ask(port, connection) for connection in arriving] == [200] * 8
    finally:
        server.stop()


def test_a_busy_worker_takes_a_waiting_connection_after_a_moment(tmp_path):
    """With every thread of every worker busy, a waiting connection is taken after
    ``COOPDASH_LEAVE_CONNECTIONS_SECONDS`` (0.1 s), not once a thread is free (here 5 s, when
    gunicorn stops waiting for the first requests)."""
    server, port, workers, arriving = _arrive(tmp_path, 8)
    try:
        _until(lambda: sum(_held(workers, port)) == 8, 1.5)
        assert [_ask(port, connection) for connection in arriving] == [200] * 8
    finally:
        server.stop()
