"""Every COOPDASH_* setting is checked at start, and a bad one is named in words."""

import re

import pytest

from dashboard.config import SettingError, settings
from tests.support.paths import ROOT


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("COOPDASH_TODAY", "30/06/2026", "YYYY-MM-DD"),
        ("COOPDASH_PUBLIC_VIEW", "maybe", "1 (on) or 0 (off)"),
        ("COOPDASH_MAX_UPLOAD_MB", "twenty", "a number"),
        ("COOPDASH_MAX_UPLOAD_MB", "-5", "a number from"),
        ("COOPDASH_TRUSTED_PROXIES", "nginx.local", "addresses or networks"),
        ("COOPDASH_EMBED_ORIGINS", "https://a.example/page", "origins such as"),
        ("COOPDASH_SECRET_KEY", "short", "at least 32"),
        ("COOPDASH_SESSION_IDLE_MINUTES", "1.5", "a whole number"),
        ("COOPDASH_ALLOWED_HOSTS", "a.example/x", "host names"),
        ("COOPDASH_REPORT_PAPER", "A3", "one of a4, letter"),
        ("COOPDASH_ORG_NAME", "x" * 121, "at most 120 characters"),
        ("COOPDASH_ORG_NAME_ZH", "<b>大学</b>", "without < or >"),
        ("COOPDASH_SMTP_URL", "mail.example.edu:587", "smtp://[user:password@]host"),
        ("COOPDASH_SMTP_URL", "smtp://mail.example.edu?starttls=perhaps", "?starttls=1 (on)"),
        ("COOPDASH_SMTP_URL", "smtps://mail.example.edu?starttls=1&from=a@example.edu", "TLS from the start"),
        ("COOPDASH_SMTP_URL", "smtp://mail.example.edu", "COOPDASH_MAIL_FROM"),  # no From address anywhere
        ("COOPDASH_REMIND_TO", "the office", "email addresses such as"),
        ("COOPDASH_BASE_URL", "coopdash.example.edu", "the dashboard's address"),
        ("COOPDASH_CACHE_URL", "memcached://127.0.0.1:11211", "a Redis server's URL"),
        ("COOPDASH_PUBLIC_MAX_AGE", "a minute", "a whole number"),
        ("COOPDASH_LEAVE_CONNECTIONS_SECONDS", "120", "a number from 0 to 60"),
    ],
)
def test_a_bad_setting_is_refused_naming_the_variable(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingError) as refused:
        settings()
    assert name in str(refused.value) and words in str(refused.value)
    assert "short" not in str(refused.value) or name != "COOPDASH_SECRET_KEY"  # a secret is never echoed


def test_the_smtp_url_gives_the_server_the_sign_in_and_the_from_address(monkeypatch):
    monkeypatch.setenv("COOPDASH_SMTP_URL", "smtp://coopdash%40example.edu:p%40ss:w@mail.example.edu:587?starttls=1")
    mail = settings().mail
    assert (mail.host, mail.port, mail.tls, mail.starttls) == ("mail.example.edu", 587, False, True)
    assert (mail.user, mail.password, mail.sender) == ("coopdash@example.edu", "p@ss:w", "coopdash@example.edu")
    monkeypatch.setenv("COOPDASH_SMTP_URL", "smtps://u:secret@mail.example.edu")
    monkeypatch.setenv("COOPDASH_MAIL_FROM", "noreply@example.edu")
    mail = settings().mail
    assert (mail.port, mail.tls, mail.sender, str(mail)) == (
        465,
        True,
        "noreply@example.edu",
        "smtps://mail.example.edu:465",
    )
    monkeypatch.setenv("COOPDASH_SMTP_URL", "ftp://u:secret@mail.example.edu")
    with pytest.raises(SettingError) as refused:
        settings()
    assert "secret" not in str(refused.value)  # a password is never echoed


def test_the_cli_stops_with_exit_2_on_a_bad_setting(cli, monkeypatch):
    cli.env["COOPDASH_MAX_UPLOAD_MB"] = "lots"
    done = cli("metrics")
    assert done.returncode == 2
    assert "COOPDASH_MAX_UPLOAD_MB='lots' is not valid" in done.stderr and "Traceback" not in done.stderr


def test_loopback_serving_answers_only_loopback_host_names(monkeypatch):
    monkeypatch.delenv("COOPDASH_ALLOWED_HOSTS", raising=False)
    assert settings().hosts_for("127.0.0.1") == ("localhost", "127.0.0.1", "[::1]")
    monkeypatch.setenv("COOPDASH_ALLOWED_HOSTS", "dash.example.edu, localhost")
    assert settings().hosts_for("0.0.0.0") == ("dash.example.edu", "localhost")


def test_only_the_config_module_reads_the_environment():
    """Every COOPDASH_* setting has one home: no other module reads (or hands on) the environment."""
    config = ROOT / "dashboard" / "config.py"
    readers = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "dashboard").rglob("*.py")
        if path != config and re.search(r"os\.environ|os\.getenv|environ\.get", path.read_text(encoding="utf-8"))
    ]
    assert readers == []


def test_the_institution_is_named_in_each_language_with_a_fallback(monkeypatch):
    for name in ("COOPDASH_ORG_NAME", "COOPDASH_ORG_NAME_ZH", "COOPDASH_REPORT_PAPER"):
        monkeypatch.delenv(name, raising=False)
    assert (settings().org("en"), settings().org("zh"), settings().paper) == (None, None, (842, 595))
    monkeypatch.setenv("COOPDASH_ORG_NAME", "  Example   Polytechnic ")
    monkeypatch.setenv("COOPDASH_REPORT_PAPER", "Letter")
    assert (settings().org("en"), settings().org("zh"), settings().paper) == ("Example Polytechnic",) * 2 + (
        (792, 612),
    )
    monkeypatch.setenv("COOPDASH_ORG_NAME_ZH", "示例职业技术大学")
    assert settings().org("zh") == "示例职业技术大学" and settings().org("en") == "Example Polytechnic"
