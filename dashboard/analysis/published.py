"""Published figures checked against the records, so nobody repeats a figure the data no longer supports.

A *published figure* is a number already stated in public — "23 standards adopted by 15
countries and regions", with its date and source. :func:`checks` recomputes each one from
the records for the same date (a tracked count, or an indicator by its rules) and says
whether the two agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import json
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis import memo, metrics
from dashboard.analysis.metrics import Records
from dashboard.analysis.snapshot import Snapshot, kept
from dashboard.model import display
from dashboard.model.i18n import pick


@dataclass(frozen=True, slots=True)
class Check:
    statement: str
    figure: str  # the figure's key
    label_en: str
    label_zh: str
    published: float
    recorded: float | None  # what the records give for the same date; None when they give nothing
    date: dt.date
    source: str
    statement_zh: str = ""  # the statement as published in Chinese, where the record gives it

    def statement_in(self, lang: str) -> str:
        """The statement in ``lang``: its Chinese wording where the record gives one, else as published."""
        return pick(self.statement, self.statement_zh or self.statement, lang)

    @property
    def agrees(self) -> bool:
        """The records give the published number, to as many decimal places as it was published with."""
        if self.recorded is None:
            return False
        places = decimal_places(self.published)
        return round(self.recorded, places) == round(self.published, places)

    def label(self, lang: str) -> str:
        return pick(self.label_en, self.label_zh, lang)

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        return {
            "statement": self.statement_in(lang),
            "figure": self.figure,
            "label": self.label(lang),
            "date": self.date.isoformat(),
            "published": display.number(self.published),
            "recorded": None if self.recorded is None else display.number(self.recorded),
            "agrees": self.agrees,
            "source": self.source,
        }


def decimal_places(value: float) -> int:
    """How many decimal places a published number was written with (16.67 → 2, 23 → 0)."""
    exponent = decimal.Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def checks(records: Records) -> list[Check]:
    """Every published figure in ``records``, recomputed for its date, oldest first."""
    frame = records.get("published_figure")
    if frame is None or frame.empty:
        return []
    results = []
    for row in frame.sort_values(["date", "statement"], kind="stable").itertuples():
        date = pd.Timestamp(row.date).date()
        figure = metrics.find(records, row.figure, default=None)
        recorded = None if figure is None else metrics.total(records, figure, at=date)
        results.append(
            Check(
                statement=row.statement,
                figure=row.figure,
                label_en=figure.label("en") if figure else row.figure,
                label_zh=figure.label("zh") if figure else row.figure,
                published=float(row.value),
                recorded=None if recorded is None else float(recorded),
                date=date,
                source=row.source if isinstance(row.source, str) else "",
                statement_zh=display.given(row, "statement_zh"),
            )
        )
    return results


def checks_of(snap: Snapshot) -> list[Check]:
    """:func:`checks` of every record of ``snap``, worked out once per data version (by whichever
    worker asks first) and read back by the others, who then need not read every adoption."""

    def make() -> bytes:
        return json.dumps([dataclasses.asdict(c) | {"date": c.date.isoformat()} for c in checks(snap.records)]).encode()

    def read() -> list[Check]:
        stored = json.loads(kept(snap, "published checks", make))
        return [Check(**(c | {"date": dt.date.fromisoformat(c["date"])})) for c in stored]

    return memo.derived(snap.yearly["published_figure"], "published checks", read)
