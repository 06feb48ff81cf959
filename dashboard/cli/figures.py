"""``coopdash metrics`` and ``check-figures``: the headline figures, and the published ones checked."""

from __future__ import annotations

import argparse
import json

from dashboard.cli.common import EXIT_OK, EXIT_REJECTED, iso_date, open_store
from dashboard.model.clock import end_of_day_utc
from dashboard.model.figures import HEADLINE
from dashboard.model.texts import t


def add_commands(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser("metrics", help="print the headline figures")
    sub.add_argument("--json", action="store_true")
    sub.add_argument("--lang", choices=("en", "zh"), default="en")
    sub.add_argument(
        "--on",
        type=iso_date,
        metavar="DATE",
        help="the figures on DATE: what had happened by then, by the records' own dates, e.g. 2023-05-05",
    )
    sub.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="as recorded on DATE: the figures as the database held them at the end of DATE (UTC), "
        "for restating an old report",
    )
    sub.set_defaults(run=_metrics)

    sub = commands.add_parser(
        "check-figures", help="check the published figures against the records; exit 1 on a disagreement"
    )
    sub.add_argument("--json", action="store_true")
    sub.add_argument("--lang", choices=("en", "zh"), default="en")
    sub.add_argument(
        "--as-of", type=iso_date, metavar="DATE", help="check against the database as it stood at the end of DATE (UTC)"
    )
    sub.set_defaults(run=_check_figures)


def _metrics(args: argparse.Namespace) -> int:
    from dashboard.analysis import metrics
    from dashboard.analysis.filters import Filters
    from dashboard.analysis.snapshot import snapshot
    from dashboard.analysis.view import View

    as_of = end_of_day_utc(args.as_of) if args.as_of else None
    view = View(Filters(on=args.on, as_of=args.as_of), snapshot(open_store(args), as_of=as_of))
    figures = metrics.headline(view.history, today=view.today)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        width = max(len(m.label(args.lang)) for m in HEADLINE)
        for metric in HEADLINE:
            print(f"{metric.label(args.lang):<{width}}  {figures[metric.key]:>6}")
    return EXIT_OK


def _check_figures(args: argparse.Namespace) -> int:
    from dashboard.analysis import published
    from dashboard.analysis.snapshot import load
    from dashboard.model import display

    as_of = end_of_day_utc(args.as_of) if args.as_of else None
    results = published.checks(load(open_store(args), as_of=as_of))
    if args.json:
        print(json.dumps([c.as_dict(args.lang) for c in results], indent=2, ensure_ascii=False))
    elif not results:
        print("No published figures: add them on a Published figures sheet and import it.")
    for check in [] if args.json else results:
        recorded = "nothing" if check.recorded is None else f"{display.number(check.recorded):,}"
        verdict = t("cli.agrees", args.lang) if check.agrees else t("cli.disagrees", args.lang, recorded=recorded)
        print(
            f"{'✓' if check.agrees else '✗'} {check.date}  {check.label(args.lang)} = "
            f"{display.number(check.published):,}  {verdict}\n    “{check.statement_in(args.lang)}”"
        )
    return EXIT_OK if all(c.agrees for c in results) else EXIT_REJECTED
