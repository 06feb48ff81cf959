"""The snapshot's stored aggregate: a new worker reads it instead of every adoption, and a commit
or a rollback always gives a new one, never the one from before."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import published, snapshot
from dashboard.batches.rollback import rollback
from dashboard.store import cache
from tests.support.public import add_a_standard_adopted_in_uruguay


@pytest.fixture
def shared_cache(tmp_path, monkeypatch):
    """A shared cache of this test's own, and no snapshot or cached value left in memory."""
    monkeypatch.setenv("COOPDASH_CACHE_URL", str(tmp_path / "cache"))
    snapshot.clear()
    cache.clear()
    yield
    snapshot.clear()
    cache.clear()


def new_worker(store):
    """The current snapshot as a worker started now sees it: nothing in its memory."""
    snapshot.clear()
    cache.clear()
    return snapshot.snapshot(store)


def adoption_countries(snap) -> set[str]:
    return set(snap.yearly["adoption"]["country"].astype(str))


def test_a_new_worker_reads_the_stored_aggregate_and_the_adoptions_only_when_asked(sample_store, shared_cache):
    first = snapshot.snapshot(sample_store)
    assert first.records.is_read("adoption")
    assert published.checks_of(first) == published.checks(first.records)  # worked out, and stored
    later = new_worker(sample_store)
    pd.testing.assert_frame_equal(later.yearly["adoption"], first.yearly["adoption"])
    assert published.checks_of(later) == published.checks(first.records)
    assert not later.records.is_read("adoption")
    pd.testing.assert_frame_equal(later.records["adoption"], first.records["adoption"])
    assert later.records.is_read("adoption")


def test_stored_frames_read_back_equal_with_missing_texts_and_no_pickles():
    frame = pd.DataFrame(
        {
            "country": pd.Series(["KEN", "THA", "KEN"], dtype="category"),
            "status": pd.Series(["adopted", None, "withdrawn"], dtype="str"),
            "adopted_on": pd.to_datetime(["2020-01-02", "2021-03-04", None]),
            "n": [1, 2, 3],
        }
    )
    pd.testing.assert_frame_equal(snapshot.frame_of(snapshot.frame_bytes(frame)), frame)
    with pytest.raises(ValueError):
        snapshot.frame_bytes(pd.DataFrame({"thing": [object()]}))


@pytest.mark.databases
def test_a_commit_and_a_rollback_each_give_a_new_aggregate_in_every_worker(sample_store, shared_cache, tmp_path):
    assert "URY" not in adoption_countries(snapshot.snapshot(sample_store))
    assert "URY" not in adoption_countries(new_worker(sample_store))  # from the stored aggregate

    add_a_standard_adopted_in_uruguay(sample_store.url, tmp_path)
    assert "URY" in adoption_countries(snapshot.snapshot(sample_store))  # a running worker reads again
    fresh = new_worker(sample_store)
    assert not fresh.records.is_read("adoption") and "URY" in adoption_countries(fresh)

    batch = max(b["id"] for b in sample_store.batches())
    assert rollback(sample_store, batch).rollback_batch > batch
    assert "URY" not in adoption_countries(snapshot.snapshot(sample_store))
    fresh = new_worker(sample_store)
    assert not fresh.records.is_read("adoption") and "URY" not in adoption_countries(fresh)
    assert "URY" not in set(fresh.records["adoption"]["country"].astype(str))
