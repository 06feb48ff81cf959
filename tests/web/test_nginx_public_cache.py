"""The deployment guide's cache for the public page, run for real: its lines in a real nginx in
front of `coopdash serve`. nginx answers the public site from its cache, revalidates it with the
app's ETag (a 304 from the app), and keeps answering while the app is down."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import time

import pytest

from tests.support.nginx import NGINX, configuration
from tests.support.paths import ROOT
from tests.support.postgres import free_port
from tests.support.servers import Server

GUIDE = ROOT / "docs" / "deployment.md"


def _guide_cache(home, upstream: int) -> tuple[str, str]:
    """The guide's ``proxy_cache_path`` line (its folder moved into ``home``) and ``location`` block."""
    block = re.search(r"```nginx\n(# nginx, in the http block.*?)```", GUIDE.read_text(), re.S).group(1)
    path = re.search(r"^proxy_cache_path .*;$", block, re.M).group(0)
    location = re.search(r"^location /public/site/ \{.*?^\}", block, re.M | re.S).group(0)
    assert "proxy_pass http://127.0.0.1:8050;" in location
    path = path.replace("/var/cache/nginx/coopdash", str(home / "cache"))
    return path, location.replace("proxy_pass http://127.0.0.1:8050;", f"proxy_pass http://127.0.0.1:{upstream};")


def _get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Host": "localhost"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.headers), body


@pytest.fixture
def cached(tmp_path):
    if not os.path.exists(NGINX):
        pytest.fail("nginx is not installed: `make test` installs Debian's nginx package")
    (tmp_path / "app").mkdir()
    app = Server(tmp_path / "app", {"COOPDASH_PUBLIC_MAX_AGE": "1"})
    home = tmp_path / "nginx"
    home.mkdir()
    port = free_port()
    cache_path, location = _guide_cache(home, int(app.url.rsplit(":", 1)[1]))
    server = f"""server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        {location}
    }}"""
    (home / "nginx.conf").write_text(configuration(home, f"{cache_path}\n{server}"))
    nginx = subprocess.Popen([NGINX, "-p", str(home), "-c", str(home / "nginx.conf")], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            _get(port, "/public/site/site.css")
            break
        except OSError:
            assert nginx.poll() is None and time.monotonic() < deadline, nginx.stderr.read().decode()
            time.sleep(0.2)
    yield app, port
    nginx.terminate()
    nginx.wait(timeout=10)
    app.stop()


def test_nginx_answers_the_public_site_from_its_cache_revalidating_with_the_apps_etag(cached):
    app, port = cached
    status, headers, body = _get(port, "/public/site/")
    assert status == 200 and b'id="kpi-standards_adopted">23<' in body
    assert headers["X-Cache-Status"] == "MISS"
    status, headers, again = _get(port, "/public/site/")
    assert (status, again, headers["X-Cache-Status"]) == (200, body, "HIT")  # the app was not asked
    time.sleep(2.5)  # max-age (1 s here; nginx counts whole seconds) has run out: asked with the ETag, answered 304
    status, headers, again = _get(port, "/public/site/")
    assert (status, again, headers["X-Cache-Status"]) == (200, body, "REVALIDATED")

    app.stop()  # the app goes away: the visitors still get the page nginx holds
    time.sleep(2.5)
    status, headers, stale = _get(port, "/public/site/")
    assert (status, stale, headers["X-Cache-Status"]) == (200, body, "STALE")
