"""Uploads through the browser: check, preview, then commit or cancel.

An upload is checked in full and previewed before anything is written (a dry run), and
kept server-side under a random token until the staff member commits or cancels it. The
token, never the uploaded file name, names it; the file name is only recorded. Every
limit is enforced here, on the server, whatever the browser did.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.batches.importer import ADDED_SHOWN, ImportResult, import_file
from dashboard.batches.matching import Accept
from dashboard.config import settings
from dashboard.ingest import mapping as mappings
from dashboard.ingest.problems import Problem
from dashboard.ingest.readers import SUFFIXES, read
from dashboard.ingest.validate import ROW, validate
from dashboard.model.records import BY_NAME
from dashboard.store.store import Store

PREVIEW_ROWS = 5


def upload_limit() -> int:
    """The largest upload accepted, in bytes (``COOPDASH_MAX_UPLOAD_MB``, default 20)."""
    return int(settings().max_upload_mb * 1024 * 1024)


def request_limit(limit: int) -> int:
    """The largest HTTP request body: the upload, base64-encoded, in a Dash callback's JSON."""
    return limit * 4 // 3 + 1024 * 1024


class UploadRefused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message())
        self.problem = problem


def decode(contents: str, file_name: str, limit: int) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL, or :class:`UploadRefused`."""
    name = Path(file_name or "").name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UploadRefused(
            Problem(
                "unreadable",
                params={
                    "reason": f"“{name}” is not a spreadsheet; upload an .xlsx, .xls, .xlsm, .ods or .csv file",
                    "reason_zh": f"“{name}”不是电子表格，请上传 .xlsx、.xls、.xlsm、.ods 或 .csv 文件",
                },
            )
        )
    _, _, payload = (contents or "").partition(",")
    if len(payload) * 3 // 4 > limit:
        raise UploadRefused(too_large(len(payload) * 3 // 4, limit))
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise UploadRefused(
            Problem("unreadable", params={"reason": "the upload arrived damaged", "reason_zh": "上传的数据已损坏"})
        ) from None
    if len(data) > limit:
        raise UploadRefused(too_large(len(data), limit))
    return data


def too_large(size: int, limit: int) -> Problem:
    mb, limit_mb = megabytes(size), megabytes(limit)
    return Problem(
        "unreadable",
        params={
            "reason": f"it is {mb} MB and uploads are limited to {limit_mb} MB; "
            "split it into smaller files, or ask an administrator to import it",
            "reason_zh": f"文件大小为 {mb} MB，超过 {limit_mb} MB 的上限；请拆分为较小的文件，或请管理员导入",
        },
    )


def megabytes(size: int) -> str:
    """A size in MB as people write it: 20, 0.05, 31.4."""
    return f"{round(size / 2**20, 2):g}"


@dataclass(frozen=True, slots=True)
class Staged:
    token: str  # names the kept upload: for commit, cancel and the annotated workbook
    result: ImportResult  # the dry run: "valid" can be committed, "rejected" cannot


def stage(store: Store, data: bytes, file_name: str, *, user: str) -> Staged:
    """Check and preview ``data``, and keep it under a new token (for the annotated
    workbook of a rejected file, or for :func:`commit` of a valid one)."""
    file_name = Path(file_name).name
    result = import_file(store, data, file_name, user=user, dry_run=True)
    token = secrets.token_urlsafe(24)
    store.stage_upload(token, user=user, file_name=file_name, data=data)
    return Staged(token, result)


def recheck(
    store: Store, token: str, *, user: str, accept: Accept, listed: int | None = ADDED_SHOWN
) -> ImportResult | None:
    """The preview of a staged upload again, taking the names ``accept`` names for the known
    institutions proposed (None when there is no such upload of ``user``'s); ``listed``: how many
    new records of each type it lists (None: every one, for the preview's download)."""
    staged = store.staged_upload(token)
    if staged is None or staged[0] != user:
        return None
    return import_file(
        store,
        staged[2],
        staged[1],
        user=user,
        dry_run=True,
        accept_matches=accept,
        mapping=staged_mapping(store, token),
        listed=listed,
    )


def chosen_query(chosen: Collection[int]) -> str:
    """The places, among a preview's proposed names, of those accepted: the download's ``accept``
    parameter (short whatever the names: a URL has a limit)."""
    return ",".join(map(str, sorted(chosen)))


def parse_chosen(text: str | None) -> set[int] | None:
    """:func:`chosen_query`'s parameter read back; None when it is not one (a request to refuse)."""
    if not text:
        return set()
    parts = text.split(",")
    if len(parts) > 100_000 or not all(part.isdecimal() and len(part) <= 6 for part in parts):
        return None
    return {int(part) for part in parts}


def staged_mapping(store: Store, token: str) -> mappings.Mapping | None:
    """The mapping confirmed for a staged upload (see :func:`check_with`), if any."""
    text = store.staged_mapping(token)
    return mappings.loads(text) if text else None


def check_with(store: Store, token: str, mapping: mappings.Mapping, *, user: str) -> ImportResult | None:
    """Check ``user``'s staged upload again, read with ``mapping``, and keep the mapping for its
    commit and its marked-up workbook. None when there is no such upload of theirs;
    :class:`~dashboard.ingest.mapping.MappingError` when the mapping does not fit it."""
    staged = store.staged_upload(token)
    if staged is None or staged[0] != user:
        return None
    _, file_name, data = staged
    result = import_file(store, data, file_name, user=user, dry_run=True, mapping=mapping)
    store.set_staged_mapping(token, user=user, mapping=json.dumps(mapping.as_json(), ensure_ascii=False))
    return result


@dataclass(slots=True)
class Preview:
    """The first records a mapping reads from a staged upload, and the first problems."""

    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # record type → rows, field → value
    problems: list[Problem] = field(default_factory=list)


def preview(store: Store, token: str, mapping: mappings.Mapping, *, user: str) -> Preview | None:
    """What ``mapping`` reads from ``user``'s staged upload: its first records of each type, as
    they would be stored, with the Excel row each came from. None when there is no such upload."""
    staged = store.staged_upload(token)
    if staged is None or staged[0] != user:
        return None
    _, file_name, data = staged
    sheets = read(data, file_name)
    applied = mappings.apply(mapping, sheets)
    validation = validate(applied.sheets, types=applied.types)
    applied.restore_validation(validation)
    found = Preview(problems=validation.errors[:PREVIEW_ROWS])
    for name, table in validation.tables.items():
        fields = [f.name for f in BY_NAME[name].fields]
        frame = table.frame.head(PREVIEW_ROWS)
        found.records[name] = [{ROW: row[ROW], **{f: row[f] for f in fields}} for row in frame.to_dict("records")]
    return found


def commit(store: Store, token: str, *, user: str, accept: Accept = False, address: str = "web") -> ImportResult | None:
    """Commit a staged upload (checked again against the database as it is now), read with the
    mapping confirmed for it, if any, taking the proposed names ``accept`` names for the known
    institutions.

    None when there is no such upload, or it was staged by someone else.
    """
    staged = store.staged_upload(token)
    if staged is None or staged[0] != user:
        return None
    _, file_name, data = staged
    result = import_file(
        store, data, file_name, user=user, accept_matches=accept, mapping=staged_mapping(store, token), address=address
    )
    if result.status == "committed":
        store.discard_upload(token, user=user)
    return result


def cancel(store: Store, token: str, *, user: str) -> bool:
    """Cancel a staged upload; False when there is no such upload, or it was staged by someone
    else (one editor cannot throw away another's work, whatever token they send)."""
    return store.discard_upload(token, user=user)
