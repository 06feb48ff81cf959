"""The deployment guide's nginx set-up, run for real: the guide's own `server` block in a real
nginx (Debian's package) in front of `coopdash serve` with the guide's settings, and visitors
on other loopback addresses (127.0.0.2, 127.0.0.3), so that the proxy, the visitors and the
app each have an address of their own."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import time
import urllib.parse

import pytest

from dashboard.store import accounts
from dashboard.store.store import Store
from tests.support.nginx import NGINX, configuration
from tests.support.paths import COOPDASH, ROOT

GUIDE = ROOT / "docs" / "deployment.md"
HOST = "coopdash.example.edu"


def _guide_settings() -> dict[str, str]:
    """The guide's /etc/coopdash.env, less what this test cannot use (its database, its secret,
    and HTTPS: the test speaks plain HTTP, and Secure cookies would not come back)."""
    block = re.search(r"```sh\n(COOPDASH_DATABASE_URL=.*?)```", GUIDE.read_text(), re.S).group(1)
    pairs = dict(line.split("=", 1) for line in block.splitlines() if line.strip())
    return {
        k: v for k, v in pairs.items() if k not in ("COOPDASH_DATABASE_URL", "COOPDASH_SECRET_KEY", "COOPDASH_HTTPS")
    }


def _guide_server_block(listen: int, upstream: int) -> str:
    """The guide's HTTPS `server` block, listening on plain HTTP on a free port and passing on
    to the test's `coopdash serve`; everything else exactly as written."""
    block = re.search(r"```nginx\n(server \{.*?\n\})\n", GUIDE.read_text(), re.S).group(1)
    block = block.replace("listen 443 ssl;", f"listen 127.0.0.1:{listen};")
    block = re.sub(r"\n\s*ssl_certificate(_key)?\s+[^;]+;", "", block)
    assert "proxy_pass http://127.0.0.1:8050;" in block
    return block.replace("proxy_pass http://127.0.0.1:8050;", f"proxy_pass http://127.0.0.1:{upstream};")


@pytest.fixture(scope="module")
def deployed(serve, tmp_path_factory):
    if not os.path.exists(NGINX):
        pytest.fail("nginx is not installed: `make test` installs Debian's nginx package")
    settings = _guide_settings()
    assert settings["COOPDASH_ALLOWED_HOSTS"] == HOST and settings["COOPDASH_TRUSTED_PROXIES"] == "127.0.0.1"
    app = serve(**settings)
    subprocess.run(
        [str(COOPDASH), "user", "add", "erin", "--role", "editor"],
        input="editor-password-1",
        text=True,
        env=app.env,
        check=True,
        capture_output=True,
    )
    home = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    upstream = int(app.url.rsplit(":", 1)[1])
    (home / "nginx.conf").write_text(configuration(home, _guide_server_block(port, upstream)))
    nginx = subprocess.Popen([NGINX, "-p", str(home), "-c", str(home / "nginx.conf")], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while _status("127.0.0.1", port, "/public", HOST) is None:
        assert nginx.poll() is None and time.monotonic() < deadline, nginx.stderr.read().decode()
        time.sleep(0.2)
    yield app, port
    nginx.terminate()
    nginx.wait(timeout=10)


def _free_port() -> int:
    """A port no one listens on now, for nginx (which cannot say which port it took)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Visitor:
    """A browser on a loopback address of its own, keeping its cookies."""

    def __init__(self, source: str, port: int, host: str = HOST) -> None:
        self.source, self.port, self.host = source, port, host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, **headers: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(self.source, 0))
        headers = {"Host": self.host, **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        text = response.read().decode(errors="replace")
        connection.close()
        return response.status, text

    def sign_in(self, name: str, password: str, **headers: str) -> tuple[int, str]:
        _, page = self.request("GET", "/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"name": name, "password": password, "csrf": token})
        return self.request("POST", "/login", form, **headers)


def _status(source: str, port: int, path: str, host: str) -> int | None:
    try:
        return Visitor(source, port, host).request("GET", path)[0]
    except OSError:
        return None


def _addresses(app, action: str) -> list[str]:
    return [entry["address"] for entry in accounts.entries(Store(app.db_url), action=action)]


def test_through_the_guides_nginx_the_app_answers_its_name_and_no_other(deployed):
    app, port = deployed
    assert _status("127.0.0.2", port, "/public", HOST) == 200
    assert _status("127.0.0.2", port, "/data", HOST) == 302  # anonymous viewing is off: sign in first
    assert _status("127.0.0.2", port, "/public", "attacker.example") == 400  # nginx passes any Host on


def test_through_the_listed_proxy_the_visitors_own_address_counts_not_a_forged_one(deployed):
    app, port = deployed
    attacker = Visitor("127.0.0.2", port)
    for _ in range(6):  # past the 5 free attempts for one name from one address
        status, page = attacker.sign_in("erin", "not-the-password", **{"X-Forwarded-For": "198.51.100.7"})
    assert "wait" in page.lower()
    failed = _addresses(app, "sign_in_failed")
    assert failed and set(failed) == {"127.0.0.2"}  # neither the forged 198.51.100.7 nor nginx's 127.0.0.1
    owner = Visitor("127.0.0.3", port)  # the account's owner, elsewhere, is not slowed by it
    assert owner.sign_in("erin", "editor-password-1")[0] == 302
    assert _addresses(app, "sign_in")[0] == "127.0.0.3"


def test_straight_to_the_app_past_the_proxy_a_forwarded_header_is_ignored(deployed):
    app, _ = deployed
    upstream = int(app.url.rsplit(":", 1)[1])
    stranger = Visitor("127.0.0.4", upstream)  # not a listed proxy
    stranger.sign_in("erin", "still-not-the-password", **{"X-Forwarded-For": "203.0.113.9"})
    assert _addresses(app, "sign_in_failed")[0] == "127.0.0.4"
