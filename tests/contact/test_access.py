"""Who may write to a practice's contact, and where the form is: only the
network's people; the others read how to become a member. The address is in no
page, whoever reads it."""

import pytest
from django.core import mail
from django.test import Client
from rtes_site.models import ContactMessage

from tests.factories import practice as make_practice

from .conftest import CONTACT_EMAIL, contact_url, form_data

pytestmark = pytest.mark.django_db


def html_for(client, url, user=None, status=200) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_a_member_finds_the_form_on_the_practice_page(client, practice, member):
    html = html_for(client, practice.url, member)
    assert f'action="{contact_url(practice)}"' in html
    assert 'id="contact-form-title">Écrire à ce contact</h3>' in html
    assert '<label for="id_contact-subject">Objet</label>' in html
    assert '<label for="id_contact-body">Message</label>' in html
    assert 'aria-describedby="id_contact-body-hint"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    # Name and role, never the address.
    assert "Camille Martin" in html and "Chargée de mission ESS" in html
    assert CONTACT_EMAIL not in html and "mailto:camille" not in html


def test_the_form_page_and_its_english_version(client, practice, member):
    html = html_for(client, contact_url(practice), member)
    assert '<h1 id="contact-form-title">Écrire au contact d’une fiche</h1>' in html
    assert f'href="{practice.url}">Clauses sociales</a>' in html
    assert CONTACT_EMAIL not in html
    english = html_for(client, "/en" + contact_url(practice))
    assert "Write to the contact of a practice" in english
    assert CONTACT_EMAIL not in english


@pytest.mark.parametrize("who", [None, "no_role"])
def test_others_see_how_to_become_a_member_instead(client, request, practice, who):
    user = request.getfixturevalue(who) if who else None
    for url in (practice.url, contact_url(practice)):
        html = html_for(client, url, user)
        main = html.split("<footer")[0]
        assert 'name="contact-body"' not in main
        assert "Les coordonnées sont réservées aux membres du réseau." in main
        assert 'href="/devenir-membre/"' in main
        if who is None:
            assert f'href="/connexion/?next={url}"' in main
        assert CONTACT_EMAIL not in html and "Camille Martin" not in html


@pytest.mark.parametrize("who", [None, "no_role"])
def test_others_cannot_post(client, request, practice, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(contact_url(practice), form_data())
    assert response.status_code == 403
    assert "Les coordonnées sont réservées aux membres du réseau." in (
        response.content.decode()
    )
    assert not ContactMessage.objects.exists() and not mail.outbox


def test_an_editor_and_the_editorial_team_may_write(client, practice, editor, reviewer):
    for user in (editor, reviewer):
        html = html_for(client, practice.url, user)
        assert 'name="contact-body"' in html and CONTACT_EMAIL not in html


def test_a_practice_without_contact_address_has_no_form(client, territory, member):
    page = make_practice(territory, contact_name="Dominique", contact_email="")
    html = html_for(client, page.url, member)
    assert "Dominique" in html
    assert "contact-body" not in html and contact_url(page) not in html
    assert "Cette fiche n’a pas de contact" in html_for(
        client, contact_url(page), status=404
    )
    response = client.post(contact_url(page), form_data())
    assert response.status_code == 404
    assert not ContactMessage.objects.exists()


def test_anonymous_visitors_are_invited_only_where_there_is_an_address(
    client, territory, practice
):
    invitation = "Les membres du réseau peuvent écrire au contact de cette fiche"
    assert invitation in html_for(client, practice.url)
    page = make_practice(territory, contact_email="")
    assert invitation not in html_for(client, page.url)


@pytest.mark.parametrize("page_id", ["999999", "99999999999999999999999", "0"])
def test_a_missing_practice_is_a_404(client, member, practice, page_id):
    client.force_login(member)
    url = f"/pratiques/{page_id}/contacter/"
    assert client.get(url).status_code == 404
    assert client.post(url, form_data()).status_code == 404
    assert client.get(url + "envoye/").status_code == 404


def test_an_unpublished_practice_or_another_page_is_a_404(
    client, territory, practice, member
):
    draft = make_practice(territory, live=False, contact_email=CONTACT_EMAIL)
    client.force_login(member)
    for page in (draft, territory):
        assert client.get(contact_url(page)).status_code == 404
        assert client.post(contact_url(page), form_data()).status_code == 404
    assert not ContactMessage.objects.exists()


def test_a_member_without_an_address_is_told_why_there_is_no_form(
    client, practice, member
):
    member.email = ""
    member.save()
    html = html_for(client, practice.url, member)
    assert "Votre compte n’a pas d’adresse e-mail" in html
    assert 'name="contact-body"' not in html
    assert client.post(contact_url(practice), form_data()).status_code == 409
    assert not ContactMessage.objects.exists()


def test_csrf_is_required(practice, member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(contact_url(practice), form_data()).status_code == 403
    assert not ContactMessage.objects.exists()


def test_only_get_and_post(client, practice, member):
    client.force_login(member)
    assert client.put(contact_url(practice)).status_code == 405
    assert client.post(contact_url(practice, "envoye/")).status_code == 405


def test_the_confirmation_is_for_members(client, practice):
    response = client.get(contact_url(practice, "envoye/"))
    assert response["Location"] == contact_url(practice)
