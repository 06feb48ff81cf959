"""Expiry reminders: which agreements are due one, to whom, and the mail each person gets.

An active agreement expiring within the window is due a reminder at the tightest threshold it
has reached (90, 30 or 7 days before by default), unless that one was sent already. It goes to
the agreement's owner, else its partner's owner, else the fallback addresses (``--to``, else
``COOPDASH_REMIND_TO``); each person gets one mail with all of theirs, and with their dormant
partnerships. Pure functions of the records: the command decides what was sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage

import pandas as pd

from dashboard.analysis import partnerships
from dashboard.analysis.metrics import Records
from dashboard.model.i18n import pick
from dashboard.model.records import AGREEMENT
from dashboard.model.texts import t
from dashboard.notify import message as mail
from dashboard.store.reminders import Sent

THRESHOLDS = (90, 30, 7)
SHOWN_IN_SUBJECT = 3


@dataclass(frozen=True, slots=True)
class Reminder:
    partner: str
    kind: str
    signed_on: dt.date
    expires_on: dt.date
    days_left: int
    threshold: int
    owner: str | None  # the agreement's, else its partner's

    def sent(self, recipient: str) -> Sent:
        return Sent(self.partner, self.kind, self.signed_on, self.expires_on, self.threshold, recipient)


@dataclass(frozen=True, slots=True)
class Dormant:
    partner: str
    last_activity: dt.date | None
    owners: frozenset[str]


@dataclass
class Mail:
    """One person's (or the fallback addresses') reminders and dormant partnerships."""

    to: tuple[str, ...]
    reminders: list[Reminder] = field(default_factory=list)
    dormant: list[Dormant] = field(default_factory=list)


def _owner(value: object) -> str | None:
    return str(value) if isinstance(value, str) and value else None


def _partner_owners(records: Records) -> dict[str, str]:
    partners = records["partner"]
    if "owner" not in partners.columns:
        return {}
    return {str(n): str(o) for n, o in zip(partners["name"], partners["owner"]) if _owner(o)}


def due(
    records: Records,
    today: dt.date,
    days: int = partnerships.EXPIRY_WINDOW_DAYS,
    thresholds: Sequence[int] = THRESHOLDS,
    sent: Collection[tuple[str, str, dt.date, dt.date, int]] = (),
) -> list[Reminder]:
    """Every reminder due on ``today``: one per agreement expiring within ``days``, at the tightest
    threshold it has reached, unless ``sent`` holds it already. Soonest first."""
    table = partnerships.expiring(records["agreement"], today, days)
    partner_owners = _partner_owners(records)
    result = []
    for row in table.itertuples(index=False):
        reached = [d for d in thresholds if d >= row.days_left]
        if not reached:
            continue
        reminder = Reminder(
            partner=str(row.partner),
            kind=str(row.kind),
            signed_on=pd.Timestamp(row.signed_on).date(),
            expires_on=pd.Timestamp(row.expires_on).date(),
            days_left=int(row.days_left),
            threshold=min(reached),
            owner=_owner(getattr(row, "owner", None)) or partner_owners.get(str(row.partner)),
        )
        if reminder.sent("").key not in sent:
            result.append(reminder)
    return result


def dormant(records: Records, today: dt.date, months: int = partnerships.DORMANT_MONTHS) -> list[Dormant]:
    """The dormant partnerships (:func:`dashboard.analysis.partnerships.dormant`), each with its
    owners: the partner's and those of its active agreements."""
    table = partnerships.dormant(records, today, months)
    partner_owners = _partner_owners(records)
    agreements = records["agreement"]
    result = []
    for row in table.itertuples(index=False):
        owners = {partner_owners[row.partner]} if row.partner in partner_owners else set()
        if "owner" in agreements.columns:
            mine = agreements[agreements["partner"].astype(str) == row.partner]["owner"]
            owners |= {str(o) for o in mine if _owner(o)}
        last = None if pd.isna(row.last_activity) else pd.Timestamp(row.last_activity).date()
        result.append(Dormant(row.partner, last, frozenset(owners)))
    return result


