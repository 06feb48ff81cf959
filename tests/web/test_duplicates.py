"""The Duplicates page's merge, posted over HTTP to `coopdash serve` as the browser posts it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import urllib.error
import urllib.request

from openpyxl import Workbook

from dashboard.web import ids
from tests.support.dash_client import callbacks
from tests.support.paths import COOPDASH


def _coopdash(server, *args) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COOPDASH), *map(str, args)], env=server.env, capture_output=True, text=True, check=False)


def test_an_editor_merges_a_likely_duplicate_from_the_page_as_one_batch(serve, tmp_path):
    server = serve()  # no accounts, on this machine: the one person here is an editor
    book = Workbook()
    sheet = book.active
    sheet.title = "Partner institutions"
    sheet.append(["Partner name", "Country or region", "Type"])
    sheet.append(["Penang Skills Colege", "Malaysia", "Vocational college"])
    agreements = book.create_sheet("Agreements")
    agreements.append(["Partner institution", "Kind", "Signed"])
    agreements.append(["Penang Skills Colege", "MoU", dt.date(2025, 1, 5)])
    book.save(tmp_path / "dup.xlsx")
    assert _coopdash(server, "import", tmp_path / "dup.xlsx").returncode == 0
    pairs = json.loads(_coopdash(server, "duplicates", "--json").stdout)
    assert [(p["first"], p["second"]) for p in pairs] == [("Penang Skills College", "Penang Skills Colege")]

    status, body = _merge_first_pair(server.url, [["partner", "Penang Skills College", "Penang Skills Colege"]])
    assert status == 200, body
    assert "Merged Penang Skills Colege into Penang Skills College (batch 3)" in body
    assert json.loads(_coopdash(server, "duplicates", "--json").stdout) == []
    batches = json.loads(_coopdash(server, "batches", "--json").stdout)
    assert batches[-1]["kind"] == "merge"
    assert json.loads(_coopdash(server, "metrics", "--json").stdout)["partners"] == 28


def _merge_first_pair(url: str, pairs: list) -> tuple[int, str]:
    """Click the first Merge button: the callback's request, as the browser sends it."""
    spec = next(c for c in callbacks(url) if ids.DUPLICATES_MESSAGE in c["output"])
    button = {"index": 0, "type": ids.MERGE}
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in spec["output"].strip(".").split("...")]
    body = {
        "output": spec["output"],
        "outputs": outputs,
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "state": [
            {"id": ids.DUPLICATES_PAIRS, "property": "data", "value": pairs},
            {"id": ids.LANG, "property": "data", "value": "en"},
        ],
        "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }
    request = urllib.request.Request(
        url + "/_dash-update-component", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
