"""Every ``COOPDASH_*`` setting, read and checked in one place.

A setting comes from the environment. :func:`settings` reads them all, checks each, and
raises :class:`SettingError` naming the variable, the value and what it should be, so a
server refuses to start on a typo instead of running with a default nobody chose.
``coopdash serve`` and :func:`dashboard.web.app.create_app` call it before anything else.

Two settings every request asks for are read alone, without a pass over the whole environment:
``COOPDASH_TODAY`` (:func:`today_setting`) and ``COOPDASH_CACHE_URL`` (:func:`cache_setting`),
checked the same way. The one other use of the environment is handing it on to a program the
process starts (:func:`environment`).

The values are read again whenever the environment changes (a test's ``monkeypatch``), and
otherwise come from a cache: reading them is cheap enough for every request.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PREFIX = "COOPDASH_"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
ASSETS = Path(__file__).resolve().parent / "web" / "assets"
"""The files the web app serves, installed with the package (scripts/fetch_assets.sh adds the map and style)."""
TOPOJSON_ASSETS = ASSETS / "topojson"
"""The world maps' topojson: served to browsers, and read by the image exports."""
TEST_PAUSE_IN_COMMIT = f"{PREFIX}TEST_PAUSE_IN_COMMIT"
"""A setting for the crash tests only (tests/batches/test_crash.py), never for a real server:
with ``COOPDASH_TEST_PAUSE_IN_COMMIT=PATH`` an import writes its process id to PATH and waits
with its transaction open (:func:`dashboard.batches.importer._pause_for_crash_test`)."""


PAPERS = {"a4": (842, 595), "letter": (792, 612)}
"""The report's paper sizes, landscape, in PDF points (1/72 inch): COOPDASH_REPORT_PAPER."""
ORG_NAME_LENGTH = 120
EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\].]{2,}")
"""An email address, as the owner column and the mail settings take it: one ``local@domain.tld``."""


def is_email(text: str) -> bool:
    return bool(EMAIL.fullmatch(text)) and ".." not in text


@dataclass(frozen=True, slots=True)
class MailServer:
    """Where mail goes: ``COOPDASH_SMTP_URL``, read (see :func:`_mail_server`)."""

    host: str
    port: int
    tls: bool  # smtps://: TLS from the start
    starttls: bool  # smtp://…?starttls=1: plain, then upgraded
    user: str | None
    password: str | None
    sender: str  # the From address

    def __str__(self) -> str:
        return f"{'smtps' if self.tls else 'smtp'}://{self.host}:{self.port}"


