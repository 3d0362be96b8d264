"""How many Tab presses a keyboard user needs on the demo catalogue's busiest paths.

Each path presses Tab until the element it aims at has the focus and asserts it
took at most `MOST_TABS` presses (issue 12: 61 from the search box to "Appliquer
les filtres", 65 to the first result after filtering, 50 to "Suivre ce thème",
75 to the subscribe page's e-mail field were measured before). The counts are
printed (`pytest -s`) so that they can be reported.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from search.engines import get_engine

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MOST_TABS = 15
LIMIT = 200  # presses before giving up: the target is out of reach

# What the browser reports about the element that has the focus.
FOCUSED = """() => {
  const el = document.activeElement;
  return {
    id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "",
    href: el.getAttribute("href") || "", text: (el.textContent || "").trim(),
    form: el.form ? el.form.className : "",
    first_result: el === document.querySelector(".search-results .card__title a"),
  };
}"""


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo catalogue (its themes, territories and practices), indexed."""
    call_command("load_demo", verbosity=0)
    get_engine().index.refresh()


def tabs_until(page, wanted) -> int:
    """Tab presses until `wanted(focused)`; LIMIT + 1 when it never comes."""
    for presses in range(1, LIMIT + 1):
        page.keyboard.press("Tab")
        if wanted(page.evaluate(FOCUSED)):
            return presses
    return LIMIT + 1


def is_apply_button(focused) -> bool:
    return focused["tag"] == "button" and "filters" in focused["form"]


@pytest.mark.parametrize("tab", [False], ids=["no-js"], indirect=True)
def test_search_box_to_the_apply_button_without_javascript(tab, demo_site):
    """Without JavaScript the filters apply with their button: it is near."""
    page = tab.page
    tab.goto("/recherche/")
    page.locator("#search-q").focus()
    count = tabs_until(page, is_apply_button)
    print(f"\nTab presses, search box → “Appliquer les filtres” (no JS): {count}")
    assert count <= MOST_TABS


def is_theme_group(focused) -> bool:
    return focused["tag"] == "summary" and focused["id"] == "group-theme-summary"


def test_keyboard_paths_with_javascript(tab, demo_site):
    page = tab.page
    counts = {}

    # A filter ticked with the keyboard applies at once (no trip to a button).
    tab.goto("/recherche/?q=insertion")
    page.locator("#search-q").focus()
    counts["search box → the themes' group"] = tabs_until(page, is_theme_group)
    page.keyboard.press("Enter")  # opens the group
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id").startswith("f-theme-")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert re.search(r"\?q=insertion&theme=[\w-]+$", page.url), page.url
    # ...and the focus lands on the results heading, which gives their number.
    assert page.evaluate("document.activeElement.id") == "results-title"
    heading = page.inner_text("#results-title").strip()
    assert re.fullmatch(r"\d+ pratiques? trouvées?", heading), heading
    counts["after filtering → first result"] = tabs_until(
        page, lambda f: f["first_result"]
    )

    # One theme, no words: the link that follows it comes right after the count.
    tab.goto("/recherche/")
    page.locator("#group-theme summary").click()
    page.locator("#group-theme input[type=checkbox]").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.id") == "results-title"
    counts["after filtering → “Suivre ce thème”"] = tabs_until(
        page, lambda f: f["text"] == "Suivre ce thème par e-mail"
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/abonnements/\?theme="))

    # The subscribe page asks for the address before its long lists.
    counts["subscribe page → e-mail field"] = tabs_until(
        page, lambda f: f["id"] == "id_email"
    )

    print("\nTab presses (JS):", counts)
    assert all(count <= MOST_TABS for count in counts.values()), counts
    assert tab.console_errors == []
