"""What the admin side shows to the outside: one admin, no third-party avatars."""

import pytest
from django.contrib.sessions.models import Session


@pytest.mark.parametrize("path", ["/django-admin/", "/django-admin/login/"])
def test_there_is_no_django_admin_beside_wagtails(client, home, path):
    assert client.get(path).status_code == 404


def test_admin_pages_load_no_avatar_from_gravatar(client, as_editor_a):
    for path in ("/admin/", "/admin/account/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "gravatar.com" not in response.content.decode(), path


def test_signing_out_takes_a_post_and_ends_the_server_session(client, as_editor_a):
    session_key = client.session.session_key
    response = client.get("/admin/logout/")
    assert response.status_code == 405
    assert "sessionid" not in response.cookies  # the browser keeps its session
    assert client.get("/admin/").status_code == 200  # and it is still valid

    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    client.cookies["sessionid"] = session_key  # replaying the old cookie
    assert client.get("/admin/").status_code == 302
