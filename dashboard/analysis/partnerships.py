"""Partnerships: who our partners are, which agreements run out soon, which have gone quiet.

Pure functions of the records (one DataFrame per record type, as
:func:`dashboard.analysis.snapshot.load` gives them). ``today`` is always a parameter, so the tests
can fix it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

import pandas as pd

from dashboard.analysis import memo, metrics
from dashboard.analysis.filters import Filters
from dashboard.analysis.snapshot import Records as SnapshotRecords
from dashboard.model.records import PARTNER

Records = Mapping[str, pd.DataFrame]

EXPIRY_WINDOW_DAYS = 90
DORMANT_MONTHS = 18  # the default: no activity for this long makes a partnership dormant
DORMANT_MONTHS_RANGE = (1, 240)
TOP_COUNTRIES = 15

ACTIVITIES = ("adoption", "training_centre", "event")
"""The record types that count as activity with a partner, in the order they are looked at."""


@memo.per_frame
def by_type(partners: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Partners per type, most first: columns ``type``, ``label`` (in ``lang``) and ``partners``."""
    field = PARTNER.field("type")
    counts = partners["type"].dropna().value_counts()
    rows = [
        {"type": c.value, "label": c.label(lang), "partners": int(counts.get(c.value, 0))}
        for c in field.choices
        if counts.get(c.value, 0)
    ]
    table = pd.DataFrame(rows, columns=["type", "label", "partners"])
    return table.sort_values(["partners", "label"], ascending=[False, True], ignore_index=True)


@memo.per_frame
def by_country(partners: pd.DataFrame, lang: str = "en", top: int = TOP_COUNTRIES) -> pd.DataFrame:
    """The ``top`` countries with the most partners: ``iso3``, ``country``, ``partners``."""
    table = metrics.by_country(partners, lang, count="partners")  # a partner with no country counts for none
    return table[["iso3", "country", "partners"]].head(top)


@memo.per_frame
def expiring(agreements: pd.DataFrame, today: dt.date, days: int = EXPIRY_WINDOW_DAYS) -> pd.DataFrame:
    """Active agreements that expire within ``days`` of ``today`` (today included), soonest
    first: columns ``partner``, ``kind``, ``signed_on``, ``expires_on``, ``days_left`` and, when
    the records have owners, ``owner``."""
    columns = ["partner", "kind", "signed_on", "expires_on", "days_left"]
    columns += ["owner"] if "owner" in agreements.columns else []
    expires = agreements["expires_on"].to_numpy(dtype="datetime64[us]")  # NaT (no end) is never soon
    soon = agreements[metrics.active_on(agreements, today) & (expires <= metrics.midnight(today + dt.timedelta(days)))]
    if soon.empty:
        return pd.DataFrame(columns=columns)
    table = soon.assign(days_left=(soon["expires_on"] - pd.Timestamp(today)).dt.days.astype(int))
    return table.sort_values(["expires_on", "partner"], ignore_index=True)[columns]


def owned_by(records: Records, email: str, today: dt.date) -> pd.DataFrame:
    """The active agreements ``email`` owns — named as the agreement's owner, or as its partner's
    when the agreement names none — soonest to expire first (those without an end last): columns
    ``partner``, ``kind``, ``signed_on``, ``expires_on``, ``days_left`` (NA without an end)."""
    columns = ["partner", "kind", "signed_on", "expires_on", "days_left"]
    active = metrics.active_agreements(records, today)
    partners = records["partner"]
    if "owner" not in active.columns or "owner" not in partners.columns or active.empty:
        return pd.DataFrame(columns=columns)
    wanted = email.casefold()
    partner_owner = active["partner"].map(dict(zip(partners["name"], partners["owner"])))
    owner = active["owner"].where(active["owner"].notna() & (active["owner"] != ""), partner_owner)
    mine = active[owner.fillna("").astype(str).str.casefold() == wanted]
    days = (mine["expires_on"] - pd.Timestamp(today)).dt.days.astype("Int64")
    table = mine.assign(days_left=days).sort_values(["expires_on", "partner"], na_position="last", ignore_index=True)
    return table[columns]


@memo.remembered
def activities(records: Records) -> pd.DataFrame:
    """Every dated piece of activity with a partner: columns ``partner``, ``date``, ``activity``
    (the record type it comes from).

    An adoption counts for the institution that adopted, a training centre for its partner,
    an event for its host and for every partner named in its title.
    """
    partners = records["partner"]["name"].dropna().astype(str)
    names = set(partners)
    key = ("partner activity", frozenset(names))

    def adopted() -> pd.DataFrame:
        return _dated(records["adoption"], "institution", "adopted_on", "adoption", names)

    if isinstance(records, SnapshotRecords):  # a snapshot's: once per data version, whichever worker asks first
        adoptions = records.derived(repr((key[0], sorted(names))), adopted)
    else:
        adoptions = memo.derived(records["adoption"], key, adopted)
    parts = [
        adoptions,  # a million adoptions are read once per data version, not per request
        _dated(records["training_centre"], "partner", "opened_on", "training_centre", names),
        _dated(records["event"], "host", "start_date", "event", names),
        _named_in_titles(records["event"], partners),
    ]
    frames = [p for p in parts if not p.empty]
    if not frames:
        return pd.DataFrame(columns=["partner", "date", "activity"])
    return pd.concat(frames, ignore_index=True)


