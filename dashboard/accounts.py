"""People who may use the dashboard, their roles, and the audit trail of what they did.

Roles rank viewer < editor < admin: a viewer reads; an editor also uploads, commits and
rolls back; an admin also manages people and reads the audit log. Passwords are kept as
scrypt hashes (salted, memory-hard), never as text. The audit log is only ever appended to.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .store import Store, accounts, audit, utcnow

ROLES = ("viewer", "editor", "admin")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why."""


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    role: str
    created_at: dt.datetime


def rank(role: str | None) -> int:
    """How much a role may do: 0 for nobody, then viewer, editor, admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return "scrypt$" + "$".join(base64.b64encode(part).decode() for part in (salt, digest))


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), **_SCRYPT)
    except (ValueError, TypeError):
        return False
    return scheme == "scrypt" and hmac.compare_digest(actual, expected)


def _check(name: str, role: str | None = None, password: str | None = None) -> None:
    if not name or len(name) > 100 or not name.isprintable() or name != name.strip():
        raise AccountError("a user name is 1 to 100 printable characters, without spaces around it")
    if role is not None and role not in ROLES:
        raise AccountError(f"a role is one of: {', '.join(ROLES)}")
    if password is not None and len(password) < 10:
        raise AccountError("a password has at least 10 characters")


def add(store: Store, name: str, role: str, password: str) -> None:
    _check(name, role, password)
    with store.transaction() as connection:
        if connection.execute(sa.select(accounts.c.name).where(accounts.c.name == name)).first():
            raise AccountError(f"there is already a user named {name}")
        connection.execute(
            accounts.insert().values(name=name, role=role, password_hash=hash_password(password), created_at=utcnow())
        )


def set_password(store: Store, name: str, password: str) -> None:
    _check(name, password=password)
    with store.transaction() as connection:
        done = connection.execute(
            accounts.update().where(accounts.c.name == name).values(password_hash=hash_password(password))
        )
        if not done.rowcount:
            raise AccountError(f"there is no user named {name}")


def remove(store: Store, name: str) -> None:
    with store.transaction() as connection:
        if not connection.execute(accounts.delete().where(accounts.c.name == name)).rowcount:
            raise AccountError(f"there is no user named {name}")


def all_accounts(store: Store) -> list[Account]:
    query = sa.select(accounts.c.name, accounts.c.role, accounts.c.created_at).order_by(accounts.c.name)
    with store.engine.connect() as connection:
        return [Account(*row) for row in connection.execute(query)]


def role_of(store: Store, name: str) -> str | None:
    with store.engine.connect() as connection:
        return connection.execute(sa.select(accounts.c.role).where(accounts.c.name == name)).scalar()


def has_accounts(store: Store) -> bool:
    with store.engine.connect() as connection:
        return connection.execute(sa.select(accounts.c.name).limit(1)).first() is not None


def authenticate(store: Store, name: str, password: str) -> str | None:
    """The user's role when the password is right, else None (in the same time either way)."""
    with store.engine.connect() as connection:
        row = connection.execute(
            sa.select(accounts.c.role, accounts.c.password_hash).where(accounts.c.name == name)
        ).first()
    stored = row.password_hash if row else hash_password(secrets.token_hex(8))  # same work for unknown names
    return row.role if verify_password(password, stored) and row else None


# --- the audit trail -----------------------------------------------------------------------------


def record(store: Store, *, user: str, address: str, action: str, **detail: Any) -> None:
    """Append one entry: who, from where, what, and its details."""
    with store.transaction() as connection:
        connection.execute(
            audit.insert().values(
                at=utcnow(),
                user=user,
                address=address,
                action=action,
                detail=json.dumps(detail, ensure_ascii=False, default=str),
            )
        )


def entries(store: Store, *, action: str | None = None, user: str | None = None, limit: int = 500) -> list[dict]:
    """The newest entries first, optionally of one action or one user."""
    query = sa.select(audit).order_by(audit.c.id.desc()).limit(limit)
    if action:
        query = query.where(audit.c.action == action)
    if user:
        query = query.where(audit.c.user == user)
    with store.engine.connect() as connection:
        return [dict(row._mapping) | {"detail": json.loads(row.detail)} for row in connection.execute(query)]


def recent_failures(store: Store, *, name: str, address: str, minutes: int = 15) -> int:
    """Failed sign-ins for this name or from this address in the last ``minutes``."""
    since = utcnow() - dt.timedelta(minutes=minutes)
    query = sa.select(sa.func.count()).where(
        audit.c.action == "sign_in_failed",
        audit.c.at >= since,
        sa.or_(audit.c.user == name, audit.c.address == address),
    )
    with store.engine.connect() as connection:
        return connection.execute(query).scalar_one()
