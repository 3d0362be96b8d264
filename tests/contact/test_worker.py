"""End to end: a real Celery worker on Redis retries the e-mails an SMTP server
refuses, with the backoff of every mail task, until they go; each goes once."""

import pytest
from celery.app import autoretry
from rtes_site.models import ContactMessage

from tests.digests_delivery.smtp import smtp_delivery
from tests.digests_delivery.worker import wait_for

from .conftest import CONTACT_EMAIL, MEMBER_EMAIL, contact_url, form_data

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def smtp(settings):
    with smtp_delivery(settings) as handler:
        yield handler


@pytest.fixture
def backoffs(monkeypatch):
    """The countdowns the task asks for, recorded; the retry runs at once."""
    asked = []

    def no_wait(factor, retries, maximum, full_jitter=False):
        asked.append((factor, retries, maximum, full_jitter))
        return 0

    monkeypatch.setattr(autoretry, "get_exponential_backoff_interval", no_wait)
    return asked


def test_refusals_are_retried_by_the_worker_until_sent(
    worker, smtp, backoffs, client, practice, member
):
    smtp.refuse_next = 2
    client.force_login(member)
    response = client.post(contact_url(practice), form_data())
    assert response.status_code == 302
    assert wait_for(
        lambda: ContactMessage.objects.filter(copy_sent_at__isnull=False).exists()
    )
    # Refused twice, accepted the third time; then the copy, once each.
    assert smtp.attempts == 4
    assert smtp.recipients() == sorted([CONTACT_EMAIL, MEMBER_EMAIL])
    # Exponential backoff with jitter, capped below the broker's visibility timeout.
    assert backoffs == [(60, 0, 1200, True), (60, 1, 1200, True)]
