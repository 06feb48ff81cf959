"""The digest: the figures, what changed and what expires next, mailed each week or month.

:func:`content` is a pure function of the records; :func:`charts` draws the charts as PNG with
the exports' warm renderer (:mod:`dashboard.exports.images`), framed as the exports frame them;
:func:`message` puts both in a mail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

import pandas as pd

from dashboard.analysis import insights, metrics, partnerships
from dashboard.analysis.metrics import Records
from dashboard.model import display, figures
from dashboard.model.i18n import pick
from dashboard.model.records import AGREEMENT, EVENT
from dashboard.model.texts import t
from dashboard.notify import message as mail
from dashboard.store.store import Store

PERIODS = ("week", "month")
CHARTS = ("adoptions-over-time", "adoption-map", "centres-by-country")
"""The charts a digest shows, by their name in :data:`dashboard.charts.catalogue.CHARTS`."""
LISTED = 10  # rows of each "what changed" list; the rest are counted
EXPIRY_DAYS = partnerships.EXPIRY_WINDOW_DAYS
CHART_SCALE = 1  # PNG pixels per layout pixel: 1000 px wide, sharp enough in a mail and a tenth the bytes


def period_start(today: dt.date, period: str) -> dt.date:
    """The day the period began: a week, or a calendar month, before ``today``."""
    if period == "week":
        return today - dt.timedelta(days=7)
    return (pd.Timestamp(today) - pd.DateOffset(months=1)).date()


@dataclass(frozen=True, slots=True)
class Change:
    key: str
    label: str
    value: int
    before: int

    @property
    def change(self) -> int:
        return self.value - self.before


@dataclass(frozen=True, slots=True)
class Digest:
    lang: str
    period: str
    today: dt.date
    since: dt.date
    figures: list[Change]
    summary: str
    changed: list[tuple[str, list[list[str]]]]  # (heading, rows), each list in date order
    expiring: list[list[str]]


def content(records: Records, today: dt.date, period: str, lang: str) -> Digest:
    """What the digest says on ``today`` for the ``period`` before it, in ``lang``."""
    since = period_start(today, period)
    changes = []
    for figure in figures.CARDS:
        series = metrics.SERIES_BY_KEY[figure.key]
        changes.append(
            Change(
                figure.key,
                figure.label(lang),
                metrics.total(records, series, today),
                metrics.total(records, series, since),
            )
        )
    soon = partnerships.expiring(records["agreement"], today, EXPIRY_DAYS)
    kinds = AGREEMENT.field("kind")
    expiring = [
        [r.partner, kinds.choice(r.kind).label(lang), f"{r.expires_on:%Y-%m-%d}", str(r.days_left)]
        for r in soon.itertuples()
    ]
    return Digest(
        lang,
        period,
        today,
        since,
        changes,
        insights.summary(records, lang, today),
        _changed(records, since, today, lang),
        expiring,
    )


def _within(frame: pd.DataFrame, column: str, since: dt.date, today: dt.date) -> pd.DataFrame:
    when = frame[column]
    return frame[(when > pd.Timestamp(since)) & (when <= pd.Timestamp(today))].sort_values(column)


def _changed(records: Records, since: dt.date, today: dt.date, lang: str) -> list[tuple[str, list[list[str]]]]:
    """Records dated within the period: adoptions, centres opened, agreements signed, events."""
    place = lambda iso3: display.country_name(str(iso3), lang) if isinstance(iso3, str) else ""  # noqa: E731
    adoptions = _within(metrics.active_adoptions(records), "adopted_on", since, today)
    centres = _within(records["training_centre"], "opened_on", since, today)
    agreements = _within(records["agreement"], "signed_on", since, today)
    events = _within(records["event"], "start_date", since, today)
    kinds, event_kinds = AGREEMENT.field("kind"), EVENT.field("kind")
    lists = [
        (
            "mail.new_adoptions",
            [
                [f"{r.adopted_on:%Y-%m-%d}", r.standard_code, r.institution, place(r.country)]
                for r in adoptions.itertuples()
            ],
        ),
        ("mail.new_centres", [[f"{r.opened_on:%Y-%m-%d}", r.name, place(r.country)] for r in centres.itertuples()]),
        (
            "mail.new_agreements",
            [[f"{r.signed_on:%Y-%m-%d}", r.partner, kinds.choice(r.kind).label(lang)] for r in agreements.itertuples()],
        ),
        (
            "mail.new_events",
            [
                [f"{r.start_date:%Y-%m-%d}", r.title, event_kinds.choice(r.kind).label(lang)]
                for r in events.itertuples()
            ],
        ),
    ]
    return [(t(key, lang), rows) for key, rows in lists if rows]


def charts(store: Store, lang: str, as_of: dt.date, names: Sequence[str] = CHARTS) -> list[mail.Image]:
    """The digest's charts as PNG, drawn and framed as the chart exports are."""
    from dashboard.analysis.filters import Filters
    from dashboard.analysis.snapshot import snapshot
    from dashboard.analysis.view import View
    from dashboard.charts.catalogue import chart_figure
    from dashboard.exports.images import render

    view = View(Filters(lang=lang), snapshot(store))
    images = []
    for name in names:
        figure = chart_figure(view, name, as_of)
        title = figure.layout.title.text or name
        images.append(mail.Image(f"chart-{name}", render(figure, "png", scale=CHART_SCALE), title))
    return images


