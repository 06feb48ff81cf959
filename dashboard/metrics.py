"""Headline figures and the tables behind the charts, computed from the records.

Everything here is a pure function of :class:`Records` (one DataFrame per record type, as
:meth:`Store.records` returns them), so the command line, the dashboard and the tests all
compute a figure the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from . import countries
from .records import RECORD_TYPES, TRACKED_FIGURES
from .store import Store

Records = Mapping[str, pd.DataFrame]

COUNTED_CENTRE_STATUSES = ("operating", "closed")  # built, whatever happened since


@dataclass(frozen=True, slots=True)
class Metric:
    key: str
    en: str
    zh: str

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


HEADLINE = (
    Metric("standards", "Curriculum standards", "课程标准"),
    Metric("standards_adopted", "Standards adopted abroad", "境外采用的标准"),
    Metric("adoption_countries", "Countries and regions adopting", "采用标准的国家和地区"),
    Metric("adoptions", "Adoptions", "采用记录"),
    Metric("centres", "Training centres", "培训中心"),
    Metric("centre_countries", "Countries with centres", "设有中心的国家"),
    Metric("partners", "Partner institutions", "合作机构"),
    Metric("agreements_active", "Active agreements", "有效协议"),
    Metric("events", "Events", "活动"),
    Metric("milestones", "Milestones", "里程碑"),
)


def load(store: Store, as_of: dt.datetime | None = None) -> dict[str, pd.DataFrame]:
    """Every record type's current records (or those held at ``as_of``)."""
    return {rt.name: store.records(rt.name, as_of=as_of) for rt in RECORD_TYPES}


def active_adoptions(records: Records) -> pd.DataFrame:
    adoptions = records["adoption"]
    return adoptions[adoptions["status"] != "withdrawn"]


def built_centres(records: Records) -> pd.DataFrame:
    centres = records["training_centre"]
    return centres[centres["status"].isin(COUNTED_CENTRE_STATUSES)]


def active_agreements(records: Records, today: dt.date) -> pd.DataFrame:
    agreements = records["agreement"]
    current = agreements["expires_on"].isna() | (agreements["expires_on"] >= pd.Timestamp(today))
    return agreements[(agreements["status"] == "active") & current]


def headline(records: Records, today: dt.date | None = None) -> dict[str, int]:
    """The headline figures, keyed as in :data:`HEADLINE`."""
    today = today or dt.date.today()
    adoptions = active_adoptions(records)
    centres = built_centres(records)
    return {
        "standards": len(records["standard"]),
        "standards_adopted": adoptions["standard_code"].nunique(),
        "adoption_countries": adoptions["country"].nunique(),
        "adoptions": len(adoptions),
        "centres": len(centres),
        "centre_countries": centres["country"].nunique(),
        "partners": len(records["partner"]),
        "agreements_active": len(active_agreements(records, today)),
        "events": len(records["event"]),
        "milestones": len(records["milestone"]),
    }


def adoptions_over_time(records: Records, freq: str = "YE") -> pd.DataFrame:
    """Per period: new adoptions, and the running totals of adoptions, countries and standards.

    Columns: period (the period's end), new, adoptions, countries, standards.
    """
    adoptions = active_adoptions(records).sort_values("adopted_on")
    if adoptions.empty:
        return pd.DataFrame(columns=["period", "new", "adoptions", "countries", "standards"])
    first_country = adoptions.drop_duplicates("country")
    first_standard = adoptions.drop_duplicates("standard_code")
    grouper = pd.Grouper(key="adopted_on", freq=freq)
    table = pd.DataFrame({
        "new": adoptions.groupby(grouper).size(),
        "new_countries": first_country.groupby(grouper).size(),
        "new_standards": first_standard.groupby(grouper).size(),
    }).fillna(0).astype(int)
    table["adoptions"] = table["new"].cumsum()
    table["countries"] = table["new_countries"].cumsum()
    table["standards"] = table["new_standards"].cumsum()
    table.index.name = "period"
    return table.reset_index()[["period", "new", "adoptions", "countries", "standards"]]


def by_country(frame: pd.DataFrame, lang: str = "en", count: str = "records") -> pd.DataFrame:
    """Records per country with names and regions: iso3, country, region, subregion, ``count``."""
    counts = frame.groupby("country").size().rename(count).reset_index()
    rows = []
    for iso3, n in counts.itertuples(index=False, name=None):
        country = countries.by_iso3(iso3)
        rows.append({"iso3": iso3, "country": country.name(lang),
                     "region": country.region_zh if lang == "zh" else country.region_en,
                     "subregion": country.subregion_zh if lang == "zh" else country.subregion_en,
                     count: n})
    columns = ["iso3", "country", "region", "subregion", count]
    return pd.DataFrame(rows, columns=columns).sort_values([count, "country"], ascending=[False, True],
                                                          ignore_index=True)


