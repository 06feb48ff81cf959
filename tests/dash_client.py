"""Call a Dash callback the way the browser does: one JSON POST to /_dash-update-component.

Used to prove that the server itself enforces limits and permissions, whatever a browser
(or anyone with curl) sends.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


def callbacks(base_url: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(base_url + "/_dash-dependencies") as response:
        return json.load(response)


def post_callback(
    base_url: str,
    input_id: str,
    prop: str,
    value: Any,
    state: dict[tuple[str, str], Any] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any] | str]:
    """POST the callback whose input is ``input_id.prop``; (status, decoded body)."""
    spec = next(
        c for c in callbacks(base_url) if any(i["id"] == input_id and i["property"] == prop for i in c["inputs"])
    )
    state = state or {}
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in spec["output"].strip(".").split("...")]
    body = {
        "output": spec["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": input_id, "property": prop, "value": value}],
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
        with urllib.request.urlopen(request) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else {}
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
