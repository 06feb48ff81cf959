"""Page layouts from the shared cache: one entry for equivalent URLs, and drawn anew after a commit
and after a rollback, never answered from before."""

from __future__ import annotations

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


@page_cache.cached("test-page")
def countries_page(**query: str) -> dict:
    """A page showing the countries with adoptions in its view (and the query it was drawn for)."""
    drawn.append(query)
    adoptions = current_view(query).yearly["adoption"]
    return {"countries": sorted(set(adoptions["country"].astype(str))), "query": query}


@pytest.fixture
def reader(sample_store, tmp_path, monkeypatch):
    """Draw ``countries_page`` in a request of an app serving the sample, as a viewer."""
    monkeypatch.setenv("COOPDASH_CACHE_URL", str(tmp_path / "cache"))
    snapshot.clear()
    cache.clear()
    drawn.clear()
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
