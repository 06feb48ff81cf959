"""A throwaway PostgreSQL server for the tests and benchmarks: Debian's binaries, a cluster
in a temporary directory, listening on a free loopback port (and a socket in that directory).

As root, the server runs as the ``postgres`` user (``nobody`` where there is none): PostgreSQL
refuses to run as root. Durability is off (fsync, full-page writes): the data is thrown away.

The server is a child of the process that starts it and is told to shut down when that process
dies (Linux's parent-death signal), so a killed test run leaves no server behind. Each temporary
directory names its owner's pid; a later start removes any whose owner is gone. Several servers
may start at once (pytest-xdist workers): a port another took first is retried with a new one.
"""

from __future__ import annotations

import ctypes
import glob
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

SUPERUSER = "coopdash"
PREFIX = "coopdash-pg-"
OWNER = "owner.pid"  # in the temporary directory: the pid of the process that started the server
PORT_TRIES = 5
_PR_SET_PDEATHSIG = 1


class PostgresUnavailable(RuntimeError):
    pass


def binaries() -> Path:
    """The directory of initdb and postgres: the newest /usr/lib/postgresql/N/bin, else PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]), reverse=True)
    initdb = found[0] if found else shutil.which("initdb")
    if initdb is None:
        raise PostgresUnavailable(
            "PostgreSQL's server binaries (initdb, postgres) were not found under /usr/lib/postgresql/*/bin: "
            "install Debian's postgresql package (`make test` does), or set COOPDASH_SKIP_POSTGRES=1 "
            "to run the SQLite tests alone"
        )
    return Path(initdb).parent


class PostgresServer:
    def __init__(self) -> None:
        self.bin = binaries()
        remove_stale()
        self.home = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.home / OWNER).write_text(str(os.getpid()))
        self.data = self.home / "data"
        self.log = self.home / "server.log"
        self._user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            self._user = pwd.getpwnam("postgres" if _user_exists("postgres") else "nobody")
            os.chown(self.home, self._user.pw_uid, self._user.pw_gid)
        self._names = itertools.count(1)
        self.process: subprocess.Popen[bytes] | None = None
        try:
            self._initdb()
            self._start()
        except BaseException:
            self.stop()
            raise

    def _as_owner(self) -> None:
        """In the child, before exec: drop root for the server's user, then ask for SIGQUIT (an
        immediate shutdown) when the parent dies. Changing user clears that request, so it comes last."""
        if self._user is not None:
            os.setgroups([])
            os.setgid(self._user.pw_gid)
            os.setuid(self._user.pw_uid)
        _die_with_parent(signal.SIGQUIT)

    def _initdb(self) -> None:
        done = subprocess.run(
            [str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8"]
            + ["--no-locale", "-N"],
            capture_output=True,
            text=True,
            cwd=self.home,
            timeout=120,
            preexec_fn=self._as_owner,
        )
        if done.returncode != 0:
            raise PostgresUnavailable(f"initdb failed: {done.stdout}{done.stderr}")

    def _start(self) -> None:
        """Start ``postgres`` as a child process; another port if the chosen one was taken meanwhile."""
        for _ in range(PORT_TRIES):
            self.port = free_port()
            with self.log.open("ab") as log:
                self.process = subprocess.Popen(
                    [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.home)]
                    + ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off"]
                    + ["-c", "synchronous_commit=off", "-c", "max_connections=200"],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    cwd=self.home,
                    preexec_fn=self._as_owner,
                )
            if self._ready():
                return
            if "could not bind" not in self.log.read_text(errors="replace"):
                break
        raise PostgresUnavailable(f"postgres did not start: {self.log.read_text(errors='replace')}")

    def _ready(self, timeout: float = 60) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with self._admin():
                    return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        return False

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
        """An immediate shutdown (SIGQUIT): the data is thrown away, so nothing needs writing."""
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.send_signal(signal.SIGQUIT)
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        finally:
            shutil.rmtree(self.home, ignore_errors=True)


_prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before any fork: the child only calls it


def _die_with_parent(sig: int) -> None:
    _prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if os.getppid() == 1:  # the parent died before the request: nobody is left to stop us
        os.kill(os.getpid(), sig)


def remove_stale() -> None:
    """Remove the temporary directories of servers whose starting process is gone (a killed run),
    stopping any such server still running. Directories without an owner file are not ours."""
    for home in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            owner = int((home / OWNER).read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        try:
            postmaster = int((home / "data" / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            postmaster = None
        if postmaster is not None and _alive(postmaster) and _is_postgres(postmaster, home):
            os.kill(postmaster, signal.SIGQUIT)
        shutil.rmtree(home, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_postgres(pid: int, home: Path) -> bool:
    """Whether ``pid`` is the server of ``home`` (and not a later process given the same pid)."""
    try:
        return str(home) in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


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
