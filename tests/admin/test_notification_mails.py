"""Wagtail's moderation e-mails: French greeting, links on WAGTAILADMIN_BASE_URL.

The workflow runs through the admin views (submit, then approve or request
changes); the test reads what was sent in `mail.outbox`.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from tests.factories import practice

from .helpers import edit_practice, latest

BASE_URL = "https://pratiques.rtes.example"
URL = re.compile(r"https?://[^\s\"<>]+")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture
def named_users(editor_a, editorial_user):
    editor_a.first_name, editor_a.last_name = "Camille", "Martin"
    editor_a.save()
    editorial_user.first_name = "Dominique"
    editorial_user.save()
    return editor_a, editorial_user


def submit_then(client, territory_a, editor_a, editorial_user, action):
    page = practice(territory_a, live=False, title="Fiche soumise")
    client.force_login(editor_a)
    edit_practice(client, page, action="submit")
    client.force_login(editorial_user)
    task_state = latest(page).current_workflow_task_state
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, action, task_state.pk],
        ),
        {"comment": "Relu."},
    )
    return latest(page)


def bodies(message) -> list[str]:
    html = [content for content, kind in getattr(message, "alternatives", [])]
    return [message.body, *html]


def test_the_site_record_still_says_localhost(home):
    """The situation the templates work around: Wagtail's full_url is useless."""
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)


def test_approval_mail_links_to_the_page_on_the_base_url(
    client, territory_a, named_users
):
    editor, reviewer = named_users
    page = submit_then(client, territory_a, editor, reviewer, "approve")
    assert page.live
    to_editor = [m for m in mail.outbox if m.to == [editor.email]]
    approved = [m for m in to_editor if "approuvée" in m.subject or "approuv" in m.body]
    assert approved, [m.subject for m in mail.outbox]
    links = {url for m in approved for body in bodies(m) for url in URL.findall(body)}
    assert f"{BASE_URL}{page.url}" in links
    assert all(url.startswith(BASE_URL) for url in links), links


def test_every_moderation_mail_opens_with_bonjour_and_uses_the_base_url(
    client, territory_a, named_users
):
    editor, reviewer = named_users
    submit_then(client, territory_a, editor, reviewer, "approve")
    submit_then_reject = practice(territory_a, live=False, title="Autre fiche")
    client.force_login(editor)
    edit_practice(client, submit_then_reject, action="submit")
    assert len(mail.outbox) >= 3
    for message in mail.outbox:
        for body in bodies(message):
            text = re.sub(r"<[^>]+>", " ", body)
            assert "Salut" not in text
            assert re.search(r"Bonjour (Camille Martin|Dominique|\w+),", text), text
            for url in URL.findall(body):
                if "w3.org" in url:  # the HTML doctype
                    continue
                assert url.startswith(BASE_URL), url
    greetings = {re.search(r"Bonjour ([^,]+),", m.body).group(1) for m in mail.outbox}
    assert {"Camille Martin", "Dominique"} <= greetings


def test_english_greeting_when_the_interface_is_english(territory_a, named_users):
    from django.template.loader import render_to_string

    editor, _ = named_users
    with translation.override("en"):
        text = render_to_string("wagtailadmin/notifications/base.txt", {"user": editor})
    assert "Hello Camille Martin," in text
