"""Broken and hostile files (tests/corpus/, made by scripts/make_corpus.py) through the real
command line: each gets the message its manifest promises, within 1 GiB and 30 s, and a
rejected file leaves the database byte-for-byte as it was. Some go through the running app's
upload too, and the README's troubleshooting list is checked against the same messages."""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import defusedxml
import openpyxl
import openpyxl.xml
import pytest

from scripts import make_corpus
from tests.support.dash_client import post_callback
from tests.support.database import dump
from tests.support.paths import COOPDASH, ROOT, SAMPLE

CORPUS = ROOT / "tests" / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
MEMORY_LIMIT = 1024**3  # address space of the import process
TIME_LIMIT = 30  # seconds


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the sample workbook, so "unchanged" means something."""
    db = tmp_path_factory.mktemp("seeded") / "coopdash.sqlite"
    subprocess.run([str(COOPDASH), "--database", f"sqlite:///{db}", "import", str(SAMPLE)], check=True, timeout=120)
    return db


@pytest.fixture(scope="module")
def secret() -> Iterator[str]:
    """A string in the file the XXE and the external link point at: it must never come out."""
    path = Path(make_corpus.SECRET_PATH)
    # The corpus names this one path, so another test run on the machine (another checkout, a
    # pytest-xdist worker) would write its own secret there, or remove it: take turns.
    with open(f"{path}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        value = f"coopdash-secret-{secrets.token_hex(8)}"
        path.write_text(value)
        try:
            yield value
        finally:
            path.unlink(missing_ok=True)


def _fingerprint(db: Path) -> dict[str, str]:
    """SHA-256 of the database file and of its write-ahead log, if there is one."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (db, Path(f"{db}-wal")) if p.exists()}


def _database_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@dataclass(frozen=True)
class Run:
    """One ``coopdash import`` as a child process: what it said and what it cost."""

    code: int
    result: dict
    output: str  # stdout and stderr
    seconds: float
    peak_bytes: int  # the child's peak resident memory (with its own children)


def import_json(db: Path, path: Path, *options: str) -> Run:
    """``coopdash import PATH --json`` in a child limited to 1 GiB of address space and
    killed after 30 s; its peak memory is read from the kernel's account of it (wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            [str(COOPDASH), "--database", f"sqlite:///{db}", "import", str(path), "--json", *options],
            stdout=out,
            stderr=err,
            preexec_fn=_limit_memory,
            cwd=db.parent,
        )
        timer = threading.Timer(TIME_LIMIT, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        seconds = time.monotonic() - started
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    assert process.returncode != -signal.SIGKILL, f"{path.name} took more than {TIME_LIMIT} s"
    assert stdout, stderr
    return Run(process.returncode, json.loads(stdout), stdout + stderr, seconds, usage.ru_maxrss * 1024)


def test_the_corpus_has_thirty_kinds_of_bad_file_and_matches_its_script():
    assert len(MANIFEST) >= 30
    assert MANIFEST == json.loads(json.dumps(make_corpus.manifest()))
    for case in make_corpus.CASES:
        if case.file != "zip_bomb.xlsx":  # 2 GiB through bzip2 takes a while: trust its size check instead
            assert case.build() == (CORPUS / case.file).read_bytes(), f"{case.file}: run scripts/make_corpus.py"
    assert (CORPUS / "zip_bomb.xlsx").stat().st_size < 10_000


@pytest.mark.parametrize("case", MANIFEST, ids=[case["file"] for case in MANIFEST])
def test_each_corpus_file_gets_its_message_and_leaves_the_database_alone(case, seeded, secret, tmp_path):
    db = tmp_path / "coopdash.sqlite"
    shutil.copyfile(seeded, db)
    before = _fingerprint(db)
    options = () if case["exit"] == 1 else ("--dry-run",)  # a valid file would be committed: check without
    run = import_json(db, CORPUS / case["file"], *options)
    code, result, output = run.code, run.result, run.output

    assert code == case["exit"], output
    assert run.seconds < TIME_LIMIT
    assert run.peak_bytes < MEMORY_LIMIT
    problems = result["errors"] or result["warnings"]
    if case["code"] is None:
        assert problems == [], output
    else:
        first = problems[0]
        assert first["code"] == case["code"], output
        assert case["message"] in first["message"], first["message"]
        assert first["fix"]
    assert _fingerprint(db) == before
    assert secret not in output


@pytest.mark.parametrize("case", [c for c in MANIFEST if c["exit"] == 0], ids=lambda c: c["file"])
def test_the_valid_files_commit_and_never_let_a_secret_in(case, seeded, secret, tmp_path):
    db = tmp_path / "coopdash.sqlite"
    shutil.copyfile(seeded, db)
    run = import_json(db, CORPUS / case["file"])
    assert run.code == 0 and run.result["status"] == "committed", run.output
    result = run.result
    assert sum(c["new"] + c["updated"] + c["unchanged"] for c in result["counts"].values()) >= 2
    assert secret.encode() not in _database_bytes(db)


def test_the_memory_cap_of_the_tests_is_real(seeded, tmp_path):
    """Each corpus import runs under RLIMIT_AS of 1 GiB: a child that needs more dies, so a
    corpus test passing means the import stayed below it."""
    done = subprocess.run(
        [sys.executable, "-c", "bytearray(2 * 1024**3)"],
        capture_output=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
    )
    assert done.returncode != 0 and b"MemoryError" in done.stderr


def test_an_external_link_is_never_fetched(seeded, tmp_path):
    """The linked workbook is on a server we run: it must never see a connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    path = tmp_path / "linked.xlsx"
    path.write_bytes(make_corpus.external_link(f"http://127.0.0.1:{port}/other.xlsx"))
    db = tmp_path / "coopdash.sqlite"
    shutil.copyfile(seeded, db)
    run = import_json(db, path)
    assert run.code == 0 and run.result["status"] == "committed", run.output
    with pytest.raises(TimeoutError):
        listener.accept()
    listener.close()


