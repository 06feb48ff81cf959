"""The calendar feed: agreement expiries and events as iCalendar, for Outlook or Google Calendar.

A pure function of the records. Each entry is an all-day event with a stable UID (the record's
natural key), so a calendar program that reads the feed again updates its entries rather than
doubling them. Expiries of active agreements are marked with the owner and an alarm a week before.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar
import pandas as pd

from dashboard.analysis import metrics
from dashboard.analysis.metrics import Records
from dashboard.model.i18n import pick
from dashboard.model.records import AGREEMENT, EVENT
from dashboard.model.texts import t

ALARM_DAYS = 7


def _uid(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return f"{digest}@coopdash"


def _day(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def feed(records: Records, today: dt.date, lang: str, org: str, base_url: str | None = None) -> bytes:
    """The feed: every active agreement's expiry, and every event, as all-day entries."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//coopdash//cooperation dashboard//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", t("calendar.name", lang, org=org))
    calendar.add("x-published-ttl", "PT12H")  # how often a calendar program should read it again
    stamp = dt.datetime.now(dt.UTC)
    kinds = AGREEMENT.field("kind")
    for row in metrics.active_agreements(records, today).itertuples(index=False):
        expires = _day(row.expires_on)
        if expires is None:
            continue
        entry = _all_day(
            _uid("agreement", row.partner, row.kind, _day(row.signed_on), expires),
            t("calendar.expires", lang, partner=row.partner, kind=kinds.choice(row.kind).label(lang)),
            expires,
            stamp,
        )
        owner = getattr(row, "owner", None)
        if isinstance(owner, str) and owner:
            entry.add("description", t("calendar.owner", lang, owner=owner))
        if base_url:
            entry.add("url", f"{base_url}/partners" + pick("", "?lang=zh", lang))
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", entry["summary"])
        alarm.add("trigger", dt.timedelta(days=-ALARM_DAYS))
        entry.add_component(alarm)
        calendar.add_component(entry)
    event_kinds = EVENT.field("kind")
    for row in records["event"].itertuples(index=False):
        start = _day(row.start_date)
        if start is None:
            continue
        end = _day(row.end_date) or start
        entry = _all_day(_uid("event", row.title, start), str(row.title), start, stamp, end=max(end, start))
        entry.add("categories", [event_kinds.choice(row.kind).label(lang)])
        place = ", ".join(str(p) for p in (row.city, row.country) if isinstance(p, str) and p)
        if place:
            entry.add("location", place)
        calendar.add_component(entry)
    return calendar.to_ical()


def _all_day(uid: str, summary: str, start: dt.date, stamp: dt.datetime, end: dt.date | None = None) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", uid)
    entry.add("dtstamp", stamp)
    entry.add("summary", summary)
    entry.add("dtstart", start)
    entry.add("dtend", (end or start) + dt.timedelta(days=1))  # an all-day entry ends the next day, exclusive
    entry.add("transp", "TRANSPARENT")
    return entry