# --- metrics over time and by country ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Series:
    """A figure that grows over time: a count of records, or of the distinct values of a
    column (first reached on the date of its first record). Its labels are those of the
    record model's :data:`~dashboard.records.TRACKED_FIGURES`."""

    key: str
    record_type: str
    distinct: str | None = None

    def label(self, lang: str) -> str:
        return next(c for c in TRACKED_FIGURES if c.value == self.key).label(lang)


SERIES = (
    Series("adoptions", "adoption"),
    Series("adoption_countries", "adoption", distinct="country"),
    Series("standards_adopted", "adoption", distinct="standard_code"),
    Series("centres", "training_centre"),
    Series("centre_countries", "training_centre", distinct="country"),
    Series("partners", "partner"),
    Series("agreements", "agreement"),
    Series("events", "event"),
)
SERIES_BY_KEY = {s.key: s for s in SERIES}
FREQUENCIES = {"year": "YE", "quarter": "QE", "month": "ME"}


def counted(records: Records, series: Series) -> pd.DataFrame:
    """The records a series counts: withdrawn adoptions and planned centres do not."""
    if series.record_type == "adoption":
        return active_adoptions(records)
    if series.record_type == "training_centre":
        return built_centres(records)
    return records[series.record_type]


def over_time(records: Records, series: Series, *, freq: str = "year", cumulative: bool = False,
              split: str | None = None, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """``series`` per period: columns ``period`` (the period's start), ``value`` and, with
    ``split`` (a column such as ``region_code``), that column.

    Pass records unfiltered by date: a cumulative figure counts everything before ``start``.
    """
    from .records import BY_NAME

    when = BY_NAME[series.record_type].when
    frame = counted(records, series)
    frame = frame[frame[when].notna()]
    columns = ["period", *([split] if split else []), "value"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    if series.distinct:
        firsts = [series.distinct, split] if split else [series.distinct]
        frame = frame.sort_values(when).drop_duplicates(firsts)
    period = frame[when].dt.to_period(FREQUENCIES[freq].rstrip("E")).dt.start_time
    keys = [period.rename("period"), *([frame[split].astype(str)] if split else [])]
    counts = frame.groupby(keys, observed=True).size().rename("value")
    table = _complete(counts, freq, split, start, end)
    if cumulative:
        table["value"] = table.groupby(split, observed=True)["value"].cumsum() if split else table["value"].cumsum()
    if start:
        table = table[table["period"] >= pd.Timestamp(start, 1, 1)]
    return table[columns].reset_index(drop=True)


def _complete(counts: pd.Series, freq: str, split: str | None, start: int | None, end: int | None) -> pd.DataFrame:
    """Every period from the first record (or ``start``) to ``end``, zero where nothing happened."""
    periods = counts.index.get_level_values("period")
    first = min(periods.min(), pd.Timestamp(start, 1, 1)) if start else periods.min()
    last = pd.Timestamp(end, 12, 31) if end else max(periods.max(), pd.Timestamp.today().normalize())
    code = FREQUENCIES[freq].rstrip("E")
    every = pd.period_range(first, last, freq=code).start_time
    if split:
        groups = counts.index.get_level_values(split).unique()
        index = pd.MultiIndex.from_product([every, groups], names=["period", split])
    else:
        index = pd.Index(every, name="period")
    return counts.reindex(index, fill_value=0).reset_index()


def per_country(records: Records, series: Series) -> pd.DataFrame:
    """``series`` per country: columns ``iso3`` and ``value``, largest first."""
    frame = counted(records, series)
    frame = frame[frame["country"].notna()] if "country" in frame.columns else frame.iloc[0:0]
    if frame.empty:
        return pd.DataFrame(columns=["iso3", "value"])
    grouped = frame.groupby("country", observed=True)
    values = grouped[series.distinct].nunique() if series.distinct else grouped.size()
    table = values.rename("value").reset_index().rename(columns={"country": "iso3"})
    table["iso3"] = table["iso3"].astype(str)
    return table[table["value"] > 0].sort_values(["value", "iso3"], ascending=[False, True], ignore_index=True)


def total(records: Records, series: Series, at: dt.date | None = None) -> int:
    """The series' value on ``at`` (everything up to that day), or now."""
    from .records import BY_NAME

    frame = counted(records, series)
    if at is not None:
        frame = frame[frame[BY_NAME[series.record_type].when] <= pd.Timestamp(at)]
    return int(frame[series.distinct].nunique()) if series.distinct else len(frame)
