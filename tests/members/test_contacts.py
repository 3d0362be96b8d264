"""Contacts: shown to the network's people on every page, hidden from the others.

The practice page and the territory page ask the same rule
(`rtes_site.members.may_see_contacts`); who is shown what is the same on both.
"""

import pytest
from django.urls import reverse

from .conftest import PRACTICE_EMAIL, TERRITORY_EMAIL

pytestmark = pytest.mark.django_db

PEOPLE_WHO_SEE = ["member", "editor", "reviewer", "staff"]
PEOPLE_WHO_DO_NOT = [None, "no_role"]


def pages(territory, practice) -> dict[str, tuple[str, str]]:
    return {
        "territory": (territory.url, TERRITORY_EMAIL),
        "practice": (practice.url, PRACTICE_EMAIL),
    }


def visit(client, request, who, url) -> str:
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("where", ["territory", "practice"])
@pytest.mark.parametrize("who", PEOPLE_WHO_SEE)
def test_the_networks_people_see_the_contact(
    client, request, territory, practice, who, where
):
    url, email = pages(territory, practice)[where]
    html = visit(client, request, who, url)
    if where == "practice":
        # A practice's address is never shown: they write to it through the site.
        assert "Camille Martin" in html and email not in html
        assert f'action="{reverse("contact_practice", args=[practice.pk])}"' in html
    else:
        assert f'href="mailto:{email}"' in html
    assert reverse("membership_request") not in html.split("<footer")[0]


@pytest.mark.parametrize("where", ["territory", "practice"])
@pytest.mark.parametrize("who", PEOPLE_WHO_DO_NOT)
def test_others_never_get_the_contact(client, request, territory, practice, who, where):
    url, email = pages(territory, practice)[where]
    html = visit(client, request, who, url)
    assert email not in html
    assert "Service ESS" not in html and "Camille Martin" not in html
    assert "Les coordonnées sont réservées aux membres du réseau." in html
    main = html.split("<footer")[0]
    assert reverse("membership_request") in main
    if who is None:
        assert f"{reverse('login')}?next={url}" in main


def test_anonymous_page_after_a_members_visit_has_no_contact(
    client, territory, practice, member
):
    """Nothing a member was shown is cached into the next visitor's page."""
    client.force_login(member)
    for url in (territory.url, practice.url):
        assert TERRITORY_EMAIL in client.get(territory.url).content.decode()
        client.get(url)
    client.logout()
    for url, email in pages(territory, practice).values():
        response = client.get(url)
        assert email not in response.content.decode()


def test_a_members_page_is_private_to_caches(client, territory, member):
    client.force_login(member)
    response = client.get(territory.url)
    assert "Cookie" in response.get("Vary", "")
    assert "public" not in response.get("Cache-Control", "")


def test_footer_offers_sign_in_and_membership_to_visitors(client, territory):
    footer = client.get(territory.url).content.decode().split("<footer")[1]
    assert f'href="{reverse("login")}"' in footer
    assert f'href="{reverse("membership_request")}"' in footer
    assert reverse("wagtailadmin_login") not in footer


def test_footer_of_a_member_signs_out_by_post_and_hides_the_admin(
    client, territory, member
):
    client.force_login(member)
    footer = client.get(territory.url).content.decode().split("<footer")[1]
    assert f'<form method="post" action="{reverse("logout")}"' in footer
    assert reverse("wagtailadmin_home") not in footer


def test_footer_of_an_editor_links_to_the_admin(client, territory, editor):
    client.force_login(editor)
    footer = client.get(territory.url).content.decode().split("<footer")[1]
    assert f'href="{reverse("wagtailadmin_home")}"' in footer
