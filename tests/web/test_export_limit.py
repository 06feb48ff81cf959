"""Drawing a chart or a report takes seconds of CPU: one person gets one at a time, across
gunicorn's workers, and a second request meanwhile is told to wait instead of queueing."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.servers import Server


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("server"), args=("--workers", "2"))
    yield server
    server.stop()


def _get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, "", dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def _wait_until_an_export_is_under_way(server: Server, timeout: float = 60) -> None:
    """Until a worker holds an export lock (the kernel lists it in /proc/locks), without taking
    one: a fixed pause lost the race on a busy machine."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        folder = server.home / "instance" / "export-locks"
        inodes = {str(p.stat().st_ino) for p in folder.glob("*.lock")} if folder.is_dir() else set()
        held = {
            line.split()[5].split(":")[-1] for line in Path("/proc/locks").read_text().splitlines() if "FLOCK" in line
        }
        if inodes & held:
            return
        time.sleep(0.02)
    raise AssertionError("no export started")


def test_a_second_export_while_the_first_is_drawn_is_answered_429_with_retry_after(two_workers):
    answers: list[tuple[int, str, dict]] = []
    first = threading.Thread(target=lambda: answers.append(_get(two_workers + "/export/report.pdf")))
    first.start()
    _wait_until_an_export_is_under_way(two_workers)  # the report is being drawn (3 to 6 s)
    seconds = [_get(two_workers + "/export/chart/adoption-map.png") for _ in range(4)]  # on either worker
    first.join()

    assert answers[0][0] == 200
    assert all(status == 429 for status, _, _ in seconds), [s for s, _, _ in seconds]
    status, message, headers = seconds[0]
    assert message == "An export of yours is still being made; try again when it finishes."
    assert int(headers["Retry-After"]) > 0
    assert _get(two_workers + "/export/chart/adoption-map.png")[0] == 200  # once it is done, the next is drawn


def test_without_a_browser_to_draw_charts_an_export_is_answered_503_in_words_and_the_server_carries_on(
    tmp_path_factory,
):
    server = Server(tmp_path_factory.mktemp("server"), env={"BROWSER_PATH": "/bin/false"})  # exits at once
    try:
        status, message, _ = _get(server + "/export/chart/adoption-map.png")
        assert status == 503
        assert message == "Charts cannot be drawn as images on this server at the moment (the reason is in its log)."
        assert _get(server + "/export/chart/adoption-map.svg")[0] == 503  # asked again: a new browser, same answer
        assert _get(server + "/login")[0] == 200
    finally:
        server.stop()
