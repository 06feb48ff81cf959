"""Batches, rollback and the figures as they stood on a past date."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.batches.importer import import_file, import_path
from dashboard.batches.rollback import RollbackRefused, rollback
from dashboard.ingest.workbook import write_workbook
from tests.support.paths import SAMPLE

pytestmark = pytest.mark.databases  # on SQLite and on PostgreSQL


def _standards(path, *rows):
    return write_workbook(path, {"standard": [{"code": c, "title": t, "discipline": "Computing"} for c, t in rows]})


def test_rollback_restores_exactly_the_state_before_the_batch(sample_store, tmp_path):
    before = {name: sample_store.records(name) for name in ("standard", "adoption")}
    update = write_workbook(
        tmp_path / "update.xlsx",
        {
            "standard": [
                {"code": "SZPT-CS-001", "title": "IoT, revised", "discipline": "Computing"},
                {"code": "SZPT-CS-900", "title": "Brand new", "discipline": "Energy"},
            ],
            "adoption": [
                {
                    "standard_code": "SZPT-CS-900",
                    "institution": "Lusaka Institute of Technology",
                    "country": "Zambia",
                    "adopted_on": dt.date(2026, 1, 5),
                }
            ],
        },
    )
    result = import_path(sample_store, update)
    assert result.batch == 2
    assert [(c.key, c.before, c.after) for c in result.changes] == [
        (
            ("SZPT-CS-001",),
            {
                "title": "Internet of Things Application Technology",
                "discipline": "Electronics and IoT",
                "title_zh": "物联网应用技术",
            },
            {"title": "IoT, revised", "discipline": "Computing", "title_zh": None},
        )
    ]  # its Chinese-title cell is blank: cleared, and restored by the rollback

    undone = rollback(sample_store, 2, user="alice")
    assert undone.counts == {"standard": {"withdrawn": 2, "restored": 1}, "adoption": {"withdrawn": 1, "restored": 0}}
    for name, frame in before.items():
        assert sample_store.records(name).equals(frame)
    batches = sample_store.batches()
    assert [(b["id"], b["kind"], b["rolled_back_by"], b["rolls_back"]) for b in batches] == [
        (1, "import", None, None),
        (2, "import", 3, None),
        (3, "rollback", None, 2),
    ]
    assert batches[2]["user"] == "alice"


def test_a_batch_changed_later_cannot_be_rolled_back_first(store, tmp_path):
    import_path(store, _standards(tmp_path / "a.xlsx", ("S-1", "one")))
    import_path(store, _standards(tmp_path / "b.xlsx", ("S-1", "two")))
    import_path(store, _standards(tmp_path / "c.xlsx", ("S-1", "three")))
    with pytest.raises(RollbackRefused, match="batch 3 changed its records later. Roll back batch 3 first"):
        rollback(store, 2)
    rollback(store, 3)
    rollback(store, 2)
    assert store.records("standard")["title"].tolist() == ["one"]
    with pytest.raises(RollbackRefused, match="already rolled back by batch 5"):
        rollback(store, 2)
    with pytest.raises(RollbackRefused, match="itself a rollback"):
        rollback(store, 4)
    rollback(store, 1)
    assert store.records("standard").empty


def test_batches_keep_who_when_which_file_its_hash_and_its_bytes(store):
    data = SAMPLE.read_bytes()
    import_file(store, data, "../../etc/sample.xlsx", user="bob")
    [batch] = store.batches()
    assert batch["user"] == "bob" and batch["file_name"] == "sample.xlsx"
    assert len(batch["sha256"]) == 64
    assert store.batch_file(1) == ("sample.xlsx", data)


def test_two_rollbacks_of_one_batch_at_the_same_moment_undo_it_once(store, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    import_path(store, _standards(tmp_path / "a.xlsx", ("S-1", "one")))
    import_path(store, _standards(tmp_path / "b.xlsx", ("S-1", "two")))

    def attempt(_: int) -> str:
        try:
            rollback(store, 2)
            return "done"
        except RollbackRefused:
            return "refused"

    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(pool.map(attempt, range(4)))
    assert outcomes == ["done", "refused", "refused", "refused"]
    assert [b["kind"] for b in store.batches()] == ["import", "import", "rollback"]
    assert store.records("standard")["title"].tolist() == ["one"]


def test_records_read_ahead_of_an_import_are_not_used_once_another_batch_committed(store, tmp_path):
    """The importer reads the current records while the workbook is parsed; a batch committed
    in between makes it read them again under the write lock, so nothing is compared with a
    stale state."""
    from dashboard.batches import importer

    first = write_workbook(tmp_path / "a.xlsx", {"standard": [{"code": "S1", "title": "One", "discipline": "IT"}]})
    assert import_path(store, first).status == "committed"
    ahead = importer._Prefetch(store)
    ahead.start(["Curriculum standards"])
    with store.engine.connect() as connection:
        newest = store.newest_batch(connection)
    assert set(ahead.take(newest)) == {"standard"}  # nothing changed: the head start is used

    stale = importer._Prefetch(store)
    stale.start(["Curriculum standards"])
    second = write_workbook(tmp_path / "b.xlsx", {"standard": [{"code": "S1", "title": "Renamed", "discipline": "IT"}]})
    assert import_path(store, second).status == "committed"
    with store.engine.connect() as connection:
        assert stale.take(store.newest_batch(connection)) == {}  # read before that batch: not used
    again = import_path(store, first)  # back to the first title: an update, not "unchanged"
    assert again.counts["standard"].updated == 1


def test_a_file_without_a_column_keeps_the_stored_values_and_a_blank_cell_clears_them(store, tmp_path):
    from openpyxl import Workbook

    from dashboard.ingest.workbook import header_text, write_workbook
    from dashboard.model.records import BY_NAME

    first = {"code": "S-9", "title": "Welding", "discipline": "Mechanics", "title_zh": "焊接技术"}
    import_path(store, write_workbook(tmp_path / "a.xlsx", {"standard": [first]}))

    older = Workbook()  # a workbook in the layout before Chinese titles: three columns
    sheet = older.active
    sheet.title = BY_NAME["standard"].en_plural
    sheet.append([header_text(BY_NAME["standard"], name) for name in ("code", "title", "discipline")])
    sheet.append(["S-9", "Welding technology", "Mechanics"])
    older.save(tmp_path / "b.xlsx")
    import_path(store, tmp_path / "b.xlsx")
    stored = store.records("standard").set_index("code").loc["S-9"]
    assert (stored["title"], stored["title_zh"]) == ("Welding technology", "焊接技术")

    cleared = {"code": "S-9", "title": "Welding technology", "discipline": "Mechanics", "title_zh": None}
    import_path(store, write_workbook(tmp_path / "c.xlsx", {"standard": [cleared]}))
    assert store.records("standard").set_index("code").loc["S-9", "title_zh"] in (None, "")


def test_an_import_stores_every_value_as_written_backslashes_quotes_and_dates_included(store, tmp_path):
    """On PostgreSQL the versions go in by COPY, whose text format gives backslashes a meaning
    of their own: a title such as ``C:\\N`` must come back as written, not as a missing value."""
    titles = ["C:\\N", "Back\\slash \\t and \\\\ two", 'Quoted "Welding", semi; colon', "焊接技术（高级）"]
    path = write_workbook(
        tmp_path / "tricky.xlsx",
        {
            "standard": [
                {"code": f"T-{i}", "title": title, "discipline": "Mechanics"} for i, title in enumerate(titles)
            ],
            "adoption": [
                {
                    "standard_code": "T-0",
                    "institution": "Backslash \\ Polytechnic",
                    "country": "Thailand",
                    "adopted_on": dt.date(2024, 2, 29),
                    "status": "adopted",
                }
            ],
        },
    )
    result = import_path(store, path)
    assert result.status == "committed", result.as_json()
    standards = store.records("standard", traced=True).set_index("code")
    assert [standards.loc[f"T-{i}", "title"] for i in range(len(titles))] == titles
    assert standards["title_zh"].isna().all()
    assert set(standards["origin_batch"]) == {result.batch}
    assert list(standards.loc[[f"T-{i}" for i in range(len(titles))], "source_row"]) == [2, 3, 4, 5]
    adoption = store.records("adoption").iloc[0]
    assert adoption["institution"] == "Backslash \\ Polytechnic"
    assert adoption["adopted_on"] == dt.datetime(2024, 2, 29)
    assert import_path(store, path).counts["standard"].unchanged == len(titles)  # read back as written
