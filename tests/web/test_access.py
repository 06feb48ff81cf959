"""Who may run what is decided by the server alone: every callback and route declares its
level, and nothing the request says about itself — an input's name, order or value — can
talk the check round. Requests are posted as an attacker would, over HTTP, to `coopdash serve`.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import socket
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from dash import Input, Output

from dashboard.config import settings
from dashboard.web.app import create_app
from dashboard.web.security import access
from tests.support.paths import COOPDASH, SAMPLE

PAGES = ("/", "/trends", "/regions", "/partners", "/events", "/data", "/upload", "/country/THA", "/public")
PUBLIC_CALLBACKS = {  # the chrome (navigation, filters, who is signed in) and the page router
    "hide_chrome_when_embedded",
    "show_filters",
    "write_filters",
    "toggle_menu",
    "toggle_filters",
    "show_account",
    access.ROUTER_OUTPUT,
}


@pytest.fixture(scope="module")
def closed(serve):
    """A server with an account and anonymous viewing off: an anonymous caller may see /public alone."""
    server = serve(COOPDASH_PUBLIC_VIEW="0")
    subprocess.run(
        [str(COOPDASH), "user", "add", "vic", "--role", "viewer"],
        input="viewer-password-1",
        text=True,
        env=server.env,
        check=True,
        capture_output=True,
    )
    return server


def _secrets(db_path) -> set[str]:
    """Names no anonymous caller may read: every institution, centre and standard on record."""
    with sqlite3.connect(db_path) as db:
        rows = [
            *db.execute("SELECT name FROM partner"),
            *db.execute("SELECT name FROM training_centre"),
            *db.execute("SELECT title FROM standard"),
            *db.execute("SELECT institution FROM adoption"),
        ]
    return {name for (name,) in rows if name and len(name) > 6}


def _post(url: str, body: dict, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        url + "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _outputs(spec: dict) -> list[dict] | dict:
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in spec["output"].strip(".").split("...")]
    for output in outputs:
        output["id"] = output["id"].split("@")[0]
        if output["id"].startswith("{"):
            output["id"] = json.loads(output["id"])
    return outputs if len(outputs) > 1 else outputs[0]


def _bodies(spec: dict):
    """The callback posted with each page's path in every input position, the inputs in every
    order, and their names swapped and renamed to look like the public page's."""
    declared = [(i["id"], i["property"]) for i in spec["inputs"]]
    n = len(declared)
    # every order of up to three inputs; beyond that, every rotation and its reverse
    orders = list(itertools.permutations(range(n)))
    if n > 3:
        orders = [tuple((k + r) % n for k in range(n)) for r in range(n)]
        orders += [order[::-1] for order in orders]
    for path, order in itertools.product(PAGES, orders):
        values = ["?lang=en"] * n
        values[order[0]] = path  # the path goes in a different position each time
        names = [declared[k] for k in order]
        for labels in (declared, names, [("_pages_location", "pathname")] * n):
            yield {
                "output": spec["output"],
                "outputs": _outputs(spec),
                "inputs": [
                    {"id": label[0], "property": label[1], "value": value}
                    for label, value in zip(labels, values, strict=False)
                ],
                "state": [{"id": s["id"], "property": s["property"], "value": None} for s in spec["state"]],
                "changedPropIds": [f"{labels[0][0]}.{labels[0][1]}"],
            }


def test_anonymous_callers_read_no_record_through_any_callback_however_its_inputs_are_named(closed, declared):
    public = {c["output"] for c in declared["callbacks"] if c["level"] == "public"}
    assert _anonymous_answers(closed) <= public  # and only public callbacks answered at all


