"""A member's message: the e-mail to the contact, the copy to the member, the
confirmation page, and the form's errors. Neither the copy nor any page gives
the contact's address."""

import pytest
from django.core import mail
from rtes_site.models import ContactMessage

from .conftest import (
    BASE_URL,
    CONTACT_EMAIL,
    MEMBER_EMAIL,
    contact_url,
    form_data,
    parsed,
    text_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def mails_by_recipient() -> dict[str, object]:
    return {parsed(m)["To"].addresses[0].addr_spec: parsed(m) for m in mail.outbox}


def test_the_message_reaches_the_contact_with_the_member_as_reply_to(
    signed_in, practice
):
    response = signed_in.post(contact_url(practice), form_data())
    assert (response.status_code, response["Location"]) == (
        302,
        contact_url(practice, "envoye/"),
    )
    to_contact = mails_by_recipient()[CONTACT_EMAIL]
    assert str(to_contact["To"]) == f"Camille Martin <{CONTACT_EMAIL}>"
    assert str(to_contact["Reply-To"]) == f"Sacha Petit <{MEMBER_EMAIL}>"
    assert to_contact["From"].addresses[0].addr_spec == "ne-pas-repondre@rtes.example"
    assert to_contact["Subject"] == "Message via le RTES : Vos clauses sociales"
    body = to_contact.get_content()
    assert body.startswith("Bonjour Camille Martin,")
    assert "Sacha Petit, membre du réseau RTES, vous écrit via le site" in body
    assert "« Clauses sociales »" in body
    assert f"{BASE_URL}{practice.url}" in body
    assert "comment avez-vous formé les acheteurs ?" in body
    assert "répondez à ce courriel" in body
    message = ContactMessage.objects.get()
    assert message.sent_at is not None and message.copy_sent_at is not None


def test_the_member_gets_a_copy_without_the_contacts_address(signed_in, practice):
    signed_in.post(contact_url(practice), form_data())
    assert len(mail.outbox) == 2
    copy = mails_by_recipient()[MEMBER_EMAIL]
    assert str(copy["To"]) == f"Sacha Petit <{MEMBER_EMAIL}>"
    assert copy["Subject"] == "Copie de votre message : Vos clauses sociales"
    assert copy["Reply-To"] is None
    body = copy.get_content()
    assert "à Camille Martin, contact de la fiche « Clauses sociales »" in body
    assert "comment avez-vous formé les acheteurs ?" in body
    assert "Son adresse ne vous est pas communiquée" in body
    assert CONTACT_EMAIL not in text_of(copy)
    assert "camille.martin@" not in text_of(copy)


def test_the_confirmation_is_in_french_and_gives_no_address(signed_in, practice):
    response = signed_in.post(contact_url(practice), form_data())
    page = signed_in.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Message envoyé</h1>" in html
    assert "Votre message part par e-mail vers Camille Martin" in html
    assert f"Une copie vous est envoyée à {MEMBER_EMAIL}" in html
    assert f'href="{practice.url}">Retour à la fiche</a>' in html
    assert CONTACT_EMAIL not in html


def test_the_copy_follows_the_senders_language(signed_in, practice):
    response = signed_in.post("/en" + contact_url(practice), form_data())
    assert response["Location"] == "/en" + contact_url(practice, "envoye/")
    by_recipient = mails_by_recipient()
    assert by_recipient[MEMBER_EMAIL]["Subject"] == "Copy of your message: " + (
        "Vos clauses sociales"
    )
    # Territory staff read French, whatever the sender's language.
    assert by_recipient[CONTACT_EMAIL]["Subject"].startswith("Message via le RTES")


def test_a_contact_without_a_name_is_greeted_plainly(signed_in, territory):
    from tests.factories import practice as make_practice

    page = make_practice(territory, title="Sans nom", contact_email=CONTACT_EMAIL)
    signed_in.post(contact_url(page), form_data())
    to_contact = mails_by_recipient()[CONTACT_EMAIL]
    assert to_contact["To"].addresses[0].display_name == ""
    assert to_contact.get_content().startswith("Bonjour,")
    assert "au contact de la fiche « Sans nom »" in (
        mails_by_recipient()[MEMBER_EMAIL].get_content()
    )


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"contact-subject": ""}, "subject", "Champ requis."),
        ({"contact-subject": "   "}, "subject", "Champ requis."),
        ({"contact-body": ""}, "body", "Champ requis."),
        ({"contact-body": " \n\t "}, "body", "Champ requis."),
        ({"contact-body": "x" * 10_000}, "body", "au plus 5000 caractères"),
        ({"contact-subject": "x" * 151}, "subject", "au plus 150 caractères"),
        (
            {"contact-body": "nul \x00 caractère"},
            "body",
            "Le caractère nul n’est pas autorisé.",
        ),
    ],
)
def test_bad_input_is_a_french_error_in_the_form(
    signed_in, practice, overrides, field, message
):
    response = signed_in.post(contact_url(practice), form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'role="alert" tabindex="-1" autofocus id="error-summary"' in html
    assert f'href="#id_contact-{field}"' in html
    assert f'id="id_contact-{field}-error"' in html
    assert f'aria-describedby="id_contact-{field}' in html
    assert 'aria-invalid="true"' in html
    assert "<title>Erreur – " in html
    assert CONTACT_EMAIL not in html
    assert not ContactMessage.objects.exists() and not mail.outbox


def test_what_was_typed_is_kept_on_error(signed_in, practice):
    response = signed_in.post(
        contact_url(practice), form_data(**{"contact-body": "x" * 5001})
    )
    assert "Vos clauses sociales" in response.content.decode()


def test_no_field_at_all_is_a_form_error(signed_in, practice):
    assert signed_in.post(contact_url(practice), {}).status_code == 400


def test_a_huge_post_is_refused_unread(signed_in, practice):
    response = signed_in.post(
        contact_url(practice), form_data(**{"contact-body": "é" * 60_000})
    )
    assert response.status_code == 413
    assert "Rien n’a été envoyé." in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_a_subject_cannot_inject_headers(signed_in, practice):
    response = signed_in.post(
        contact_url(practice),
        form_data(**{"contact-subject": "Bonjour\r\nBcc: victime@example.org"}),
    )
    assert response.status_code == 302
    for message in mail.outbox:
        assert parsed(message)["Bcc"] is None
        assert all("victime" not in address for address in message.recipients())
    assert ContactMessage.objects.get().subject == "Bonjour Bcc: victime@example.org"


def test_a_name_with_commas_and_quotes_stays_one_reply_to(signed_in, practice, member):
    member.first_name, member.last_name = 'Sacha "le', 'grand", Petit'
    member.save()
    signed_in.post(contact_url(practice), form_data())
    reply_to = mails_by_recipient()[CONTACT_EMAIL]["Reply-To"]
    assert [a.addr_spec for a in reply_to.addresses] == [MEMBER_EMAIL]
