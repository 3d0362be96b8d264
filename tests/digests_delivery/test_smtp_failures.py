"""SMTP failures: retried with backoff, then failed, visible, no address logged."""

import datetime as dt
import logging

import pytest
from django.utils import timezone

from digests.models import DigestDelivery
from digests.planning import plan_period
from digests.sending import send_pending
from tests.factories import practice

from .conftest import make_news_of, subscriber, this_period
from .smtp import smtp_delivery

pytestmark = pytest.mark.integration


@pytest.fixture
def smtp(settings):
    with smtp_delivery(settings) as handler:
        yield handler


@pytest.fixture
def planned(territory_page, theme):
    make_news_of(this_period(), practice(territory_page, themes=[theme]))
    subscriber("refused@example.org", theme=theme)
    plan_period(this_period())
    return DigestDelivery.objects.get()


def test_temporary_refusals_back_off_then_fail(smtp, planned, settings, caplog):
    settings.DIGEST_MAX_ATTEMPTS = 3  # the retry base is 60 s (conftest)
    smtp.refuse_next = 10
    smtp.refusal = "451 4.3.0 Mailbox of refused@example.org busy"
    delays = []
    with caplog.at_level(logging.DEBUG):
        for _ in range(3):
            report = send_pending()
            planned.refresh_from_db()
            if planned.not_before:
                delays.append(planned.not_before - timezone.now())
                # Time passes: the retry is due.
                DigestDelivery.objects.update(not_before=timezone.now())
    assert planned.status == "failed" and planned.attempts == 3
    assert report.failed == 1
    assert "451" in planned.last_error and "@" not in planned.last_error
    assert dt.timedelta(seconds=50) < delays[0] <= dt.timedelta(seconds=60)
    assert dt.timedelta(seconds=110) < delays[1] <= dt.timedelta(seconds=120)
    assert smtp.accepted == []
    # Everything the product logged (the test's SMTP server, "mail.log", aside).
    ours = [r.getMessage() for r in caplog.records if r.name != "mail.log"]
    assert any("Digest delivery" in line for line in ours)
    assert not any("refused@example.org" in line for line in ours)


def test_a_permanent_refusal_fails_at_once(smtp, planned):
    smtp.refuse_next = 1
    smtp.refusal = "550 5.1.1 No such user"
    report = send_pending()
    planned.refresh_from_db()
    assert (planned.status, planned.attempts, report.failed) == ("failed", 1, 1)
    assert "550" in planned.last_error


def test_a_server_that_is_down_keeps_the_digest_waiting(planned, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    settings.EMAIL_TIMEOUT = 2
    report = send_pending()
    planned.refresh_from_db()
    assert planned.status == "pending" and planned.not_before > timezone.now()
    assert report.retrying == 1 and report.sent == 0
