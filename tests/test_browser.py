"""The dashboard in a real headless Chromium, served by ``coopdash serve`` as a user starts it."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import COOPDASH, SAMPLE

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``coopdash serve`` on a free loopback port, with the sample data imported."""
    home = tmp_path_factory.mktemp("server")
    env = {"COOPDASH_DATABASE_URL": f"sqlite:///{home / 'coopdash.sqlite'}", "PATH": "/usr/bin:/bin"}
    subprocess.run([str(COOPDASH), "import", str(SAMPLE)], env=env, check=True, capture_output=True)
    port = _free_port()
    log = (home / "serve.log").open("w")
    process = subprocess.Popen([str(COOPDASH), "serve", "--port", str(port)], env=env, cwd=home,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((home / "serve.log").read_text()) from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-default-apps", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _requested_urls(driver: webdriver.Chrome) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_overview_shows_figures_and_an_offline_map(server, browser):
    browser.get_log("performance")  # start with an empty log
    browser.get(server + "/")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: d.find_elements(By.ID, "kpi-standards_adopted"))
    kpis = {key: browser.find_element(By.ID, f"kpi-{key}").text
            for key in ("standards_adopted", "adoption_countries", "centres", "centre_countries")}
    assert kpis == {"standards_adopted": "23", "adoption_countries": "15", "centres": "9",
                    "centre_countries": "7"}

    # The map is drawn: one shape per adopting country or region, from the app's own topojson.
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#adoption-map .choroplethlocation")) >= 15)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#centres-by-country .bars .point"))
    time.sleep(0.5)  # let late requests and console messages arrive

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    urls = _requested_urls(browser)
    assert server + "/assets/topojson/world_110m.json" in urls
    foreign = [u for u in urls if not u.startswith((server + "/", "data:", "blob:"))]
    assert foreign == []