class SettingError(ValueError):
    """A ``COOPDASH_*`` variable holds something it cannot mean; the message says which and why."""

    def __init__(self, name: str, value: str, wanted: str) -> None:
        super().__init__(f"{PREFIX}{name}={value!r} is not valid: {wanted}")
        self.name = PREFIX + name


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str | None  # COOPDASH_DATABASE_URL: any SQLAlchemy URL; None → the SQLite file
    today: dt.date | None  # COOPDASH_TODAY: fix "today" (a server under test, a restated report)
    public_view: bool | None  # COOPDASH_PUBLIC_VIEW: None → on only when serving on a loopback address
    secret_key: str | None  # COOPDASH_SECRET_KEY: None → instance/secret_key, made once
    https: bool  # COOPDASH_HTTPS: served over HTTPS (secure cookies, HSTS)
    max_upload_mb: float  # COOPDASH_MAX_UPLOAD_MB
    embed_origins: tuple[str, ...]  # COOPDASH_EMBED_ORIGINS: sites that may frame /public
    allowed_hosts: tuple[str, ...] | None  # COOPDASH_ALLOWED_HOSTS: None → by the address served on
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]  # COOPDASH_TRUSTED_PROXIES
    session_idle_minutes: int  # COOPDASH_SESSION_IDLE_MINUTES: a session unused this long ends
    session_hours: float  # COOPDASH_SESSION_HOURS: a session ends this long after sign-in, used or not
    leave_connections_seconds: float  # COOPDASH_LEAVE_CONNECTIONS_SECONDS: see web.serving.FairThreadWorker
    org_name: str | None = None  # COOPDASH_ORG_NAME: the institution, in English (source lines, report covers)
    org_name_zh: str | None = None  # COOPDASH_ORG_NAME_ZH: the institution, in Chinese
    report_paper: str = "a4"  # COOPDASH_REPORT_PAPER: a4 or letter, landscape (the PDF report)
    mail: MailServer | None = None  # COOPDASH_SMTP_URL (and COOPDASH_MAIL_FROM): None → no mail is sent
    remind_to: tuple[str, ...] = ()  # COOPDASH_REMIND_TO: who is reminded of an agreement with no owner
    base_url: str | None = None  # COOPDASH_BASE_URL: the dashboard's address, for links in mails and feeds
    cache_url: str | None = None  # COOPDASH_CACHE_URL: a folder, or redis://…; None → instance/cache
    publish_dir: Path | None = None  # COOPDASH_PUBLISH_DIR: the public site, written again after each commit
    public_max_age: int = 60  # COOPDASH_PUBLIC_MAX_AGE: seconds a proxy or browser may reuse the public page
    test_pause_in_commit: Path | None = None  # TEST_PAUSE_IN_COMMIT: for the crash tests only

    def org(self, lang: str) -> str | None:
        """The institution's name in ``lang``: in Chinese the Chinese name, else the English one;
        in English the English name only (None: say "international office records" alone)."""
        names = {"zh": self.org_name_zh or self.org_name}  # config sits below model: no i18n.pick here
        return names.get(lang, self.org_name)

    @property
    def paper(self) -> tuple[int, int]:
        """The report's page, landscape: width and height in PDF points."""
        return PAPERS[self.report_paper]

    def hosts_for(self, bind: str) -> tuple[str, ...]:
        """The Host names the server answers, serving on address ``bind``: the setting, else the
        loopback names, the machine's own names and the address served on. Never any name by
        default: a page whose name an attacker points at this machine (DNS rebinding) gets 400."""
        if self.allowed_hosts is not None:
            return self.allowed_hosts
        names = list(LOOPBACK_HOSTS)
        if not is_loopback(bind):
            names += [socket.gethostname().lower(), socket.getfqdn().lower()]
        if not _unspecified(bind):
            names.append(f"[{bind.strip('[]')}]" if ":" in bind else bind.lower())
        return tuple(dict.fromkeys(names))

    def public_view_for(self, bind: str) -> bool:
        """May people read the dashboard without signing in? The setting, else only when served on
        a loopback address with no proxy in front (behind one, everyone looks local)."""
        if self.public_view is not None:
            return self.public_view
        return is_loopback(bind) and not self.trusted_proxies


def is_loopback(host: str) -> bool:
    """Is ``host`` (a bind address or name) this machine alone: 127.0.0.0/8, ::1, localhost?"""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def settings() -> Settings:
    """The settings of this process, checked (:class:`SettingError` for a bad one)."""
    return _parse(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(PREFIX))))


def today_setting() -> dt.date | None:
    """``COOPDASH_TODAY`` alone (:attr:`Settings.today`): every figure asks for it, and reading it
    should not cost a pass over the whole environment."""
    return _today(os.environ.get(PREFIX + "TODAY", ""))


def cache_setting() -> str | None:
    """``COOPDASH_CACHE_URL`` alone (:attr:`Settings.cache_url`): every use of the shared cache asks."""
    return _cache_url({"CACHE_URL": os.environ.get(PREFIX + "CACHE_URL", "").strip()}, "CACHE_URL")


@lru_cache(maxsize=8)
def _today(value: str) -> dt.date | None:
    return _date({"TODAY": value.strip()}, "TODAY")


