"""What the overview says about the figures: change against a year ago, progress towards
targets with a trend forecast, and a short summary written from the data.

Pure functions of the records (and of ``today``, which tests pass in).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.analysis.memo import remembered
from dashboard.analysis.metrics import SERIES_BY_KEY, Records, counted, dated, per_group, period_numbers, total
from dashboard.model import countries
from dashboard.model.texts import t

SPARK_YEARS = 8


@dataclass(frozen=True, slots=True)
class Trend:
    key: str
    value: int
    last_year: int  # the value at the end of the previous year
    history: list[tuple[int, int]]  # (year, value at the end of that year), oldest first

    @property
    def change(self) -> int:
        return self.value - self.last_year


@remembered
def trend(records: Records, key: str, today: dt.date) -> Trend:
    """A tracked figure now, at the end of the previous year, and at the end of each recent year."""
    counts = dated(records, SERIES_BY_KEY[key])
    first, history = counts.first_year, []
    if first is not None and first <= today.year:
        history = list(zip(range(first, today.year + 1), counts.year_ends(first, today.year)))[-SPARK_YEARS:]
    return Trend(key, counts.on(today), counts.on(dt.date(today.year - 1, 12, 31)), history)


@dataclass(frozen=True, slots=True)
class Progress:
    figure: str
    target: int
    due: dt.date
    value: int
    forecast: int  # the value expected on the due date, if the recent trend holds
    note: str

    @property
    def share(self) -> float:
        return min(1.0, self.value / self.target) if self.target else 1.0

    @property
    def on_track(self) -> bool:
        return self.forecast >= self.target


@remembered
def progress(records: Records, today: dt.date, trend_years: int = 3) -> list[Progress]:
    """Every target that is not past due, with where the figure stands and where the
    average gain since the end of ``trend_years`` years ago would take it by the due date."""
    result = []
    targets = records["target"].sort_values(["due", "figure"])
    for row in targets.itertuples(index=False):
        due = row.due.date()
        if due < dt.date(today.year, 1, 1) or row.figure not in SERIES_BY_KEY:
            continue
        series = SERIES_BY_KEY[row.figure]
        value = total(records, series, today)
        since = dt.date(today.year - trend_years, 12, 31)
        start = total(records, series, since)
        per_day = (value - start) / max(1, (today - since).days)
        forecast = value + round(per_day * max(0, (due - today).days))
        result.append(
            Progress(
                row.figure, int(row.value), due, value, int(forecast), row.note if isinstance(row.note, str) else ""
            )
        )
    return result


def summary(records: Records, lang: str, today: dt.date) -> str:
    """Two or three sentences on the last full year, every number and name from the data."""
    facts = _summary_facts(records, today)
    if facts is None:
        return ""
    year, gained, best_since, region_code, reached, new_adoptions = facts
    region = _region_name(region_code, lang) if region_code is not None else None
    return _sentence(lang, year, gained, best_since, region, reached, new_adoptions)


@remembered
def _summary_facts(records: Records, today: dt.date) -> tuple[int, int, int | None, str | None, int, int] | None:
    """What :func:`summary` says, in no language (views in either share it): the year, the
    countries gained in it, the last year that gained as many, the region with the most new
    adoptions, the countries reached today and the year's new adoptions."""
    reached_by = dated(records, SERIES_BY_KEY["adoption_countries"])
    first = reached_by.first_year
    if first is None or first > today.year:
        return None
    ends = [0, *reached_by.year_ends(first, today.year)]
    gains = {y: ends[i + 1] - ends[i] for i, y in enumerate(range(first, today.year + 1))}
    year = today.year - 1 if today.month < 12 else today.year
    year = max(y for y in gains if y <= year) if any(y <= year for y in gains) else max(gains)
    gained = gains.get(year, 0)
    earlier = {y: v for y, v in gains.items() if y < year}
    best_since = next((y for y in sorted(earlier, reverse=True) if earlier[y] >= gained), None)
    region_code, new_adoptions = _most_adoptions(records, year)
    return year, gained, best_since, region_code, reached_by.on(today), new_adoptions


def _most_adoptions(records: Records, year: int) -> tuple[str | None, int]:
    """The region (its code as text) with the most adoptions in ``year`` (ties: the lowest code),
    if any, and the year's adoptions."""
    adoptions = SERIES_BY_KEY["adoptions"]
    frame = counted(records, adoptions, by_year=True)
    per_region = per_group(frame, "region_code", rows=period_numbers(frame, adoptions, "year") == year)
    region = str(per_region.idxmax()) if len(per_region) and per_region.max() > 0 else None
    before, then = dated(records, adoptions).year_ends(year - 1, year)  # a record with no region counts too
    return region, then - before


def _region_name(code: str, lang: str) -> str | None:
    return countries.regions(lang).get(str(code))


def _sentence(
    lang: str, year: int, gained: int, best_since: int | None, region: str | None, reached: int, adoptions: int
) -> str:
    record = gained > 0 and best_since is None
    rise_since = best_since if gained and best_since is not None and best_since < year - 1 else None
    if gained:
        text = t("insights.gained_one" if gained == 1 else "insights.gained_many", lang, year=year, gained=gained)
        if record:
            text += t("insights.record", lang)
        elif rise_since:
            text += t("insights.rise_since", lang, since=rise_since)
        text += t("insights.new_adoptions", lang, adoptions=adoptions)
    else:
        text = t("insights.none_gained", lang, year=year, adoptions=adoptions)
    if region:
        text += t("insights.region", lang, region=region)
    return text + t("insights.reached", lang, reached=reached)
