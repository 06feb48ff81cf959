"""Regenerate the screenshots in docs/screenshots/ from the real app on the sample data.

    python scripts/screenshots.py        (or: make screenshots)

Starts ``coopdash serve`` on a temporary database holding the sample workbook, and takes
every page in English and Chinese with headless Chromium.
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
COOPDASH = Path(sys.executable).with_name("coopdash")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
                    target = OUT / f"{name}-{lang}.png"
                    subprocess.run(
                        [
                            browser,
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--hide-scrollbars",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run",
                            f"--user-data-dir={home}/profile",
                            "--window-size=1400,1100",
                            "--virtual-time-budget=10000",
                            f"--screenshot={target}",
                            url,
                        ],
                        check=True,
                        capture_output=True,
                        timeout=120,
                    )
                    print(f"wrote {target.relative_to(ROOT)}")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
