"""What was mailed: the expiry reminders already sent, and the audit entry of every mail.

A reminder is recorded only once the mail server has accepted its mail, in the same transaction
as the mail's audit entry, so a failed run records nothing and the next run tries again. An
agreement is named by its natural key (partner, kind, signed_on) and its expiry date: an
agreement renewed to a new expiry date is reminded afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from dashboard.store import accounts
from dashboard.store.schema import reminders_sent, utcnow
from dashboard.store.store import Store


@dataclass(frozen=True, slots=True)
class Sent:
    """One reminder: which agreement (its key and expiry), at which threshold, to whom."""

    partner: str
    kind: str
    signed_on: dt.date
    expires_on: dt.date
    threshold: int
    recipient: str = ""

    @property
    def key(self) -> tuple[str, str, dt.date, dt.date, int]:
        return (self.partner, self.kind, self.signed_on, self.expires_on, self.threshold)


def sent_keys(store: Store) -> set[tuple[str, str, dt.date, dt.date, int]]:
    """Every (partner, kind, signed_on, expires_on, threshold) already reminded of."""
    columns = [reminders_sent.c[c] for c in ("partner", "kind", "signed_on", "expires_on", "threshold")]
    with store.engine.connect() as connection:
        return {tuple(row) for row in connection.execute(sa.select(*columns))}


def last_sent(store: Store) -> dict[tuple[str, str, dt.date], tuple[dt.datetime, int, str]]:
    """Per agreement (partner, kind, signed_on): when its latest reminder went, at which threshold, to whom."""
    table = reminders_sent.c
    query = sa.select(table.partner, table.kind, table.signed_on, table.sent_at, table.threshold, table.recipient)
    latest: dict[tuple[str, str, dt.date], tuple[dt.datetime, int, str]] = {}
    with store.engine.connect() as connection:
        for partner, kind, signed_on, sent_at, threshold, recipient in connection.execute(query.order_by(table.id)):
            latest[(partner, kind, signed_on)] = (sent_at, threshold, recipient)
    return latest


def record_mail(
    store: Store, *, user: str, kind: str, recipients: list[str], subject: str, reminders: Iterable[Sent] = ()
) -> None:
    """After the server accepted a mail: its audit entry and the reminders it carried, at once."""
    now = utcnow()
    reminders = list(reminders)
    with store.transaction() as connection:
        for sent in reminders:
            connection.execute(
                reminders_sent.insert().values(
                    partner=sent.partner,
                    kind=sent.kind,
                    signed_on=sent.signed_on,
                    expires_on=sent.expires_on,
                    threshold=sent.threshold,
                    recipient=sent.recipient,
                    sent_at=now,
                )
            )
        agreements = [f"{s.partner} ({s.kind}, {s.signed_on}) {s.threshold} d" for s in reminders]
        accounts.record_in(
            connection,
            user=user,
            address="cli",
            action="mail_sent",
            kind=kind,
            to=recipients,
            subject=subject,
            **({"agreements": agreements} if agreements else {}),
        )
