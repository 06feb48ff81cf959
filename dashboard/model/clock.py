"""Today's date, for every figure that depends on it."""

from __future__ import annotations

import datetime as dt

from dashboard.config import today_setting


def today() -> dt.date:
    """Today, or the day ``COOPDASH_TODAY`` (YYYY-MM-DD) names: a server under test, or a
    report restated for a past day, can fix it."""
    return today_setting() or dt.date.today()


def end_of_day_utc(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` on this server's clock, as the naive UTC time batches are
    stamped with: "as of 30 June" means until local midnight, not UTC midnight."""
    local_end = dt.datetime.combine(day, dt.time.max).astimezone()  # naive → the server's time zone
    return local_end.astimezone(dt.UTC).replace(tzinfo=None)
