"""``coopdash remind`` and ``coopdash digest``: expiry reminders to owners, figures to leadership.

Both send through ``COOPDASH_SMTP_URL`` (:mod:`dashboard.notify.smtp`). A reminder is recorded as
sent only after the mail server accepted its mail, so a daily run from cron warns each owner
once per threshold; a run whose server fails exits 1 and the next run tries again. Every mail
sent is in the audit log.
"""

from __future__ import annotations

import argparse
import sys
from email.message import EmailMessage

from dashboard.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, open_store
from dashboard.config import MailServer, is_email, settings
from dashboard.model import clock


def add_commands(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "remind", help="mail each owner the agreements about to expire (once per threshold; for a daily cron job)"
    )
    sub.add_argument("--days", type=_days, default=90, help="remind of agreements expiring within DAYS (default 90)")
    sub.add_argument(
        "--thresholds",
        type=_thresholds,
        default=(90, 30, 7),
        metavar="DAYS,…",
        help="days before expiry at which to remind, each once (default 90,30,7)",
    )
    sub.add_argument(
        "--to",
        type=_addresses,
        metavar="ADDRESS[,ADDRESS…]",
        help="who gets the reminders of agreements with no owner (default: $COOPDASH_REMIND_TO)",
    )
    sub.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the mails")
    sub.add_argument("--dry-run", action="store_true", help="print what would be sent; send and record nothing")
    sub.set_defaults(run=_remind)

    sub = commands.add_parser("digest", help="mail the figures, what changed and what expires next, with charts")
    sub.add_argument("--to", type=_addresses, required=True, metavar="ADDRESS[,ADDRESS…]", help="who gets the digest")
    sub.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the digest")
    sub.add_argument("--period", choices=("week", "month"), default="week", help="the period it covers")
    sub.add_argument("--no-charts", action="store_true", help="leave the charts out (no Chromium needed)")
    sub.add_argument("--dry-run", action="store_true", help="print the digest's text; send nothing")
    sub.set_defaults(run=_digest)


def _days(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 3650:
        raise argparse.ArgumentTypeError(f"not a number of days from 0 to 3650: {text!r}")
    return int(text)


def _thresholds(text: str) -> tuple[int, ...]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        raise argparse.ArgumentTypeError(f"not days separated by commas, such as 90,30,7: {text!r}")
    return tuple(sorted({int(p) for p in parts}, reverse=True))


def _addresses(text: str) -> tuple[str, ...]:
    addresses = tuple(a.strip() for a in text.split(",") if a.strip())
    wrong = [a for a in addresses if not is_email(a)]
    if not addresses or wrong:
        raise argparse.ArgumentTypeError(
            f"not an email address: {', '.join(wrong) or repr(text)} "
            "(write name@example.edu; several separated by commas)"
        )
    return addresses


def _server() -> MailServer:
    server = settings().mail
    if server is None:
        raise UsageError(
            "COOPDASH_SMTP_URL is not set: give the mail server, such as "
            "COOPDASH_SMTP_URL='smtp://user:password@mail.example.edu:587?starttls=1&from=coopdash@example.edu' "
            "(or use --dry-run to see what would be sent)"
        )
    return server


def _remind(args: argparse.Namespace) -> int:
    from dashboard.analysis.snapshot import load
    from dashboard.notify import reminders
    from dashboard.store import reminders as sent_store

    config = settings()
    store = open_store(args)
    today = clock.today()
    records = load(store)
    due = reminders.due(records, today, args.days, args.thresholds, sent_store.sent_keys(store))
    fallback = args.to or config.remind_to
    mails = reminders.mails(due, reminders.dormant(records, today), fallback)
    nobody = reminders.unaddressed(due, fallback)
    if not due:
        print(f"Nothing due: no reminder to send today ({today}) for agreements expiring within {args.days} days.")
        return EXIT_OK
    org = config.org(args.lang) or "coopdash"
    if args.dry_run:
        print(f"Dry run: {len(mails)} mail(s) would be sent; nothing is sent or recorded.")
        for each in mails:
            print(f"\nTo: {', '.join(each.to)}\nSubject: {reminders.subject(each, org, args.lang)}")
            for r in each.reminders:
                print(
                    f"  {r.partner} · {r.kind} signed {r.signed_on} · expires {r.expires_on} ({r.days_left} days) "
                    f"· {r.threshold}-day notice"
                )
            for d in each.dormant:
                print(f"  dormant: {d.partner} (last activity {d.last_activity or 'none recorded'})")
        _report_nobody(nobody)
        return EXIT_REJECTED if nobody else EXIT_OK
    server = _server()
    messages: list[tuple[reminders.Mail, EmailMessage]] = [
        (each, reminders.message(each, sender=server.sender, org=org, lang=args.lang, base_url=config.base_url))
        for each in mails
    ]
    of_message = {id(m): each for each, m in messages}
    sent = []

    def record(message: EmailMessage) -> None:
        each = of_message[id(message)]
        sent_store.record_mail(
            store,
            user="cli",
            kind="reminder",
            recipients=list(each.to),
            subject=str(message["Subject"]),
            reminders=[r.sent(", ".join(each.to)) for r in each.reminders],
        )
        sent.append(each)

    from dashboard.notify.smtp import MailError, send

    try:
        send(server, [m for _, m in messages], record)
    except MailError as error:
        print(f"coopdash: {error}", file=sys.stderr)
        unsent = len(messages) - len(sent)
        print(
            f"coopdash: {unsent} of {len(messages)} reminder mail(s) not sent; they are not recorded, "
            "so the next run tries them again.",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    for each in sent:
        names = "; ".join(f"{r.partner} ({r.threshold}-day notice)" for r in each.reminders)
        print(f"Sent to {', '.join(each.to)}: {names}")
    _report_nobody(nobody)
    return EXIT_REJECTED if nobody else EXIT_OK


def _report_nobody(nobody: list) -> None:
    if not nobody:
        return
    names = "; ".join(f"{r.partner} ({r.kind}, expires {r.expires_on})" for r in nobody)
    print(
        f"coopdash: {len(nobody)} reminder(s) have nobody to go to: {names}. Give the agreement or its partner an "
        "owner (the Owner column), or pass --to ADDRESS, or set COOPDASH_REMIND_TO.",
        file=sys.stderr,
    )


def _digest(args: argparse.Namespace) -> int:
    from dashboard.analysis.snapshot import load
    from dashboard.notify import digest
    from dashboard.store import reminders as sent_store

    config = settings()
    server = None if args.dry_run else _server()
    store = open_store(args)
    today = clock.today()
    content = digest.content(load(store), today, args.period, args.lang)
    images = [] if args.no_charts or args.dry_run else digest.charts(store, args.lang, today)
    message = digest.message(
        content,
        images,
        sender=server.sender if server else "coopdash@localhost",
        to=args.to,
        org=config.org(args.lang) or "coopdash",
        base_url=config.base_url,
    )
    if server is None:
        print(f"Dry run: nothing sent.\nTo: {', '.join(args.to)}\nSubject: {message['Subject']}\n")
        print(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
        return EXIT_OK
    from dashboard.notify.smtp import MailError, send

    def record(sent: EmailMessage) -> None:
        sent_store.record_mail(store, user="cli", kind="digest", recipients=list(args.to), subject=str(sent["Subject"]))

    try:
        send(server, [message], record)
    except MailError as error:
        print(f"coopdash: {error}; the digest was not sent.", file=sys.stderr)
        return EXIT_REJECTED
    print(f"Sent the digest to {', '.join(args.to)}: {message['Subject']} ({len(images)} chart(s)).")
    return EXIT_OK
