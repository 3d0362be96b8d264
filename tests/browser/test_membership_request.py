"""An anonymous visitor finds how to become a member from a practice's hidden
contact, and asks for an account, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from tests.factories import practice

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONTACT = "camille.martin@valdemarne.example"


def test_a_visitor_asks_for_a_member_account_from_a_practice(
    tab, search_site, settings
):
    cache.clear()  # rate-limit counters of earlier tests in this process
    mail.outbox = []
    settings.RTES_TEAM_EMAIL = "equipe@rtes.example"
    territory = search_site.practices["achats"].get_parent().specific
    page_with_contact = practice(
        territory,
        title="Une plateforme de l'emploi inclusif",
        contact_name="Camille Martin",
        contact_email=CONTACT,
    )
    page = tab.page

    tab.goto(page_with_contact.url)
    assert CONTACT not in page.content()
    page.get_by_role("link", name="Devenir membre").first.click()
    page.wait_for_url(re.compile(r"/devenir-membre/$"))

    page.fill("[name=name]", "Sacha Petit")
    page.fill("[name=email]", "sacha.petit@valdemarne.example")
    page.select_option("[name=territory]", str(territory.territory_id))
    page.fill("[name=role]", "Chargée de mission ESS")
    page.fill("[name=message]", "Je voudrais joindre les équipes des fiches.")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la demande").click()

    assert page.url.endswith("/devenir-membre/merci/")
    assert page.locator("h1").inner_text() == "Demande envoyée"
    [message] = mail.outbox
    assert message.to == ["equipe@rtes.example"]
    assert message.reply_to == ["sacha.petit@valdemarne.example"]
    assert "Sacha Petit" in message.body and "Val-de-Marne" in message.body
