"""Calendar feeds: the tokens that let a calendar program read ``/calendar.ics`` for one person.

A calendar program (Outlook, Google Calendar) cannot sign in, so the feed's address carries a
random token instead. Only the token's SHA-256 hash is kept (a copy of the database opens no
feed); an admin makes one per person on the admin page and revokes it there. A revoked token,
or one whose account is gone, opens nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from dashboard.store.accounts import Account, AccountError, id_of
from dashboard.store.schema import accounts, calendar_tokens, utcnow
from dashboard.store.store import Store


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    user: str
    created_at: dt.datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(store: Store, name: str) -> str:
    """A new feed token for the user ``name``: shown once, kept only as its hash."""
    token = secrets.token_urlsafe(32)
    with store.transaction() as connection:
        account_id = id_of(connection, name)
        connection.execute(
            calendar_tokens.insert().values(token_hash=_hash(token), account_id=account_id, created_at=utcnow())
        )
    return token


def revoke(store: Store, feed_id: int) -> Feed:
    """Revoke one feed; the feed as it was (AccountError when there is no such live feed)."""
    found = next((f for f in live(store) if f.id == feed_id), None)
    if found is None:
        raise AccountError("that calendar feed was already revoked")
    with store.transaction() as connection:
        connection.execute(calendar_tokens.update().where(calendar_tokens.c.id == feed_id).values(revoked_at=utcnow()))
    return found


def live(store: Store) -> list[Feed]:
    """Every feed not revoked whose account still exists, by user."""
    query = (
        sa.select(calendar_tokens.c.id, accounts.c.name, calendar_tokens.c.created_at)
        .join(accounts, accounts.c.id == calendar_tokens.c.account_id)
        .where(calendar_tokens.c.revoked_at.is_(None))
        .order_by(accounts.c.name, calendar_tokens.c.id)
    )
    with store.engine.connect() as connection:
        return [Feed(*row) for row in connection.execute(query)]


def account_for(store: Store, token: str) -> Account | None:
    """Whose feed ``token`` opens: None when it is unknown, revoked, or its account is gone."""
    if not token or len(token) > 200:
        return None
    columns = (accounts.c.id, accounts.c.name, accounts.c.role, accounts.c.created_at, accounts.c.email)
    query = (
        sa.select(*columns)
        .join(calendar_tokens, accounts.c.id == calendar_tokens.c.account_id)
        .where(calendar_tokens.c.token_hash == _hash(token), calendar_tokens.c.revoked_at.is_(None))
    )
    with store.engine.connect() as connection:
        row = connection.execute(query).first()
    return Account(*row) if row else None
