"""Read a spreadsheet in a child process that cannot take the server down.

python-calamine allocates a sheet's whole used range up front and aborts the process (a
Rust allocation failure, not an exception) when that is huge — which a 1 KB .ods or .xls
can ask for. Formats whose size we cannot check cheaply beforehand are therefore read
here, in a child with a memory cap and a time limit: if it dies, the upload is refused.

The child runs :func:`child` with the file on stdin, and writes the sheets (pickled
``(name, rows, hidden)`` triples) to stdout; its parsing is :mod:`.calamine`'s.
"""

from __future__ import annotations

import pickle
import resource
import subprocess
import sys
from collections.abc import Callable

from dashboard.ingest.readers.base import RawSheet, UnreadableFile
from dashboard.ingest.readers.calamine import describe_calamine_error, read_workbook

MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for the child
TIME_LIMIT = 60  # seconds
CHILD = "import sys; from dashboard.ingest.readers.isolated import child; sys.exit(child())"
"""The child's program (not ``-m``: this module is imported with its package before it would run)."""


def read_isolated(data: bytes) -> list[tuple[str, list[list[object]], bool]]:
    """The sheets of ``data``. Raises UnreadableFile when the child refused the file with a
    reason, and MemoryError, TimeoutError or ValueError when it could not read it."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD],
            input=data,
            capture_output=True,
            timeout=TIME_LIMIT,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TimeoutError("reading took too long") from None
    if done.returncode == 4:  # refused with a reason, in English and Chinese
        raise UnreadableFile(*done.stderr.decode(errors="replace").strip().splitlines()[-2:])
    if done.returncode == 3:
        raise ValueError(done.stderr.decode(errors="replace").strip())
    if done.returncode != 0:
        raise MemoryError("the reader ran out of memory")
    return pickle.loads(done.stdout)  # our own child's output


def read(data: bytes, filename: str, *, on_parse: Callable[[list[str]], None] | None = None) -> list[RawSheet]:
    """The sheets of any workbook calamine reads (.xls, .ods, unusual .xlsx), parsed in the child."""
    try:
        return [RawSheet(name, rows, hidden) for name, rows, hidden in read_isolated(data)]
    except (MemoryError, TimeoutError):
        raise UnreadableFile(
            "its sheets are far larger than a real workbook (reading it would need too much memory or time)",
            "其工作表远超正常大小（读取所需内存或时间过多）",
        ) from None
    except ValueError as exc:
        raise UnreadableFile(describe_calamine_error(data, exc), "文件已损坏或不是电子表格") from None


def _limit_memory() -> None:
    """Cap the child's address space at MEMORY_LIMIT, or lower where this process already
    runs under a lower hard limit (raising it would fail, and with it every .xls upload)."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def child() -> int:
    """The child process: the file on stdin, the sheets pickled on stdout, the exit code says how it went."""
    try:
        sheets = read_workbook(sys.stdin.buffer.read())
    except UnreadableFile as refused:
        print(refused.reason, refused.reason_zh, sep="\n", file=sys.stderr)
        return 4
    except Exception as error:  # calamine raises several kinds; all mean "not readable"
        print(error, file=sys.stderr)
        return 3
    triples = [(sheet.name, sheet.rows, sheet.hidden) for sheet in sheets]
    sys.stdout.buffer.write(pickle.dumps(triples, protocol=pickle.HIGHEST_PROTOCOL))
    return 0