def test_an_external_entity_would_read_the_secret_if_parsing_were_unsafe(secret):
    """The XXE file is a real attack: an XML parser that resolves entities reads the secret
    (so the corpus test above proves something when the secret stays out)."""
    from lxml import etree

    xml = zipfile.ZipFile(CORPUS / "xxe.xlsx").read("xl/sharedStrings.xml")
    unsafe = etree.XMLParser(resolve_entities=True, no_network=True, load_dtd=True)
    assert secret in etree.tostring(etree.fromstring(xml, unsafe)).decode()


def test_openpyxl_parses_with_defusedxml_and_refuses_a_billion_laughs_at_once():
    """openpyxl opens uploads for the marked-up workbook of a rejected file."""
    assert openpyxl.xml.DEFUSEDXML is True
    started = time.monotonic()
    with pytest.raises(ValueError, match="could not read strings") as refused:
        openpyxl.load_workbook(CORPUS / "billion_laughs.xlsx")
    assert time.monotonic() - started < 5
    cause = refused.value.__cause__ or refused.value.__context__
    assert isinstance(cause, defusedxml.EntitiesForbidden), repr(cause)


def test_the_readme_lists_every_message_staff_can_meet():
    """The README's troubleshooting list is generated (make_corpus.py --readme): it cannot drift."""
    from dashboard.ingest.problems import MESSAGES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert make_corpus.troubleshooting() in readme
    for case in MANIFEST:
        if case["code"] == "unreadable":
            assert f"| {case['message']} |" in readme
    for code in MESSAGES:
        assert code == "unreadable" or f"| `{code}` |" in readme


THROUGH_THE_APP = [
    "zip_bomb.xlsx",
    "billion_laughs.xlsx",
    "xxe.xlsx",
    "encrypted.xlsx",
    "corrupt.xlsx",
    "last_row.xlsx",
]


def _kept(db: Path) -> list[str]:
    """The database but the uploads kept for preview and the audit log (an upload adds to both)."""
    return [line for line in dump(db) if not line.startswith(('INSERT INTO "pending_upload"', 'INSERT INTO "audit"'))]


def test_the_running_app_answers_hostile_uploads_with_the_message_and_carries_on(serve, secret):
    server = serve()
    before = _kept(server.db_path)
    expected = {case["file"]: case for case in MANIFEST}
    for name in THROUGH_THE_APP:
        data = (CORPUS / name).read_bytes()
        status, body = post_callback(
            server.url,
            "upload-payload",
            "data",
            {"contents": "data:;base64," + base64.b64encode(data).decode(), "filename": name},
            state={("lang", "data"): "en"},
        )
        assert status == 200, body
        report = str(body["response"]["upload-report"]["children"])
        assert expected[name]["message"] in report, report
        assert secret not in report
        assert body["response"]["upload-commit"]["disabled"] is True
    assert server.process.poll() is None
    assert _kept(server.db_path) == before
