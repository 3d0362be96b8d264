"""Asking for a member account: the page, the form, the e-mail to the team.

The e-mail goes through Celery (eager in tests); a mail server or broker that
fails leaves the request stored and pending, and the beat sweep sends it.
"""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from rtes_site import tasks
from rtes_site.models import MembershipRequest

pytestmark = pytest.mark.django_db
URL = "/devenir-membre/"


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.RTES_TEAM_EMAIL = "equipe@rtes.example"
    settings.WAGTAILADMIN_BASE_URL = "https://pratiques.rtes.example"


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """A client whose posts run what waits for the commit (the e-mail's task)."""

    class Committing:
        def __getattr__(self, name):
            return getattr(client, name)

        def post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(*args, **kwargs)

    return Committing()


def form_data(member_page, **overrides):
    return {
        "name": "Sacha Petit",
        "email": "sacha.petit@valdemarne.example",
        "territory": str(member_page.territory_id),
        "role": "Chargée de mission ESS",
        "message": "Je voudrais voir les contacts des fiches.",
        "website": "",
        **overrides,
    }


def test_page_explains_who_gets_an_account_and_how(client, territory):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Devenir membre</h1>" in html
    assert "Qui peut en avoir un" in html and "Comment l’obtenir" in html
    for name in ("name", "email", "territory", "role", "message"):
        assert f'name="{name}"' in html
    assert f'<option value="{territory.territory_id}">Val-de-Marne</option>' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_request_is_mailed_to_the_team_then_confirmed_in_french(
    client, territory, reviewer
):
    response = client.post(URL, form_data(territory))
    assert (response.status_code, response["Location"]) == (302, f"{URL}merci/")
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Demande envoyée</h1>" in page
    [message] = mail.outbox
    assert sorted(message.to) == ["equipe@rtes.example", "relecture@rtes.example"]
    assert message.reply_to == ["sacha.petit@valdemarne.example"]
    assert message.subject == "Demande de compte membre : Val-de-Marne"
    assert message.body.startswith("Bonjour,")
    for text in ("Sacha Petit", "Chargée de mission ESS", "voir les contacts"):
        assert text in message.body
    assert "https://pratiques.rtes.example/admin/users/new/" in message.body
    assert MembershipRequest.objects.get().sent_at is not None


def test_nothing_is_mailed_to_the_address_given(client, territory):
    client.post(URL, form_data(territory))
    assert all("sacha.petit@valdemarne.example" not in m.to for m in mail.outbox)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": ""}, "name"),
        ({"email": "pas-une-adresse"}, "email"),
        ({"territory": "999999"}, "territory"),
        ({"territory": "²"}, "territory"),
        ({"territory": "99999999999999999999999"}, "territory"),
        ({"role": ""}, "role"),
        ({"message": "x" * 2001}, "message"),
    ],
)
def test_bad_input_is_a_readable_error(client, territory, overrides, field):
    response = client.post(URL, form_data(territory, **overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html
    assert f'id="id_{field}-error"' in html
    assert 'aria-invalid="true"' in html
    assert not MembershipRequest.objects.exists() and not mail.outbox


def test_a_robot_filling_the_trap_is_thanked_and_ignored(client, territory):
    response = client.post(URL, form_data(territory, website="http://spam.example"))
    assert response["Location"] == "/devenir-membre/merci/"
    assert not MembershipRequest.objects.exists() and not mail.outbox


def test_mail_header_injection_is_impossible(client, territory):
    response = client.post(
        URL, form_data(territory, email="a@b.example\nBcc: victim@example.org")
    )
    assert response.status_code == 400
    assert not mail.outbox


def test_csrf_is_required():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {}).status_code == 403


def test_requests_are_rate_limited(client, territory, settings):
    settings.DIGESTS_RATE_LIMITS = {"ip": [(2, 3600)], "address": [(3, 3600)]}
    statuses = [client.post(URL, form_data(territory)).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert MembershipRequest.objects.count() == 2


def test_oversized_post_is_refused_unread(client, territory):
    response = client.post(URL, form_data(territory, message="x" * 40_000))
    assert response.status_code == 413


def test_smtp_failure_keeps_the_request_and_the_sweep_sends_it(client, territory):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPServerDisconnected("down"),
    ):
        response = client.post(URL, form_data(territory))
    assert response["Location"] == "/devenir-membre/merci/"
    request = MembershipRequest.objects.get()
    assert (request.sent_at, mail.outbox) == (None, [])
    # Past the grace period, beat's sweep sends it, once.
    MembershipRequest.objects.update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    tasks.send_pending_membership_requests()
    tasks.send_pending_membership_requests()
    assert len(mail.outbox) == 1
    assert MembershipRequest.objects.get().sent_at is not None


def test_broker_down_keeps_the_request_for_the_sweep(client, territory):
    with mock.patch.object(
        tasks.send_membership_request, "delay", side_effect=OSError("no broker")
    ):
        response = client.post(URL, form_data(territory))
    assert response.status_code == 302
    assert MembershipRequest.objects.get().sent_at is None


def test_a_sent_request_is_never_sent_again(client, territory):
    client.post(URL, form_data(territory))
    tasks.send_membership_request(MembershipRequest.objects.get().pk)
    assert len(mail.outbox) == 1


def test_old_handled_requests_are_deleted(client, territory):
    client.post(URL, form_data(territory))
    MembershipRequest.objects.update(
        sent_at=timezone.now() - datetime.timedelta(days=91)
    )
    tasks.send_pending_membership_requests()
    assert not MembershipRequest.objects.exists()


def test_english_page_and_confirmation(client, territory):
    html = client.get("/en/devenir-membre/").content.decode()
    assert "<h1>Become a member</h1>" in html
    response = client.post("/en/devenir-membre/", form_data(territory))
    assert response["Location"] == "/en/devenir-membre/merci/"
    assert "<h1>Request sent</h1>" in client.get(response["Location"]).content.decode()
    # The team reads French whatever the visitor's language.
    assert mail.outbox[0].subject == "Demande de compte membre : Val-de-Marne"


def test_members_group_exists_without_permissions(db):
    from django.contrib.auth.models import Group

    assert Group.objects.get(name="Membres").permissions.count() == 0
