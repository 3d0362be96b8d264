"""Never lost: SMTP refusals are retried by the task, what is still unsent waits
for beat's sweep, and each of the two e-mails goes once. Through a real SMTP
server (aiosmtpd)."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rtes_site import tasks
from rtes_site.models import ContactMessage

from tests.digests_delivery.smtp import smtp_delivery

from .conftest import CONTACT_EMAIL, MEMBER_EMAIL, contact_url, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def smtp(settings):
    with smtp_delivery(settings) as handler:
        yield handler


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def after_the_grace_period():
    ContactMessage.objects.update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )


def test_a_server_refusing_everything_keeps_the_message_for_the_sweep(
    smtp, signed_in, practice
):
    smtp.refuse_next = 1000
    response = signed_in.post(contact_url(practice), form_data())
    # The member is told it is on its way: it is stored, and will go.
    assert response["Location"] == contact_url(practice, "envoye/")
    message = ContactMessage.objects.get()
    assert (message.sent_at, message.copy_sent_at, smtp.accepted) == (None, None, [])
    smtp.refuse_next = 0
    tasks.send_pending_contact_messages()
    assert smtp.accepted == []  # within the grace period, the task's own retries
    after_the_grace_period()
    tasks.send_pending_contact_messages()
    tasks.send_pending_contact_messages()
    assert smtp.recipients() == sorted([CONTACT_EMAIL, MEMBER_EMAIL])
    message.refresh_from_db()
    assert message.sent_at and message.copy_sent_at


def test_a_server_that_is_down_keeps_the_message(signed_in, practice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    settings.EMAIL_TIMEOUT = 2
    response = signed_in.post(contact_url(practice), form_data())
    assert response.status_code == 302
    assert ContactMessage.objects.get().sent_at is None
    after_the_grace_period()
    tasks.send_pending_contact_messages()  # still down: nothing lost, no error
    assert ContactMessage.objects.get().sent_at is None


def test_a_refused_copy_is_retried_without_sending_the_message_again(
    smtp, signed_in, practice
):
    accept = smtp.handle_DATA
    refuse_copies = {"on": True}

    async def handle_DATA(server, session, envelope):
        if refuse_copies["on"] and MEMBER_EMAIL in envelope.rcpt_tos:
            return "451 4.3.0 Mailbox busy"
        return await accept(server, session, envelope)

    smtp.handle_DATA = handle_DATA
    signed_in.post(contact_url(practice), form_data())
    message = ContactMessage.objects.get()
    assert message.sent_at is not None and message.copy_sent_at is None
    assert smtp.recipients() == [CONTACT_EMAIL]
    refuse_copies["on"] = False
    after_the_grace_period()
    tasks.send_pending_contact_messages()
    assert smtp.recipients() == sorted([CONTACT_EMAIL, MEMBER_EMAIL])
    message.refresh_from_db()
    assert message.copy_sent_at is not None


def test_a_broker_that_is_down_leaves_the_message_to_the_sweep(
    smtp, signed_in, practice
):
    with mock.patch.object(
        tasks.send_contact_message, "delay", side_effect=OSError("no broker")
    ):
        response = signed_in.post(contact_url(practice), form_data())
    assert response.status_code == 302
    assert smtp.accepted == []
    after_the_grace_period()
    tasks.send_pending_contact_messages()
    assert smtp.recipients() == sorted([CONTACT_EMAIL, MEMBER_EMAIL])


def test_a_sent_message_is_never_sent_again(smtp, signed_in, practice):
    signed_in.post(contact_url(practice), form_data())
    after_the_grace_period()
    tasks.send_contact_message(ContactMessage.objects.get().pk)
    tasks.send_pending_contact_messages()
    assert len(smtp.accepted) == 2


def test_the_contents_are_emptied_a_month_after_sending(smtp, signed_in, practice):
    signed_in.post(contact_url(practice), form_data())
    long_ago = timezone.now() - datetime.timedelta(days=31)
    ContactMessage.objects.update(
        created_at=long_ago, sent_at=long_ago, copy_sent_at=long_ago
    )
    tasks.send_pending_contact_messages()
    message = ContactMessage.objects.get()  # kept, for the counts
    assert (message.subject, message.body) == ("", "")
    assert message.practice_id == practice.pk


def test_unsent_messages_keep_their_contents(signed_in, practice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    settings.EMAIL_TIMEOUT = 2
    signed_in.post(contact_url(practice), form_data())
    ContactMessage.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    tasks.send_pending_contact_messages()
    assert ContactMessage.objects.get().body.startswith("Bonjour")


def test_a_deleted_senders_message_is_not_sent(smtp, signed_in, practice, member):
    smtp.refuse_next = 1000
    signed_in.post(contact_url(practice), form_data())
    get_user_model().objects.filter(pk=member.pk).delete()
    smtp.refuse_next = 0
    after_the_grace_period()
    tasks.send_pending_contact_messages()
    assert smtp.accepted == []
    assert ContactMessage.objects.get().sender is None  # still counted
