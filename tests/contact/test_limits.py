"""Limits per member, per member and practice, per practice, in 24 hours: over
them, a French message in the form (429) and nothing stored or sent."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from rtes_site.models import ContactMessage

from tests.factories import practice as make_practice

from .conftest import CONTACT_EMAIL, contact_url, form_data, make_member

pytestmark = pytest.mark.django_db


def send(client, page) -> int:
    return client.post(contact_url(page), form_data()).status_code


def test_one_member_to_one_practice(client, practice, member, settings):
    settings.RTES_CONTACT_LIMITS = {"sender_practice": 2}
    client.force_login(member)
    assert [send(client, practice) for _ in range(3)] == [302, 302, 429]
    response = client.post(contact_url(practice), form_data())
    html = response.content.decode()
    assert "Vous avez déjà écrit 2 fois à ce contact ces dernières 24 heures." in html
    assert 'id="error-summary"' in html and 'name="contact-body"' in html
    assert ContactMessage.objects.count() == 2
    assert len(mail.outbox) == 4  # two messages, two copies


def test_one_member_to_every_practice(client, territory, member, settings):
    settings.RTES_CONTACT_LIMITS = {"sender": 3, "sender_practice": 5}
    pages = [make_practice(territory, contact_email=CONTACT_EMAIL) for _ in range(4)]
    client.force_login(member)
    assert [send(client, page) for page in pages] == [302, 302, 302, 429]
    html = client.post(contact_url(pages[3]), form_data()).content.decode()
    assert "Vous avez déjà envoyé 3 messages ces dernières 24 heures" in html
    assert ContactMessage.objects.count() == 3


def test_one_practice_from_every_member(client, practice, settings):
    settings.RTES_CONTACT_LIMITS = {"practice": 2}
    statuses = []
    for n in range(3):
        client.force_login(make_member(f"membre{n}", f"membre{n}@example.org"))
        statuses.append(send(client, practice))
    assert statuses == [302, 302, 429]
    assert "Ce contact a reçu beaucoup de messages aujourd’hui." in (
        client.post(contact_url(practice), form_data()).content.decode()
    )
    assert ContactMessage.objects.count() == 2


def test_the_limits_apply_to_the_last_24_hours(client, practice, member, settings):
    settings.RTES_CONTACT_LIMITS = {"sender_practice": 1}
    client.force_login(member)
    assert send(client, practice) == 302
    assert send(client, practice) == 429
    ContactMessage.objects.update(
        created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1)
    )
    assert send(client, practice) == 302


def test_other_members_are_not_held_back_by_one(client, practice, member, settings):
    settings.RTES_CONTACT_LIMITS = {"sender": 1}
    client.force_login(member)
    assert [send(client, practice), send(client, practice)] == [302, 429]
    client.force_login(make_member("autre", "autre@example.org"))
    assert send(client, practice) == 302


def test_the_limits_combine(client, territory, member):
    """Five messages a day per member, two per member and practice (conftest)."""
    pages = [make_practice(territory, contact_email=CONTACT_EMAIL) for _ in range(3)]
    client.force_login(member)
    assert [send(client, pages[0]) for _ in range(3)] == [302, 302, 429]
    assert [send(client, page) for page in pages[1:]] == [302, 302]
    assert send(client, pages[2]) == 302
    assert send(client, pages[1]) == 429  # the sixth: the member's daily limit
    assert ContactMessage.objects.count() == 5