def _anonymous_answers(closed) -> set[str]:
    """Post every callback anonymously in every shape; the outputs of those that answered."""
    secrets = _secrets(closed.db_path)
    assert len(secrets) > 20
    with urllib.request.urlopen(closed + "/_dash-dependencies") as response:
        specs = [s for s in json.load(response) if not s.get("clientside_function")]
    public_seen, posted = set(), 0
    for spec in specs:
        for body in _bodies(spec):
            status, text = _post(closed.url, body)
            posted += 1
            leaked = [name for name in secrets if name in text]
            assert not leaked, f"{spec['output']} gave {leaked[:3]} to an anonymous caller"
            if status == 200:
                public_seen.add(spec["output"])
            else:
                assert status in (400, 401, 403), (spec["output"], status, text[:200])
    assert posted > 500
    # The page router answers only when the path Dash binds (the first input) is the public page.
    router = next(s for s in specs if s["output"] == access.ROUTER_OUTPUT)
    swapped = next(b for b in _bodies(router) if b["inputs"][1]["value"] == "/public")
    swapped["inputs"][0]["value"] = "/data"
    swapped["inputs"][0], swapped["inputs"][1] = (
        {**swapped["inputs"][1], "value": "/data"},
        {**swapped["inputs"][0], "value": "/public"},
    )
    assert _post(closed.url, swapped)[0] == 401  # named pathname=/public, bound as pathname=/data
    return public_seen


# Dash hands the callbacks its pages register to the first app a process builds, so the app
# as served is built in a process of its own and asked what each callback and route declared.
DECLARATIONS = """
import json
from dashboard.web.security import access
from dashboard.web.app import create_app

app = create_app()
client = app.server.test_client()
client.get("/_dash-layout")  # Dash registers its page router on the first request
specs = [s for s in client.get("/_dash-dependencies").get_json() if not s.get("clientside_function")]
callbacks = [
    {
        "output": s["output"],
        "level": access.level_of_callback(app, s["output"]),
        "name": (
            s["output"] if s["output"] == access.ROUTER_OUTPUT else app.callback_map[s["output"]]["callback"].__name__
        ),
    }
    for s in specs
]
routes = {rule.endpoint: access.level_of_route(app.server, rule.endpoint) for rule in app.server.url_map.iter_rules()}
print(json.dumps({"callbacks": callbacks, "routes": routes}))
"""


