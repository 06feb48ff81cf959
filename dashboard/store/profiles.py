"""Mapping profiles: how to read an office's own workbook layout, remembered from a committed import.

A profile is keyed by its layout (the fingerprint of each sheet it reads: the sheet's name and its
header texts, see :func:`dashboard.ingest.mapping.layout`) and holds the mapping as JSON. The
importer finds the profile of an upload's layout and saves the mapping of a committed mapped
import; ``coopdash mappings`` lists and removes them. Every change is audited, in its own
transaction. Profiles are rows of the database, so its backups hold them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dashboard.store import accounts
from dashboard.store.schema import mapping_profiles, utcnow
from dashboard.store.store import Store


@dataclass(frozen=True, slots=True)
class Profile:
    id: int
    fingerprint: str
    sheets: list[str]
    name: str
    mapping: dict[str, Any]
    created_at: dt.datetime
    saved_by: str
    saved_at: dt.datetime
    file_name: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "fingerprint": self.fingerprint,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "saved_by": self.saved_by,
            "saved_at": self.saved_at.isoformat(timespec="seconds"),
            "file_name": self.file_name,
            "mapping": self.mapping,
        }


def _profile(row: Any) -> Profile:
    return Profile(
        row.id,
        row.fingerprint,
        json.loads(row.sheets),
        row.name,
        json.loads(row.mapping),
        row.created_at,
        row.saved_by,
        row.saved_at,
        row.file_name,
    )


def profiles(store: Store) -> list[Profile]:
    """Every profile, oldest first."""
    with store.engine.connect() as connection:
        return [
            _profile(row) for row in connection.execute(sa.select(mapping_profiles).order_by(mapping_profiles.c.id))
        ]


def find(store: Store, layouts: Iterable[str]) -> Profile | None:
    """The profile whose every sheet is among ``layouts`` (the fingerprints an upload's sheets
    may have), the one reading most sheets when several do."""
    present = set(layouts)
    fitting = [p for p in profiles(store) if p.sheets and set(p.sheets) <= present]
    return max(fitting, key=lambda p: (len(p.sheets), p.saved_at, p.id), default=None)


def save(
    connection: Connection,
    *,
    fingerprint: str,
    sheets: list[str],
    name: str,
    mapping: dict[str, Any],
    user: str,
    address: str,
    file_name: str,
) -> tuple[int, bool]:
    """Keep ``mapping`` as the profile of its layout, in ``connection``'s transaction: (its id,
    whether anything changed). A changed mapping replaces the layout's profile; both are audited."""
    now = utcnow()
    text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    row = connection.execute(
        sa.select(mapping_profiles.c.id, mapping_profiles.c.mapping).where(
            mapping_profiles.c.fingerprint == fingerprint
        )
    ).first()
    if row is not None and json.loads(row.mapping) == json.loads(text):
        return row.id, False
    values = {"mapping": text, "name": name, "saved_by": user, "saved_at": now, "file_name": file_name}
    if row is None:
        inserted = connection.execute(
            mapping_profiles.insert().values(
                fingerprint=fingerprint, sheets=json.dumps(sorted(sheets)), created_at=now, **values
            )
        ).inserted_primary_key
        assert inserted is not None
        profile_id, action = inserted[0], "mapping_saved"
    else:
        connection.execute(mapping_profiles.update().where(mapping_profiles.c.id == row.id).values(**values))
        profile_id, action = row.id, "mapping_changed"
    accounts.record_in(
        connection, user=user, address=address, action=action, profile=profile_id, name=name, file=file_name
    )
    return profile_id, True


def remove(store: Store, profile_id: int, *, user: str, address: str) -> Profile | None:
    """Forget a profile (audited); None when there is no such profile."""
    with store.transaction() as connection:
        row = connection.execute(sa.select(mapping_profiles).where(mapping_profiles.c.id == profile_id)).first()
        if row is None:
            return None
        connection.execute(mapping_profiles.delete().where(mapping_profiles.c.id == profile_id))
        accounts.record_in(
            connection, user=user, address=address, action="mapping_removed", profile=profile_id, name=row.name
        )
        return _profile(row)