def mails(reminders: Sequence[Reminder], quiet: Sequence[Dormant], fallback: Sequence[str]) -> list[Mail]:
    """One mail per recipient: the reminders they own (those owned by nobody to ``fallback``),
    with their dormant partnerships. Reminders with no owner and no fallback are left out
    (see :func:`unaddressed`). Only recipients with a reminder due get a mail."""
    by_recipient: dict[tuple[str, ...], Mail] = {}
    for reminder in reminders:
        to = (reminder.owner,) if reminder.owner else tuple(fallback)
        if to:
            by_recipient.setdefault(to, Mail(to)).reminders.append(reminder)
    for to, each in by_recipient.items():
        each.dormant = [d for d in quiet if (d.owners & set(to)) or (not d.owners and to == tuple(fallback))]
    return list(by_recipient.values())


def unaddressed(reminders: Sequence[Reminder], fallback: Sequence[str]) -> list[Reminder]:
    """The reminders that nobody would get: no owner, and no fallback address."""
    return [] if fallback else [r for r in reminders if not r.owner]


def _kind(reminder: Reminder, lang: str) -> str:
    return AGREEMENT.field("kind").choice(reminder.kind).label(lang)


def _left(reminder: Reminder, lang: str) -> str:
    if reminder.days_left == 0:
        return t("mail.expires_today", lang)
    return t("mail.expires_in", lang, days=reminder.days_left)


def subject(each: Mail, org: str, lang: str) -> str:
    names = list(dict.fromkeys(r.partner for r in each.reminders))
    shown = t("list_separator", lang).join(names[:SHOWN_IN_SUBJECT])
    if len(names) > SHOWN_IN_SUBJECT:
        shown += " " + t("mail.more", lang, n=len(names) - SHOWN_IN_SUBJECT)
    return t("mail.reminder_subject", lang, org=org, count=len(each.reminders), names=shown)


def message(
    each: Mail, *, sender: str, org: str, lang: str, base_url: str | None, months: int = partnerships.DORMANT_MONTHS
) -> EmailMessage:
    """The reminder mail for one recipient, in ``lang``."""
    rows = [
        [
            r.partner,
            _kind(r, lang),
            r.expires_on.isoformat(),
            _left(r, lang),
            t("mail.threshold", lang, days=r.threshold),
        ]
        for r in each.reminders
    ]
    header = [t(f"partners.{k}", lang) for k in ("partner", "kind", "expires", "days_left")] + [""]
    html = [mail.paragraph(t("mail.reminder_intro", lang)), mail.table(header, rows)]
    text = [t("mail.reminder_intro", lang), "", mail.text_table(rows)]
    if each.dormant:
        quiet = [
            [
                d.partner,
                t("mail.dormant_since", lang, date=d.last_activity.isoformat())
                if d.last_activity
                else t("mail.dormant_never", lang),
            ]
            for d in each.dormant
        ]
        html += [
            mail.heading(t("partners.dormant", lang), 3),
            mail.paragraph(t("mail.dormant_intro", lang, months=months)),
        ]
        html.append(mail.table([t("partners.partner", lang), t("partners.last_activity", lang)], quiet))
        text += ["", t("mail.dormant_intro", lang, months=months), mail.text_table(quiet)]
    if base_url:
        url = f"{base_url}/partners" + pick("", "?lang=zh", lang)
        html.append(mail.link(url, t("mail.open_partners", lang)))
        text += ["", f"{t('mail.open_partners', lang)}: {url}"]
    html.append(mail.paragraph(t("mail.signature", lang, org=org), muted=True))
    text += ["", "-- ", t("mail.signature", lang, org=org)]
    return mail.build(
        sender=sender,
        to=each.to,
        subject=subject(each, org, lang),
        html="".join(html),
        text="\n".join(text) + "\n",
        lang=lang,
    )
