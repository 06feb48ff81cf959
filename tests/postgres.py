"""A throwaway PostgreSQL server for the tests and benchmarks: Debian's binaries, a cluster
in a temporary directory, listening on a free loopback port (and a socket in that directory).

As root, the server runs as the ``postgres`` user (``nobody`` where there is none): PostgreSQL
refuses to run as root. Durability is off (fsync, full-page writes): the data is thrown away.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

SUPERUSER = "coopdash"


class PostgresUnavailable(RuntimeError):
    pass


def binaries() -> Path:
    """The directory of initdb and pg_ctl: the newest /usr/lib/postgresql/N/bin, else PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]), reverse=True)
    initdb = found[0] if found else shutil.which("initdb")
    if initdb is None:
        raise PostgresUnavailable(
            "PostgreSQL's server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin: "
            "install Debian's postgresql package (`make test` does), or set COOPDASH_SKIP_POSTGRES=1 "
            "to run the SQLite tests alone"
        )
    return Path(initdb).parent


class PostgresServer:
    def __init__(self) -> None:
        self.bin = binaries()
        self.home = Path(tempfile.mkdtemp(prefix="coopdash-pg-"))
        self.data = self.home / "data"
        self.port = free_port()
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            user = "postgres" if _user_exists("postgres") else "nobody"
            shutil.chown(self.home, user)
            self._run_as = ["runuser", "-u", user, "--"]
        self._names = itertools.count(1)
        self._start()

    def _pg(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [*self._run_as, str(self.bin / program), *args], capture_output=True, text=True, cwd=self.home, timeout=120
        )
        if done.returncode != 0:
            log = self.home / "server.log"
            detail = log.read_text() if log.exists() else ""
            raise PostgresUnavailable(f"{program} failed: {done.stdout}{done.stderr}{detail}")

    def _start(self) -> None:
        self._pg("initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale", "-N")
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.home} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200"
        )
        self._pg("pg_ctl", "start", "-w", "-D", str(self.data), "-l", str(self.home / "server.log"), "-o", options)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True)

    def create_database(self, template: str | None = None, name: str | None = None) -> str:
        """A new database (a copy of ``template`` if given); its name."""
        name = name or f"coopdash_{next(self._names)}"
        with self._admin() as connection:
            copy = f" TEMPLATE {template}" if template else ""
            connection.execute(f'CREATE DATABASE "{name}"{copy}')
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self._pg("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.home, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