@lru_cache(maxsize=8)
def _parse(items: tuple[tuple[str, str], ...]) -> Settings:
    env = {k.removeprefix(PREFIX): v.strip() for k, v in items}
    return Settings(
        database_url=env.get("DATABASE_URL") or None,
        today=_date(env, "TODAY"),
        public_view=_flag(env, "PUBLIC_VIEW"),
        secret_key=_secret(env, "SECRET_KEY"),
        https=bool(_flag(env, "HTTPS")),
        max_upload_mb=_number(env, "MAX_UPLOAD_MB", 20, low=0.001, high=2048),
        embed_origins=_origins(env, "EMBED_ORIGINS"),
        allowed_hosts=_hosts(env, "ALLOWED_HOSTS"),
        trusted_proxies=_networks(env, "TRUSTED_PROXIES"),
        session_idle_minutes=int(_number(env, "SESSION_IDLE_MINUTES", 60, low=1, high=24 * 60, whole=True)),
        session_hours=_number(env, "SESSION_HOURS", 8, low=0.1, high=24 * 30),
        leave_connections_seconds=_number(env, "LEAVE_CONNECTIONS_SECONDS", 0.1, low=0, high=60),
        org_name=_name(env, "ORG_NAME"),
        org_name_zh=_name(env, "ORG_NAME_ZH"),
        report_paper=_choice(env, "REPORT_PAPER", tuple(PAPERS)),
        mail=_mail_server(env),
        remind_to=_addresses(env, "REMIND_TO"),
        base_url=_base_url(env, "BASE_URL"),
        cache_url=_cache_url(env, "CACHE_URL"),
        publish_dir=Path(env["PUBLISH_DIR"]).expanduser() if env.get("PUBLISH_DIR") else None,
        public_max_age=int(_number(env, "PUBLIC_MAX_AGE", 60, low=0, high=86400, whole=True)),
        test_pause_in_commit=Path(env["TEST_PAUSE_IN_COMMIT"]) if env.get("TEST_PAUSE_IN_COMMIT") else None,
    )


def environment(extra: Mapping[str, object]) -> dict[str, str]:
    """The environment for a program this process starts (``pg_dump``, say): this process's own,
    with ``extra`` added (a missing or empty value is left out)."""
    return os.environ | {name: str(value) for name, value in extra.items() if value}


def _flag(env: dict[str, str], name: str) -> bool | None:
    value = env.get(name, "")
    if not value:
        return None
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingError(name, value, "use 1 (on) or 0 (off)")


def _date(env: dict[str, str], name: str) -> dt.date | None:
    value = env.get(name, "")
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise SettingError(name, value, "a date written YYYY-MM-DD, such as 2026-06-30") from None


