"""Call a Dash callback the way the browser does: one JSON POST to /_dash-update-component.

Used to prove that the server itself enforces limits and permissions, whatever a browser
(or anyone with curl) sends.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any


def callbacks(base_url: str, opener: urllib.request.OpenerDirector | None = None) -> list[dict[str, Any]]:
    with (opener or urllib.request.build_opener()).open(base_url + "/_dash-dependencies") as response:
        return json.load(response)


def post_callback(
    base_url: str,
    input_id: str,
    prop: str,
    value: Any,
    state: dict[tuple[str, str], Any] | None = None,
    headers: dict[str, str] | None = None,
    opener: urllib.request.OpenerDirector | None = None,
    output: str = "",
) -> tuple[int, dict[str, Any] | str]:
    """POST the callback whose input is ``input_id.prop`` (and whose outputs name ``output``),
    as the session of ``opener`` if given; (status, decoded body)."""
    opener = opener or urllib.request.build_opener()
    spec = next(
        c
        for c in callbacks(base_url, opener)
        if output in c["output"] and any(i["id"] == input_id and i["property"] == prop for i in c["inputs"])
    )
    state = state or {}
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in spec["output"].strip(".").split("...")]
    body = {
        "output": spec["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [
            {
                "id": i["id"],
                "property": i["property"],
                "value": value if (i["id"], i["property"]) == (input_id, prop) else None,
            }
            for i in spec["inputs"]
        ],
        "state": [
            {"id": s["id"], "property": s["property"], "value": state.get((s["id"], s["property"]))}
            for s in spec["state"]
        ],
        "changedPropIds": [f"{input_id}.{prop}"],
    }
    request = urllib.request.Request(
        base_url + "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with opener.open(request) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else {}
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def upload_and_commit(base_url: str, path: Path) -> dict[str, Any]:
    """Upload and commit a workbook through the upload page's callbacks, as the browser does."""
    contents = "data:application/octet-stream;base64," + base64.b64encode(path.read_bytes()).decode()
    lang = {("lang", "data"): "en"}
    status, body = post_callback(
        base_url, "upload-payload", "data", {"contents": contents, "filename": path.name}, state=lang
    )
    assert status == 200 and isinstance(body, dict), body
    token = body["response"]["upload-token"]["data"]
    state = {("upload-token", "data"): token, **lang}
    status, body = post_callback(base_url, "upload-commit", "n_clicks", 1, state=state)
    assert status == 200 and isinstance(body, dict), body
    return body["response"]


def page_body(path: str, search: str) -> dict:
    """The callback the browser posts to render the page ``path + search``."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.search"],
        "state": [],
    }
