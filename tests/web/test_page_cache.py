"""Page layouts from the shared cache: one entry for equivalent URLs, drawn anew after a commit
and after a rollback, never answered from before, and drawn one at a time."""

from __future__ import annotations

import threading
import time

import flask
import orjson
import pytest

from dashboard.analysis import snapshot
from dashboard.batches.rollback import rollback
from dashboard.store import cache
from dashboard.web import page_cache
from dashboard.web.context import STORE_KEY, current_view
from tests.support.public import add_a_standard_adopted_in_uruguay

drawn: list[dict] = []
drawing: list[int] = [0, 0]  # layouts being drawn now, the most at once
held = threading.Event()  # set: layouts are drawn at once; clear: each waits for it
held.set()


@page_cache.cached("test-page")
def countries_page(**query: str) -> dict:
    """A page showing the countries with adoptions in its view (and the query it was drawn for)."""
    drawn.append(query)
    drawing[0] += 1
    drawing[1] = max(drawing)
    held.wait(10)
    drawing[0] -= 1
    adoptions = current_view(query).yearly["adoption"]
    return {"countries": sorted(set(adoptions["country"].astype(str))), "query": query}


@pytest.fixture
def reader(sample_store, tmp_path, monkeypatch):
    """Draw ``countries_page`` in a request of an app serving the sample, as a viewer."""
    monkeypatch.setenv("COOPDASH_CACHE_URL", str(tmp_path / "cache"))
    snapshot.clear()
    cache.clear()
    drawn.clear()
    drawing[:] = [0, 0]
    held.set()
    app = flask.Flask(__name__)
    app.extensions[STORE_KEY] = sample_store

    def read(**query: str) -> dict:
        with app.test_request_context("/"):
            flask.g.role = "viewer"
            return orjson.loads(orjson.dumps(countries_page(**query)))  # as the browser reads it

    yield read
    snapshot.clear()
    cache.clear()


def test_equivalent_queries_share_one_cached_layout_drawn_for_the_normalised_query(reader):
    first = reader(region="142,002", lang="en", _ignored="1")
    assert reader(region="002,142") == first
    assert reader(region="002, 142", **{"from": "x"}) == first  # a year that is no year is no filter
    assert drawn == [{"region": "002,142"}]
    assert reader(region="002,142", lang="zh") != first and len(drawn) == 2


@pytest.mark.databases
def test_a_commit_and_a_rollback_each_draw_the_page_anew(reader, sample_store, tmp_path):
    assert "URY" not in reader()["countries"]
    add_a_standard_adopted_in_uruguay(sample_store.url, tmp_path)
    assert "URY" in reader()["countries"]
    batch = max(b["id"] for b in sample_store.batches())
    rollback(sample_store, batch)
    assert "URY" not in reader()["countries"]
    assert len(drawn) == 3


def _at_once(reader, *queries: dict) -> list[dict]:
    """Each query read in a thread of its own, the first drawing while the others arrive."""
    held.clear()
    answers: list[dict] = [{}] * len(queries)

    def read(n: int) -> None:
        answers[n] = reader(**queries[n])

    threads = [threading.Thread(target=read, args=(n,)) for n in range(len(queries))]
    for thread in threads:
        thread.start()
        time.sleep(0.2)  # each one in turn reaches the drawing
    held.set()
    for thread in threads:
        thread.join(20)
        assert not thread.is_alive()
    return answers


def test_a_worker_draws_one_layout_at_a_time(reader):
    answers = _at_once(reader, {"region": "142"}, {"region": "002"}, {"region": "150"})
    assert drawing[1] == 1 and len(drawn) == 3
    assert [a["query"] for a in answers] == [{"region": "142"}, {"region": "002"}, {"region": "150"}]


@pytest.mark.parametrize("shared_cache", ["with room", "full"])
def test_a_view_asked_for_by_several_at_once_is_drawn_once(reader, shared_cache, monkeypatch):
    if shared_cache == "full":  # the worker's memory still has it for those who waited
        monkeypatch.setattr(cache, "FOLDER_ITEMS", 0)
    answers = _at_once(reader, {"region": "142"}, {"region": "142"}, {"region": "142", "lang": "en"})
    assert drawn == [{"region": "142"}]
    assert answers[0] == answers[1] == answers[2]


def test_a_drawn_page_reads_its_view_once(reader, sample_store, monkeypatch):
    """Its turn reads the view's records before drawing, and the layout finds them read: the
    database is asked for the data version once, for the cache's key and the view alike (the page
    is filed under the version it is drawn from)."""
    asked = []
    data_version = sample_store.data_version
    monkeypatch.setattr(sample_store, "data_version", lambda: asked.append(1) or data_version())
    reader(region="142")
    assert len(drawn) == 1 and len(asked) == 1
