"""Every figure traceable: what a headline number counts, and the records behind it, each with the
upload it came from.

A figure that counts records (*adoptions*, *training centres*) is traced to those records. A
figure that counts the distinct values of a column (*standards adopted abroad* counts standards,
*countries and regions reached* counts countries) is traced to those values first — one row per
standard or country, exactly as many as the figure says, each with the records that reached it —
and then to the records. The web app shows both as tables (:mod:`dashboard.web.trace`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis import metrics
from dashboard.model import countries, display
from dashboard.model.figures import BY_KEY
from dashboard.model.records import BY_NAME


@dataclass(frozen=True, slots=True)
class Traced:
    """A figure's value, item by item: ``items`` (one row per thing counted, as many as the
    figure's value) for a distinct figure, else None; ``records`` the records behind them."""

    figure: str
    record_type: str
    records: pd.DataFrame
    items: pd.DataFrame | None = None

    @property
    def count(self) -> int:
        """How many things the figure counts here: its value."""
        return len(self.items) if self.items is not None else len(self.records)


def behind(
    records: Mapping[str, pd.DataFrame],
    figure: str,
    country: str | None = None,
    today: dt.date | None = None,
    year: int | None = None,
) -> tuple[str, pd.DataFrame]:
    """(record type, records) counted by a figure of :data:`dashboard.model.figures.FIGURES`,
    optionally in one country or year."""
    counted = BY_KEY[figure]
    name, frame = counted.record_type, metrics.which(records, counted, today)
    if country and "country" in frame.columns:
        frame = frame[frame["country"].astype(str) == country]
    when = BY_NAME[name].when_column
    if year and when:
        frame = frame[frame[when].dt.year == year]
    return name, frame


def traced(
    records: Mapping[str, pd.DataFrame],
    figure: str,
    country: str | None = None,
    today: dt.date | None = None,
    year: int | None = None,
    lang: str = "en",
) -> Traced:
    """What ``figure`` counts, optionally in one country, or (for a distinct figure) first reached
    in ``year``: the items and the records behind them."""
    counted = BY_KEY[figure]
    if not counted.distinct:
        name, frame = behind(records, figure, country, today, year)
        return Traced(figure, name, frame)
    name, frame = behind(records, figure, country, today)
    when = BY_NAME[name].when_column
    items = _items(records, frame, counted.distinct, when, lang)
    if year:
        items = items[items["first"].dt.year == year]
        frame = frame[frame[counted.distinct].astype(str).isin(items["key"])]
    return Traced(figure, name, frame, items.reset_index(drop=True))


def _items(
    records: Mapping[str, pd.DataFrame], frame: pd.DataFrame, column: str, when: str | None, lang: str
) -> pd.DataFrame:
    """One row per distinct value of ``column`` in ``frame``: key, name, records (how many), first
    (the date of its first record), and the places or standards those records name."""
    if frame.empty:
        return pd.DataFrame(columns=["key", "name", "records", "first", "with"])
    keys = frame[column].astype(str)
    grouped = frame.groupby(keys, observed=True)
    first = grouped[when].min() if when else pd.Series(pd.NaT, index=grouped.size().index)
    if column == "country":
        names = {k: countries.by_iso3(k).name(lang) for k in first.index}
        other = grouped["standard_code"] if "standard_code" in frame.columns else None
    else:  # a standard's code: its title, and the countries its adoptions are in
        standards = records["standard"]
        titles = pd.Series(
            display.localised_column(standards, "title", lang).to_numpy(), index=standards["code"].astype(str)
        )
        names = {k: f"{k} {titles.get(k, '')}".strip() for k in first.index}
        other = grouped["country"] if "country" in frame.columns else None
    listed = (
        other.agg(lambda values: sorted({_place(v, column, lang) for v in values.astype(str)}))
        if other is not None
        else None
    )
    items = pd.DataFrame(
        {
            "key": first.index.astype(str),
            "name": [names[k] for k in first.index],
            "records": grouped.size().reindex(first.index).to_numpy(),
            "first": first.to_numpy(),
            "with": [", ".join(listed[k]) for k in first.index] if listed is not None else "",
        }
    )
    return items.sort_values(["first", "name"], na_position="last", ignore_index=True)


def _place(value: str, column: str, lang: str) -> str:
    """A standard's code as itself; a country's ISO3 code as its name."""
    return value if column == "country" else countries.by_iso3(value).name(lang)
