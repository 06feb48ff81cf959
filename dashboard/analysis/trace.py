"""Every figure traceable: the records behind a headline number, each with the upload it came from.

The web app shows them as a table (:mod:`dashboard.web.trace`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from dashboard.analysis import metrics
from dashboard.model.figures import BY_KEY
from dashboard.model.records import BY_NAME


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
