"""Sending mail through the server ``COOPDASH_SMTP_URL`` names (:class:`~dashboard.config.MailServer`).

One connection carries every mail of a run. Whatever goes wrong — the server unreachable, a
refused sign-in, a refused recipient — is a :class:`MailError` naming the server and what it
said, never a traceback; mails the server accepted before are reported as sent.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterable
from email.message import EmailMessage

from dashboard.config import MailServer

TIMEOUT = 30  # seconds for the server to answer


class MailError(Exception):
    """The mail server could not take a mail; the message names the server and its reply."""


def _reply(error: BaseException) -> str:
    """What the server said, or what stopped us reaching it, in a line."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{who}: {code} {_text(said)}" for who, (code, said) in error.recipients.items())
        return f"refused the recipients ({refused})"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"answered {error.smtp_code} {_text(error.smtp_error)}"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return f"closed the connection ({error or 'no reason given'})"
    if isinstance(error, ssl.SSLError):
        return f"failed the TLS handshake ({error.reason or error})"
    if isinstance(error, ConnectionRefusedError):
        return "refused the connection (is the host and port right, and the server running?)"
    if isinstance(error, TimeoutError):
        return f"did not answer within {TIMEOUT} s"
    if isinstance(error, OSError):
        return f"could not be reached ({error.strerror or error})"
    return str(error)


def _text(said: bytes | str) -> str:
    return (said.decode(errors="replace") if isinstance(said, bytes) else str(said)).replace("\n", " ").strip()


def send(server: MailServer, messages: Iterable[EmailMessage], on_sent: Callable[[EmailMessage], None]) -> None:
    """Send ``messages`` over one connection, calling ``on_sent`` as the server accepts each one.
    Raises :class:`MailError` at the first failure (the later ones are not sent)."""
    try:
        with _connect(server) as client:
            for message in messages:
                client.send_message(message)
                on_sent(message)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"the mail server {server} {_reply(error)}") from None


def _connect(server: MailServer) -> smtplib.SMTP:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if server.tls:
        client = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=context)
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
    try:
        client.ehlo()
        if server.starttls:
            client.starttls(context=context)
            client.ehlo()
        if server.user:
            client.login(server.user, server.password or "")
    except BaseException:
        client.close()
        raise
    return client