@pytest.fixture(scope="module")
def declared(tmp_path_factory) -> dict:
    env = {**os.environ, "COOPDASH_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('declared')}/db.sqlite"}
    done = subprocess.run([sys.executable, "-c", DECLARATIONS], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_every_callback_and_route_declares_who_may_run_it(declared):
    callbacks, routes = declared["callbacks"], declared["routes"]
    assert len(callbacks) > 15
    assert not [c["output"] for c in callbacks if c["level"] in (None, access.UNDECLARED)]
    assert {c["name"] for c in callbacks if c["level"] == "public"} == PUBLIC_CALLBACKS
    assert all(routes.values()), [endpoint for endpoint, level in routes.items() if not level]
    assert routes["coopdash_files.marked_upload"] == "editor" and routes["coopdash_admin.page"] == "admin"


def test_a_callback_that_declares_no_level_is_refused_to_everyone(store):
    app = create_app(store)  # a fresh install: the local caller is an editor
    app.callback(Output("forgot", "children"), Input("to-declare", "value"))(lambda value: "secret")
    body = {
        "output": "forgot.children",
        "outputs": {"id": "forgot", "property": "children"},
        "inputs": [{"id": "to-declare", "property": "value", "value": 1}],
        "changedPropIds": ["to-declare.value"],
    }
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 403 and b"secret" not in response.data
    unknown = dict(body, output="no-such.children")
    assert app.server.test_client().post("/_dash-update-component", json=unknown).status_code == 400


def test_a_page_refuses_to_draw_for_a_caller_below_its_level(store):
    app = create_app(store, public_view=False)
    from dashboard.store import accounts

    accounts.add(store, "vic", "viewer", "viewer-password-1")  # accounts exist: no local editor
    client = app.server.test_client()
    router = {
        "output": access.ROUTER_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": "/data"},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "changedPropIds": ["_pages_location.pathname"],
    }
    client.get("/_dash-layout")
    assert client.post("/_dash-update-component", json=router).status_code == 401
    router["inputs"][0]["value"] = "/public"
    assert client.post("/_dash-update-component", json=router).status_code == 200
    assert client.get("/data").status_code == 302  # the page's shell sends a browser to sign in
    assert client.get("/public").status_code == 200


# --- one host ---------------------------------------------------------------------------------


def _request(url: str, path: str, host: str | None = None, method: str = "GET", **headers: str) -> int:
    data = b"{}" if method == "POST" else None
    request = urllib.request.Request(url + path, data=data, method=method, headers=headers)
    if host:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def fresh(serve):
    """A fresh install on a loopback address: no accounts, so the local caller is its editor."""
    return serve()


@pytest.mark.parametrize("path", ["/", "/_dash-layout", "/export/data.xlsx", "/download/template.xlsx", "/login"])
def test_a_request_for_another_host_name_is_refused_before_anything_runs(fresh, path):
    assert _request(fresh.url, path, host="attacker.example") == 400
    assert _request(fresh.url, path, host=f"attacker.example:{fresh.url.rsplit(':', 1)[1]}") == 400
    assert _request(fresh.url, path) == 200  # 127.0.0.1:PORT
    assert _request(fresh.url, path, host="localhost") == 200


def _pending(db_path) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT count(*) FROM pending_upload").fetchone()[0]


def _stage(url: str, **headers: str) -> int:
    from tests.support.dash_client import post_callback

    payload = {"contents": "data:;base64," + base64.b64encode(SAMPLE.read_bytes()).decode(), "filename": "s.xlsx"}
    status, _ = post_callback(url, "upload-payload", "data", payload, state={("lang", "data"): "en"}, headers=headers)
    return status


def test_a_rebound_page_cannot_stage_an_upload_on_a_fresh_install(fresh):
    before = _pending(fresh.db_path)
    assert _stage(fresh.url, Host="attacker.example", Origin="http://attacker.example") == 400
    assert _pending(fresh.db_path) == before
    assert _stage(fresh.url) == 200  # the same request, for this machine's own name, is the local editor's
    assert _pending(fresh.db_path) == before + 1


@pytest.fixture(scope="module")
def on_another_loopback_address(tmp_path_factory):
    """A fresh install served on 127.0.0.2: loopback, though not spelt 127.0.0.1."""
    from tests.support.servers import Server

    server = Server(tmp_path_factory.mktemp("server"), host="127.0.0.2")
    yield server
    server.stop()


def test_serving_on_another_loopback_address_answers_only_loopback_names(on_another_loopback_address):
    server = on_another_loopback_address
    assert _request(server.url, "/public", host="attacker.example") == 400
    assert _stage(server.url, Host="attacker.example", Origin="http://attacker.example") == 400
    assert _request(server.url, "/public", host="localhost") == 200


def test_serving_on_every_address_never_answers_any_name_by_default(monkeypatch):
    monkeypatch.delenv("COOPDASH_ALLOWED_HOSTS", raising=False)
    names = settings().hosts_for("0.0.0.0")
    assert "*" not in names and "attacker.example" not in names
    assert {"localhost", "127.0.0.1", socket.gethostname().lower()} <= set(names)
    assert settings().hosts_for("192.0.2.10")[-1] == "192.0.2.10"
    assert settings().hosts_for("127.0.0.2") == ("localhost", "127.0.0.1", "[::1]", "127.0.0.2")


def test_a_fresh_install_grants_the_local_editor_only_to_a_loopback_host_name(serve):
    server = serve(COOPDASH_ALLOWED_HOSTS="*")  # even with the host check switched off
    before = _pending(server.db_path)
    assert _stage(server.url, Host="attacker.example") == 401
    assert _stage(server.url, Host="localhost") == 200
    assert _pending(server.db_path) == before + 1


def test_changes_from_another_site_are_refused_whatever_the_cookies(fresh):
    port = fresh.url.rsplit(":", 1)[1]
    assert _request(fresh.url, "/_dash-update-component", method="POST", Origin="http://attacker.example") == 403
    assert _request(fresh.url, "/login", method="POST", Origin="null") == 403
    another_port, another_scheme = "http://127.0.0.1:9", f"https://127.0.0.1:{port}"
    assert _request(fresh.url, "/_dash-update-component", method="POST", Origin=another_port) == 403
    assert _request(fresh.url, "/_dash-update-component", method="POST", Origin=another_scheme) == 403
    assert _request(fresh.url, "/login", method="POST", host="localhost", Origin="http://localhost:9999") == 403
    same = _request(fresh.url, "/_dash-update-component", method="POST", Origin=f"http://127.0.0.1:{port}")
    assert same == 400  # past the origin check: refused only because "{}" names no callback


def test_allowed_hosts_name_the_hosts_a_server_answers(serve):
    server = serve(COOPDASH_ALLOWED_HOSTS="dash.example.edu")
    assert _request(server.url, "/public", host="dash.example.edu") == 200
    assert _request(server.url, "/public") == 400  # 127.0.0.1 is no longer one of them
