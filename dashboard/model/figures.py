"""Every figure the dashboard counts, in one place: its key, labels, how it is counted and where it shows.

A *figure* is a number worked out from the records, such as *standards adopted abroad* or
*training centres*. Each is a count of one record type's records, or of the distinct values of
one of their columns, over all of that type's records or only some of them (:class:`Which`).
Everything else reads its figures from here: the target sheet's choices, the headline
figures, the charts over time, the overview's cards and the report's KPI table, the public
page, and the records behind a clicked figure. How a :class:`Which` picks its records is
:func:`dashboard.analysis.metrics.which`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dashboard.model.i18n import pick


class Which(StrEnum):
    """Which of a record type's records a figure counts."""

    ALL = "all"
    ACTIVE_ADOPTIONS = "active_adoptions"  # not withdrawn
    BUILT_CENTRES = "built_centres"  # operating or closed: built, whatever happened since
    ACTIVE_AGREEMENTS = "active_agreements"  # active and not expired on the day


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    en: str
    zh: str
    record_type: str  # what it counts; the records behind it are these (see :class:`Which`)
    which: Which = Which.ALL
    distinct: str | None = None  # count the distinct values of this column, each reached on its first record
    aliases: tuple[str, ...] = ()  # other spellings a target sheet may use
    headline: bool = False  # printed by ``coopdash metrics`` and returned by ``api.headline``
    tracked: bool = False  # charted over time, has a change since last year, may be a target; a card on the overview
    public: bool = False  # on the public page

    def label(self, lang: str) -> str:
        return pick(self.en, self.zh, lang)


FIGURES = (
    Figure("standards", "Curriculum standards", "课程标准", "standard", headline=True),
    Figure(
        "standards_adopted",
        "Standards adopted abroad",
        "境外采用的标准",
        "adoption",
        Which.ACTIVE_ADOPTIONS,
        distinct="standard_code",
        aliases=("standards", "标准"),
        headline=True,
        tracked=True,
        public=True,
    ),
    Figure(
        "adoption_countries",
        "Countries and regions reached",
        "覆盖国家和地区",
        "adoption",
        Which.ACTIVE_ADOPTIONS,
        distinct="country",
        aliases=("countries", "countries and regions", "adoption countries", "国家和地区"),
        headline=True,
        tracked=True,
        public=True,
    ),
    Figure(
        "adoptions",
        "Adoptions",
        "采用记录",
        "adoption",
        Which.ACTIVE_ADOPTIONS,
        aliases=("standard adoptions", "采用"),
        headline=True,
        tracked=True,
    ),
    Figure(
        "centres",
        "Training centres",
        "培训中心",
        "training_centre",
        Which.BUILT_CENTRES,
        aliases=("centers", "training centers", "中心"),
        headline=True,
        tracked=True,
        public=True,
    ),
    Figure(
        "centre_countries",
        "Countries with centres",
        "设有中心的国家",
        "training_centre",
        Which.BUILT_CENTRES,
        distinct="country",
        aliases=("center countries", "中心所在国家"),
        headline=True,
        tracked=True,
        public=True,
    ),
    Figure(
        "partners",
        "Partner institutions",
        "合作机构",
        "partner",
        aliases=("partners", "合作伙伴"),
        headline=True,
        tracked=True,
    ),
    Figure("agreements_active", "Active agreements", "有效协议", "agreement", Which.ACTIVE_AGREEMENTS, headline=True),
    Figure("agreements", "Agreements signed", "签署协议", "agreement", aliases=("agreements", "协议"), tracked=True),
    Figure("events", "Events", "活动", "event", aliases=("活动数",), headline=True, tracked=True),
    Figure("milestones", "Milestones", "里程碑", "milestone", headline=True),
)
"""Every figure, in the order the dashboard leads with them."""

BY_KEY = {f.key: f for f in FIGURES}

HEADLINE = tuple(f for f in FIGURES if f.headline)
CARDS = tuple(f for f in FIGURES if f.tracked)
"""The figures the overview's cards and the report's KPI table lead with: the tracked ones, in the order above."""
PUBLIC = tuple(f for f in FIGURES if f.public)

TRACKED_ORDER = (
    "adoptions",
    "adoption_countries",
    "standards_adopted",
    "centres",
    "centre_countries",
    "partners",
    "agreements",
    "events",
)
"""The order tracked figures are offered in, as a chart's metric (the first is the default) and as a
target's choices: each record type's count before what it reaches."""
TRACKED = tuple(BY_KEY[key] for key in TRACKED_ORDER)
