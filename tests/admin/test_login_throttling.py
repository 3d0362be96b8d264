"""Wrong passwords block the admin sign-in for a while; the editorial team unblocks."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import editor_of

LOGIN = "/admin/login/"
PASSWORD = "un mot de passe assez long"


@pytest.fixture
def editor(territory_a, settings):
    settings.AXES_FAILURE_LIMIT = 5
    user = editor_of(territory_a, username="camille")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, password, username="camille", address="192.0.2.10"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def test_right_password_signs_in(client, editor):
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_right_password_after_too_many_wrong_ones_is_refused(client, editor):
    for _ in range(5):
        sign_in(client, "mauvais")
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion temporairement bloquée" in html
    assert "30 minutes" in html
    assert not signed_in(client)


def test_blocked_username_is_refused_from_another_address(client, editor):
    for _ in range(5):
        sign_in(client, "mauvais")
    assert sign_in(client, PASSWORD, address="198.51.100.7").status_code == 429


def test_fewer_wrong_passwords_are_forgiven_by_a_success(client, editor):
    for _ in range(4):
        sign_in(client, "mauvais")
    assert sign_in(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_editorial_team_unblocks(client, editor, editorial_user):
    for _ in range(5):
        sign_in(client, "mauvais")
    attempt = AccessAttempt.objects.get(username="camille")
    client.force_login(editorial_user)
    listing = client.get(reverse("blocked_signins:index"))
    assert "camille" in listing.content.decode()
    client.post(reverse("blocked_signins:delete", args=[attempt.pk]))
    client.logout()
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_territory_editor_cannot_unblock(client, editor, editor_a):
    for _ in range(5):
        sign_in(client, "mauvais")
    attempt = AccessAttempt.objects.get(username="camille")
    client.force_login(editor_a)
    client.post(reverse("blocked_signins:delete", args=[attempt.pk]))
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
