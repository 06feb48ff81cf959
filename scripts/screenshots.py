"""Regenerate the screenshots in docs/screenshots/ from the real app on the sample data.

    python scripts/screenshots.py        (or: make screenshots)

Starts ``coopdash serve`` on a temporary database holding the sample workbook, and takes every
page in English and Chinese with headless Chromium (through Selenium) at a laptop's width, whole
pages from top to bottom; then the main pages on a phone (390 px wide, ``phone-*.png``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PAGES = {
    "overview": "/",
    "trends": "/trends",
    "trends-indicator": "/trends?metric=intl_students&split=region",
    "regions": "/regions",
    "regions-indicator": "/regions?metric=centre_trainees",
    "country": "/country/KEN",
    "partners": "/partners",
    "events": "/events",
    "data": "/data?table=adoption",
    "upload": "/upload",
    "public": "/public",
}
PHONE_PAGES = ("overview", "trends", "regions", "public")
LAPTOP, PHONE = (1400, 1000), (390, 844)
TALLEST = 8000  # px: a page longer than this is cut
COOPDASH = Path(sys.executable).with_name("coopdash")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shoot(driver: webdriver.Chrome, url: str, target: Path, size: tuple[int, int]) -> None:
    """The whole page at ``url`` at ``size``'s width, once its charts are drawn and have settled."""
    driver.set_window_size(*size)
    driver.get(url)
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#_pages_content > div > *"))
    time.sleep(3)  # charts draw, maps refit, fonts settle
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size[0], min(max(height, size[1]), TALLEST))
    time.sleep(1.5)
    driver.save_screenshot(str(target))
    print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        sys.exit("screenshots: needs Debian's chromium (make test installs it)")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        env = os.environ | {"COOPDASH_DATABASE_URL": f"sqlite:///{home}/coopdash.sqlite"}
        subprocess.run(
            [str(COOPDASH), "import", str(ROOT / "data" / "sample_cooperation.xlsx")],
            env=env,
            check=True,
            capture_output=True,
        )
        port = free_port()
        server = subprocess.Popen(
            [str(COOPDASH), "serve", "--port", str(port)],
            env=env,
            cwd=home,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        options = Options()
        options.binary_location = browser
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base, timeout=2)
                    break
                except OSError:
                    time.sleep(0.3)
            for name, path in PAGES.items():
                for lang in ("en", "zh"):
                    url = base + path + ("&" if "?" in path else "?") + f"lang={lang}"
                    shoot(driver, url, OUT / f"{name}-{lang}.png", LAPTOP)
                    if name in PHONE_PAGES:
                        shoot(driver, url, OUT / f"phone-{name}-{lang}.png", PHONE)
        finally:
            driver.quit()
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
