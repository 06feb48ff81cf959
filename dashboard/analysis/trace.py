"""Every figure traceable: the records behind a headline number, each with the upload it came from.

The web app shows them as a table (:mod:`dashboard.web.trace`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from dashboard.analysis import metrics
from dashboard.model import clock
from dashboard.model.records import BY_NAME

_SOURCES = {  # headline figure → the record type it counts, and which of its records
    "adoptions": ("adoption", metrics.active_adoptions),
    "adoption_countries": ("adoption", metrics.active_adoptions),
    "standards_adopted": ("adoption", metrics.active_adoptions),
    "centres": ("training_centre", metrics.built_centres),
    "centre_countries": ("training_centre", metrics.built_centres),
    "partners": ("partner", None),
    "agreements": ("agreement", None),
    "events": ("event", None),
    "milestones": ("milestone", None),
}


def behind(
    records: Mapping[str, pd.DataFrame],
    figure: str,
    country: str | None = None,
    today: dt.date | None = None,
    year: int | None = None,
) -> tuple[str, pd.DataFrame]:
    """(record type, records) counted by a headline figure, optionally in one country or year."""
    if figure == "agreements_active":
        name, frame = "agreement", metrics.active_agreements(records, today or clock.today())
    else:
        name, keep = _SOURCES[figure]
        frame = keep(records) if keep else records[name]
    if country and "country" in frame.columns:
        frame = frame[frame["country"].astype(str) == country]
    when = BY_NAME[name].when_column
    if year and when:
        frame = frame[frame[when].dt.year == year]
    return name, frame
