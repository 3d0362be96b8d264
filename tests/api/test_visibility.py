"""Only live, public content; never a contact; never a draft."""

import json

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import practice

from .conftest import json_of

pytestmark = pytest.mark.django_db

SECRETS = ("Camille Secret", "camille.secret@example.org", "Chargée de mission cachée")


def every_answer(client, subject, network) -> str:
    paths = [
        "/api/v1/practices",
        f"/api/v1/practices/{subject.pk}",
        "/api/v1/territories?member=true",
        f"/api/v1/territories/{network.departement_page.territory_id}",
    ]
    return " ".join(client.get(path).content.decode() for path in paths)


def test_no_contact_of_a_practice_or_a_member(client, network, subject):
    page = network.departement_page
    page.contact_name, page.contact_email = "Dominique Cachée", "dom@example.org"
    page.contact_phone = "01 23 45 67 89"
    page.save_revision().publish()
    text = every_answer(client, subject, network)
    for secret in (*SECRETS, "Dominique Cachée", "dom@example.org", "01 23 45 67 89"):
        assert secret not in text
    document = json.dumps(client.get("/api/v1/openapi.json").json()).lower()
    for field in ("contact_", "email", "e-mail", "phone"):
        assert field not in document


def test_a_draft_is_absent(client, network):
    draft = practice(network.commune_page, live=False, title="Brouillon secret")
    assert client.get(f"/api/v1/practices/{draft.pk}").status_code == 404
    body = json_of(client.get("/api/v1/practices"))
    assert draft.pk not in [hit["id"] for hit in body["results"]]


def test_unpublished_changes_are_not_served(client, subject):
    subject.title = "Titre pas encore publié"
    subject.save_revision()
    body = json_of(client.get(f"/api/v1/practices/{subject.pk}"))
    assert body["title"] == "Des clauses sociales dans les marchés"


def test_an_unpublished_practice_is_gone(client, subject):
    subject.unpublish()
    response = client.get(f"/api/v1/practices/{subject.pk}")
    assert response.status_code == 404
    assert json_of(response)["error"] == "not_found"


def test_a_private_practice_is_absent(client, network, subject):
    PageViewRestriction.objects.create(
        page=subject, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(f"/api/v1/practices/{subject.pk}").status_code == 404


def test_a_private_member_page_is_not_shown(client, network):
    PageViewRestriction.objects.create(
        page=network.commune_page, restriction_type=PageViewRestriction.LOGIN
    )
    rennes = json_of(client.get("/api/v1/territories?code=35238"))["results"][0]
    assert rennes["member"] is None
