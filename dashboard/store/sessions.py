"""Sign-in sessions, kept on the server: the cookie only names one, the database decides.

A sign-in makes a random token; the browser's cookie carries it, the database keeps only its
SHA-256 hash (a copy of the database signs no one in). Every request looks its session up,
so a session ends for good when it is signed out, when an admin ends it, when its account's
password or role changes or the account is removed, when it has been idle longer than
``COOPDASH_SESSION_IDLE_MINUTES``, and ``COOPDASH_SESSION_HOURS`` after its sign-in however
much it is used. Sessions name the account by its id, which is never reused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dashboard.config import settings
from dashboard.store.schema import accounts, user_sessions, utcnow
from dashboard.store.store import Store

SEEN_EVERY = dt.timedelta(minutes=1)  # last_seen is written at most this often: reading is the common case
KEPT_FOR = dt.timedelta(days=90)  # ended sessions stay this long for the admin's questions, then go


@dataclass(frozen=True, slots=True)
class Session:
    """A live session and whose it is."""

    id: int
    account_id: int
    user: str
    role: str
    created_at: dt.datetime
    last_seen: dt.datetime
    address: str
    user_agent: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def begin(store: Store, account_id: int, *, address: str, user_agent: str) -> str:
    """A new session for the account; the token to put in the cookie (kept nowhere else)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with store.transaction() as connection:
        connection.execute(
            user_sessions.insert().values(
                token_hash=_hash(token),
                account_id=account_id,
                created_at=now,
                last_seen=now,
                address=address[:64],
                user_agent=user_agent[:300],
            )
        )
        connection.execute(user_sessions.delete().where(user_sessions.c.last_seen < now - KEPT_FOR))
    return token


def current(store: Store, token: str) -> Session | None:
    """The live session the token names, its use noted; None if it names none, or one now over."""
    if not token:
        return None
    query = (
        sa.select(*_columns())
        .join(accounts, accounts.c.id == user_sessions.c.account_id)
        .where(user_sessions.c.token_hash == _hash(token), user_sessions.c.ended_at.is_(None))
    )
    with store.engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    session, now = Session(*row), utcnow()
    if why := _over(session, now):
        end(store, session.id, why)
        return None
    # Noted at most once a minute, and well within the idle limit, so a session in use never looks idle.
    if now - session.last_seen >= min(SEEN_EVERY, dt.timedelta(minutes=settings().session_idle_minutes) / 4):
        with store.transaction() as connection:
            connection.execute(user_sessions.update().where(user_sessions.c.id == session.id).values(last_seen=now))
    return session


def _over(session: Session, now: dt.datetime) -> str | None:
    """Why the session is over by now, if it is."""
    limits = settings()
    if now - session.created_at >= dt.timedelta(hours=limits.session_hours):
        return "expired"
    if now - session.last_seen >= dt.timedelta(minutes=limits.session_idle_minutes):
        return "idle"
    return None


def end(store: Store, session_id: int, why: str) -> bool:
    """End one session (False: it had ended already)."""
    with store.transaction() as connection:
        done = connection.execute(
            user_sessions.update()
            .where(user_sessions.c.id == session_id, user_sessions.c.ended_at.is_(None))
            .values(ended_at=utcnow(), ended_why=why)
        )
    return bool(done.rowcount)


def end_all(connection: Connection, account_id: int, why: str, *, keep: int | None = None) -> int:
    """End every live session of the account, but ``keep`` (the one asking, changing its own
    password); how many ended. Runs in the caller's transaction, with the change that is why."""
    done = connection.execute(
        user_sessions.update()
        .where(
            user_sessions.c.account_id == account_id,
            user_sessions.c.ended_at.is_(None),
            user_sessions.c.id != (keep if keep is not None else -1),
        )
        .values(ended_at=utcnow(), ended_why=why)
    )
    return done.rowcount


def live(store: Store) -> list[Session]:
    """Every session still live, newest first, for the admin page."""
    now = utcnow()
    query = (
        sa.select(*_columns())
        .join(accounts, accounts.c.id == user_sessions.c.account_id)
        .where(user_sessions.c.ended_at.is_(None))
        .order_by(user_sessions.c.created_at.desc())
    )
    with store.engine.connect() as connection:
        return [s for s in (Session(*row) for row in connection.execute(query)) if not _over(s, now)]


def get(store: Store, session_id: int) -> Session | None:
    query = (
        sa.select(*_columns())
        .join(accounts, accounts.c.id == user_sessions.c.account_id)
        .where(user_sessions.c.id == session_id)
    )
    with store.engine.connect() as connection:
        row = connection.execute(query).first()
    return Session(*row) if row else None


def _columns() -> tuple:
    s = user_sessions.c
    return (s.id, s.account_id, accounts.c.name, accounts.c.role, s.created_at, s.last_seen, s.address, s.user_agent)
