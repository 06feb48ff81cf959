"""The shared view cache: the public page worked out once for every worker, in a folder or in a
real Redis server, keyed by the data version so that a commit is never answered from the past."""

from __future__ import annotations

import json
import time

import pytest

from dashboard.analysis.snapshot import KEPT
from dashboard.ingest.workbook import write_workbook
from dashboard.store import cache
from tests.support.dash_client import upload_and_commit
from tests.support.postgres import free_port
from tests.support.public import add_a_standard_adopted_in_uruguay, page_figures, public_figures
from tests.support.redis import RedisServer
from tests.support.servers import Server


def pages(entries) -> list:
    """The cached pages among the shared cache's entries (Redis keys or files): not what the
    snapshot keeps there (the adoptions' aggregate, the published checks)."""
    return sorted(e for e in entries if KEPT not in (e.decode() if isinstance(e, bytes) else e.name))


@pytest.fixture
def redis_server():
    server = RedisServer()
    yield server
    server.stop()


def test_workers_share_the_public_page_through_redis_and_a_commit_is_never_answered_from_before(redis_server, tmp_path):
    server = Server(tmp_path, {"COOPDASH_CACHE_URL": redis_server.url}, args=("--workers", "2"))
    try:
        assert public_figures(server.url, "?lang=zh")["standards_adopted"] == 23
        keys = pages(redis_server.client.keys("coopdash:*"))
        assert keys and all(json.loads(redis_server.client.get(k))["lang"] == "zh" for k in keys)
        assert not (tmp_path / "instance" / "cache").exists()  # Redis, not the folder
        for _ in range(6):  # both workers answer from the one entry
            assert public_figures(server.url, "?lang=zh")["standards_adopted"] == 23
        assert pages(redis_server.client.keys("coopdash:*")) == keys

        add_a_standard_adopted_in_uruguay(server.db_url, tmp_path)
        for _ in range(4):
            assert public_figures(server.url, "?lang=zh")["standards_adopted"] == 24
        assert len(pages(redis_server.client.keys("coopdash:*"))) == len(keys) + 1  # a new data version, a new key
    finally:
        server.stop()


def test_the_folder_cache_keeps_one_data_version_and_drops_the_older_ones(tmp_path):
    server = Server(tmp_path, args=("--workers", "2"))
    try:
        cache = tmp_path / "instance" / "cache"
        assert public_figures(server.url)["adoption_countries"] == 15
        (before,) = [p.name for p in cache.iterdir()]
        add_a_standard_adopted_in_uruguay(server.db_url, tmp_path)
        assert public_figures(server.url)["adoption_countries"] == 16
        (after,) = [p.name for p in cache.iterdir()]
        assert after != before and len(pages((cache / after).iterdir())) == 1
    finally:
        server.stop()


def test_a_flood_of_distinct_views_fills_the_folder_only_to_its_limit_whichever_worker_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "FOLDER_ITEMS", 20)
    monkeypatch.setattr(cache, "RECOUNT", 4)
    workers = [cache.Folder(tmp_path), cache.Folder(tmp_path)]  # two processes sharing one folder
    for n in range(100):
        workers[n % 2].put("v1", f"view-{n}", b"{}")
    views = list((tmp_path / "v1").iterdir())
    assert 20 <= len(views) <= 20 + 2 * 4  # each worker counts again at least every RECOUNT puts of its own
    workers[0].put("v1", f"{KEPT}aggregate", b"{}")  # what a snapshot keeps is stored however full
    assert (tmp_path / "v1" / f"{KEPT}aggregate").exists()
    workers[1].put("v2", "view-0", b"{}")  # a new data version starts empty, the old one goes
    assert [p.name for p in tmp_path.iterdir()] == ["v2"]


def test_a_cache_that_cannot_be_reached_costs_speed_never_an_answer(tmp_path):
    nobody = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    server = Server(tmp_path, {"COOPDASH_CACHE_URL": nobody})
    try:
        assert public_figures(server.url, "?lang=zh")["standards_adopted"] == 23
        assert "the shared cache could not be" in server.log.read_text()
    finally:
        server.stop()


def test_with_a_publish_folder_set_an_upload_in_the_browser_publishes_the_site_again(tmp_path):
    site = tmp_path / "public"
    server = Server(tmp_path, {"COOPDASH_PUBLISH_DIR": str(site)})  # its first import publishes batch 1
    try:
        assert json.loads((site / ".coopdash-site").read_text())["data_version"] == 1
        workbook = write_workbook(
            tmp_path / "update.xlsx",
            {"standard": [{"code": "SZPT-NEW-002", "title": "Another standard", "discipline": "Energy"}]},
        )
        assert upload_and_commit(server.url, workbook)  # answered at once: the site is drawn in a process of its own
        deadline = time.monotonic() + 90
        while json.loads((site / ".coopdash-site").read_text())["data_version"] != 2:
            assert time.monotonic() < deadline, server.log.read_text()
            time.sleep(0.5)
        assert (site / "charts" / "adoption-map.zh.png").is_file() and (site / "index.html").is_file()
    finally:
        server.stop()


def test_a_page_is_drawn_once_for_every_worker_and_drawn_again_after_a_commit(tmp_path):
    server = Server(tmp_path, args=("--workers", "2"))
    try:
        cache = tmp_path / "instance" / "cache"
        for _ in range(6):  # both workers, one entry
            assert page_figures(server.url, "/", "?lang=zh")["adoption_countries"] == "15"
        (version,) = cache.iterdir()
        assert len(pages(version.iterdir())) == 1
        assert page_figures(server.url, "/", "?region=002")["adoption_countries"] == "4"  # another view, another entry
        assert len(pages(version.iterdir())) == 2

        add_a_standard_adopted_in_uruguay(server.db_url, tmp_path)
        for _ in range(4):
            assert page_figures(server.url, "/", "?lang=zh")["adoption_countries"] == "16"
        assert [p.name for p in cache.iterdir()] != [version.name]
    finally:
        server.stop()
