"""Following a theme from the search page, keyboard only, in a real browser."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache

from digests.models import Subscriber

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id, tag: el.tagName.toLowerCase(), href: el.getAttribute("href") || "",
    name: el.name || "", type: el.type || "", text: el.textContent.trim(),
    form: el.form ? el.form.getAttribute("action") : "",
    visible: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
  };
}"""


def tab_to(page, wanted, limit=200) -> dict:
    """Press Tab until `wanted(focused)`; every element passed shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], focused
        if wanted(focused):
            return focused
    raise AssertionError("never reached by Tab")


def test_follow_a_theme_from_the_search_page_with_the_keyboard(tab, search_site):
    cache.clear()  # rate-limit counters of earlier tests in this process
    mail.outbox = []
    page = tab.page
    tab.goto("/recherche/")

    # Open the themes with Enter, tick "Insertion" with Space: it applies at once.
    tab_to(page, lambda f: f["id"] == "group-theme-summary")
    page.keyboard.press("Enter")
    tab_to(page, lambda f: f["id"] == "f-theme-insertion")
    with page.expect_navigation():
        page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"/recherche/\?theme=insertion$"))

    # One theme alone is followed as a theme: "Follow this theme" leads to the
    # subscription form with its box ticked.
    link = tab_to(page, lambda f: f["href"].endswith("/abonnements/?theme=insertion"))
    assert link["text"] == "Suivre ce thème par e-mail"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/abonnements/\?theme=insertion$"))
    ticked = page.locator("input[name=themes]:checked")
    assert [ticked.nth(i).get_attribute("value") for i in range(ticked.count())] == [
        "insertion"
    ]

    # Submitting without an address: the error summary takes the focus.
    tab_to(page, lambda f: f["id"] == "id_email")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"

    # Then with one: the same field, typed, Enter submits.
    tab_to(page, lambda f: f["id"] == "id_email")
    page.keyboard.type("alex@example.org")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/abonnements/envoye/$"))

    # The confirmation e-mail's link, then its button, with the keyboard.
    (message,) = mail.outbox
    assert message.to == ["alex@example.org"]
    url = re.search(r"https?://\S+/abonnements/confirmer/\S+/", message.body).group()
    tab.goto(urlsplit(url).path)
    tab_to(page, lambda f: f["tag"] == "button" and "/confirmer/" in f["form"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("form[action*='/abonnements/confirmer/']").count() == 0

    subscriber = Subscriber.objects.get(email="alex@example.org")
    assert subscriber.is_confirmed
    (subscription,) = subscriber.subscriptions.all()
    assert (subscription.kind, subscription.theme) == (
        "theme",
        search_site.themes["insertion"],
    )
    # The only error logged is the 400 answer to the deliberately empty form.
    assert [e for e in tab.console_errors if "status of 400" not in e] == []
    assert len(tab.console_errors) <= 1
    assert tab.foreign_requests() == []