def subject(digest: Digest, org: str) -> str:
    period = t(f"mail.{digest.period}", digest.lang)
    return t("mail.digest_subject", digest.lang, org=org, period=period, date=digest.today.isoformat())


def _signed(number: int) -> str:
    return f"+{number:,}" if number > 0 else (f"{number:,}" if number < 0 else "±0")


def message(
    digest: Digest,
    images: Sequence[mail.Image],
    *,
    sender: str,
    to: Sequence[str],
    org: str,
    base_url: str | None,
) -> EmailMessage:
    lang = digest.lang
    period = t(f"mail.{digest.period}", lang)
    since = digest.since.isoformat()
    html = [mail.heading(t("mail.digest_heading", lang, period=period, date=digest.today.isoformat()), 1)]
    text = [t("mail.digest_heading", lang, period=period, date=digest.today.isoformat()), ""]

    rows = [[c.label, f"{c.value:,}", _signed(c.change)] for c in digest.figures]
    header = [t("mail.figure", lang), t("mail.now", lang), t("mail.change", lang, date=since)]
    html += [mail.heading(t("mail.figures", lang)), mail.table(header, rows, numeric=(1, 2))]
    text += [t("mail.figures", lang), mail.text_table(rows), ""]

    if digest.summary:
        html += [mail.heading(t("mail.summary", lang)), mail.paragraph(digest.summary)]
        text += [t("mail.summary", lang), digest.summary, ""]

    html.append(mail.heading(t("mail.changed", lang, date=since)))
    text.append(t("mail.changed", lang, date=since))
    if not digest.changed:
        html.append(mail.paragraph(t("mail.nothing_changed", lang), muted=True))
        text.append(t("mail.nothing_changed", lang))
    for title, listed in digest.changed:
        shown = listed[:LISTED]
        more = [[t("mail.more", lang, n=len(listed) - LISTED)]] if len(listed) > LISTED else []
        html += [mail.heading(f"{title} ({len(listed)})", 3), mail.table([], shown + more)]
        text += [f"{title} ({len(listed)})", mail.text_table(shown + more)]
    text.append("")

    html.append(mail.heading(t("mail.expiring", lang)))
    text.append(t("mail.expiring", lang))
    if digest.expiring:
        header = [t(f"partners.{k}", lang) for k in ("partner", "kind", "expires", "days_left")]
        html.append(mail.table(header, digest.expiring, numeric=(3,)))
        text.append(mail.text_table(digest.expiring))
    else:
        html.append(mail.paragraph(t("mail.none_expiring", lang, days=EXPIRY_DAYS), muted=True))
        text.append(t("mail.none_expiring", lang, days=EXPIRY_DAYS))
    text.append("")

    if images:
        html.append(mail.heading(t("mail.charts", lang)))
        html += [mail.image(i.cid, i.alt) for i in images]
    if base_url:
        suffix = pick("", "?lang=zh", lang)
        html.append(mail.link(f"{base_url}/{suffix}", t("mail.open_dashboard", lang)))
        html.append(mail.link(f"{base_url}/partners{suffix}", t("mail.open_partners", lang)))
        text += [f"{t('mail.open_dashboard', lang)}: {base_url}/{suffix}"]
        text += [f"{t('mail.open_partners', lang)}: {base_url}/partners{suffix}", ""]
    signature = t("mail.digest_signature", lang, org=org, date=digest.today.isoformat())
    html.append(mail.paragraph(signature, muted=True))
    text += ["-- ", signature]
    return mail.build(
        sender=sender,
        to=to,
        subject=subject(digest, org),
        html="".join(html),
        text="\n".join(text) + "\n",
        lang=lang,
        images=images,
    )