@memo.remembered
def _last_activity(records: Records) -> dict[str, tuple[pd.Timestamp, str]]:
    """Each partner's latest activity (:func:`activities`): partner -> (date, activity)."""
    done = activities(records).sort_values("date", kind="stable")
    last = done.drop_duplicates("partner", keep="last")
    return dict(zip(last["partner"], zip(last["date"], last["activity"], strict=True), strict=True))


@memo.remembered
def _by_name(records: Records) -> dict[str, tuple[str | None, str | None]]:
    """Each partner's country and type, by name (the first partner of a name, as a lookup by name finds it)."""
    partners = records["partner"]
    found: dict[str, tuple[str | None, str | None]] = {}
    for name, country, kind in zip(partners["name"].astype(str), partners["country"], partners["type"], strict=True):
        found.setdefault(name, (_text(country), _text(kind)))
    return found


def _dated(frame: pd.DataFrame, who: str, when: str, activity: str, names: set[str]) -> pd.DataFrame:
    """The dated records of ``frame`` whose ``who`` names one of the partners."""
    table = frame.loc[frame[who].isin(names) & frame[when].notna(), [who, when]]
    return pd.DataFrame(
        {"partner": table[who].astype(str).to_numpy(), "date": table[when].to_numpy(), "activity": activity}
    )


def _named_in_titles(events: pd.DataFrame, partners: pd.Series) -> pd.DataFrame:
    dated = events[events["title"].notna() & events["start_date"].notna()]
    titles = dated["title"].astype(str).str.casefold()
    found = [
        pd.DataFrame({"partner": name, "date": dated.loc[hit, "start_date"].to_numpy(), "activity": "event"})
        for name in partners.unique()
        for hit in (titles.str.contains(name.casefold(), regex=False).to_numpy(),)
        if hit.any()
    ]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=["partner", "date", "activity"])


def dormant(
    records: Records, today: dt.date, months: int = DORMANT_MONTHS, agreements: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Partners with an active agreement but no activity since ``months`` before ``today``.

    An activity dated after the cutoff — a planned centre or an event ahead included — keeps
    a partnership alive. ``agreements`` (default: all) narrows which partners are looked at.
    Columns: ``partner``, ``country``, ``type``, ``agreements`` (active ones),
    ``last_activity`` (NaT if never) and ``activity`` (the type of that last record), the
    longest quiet first.
    """
    columns = ["partner", "country", "type", "agreements", "last_activity", "activity"]
    active = metrics.active_agreements({"agreement": records["agreement"] if agreements is None else agreements}, today)
    if active.empty:
        return pd.DataFrame(columns=columns)
    counts = Counter(p for p in active["partner"].astype(str).tolist() if isinstance(p, str))
    last = _last_activity(records)
    cutoff = pd.Timestamp(today) - pd.DateOffset(months=months)
    info = _by_name(records)
    rows = []
    for partner in sorted(counts):
        when, activity = last.get(partner, (pd.NaT, None))
        if pd.notna(when) and when >= cutoff:
            continue
        country, kind = info.get(partner, (None, None))
        rows.append(
            {
                "partner": partner,
                "country": country,
                "type": kind,
                "agreements": counts[partner],
                "last_activity": when,
                "activity": activity if pd.notna(when) else None,
            }
        )
    # the longest quiet first: never active, then by date, ties by name (a few rows: sorted here, not by pandas)
    rows.sort(key=lambda row: (pd.notna(row["last_activity"]), _instant(row["last_activity"]), row["partner"]))
    table = pd.DataFrame(rows, columns=columns)
    table["last_activity"] = pd.to_datetime(table["last_activity"])
    return table


def _instant(when: object) -> pd.Timestamp:
    return pd.Timestamp(when) if pd.notna(when) else pd.Timestamp.min


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def dormant_months(filters: Filters) -> int:
    """The page setting ``dormant_months`` from the URL, within a sensible range, else the default."""
    try:
        months = int(str(filters.extra.get("dormant_months", DORMANT_MONTHS)).strip())
    except ValueError:
        return DORMANT_MONTHS
    low, high = DORMANT_MONTHS_RANGE
    return min(max(months, low), high)


def with_dormant_months(filters: Filters, months: object) -> Filters:
    """The filters with the dormant threshold set (the default is left out of the URL)."""
    try:
        value = int(months)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return filters
    low, high = DORMANT_MONTHS_RANGE
    value = min(max(value, low), high)
    return filters.with_extra(dormant_months=None if value == DORMANT_MONTHS else str(value))
