"""The search page on a phone: the filters fold away so that the results come
within one screen of the query box, and nothing scrolls sideways."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 667}
FIRST_RESULT = ".search-results .card__title a"


def is_open(page, selector: str) -> bool:
    return page.locator(selector).evaluate("el => el.open")


def test_on_a_phone_the_results_come_within_one_screen_of_the_query_box(
    tab, search_site
):
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.goto("/recherche/?q=solidaire&theme=insertion")
    assert not is_open(page, "#filters-panel")
    box = page.locator("#search-q").bounding_box()
    first = page.locator(FIRST_RESULT).first.bounding_box()
    print(f"\n375x667: query box top {box['y']:.0f}px, first result {first['y']:.0f}px")
    # Scrolled to the query box, the first result's title is on the screen.
    assert first["y"] - box["y"] < PHONE["height"]

    # The panel's summary unfolds the filters, which still apply at once.
    summary = page.locator("#filters-panel > summary")
    assert "1 filtre sélectionné" in summary.inner_text()
    summary.click()
    assert is_open(page, "#filters-panel")
    assert is_open(page, "#group-theme")  # the group with a selection
    assert not is_open(page, "#group-territory_kind")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with page.expect_navigation():
        page.locator("#f-theme-insertion").click()
    assert "theme=" not in page.url
    assert page.evaluate("document.activeElement.id") == "results-title"
    assert tab.console_errors == []


def test_on_a_desktop_the_filters_are_open(tab, search_site):
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 800})
    tab.goto("/recherche/?q=solidaire")
    assert is_open(page, "#filters-panel")
    assert page.locator("#group-theme > summary").is_visible()
    # With the script, a box applies at once: the button is for pages without it.
    assert not page.locator("form.filters button[type=submit]").is_visible()


@pytest.mark.parametrize("tab", [False], ids=["no-js"], indirect=True)
def test_without_javascript_the_filters_are_open_with_their_button(tab, search_site):
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.goto("/recherche/?q=solidaire")
    assert is_open(page, "#filters-panel")
    assert page.locator("form.filters button[type=submit]").is_visible()
    # The skip link takes a keyboard user past them to the results.
    assert page.locator("a.skip-link[href='#results-title']").count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/recherche/?q=solidaire&theme=insertion",
        "/recherche/?q=introuvablement&theme=insertion&territory_kind=commune",
    ],
)
def test_search_pages_with_the_filters_unfolded_fit_320_px(tab, search_site, path):
    page = tab.page
    page.set_viewport_size({"width": 320, "height": 640})
    tab.goto(path)
    page.locator("details").evaluate_all("els => els.forEach(el => el.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
