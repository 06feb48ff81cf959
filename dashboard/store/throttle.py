"""Slowing down password guessing without letting anyone lock a person out.

Sign-ins are counted per address, and per name *from that address*: a stranger's wrong
passwords for "erin" slow down that stranger, never erin signing in from elsewhere. The
first few attempts are free; after them each waits longer than the last (1 s, 2 s, 4 s …,
at most 5 minutes) — a delay, not a lock. A quiet hour forgets them.

An attempt is counted *before* its password is checked, as one compare-and-swap on its row
(``UPDATE … WHERE failures = <as read>``; a lost race reads again), so sixteen attempts sent
at once are counted one after another and only the free ones reach the password check. A
right password takes its own attempt back. Works alike on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from dataclasses import dataclass

import sqlalchemy as sa

from dashboard.store.schema import sign_in_throttle, utcnow
from dashboard.store.store import Store

FREE_PER_NAME = 5  # attempts for one name from one address before any wait
FREE_PER_ADDRESS = 20  # attempts from one address, all names together (many people behind one NAT)
FIRST_WAIT = 1.0  # seconds
LONGEST_WAIT = 300.0
FORGET_AFTER = dt.timedelta(hours=1)
_RACES = 50  # compare-and-swap attempts before giving up and asking the client to wait


@dataclass(frozen=True, slots=True)
class Attempt:
    """A sign-in attempt that was counted (``wait`` 0), or must wait ``wait`` seconds."""

    name: str
    address: str
    wait: float = 0.0

    @property
    def allowed(self) -> bool:
        return self.wait <= 0

    @property
    def wait_seconds(self) -> int:
        return max(1, math.ceil(self.wait))


def _keys(name: str, address: str) -> tuple[tuple[str, int], tuple[str, int]]:
    # An address holds no space, so "address" and "address name" never meet, whatever the name.
    address = _network(address)
    return (f"{address} {name}"[:200], FREE_PER_NAME), (address, FREE_PER_ADDRESS)


def _network(address: str) -> str:
    """Whom an address stands for: itself, but an IPv6 address for its /64, the block one
    household or server gets (else one attacker would have 2⁶⁴ addresses, each with free tries)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def wait_after(failures: int, free: int) -> float:
    """Seconds to wait after the last of ``failures`` attempts, when ``free`` of them are free."""
    return 0.0 if failures < free else min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(failures - free, 30))


def attempt(store: Store, name: str, address: str, *, now: dt.datetime | None = None) -> Attempt:
    """Count an attempt to sign in as ``name`` from ``address`` before its password is checked;
    or, if one of its counters says to wait, count nothing and say how long."""
    now = now or utcnow()
    for key, free in _keys(name, address):
        wait = _claim(store, key, free, now)
        if wait > 0:
            return Attempt(name, address, wait)
    return Attempt(name, address)


def succeeded(store: Store, counted: Attempt) -> None:
    """The password was right: forget this name's attempts from this address, and take this one
    back from the address's count."""
    (name_key, _), (address_key, _) = _keys(counted.name, counted.address)
    table = sign_in_throttle
    with store.transaction() as connection:
        connection.execute(table.delete().where(table.c.key == name_key))
        connection.execute(
            table.update().where(table.c.key == address_key, table.c.failures > 0).values(failures=table.c.failures - 1)
        )


def _claim(store: Store, key: str, free: int, now: dt.datetime) -> float:
    """Add one to the key's count if it is not in its wait (0.0), else the seconds left to wait."""
    table = sign_in_throttle
    for _ in range(_RACES):
        with store.engine.connect() as connection:
            row = connection.execute(sa.select(table.c.failures, table.c.last_at).where(table.c.key == key)).first()
        if row is None:
            try:
                with store.transaction() as connection:
                    connection.execute(table.insert().values(key=key, failures=1, last_at=now))
                    # A new key is the moment to let go of the forgotten ones (the table stays an hour's worth).
                    connection.execute(table.delete().where(table.c.last_at < now - FORGET_AFTER))
                return 0.0
            except sa.exc.IntegrityError:  # another attempt made the row first: count on it
                continue
        failures = row.failures if now - row.last_at < FORGET_AFTER else 0
        # A request that read the clock just before another's claim sees that claim as in its future.
        left = wait_after(failures, free) - max(0.0, (now - row.last_at).total_seconds())
        if left > 0:
            return left
        with store.transaction() as connection:
            swapped = connection.execute(
                table.update()
                .where(table.c.key == key, table.c.failures == row.failures, table.c.last_at == row.last_at)
                .values(failures=failures + 1, last_at=max(now, row.last_at))
            ).rowcount
        if swapped:
            return 0.0
    return FIRST_WAIT
