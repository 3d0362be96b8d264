"""A real SMTP server for the tests (aiosmtpd), recording what it accepted."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    """Accepts messages (250) unless told to refuse or to hang.

    A message counts as delivered only once the server answered 250 to its DATA:
    that is when SMTP hands responsibility to the server.
    """

    def __init__(self):
        self.accepted: list[EmailMessage] = []
        self.refuse_next = 0  # refuse this many messages...
        self.refusal = "451 4.3.0 Try again later"  # ...with this answer
        self.hang_after: int | None = None  # block the message after this many
        self.hanging = threading.Event()  # set while a message hangs
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.attempts = 0

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        with self.lock:
            self.attempts += 1
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return self.refusal
            hang = self.hang_after is not None and len(self.accepted) >= self.hang_after
        if hang:
            self.hanging.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Aborted"
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.lock:
            self.accepted.append(message)
        return "250 2.0.0 OK"

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(m["X-Envelope-To"] for m in self.accepted)


class SmtpServer:
    def __init__(self):
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.handler.release.set()
        self.controller.stop()


@contextmanager
def smtp_delivery(settings) -> Iterator[RecordingHandler]:
    """Django's SMTP backend sending to a local server for the time of the block;
    the server's handler records and refuses as told."""
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 10
        yield server.handler
