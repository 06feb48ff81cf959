"""The public page's figures as a visitor's program reads them, and a commit that changes them."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from dashboard.batches.importer import import_path
from dashboard.ingest.workbook import write_workbook
from dashboard.store.store import Store
from tests.support.dash_client import page_body


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


def page_figures(base_url: str, path: str, search: str = "") -> dict[str, str]:
    """The headline figures (``kpi-KEY``) of a page's layout, as the browser's page-router
    callback receives it for ``path + search``."""
    body = page_body(path, search)
    request = urllib.request.Request(
        base_url + "/_dash-update-component", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        layout = json.load(response)["response"]["_pages_content"]["children"]
    found: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            props = node.get("props", {})
            if str(props.get("id", "")).startswith("kpi-"):
                found[props["id"].removeprefix("kpi-")] = props["children"]
            walk(props.get("children"))

    walk(layout)
    return found
