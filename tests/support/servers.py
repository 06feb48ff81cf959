"""``coopdash serve`` as a user starts it, for the tests that speak HTTP to it (the ``serve``
fixture starts and stops them per test module)."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.paths import COOPDASH, SAMPLE

LISTENING = re.compile(r"Listening at: http://\S+:(\d+)")


class Server:
    """``coopdash serve`` on a free loopback port, with the sample data imported (unless the
    database named by ``db_url`` already holds data); ``args`` go to ``coopdash serve``."""

    def __init__(
        self,
        home: Path,
        env: dict[str, str] | None = None,
        db_url: str | None = None,
        args: tuple[str, ...] = (),
        host: str = "127.0.0.1",
    ) -> None:
        self.home = home
        self.db_path = home / "coopdash.sqlite"
        self.db_url = db_url or f"sqlite:///{self.db_path}"
        self.env = {"COOPDASH_DATABASE_URL": self.db_url, "PATH": "/usr/bin:/bin", **(env or {})}
        subprocess.run(
            [str(COOPDASH), "import", str(SAMPLE), "--only-if-empty"], env=self.env, check=True, capture_output=True
        )
        self.log = home / "serve.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(COOPDASH), "serve", "--host", host, "--port", "0", *args],  # gunicorn binds a free port, names it
                env=self.env,
                cwd=home,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        self.url = f"http://{host}:{self._listening_port(deadline)}"
        while True:  # bound by the master; answering once a worker has built the app
            try:
                urllib.request.urlopen(self.url, timeout=2)
                return
            except urllib.error.HTTPError:  # it answers (400: 127.0.0.1 is not among its host names)
                return
            except OSError:
                self._check(deadline)
                time.sleep(0.1)

    def _listening_port(self, deadline: float) -> int:
        """The port gunicorn bound, once its log names it: "Listening at: http://HOST:PORT"."""
        while True:
            found = LISTENING.search(self.log.read_text(errors="replace"))
            if found:
                return int(found[1])
            self._check(deadline)
            time.sleep(0.05)

    def _check(self, deadline: float) -> None:
        if self.process.poll() is not None or time.monotonic() > deadline:
            self.stop()
            raise RuntimeError(self.log.read_text()) from None

    def __str__(self) -> str:
        return self.url

    def __add__(self, path: str) -> str:
        return self.url + path

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