def _number(env: dict[str, str], name: str, default: float, *, low: float, high: float, whole: bool = False) -> float:
    value = env.get(name, "")
    if not value:
        return default
    try:
        number = int(value) if whole else float(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        kind = "a whole number" if whole else "a number"
        raise SettingError(name, value, f"{kind} from {low:g} to {high:g}")
    return number


def _name(env: dict[str, str], name: str) -> str | None:
    value = " ".join(env.get(name, "").split())  # one line, single spaces
    if len(value) > ORG_NAME_LENGTH or any(not c.isprintable() for c in value) or any(c in value for c in "<>"):
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise SettingError(
            name, shown, f"the institution's name on one line, at most {ORG_NAME_LENGTH} characters, without < or >"
        )
    return value or None


def _choice(env: dict[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, "")
    if not value:
        return allowed[0]
    if value.lower() not in allowed:
        raise SettingError(name, value, f"one of {', '.join(allowed)}")
    return value.lower()


def _secret(env: dict[str, str], name: str) -> str | None:
    value = env.get(name, "")
    if value and len(value) < 32:
        raise SettingError(
            name, "…", "at least 32 random characters (python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    return value or None


def _origins(env: dict[str, str], name: str) -> tuple[str, ...]:
    origins = tuple(env.get(name, "").split())
    for origin in origins:
        scheme, _, rest = origin.partition("://")
        if scheme not in ("http", "https") or not rest or "/" in rest or any(c in rest for c in "'\";, "):
            raise SettingError(name, origin, "origins such as https://www.example.edu, separated by spaces")
    return origins


def _hosts(env: dict[str, str], name: str) -> tuple[str, ...] | None:
    value = env.get(name, "")
    if not value:
        return None
    hosts = tuple(h.lower() for h in value.replace(",", " ").split())
    for host in hosts:
        if host != "*" and not _host_name(host):
            raise SettingError(
                name, value, "host names such as dashboard.example.edu or [::1], without ports, separated by commas"
            )
    return hosts


def _host_name(host: str) -> bool:
    """A name as a Host header carries it, less its port: letters, digits, dots and hyphens, or an
    IPv6 address in brackets."""
    if host.startswith("["):
        try:
            return host.endswith("]") and bool(ipaddress.IPv6Address(host[1:-1]))
        except ValueError:
            return False
    return bool(host) and all(c.isalnum() or c in ".-" for c in host) and not host.startswith((".", "-"))


def _networks(env: dict[str, str], name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    value = env.get(name, "")
    networks = []
    for part in value.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingError(name, value, "addresses or networks such as 127.0.0.1, 10.0.0.0/24") from None
    return tuple(networks)


SMTP_PORTS = {"smtp": 25, "smtps": 465}


def _mail_server(env: dict[str, str]) -> MailServer | None:
    """``COOPDASH_SMTP_URL``: ``smtp://[USER:PASSWORD@]HOST[:PORT][?starttls=1][&from=ADDRESS]``, or
    ``smtps://`` for TLS from the start (port 465); user and password percent-encoded. The From
    address: ``from=``, else ``COOPDASH_MAIL_FROM``, else the user when it is an address."""
    from urllib.parse import parse_qs, unquote, urlsplit

    value = env.get("SMTP_URL", "")
    if not value:
        return None
    shown = re.sub(r"(//[^:/@]*:)[^@]*@", r"\1…@", value)  # never print the password
    wanted = "smtp://[user:password@]host[:port][?starttls=1&from=address] or smtps://…, e.g. smtp://mail.example.edu:587?starttls=1"
    try:
        url = urlsplit(value)
        port = url.port
    except ValueError:
        raise SettingError("SMTP_URL", shown, wanted) from None
    query = {k: v[-1] for k, v in parse_qs(url.query).items()}
    if (
        url.scheme not in SMTP_PORTS
        or not url.hostname
        or (url.path not in ("", "/"))
        or set(query) - {"starttls", "from"}
    ):
        raise SettingError("SMTP_URL", shown, wanted)
    try:
        starttls = _flag(query, "starttls")
    except SettingError:
        raise SettingError("SMTP_URL", shown, "?starttls=1 (on) or ?starttls=0 (off)") from None
    if url.scheme == "smtps" and starttls:
        raise SettingError("SMTP_URL", shown, "smtps:// is TLS from the start: drop ?starttls, or use smtp://")
    user = unquote(url.username) if url.username else None
    sender = query.get("from") or env.get("MAIL_FROM") or (user if user and is_email(user) else "")
    if not sender:
        raise SettingError(
            "MAIL_FROM",
            "",
            "the address mails are sent from, such as coopdash@example.edu (or from= in COOPDASH_SMTP_URL)",
        )
    if not is_email(sender):
        raise SettingError("MAIL_FROM", sender, "one email address, such as coopdash@example.edu")
    return MailServer(
        host=url.hostname,
        port=port or SMTP_PORTS[url.scheme],
        tls=url.scheme == "smtps",
        starttls=bool(starttls),
        user=user,
        password=unquote(url.password) if url.password is not None else None,
        sender=sender,
    )


def _addresses(env: dict[str, str], name: str) -> tuple[str, ...]:
    addresses = tuple(a for a in env.get(name, "").replace(";", ",").replace(" ", ",").split(",") if a)
    for address in addresses:
        if not is_email(address):
            raise SettingError(name, address, "email addresses such as intl.office@example.edu, separated by commas")
    return addresses


def _base_url(env: dict[str, str], name: str) -> str | None:
    value = env.get(name, "")
    if not value:
        return None
    scheme, _, rest = value.partition("://")
    if scheme not in ("http", "https") or not rest or any(c.isspace() or c in "'\"<>" for c in rest):
        raise SettingError(name, value, "the dashboard's address as people open it, such as https://coop.example.edu")
    return value.rstrip("/")


CACHE_SCHEMES = ("redis://", "rediss://", "unix://")


def _cache_url(env: dict[str, str], name: str) -> str | None:
    """A Redis server's URL, or a folder (any path without a scheme)."""
    value = env.get(name, "")
    if not value:
        return None
    if "://" in value and not value.startswith(CACHE_SCHEMES):
        raise SettingError(name, value, "a folder, or a Redis server's URL such as redis://127.0.0.1:6379/0")
    return value
