"""``coopdash remind`` against a real SMTP server: each owner warned once per threshold, never twice,
and nothing recorded when the server fails."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from dashboard.batches.importer import import_path
from dashboard.store import accounts
from dashboard.store.store import Store
from tests.support.owners import EXPECTED, FALLBACK, with_owners
from tests.support.smtp import SmtpServer, free_port

SAMPLE_TODAY = "2026-11-25"


@pytest.fixture
def owned(cli, db_url, tmp_path, smtp):
    """The sample with owners imported (in this process: the tests are about ``remind``), "today"
    its day, mail going to the test server."""
    store = Store(db_url)
    assert import_path(store, with_owners(tmp_path / "owned.xlsx")).status == "committed"
    store.engine.dispose()
    cli.env |= {
        "COOPDASH_TODAY": SAMPLE_TODAY,
        "COOPDASH_SMTP_URL": smtp.url,
        "COOPDASH_BASE_URL": "https://coop.example.edu",
    }
    return cli


def _html(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()  # type: ignore[union-attr]


def _text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def _by_recipient(smtp: SmtpServer) -> dict[str, EmailMessage]:
    found = {}
    for mail in smtp.received:
        assert len(mail.recipients) == 1, mail.recipients
        found[mail.recipients[0]] = mail.message
    return found


def test_each_owner_gets_one_mail_naming_their_expiring_agreements(owned, smtp, db_url):
    done = owned("remind", "--to", FALLBACK)
    assert done.returncode == 0, done.stderr
    mails = _by_recipient(smtp)
    assert set(mails) == set(EXPECTED)
    for recipient, partners in EXPECTED.items():
        message = mails[recipient]
        assert message["To"] == recipient and message["From"] == "coopdash@example.edu"
        for partner in partners:
            assert partner in message["Subject"] and partner in _html(message) and partner in _text(message)
        others = set().union(*EXPECTED.values()) - partners
        assert not any(other in message["Subject"] for other in others)
        assert "https://coop.example.edu/partners" in _html(message)
    assert "30-day notice" in _text(mails["li.wei@example.edu"])  # Selangor: 20 days left
    assert "7-day notice" in _text(mails[FALLBACK])  # Addis Ababa: 4 days left
    # Selangor's partnership has been quiet since 2024: listed for its owner, in the same mail
    assert "Dormant partnerships" in _html(mails["li.wei@example.edu"])
    audit = accounts.entries(Store(db_url), action="mail_sent")
    assert sorted(e["detail"]["to"][0] for e in audit) == sorted(EXPECTED)
    assert all(e["detail"]["kind"] == "reminder" and e["detail"]["agreements"] for e in audit)


def test_a_second_run_sends_nothing_new_until_the_next_threshold_is_reached(owned, smtp):
    assert owned("remind", "--to", FALLBACK).returncode == 0
    smtp.clear()
    again = owned("remind", "--to", FALLBACK)
    assert again.returncode == 0 and smtp.received == []
    assert "Nothing due" in again.stdout

    owned.env["COOPDASH_TODAY"] = "2026-12-10"  # 15 days on: three agreements reach a tighter threshold
    assert owned("remind", "--to", FALLBACK).returncode == 0
    reached = {r: m for r, m in _by_recipient(smtp).items()}
    assert set(reached) == {"li.wei@example.edu", "zhang.san@example.edu", "wang.fang@example.edu"}
    assert "7-day notice" in _text(reached["li.wei@example.edu"])  # Selangor: 5 days left
    assert "30-day notice" in _text(reached["zhang.san@example.edu"])  # Karachi: 30 days left
    smtp.clear()
    assert owned("remind", "--to", FALLBACK).returncode == 0 and smtp.received == []


def test_reminders_in_chinese_arrive_readable(owned, smtp):
    assert owned("remind", "--to", FALLBACK, "--lang", "zh").returncode == 0
    message = _by_recipient(smtp)["li.wei@example.edu"]
    assert message["Subject"] == "coopdash：1 项协议即将到期——Selangor Institute of Technology"
    assert "您负责的以下协议即将到期" in _html(message) and "还有 20 天到期" in _text(message)
    assert message.get_body(("html",)).get_content_charset() == "utf-8"  # type: ignore[union-attr]
    assert "Microsoft YaHei" in _html(message) and 'lang="zh-CN"' in _html(message)


def test_a_dry_run_prints_the_mails_and_sends_and_records_nothing(owned, smtp, db_url):
    done = owned("remind", "--to", FALLBACK, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "To: li.wei@example.edu" in done.stdout and "Selangor Institute of Technology" in done.stdout
    assert smtp.received == [] and accounts.entries(Store(db_url), action="mail_sent") == []
    assert owned("remind", "--to", FALLBACK).returncode == 0 and len(smtp.received) == len(EXPECTED)


def test_a_refusing_server_exits_1_names_its_reply_and_records_nothing(owned, smtp, db_url):
    refusing = SmtpServer(refuse="550 5.1.1 No such mailbox here")
    try:
        owned.env["COOPDASH_SMTP_URL"] = refusing.url
        done = owned("remind", "--to", FALLBACK)
    finally:
        refusing.stop()
    assert done.returncode == 1
    assert f"smtp://127.0.0.1:{refusing.port}" in done.stderr and "550" in done.stderr
    assert "No such mailbox here" in done.stderr and "Traceback" not in done.stderr
    assert accounts.entries(Store(db_url), action="mail_sent") == []
    owned.env["COOPDASH_SMTP_URL"] = smtp.url  # the next run, with the server mended, sends them all
    assert owned("remind", "--to", FALLBACK).returncode == 0
    assert set(_by_recipient(smtp)) == set(EXPECTED)


def test_an_unreachable_server_exits_1_and_records_nothing(owned, smtp, db_url):
    owned.env["COOPDASH_SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}?from=coopdash@example.edu"
    done = owned("remind", "--to", FALLBACK)
    assert done.returncode == 1
    assert "refused the connection" in done.stderr and "Traceback" not in done.stderr
    assert accounts.entries(Store(db_url), action="mail_sent") == []
    owned.env["COOPDASH_SMTP_URL"] = smtp.url
    assert owned("remind", "--to", FALLBACK).returncode == 0 and len(smtp.received) == len(EXPECTED)


def test_agreements_nobody_owns_are_named_when_there_is_no_fallback(owned, smtp):
    done = owned("remind")
    assert done.returncode == 1
    assert "Addis Ababa Technical and Vocational College" in done.stderr and "COOPDASH_REMIND_TO" in done.stderr
    assert set(_by_recipient(smtp)) == set(EXPECTED) - {FALLBACK}  # the owned ones went all the same
    owned.env["COOPDASH_REMIND_TO"] = FALLBACK
    smtp.clear()
    assert owned("remind").returncode == 0
    assert set(_by_recipient(smtp)) == {FALLBACK}


def test_without_a_mail_server_setting_remind_says_what_to_set(owned):
    del owned.env["COOPDASH_SMTP_URL"]
    done = owned("remind", "--to", FALLBACK)
    assert done.returncode == 2 and "COOPDASH_SMTP_URL is not set" in done.stderr


def test_an_owner_that_is_no_email_address_is_rejected_with_where_and_how(cli, tmp_path):
    done = cli("import", with_owners(tmp_path / "bad.xlsx", bad="Li Wei"))
    assert done.returncode == 1
    assert "“Li Wei” is not an email address" in done.stdout and "name@example.edu" in done.stdout
    assert "Agreements" in done.stdout
