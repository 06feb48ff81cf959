"""What a hand-made request can send that no page ever would: every callback and route
answers it 400 (or as for any other value), never 500, and never shows a traceback.

The server is a fresh install on a loopback address, where whoever asks is its local editor:
the callbacks that write are reached, not refused at the door."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.support.dash_client import callbacks, post_callback

MALFORMED: list[Any] = [
    None,
    "",
    "x\r\nSet-Cookie: a=b\x00",
    10**40,
    -(10**40),
    1e308,
    float("inf"),
    float("nan"),
    True,
    ["a", ["nested", {"deep": [None]}]],
    {"nested": {"deep": [1, {"a": None}]}, "batch": "x"},
]

ODD_QUERY = "?" + urllib.parse.urlencode(
    {
        "from": "99999",
        "to": "-1",
        "as_of": "0000-00-00",
        "region": "\r\n",
        "country": "x" * 5_000,
        "lang": "zh\x00",
        "metric": "nope",
        "freq": "x",
        "mode": "y",
        "split": "z",
        "dormant_months": "1e999",
        "table": "../../etc/passwd",
    }
)


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def _post(server, body: Any) -> tuple[int, str]:
    request = urllib.request.Request(
        server + "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _get(server, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(server + path, timeout=60) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _id(spec_id: str) -> Any:
    """A component id as the page would send it: a pattern's wildcards filled with junk."""
    if not spec_id.startswith("{"):
        return spec_id
    return {k: ("x\r\n" if v == ["ALL"] or v == ["MATCH"] else v) for k, v in json.loads(spec_id).items()}


def _bodies(spec: dict, value: Any) -> list[dict]:
    """Requests for callback ``spec`` with every input and state set to ``value``: as the page
    shapes them, then with the shapes themselves broken."""
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in spec["output"].strip(".").split("...")]

    def item(dep: dict) -> Any:
        entry = {"id": _id(dep["id"]), "property": dep["property"], "value": value}
        return [entry] if dep["id"].startswith("{") else entry

    inputs = [item(i) for i in spec["inputs"]]
    state = [item(s) for s in spec["state"]]
    changed = [
        f"{json.dumps(_id(i['id'])) if i['id'].startswith('{') else i['id']}.{i['property']}" for i in spec["inputs"]
    ]
    body = {
        "output": spec["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": state,
        "changedPropIds": changed,
    }
    return [
        body,
        body | {"inputs": [value] * len(inputs), "state": [value] * len(state)},
        body | {"inputs": value},
        body | {"changedPropIds": [value]},
    ]


def _assert_no_crash(status: int, text: str, what: str) -> None:
    assert status < 500, f"{what}: {status} {text[:300]}"
    assert "Traceback" not in text, what


def test_every_callback_answers_malformed_values_without_500_or_traceback(server):
    specs = callbacks(server.url)
    assert len(specs) >= 15
    failures = set()
    for spec in specs:
        for value in MALFORMED:
            for shape, body in enumerate(_bodies(spec, value)):
                status, text = _post(server, body)
                if status >= 500 or "Traceback" in text:
                    failures.add(f"{spec['output'][:60]} shape {shape} with {value!r}: {status}")
    assert not failures, "\n".join(sorted(failures))
    assert "Traceback" not in _get(server, "/")[1]  # and the server still answers


def test_a_rollback_of_a_batch_that_is_no_number_answers_400(server):
    status, text = post_callback(
        server.url, "rollback-confirm", "n_clicks", 1, state={("rollback-batch", "data"): "1; DROP TABLE x"}
    )
    assert status == 400 and "Traceback" not in text


def test_an_upload_named_with_a_line_break_is_checked_and_its_marked_copy_downloads(server):
    contents = "data:;base64," + base64.b64encode(b"Partner name\r\nLusaka\r\n").decode()
    status, answer = post_callback(
        server.url,
        "upload-payload",
        "data",
        {"contents": contents, "filename": "a\r\nSet-Cookie: x=1\x00.csv"},
        state={("lang", "data"): "en"},
    )
    assert status == 200, answer
    token = answer["response"]["upload-token"]["data"]
    with urllib.request.urlopen(server + f"/upload/{token}/marked.xlsx", timeout=60) as response:
        assert response.status == 200
        assert "a  Set-Cookie: x=1 -problems.xlsx" in response.headers["Content-Disposition"]
        assert response.headers.get("Set-Cookie") is None


@pytest.mark.parametrize(
    "path",
    [
        "/export/chart/adoption-map.png?region=%0D%0A&lang=%00&as_of=99999-99-99",
        "/export/data.csv?record=adoption%0D%0A&lang=zh%00",
        "/export/data.xlsx?region=" + urllib.parse.quote("x" * 10_000),
        "/download/template.xlsx?lang=%0A",
        "/upload/%0D%0A/marked.xlsx",
        "/country/%00%0D%0A",
        "/admin?action=%0D%0A&user=%00",
        "/export/chart/trends.svg" + ODD_QUERY,
    ],
)
def test_routes_answer_malformed_query_values_without_500(server, path):
    status, text = _get(server, path)
    _assert_no_crash(status, text, path)


@pytest.mark.parametrize(
    "path", ["/", "/trends", "/regions", "/partners", "/events", "/data", "/country/KEN", "/upload", "/public"]
)
def test_every_page_draws_or_refuses_an_odd_query_without_500(server, path):
    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": ODD_QUERY},
        ],
        "state": [],
        "changedPropIds": ["_pages_location.pathname"],
    }
    status, text = _post(server, body)
    _assert_no_crash(status, text, path)
