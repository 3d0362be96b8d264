"""When the mail server is down or refuses: a clear 503 page, never a 500."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller

from digests.models import Subscriber


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Refuser:
    """An SMTP server that refuses every recipient (550)."""

    def __init__(self):
        self.attempts = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.attempts += 1
        return "550 mailbox unavailable"


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return settings


def assert_mail_failed_page(response):
    assert response.status_code == 503
    assert "/abonnements/" in response.content.decode()


def test_mail_server_down(client, followable, smtp, caplog):
    smtp.EMAIL_PORT = free_port()  # nothing listens there
    response = client.post(
        "/abonnements/", {"email": "kim@example.org", "themes": ["insertion"]}
    )
    assert_mail_failed_page(response)
    assert "kim@" not in caplog.text
    assert not Subscriber.objects.exists()  # nothing half-written
    # Trying again once the server is back works.
    smtp.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    again = client.post(
        "/abonnements/", {"email": "kim@example.org", "themes": ["insertion"]}
    )
    assert again.status_code == 302
    assert Subscriber.objects.get().subscriptions.count() == 1


def test_mail_server_refuses(client, followable, smtp):
    refuser = Refuser()
    controller = Controller(refuser, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        smtp.EMAIL_PORT = controller.port
        Subscriber.objects.create(email="kim@example.org")
        for path, data in (
            ("/abonnements/", {"email": "kim@example.org", "themes": ["insertion"]}),
            ("/abonnements/lien/", {"email": "kim@example.org"}),
        ):
            assert_mail_failed_page(client.post(path, data))
        assert refuser.attempts == 2  # the real server was asked, and said no
    finally:
        controller.stop()


def test_failure_composing_the_confirmation_writes_nothing(
    client, followable, monkeypatch
):
    def broken(subscription):
        raise RuntimeError("label could not be rendered")

    monkeypatch.setattr("digests.subscription_emails.describe", broken)
    client.raise_request_exception = False
    response = client.post(
        "/abonnements/", {"email": "kim@example.org", "themes": ["insertion"]}
    )
    assert response.status_code == 500
    assert not Subscriber.objects.exists()
