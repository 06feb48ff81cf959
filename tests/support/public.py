"""The public page's figures as a visitor's program reads them, and a commit that changes them."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from dashboard.batches.importer import import_path
from dashboard.ingest.workbook import write_workbook
from dashboard.store.store import Store


def public_figures(base_url: str, query: str = "") -> dict[str, int]:
    """The figures of ``/public/data.json`` (for ``query``), by key."""
    with urllib.request.urlopen(base_url + "/public/data.json" + query, timeout=60) as response:
        return {f["key"]: f["value"] for f in json.load(response)["figures"]}


def add_a_standard_adopted_in_uruguay(db_url: str, folder: Path) -> None:
    """Commit one batch: a new standard, adopted in a country the sample has none in (24 standards
    adopted, in 16 countries, where the sample gives 23 and 15)."""
    workbook = write_workbook(
        folder / "uruguay.xlsx",
        {
            "standard": [{"code": "SZPT-NEW-001", "title": "A new standard", "discipline": "Energy"}],
            "adoption": [
                {
                    "standard_code": "SZPT-NEW-001",
                    "institution": "Universidad Nueva",
                    "country": "URY",
                    "adopted_on": "2024-03-01",
                }
            ],
        },
    )
    assert import_path(Store(db_url), workbook).status == "committed"
