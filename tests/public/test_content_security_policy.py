"""Every page carries a Content-Security-Policy: this site's own resources only."""

import re

import pytest
from django.urls import reverse

from tests.factories import editor_of, member_page


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def third_party(policy: dict) -> list[str]:
    """Sources naming another origin (any scheme://host, or a bare host)."""
    allowed = {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:"}
    return [
        value
        for values in policy.values()
        for value in values
        if value not in allowed and not value.startswith("'nonce-")
    ]


@pytest.mark.parametrize("path", ["/", "/recherche/", "/abonnements/"])
def test_public_pages_allow_no_inline_script_and_no_other_origin(client, home, path):
    policy = directives(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert third_party(policy) == []


def test_public_templates_have_no_inline_script(client, home):
    html = client.get("/recherche/").content.decode()
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert scripts == []


def test_admin_allows_its_inline_scripts_from_this_site_only(client, home):
    client.force_login(editor_of(member_page()))
    response = client.get(reverse("wagtailadmin_home"))
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert not any(v.startswith("'nonce-") for v in policy["script-src"])
    assert third_party(policy) == []


def test_admin_login_page_has_the_policy(client, db):
    assert "Content-Security-Policy" in client.get("/admin/login/")
