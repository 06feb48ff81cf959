"""A real SMTP server for the tests (aiosmtpd), on a free loopback port: it keeps every mail it
accepts, or refuses each recipient with the reply it is given."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback port nothing listens on (bound and closed: the kernel does not hand it out again at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class _Handler:
    refuse: str | None = None  # e.g. "550 5.1.1 mailbox unavailable": every recipient is refused with it
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd on 127.0.0.1; ``url`` is the COOPDASH_SMTP_URL that reaches it."""

    def __init__(self, refuse: str | None = None) -> None:
        self.handler = _Handler(refuse)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?from=coopdash@example.edu"

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def clear(self) -> None:
        self.handler.received.clear()

    def stop(self) -> None:
        self.controller.stop()
