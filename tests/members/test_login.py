"""The members' sign-in page: the site's own, throttled like the admin's."""

import pytest
from django.urls import reverse

from .conftest import TERRITORY_EMAIL

pytestmark = pytest.mark.django_db
PASSWORD = "un mot de passe assez long"


@pytest.fixture
def member_with_password(member, settings):
    settings.AXES_FAILURE_LIMIT = 3
    member.set_password(PASSWORD)
    member.save()
    return member


def sign_in(client, password, username="membre", address="192.0.2.20", **extra):
    return client.post(
        reverse("login"),
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=address,
    )


def test_login_page_is_the_sites_own_in_french(client, home):
    response = client.get("/connexion/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Connexion des membres</h1>" in html
    assert 'class="site-footer"' in html  # the site's frame, not the admin's
    assert "wagtailadmin" not in html.split("<footer")[0]
    assert 'href="/devenir-membre/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_member_signs_in_and_returns_to_the_page(
    client, territory, member_with_password
):
    response = sign_in(client, PASSWORD, next=territory.url)
    assert (response.status_code, response["Location"]) == (302, territory.url)
    assert TERRITORY_EMAIL in client.get(territory.url).content.decode()


def test_next_pointing_elsewhere_is_ignored(client, home, member_with_password):
    response = sign_in(client, PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/"


def test_wrong_password_says_so_in_french(client, home, member_with_password):
    response = sign_in(client, "mauvais")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in html
    assert 'role="alert"' in html


def test_too_many_wrong_passwords_block_the_sign_in(
    client, territory, member_with_password
):
    for _ in range(3):
        sign_in(client, "mauvais")
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert TERRITORY_EMAIL not in client.get(territory.url).content.decode()


def test_member_has_no_admin_access(client, home, member_with_password):
    sign_in(client, PASSWORD)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_sign_out_is_by_post_only(client, territory, member):
    client.force_login(member)
    assert client.get(reverse("logout")).status_code == 405
    assert TERRITORY_EMAIL in client.get(territory.url).content.decode()
    response = client.post(reverse("logout"))
    assert (response.status_code, response["Location"]) == (302, "/")
    assert TERRITORY_EMAIL not in client.get(territory.url).content.decode()


def test_sign_out_needs_the_csrf_token(territory, member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(reverse("logout")).status_code == 403


def test_english_login_page(client, home):
    html = client.get("/en/connexion/").content.decode()
    assert "<h1>Member sign-in</h1>" in html
    assert 'href="/en/devenir-membre/"' in html
