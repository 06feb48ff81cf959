"""People who may use the dashboard, their roles, and the audit trail of what they did.

Roles rank viewer < editor < admin: a viewer reads; an editor also uploads, commits and
rolls back; an admin also manages people and reads the audit log. Passwords are kept as
scrypt hashes (salted, memory-hard), never as text. The audit log is only ever appended to.

A new password, a new role or a removal ends every session of that account (but the one
making the change, when people change their own password): whoever held the old password or
role keeps nothing of it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
import weakref
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dashboard.store import sessions
from dashboard.store.schema import accounts, audit, utcnow
from dashboard.store.store import Store

ROLES = ("viewer", "editor", "admin")
URL_SIGNS = "/\\?#%"  # a name is part of the admin page's addresses
RESERVED_NAMES = ("anonymous", "local", "web")  # who the audit log names when no one signed in
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why."""


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    name: str
    role: str
    created_at: dt.datetime
    email: str | None = None  # whose agreements and partners are theirs ("my agreements")


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


def _check_new_name(name: str) -> None:
    if not name or len(name) > 100 or not name.isprintable() or name != name.strip() or set(name) & set(URL_SIGNS):
        raise AccountError(
            f"a user name is 1 to 100 printable characters, without spaces around it or any of {' '.join(URL_SIGNS)}"
        )
    if name.lower() in RESERVED_NAMES:
        raise AccountError(f"{name} is what the audit log calls someone without an account: choose another name")


def _check(name: str, role: str | None = None, password: str | None = None) -> None:
    if role is not None and role not in ROLES:
        raise AccountError(f"a role is one of: {', '.join(ROLES)}")
    if password is not None and len(password) < 10:
        raise AccountError("a password has at least 10 characters")


def add(store: Store, name: str, role: str, password: str) -> None:
    _check_new_name(name)
    _check(name, role, password)
    with store.transaction() as connection:
        if connection.execute(sa.select(accounts.c.name).where(accounts.c.name == name)).first():
            raise AccountError(f"there is already a user named {name}")
        connection.execute(
            accounts.insert().values(name=name, role=role, password_hash=hash_password(password), created_at=utcnow())
        )


def set_password(store: Store, name: str, password: str, *, keep_session: int | None = None) -> int:
    """Give the user a new password and end their sessions but ``keep_session``; how many ended."""
    _check(name, password=password)
    with store.transaction() as connection:
        account_id = id_of(connection, name)
        connection.execute(
            accounts.update().where(accounts.c.id == account_id).values(password_hash=hash_password(password))
        )
        return sessions.end_all(connection, account_id, "password changed", keep=keep_session)


def set_role(store: Store, name: str, role: str) -> int:
    """Give the user another role and end their sessions (they sign in again to it); how many ended."""
    _check(name, role)
    with store.transaction() as connection:
        account_id = id_of(connection, name)
        connection.execute(accounts.update().where(accounts.c.id == account_id).values(role=role))
        return sessions.end_all(connection, account_id, "role changed")


def remove(store: Store, name: str) -> int:
    """Remove the user and end their sessions; how many ended."""
    with store.transaction() as connection:
        account_id = id_of(connection, name)
        connection.execute(accounts.delete().where(accounts.c.id == account_id))
        return sessions.end_all(connection, account_id, "user removed")


def id_of(connection, name: str) -> int:
    found = connection.execute(sa.select(accounts.c.id).where(accounts.c.name == name)).scalar()
    if found is None:
        raise AccountError(f"there is no user named {name}")
    return found


def set_email(store: Store, name: str, email: str) -> None:
    """Give the user an email address (the owner column of their agreements), or none with ""."""
    from dashboard.ingest.cells import convert_email
    from dashboard.ingest.problems import CellError
    from dashboard.model.records import AGREEMENT

    try:
        address = convert_email(AGREEMENT.field("owner"), email) if email.strip() else None
    except CellError:
        raise AccountError(f"{email!r} is not an email address: write one such as name@example.edu") from None
    with store.transaction() as connection:
        account_id = id_of(connection, name)
        connection.execute(accounts.update().where(accounts.c.id == account_id).values(email=address))


def find(store: Store, name: str) -> Account | None:
    columns = (accounts.c.id, accounts.c.name, accounts.c.role, accounts.c.created_at, accounts.c.email)
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(*columns).where(accounts.c.name == name)).first()
    return Account(*row) if row else None


def all_accounts(store: Store) -> list[Account]:
    columns = (accounts.c.id, accounts.c.name, accounts.c.role, accounts.c.created_at, accounts.c.email)
    query = sa.select(*columns).order_by(accounts.c.name)
    with store.engine.connect() as connection:
        return [Account(*row) for row in connection.execute(query)]


def has_accounts(store: Store) -> bool:
    """Whether any account exists. Once one does, the process remembers it and asks no more (every
    anonymous request asks, for :func:`dashboard.web.security.auth`'s fresh-install rule): a fresh
    install's local editor is gone for good once someone has an account, even if every account is
    removed later, the safe way round (a restart opens it again)."""
    if store in _HAVE_ACCOUNTS:
        return True
    with store.engine.connect() as connection:
        found = connection.execute(sa.select(accounts.c.name).limit(1)).first() is not None
    if found:
        _HAVE_ACCOUNTS.add(store)
    return found


_HAVE_ACCOUNTS: weakref.WeakSet[Store] = weakref.WeakSet()


def authenticate(store: Store, name: str, password: str) -> Account | None:
    """The account when the password is right, else None (in the same time either way)."""
    columns = (accounts.c.id, accounts.c.name, accounts.c.role, accounts.c.created_at, accounts.c.password_hash)
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(*columns).where(accounts.c.name == name)).first()
    stored = row.password_hash if row else hash_password(secrets.token_hex(8))  # same work for unknown names
    return Account(*row[:4]) if verify_password(password, stored) and row else None


# --- the audit trail -----------------------------------------------------------------------------


def record(store: Store, *, user: str, address: str, action: str, **detail: Any) -> None:
    """Append one entry: who, from where, what, and its details."""
    with store.transaction() as connection:
        record_in(connection, user=user, address=address, action=action, **detail)


def record_in(connection: Connection, *, user: str, address: str, action: str, **detail: Any) -> None:
    """:func:`record`, in the transaction of the change it records (written, or undone, with it)."""
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
