"""Read a spreadsheet in a child process that cannot take the server down.

python-calamine allocates a sheet's whole used range up front and aborts the process (a
Rust allocation failure, not an exception) when that is huge — which a 1 KB .ods or .xls
can ask for. Formats whose size we cannot check cheaply beforehand are therefore read
here, in a child with a memory cap and a time limit: if it dies, the upload is refused.

Run as ``python -m dashboard.isolated_read`` with the file on stdin; writes the sheets
(pickled ``(name, rows, hidden)`` triples) to stdout.
"""

from __future__ import annotations

import pickle
import resource
import subprocess
import sys

from .package_check import UnreadableFile

MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for the child
TIME_LIMIT = 60  # seconds


def read_isolated(data: bytes) -> list[tuple[str, list[list[object]], bool]]:
    """The sheets of ``data``. Raises UnreadableFile when the child refused the file with a
    reason, and MemoryError, TimeoutError or ValueError when it could not read it."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dashboard.isolated_read"],
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


def _limit_memory() -> None:
    """Cap the child's address space at MEMORY_LIMIT, or lower where this process already
    runs under a lower hard limit (raising it would fail, and with it every .xls upload)."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _main() -> int:
    from .reader import read_workbook

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


if __name__ == "__main__":
    sys.exit(_main())
